"""Rows of a funds block whose figures ran together and fit several cuts (基本支出 642.8655.1655.1 →
642.8 | 655.1 | 655.1 or 642.86 | 55.1 | 655.1 …): when the template says which rows add up to the total row
(`parts`), the one combination of cuts whose money columns add up to the total's, column by column, is read. None or
several: nothing is guessed, the rows stay unread."""

from __future__ import annotations

from decimal import Decimal
from itertools import product

from .relations import _half_unit
from .values import decimal

_MAX_COMBINATIONS = 2000  # parts are a few rows of a few cuts each


def resolve_parts(groups: list[list[str]], pending: dict[str, tuple], read_rows: dict[str, dict],
                  types: dict[str, str]) -> dict[str, dict]:
    """row → the cut chosen, for the pending rows a parts group decides (read_rows: the rows read, column → figure
    as printed)."""
    chosen: dict[str, dict] = {}
    total = read_rows.get("total", {})
    money = [name for name, type_ in types.items() if type_ == "money" and decimal(total.get(name)) is not None]
    for group in groups:
        open_rows = [row for row in group if row in pending and pending[row][2]]
        if not open_rows or not money or any(row not in pending and row not in read_rows for row in group):
            continue
        fixed = [read_rows[row] for row in group if row not in pending]
        options = [pending[row][2] for row in open_rows]
        if _count(options) > _MAX_COMBINATIONS:
            continue
        fits = [combo for combo in product(*options) if _adds_up(list(combo) + fixed, total, money)]
        if len(fits) == 1:
            chosen.update(zip(open_rows, fits[0]))
    return chosen


def _count(options: list[list]) -> int:
    count = 1
    for cuts in options:
        count *= len(cuts)
    return count


def _adds_up(rows: list[dict], total: dict, columns: list[str]) -> bool:
    for name in columns:
        values = [decimal(row.get(name)) for row in rows]
        if any(v is None for v in values):
            return False
        if abs(sum(values, Decimal(0)) - decimal(total[name])) > _half_unit(total[name] or ""):
            return False
    return True
