"""Figures of the projection shown as every page shows them: rounded once, half up (core.money)."""

from django import template
from django.utils.safestring import mark_safe

from jixiao.core.money import fmt_percent, fmt_total, fmt_wan
from jixiao.web.addresses import by_pk
from jixiao.web.analytics.models import REVIEWED
from jixiao.web.evaluations.fields import _e
from jixiao.web.evaluations.returns import status_name
from jixiao.web.accounts.templatetags.navigation import address_of
from jixiao.web.organisations.templatetags.departments import generated_badge, generated_years_badge

register = template.Library()

register.filter("total_score", fmt_total)  # totals, their means and risk scores: 2 places
register.filter("rate", fmt_percent)
register.filter("wan", fmt_wan)


@register.simple_tag
def matrix_rows(matrix):
    """The departments × years table's rows drawn in Python: fifty departments × years × five cells as template
    tags and filters were most of the page's time (issue 11). The markup is the template's, unchanged."""
    detail = by_pk("evaluations:detail")
    rows = []
    for line in matrix.lines:
        cells = "".join(_matrix_cell(cell, detail) if cell else
                        _empty_cell(matrix.not_shown.get((line.department.pk, year)))
                        for year, cell in zip(matrix.years, line.cells))
        rows.append(f'\n    <tr>{_department_heading(line, matrix.years)}{cells}</tr>\n  ')
    return mark_safe("".join(rows))


def _empty_cell(why: str | None) -> str:
    """No evaluation of the year, or one the filters leave out: then "—" and why (its status or grade)."""
    if why is None:
        return '<td class="hint" colspan="5" data-testid="no-evaluation">无自评</td>'
    return _not_shown(why, ' colspan="5"')


def _not_shown(why: str, span: str = "") -> str:
    return f'<td class="hint"{span} data-testid="not-shown" title="{_e(why)}">— {_e(why)}</td>'


@register.simple_tag
def department_trend_rows(matrix):
    """The departments' score trends (趋势): each year's score, 未评分, or "—" where the department has none of the
    year; where the filters leave its evaluation of the year out, why, as the departments × years table says it."""
    rows = []
    for line in matrix.lines:
        cells = "".join(_trend_cell(cell, matrix.not_shown.get((line.department.pk, year)))
                        for year, cell in zip(matrix.years, line.cells))
        rows.append(f'<tr>{_department_heading(line, matrix.years)}{cells}</tr>')
    return mark_safe("".join(rows))


def _trend_cell(cell, why: str | None) -> str:
    if cell is None:
        return _not_shown(why) if why else '<td class="num">—</td>'
    score = '<span class="hint">未评分</span>' if cell.score is None else _e(fmt_total(cell.score))
    return f'<td class="num">{score}</td>'


def _department_heading(line, years: list[int]) -> str:
    """The row's department and, on a line under its name (app.css), 演示生成 where the row shows the demo's
    figures: all of them for a department the demo generated, the years it generated for a real one (named, e.g.
    演示生成：2022 年度). One place for both, whatever the table's width: a score cell stays a figure."""
    badge = generated_badge(line.department) or generated_years_badge(
        [year for year, cell in zip(years, line.cells) if cell is not None and cell.generated])
    return f'<th scope="row">{_e(line.department.name)}{badge}</th>'


def _matrix_cell(cell, detail) -> str:
    score = "未评分" if cell.score is None else _e(fmt_total(cell.score))
    stated = ('<span class="hint" title="部门整体未按评分方案计分：为自评报告所列得分"> 所列</span>'
              if cell.score_source == "stated" else _reviewed(cell))
    error = "error" if cell.errors else ""
    risk = _e(fmt_total(cell.risk)) if cell.risk is not None else "—"
    return (f'\n      <td class="num" data-testid="score"><a href="{detail(cell.evaluation_id)}">{score}</a>'
            f'{stated}</td>\n'
            f'      <td class="grade-status">{_e(cell.grade or "未评定")} <span class="hint" data-testid="status">'
            f'{_e(status_name(cell.status, getattr(cell, "last_action", None)))}</span></td><td class="num">{_e(fmt_percent(cell.execution_rate))}</td>\n'
            f'      <td class="num nb"><span class="{error}" title="错误">{cell.errors}</span> / <span title="警告">'
            f'{cell.warnings}</span> / <span title="提示">{cell.notices}</span></td>\n'
            f'      <td class="num" data-testid="risk">{risk}</td>\n    ')


def _reviewed(row) -> str:
    """Under a score that is the bureau's (its spot-check rescored the department's table, review.counted): why,
    with the department's own score and the 自评偏差, in the core's words (reviewed.Counted.reason, which the
    projection keeps: empty for a row projected before it did, until `reproject`)."""
    if row.score_source != REVIEWED or not row.score_reason:
        return ""
    return f'<br><span class="hint" data-testid="reviewed">{_e(row.score_reason)}</span>'


@register.simple_tag
def ranking_rows(ranked):
    """The ranking's rows (排名) drawn in Python: a page of fifty rows of ten cells, each row's link reversed and
    its figures filtered by the template language, was most of the page's time (issue 11). The markup is the
    template's, unchanged."""
    detail = by_pk("evaluations:detail")
    rows = []
    for ranked_row in ranked:
        row = ranked_row.row
        place = "—" if not ranked_row.place else _e(ranked_row.place)
        score = '<span class="hint">未评分</span>' if row.score is None else _e(fmt_total(row.score))
        score += _reviewed(row)
        risk = "—" if row.risk is None else _e(fmt_total(row.risk))
        rows.append(
            f'\n    <tr><td class="num">{place}</td><td><a href="{detail(row.evaluation_id)}">'
            f"{_e(row.department.name)}</a>{generated_badge(row.department, row)}</td>\n"
            f'      <td class="num">{score}</td><td>{_e(row.grade or "未评定")}</td>'
            f'<td class="num">{_e(fmt_percent(row.execution_rate))}</td>\n'
            f'      <td class="num">{_e(row.errors)}</td><td class="num">{_e(row.warnings)}</td>'
            f'<td class="num">{_e(row.notices)}</td><td class="num">{_e(row.findings)}</td>'
            f'<td class="num">{risk}</td></tr>\n  ')
    return mark_safe("".join(rows))


@register.simple_tag
def tabs(pages: dict, tab: str, query: str):
    """The tabs' links (each tab's address, found once per process by navigation's `address`, then the filters'
    query), the one shown marked: the template's loop reversed four addresses on every drawing. Its markup,
    unchanged."""
    keep = f"?{_e(query)}" if query else ""
    return mark_safe("".join(
        f'<a href="{address_of("analytics:" + key)}{keep}" {_CURRENT if key == tab else ""}>{_e(title)}</a>'
        for key, title in pages.items()))


_CURRENT = 'class="current" aria-current="page"'


@register.simple_tag
def options(items, chosen, suffix: str = ""):
    """A filter's <option>s after its first: `items` values (their own labels) or (value, label) pairs, the one equal
    to `chosen` selected, each label followed by `suffix`; drawn in Python (every analytics page draws its filters'
    few dozen options; as template loops they cost as much as some pages' figures). The template's markup, with its
    space before a `selected` that is not there."""
    pairs = items.items() if isinstance(items, dict) else \
        ((item, item) if not isinstance(item, (tuple, list)) else item for item in items)
    return mark_safe("".join(
        f'<option value="{_e(value)}" {"selected" if value == chosen else ""}>{_e(label)}{_e(suffix)}</option>'
        for value, label in pairs))
