"""Staffing (CHECKS.md · Consistency): people actually employed above the authorized headcount."""

from __future__ import annotations

from typing import Iterator

from ..model import headcount
from . import CheckContext, Finding, check


@check("STAFF", "实有人数不超过编制数")
def staffing(ctx: CheckContext) -> Iterator[Finding]:
    dept = ctx.evaluation.department
    rows = [("department", "部门", dept.staff_authorized, dept.staff_actual)]
    rows += [(f"department.units[{i}]", f"单位“{u.name}”", u.staff_authorized, u.staff_actual)
             for i, u in enumerate(dept.units)]
    for location, subject, authorized, actual in rows:
        a, b = headcount(authorized), headcount(actual)
        if a is not None and b is not None and b > a:
            yield Finding("STAFF.OVER", "warning", f"{location}.staff_actual",
                          f"实有人数 {b} 人超过编制数 {a} 人（超编 {b - a} 人），请说明原因（如编外聘用、借调）。",
                          stated=str(b), recomputed=f"≤ {a}", subject=subject)
