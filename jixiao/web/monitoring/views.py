"""运行监控 pages: a department's reports and their entry, the bureau's overview of all its departments. Every view
asks `permissions` (through `services.visible_reports` / `can_edit`); the rules are applied by the core through
`services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from jixiao.core.cycle.monitoring import time_progress
from jixiao.core.money import IMPLAUSIBLE_RATE
from jixiao.web import lookups, params
from jixiao.web.accounts import permissions
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import allowed_or_404, denied
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.organisations.models import Department
from jixiao.web.pagecache import fragments
from jixiao.web.people import person
from jixiao.web.save_messages import OWN_OTHER_SAVE, first_named, same_user

from . import overview as overview_query
from . import services
from .models import MonitoringReport
from .pages import MONTHS, percent, row_lines
from .templatetags.monitoring_html import report_lines

BUSINESS = (Role.PREPARER, Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER)


@role_required(*BUSINESS)
def index(request):
    """A department's reports and where to start one (posted here); a finance reviewer's place is the overview."""
    if request.method == "POST":
        return start(request)
    mine = permissions.department_ids(request.user)
    if not mine:
        return redirect("monitoring:overview")
    preparing = permissions.department_ids(request.user, Role.PREPARER)
    return render(request, "monitoring/index.html", {
        "reports": services.visible_reports(request.user).filter(department_id__in=mine),
        "departments": Department.objects.filter(pk__in=preparing),
        "years": sorted(set(Evaluation.objects.filter(department_id__in=preparing).values_list("year", flat=True)),
                        reverse=True),
        "months": MONTHS,
    })


def start(request):
    if not permissions.has_role(request.user, Role.PREPARER):
        denied(request, "新建运行监控报告需要填报人角色")
        raise PermissionDenied("只有部门填报人可以新建监控报告。")
    department = Department.objects.filter(
        pk=params.integer(request.POST.get("department"), -1),
        pk__in=permissions.department_ids(request.user, Role.PREPARER)).first()
    year, month = params.year(request.POST.get("year")), params.integer(request.POST.get("month"))
    problem = ("请选择本部门（部门）" if department is None else "请选择年度（年度）" if year is None
               else "请选择 1 到 12 月的截至月份（截至月份）" if not 1 <= month <= 12
               else None)
    if problem is None and not Evaluation.objects.filter(department=department, year=year).exists():
        problem = f"{department.name}没有 {year} 年度的绩效自评，无法取得项目、预算和指标（年度）"
    if problem:
        messages.error(request, f"未新建监控报告：{problem}。")
        return redirect("monitoring:index")
    report, created = services.start_report(department, year, month, request.user, request)
    named = f"{report.department.name} {report.period}"
    if created:
        messages.success(request, f"已新建运行监控报告：{named}（项目、预算和指标取自 {year} 年度自评）。")
    else:  # that period has its report already: it is opened, not made twice
        messages.info(request, f"未新建：{named}已有运行监控报告，已为您打开。")
    return redirect("monitoring:report", report.pk)


def _report(request, report_id: int) -> MonitoringReport:
    # who submitted it is on the page of a submitted report: read with it, not by a query of its own; by a statement
    # written once per process (web.lookups), `visible_reports` asked in Python of the row
    report = lookups.one_related(MonitoringReport, ("department", "submitted_by"), ("id",), [report_id])
    return allowed_or_404(request, report, report is not None and services.sees_report(request.user, report),
                          f"无权查看运行监控报告 {report_id}", "没有这个运行监控报告。")


@role_required(*BUSINESS)
def report(request, report_id: int):
    """The report: read by everyone who may see it, entered by its department's preparers, submitted from here
    (the submit form posts action=submit)."""
    found = _report(request, report_id)
    if request.method == "POST":
        return submit(request, found) if request.POST.get("action") == "submit" else _save(request, found)
    return _page(request, found)


def _page(request, report: MonitoringReport, typed=None, errors=None, status: int = 200, revision=None):
    rules_now, editable = services.rules(), services.can_edit(request.user, report)
    if typed is None and errors is None:  # the rows as stored: drawn once for each state of the report and its rows
        lines, problems = fragments.kept(
            "monitoring-report", (report.pk, report.revision, report.updated, report.status, editable),
            lambda: _lines(report, None, None, editable))
    else:  # a refused post's page: what was typed, with its problems
        lines, problems = _lines(report, typed, errors, editable)
    return fragments.render(request, "monitoring/report.html", {
        "report": report, "lines": lines, "editable": editable,
        "time_progress": percent(time_progress(report.month)), "rules": rules_now,
        "spending_bands": rules_now.spending.summary(),
        "implausible_rate": IMPLAUSIBLE_RATE,
        "revision": report.revision if revision is None else revision,
        "problems": problems,
    }, status=status)


def _lines(report: MonitoringReport, typed, errors, editable: bool) -> tuple[fragments.Html, list[str]]:
    """The report's rows drawn, and what submitting still needs when it is editable: the rows read once for both."""
    rows = services.rows_of(report)
    problems = services.submission_problems(report, [row for row, _ in rows]) if editable else []
    return fragments.Html(report_lines(row_lines(rows, typed, errors), editable)), problems


def _save(request, report: MonitoringReport):
    if not services.can_edit(request.user, report):
        if report.editable or not services.prepares(request.user, report):
            denied(request, f"运行监控报告 {report.pk} 不可修改")
            raise PermissionDenied("此报告已提交或您不是本部门填报人，不能修改。")
        return _frozen(request, report, services.read_post(report, request.POST))
    reading = services.read_post(report, request.POST)
    if reading.problems:
        messages.error(request, f"未保存：{len(reading.problems)} 处输入有误，请按红字修改（您的输入都保留在下方）。"
                       + first_named([f"{e.label}：{e.problem}" for e in reading.problems]))
        return _page(request, report, reading.typed(), reading.errors(), 400, request.POST.get("revision"))
    try:
        saved = services.save(request, report, reading, params.integer(request.POST.get("revision"), -1))
    except services.NotEditable:
        report.refresh_from_db()
        if report.editable:  # no longer the department's preparer
            denied(request, f"运行监控报告 {report.pk} 不可修改")
            raise PermissionDenied("您不是本部门填报人，不能修改。") from None
        return _frozen(request, report, reading)  # submitted between this page's reading and its save
    if saved.conflicts:
        report.refresh_from_db()
        # the last save may have been this user's own, in another tab: not “他人” (save_messages.same_user)
        own = same_user(report.updated_by, request.user)
        who = f"在您打开此页后已由{OWN_OTHER_SAVE.format(person(report.updated_by))}修改" if own \
            else "他人已在您打开此页后修改"
        messages.error(request, f"{len(saved.rows)} 处已保存；{len(saved.conflicts)} 处{who}，"
                                "您的输入保留在下方（尚未保存），请核对后再次保存，再次保存将以您的输入为准。")
        other = "另一次保存" if own else "他人"
        return _page(request, report, {e.name: e.typed for e, _ in saved.conflicts},
                     {e.name: f"{other}已改为“{theirs}”，您的输入尚未保存" for e, theirs in saved.conflicts}, 409)
    messages.success(request, f"已保存 {len(saved.rows)} 处修改，预警已按规则重新计算。" if saved.rows else "没有修改。")
    return redirect(reverse("monitoring:report", args=[report.pk]) + (f"#row-{saved.rows[0]}" if saved.rows else ""))


def _frozen(request, report: MonitoringReport, reading: services.Reading):
    """The report again, read-only, with what was typed beside what is stored and why it was not saved (the report
    was submitted after the page was opened): the refusal is the status's, not the user's."""
    messages.error(request, services.frozen_message(report))
    unsaved = reading.unsaved()
    return _page(request, report, {e.name: e.typed for e in unsaved}, {e.name: e.problem for e in unsaved if e.problem},
                 409)


def submit(request, found: MonitoringReport):
    try:
        problems = services.submit(request, found)
    except services.NotEditable:
        denied(request, f"运行监控报告 {found.pk} 不可提交")
        raise PermissionDenied("此报告已提交或您不是本部门填报人。") from None
    if problems:
        messages.error(request, f"未提交：{'；'.join(problems[:8])}{'……' if len(problems) > 8 else ''}")
    else:
        messages.success(request, "已提交。财政部门可在运行监控一览中查看。")
    return redirect("monitoring:report", found.pk)


@role_required(Role.FINANCE_REVIEWER)
def overview(request):
    """All the bureau's departments' monitoring on one page: department × project rows with their warnings, drawn
    once for each state of what it shows and each scope and filters (every reviewer of the same bureaus sees the
    same overview; a forced reload draws the page around it only)."""
    query = request.GET
    parts = (sorted(permissions.bureau_ids(request.user)), *(query.get(name) for name in overview_query.FILTERS),
             overview_query.LIMIT)
    content = fragments.kept("monitoring-overview", parts, lambda: fragments.Html(render_to_string(
        "monitoring/overview_content.html", overview_query.overview(request.user, query))))
    return fragments.render(request, "monitoring/overview.html", {"content": content})
