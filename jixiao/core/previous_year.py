"""上年决算数 from last year's evaluation of the same department.

A department's self-evaluation often leaves 上年决算数 (`last_year`) unstated; the report then has nothing to compare
the year with. Last year's evaluation of the same department, where one is at hand, states what was spent that year:
each line's 决算数 (`spent`) is this year's 上年决算数. Only what the evaluation leaves empty is taken; a figure it
states stays as stated.
"""

from __future__ import annotations

import msgspec

from .model import Budget, BudgetLine, Evaluation, ThreePublicExpenses, ThreePublicLine

THREE_PUBLIC_LINES = ("overseas_travel", "vehicle_purchase", "vehicle_operation", "reception", "total")
BUDGET_LINES = ("total", "basic_expenditure", "personnel_cost", "operating_cost", "project_expenditure")


def with_previous_year(evaluation: Evaluation, previous: Evaluation | None) -> Evaluation:
    """`evaluation` with each empty 上年决算数 of its 三公经费 and budget lines taken from `previous`, the evaluation
    of the year before (anything else is ignored): that line's 决算数."""
    if previous is None or previous.year != evaluation.year - 1:
        return evaluation
    changes = {}
    three_public = _filled(evaluation.three_public_expenses, previous.three_public_expenses, THREE_PUBLIC_LINES)
    if three_public is not evaluation.three_public_expenses:
        changes["three_public_expenses"] = three_public
    budget = _filled(evaluation.budget, previous.budget, BUDGET_LINES)
    if budget is not evaluation.budget:
        changes["budget"] = budget
    return msgspec.structs.replace(evaluation, **changes) if changes else evaluation


def _filled(now: Budget | ThreePublicExpenses | None, before: Budget | ThreePublicExpenses | None,
            lines: tuple[str, ...]):
    """`now` with the last_year of each of its `lines` that has a spent but no last_year set to `before`'s spent."""
    if now is None or before is None:
        return now
    changes = {}
    for name in lines:
        line: BudgetLine | ThreePublicLine | None = getattr(now, name)
        earlier: BudgetLine | ThreePublicLine | None = getattr(before, name)
        if line is None or line.spent is None or line.last_year is not None or earlier is None or earlier.spent is None:
            continue
        changes[name] = msgspec.structs.replace(line, last_year=earlier.spent)
    return msgspec.structs.replace(now, **changes) if changes else now
