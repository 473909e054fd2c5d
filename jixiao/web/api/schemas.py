"""What the API answers, as OpenAPI schemas. Figures are decimal text rounded once (disclosure.figures): scores
"92.50", amounts in 万元 "1234.50", rates in percentage points; "" when there is none — except a summary's score,
null when the evaluation has none."""

from __future__ import annotations

from ninja import Schema

from jixiao.core.checks import Finding
from jixiao.core.cycle.reviewed import BY_SELF, Counted
from jixiao.web.analytics.models import REVIEWED
from jixiao.web.disclosure.figures import score_text
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.returns import status_of
from jixiao.web.organisations.models import Department
from jixiao.web.review.counted import CountedScores


class DepartmentOut(Schema):
    id: int
    name: str
    code: str
    bureau_id: int
    bureau: str
    generated: bool  # last: 演示生成, a department the demo generated (Department.generated), not a real one


class EvaluationSummary(Schema):
    id: int
    department_id: int
    department: str
    bureau: str
    year: int
    status: str
    status_label: str
    revision: int
    score: str | None  # None (null): not scored yet — a draft built from goals has no score, never a 0
    grade: str
    complete: bool
    errors: int
    warnings: int
    notices: int
    project_count: int
    updated: str
    department_generated: bool  # the department is one the demo generated, its figures made up
    # this evaluation's figures were made up by the demo — its department's (above), or a year the demo generated
    # for a real department (Evaluation.generated)
    generated: bool
    # last: the score and grade that count (rankings, 结果应用: the finance bureau's where its spot-check rescored the
    # department's whole table, else `score` and `grade`, the department's own) and why, in the pages' words; null
    # for a user who does not review for the evaluation's bureau, as the pages show the 复核得分 to its reviewers only
    counted_score: str | None
    counted_grade: str | None
    counted_reason: str | None


class DepartmentDetail(DepartmentOut):
    evaluations: list[EvaluationSummary]


class PartOut(Schema):
    part: str
    weight: str
    score: str


class ProjectOut(Schema):
    project_no: int
    project: str
    budget_adjusted: str
    spent: str
    execution_rate: str
    score: str
    grade: str
    # last, as the evaluation's: the project's score and grade that count (rankings, 结果应用: the bureau's where its
    # spot-check rescored every indicator of the project's table, else `score` and `grade`) and why; null for a user
    # who does not review for the evaluation's bureau
    counted_score: str | None
    counted_grade: str | None
    counted_reason: str | None


class IndicatorOut(Schema):
    scope: str
    project_no: int | str
    project: str
    level1: str
    level2: str
    indicator: str
    target: str
    actual: str
    weight: str
    score: str


class FindingOut(Schema):
    severity: str
    code: str
    location: str
    subject: str
    message: str


class EvaluationDetail(EvaluationSummary):
    parts: list[PartOut]
    projects: list[ProjectOut]
    indicators: list[IndicatorOut]
    findings: list[FindingOut]


def department(found: Department) -> dict:
    return {"id": found.pk, "name": found.name, "code": found.code, "bureau_id": found.finance_bureau_id,
            "bureau": found.finance_bureau.name, "generated": found.generated}


def summary(found: Evaluation, reviewing: set[int]) -> dict:
    """`found` read with `counted_figures` annotated; `reviewing`: the bureaus the user reviews for."""
    return {"id": found.pk, "department_id": found.department_id, "department": found.department.name,
            "bureau": found.department.finance_bureau.name, "year": found.year, "status": found.status,
            "status_label": status_of(found), "revision": found.revision,
            "score": None if found.score is None else score_text(found.score),
            "grade": found.grade, "complete": found.complete, "errors": found.errors, "warnings": found.warnings,
            "notices": found.notices, "project_count": found.project_count, "updated": found.updated.isoformat(),
            "department_generated": found.department.generated, "generated": found.demo_generated,
            **_counted(found, reviewing)}


NOT_SHOWN = {"counted_score": None, "counted_grade": None, "counted_reason": None}


def reviews(found: Evaluation, reviewing: set[int]) -> bool:
    """Whether the user, reviewing for the bureaus `reviewing`, is shown what counts for `found`: the department's
    users see their own score only, as the pages show the 复核得分 to the bureau's reviewers alone."""
    return found.department.finance_bureau_id in reviewing


def _counted(found: Evaluation, reviewing: set[int]) -> dict:
    if not reviews(found, reviewing):
        return NOT_SHOWN
    if found.counted_source != REVIEWED:  # as analytics.services.counted_score takes it: the evaluation's own
        return {"counted_score": None if found.score is None else score_text(found.score),
                "counted_grade": found.grade, "counted_reason": BY_SELF}
    return {"counted_score": None if found.counted_score is None else score_text(found.counted_score),
            "counted_grade": found.counted_grade, "counted_reason": found.counted_reason}


def projects(rows: list[dict], counts: CountedScores | None) -> list[dict]:
    """The detail's project rows (disclosure.figures.project_rows) with what counts for each project (`counts`, the
    evaluation's review.counted.counted_scores, by the project's index); null where `counts` is None (not shown)."""
    return [{**row, **(NOT_SHOWN if counts is None else _project_counted(counts.projects[row["project_no"] - 1]))}
            for row in rows]


def _project_counted(found: Counted) -> dict:
    """As the evaluation's: the bureau's score, grade and reason once it rescored the whole table, else the project's
    own score and grade (`score`, `grade`) with 按自评得分 (Counted.reason); null score where the project has none."""
    return {"counted_score": None if found.score is None else score_text(found.score),
            "counted_grade": found.grade or "", "counted_reason": found.reason}


def finding(found: Finding) -> dict:
    return {"severity": found.severity, "code": found.code, "location": found.location, "subject": found.subject,
            "message": found.message}
