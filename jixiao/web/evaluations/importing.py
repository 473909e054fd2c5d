"""Preparers import their department's own tables (the provincial system's Excel export, last year's Word report):
the file is read in the background by the same readers the finance bureau's audits use, the page shows what was
read with where each value came from and what could not be placed, and a draft evaluation is built from it on
request, every value keeping its source (Evaluation.import_sources)."""

from __future__ import annotations

import msgspec
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from jixiao.core import docpath
from jixiao.core.checks import Finding, by_severity
from jixiao.core.labels import SEVERITIES
from jixiao.core.locations import describe
from jixiao.web import params
from jixiao.web.accounts import permissions
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import visible_or_404
from jixiao.web.bureau import imports
from jixiao.web.bureau.models import ReportAudit
from jixiao.web.bureau.views import report_waiting
from jixiao.web.organisations.models import Department

from .documents import flatten
from .editing import ShownFinding

MAX_FILES = 5


def _departments(request):
    return Department.objects.filter(pk__in=permissions.department_ids(request.user, Role.PREPARER))


@role_required(Role.PREPARER)
def imports_page(request):
    departments = _departments(request)
    if request.method == "POST":
        files = request.FILES.getlist("files")
        department = departments.filter(pk=params.integer(request.POST.get("department"))).first() or (
            departments.first() if len(departments) == 1 else None)
        if department is None:
            messages.error(request, "请选择导入到哪个部门。")
        elif not files:
            messages.error(request, "请选择要导入的文件（Excel、Word、PDF 或文本）。")
        elif len(files) > MAX_FILES:
            messages.error(request, f"一次最多导入 {MAX_FILES} 个文件，本次选择了 {len(files)} 个。")
        else:
            received = [imports.receive(upload, request=request, department=department) for upload in files]
            if len(received) == 1:
                return redirect("evaluations:import", received[0].pk)
            # several files: the list shows each one's state (landing on the first hid the others)
            messages.success(request, f"已上传 {len(received)} 个文件，正在逐个读取；读取完成后点文件名核对读到的数值，"
                                      "再建立草稿。")
            return redirect("evaluations:imports")
    recent = ReportAudit.objects.filter(department__in=departments).defer("document", "findings", "sources")[:50]
    return render(request, "evaluations/imports.html", {
        "departments": departments, "imports": recent, "max_files": MAX_FILES,
        "suffixes": "、".join(imports.SUFFIXES)})


def _import(request, report_id: int) -> ReportAudit:
    return visible_or_404(request, ReportAudit.objects.filter(department__in=_departments(request)), report_id,
                          f"无权查看导入 {report_id}", "没有这次导入。")


@role_required(Role.PREPARER)
def import_page(request, report_id: int):
    report = _import(request, report_id)
    if report.pending or request.headers.get("HX-Request"):
        return report_waiting(request, report, reverse("evaluations:import", args=[report.pk]),
                              reverse("evaluations:imports"))
    error, existing, confirm, confirm_year = "", None, False, False
    if request.method == "POST":
        year = params.year(request.POST.get("year"))
        if year is None:
            error = params.year_problem(request.POST.get("year"), 2023) + "。"
        else:
            try:
                evaluation = imports.create_evaluation(
                    report, department=report.department, year=year, request=request,
                    other_department_confirmed=request.POST.get("confirm_other") == "1",
                    other_year_confirmed=request.POST.get("confirm_year") == "1")
            except imports.ImportRefused as refused:
                error, existing = str(refused), refused.existing
                # a box already ticked stays on the page: the other refusal (year after department) needs both
                confirm = refused.confirm or request.POST.get("confirm_other") == "1"
                confirm_year = refused.confirm_year or request.POST.get("confirm_year") == "1"
            else:
                messages.success(request, f"已据文件建立 {evaluation}（草稿）：每个导入的数值都注明了它在文件中的位置，请逐页核对。")
                return redirect("evaluations:detail", evaluation.pk)
    document = report.document or {}
    findings = msgspec.convert(report.findings, list[Finding])
    return render(request, "evaluations/import.html", {
        "report": report, "error": error, "existing": existing, "confirm": confirm, "confirm_year": confirm_year, "posted": request.POST,
        "year": request.POST.get("year", "") if request.method == "POST" else report.year or "",
        "read": read_values(document, report.sources),
        "grouped": [(severity, SEVERITIES[severity],
                     [ShownFinding(f.severity, f.code, describe(f.location, document), f.message) for f in group])
                    for severity, group in by_severity(findings)],
    })


NOT_READ = ("year", "scheme", "project_scheme", "read_from_report")  # chosen by jixiao, not values of the file


def read_values(document: dict, sources: dict[str, str]) -> list[tuple[str, str, str]]:
    """(where in the evaluation, value, where in the file) for every value read, in document order."""
    rows = []
    for path, value in flatten(document).items():
        if value in (None, "", [], {}) or path in NOT_READ or path.endswith(".scheme") or path.startswith("department.name"):
            continue
        rows.append((describe(path, document), _shown(path, value, document), source_of(path, sources)))
    return rows


def _shown(path: str, value, document: dict | None = None) -> str:
    """A value as the preparer reads it: levels by their Chinese names (output → 产出指标), a stated figure's fact by
    its name or its place in words (部门的核定编制合计, not department.staff_authorized.total)."""
    from jixiao.core.facts import fact_label
    from jixiao.core.labels import DATE_KINDS, LEVEL1, LEVEL2, TIERS, TOTAL_KINDS

    if path.startswith("statements[") and path.endswith(".fact"):
        label = fact_label(str(value))
        return label if label != value or document is None else describe(str(value), document)

    named = {".level1": LEVEL1, ".level2": LEVEL2, ".tier": TIERS}
    for ending, names in named.items():
        if path.endswith(ending):
            return names.get(str(value), str(value))
    if path.startswith("stated_dates[") and path.endswith(".kind"):
        return DATE_KINDS.get(str(value), str(value))
    if path.startswith("stated_totals[") and path.endswith(".kind"):
        return TOTAL_KINDS.get(str(value), str(value))  # 金额合计, not "sum"
    if isinstance(value, bool):
        return "是" if value else "否"  # 本级：是 (it showed "True")
    return str(value)


def source_of(path: str, sources: dict[str, str]) -> str:
    """Where the value at `path` was read: its own source, or the nearest enclosing item's (a table row)."""
    try:
        steps = docpath.parse(path)
    except docpath.PathError:
        return sources.get(path, "")
    for n in range(len(steps), 0, -1):
        here = docpath.join(steps[:n])
        if here in sources and (sources[here] or n == len(steps)):  # "" on the value itself: edited since import
            return sources[here]
    return ""
