from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import msgspec
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.functions import Length
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from jixiao.core.checks import Finding, by_severity
from jixiao.core.labels import SEVERITIES
from jixiao.io.audit_memo import memo
from jixiao.io.documents import FORMATS
from jixiao.io.extract.readers import MAX_FILE_BYTES
from jixiao.web import lookups, pagecache, params
from jixiao.web.accounts import permissions
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import exported, visible_or_404
from jixiao.web.analytics.services import counted_grade, grade_order
from jixiao.web.evaluations.models import LIST_DEFERRED, Evaluation, Status
from jixiao.web.evaluations.returns import counts_by_status, filter_choices, returned_counts, with_last_event
from jixiao.web.organisations.models import Department, FinanceBureau
from jixiao.web.paging import PAGE_SIZE, without_page
from jixiao.web.worker.recovery import workers_alive

from . import exports, imports, services
from .filtersets import chosen_values, narrowed, read_chosen
from .models import ExportJob, ReportAudit


@role_required(Role.FINANCE_REVIEWER)
def dashboard(request):
    """The bureau's evaluations, filtered and sorted, 50 a page: counts and totals are summed by the database and
    only the page's rows are read, without their documents (a province has thousands). After a refused export
    (export_start), the export form says why, the year asked for chosen; once, as a message is shown."""
    refused = request.session.pop(EXPORT_REFUSED, None) or {}
    bureaus = sorted(permissions.bureau_ids(request.user))
    chosen = read_chosen(request.GET)
    # the list's statements compiled once per process (lookups.kept) for the filters given: their values, then
    # their names, the status and the sort (a search is built each time: its pattern is no value of the statement)
    given, status, sort = chosen_values(chosen)
    statement = ((bureaus, *given.values()), (tuple(given), status, sort))
    # the totals and the number of rows the pages share, summed in one query
    totals = _totals(lambda: _listed(*statement[0], *statement[1]), statement)
    paginator = Paginator([], PAGE_SIZE)  # its rows are read below, by the page's own statement
    paginator.count = totals.pop("rows")  # instead of its own COUNT query
    page = paginator.get_page(request.GET.get("page"))
    low, high = page.start_index() - 1, page.end_index()
    page.object_list = [Listed._make(row) for row in lookups.kept_slice(_listed_rows, *statement, low, high)] \
        if high else []
    years, accepted, grades = _years_and_grades(bureaus)
    export_chosen = str(refused["year"]) if refused else chosen.get("year")
    return render(request, "bureau/dashboard.html", {
        "evaluations": page, "page": page, "page_query": without_page(request), "chosen": chosen, "totals": totals,
        "by_status": counts_by_status(None, dict(lookups.kept(_listed_statuses, *statement)),  # counts given
                                      lambda: lookups.kept(_listed_returned, *statement)),
        "years": years,
        "export_years": _export_years(accepted, years, export_chosen),
        "export_error": refused.get("error", ""),
        "grades": grade_order(grades),
        "statuses": filter_choices(),
        "jobs": lookups.kept(_jobs, (request.user.pk,)),
    })


EXPORT_REFUSED = "bureau_export_refused"  # the session's note of a refused export, for the form to show


def _listed(bureaus, *args) -> QuerySet:
    """The bureau's list as `filter_evaluations` narrows it: the values of the filters given, then their names, the
    status and the sort (`statement` in `dashboard`)."""
    *values, names, status, sort = args
    mine = Evaluation.objects.filter(department__finance_bureau_id__in=bureaus).select_related("department") \
        .defer(*LIST_DEFERRED)
    return narrowed(mine, dict(zip(names, values)), status, sort)


class Listed(NamedTuple):
    """What a row of the list shows (bureau_rows), read as values: not the rest of an evaluation and its
    department, and no model instances made of them on every drawing."""

    pk: int
    department_name: str
    department_generated: bool  # the 演示生成 badge: the department's, else the evaluation's (generated_badge_of)
    generated: bool
    year: int
    status: str
    score: Decimal | None
    grade: str
    project_count: int
    errors: int  # the errors, the items not filled in yet among them (`unscored`: shown apart, as 未计分)
    unscored: int
    warnings: int
    notices: int
    updated: datetime | None
    last_action: str | None  # with_last_event's: who returned a returned evaluation, and when
    last_action_at: datetime | None
    # what counts for the department's table as the analytics projection keeps it (review.counted, written there
    # by `counted_scores` on every save and spot-check score): the bureau's where its spot-check rescored the table
    counted_source: str | None  # `reviewed` then
    counted_score: Decimal | None
    counted_grade: str | None
    counted_reason: str | None  # why it counts, in the core's words (reviewed.Counted.reason), with the 自评偏差


ROW_FIELDS = ("pk", "department__name", "department__generated", "generated", "year", "status", "score",
              "grade", "project_count", "errors", "unscored", "warnings", "notices", "updated", "last_action", "last_action_at",
              "analytics_row__score_source", "analytics_row__score", "analytics_row__grade",
              "analytics_row__score_reason")


def _listed_rows(*args) -> QuerySet:
    return with_last_event(_listed(*args)).values_list(*ROW_FIELDS)


def _listed_figures(*args) -> QuerySet:
    return _listed(*args).order_by().values(jx_errors=F("errors"), jx_unscored=F("unscored"),
                                            jx_warnings=F("warnings"), jx_notices=F("notices"))


def _listed_statuses(*args) -> QuerySet:
    return _listed(*args).order_by().values_list("status").annotate(n=Count("id"))


def _jobs(user_id: int) -> QuerySet:
    return ExportJob.objects.filter(user_id=user_id)[:5]  # the user's latest exports


def _listed_returned(*args) -> QuerySet:
    return returned_counts(_listed(*args))


def _totals(evaluations, statement: tuple) -> dict:
    """The findings summed and the rows counted, around the list's kept statement (or as the ORM sums them:
    `evaluations` builds the list's queryset then). 错误 are those in what was filled in: the items of drafts not
    filled in yet are summed apart (未计分), not as errors (a trial's new draft made the bureau's total 错误 120)."""
    found = lookups.kept_sql(_listed_figures, *statement)
    if found is None:
        totals = evaluations().aggregate(errors=Sum("errors"), unscored=Sum("unscored"), warnings=Sum("warnings"),
                                         notices=Sum("notices"), rows=Count("pk"))
    else:
        sql, params, alias = found
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT SUM(jx_errors), SUM(jx_unscored), SUM(jx_warnings), SUM(jx_notices), "
                           f"COUNT(*) FROM ({sql}) subquery", params)
            totals = dict(zip(("errors", "unscored", "warnings", "notices", "rows"), cursor.fetchone()))
    totals["errors"] = (totals["errors"] or 0) - (totals["unscored"] or 0)
    return totals


def _groups(bureaus) -> QuerySet:
    return Evaluation.objects.filter(department__finance_bureau_id__in=bureaus).order_by() \
        .annotate(counted=counted_grade()).values_list("year", "status", "counted").annotate(n=Count("id"))


def _years_and_grades(bureaus) -> tuple[list[int], dict[int, int], set[str]]:
    """The bureau's years (latest first), its accepted evaluations per year and the grades that count for them (the
    grade filter's options: a grade only the bureau's spot-check gave is one), from one query counting its
    evaluations by year, status and grade (a few groups), not three."""
    years, accepted, grades = set(), {}, set()
    for year, status, grade, n in lookups.kept(_groups, (bureaus,)):
        years.add(year)
        if status == Status.ACCEPTED:
            accepted[year] = accepted.get(year, 0) + n
        if grade:
            grades.add(grade)
    return sorted(years, reverse=True), accepted, grades


def _export_years(accepted: dict[int, int], years: list[int], chosen: str | None) -> list[tuple[int, int, bool]]:
    """(year, its accepted evaluations, chosen) for the export form: only accepted evaluations are packed, so the
    form opens on the year chosen in the filter, else on the latest year with any accepted (else the latest year)."""
    default = str(max(accepted)) if accepted else (str(years[0]) if years else "")
    selected = chosen if chosen and chosen in {str(y) for y in years} else default
    return [(year, accepted.get(year, 0), str(year) == selected) for year in years]


# what a list of evaluations never shows: the stored documents (tens of KB each)
@require_POST
@role_required(Role.FINANCE_REVIEWER)
def export_start(request):
    year = params.year(request.POST.get("year"))
    if year is None:
        messages.error(request, "请选择要打包的年度。")
        return redirect("bureau:dashboard")
    refused = exports.nothing_to_pack(permissions.bureau_ids(request.user), year)
    if refused:  # an empty zip would only be a wait for nothing: said on the form, no job queued
        request.session[EXPORT_REFUSED] = {"year": year, "error": refused}
        return redirect("bureau:dashboard")
    return redirect("bureau:export", services.queue_export(request, ExportJob.Kind.PACKAGES, year).pk)


def _job(request, job_id: int) -> ExportJob:
    return visible_or_404(request, ExportJob.objects.filter(user=request.user), job_id,
                          f"无权访问导出任务 {job_id}", "没有这个导出任务。")


@role_required(Role.FINANCE_REVIEWER)
def export_status(request, job_id: int):
    job = _job(request, job_id)
    template = "bureau/_export_progress.html" if request.headers.get("HX-Request") else "bureau/export.html"
    return render(request, template, {"job": job, "ahead": _ahead(job) if job.state == ExportJob.State.QUEUED else 0,
                                      "no_worker": not job.finished and not workers_alive()})


@role_required(Role.FINANCE_REVIEWER)
def export_download(request, job_id: int):
    job = _job(request, job_id)
    if job.state != ExportJob.State.DONE:
        raise Http404("导出尚未完成。")
    exported(request, "export", job.pk, f"下载 {job.year} 年度{job.get_kind_display()}")
    legacy = exports.legacy_file(job)
    if legacy is not None:
        return FileResponse(legacy.open("rb"), as_attachment=True, filename=job.filename)
    response = StreamingHttpResponse(exports.chunks(job), content_type=job.content_type)
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    response["Content-Length"] = str(job.chunks.aggregate(n=Sum(Length("data")))["n"] or 0)
    return response


def _ahead(job: ExportJob) -> int:
    return ExportJob.objects.filter(state=ExportJob.State.QUEUED, pk__lt=job.pk).count()


# ------------------------------------------------------------------------------------------- uploaded reports
def _bureaus(request):
    return FinanceBureau.objects.filter(pk__in=permissions.bureau_ids(request.user))


def _report(request, report_id: int) -> ReportAudit:
    return visible_or_404(request, ReportAudit.objects.filter(finance_bureau__in=_bureaus(request)), report_id,
                          f"无权访问报告审核 {report_id}", "没有这份报告审核。")


@role_required(Role.FINANCE_REVIEWER)
def reports(request):
    """Upload one or several reports (Word, PDF, text, jixiao Excel) and see each one's audit."""
    if request.method == "POST" and params.integer(request.META.get("CONTENT_LENGTH")) > imports.MAX_UPLOAD_BYTES:
        messages.error(request, f"一次上传的文件合计不能超过 {imports.MAX_UPLOAD_BYTES // 1_000_000} MB，请分批上传。")
    elif request.method == "POST":
        files, bureaus = request.FILES.getlist("files"), _bureaus(request)
        bureau = bureaus.filter(pk=params.integer(request.POST.get("bureau"))).first() or (bureaus.first() if len(bureaus) == 1 else None)
        if bureau is None:
            messages.error(request, "请选择财政局。")
        elif not files:
            messages.error(request, "请选择要审核的报告文件。")
        elif len(files) > imports.MAX_FILES:
            messages.error(request, f"一次最多上传 {imports.MAX_FILES} 个文件，本次选择了 {len(files)} 个。")
        else:  # each file is stored and queued; the audits run in the background while the list shows them
            received = [imports.receive(upload, bureau=bureau, request=request) for upload in files]
            if len(received) == 1:
                return redirect("bureau:report", received[0].pk)
            messages.success(request, f"已上传 {len(received)} 份报告，正在后台逐份审核，本页会自动更新。")
            return redirect("bureau:reports")
    # the list and the bureaus to upload for by statements compiled once per process (lookups.kept): built and
    # compiled on each drawing they were two thirds of this page's cost
    ids = sorted(permissions.bureau_ids(request.user))
    recent = lookups.kept(_recent_reports, (ids,))
    context = {"reports": recent, "pending": any(r.pending for r in recent),
               "no_worker": any(r.pending for r in recent) and not workers_alive()}
    if request.headers.get("HX-Request"):
        return render(request, "bureau/_report_rows.html", context)
    return render(request, "bureau/reports.html", {**context, "bureaus": lookups.kept(_bureaus_of, (ids,)),
                                                   "max_files": imports.MAX_FILES,
                                                   "max_mb": MAX_FILE_BYTES // 1_000_000})


def _recent_reports(bureau_ids):
    return (ReportAudit.objects.filter(finance_bureau_id__in=bureau_ids)
            .select_related("evaluation", "evaluation__department").defer("document", "findings")[:200])


def _bureaus_of(bureau_ids):
    return FinanceBureau.objects.filter(pk__in=bureau_ids)


@role_required(Role.FINANCE_REVIEWER)
def report(request, report_id: int):
    report = _report(request, report_id)
    if report.pending or request.headers.get("HX-Request"):
        return _report_waiting(request, report)
    departments = Department.objects.filter(finance_bureau=report.finance_bureau)
    error, existing, confirm, confirm_year = "", None, False, False
    if request.method == "POST":
        department = departments.filter(pk=params.integer(request.POST.get("department"))).first()
        year = params.year(request.POST.get("year"))
        if department is None:
            error = "请选择评价所属的部门。"
        elif year is None:
            error = "请填写年度（如 2023）。"
        else:
            try:
                evaluation = imports.create_evaluation(
                    report, department=department, year=year, request=request,
                    other_department_confirmed=request.POST.get("confirm_other") == "1",
                    other_year_confirmed=request.POST.get("confirm_year") == "1")
            except imports.ImportRefused as refused:
                error, confirm, confirm_year = str(refused), refused.confirm, refused.confirm_year
                # a box already ticked stays on the page: the other refusal (year after department) needs both
                confirm = confirm or request.POST.get("confirm_other") == "1"
                confirm_year = confirm_year or request.POST.get("confirm_year") == "1"
                if refused.existing is not None:  # linked only for a user who may open it
                    existing = permissions.visible_evaluations(request.user, Evaluation.objects).filter(
                        pk=refused.existing.pk).first()
            else:
                messages.success(request, f"已据报告建立 {evaluation}（草稿），请核对提取的数据。")
                return redirect("evaluations:detail", evaluation.pk)
    findings = msgspec.convert(report.findings, list[Finding])
    grouped = [(severity, SEVERITIES[severity], group) for severity, group in by_severity(findings)]
    chosen = departments.filter(pk=params.integer(request.POST.get("department"))).first() if request.method == "POST" else None
    suggested = chosen or departments.filter(name=report.department_name).first()
    return render(request, "bureau/report.html", {
        "report": report, "grouped": grouped, "departments": departments, "error": error, "existing": existing,
        "confirm": confirm, "confirm_year": confirm_year, "posted": request.POST, "year": request.POST.get("year", "") if request.method == "POST" else report.year or "",
        "suggested": suggested, "projects": len((report.document or {}).get("projects") or []),
    })


@role_required(Role.FINANCE_REVIEWER)
def report_memo(request, report_id: int):
    """The review memo (Word) of a finished check, as `jixiao audit FILE --report` writes it."""
    report = _report(request, report_id)
    if report.pending:
        raise Http404("报告尚未审核完成。")
    findings = msgspec.convert(report.findings, list[Finding])
    content = memo(report.name, findings=findings, missing=list(report.missing), department=report.department_name,
                   year=report.year, unauditable=report.unauditable, unreadable=report.error,
                   document=report.document)
    filename = f"{Path(report.name).stem}（审核意见）.docx"
    exported(request, "report_audit", report.pk, f"下载《{report.name}》的审核意见（Word）")
    response = HttpResponse(content, content_type=FORMATS["docx"])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _report_waiting(request, report: ReportAudit):
    return report_waiting(request, report, reverse("bureau:report", args=[report.pk]), reverse("bureau:reports"))


def report_waiting(request, report: ReportAudit, poll_url: str, back_url: str):
    """While the audit is queued or running: its state, polled by htmx at `poll_url`; once it is done the whole page
    reloads. Shared by the reviewer's audits and the preparer's imports."""
    if request.headers.get("HX-Request") and not report.pending:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    ahead = ReportAudit.objects.filter(state=ReportAudit.State.QUEUED, pk__lt=report.pk).count() \
        if report.state == ReportAudit.State.QUEUED else 0
    template = "bureau/_report_state.html" if request.headers.get("HX-Request") else "bureau/report_waiting.html"
    return render(request, template, {"report": report, "ahead": ahead, "no_worker": not workers_alive(),
                                      "poll_url": poll_url, "back_url": back_url,
                                      "elapsed": (pagecache.now() - report.started).seconds if report.started else 0})
