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


def decide(body: list[list[tuple[int, Cell]]], body_top: int, money_unit: str = "万元",
           header: list[list[tuple[int, Cell]]] | None = None) -> dict[tuple[int, int], Written]:
    """For each body cell with a formula and a number, keyed by (body row, grid column): the formula to write,
    or None and a note for the reader. `body` is the table body placed on the grid (`table_layout.placements`),
    starting at sheet row `body_top`, under the placed `header` rows; `money_unit` is what its "wan" cells are in.
    A note names cells in words, by their row's label and their column's heading (“合计”的“决算数”): it is printed
    under the table, where a cell's address means nothing."""
    grid = {(r, column): cell for r, row in enumerate(body) for column, cell in row}
    names = _Names(body, header or [])

    def ref(position: tuple[int, int]) -> str:
        return xl_rowcol_to_cell(body_top + position[0], position[1])

    def name(position: tuple[int, int], beside: tuple[int, int] | None = None) -> str:
        """In words; a cell with neither label nor heading by its address, spaced apart from the words around it."""
        return names.name(position, beside) or (ref(position) if beside is None else f" {ref(position)} ")

    decisions: dict[tuple[int, int], Written] = {}
    for position, cell in grid.items():
        if cell.formula is None or excel_number(cell) is None:
            continue
        value = None
        part = lambda p: name(p, position)  # noqa: E731  a part beside its total, by what tells it apart
        if isinstance(cell.formula, SumOf):
            problem = _sum_problem(cell, cell.formula, grid, part, money_unit)
            formula = "=SUM(" + ",".join(_ranges(cell.formula.cells, ref)) + ")"
            value = math.fsum(excel_number(grid[p]) for p in cell.formula.cells) if not problem else None  # type: ignore[misc]
        else:
            problem = _ratio_problem(cell, cell.formula, grid, part)
            numerator, denominator = ref(cell.formula.numerator), ref(cell.formula.denominator)
            formula = f'=IF({denominator}=0,"",{numerator}/{denominator})'
        decisions[position] = (Written(None, f"{name(position)}：{problem.strip()}，按报告所列数填写") if problem
                               else Written(formula, value=value))
    return decisions


class _Names:
    """Cells named as a reader of the printed table finds them: the label of their row and the heading of their
    column. The headings are the header cells above the cell, or in a form, which has no header rows, the nearest
    row of headings above it (a row all of bold text). The label is the row's text in the column of names (三级指标,
    项目名称, 题目) or else in the first column, or the label spanning over it (预算执行情况, 总分)."""

    SKIPPED = ("其中", "")
    NAME_HEADINGS = ("三级指标", "项目名称", "题目")

    def __init__(self, body: list[list[tuple[int, Cell]]], header: list[list[tuple[int, Cell]]]):
        self.body, self.header = body, header

    def name(self, position: tuple[int, int], beside: tuple[int, int] | None = None) -> str:
        row, column = self.row_label(position), self.column_heading(position)
        if beside is not None:  # a part of a total in the same column is told apart by its row, and so on
            if position[1] == beside[1] and row:
                return f"“{row}”"
            if position[0] == beside[0] and column:
                return f"“{column}”"
        if row and column:
            return f"“{row}”的“{column}”"
        return f"“{row or column}”" if row or column else ""

    def headings(self, r: int) -> list[tuple[int, Cell]]:
        """The heading cells that head body row r, placed: the header's, or the nearest row of headings above."""
        if self.header:
            return [placed for row in self.header for placed in row]
        for above in range(r - 1, -1, -1):
            row = self.body[above]
            if row and all(cell.bold and not cell.is_number for _, cell in row):
                return row
        return []

    def row_label(self, position: tuple[int, int]) -> str:
        r, column = position
        names = [c for c, cell in self.headings(r) if _words(cell) in self.NAME_HEADINGS]
        label_column = names[0] if names else 0
        if label_column == column:
            return ""
        cell = self._covering(r, label_column)
        return _words(cell) if cell is not None else ""

    def column_heading(self, position: tuple[int, int]) -> str:
        covering = [_words(cell) for c, cell in self.headings(position[0]) if c <= position[1] < c + cell.colspan]
        covering = [t for t in covering if t not in self.SKIPPED]
        if len(covering) > 1 and covering[-1] in ("小计", "合计"):
            return covering[-2] + covering[-1]  # 基本支出小计
        return covering[-1] if covering else ""

    def _covering(self, r: int, column: int) -> Cell | None:
        """The cell that covers (r, column), placed in row r or spanning down to it."""
        for above in range(r, -1, -1):
            for c, cell in self.body[above]:
                if c <= column < c + cell.colspan and above + cell.rowspan > r:
                    return cell
        return None


def _words(cell: Cell) -> str:
    return "" if cell.is_number or cell.value is None else " ".join(str(cell.value).split())


def _missing(positions, grid, name) -> str:
    """Why the formula's cells are not all numbers, e.g. "“人员经费”未填写"; empty when they are."""
    reasons = []
    for p in positions:
        cell = grid.get(p)
        if cell is None or cell.value in (None, ""):
            reasons.append(f"{name(p)}未填写")
        elif not cell.is_number:
            reasons.append(f"{name(p)}不是数字")
        elif excel_number(cell) is None:
            reasons.append(f"{name(p)}超出 Excel 能表示的数值范围")
    return "、".join(reasons)


def _sum_problem(cell: Cell, formula: SumOf, grid, name, money_unit: str) -> str:
    if missing := _missing(formula.cells, grid, name):
        return f"分项{missing}"
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


def _ratio_problem(cell: Cell, formula: RatioOf, grid, name) -> str:
    if missing := _missing((formula.numerator, formula.denominator), grid, name):
        return missing
    numerator, denominator = excel_number(grid[formula.numerator]), excel_number(grid[formula.denominator])
    if denominator == 0:
        return f"{name(formula.denominator)}为 0，无法相除"
    recalculated = numerator / denominator  # type: ignore[operator]
    written = excel_number(cell)
    if math.isfinite(recalculated) and _close(recalculated, written):  # type: ignore[arg-type]
        return ""
    points = abs(written - recalculated) * (100 if cell.kind == "percent" else 1)  # type: ignore[operator]
    unit = " 个百分点" if cell.kind == "percent" else ""
    difference = Decimal(repr(points))
    # four significant digits as .4g gave them, but written out: 12346, not 1.235e+04
    shown = fixed(difference, max(0, 3 - difference.adjusted()) if difference else 0, strip=True)
    return f"所列比率与{name(formula.numerator)}÷{name(formula.denominator)}相差 {shown}{unit}"


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
