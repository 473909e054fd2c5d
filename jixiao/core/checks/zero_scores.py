"""Zero scores (CHECKS.md · Quality of goals): a project scored 0 was perhaps not evaluated or not started: ask."""

from __future__ import annotations

from typing import Iterator

from . import CheckContext, Finding, check
from ._common import money, project_subject


@check("ZERO", "得分为 0 的项目")
def zero_scores(ctx: CheckContext) -> Iterator[Finding]:
    for result in ctx.result.projects:
        if result.score is not None and result.score == 0:
            budget = result.project.budget.budget_adjusted if result.project.budget else None
            amount = f"（预算 {money(budget)}）" if budget is not None else ""
            subject = project_subject(ctx.evaluation, result.index)
            yield Finding("ZERO.PROJECT", "notice", f"projects[{result.index}]",
                          f"{subject}{amount}自评得分为 0：是未开展评价、项目未实施，还是确实全部未完成？请说明。",
                          stated="0", subject=subject)
