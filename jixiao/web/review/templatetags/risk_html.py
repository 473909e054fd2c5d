"""The risk ranking's explanations and the spot-check's lines drawn in Python: a row and each of its projects list their
control points, a spot-check lists every scored indicator, which as template includes and markup were most of these
pages' time (issue 11). The markup is the templates', unchanged."""

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


@register.simple_tag
def spot_check_line(line):
    """One indicator of the spot-check form: where it is, what the department stated and scored, the bureau's score
    as typed or stored, and the gap."""
    row, gap, indicator = line.row, line.gap, line.indicator
    target = (indicator.target if indicator is not None else None) or "—"
    actual = (indicator.actual if indicator is not None else None) or "—"
    invalid = ' class="invalid"' if line.error else ""
    error = f'<div class="error">{_e(line.error)}</div>' if line.error else ""
    return mark_safe(
        f'\n  <tr{invalid}>\n'
        f'    <td class="num">{row.number}</td><td>{_e(row.level1)}</td><td>{_e(row.level2)}</td><td>{_e(row.name)}</td>\n'
        f'    <td>{_e(target)}</td><td>{_e(actual)}</td>\n'
        f'    <td class="num">{_e(gap.shown_weight)}</td><td class="num">{_e(gap.shown_self)}</td>\n'
        f'    <td{invalid}><input name="{_e(row.field)}" value="{_e(line.shown)}" class="score" '
        f'aria-label="第 {row.number} 行复核得分">{error}</td>\n'
        f'    <td class="num" title="{_e(gap.explanation())}" data-testid="gap-{_e(row.path)}">{_e(gap.shown)}</td>\n'
        f'  </tr>')
