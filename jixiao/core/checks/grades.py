"""Grades (CHECKS.md · Grades): the grade exists and matches the score under the scheme's scale.

No grade is said to be wrong, or what it should be, for a score card whose grade the engine withholds (its weights
do not add up: a total over weights summing to 120 is not a score out of 100); the WEIGHT checks say why.

A report that states its own scale (85/75/60 for 优秀/良好/合格) is graded on it: 96 graded 优秀 on such a scale is
right, though the default scale names that band 优."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..engine import DEFAULT_GRADE_SCALE, DEFAULT_PROJECT_SCHEME
from ..grades import grade_for, in_words_of, same_grade
from ..model import StatedBand
from ..money import SCORE_PLACES, fmt_total, round_half_up
from ..scheme import GradeBand, GradeScale
from . import CheckContext, Finding, check
from ._common import project_subject


def _check_grade(location: str, subject: str, score: Decimal | None, stated_grade: str | None,
                 scale: GradeScale) -> Iterator[Finding]:
    """`score`: the department's or a project's total, shown as every total is (`fmt_total`: 2 places)."""
    if stated_grade is None or score is None:
        return  # the form has no grade to state, or nothing to grade
    if not stated_grade.strip():
        band = grade_for(score, scale)
        yield Finding("GRADE.MISSING", "error", location,
                      f"得分 {fmt_total(score)} 分，评价等级为空；按“{scale.name}”应为“{band.name}”。",
                      stated="（空）", recomputed=band.name, subject=subject)
        return
    band = grade_for(score, scale)
    if not same_grade(stated_grade, band):
        named = in_words_of(stated_grade, band, scale)
        yield Finding("GRADE.MISMATCH", "error", location,
                      f"得分 {fmt_total(score)} 分，所列等级“{stated_grade}”，按“{scale.name}”应为“{named}”。",
                      stated=stated_grade, recomputed=named, subject=subject)


def stated_scale(bands: list[StatedBand]) -> GradeScale | None:
    """The scale a report states for itself (得分 ≥ 85 分为优秀 …), best grade first. A score below its lowest stated
    band has no grade the report names, unless that band starts at 0."""
    if not bands:
        return None
    ordered = sorted(bands, key=lambda b: b.min, reverse=True)
    return GradeScale(id="stated", kind="grade_scale", name="报告自述的等级标准",
                      bands=[GradeBand(name=b.name, min=b.min) for b in ordered], excellent=ordered[0].name)


def _own(scale: GradeScale | None, default: GradeScale, score: Decimal | None) -> GradeScale | None:
    """The report's own scale when it states one (None when the score lies below every band it states)."""
    if scale is None:
        return default
    if score is not None and round_half_up(score, SCORE_PLACES) < scale.bands[-1].min:
        return None
    return scale


@check("GRADE", "评价等级存在且与得分相符")
def grades(ctx: CheckContext) -> Iterator[Finding]:
    own = stated_scale(ctx.evaluation.stated_grade_scale)
    # on the scheme's scale a project that states no grade has nothing to check (`_check_grade`), nor anything to
    # name: passed over before its location and name are written
    for location, subject, score, grade, scale in _graded(ctx, ungraded=own is not None):
        scale = _own(own, scale, score)
        if scale is not None:
            yield from _check_grade(location, subject, score, grade, scale)


def stated_grade_findings(evaluation, default: GradeScale, project: int | None = None) -> Iterator[Finding]:
    """The stated grade of the department (or of one project) against its stated score, on the report's own scale
    when it states one: what can still be checked when the table behind the score was not read in full."""
    if project is None:
        location, subject, score, grade = "stated_grade", "部门整体", evaluation.stated_score, evaluation.stated_grade
    else:
        p = evaluation.projects[project]
        location, subject = f"projects[{project}].stated_grade", project_subject(evaluation, project)
        score, grade = p.stated_score, p.stated_grade
    scale = _own(stated_scale(evaluation.stated_grade_scale), default, score)
    if scale is not None:
        yield from _check_grade(location, subject, score, grade, scale)


def _graded(ctx: CheckContext, ungraded: bool = True) -> Iterator[tuple[str, str, Decimal | None, str | None,
                                                                       GradeScale]]:
    """(location, subject, score, stated grade, the scheme's scale) of the department and each project graded
    (`ungraded`: and of each project that states no grade)."""
    e, result, library = ctx.evaluation, ctx.result, ctx.library
    department = result.department
    if department is not None and not department.grade_withheld:
        scale = library.grade_scale(department.scheme.grade_scale)
        score = department.total if department.complete else e.stated_score
        yield "stated_grade", "部门整体", score, e.stated_grade, scale
    elif department is None:
        project_scheme = library.scheme(e.project_scheme or DEFAULT_PROJECT_SCHEME)
        scale = library.grade_scale(project_scheme.grade_scale if project_scheme else DEFAULT_GRADE_SCALE)
        yield "stated_grade", "部门整体", e.stated_score, e.stated_grade, scale
    project_scale = library.grade_scale(library.scheme(e.project_scheme or DEFAULT_PROJECT_SCHEME).grade_scale)
    for project_result in result.projects:
        project, card = project_result.project, project_result.card
        if (card is not None and card.grade_withheld) or (not ungraded and project.stated_grade is None):
            continue
        score = card.total if card is not None and card.complete else project.stated_score
        index = project_result.index
        yield f"projects[{index}].stated_grade", project_subject(e, index), score, project.stated_grade, project_scale
