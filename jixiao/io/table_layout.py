"""Where each cell of a report table lands on the grid, and how it reads, for every writer."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.money import fixed
from jixiao.core.reports.model import Cell

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
