"""Pages of an evaluation: list, create, overview, data entry by section with live scores, workflow, versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.core.checks import by_severity
from jixiao.core.explain import UnknownPath, explain_path
from jixiao.core.labels import SEVERITIES
from jixiao.core.reports.tables import subtotal_notes
from jixiao.core.unchecked import unchecked
from jixiao.io.charts import FontMissing
from jixiao.web import lookups, params
from jixiao.web.accounts import permissions
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.analytics.services import counted_figures
from jixiao.web.audit.log import allowed_or_404, denied, exported
from jixiao.web.organisations.models import Department
from jixiao.web.paging import kept_page, paged
from jixiao.web.result_application.services import pending_notices

from . import pages, services
from .editing import return_note, shown_findings
from .models import LIST_DEFERRED, Evaluation, Status, WorkflowEvent
from .returns import RETURNED_BY, named_events, with_last_event


def visible(request, pk: int, without: tuple[str, ...] = ()) -> Evaluation:
    """The evaluation if the user may see it; otherwise 404, and the attempt is logged (as `visible_or_404` with
    `permissions.visible_evaluations`). Every evaluation's page asks this first: the row, its department and bureau
    are read by one statement written once per process (`web.lookups`), the scope asked in Python of the row.
    `without`: fields left unread until first asked for (as `defer` leaves them)."""
    evaluation = lookups.one_related(Evaluation, ("department", "department__finance_bureau"), ("id",), [pk],
                                     without=without)
    return allowed_or_404(request, evaluation, evaluation is not None and permissions.sees_evaluation(
        request.user, evaluation), f"无权访问评价 {pk}", "没有找到该评价，或您无权查看。")


def refuse(request, what: str):
    denied(request, what)
    raise PermissionDenied(what)


def health(request):
    """A short page for load balancers and for the benchmark's floor."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request):
    mine = permissions.roles(request.user)
    if mine & {Role.PREPARER, Role.DEPARTMENT_REVIEWER}:
        return redirect("evaluations:list")
    if Role.FINANCE_REVIEWER in mine:
        return redirect("bureau:dashboard")
    if Role.SYSTEM_ADMIN in mine:
        return redirect("accounts:users")
    if Role.SECURITY_ADMIN in mine:
        return redirect("accounts:security")
    if Role.AUDIT_ADMIN in mine:
        return redirect("audit:log")
    return render(request, "evaluations/no_role.html")


@role_required(Role.PREPARER, Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER)
def evaluation_list(request):
    """The evaluations the user may see, 50 a page, read without their documents: a finance reviewer of a province
    sees thousands, and the list needs only the stored key figures."""
    # the user's scope as `visible_evaluations` asks it (departments, or departments under bureaus); the count and
    # the page by statements compiled once per process (kept_page)
    user = request.user
    scopes = [(name, sorted(keys)) for name, keys in (("department_id__in", permissions.department_ids(user)), (
        BUREAU_SCOPE, permissions.bureau_ids(user))) if keys]
    if not scopes or permissions.roles(user) <= permissions.ADMIN_ROLES:
        page, page_query = paged(request, _listed(none=True))
    else:
        page, page_query = kept_page(request, _listed, tuple(keys for _, keys in scopes),
                                     (tuple(name for name, _ in scopes),))
    return render(request, "evaluations/list.html", {"evaluations": page, "page": page, "page_query": page_query,
                                                     "notices": pending_notices(request.user),
                                                     "reviewing": permissions.bureau_ids(user)})


def _listed(*scopes, none: bool = False):
    """The list's evaluations, newest year first: those of each scope (`scopes`: lists of keys, then the names of the
    lookups they fill), or none."""
    *keys, names = scopes or ((),)
    within = Q()
    for name, values in zip(names, keys):
        within |= Q(**{name: values})
    evaluations = Evaluation.objects.select_related("department", "imported_by").defer(*LIST_DEFERRED)
    evaluations = evaluations.none() if none else evaluations.filter(within)
    if BUREAU_SCOPE in names:  # a finance reviewer's list: what counts beside each row's own, for list_rows to
        # show to the reviewer of the row's bureau as the evaluation's page shows it to that reviewer only (`_counted`)
        evaluations = evaluations.annotate(**counted_figures())
    return with_last_event(evaluations.order_by("-year", "department__name", "pk"))


BUREAU_SCOPE = "department__finance_bureau_id__in"


@role_required(Role.PREPARER)
def evaluation_new(request):
    departments = Department.objects.filter(pk__in=permissions.department_ids(request.user, Role.PREPARER))
    previous = permissions.visible_evaluations(request.user, Evaluation.objects.select_related("department")).filter(
        department__in=departments)
    error, existing = "", None
    if request.method == "POST":
        department = departments.filter(pk=params.integer(request.POST.get("department"))).first()
        asked = (request.POST.get("copy_from") or "").strip()
        source = previous.filter(pk=params.integer(asked)).first()
        year = params.year(request.POST.get("year"))
        if department is None:
            error = "请选择部门。"
        elif asked and source is None:  # not one offered: never a blank evaluation made without a word
            error = "沿用：所选的评价不在可沿用的列表中（只能沿用本部门的评价），请重新选择或不沿用。"
        elif year is None:
            error = params.year_problem(request.POST.get("year"), 2024) + "。"
        elif source is not None and source.department_id != department.pk:
            error = "只能沿用本部门上一年度的评价。"
        else:
            document = services.next_year_document(source.document, year) if source else {
                "year": year, "department": {"name": department.name, "code": department.code or None}}
            document = {k: v for k, v in document.items() if v is not None}
            document["department"] = {k: v for k, v in document["department"].items() if v is not None}
            try:
                evaluation = services.create_evaluation(department=department, year=year, document=document,
                                                        actor=services.Actor.of(request),
                                                        copied_from=source.year if source else None)
            except IntegrityError:
                error = f"{department.name} {year} 年度的评价已经存在。"
                existing = previous.filter(department=department, year=year).first()
            else:
                messages.success(request, f"已创建 {evaluation}" + ("，已沿用上一年度的项目、目标和指标。" if source else "。"))
                return redirect("evaluations:detail", evaluation.pk)
    # what was typed is kept beside the message (an invalid year was cleared, a trial)
    typed_year = (request.POST.get("year") or "").strip() if request.method == "POST" else ""
    return render(request, "evaluations/new.html", {"departments": departments, "previous": previous, "error": error,
                                                    "existing": existing, "typed_year": typed_year})


@login_required
def detail(request, pk: int, returning: tuple[str, str, str] | None = None):
    """`returning`: (action, comment typed, why it was refused) where a return was refused (`workflow`): the page
    drawn again with the comment kept in its box and the reason beside it."""
    # the stored document is read only when the analysis of this revision is not in memory yet (analysis_of)
    evaluation = visible(request, pk, without=LIST_DEFERRED)
    analysis = services.analysis_of(evaluation)
    context = {
        "evaluation": evaluation, "analysis": analysis, "card": analysis.result.department,
        "projects": [(p, f"project-{p.index}") for p in analysis.result.projects], "result": analysis.result,
        **_overview(evaluation, analysis),
        "return_note": return_note(evaluation),
        "actions": _actions(request.user, evaluation),
        "events": named_events(lookups.kept(_events, (evaluation.pk,)))[:20],
        "can_edit": permissions.can_edit(request.user, evaluation),
        "downloads": DOWNLOADS, "shapes": _shapes(),
        "spot_check_note": _spot_check_note(request.user, evaluation),
        "counted": _counted(request.user, evaluation, analysis),
        "returning": returning,
    }
    return render(request, "evaluations/detail.html", context, status=400 if returning else 200)


def _counted(user, evaluation: Evaluation, analysis):
    """What counts for the evaluation's tables where the bureau's spot-check rescored them (review.counted, as
    rankings and 结果应用 take it), for the bureau's finance reviewer, who sees the spot-check (`_spot_check_note`);
    None for others and where every table counts as the department scored it."""
    if not permissions.has_role(user, Role.FINANCE_REVIEWER):
        return None
    from jixiao.web.review import services as review
    from jixiao.web.review.counted import counted_scores

    if not review.reviews(user, evaluation):
        return None
    counts = counted_scores(evaluation, analysis)
    return counts if counts.reviewed else None


def _spot_check_note(user, evaluation: Evaluation) -> str:
    """The bureau's spot-check so far, for its finance reviewer (review.services.spot_check_note); '' for others."""
    if not permissions.has_role(user, Role.FINANCE_REVIEWER):
        return ""
    from jixiao.web.review import services as review

    return review.spot_check_note(evaluation) if review.reviews(user, evaluation) else ""


def _overview(evaluation: Evaluation, analysis) -> dict:
    """What the overview draws from the analysis and the stored document alone (the findings placed and linked,
    the tabs, the charts, the report shape offered first), kept with the analysis: one per saved revision, dropped
    with it when the scheme files change. A revision drawn again does not read and walk its document again."""
    if analysis.overview is None:
        result = analysis.result
        analysis.overview = {
            "findings": [(severity, label, shown_findings(evaluation, group, evaluation.document))
                         for severity, label, group in _grouped(analysis.problems)],
            "tail_notes": subtotal_notes(result.department),
            "sections": pages.tabs(evaluation.document), "default_shape": _default_shape(analysis),
            "charts": _chart_specs(analysis),
            "unscored": analysis.unscored_by_table,  # the department table's, the projects', all (as submitting says)
            # what the checks had nothing to read in (no scheme, no indicators …): never 未发现问题 about those
            "unchecked": unchecked(analysis.document, result),
            # what the document states of itself, shown when no scheme was chosen (the keys it has, as it has them)
            "stated": {key: evaluation.document[key] for key in ("stated_score", "stated_grade")
                       if key in evaluation.document},
        }
    return analysis.overview


def _events(evaluation_id: int):
    # 21: the one before the 20 shown says who returned the oldest of them (named_events)
    return WorkflowEvent.objects.filter(evaluation_id=evaluation_id).select_related("user")[:21]


def _shapes() -> dict[str, str]:
    from jixiao.core.reports import SHAPES

    return SHAPES


def _default_shape(analysis) -> str:
    from jixiao.core.reports import default_shape

    return default_shape(analysis.document, analysis.result)


def _chart_specs(analysis) -> list[dict]:
    """The report's charts as data for ECharts on the page (the same charts the documents draw). Each value comes
    with its label as the documents' charts and the tables write it (万元 20.80, a score 27.5, a pie's share 0.13%):
    the browser draws the numbers and shows these strings, so it rounds nothing its own way."""
    from jixiao.core.money import fixed
    from jixiao.core.reports.shapes import charts_for, numbered_figure
    from jixiao.io.charts import shares, value_labels

    # a bar's length only (rounded once, here: 14.17, not 14.166666666666666); what it reads is `shown`
    length = lambda v: fixed(v, 2, strip=True) if v is not None and v.is_finite() else "0"  # noqa: E731
    specs = []
    for i, c in enumerate(charts_for(analysis.document, analysis.result)):
        series = [{"name": name, "values": [length(v) for v in values], "shown": shown}
                  for (name, values), shown in zip(c.series, value_labels(c))]
        spec = {"id": f"chart-{i}", "kind": c.kind, "title": numbered_figure(i + 1, c.title), "labels": c.labels, "unit": c.unit,
                "series": series}
        if c.kind == "pie":
            spec["shares"] = shares(c)
        specs.append(spec)
    return specs


def _grouped(findings):
    return [(severity, SEVERITIES[severity], group) for severity, group in by_severity(findings)]


def _actions(user, evaluation: Evaluation) -> list[tuple[str, str]]:
    available = []
    if evaluation.status in (Status.DRAFT, Status.RETURNED) and permissions.can_prepare(user, evaluation):
        available.append(("submit", "提交部门审核"))
    if evaluation.status == Status.SUBMITTED and permissions.can_review_for_department(user, evaluation):
        available += [("approve", "审核通过并报送财政局"), ("return_department", "退回修改")]
    if evaluation.status == Status.WITH_FINANCE and permissions.can_review_for_bureau(user, evaluation):
        available += [("accept", "接收"), ("return_finance", "退回修改")]
    return available


def _done(action: str, button: str) -> str:
    """The message after a step: a return names the status it made (部门退回修改 or 财政退回修改), not 已退回修改."""
    if action in RETURNED_BY:
        return f"已退回，状态为“{RETURNED_BY[action]}”。"
    return f"已{button}。"


@require_POST
@login_required
def workflow(request, pk: int, action: str):
    evaluation = visible(request, pk)
    if action not in dict(_actions(request.user, evaluation)):
        refuse(request, "您不能对该评价执行此操作。")
    comment = request.POST.get("comment", "")
    try:
        services.transition(evaluation, action, actor=services.Actor.of(request), comment=comment)
    except services.WorkflowError as error:
        if action in RETURNED_BY and comment.strip():  # what was typed is kept, not lost to a redirect
            return detail(request, pk, returning=(action, comment, str(error)))
        messages.error(request, str(error))
    else:
        messages.success(request, _done(action, dict(_actions(request.user, evaluation))[action]))
    return redirect("evaluations:detail", pk)


CURRENT = "current"  # the `a`/`b` value of the evaluation as it is now, beside the frozen versions' numbers


def _state_name(key: str) -> str:
    return "当前" if key == CURRENT else f"版本 {key}"


@login_required
def versions(request, pk: int):
    """The frozen versions, and any two of them (or one and the current data) compared field by field; each field
    named in words (年度目标 1 › 指标“服务对象满意度” › 实际完成值), its path kept in the cell's title."""
    from jixiao.core.locations import describe

    evaluation = visible(request, pk)
    all_versions = list(evaluation.versions.select_related("created_by"))
    a, b = request.GET.get("a"), request.GET.get("b")
    changes = None
    left = right = None
    if a and b:
        documents = {CURRENT: evaluation.document}
        documents.update({str(v.number): v.document for v in all_versions})
        if a not in documents or b not in documents:
            raise Http404("没有这个版本。")
        left, right = a, b
        # a field removed on the right is named from the left, where its item still has its name
        changes = [(path, describe(path, documents[b] if new is not None else documents[a]), old, new)
                   for path, old, new in services.diff(documents[a], documents[b])]
    return render(request, "evaluations/versions.html", {
        "evaluation": evaluation, "versions": all_versions, "changes": changes, "left": left, "right": right,
        "left_name": _state_name(left) if left else "", "right_name": _state_name(right) if right else "",
        "current": CURRENT})


@login_required
def explain(request, pk: int):
    evaluation = visible(request, pk)
    analysis = services.analysis_of(evaluation)
    try:
        lines = explain_path(analysis.document, analysis.result, request.GET.get("path", ""), services.library())
    except UnknownPath as error:
        lines = [str(error.args[0])]
    return render(request, "evaluations/_explain.html", {"lines": lines})


DOWNLOADS = {"docx": "Word", "pdf": "PDF", "xlsx": "Excel", "zip": "公开包（PDF+Excel+数据）"}


@login_required
def download(request, pk: int, fmt: str):
    """The evaluation as a document: report (docx, pdf), tables (xlsx) or the disclosure package (zip)."""
    from urllib.parse import quote

    from jixiao.core.reports import SHAPES
    from jixiao.io.documents import render as render_document

    evaluation = visible(request, pk)
    if fmt not in DOWNLOADS:
        raise Http404("不支持的格式。")
    shape = request.GET.get("shape") if request.GET.get("shape") in SHAPES else None
    try:
        document = render_document(services.report_document(evaluation), services.library(), fmt, shape=shape,
                                   with_findings=request.GET.get("findings") == "1", mark=evaluation.document_mark)
    except FontMissing as missing:  # a server set up without CJK fonts: say so on the page, not as a 500
        messages.error(request, str(missing))
        return redirect("evaluations:detail", evaluation.pk)
    from jixiao.web.audit.log import record
    from jixiao.web.audit.models import Action

    record(Action.EXPORT, request, object_type="evaluation", object_id=evaluation.pk, detail=f"下载 {document.filename}")
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(document.filename)}"
    return response


@login_required
def version_document(request, pk: int, number: int) -> HttpResponse:
    evaluation = visible(request, pk)
    version = evaluation.versions.filter(number=number).first()
    if version is None:
        raise Http404
    exported(request, "evaluation", evaluation.pk, f"下载第 {version.number} 版（JSON）")
    import json

    return HttpResponse(json.dumps(version.document, ensure_ascii=False, indent=2), content_type="application/json")

