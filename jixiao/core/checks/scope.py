"""Scope (CHECKS.md · Consistency): figures that should match across parts and do not. Usually the parts count
different things (fund projects in the self-evaluation, not in the final accounts), so this is a notice with the
likely reason, not an error."""

from __future__ import annotations

from typing import Iterator

from ..money import fmt_plain
from . import CheckContext, Finding, check


@check("SCOPE", "自评范围与部门决算口径一致")
def scope(ctx: CheckContext) -> Iterator[Finding]:
    e = ctx.evaluation
    if e.budget is None:
        return
    declared = e.declared_totals
    comparisons = []
    project_line = e.budget.project_expenditure
    if project_line is not None and project_line.spent is not None:
        self_total = declared.project_expenditure if declared and declared.project_expenditure is not None else None
        if self_total is None and e.projects and all(p.budget and p.budget.spent is not None for p in e.projects):
            self_total = sum(p.budget.spent for p in e.projects)  # type: ignore[union-attr,misc]
        if self_total is not None:
            comparisons.append(("SCOPE.PROJECTS", "declared_totals.project_expenditure", "自评的项目支出", self_total,
                                "部门决算的项目支出", project_line.spent))
    basic_line = e.budget.basic_expenditure
    if declared and declared.basic_expenditure is not None and basic_line and basic_line.spent is not None:
        comparisons.append(("SCOPE.BASIC", "declared_totals.basic_expenditure", "自评表的基本支出总额",
                            declared.basic_expenditure, "部门决算的基本支出", basic_line.spent))
    for code, location, left_label, left, right_label, right in comparisons:
        if left == right:
            continue
        yield Finding(
            code, "notice", location,
            f"{left_label} {fmt_plain(left)} 万元与{right_label} {fmt_plain(right)} 万元口径不一："
            "可能是自评包含了基金项目、代管资金或下属单位而决算未包含（或相反）；请在报告中说明口径。",
            stated=fmt_plain(left), recomputed=fmt_plain(right), subject="部门整体",
        )
