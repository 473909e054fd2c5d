"""Where each cell of a report table lands on the grid, for every writer."""

from __future__ import annotations

from jixiao.core.reports.model import Cell


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
