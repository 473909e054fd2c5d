"""What the report page and the bureau's overview show, ready for the templates: figures formatted once (万元 and
rates to 2 places, ROUND_HALF_UP), each field with what was typed and its problem, each row with its warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.cycle import monitoring as core
from jixiao.core.money import fmt_wan

from .fields import INDICATOR_FIELDS, ROW_FIELDS, indicator_name, row_name, shown
from .models import MonitoringReport, MonitoringRow
from .services import progress_of


@dataclass
class Cell:
    name: str
    value: str  # as the input shows it: what was typed, or the stored value without trailing zeros
    error: str | None = None
    display: str = ""  # as a read-only page shows it: 万元 and rates to 2 places
    typed: bool = False  # `value` is what a refused post typed, not what is stored


def _display(stored, kind: str) -> str:
    if stored is None or stored == "":
        return "—"
    if kind == "money":
        return fmt_wan(stored)
    if kind == "percent":
        return core.pct(stored)
    return shown(stored)


@dataclass
class IndicatorLine:
    name: str
    target: str
    completion: str
    cells: dict[str, Cell]
    warnings: list[dict] = field(default_factory=list)
    note: core.ValueNote | None = None  # why the value typed gives no completion %, in its place
    hint: str = ""  # a completion stored as a fraction (0.95): whether 95% was meant (core.fraction_hint)


@dataclass
class RowLine:
    row: MonitoringRow
    budget: str
    spending_progress: str
    goal_completion: str
    goal_completion_note: str
    cells: dict[str, Cell]
    indicators: list[IndicatorLine]
    signals: list[dict]  # the row's own (spending, goals, year end), green included
    colour: str  # red | yellow | green | '' (nothing to judge yet)
    goal_completion_hint: str = ""  # the row's completion stored as a fraction (core.fraction_hint)

    @property
    def colour_label(self) -> str:
        return core.COLOURS.get(self.colour, "未填")

    @property
    def warned(self) -> bool:
        return self.colour in (core.RED, core.YELLOW)

    @property
    def indicator_warnings(self) -> int:
        return sum(len(i.warnings) for i in self.indicators)


# The periods a report may be made for: the end of any month, the quarters' ends named as such.
MONTHS = [(m, f"{m} 月末" + (f"（第{m // 3}季度）" if m % 3 == 0 else "")) for m in range(1, 13)]


def percent(value: Decimal | None) -> str:
    return "—" if value is None else core.pct(value)


def row_lines(rows, typed: dict[str, str] | None = None, errors: dict[str, str] | None = None) -> list[RowLine]:
    """Every row of a report as stored (`rows`: services.rows_of), with what a refused post typed (kept, not lost)
    and its problems. The warnings shown are those stored at the last save; only the figures are computed here."""
    typed, errors = typed or {}, errors or {}

    def cell(name: str, stored, kind: str) -> Cell:
        return Cell(name, typed[name] if name in typed else shown(stored), errors.get(name), _display(stored, kind),
                    name in typed)

    lines = []
    for row, row_indicators in rows:
        progress = progress_of(row, row_indicators)
        figures = core.row_figures(progress)
        by_indicator: dict[int, list[dict]] = {}
        for warning in row.warnings:
            if warning.get("indicator") is not None:
                by_indicator.setdefault(warning["indicator"], []).append(warning)
        indicators = [IndicatorLine(
            i.name, i.target or "—", percent(figures.indicator_completions[n]),
            {f.attribute: cell(indicator_name(row.position, i.position, f), getattr(i, f.attribute), f.kind)
             for f in INDICATOR_FIELDS}, by_indicator.get(i.position, []), core.value_note(progress.indicators[n]),
            core.fraction_hint(i.completion, f"“{row.name}”的指标“{i.name}”完成进度"))
            for n, i in enumerate(row_indicators)]
        note = "" if figures.goal_completion is None or figures.goal_completion_stated else "各指标平均"
        lines.append(RowLine(
            row, fmt_wan(row.budget), percent(figures.spending_progress), percent(figures.goal_completion),
            note, {f.attribute: cell(row_name(row.position, f), getattr(row, f.attribute), f.kind)
                          for f in ROW_FIELDS},
            indicators, worst_first([w for w in row.warnings if w.get("indicator") is None]), row.colour,
            core.fraction_hint(row.goal_completion, f"“{row.name}”的目标完成程度")))
    return lines


@dataclass
class OverviewLine:
    report: MonitoringReport
    row: tuple  # overview.ROW_COLUMNS, named
    budget: str
    spent: str
    spending_progress: str
    warnings: list[dict]


def worst_first(warnings: list[dict]) -> list[dict]:
    """A row's warnings, red before yellow before green (each colour in the rules' order): the row's tag is its
    worst warning, and its first sentence says why (a 红色 tag above a 黄色 sentence read as a contradiction)."""
    return sorted(warnings, key=lambda w: -core.SEVERITY.get(w["colour"], 0))


def overview_lines(rows, reports: dict[int, MonitoringReport]) -> list[OverviewLine]:
    """Department × project rows of the bureau's overview (`reports`: theirs by key), with the warnings stored at
    their last save."""
    return [OverviewLine(reports[row.report_id], row, fmt_wan(row.budget), fmt_wan(row.spent_to_date),
                         percent(core.spending_progress(row.spent_to_date, row.budget)),
                         worst_first([w for w in row.warnings if w["colour"] != core.GREEN])) for row in rows]
