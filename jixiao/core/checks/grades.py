"""Grades (CHECKS.md · Grades): the grade exists and matches the score under the scheme's scale."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..engine import DEFAULT_GRADE_SCALE, DEFAULT_PROJECT_SCHEME
from ..grades import grade_for, same_grade
from ..money import fmt_plain
from ..scheme import GradeScale
from . import CheckContext, Finding, check


def _check_grade(location: str, subject: str, score: Decimal | None, stated_grade: str | None,
                 scale: GradeScale) -> Iterator[Finding]:
    if stated_grade is None or score is None:
        return  # the form has no grade to state, or nothing to grade
    if not stated_grade.strip():
        band = grade_for(score, scale)
        yield Finding("GRADE.MISSING", "error", location,
                      f"得分 {fmt_plain(score)} 分，评价等级为空；按“{scale.name}”应为“{band.name}”。",
                      stated="（空）", recomputed=band.name, subject=subject)
        return
    band = grade_for(score, scale)
    if not same_grade(stated_grade, band):
        yield Finding("GRADE.MISMATCH", "error", location,
                      f"得分 {fmt_plain(score)} 分，所列等级“{stated_grade}”，按“{scale.name}”应为“{band.name}”。",
                      stated=stated_grade, recomputed=band.name, subject=subject)


@check("GRADE", "评价等级存在且与得分相符")
def grades(ctx: CheckContext) -> Iterator[Finding]:
    e, result, library = ctx.evaluation, ctx.result, ctx.library
    if result.department is not None:
        scale = library.grade_scale(result.department.scheme.grade_scale)
        score = result.department.total if result.department.complete else e.stated_score
    else:
        project_scheme = library.scheme(e.project_scheme or DEFAULT_PROJECT_SCHEME)
        scale = library.grade_scale(project_scheme.grade_scale if project_scheme else DEFAULT_GRADE_SCALE)
        score = e.stated_score
    yield from _check_grade("stated_grade", "部门整体", score, e.stated_grade, scale)
    project_scale = library.grade_scale(library.scheme(e.project_scheme or DEFAULT_PROJECT_SCHEME).grade_scale)
    for project_result in result.projects:
        project = project_result.project
        card = project_result.card
        score = card.total if card is not None and card.complete else project.stated_score
        yield from _check_grade(f"projects[{project_result.index}].stated_grade", f"项目“{project.name}”",
                                score, project.stated_grade, project_scale)
