"""What the API answers, as OpenAPI schemas. Figures are decimal text rounded once (disclosure.figures): scores
"92.50", amounts in 万元 "1234.50", rates in percentage points; "" when there is none — except a summary's score,
null when the evaluation has none."""

from __future__ import annotations

from ninja import Schema

from jixiao.core.checks import Finding
from jixiao.web.disclosure.figures import score_text
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.returns import status_of
from jixiao.web.organisations.models import Department


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
    # last: this evaluation's figures were made up by the demo — its department's (above), or a year the demo
    # generated for a real department (Evaluation.generated)
    generated: bool


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


def summary(found: Evaluation) -> dict:
    return {"id": found.pk, "department_id": found.department_id, "department": found.department.name,
            "bureau": found.department.finance_bureau.name, "year": found.year, "status": found.status,
            "status_label": status_of(found), "revision": found.revision,
            "score": None if found.score is None else score_text(found.score),
            "grade": found.grade, "complete": found.complete, "errors": found.errors, "warnings": found.warnings,
            "notices": found.notices, "project_count": found.project_count, "updated": found.updated.isoformat(),
            "department_generated": found.department.generated, "generated": found.demo_generated}


def finding(found: Finding) -> dict:
    return {"severity": found.severity, "code": found.code, "location": found.location, "subject": found.subject,
            "message": found.message}
