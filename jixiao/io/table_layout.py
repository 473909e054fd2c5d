"""Where each cell of a report table lands on the grid, how it reads, and where a page may break the table, for every
writer."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.money import fixed
from jixiao.core.reports.model import Cell, Table

PLACES = {"wan": 2, "percent": 2, "score": 2, "total": 2, "decimal": 4, "int": 0}


def placements(rows: list[list[Cell]]) -> list[list[tuple[int, Cell]]]:
    """Each cell with its grid column, skipping columns covered by a rowspan from above (HTML table semantics)."""
    covered: dict[tuple[int, int], bool] = {}
    placed = []
    for r, row in enumerate(rows):
        column, out = 0, []
        for cell in row:
            while covered.get((r, column)):
                column += 1
            out.append((column, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if dr or dc:
                        covered[(r + dr, column + dc)] = True
            column += cell.colspan
        placed.append(out)
    return placed


def format_cell(cell: Cell) -> str:
    """A cell as the document shows it: rounded once, to the places its kind asks for."""
    value = cell.value
    if value is None:
        return ""
    if not cell.is_number:
        return str(value)
    number = value if isinstance(value, Decimal) else Decimal(value)
    shown = fixed(number, PLACES.get(cell.kind, 2), strip=cell.kind in ("score", "decimal"))
    return shown + ("%" if cell.kind == "percent" and number.is_finite() else "")


# A table's opening rows share a page: a project table left its name, department and unit (three rows) at a page's
# foot and its budget and indicators on the next (trial 10); six rows hold the identity rows and the budget's
# first lines of every table we draw, and are a fifth of a page at most.
OPENING_ROWS = 6
# A form's indicators keep their first rows with the headings over them: a part after the first begins with its label
# and headings (年度绩效指标, 年度目标 2) and these rows, never with the headings alone at a page's foot.
HEADED_ROWS = 3


def row_groups(rows: list[list], opening: int = OPENING_ROWS) -> list[tuple[int, int]]:
    """(start, end) of the runs of rows no page break may cut: rows joined by a rowspan; a header row (all its cells
    bold) with the row above it (a goal's row over its indicators' header) and the row below it; and the first runs
    together up to `opening` rows, so that a table never starts with a few rows at a page's foot."""
    def header(r: int) -> bool:
        return 0 <= r < len(rows) and bool(rows[r]) and all(cell.bold for cell in rows[r])

    groups: list[tuple[int, int]] = []
    start, reach = 0, 0
    for r, row in enumerate(rows):
        reach = max(reach, r + max((cell.rowspan for cell in row), default=1))
        if reach <= r + 1 and not header(r) and not header(r + 1):
            groups.append((start, r + 1))
            start = r + 1
    if start < len(rows):
        groups.append((start, len(rows)))
    while len(groups) > 1 and groups[0][1] - groups[0][0] < opening:
        groups[:2] = [(groups[0][0], groups[1][1])]
    return groups


def form_parts(table: Table) -> list[tuple[int, int, int]]:
    """(start, body, end) of each part of a table printed as a table of its own: body rows start…body are the part's
    head, body…end its body. A form's part begins at each row of indicator headings (its `heading_row`, and the same
    headings again under each later goal), with the label over it when there is one (年度绩效指标, 年度目标 2), where
    no rowspan from above reaches; the rows after the indicators (`tail_row`: 总分, 偏差原因 …) are a last part without
    a head, for the headings repeated over them on a new page would head no indicator; any other table is one part
    without a head."""
    parts = [(0, 0, len(table.body))]
    if table.header or table.heading_row is None:
        return parts
    headings = [cell.value for cell in table.body[table.heading_row]]
    reach = [0]  # reach[r]: the rows a rowspan above row r holds together, as far as row reach[r] - 1
    for r, row in enumerate(table.body):
        reach.append(max(reach[-1], r + max((cell.rowspan for cell in row), default=1)))
    for r, row in enumerate(table.body):
        if r < 2 or [cell.value for cell in row] != headings or not all(cell.bold for cell in row):
            continue
        start = r - 1 if table.body[r - 1] and table.body[r - 1][0].bold else r  # the label over the headings
        if reach[start] <= start:
            parts[-1:] = [(parts[-1][0], parts[-1][1], start), (start, r + 1, len(table.body))]
    tail = table.tail_row
    if tail is not None and parts[-1][1] < tail < len(table.body) and reach[tail] <= tail:
        parts[-1:] = [(*parts[-1][:2], tail), (tail, tail, len(table.body))]
    return parts


def headless(parts: list[tuple[int, int, int]], index: int) -> bool:
    """Whether part `index` of form_parts exists and has no head (a form's 总分 and the rows after it)."""
    return 0 < index < len(parts) and parts[index][0] == parts[index][1]


def part_opening(index: int, headed: bool = True) -> int:
    """The rows at the top of the body of a table's part `index` (form_parts) that a page break may not part
    (row_groups' `opening`): a table's opening rows in its first part; after the head of any later part, its first
    indicators; in a later part without a head (a form's 总分 and the rows after it), all of them as a table's
    opening, for a page that begins with one of them would not say whose score or reasons it gives."""
    return OPENING_ROWS if index == 0 or not headed else HEADED_ROWS


def keeps_with_next_part(index: int, parts: int, next_headless: bool = False) -> bool:
    """Whether part `index` of a table of `parts` parts ends on the page where the next begins. The first does: a
    form's first part is its identity block (单位名称 or 项目名称 … 预算执行), which at a page's foot with its
    indicators overleaf reads as a table without content (a trial), so it keeps with the next part's head and
    first indicators (part_opening). So does the part before one without a head (a form's 总分 and the rows after
    it): alone at a page's top those rows name no project (a trial: “改进措施及结果应用方案｜无” began a page), so
    they keep with the last indicators above them. Another part may end a page: the next begins with its own head."""
    return index < parts - 1 and (index == 0 or next_headless)
