"""Which totals and rates of a table the workbook keeps as formulas, and what it writes instead.

Excel and WPS recalculate every formula when they open a workbook. A formula is therefore written only where its
recalculated value shows the figure the report shows: a total compared with the sum of its parts as both are shown
(rounded once to the places of the cell's kind, RULES.md §8), so a leftover of full-precision division far below the
last shown digit (97.22594… against its parts' sum, 1E-26 apart) is no difference; a rate within floating-point error
(1e-9 relative) of the quotient of its cells. A stated total that differs from the sum of its parts as shown (2544.29
stated, 2316.61 + 227.67 = 2544.28) or whose parts are not all given, and a stated rate that is not the quotient of
its cells, are written as the stated figure, a plain number, with a note saying so: opening the workbook must never
change a figure of the report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from xlsxwriter.utility import xl_rowcol_to_cell

from jixiao.core.money import fixed, round_half_up
from jixiao.core.reports.model import Cell, RatioOf, SumOf

from .table_layout import PLACES

EXCEL_MAX = 9.99999999999999e307  # the largest number a cell holds
EXCEL_MIN = 2.2250738585072014e-308  # smaller magnitudes Excel holds as 0
REL_TOL, ABS_TOL = 1e-9, 1e-12
UNITS = {"score": "分", "total": "分", "percent": "个百分点", "int": "", "decimal": ""}


@dataclass(frozen=True)
class Written:
    """How one formula cell is written: the formula, or (formula None) the plain number and the reason why.
    `value` is what a total's formula gives in Excel, written beside it as its cached value so that a reader that
    recalculates and one that does not hold the same number (None: the cell's own)."""

    formula: str | None
    note: str = ""
    value: float | None = None


def written_decimal(cell: Cell) -> Decimal:
    """The exact figure the workbook holds for a number cell (a percent cell holds the rate: 99.03% is 0.9903)."""
    value = cell.value if isinstance(cell.value, Decimal) else Decimal(cell.value)  # type: ignore[arg-type]
    if cell.kind == "percent" and value.is_finite():
        sign, digits, exponent = value.as_tuple()
        value = Decimal((sign, digits, exponent - 2))  # ÷ 100 without rounding
    return value


def excel_number(cell: Cell) -> float | None:
    """The number a cell holds in Excel, or None when it holds none: text, empty, or a figure beyond Excel's range
    (which the writer then writes as text)."""
    if not cell.is_number:
        return None
    value = written_decimal(cell)
    if not value.is_finite():
        return None
    number = float(value)
    if not math.isfinite(number) or abs(number) > EXCEL_MAX:
        return None
    return 0.0 if abs(number) < EXCEL_MIN else number


def decide(body: list[list[tuple[int, Cell]]], body_top: int, money_unit: str = "万元") -> dict[tuple[int, int], Written]:
    """For each body cell with a formula and a number, keyed by (body row, grid column): the formula to write,
    or None and a note for the reader. `body` is the table body placed on the grid (`table_layout.placements`),
    starting at sheet row `body_top`; `money_unit` is what its "wan" cells are in."""
    grid = {(r, column): cell for r, row in enumerate(body) for column, cell in row}

    def ref(position: tuple[int, int]) -> str:
        return xl_rowcol_to_cell(body_top + position[0], position[1])

    decisions: dict[tuple[int, int], Written] = {}
    for position, cell in grid.items():
        if cell.formula is None or excel_number(cell) is None:
            continue
        value = None
        if isinstance(cell.formula, SumOf):
            problem = _sum_problem(cell, cell.formula, grid, ref, money_unit)
            formula = "=SUM(" + ",".join(_ranges(cell.formula.cells, ref)) + ")"
            value = math.fsum(excel_number(grid[p]) for p in cell.formula.cells) if not problem else None  # type: ignore[misc]
        else:
            problem = _ratio_problem(cell, cell.formula, grid, ref)
            numerator, denominator = ref(cell.formula.numerator), ref(cell.formula.denominator)
            formula = f'=IF({denominator}=0,"",{numerator}/{denominator})'
        decisions[position] = (Written(None, f"{ref(position)}：{problem}，按报告所列数填写") if problem
                               else Written(formula, value=value))
    return decisions


def _missing(positions, grid, ref) -> str:
    """Why the formula's cells are not all numbers, e.g. "C4 未填写"; empty when they are."""
    reasons = []
    for p in positions:
        cell = grid.get(p)
        if cell is None or cell.value in (None, ""):
            reasons.append(f"{ref(p)} 未填写")
        elif not cell.is_number:
            reasons.append(f"{ref(p)} 不是数字")
        elif excel_number(cell) is None:
            reasons.append(f"{ref(p)} 超出 Excel 能表示的数值范围")
    return "、".join(reasons)


def _sum_problem(cell: Cell, formula: SumOf, grid, ref, money_unit: str) -> str:
    if missing := _missing(formula.cells, grid, ref):
        return f"分项 {missing}"
    places = PLACES.get(cell.kind, 2)
    shown = round_half_up(_cell_decimal(cell), places)
    parts = round_half_up(sum((_cell_decimal(grid[p]) for p in formula.cells), Decimal(0)), places)
    if shown != parts:
        unit = money_unit if cell.kind == "wan" else UNITS.get(cell.kind, "")
        return f"所列合计与分项之和相差 {fixed(abs(shown - parts), places)} {unit}".rstrip()
    # equal as shown; Excel adds doubles, which must show the same figure too (parts that cancel below a double's
    # precision may not)
    recalculated = math.fsum(excel_number(grid[p]) for p in formula.cells)  # type: ignore[misc]
    if cell.kind == "percent":
        recalculated *= 100
    if not math.isfinite(recalculated) or round_half_up(Decimal(repr(recalculated)), places) != shown:
        return "分项之和在 Excel 中无法精确算出"
    return ""


def _cell_decimal(cell: Cell) -> Decimal:
    """A number cell's figure in the unit the document shows it in (a percent cell in percent: 99.03)."""
    return cell.value if isinstance(cell.value, Decimal) else Decimal(cell.value)  # type: ignore[arg-type]


def _ratio_problem(cell: Cell, formula: RatioOf, grid, ref) -> str:
    if missing := _missing((formula.numerator, formula.denominator), grid, ref):
        return missing
    numerator, denominator = excel_number(grid[formula.numerator]), excel_number(grid[formula.denominator])
    if denominator == 0:
        return f"{ref(formula.denominator)} 为 0，无法相除"
    recalculated = numerator / denominator  # type: ignore[operator]
    written = excel_number(cell)
    if math.isfinite(recalculated) and _close(recalculated, written):  # type: ignore[arg-type]
        return ""
    points = abs(written - recalculated) * (100 if cell.kind == "percent" else 1)  # type: ignore[operator]
    unit = " 个百分点" if cell.kind == "percent" else ""
    difference = Decimal(repr(points))
    # four significant digits as .4g gave them, but written out: 12346, not 1.235e+04
    shown = fixed(difference, max(0, 3 - difference.adjusted()) if difference else 0, strip=True)
    return f"所列比率与 {ref(formula.numerator)}÷{ref(formula.denominator)} 相差 {shown}{unit}"


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _ranges(cells: tuple[tuple[int, int], ...], ref) -> list[str]:
    """Contiguous cells of one column as one range (D3:D42), the rest one by one."""
    parts: list[str] = []
    run: list[tuple[int, int]] = []
    for cell in list(cells) + [None]:  # type: ignore[list-item]
        if run and (cell is None or cell[1] != run[-1][1] or cell[0] != run[-1][0] + 1):
            parts.append(ref(run[0]) if len(run) == 1 else f"{ref(run[0])}:{ref(run[-1])}")
            run = []
        if cell is not None:
            run.append(cell)
    return parts
