"""The risk ranking's explanations and the spot-check's lines drawn in Python: a row and each of its projects list their
control points, a spot-check lists every scored indicator, which as template includes and markup were most of these
pages' time (issue 11). The markup is the templates', unchanged."""

from django import template
from django.utils.safestring import mark_safe

from jixiao.core.money import fmt_total
from jixiao.web.addresses import by_pk
from jixiao.web.analytics.models import REVIEWED
from jixiao.web.evaluations.fields import _e, stored_or_dash
from jixiao.web.evaluations.templatetags.workflow_status import status_badge
from jixiao.web.organisations.templatetags.departments import generated_badge

from .counted_html import grade_above_own, scores_beside

register = template.Library()


def _points(risk, only_fired: bool = False, explanation: str | None = None) -> str:
    """Each control point's state, weight and reason (only the fired ones for a project), then the explanation
    (`explanation`: the risk's own, when the caller has it already)."""
    explanation = risk.explanation() if explanation is None else explanation
    items = "".join(
        f'\n  <li class="{"error" if p.fired else ""}"><b>{_e(p.state_label)}</b> {_e(p.rule.title)}'
        f'（权重 {_e(p.shown_weight)}）：{_e(p.verdict.reason)}</li>'
        for p in risk.points if p.fired or not only_fired)
    only = "（只列触发的控制点）" if only_fired else ""
    return f'<ul class="findings risk-points">{items}\n</ul>\n<p class="hint">{_e(explanation)}{only}</p>\n'


@register.simple_tag
def risk_detail(row):
    """The folded row under a ranked evaluation: its points; its projects' scores and fired points are fetched when
    the row is opened (htmx), or on their own page without script: 20 rows × 25 projects drawn on every visit were
    most of the ranking's time, and a reviewer opens a few."""
    risk, address = row.risk, by_pk("review:project_risks")(row.evaluation.pk)
    explanation = risk.explanation()
    count, projects = row.projects_scored, ""
    if count:
        projects = (f'<div hx-get="{_e(address)}" hx-trigger="toggle once from:closest details" hx-swap="outerHTML">'
                    f'<a href="{_e(address)}">各项目的风险（{count} 个）</a></div>')
    return mark_safe(
        f'<tr class="risk-detail"><td></td><td colspan="9"><details><summary>风险说明：{_e(explanation)}'
        f'；项目 {count} 个</summary>\n    {_points(risk, explanation=explanation)}\n    {projects}\n  </details></td></tr>')


@register.simple_tag
def project_risks(projects):
    """Each project's risk score and, folded, its fired control points (kept by the scores themselves: see
    `_kept_markup`)."""
    if not projects:
        return ""
    return _kept_markup(tuple(projects), _project_risks)


def _project_risks(projects) -> str:
    parts = ['<table class="list compact" data-testid="project-risks"><thead><tr><th>项目</th><th class="num">风险分'
             "</th><th>控制点</th></tr></thead><tbody>\n    "]
    for project in projects:
        fired = project.fired_points
        titles = "、".join(_e(p.rule.title) for p in fired) if fired else "无触发"
        parts.append(f'<tr><td>{_e(project.subject.name)}</td><td class="num">{_e(project.shown)}</td>\n'
                     f"      <td><details><summary>{titles}</summary>{_points(project, True)}</details></td></tr>")
    parts.append("\n    </tbody></table>")
    return mark_safe("".join(parts))


@register.simple_tag
def spot_check_lines(lines):
    """A part's indicators of the spot-check form, one tag for the table (not one a row: a province's evaluation has
    hundreds of scored indicators)."""
    return mark_safe("".join(_spot_check_line(line) for line in lines))


# Each line's markup kept by everything it shows, as text (a score by its digits as stored: 8.0 and 8.00 are equal
# numbers but may be written differently), so that the form drawn again after a write elsewhere draws no line again,
# and a line whose score changed is drawn afresh. Per process, emptied when full.
_LINES: dict = {}
_LINES_MOST = 8192


def _spot_check_line(line) -> str:
    row, gap, indicator = line.row, line.gap, line.indicator
    target = (indicator.target if indicator is not None else None) or "—"
    actual = (indicator.actual if indicator is not None else None) or "—"
    key = (row.number, row.path, row.level1, row.level2, row.name, row.restates, str(target), str(actual),
           str(gap.weight),
           str(gap.self_score), str(gap.bureau_score), line.shown, line.error)
    found = _LINES.get(key)
    if found is None:
        if len(_LINES) >= _LINES_MOST:
            _LINES.clear()
        found = _LINES[key] = _draw_spot_check_line(line, target, actual)
    return found


def _draw_spot_check_line(line, target, actual) -> str:
    """One indicator of the spot-check form: where it is, what the department stated and scored, the bureau's score
    as typed or stored, and the gap."""
    row, gap = line.row, line.gap
    invalid = ' class="invalid"' if line.error else ""
    error = f'<div class="error">{_e(line.error)}</div>' if line.error else ""
    # a department indicator restating a project's is listed in both tables: the row says which project it restates
    restates = (f'<br><span class="hint">与项目“{_e(row.restates)}”的指标相同：部门整体表按本表分值另行复核</span>'
                if row.restates else "")
    return (
        f'\n  <tr{invalid}>\n'
        f'    <td class="num">{row.number}</td><td>{_e(row.level1)}</td><td>{_e(row.level2)}</td><td>{_e(row.name)}{restates}</td>\n'
        f'    <td>{_e(target)}</td><td>{_e(actual)}</td>\n'
        f'    <td class="num">{_e(gap.shown_weight)}</td><td class="num">{_e(gap.shown_self)}</td>\n'
        f'    <td{invalid}><input name="{_e(row.field)}" value="{_e(line.shown)}" class="score" '
        f'aria-label="第 {row.number} 行复核得分">{error}</td>\n'
        f'    <td class="num" title="{_e(gap.explanation())}" data-testid="gap-{_e(row.path)}">{_e(gap.shown)}</td>\n'
        f'  </tr>')


@register.simple_tag
def risk_points(risk):
    """An evaluation's control points with their states and reasons, and the explanation of its score."""
    return _kept_markup((risk,), lambda scores: mark_safe(_points(scores[0])))


# Markup of risk scores kept by the scores themselves: a stored record read again is decoded to the very same frozen
# objects (risk_store._decoded), and a score's markup depends on nothing else. The entry holds the scores, so no
# other object takes their ids while it is kept; a record rewritten is other objects, drawn afresh. Per process.
_MARKUP: dict = {}
_MARKUP_MOST = 1024


def _kept_markup(scores: tuple, draw) -> str:
    key = tuple(map(id, scores))
    found = _MARKUP.get(key)
    if found is None or any(a is not b for a, b in zip(found[0], scores)):
        if len(_MARKUP) >= _MARKUP_MOST:
            _MARKUP.clear()
        found = _MARKUP[key] = (scores, draw(scores))
    return found[1]


@register.simple_tag
def ranking_rows(rows, picked=()):
    """The ranking's rows and, under each, its folded explanation: drawn in Python (twenty rows of ten cells and a
    loop each as template tags were half of the page's time, issue 11). The markup is the template's, unchanged.
    `picked`: the rows ticked in a sample the page refused, ticked again so that nothing chosen is lost."""
    detail, spot_check = by_pk("evaluations:detail"), by_pk("review:spot_check")
    parts = []
    for row in rows:
        e = row.evaluation
        pick = ("" if row.spot_check else
                f'<input type="checkbox" name="pick" value="{e.pk}"{" checked" if e.pk in picked else ""} '
                f'aria-label="抽取 {_e(e)}">')
        fired, shown, folded = _risk_parts(row)
        checked = (f'<a href="{spot_check(e.pk)}">已抽中 · 复核</a>' if row.spot_check else "—")
        score, grade = _counted_cells(e)
        parts.append(
            f'\n  <tr data-evaluation="{e.pk}">\n    <td class="num">{row.rank}</td>\n    <td>{pick}</td>\n'
            f'    <td><a href="{detail(e.pk)}">{_e(e.department.name)}</a>{generated_badge(e.department, e)}</td>'
            f'<td>{e.year}</td>'
            f"<td>{status_badge(e)}</td>\n"
            f'    <td class="num">{score}</td><td>{grade}</td>\n'
            f'    <td class="num" data-testid="risk-score"><b>{shown}</b></td>\n'
            f"    <td>{fired}</td>\n    <td>{checked}</td>\n  </tr>\n  {folded}\n  ")
    return mark_safe("".join(parts))


def _counted_cells(evaluation) -> tuple[str, str]:
    """The score and grade cells of a ranked evaluation: the department's own, or where the bureau's spot-check
    rescored the department's table, the 复核得分 and its grade (which count) above the department's own, dimmed,
    as the bureau's list draws them (bureau_rows), from the analytics projection's row read with the page's."""
    counted = getattr(evaluation, "analytics_row", None)  # none while a failed refresh left it without one
    if counted is None or counted.score_source != REVIEWED:
        return fmt_total(evaluation.score), stored_or_dash(evaluation.grade)
    return (scores_beside(counted.score, counted.grade, evaluation.score, evaluation.grade, counted.score_reason,
                          f"reviewed-{evaluation.pk}"), grade_above_own(counted.grade, evaluation.grade))


# A ranked row's risk as markup (its fired points, score and folded explanation: most of drawing the ranking, every
# control point's reason escaped), kept by what it is drawn from — the evaluation's key, its number of projects and
# its stored score as text (risk_store.assessed_wholes), which hold every point, weight and reason shown: a write
# that changes one evaluation's score draws its row's risk again, not the page's twenty. Per process, at most
# _RISK_PARTS_MOST rows (emptied when full: a few pages of a province's ranking).
_RISK_PARTS: dict = {}
_RISK_PARTS_MOST = 4096


def _risk_parts(row) -> tuple[str, str, str]:
    """(the fired points' titles, the score shown, the folded explanation) of a ranked row."""
    key = (row.evaluation.pk, row.projects_scored, row.stored) if row.stored is not None else None
    found = _RISK_PARTS.get(key) if key is not None else None
    if found is None:
        found = ("、".join(_e(p.rule.title) for p in row.risk.fired_points) or "无", _e(row.risk.shown),
                 risk_detail(row))
        if key is not None:
            if len(_RISK_PARTS) >= _RISK_PARTS_MOST:
                _RISK_PARTS.clear()
            _RISK_PARTS[key] = found
    return found
