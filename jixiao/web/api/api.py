"""The REST API for other government systems (django-ninja): OpenAPI 3 at /api/openapi.json, bearer tokens, and the
pages' permissions — every endpoint asks `jixiao.web.accounts.permissions` as the page showing the same data does,
so a list holds what the page's list holds, another department's object is a 404, a role the page refuses is a 403.
No interactive docs: they would load Swagger UI from the internet (docs/api.md has curl examples instead)."""

from __future__ import annotations

from django.db.models import Q
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import BUSINESS_ROLES
from jixiao.web.analytics.services import counted_figures
from jixiao.web.audit.log import denied, record, visible_or_404
from jixiao.web.audit.models import Action
from jixiao.web.disclosure import figures
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.returns import with_last_event
from jixiao.web.evaluations.services import analysis_of
from jixiao.web.organisations.models import Department
from jixiao.web.params import FIRST_YEAR, LAST_YEAR
from jixiao.web.review.counted import counted_scores

from . import errors, schemas, tokens


class TokenAuth(HttpBearer):
    """`Authorization: Bearer jx_…`. Each use is audited as a request of that user; a token that is not valid is a
    401 (and logged when one was presented)."""

    def authenticate(self, request, token):
        found = tokens.holder(token)
        if found is None:
            record(Action.PERMISSION_DENIED, request, detail=f"{request.method} {request.path}：接口令牌无效或已撤销")
            return None
        request.user = found.user
        request.api_token = found
        record(Action.EXPORT, request, object_type="api_token", object_id=found.pk,
               detail=f"接口调用 {request.method} {request.get_full_path()[:500]}")
        return found.user


api = NinjaAPI(title="jixiao 数据接口", version="1",
               description="预算绩效自评数据接口：部门、自评及其得分、项目、指标和审核发现。权限与页面相同。",
               auth=TokenAuth(), docs_url=None, urls_namespace="api:rest")
errors.install(api)


def _business(request) -> None:
    """The role the list pages require (evaluations:list): administrators see no business data."""
    if not permissions.roles(request.user) & BUSINESS_ROLES:
        denied(request, "缺少所需角色")
        raise HttpError(403, "您没有执行此操作的权限。")


def _departments(user):
    """The departments whose evaluations `visible_evaluations` shows: the user's own, or its bureaus'."""
    if not permissions.roles(user) & BUSINESS_ROLES:
        return Department.objects.none()
    return Department.objects.filter(Q(pk__in=permissions.department_ids(user)) |
                                     Q(finance_bureau_id__in=permissions.bureau_ids(user)))


def _evaluations(user):
    """With who returned each returned one (`status_label` names it as the pages do), in the list's own query."""
    return with_last_event(
        permissions.visible_evaluations(user, Evaluation.objects.select_related("department__finance_bureau"))
        .annotate(**counted_figures()))


@api.get("/departments", operation_id="listDepartments", response=list[schemas.DepartmentOut], summary="部门列表",
         tags=["部门"])
def department_list(request):
    _business(request)
    return [schemas.department(d) for d in _departments(request.user).select_related("finance_bureau")]


@api.get("/departments/{department_id}", operation_id="getDepartment", response=schemas.DepartmentDetail,
         summary="部门及其自评", tags=["部门"])
def department_detail(request, department_id: int):
    scope = _departments(request.user).select_related("finance_bureau")
    found = visible_or_404(request, scope, department_id, f"无权访问部门 {department_id}",
                           "没有找到该部门，或您无权查看。")
    reviewing = permissions.bureau_ids(request.user)
    return {**schemas.department(found),
            "evaluations": [schemas.summary(e, reviewing) for e in _evaluations(request.user).filter(department=found)]}


ID_MAX = 2**63 - 1  # what a database key holds: a larger id is a 422 naming the parameter, not a database error


class EvaluationFilters(Schema):
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="年度")
    department_id: int | None = Field(None, ge=1, le=ID_MAX, description="部门编号")
    bureau_id: int | None = Field(None, ge=1, le=ID_MAX, description="财政局编号")
    status: Status | None = Field(None, description="状态")


@api.get("/evaluations", operation_id="listEvaluations", response=list[schemas.EvaluationSummary],
         summary="自评列表（可按年度、部门、财政局、状态筛选）", tags=["自评"])
def evaluation_list(request, filters: Query[EvaluationFilters]):
    _business(request)
    found = _evaluations(request.user)
    for field, value in (("year", filters.year), ("department_id", filters.department_id),
                         ("department__finance_bureau_id", filters.bureau_id), ("status", filters.status)):
        if value is not None:
            found = found.filter(**{field: value})
    reviewing = permissions.bureau_ids(request.user)
    return [schemas.summary(e, reviewing) for e in found]


@api.get("/evaluations/{evaluation_id}", operation_id="getEvaluation", response=schemas.EvaluationDetail,
         summary="自评详情：得分、项目、指标和审核发现", tags=["自评"])
def evaluation_detail(request, evaluation_id: int):
    found = visible_or_404(request, _evaluations(request.user), evaluation_id, f"无权访问评价 {evaluation_id}",
                           "没有找到该评价，或您无权查看。")
    analysis = analysis_of(found)
    reviewing = permissions.bureau_ids(request.user)
    # what counts for each project (review.counted, as rankings and 结果应用 take it), for the bureau's reviewers
    counts = counted_scores(found, analysis) if schemas.reviews(found, reviewing) else None
    return {**schemas.summary(found, reviewing), "parts": figures.part_rows(found),
            "projects": schemas.projects(figures.project_rows(found), counts),
            "indicators": figures.indicator_rows(found), "findings": [schemas.finding(f) for f in analysis.findings]}

