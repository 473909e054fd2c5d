"""Figures of the suggestion table as shown: rounded once, here, by the core's money helpers (万元 and scores to 2
places, ROUND_HALF_UP)."""

from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe

from jixiao.core.money import fmt_total, fmt_wan
from jixiao.web.addresses import by_pk
from jixiao.web.evaluations.fields import _e
from jixiao.web.evaluations.templatetags.workflow_status import status_badge
from jixiao.web.organisations.templatetags.departments import generated_badge
from jixiao.web.review.templatetags.counted_html import scores_beside

register = template.Library()


@register.filter
def wan(value) -> str:
    """万元 as every page shows it (2,340.00; — for none). Takes a Decimal, or the published figures' text (the public
    portal's rows, "2340.00" as the open data has them; "" for none), so the portal shows amounts as the office does."""
    if isinstance(value, str):
        value = Decimal(value) if value else None
    return fmt_wan(value)


@register.filter
def total_score(value) -> str:
    """An evaluation's or a project's total score: 2 places, as on every page ("78.20")."""
    return fmt_total(value)


@register.filter
def signed_wan(value) -> str:
    """A change of budget: +12.00 / −12.00 / 0.00."""
    if value is None:
        return "—"
    shown = fmt_wan(abs(value))
    return shown if shown == "0.00" else ("+" if value > 0 else "−") + shown



def _score(subject, pk: int) -> str:
    """The department's score as the suggestions page draws it: where the bureau's spot-check rescored the table,
    the 复核得分 (which its suggestion follows) above the 自评得分, why on hovering; the grade cell says the grade
    that counts, as there."""
    if not subject.reviewed:
        return _e(fmt_total(subject.score))
    return scores_beside(subject.score, "", subject.self_score, "", subject.reviewed, f"reviewed-{pk}")


@register.simple_tag
def overview_rows(lines, year):
    """The bureau's overview (结果应用), a line per department drawn in Python: fifty lines, each with three reversed
    links and seven filtered figures, as template tags were most of the page's time (issue 11). The markup is the
    template's, unchanged."""
    if not lines:
        return mark_safe(f'<tr><td colspan="10">{f"{_e(year)} 年度" if year else ""}'
                         "还没有部门已审核报送或财政已接收的自评。</td></tr>")
    suggestions, notice_new = by_pk("result_application:suggestions"), by_pk("result_application:notice_new")
    rows = []
    for line in lines:
        evaluation, subject = line.evaluation, line.department.subject
        link = suggestions(evaluation.pk)
        rows.append(
            f'\n  <tr><td><a href="{link}">{_e(evaluation.department.name)}</a>'
            f'{generated_badge(evaluation.department, evaluation)}</td>\n'
            f"    <td>{status_badge(evaluation)}</td>\n"
            f'    <td class="num">{_score(subject, evaluation.pk)}</td><td>{_e(subject.grade or "—")}</td>\n'
            f'    <td>{_e(line.department.action_label)}</td><td class="num">{_e(line.projects)}</td>\n'
            f'    <td class="num">{_e(fmt_wan(line.project_budget))}</td>'
            f'<td class="num">{_e(fmt_wan(line.project_suggested))}</td>\n'
            f'    <td class="num">{_e(line.decided)}/{_e(line.rows)}</td>\n'
            f'    <td><a href="{link}">建议与决定</a>　<a href="{notice_new(evaluation.pk)}">下发整改通知</a></td></tr>\n  ')
    return mark_safe("".join(rows))
