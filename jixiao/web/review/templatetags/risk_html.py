"""The ranking's risk explanations drawn in Python: a row and each of its projects list their control points, which
as template includes were most of the page's time (issue 11). The markup is review/index.html's, unchanged."""

from django import template
from django.utils.safestring import mark_safe

from jixiao.web.evaluations.fields import _e

register = template.Library()


def _points(risk, only_fired: bool = False) -> str:
    """Each control point's state, weight and reason (only the fired ones for a project), then the explanation."""
    items = "".join(
        f'\n  <li class="{"error" if p.fired else ""}"><b>{_e(p.state_label)}</b> {_e(p.rule.title)}'
        f'（权重 {_e(p.shown_weight)}）：{_e(p.verdict.reason)}</li>'
        for p in risk.points if p.fired or not only_fired)
    only = "（只列触发的控制点）" if only_fired else ""
    return f'<ul class="findings risk-points">{items}\n</ul>\n<p class="hint">{_e(risk.explanation())}{only}</p>\n'


@register.simple_tag
def risk_detail(row):
    """The folded row under a ranked evaluation: its points, and its projects' scores and fired points."""
    risk = row.risk
    parts = [f'<tr class="risk-detail"><td></td><td colspan="9"><details><summary>风险说明：{_e(risk.explanation())}'
             f'；项目 {len(row.projects)} 个</summary>\n    ', _points(risk), "\n    "]
    if row.projects:
        parts.append('<table class="list compact"><thead><tr><th>项目</th><th class="num">风险分</th><th>控制点</th>'
                     "</tr></thead><tbody>\n    ")
        for project in row.projects:
            fired = project.fired_points
            titles = "、".join(_e(p.rule.title) for p in fired) if fired else "无触发"
            parts.append(f'<tr><td>{_e(project.subject.name)}</td><td class="num">{_e(project.shown)}</td>\n'
                         f"      <td><details><summary>{titles}</summary>{_points(project, True)}</details></td></tr>")
        parts.append("\n    </tbody></table>")
    parts.append("\n  </details></td></tr>")
    return mark_safe("".join(parts))
