"""How a report table's width is shared among its columns, one rule for every printed document: the Word and the PDF
writers each kept their own copy of it, so a form's 偏差原因 column could take one share of the table in Word and
another in the PDF. Each writer turns the shares into its own units (twips, percent); the workbook keeps its own
sheet widths (`Table.sheet_widths`), as its landscape page has room the portrait page has not."""

from __future__ import annotations

from .model import Table


def column_widths(table: Table) -> list[float]:
    """The table's relative widths, one per grid column: its `widths` cut to its columns, the last repeated for
    columns it does not name, all equal where it names none."""
    columns = max(table.columns, 1)
    given = list(table.widths or [1] * columns)[:columns]
    return given + [given[-1]] * (columns - len(given))


def column_shares(table: Table) -> list[float]:
    """Each column's share of the table's width (they add up to 1)."""
    widths = column_widths(table)
    total = sum(widths) or 1
    return [w / total for w in widths]
