"""The evaluations list drawn in Python, as the bureau's list is (bureau_rows): fifty rows of nine cells each as
template variables, filters and tags were most of the page's time (issue 11 §3). The markup is the template's,
unchanged."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from jixiao.core.money import fmt_total
from jixiao.web.addresses import by_pk
from jixiao.web.evaluations.fields import _e, stored_or_dash
from jixiao.web.organisations.templatetags.departments import generated_badge
from jixiao.web.people import person
from jixiao.web.review.templatetags.counted_html import listed_grade, listed_score

from .workflow_status import status_badge

register = template.Library()


def errors_cell(e) -> str:
    """The errors cell of both lists (this one and the bureau's): 无法审核 where nothing could be checked (0 errors
    there is no verdict); else the errors in what was filled in, red when there are any, and the items not filled in
    yet said apart beneath (a new draft's blank actuals are 未计分, not errors: trials 4 and 12)."""
    if not getattr(e, "auditable", True):
        return ('<td class="num bad" data-testid="unauditable" '
                'title="没有可以审核的内容：评价未经核对，不能视为没有问题">无法审核</td>')
    errors = e.errors - e.unscored
    unscored = ('<br><small class="hint" data-testid="unscored" '
                'title="全部自评表（部门整体和项目）中实际值、分值或预算执行数未填、尚不能计分的项数">'
                f'未计分 {e.unscored}</small>') if e.unscored else ""
    return f'<td class="num {"bad" if errors else ""}">{errors}{unscored}</td>'


def _score(e, reviewing) -> str:
    """The evaluation's own score; to a reviewer of its bureau (`reviewing`: the user's bureaus, as the evaluation's
    page asks `review.reviews`), the 复核得分 above it where the spot-check rescored the table, as the bureau's list."""
    counted = listed_score(e) if e.department.finance_bureau_id in reviewing else ""
    return counted or (fmt_total(e.score) if e.score is not None and e.score != "" else "—")


def _grade(e, reviewing) -> str:
    counted = listed_grade(e) if e.department.finance_bureau_id in reviewing else ""
    return counted or stored_or_dash(e.grade)


@register.simple_tag
def evaluation_list_rows(evaluations, reviewing=frozenset()):
    """Each evaluation's department (linked; who imported it, when it was), year, state, score, grade, projects,
    errors, warnings and last save; a line saying there is none when the page is empty. `reviewing`: the bureaus the
    user reviews for, whose rows show the score and grade that count beside the department's own."""
    detail = by_pk("evaluations:detail")
    rows = []
    for e in evaluations:
        imported = (f'<br><small class="hint" data-testid="imported-by">由{_e(person(e.imported_by))}据上传的报告建立'
                    f'</small>' if e.imported_by else "")
        updated = timezone.localtime(e.updated).strftime("%Y-%m-%d %H:%M") if e.updated else ""
        rows.append(
            f'\n  <tr><td><a href="{detail(e.pk)}">{_e(e.department.name)}</a>{generated_badge(e.department, e)}'
            f'{imported}</td><td>{e.year}</td>\n'
            f'      <td>{status_badge(e)}</td><td class="num">{_score(e, reviewing)}</td>\n'
            f'      <td>{_grade(e, reviewing)}</td><td class="num">{e.project_count}</td>'
            f'{errors_cell(e)}\n'
            f'      <td class="num">{e.warnings}</td><td>{updated}</td></tr>\n  ')
    return mark_safe("".join(rows) or '<tr><td colspan="9">还没有自评。</td></tr>')  # noqa: S308 — escaped above
