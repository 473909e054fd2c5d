"""The bureau's list of evaluations drawn in Python: fifty rows of ten cells each as template variables, filters and
tags were most of the page's time (issue 11). The markup is the template's, unchanged."""

from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from jixiao.web.addresses import by_pk
from jixiao.web.analytics.templatetags.analytics_figures import options
from jixiao.core.money import fmt_total
from jixiao.web.evaluations.fields import _e
from jixiao.web.evaluations.templatetags.workflow_status import status_badge_of
from jixiao.web.organisations.templatetags.departments import generated_badge_of
from jixiao.web.evaluations.templatetags.list_rows import errors_cell
from jixiao.web.review.templatetags.counted_html import listed_grade, listed_score

register = template.Library()
register.simple_tag(options)  # the status and grade filters' <option>s, as the analytics filters draw theirs


@register.simple_tag
def bureau_rows(evaluations):
    """Each evaluation's department (linked), year, state, score, grade, projects, findings and last save;
    `evaluations`: the list's rows as values (bureau.views.Listed)."""
    detail = by_pk("evaluations:detail")
    zone = timezone.get_current_timezone()  # once, not once a row
    rows = []
    for e in evaluations:
        updated = timezone.localtime(e.updated, zone).strftime("%Y-%m-%d %H:%M") if e.updated else ""
        rows.append(
            f'\n  <tr><td><a href="{detail(e.pk)}">{_e(e.department_name)}</a>'
            f'{generated_badge_of(e.department_generated, e.generated)}</td><td>{e.year}</td>'
            f'<td>{status_badge_of(e.status, e.last_action, e.last_action_at)}</td>\n'
            f'    <td class="num">{_score(e)}</td><td>{_grade(e)}</td>'
            f'<td class="num">{e.project_count}</td>\n'
            f'    {errors_cell(e)}<td class="num">{e.warnings}</td>'
            f'<td class="num">{e.notices}</td><td>{updated}</td></tr>\n  ')
    return mark_safe("".join(rows))


def _score(e) -> str:
    """The department's own score, or where the bureau's spot-check rescored the department's table, its 复核得分
    (which counts, and by which the list sorts: filtersets.SORTS) above the 自评得分, why it counts (the projection's
    words) on hovering."""
    return listed_score(e) or fmt_total(e.score)


def _grade(e) -> str:
    """The grade that counts (by which the grade filter chooses), the department's own below it where the bureau's
    spot-check rescored the table, as the score cell has them."""
    return listed_grade(e) or (_e(e.grade) if e.grade else "—")


@register.simple_tag
def sort_query(chosen):
    """The query the list's sort links share — the filters chosen, then `sort=` — drawn once for the header's eight
    links (as the template's `urlencode` filters each link four times, escaped: nothing to escape in its output)."""
    return mark_safe("?" + "&amp;".join(f"{name}={quote(str(chosen[name]))}" for name in ("year", "status", "grade", "q"))
                     + "&amp;sort=")


# The filters' and the export form's options and the counts by status, drawn in Python: as template loops (a dozen
# options and their comparisons, each figure localized) they cost the page about as much as its fifty rows.
@register.simple_tag
def year_options(years, chosen):
    """The year filter's options after 全部年度: `chosen` is the year as the query gave it (text)."""
    return options([(str(year), year) for year in years], chosen, " 年度")


@register.simple_tag
def export_options(export_years):
    """The export form's years: (year, its accepted evaluations, chosen)."""
    return mark_safe("".join(f'<option value="{int(year)}"{" selected" if selected else ""}>{int(year)} 年度（已接收 '
                             f'{int(accepted)} 份）</option>' for year, accepted, selected in export_years))


@register.simple_tag
def status_counts(by_status):
    """`label n` of each status filter choice, separated by an ideographic space."""
    return mark_safe("　".join(f"{_e(label)} {int(n)}" for label, n in by_status))
