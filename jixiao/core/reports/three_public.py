"""Whether a report compares the 三公经费 with last year (上年决算数): one decision for its table, its chart and its
sentence, so that no part of a report compares what another says was not recorded."""

from __future__ import annotations

from decimal import Decimal

from ..model import ThreePublicExpenses, ThreePublicLine

PARTS = (("overseas_travel", "因公出国（境）费"), ("vehicle_purchase", "公务用车购置费"),
         ("vehicle_operation", "公务用车运行维护费"), ("reception", "公务接待费"))


def stated_parts(expenses: ThreePublicExpenses) -> list[ThreePublicLine]:
    """The parts that state anything of this year or last (a part left out, or all empty, is not compared)."""
    lines = [getattr(expenses, key) for key, _ in PARTS]
    return [line for line in lines if line is not None and (line.spent is not None or line.last_year is not None)]


def last_year_total(expenses: ThreePublicExpenses) -> Decimal | None:
    """Last year's 三公经费 total, or None when it cannot be compared with: the total as stated, or else the sum of
    the parts' when every stated part has last year's figure. A sum of only some parts' would pass for a total that
    fell (or rose) by what is merely missing."""
    if expenses.total is not None and expenses.total.last_year is not None:
        return expenses.total.last_year
    parts = stated_parts(expenses)
    if not parts or any(line.last_year is None for line in parts):
        return None
    return sum((line.last_year for line in parts), Decimal(0))  # type: ignore[misc]


def last_year_comparable(expenses: ThreePublicExpenses | None) -> bool:
    """Whether the table has its 与上年决算对比 columns, the chart its 上年数 bars, and the sentence its 上年 figure."""
    return expenses is not None and last_year_total(expenses) is not None


def last_year_missing(expenses: ThreePublicExpenses) -> str:
    """Why last year is not compared, as the table's note and the sentence say it: nothing recorded, or only some
    parts' figures."""
    some = any(line.last_year is not None for line in stated_parts(expenses))
    return "未完整填报" if some else "未填报"
