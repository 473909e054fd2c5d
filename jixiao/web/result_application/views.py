"""结果应用 pages: the bureau's table of next year's budget suggestions with its decisions, and rectification notices
(the bureau issues, the department replies). Views ask `permissions`, read with `services`, never compute."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from jixiao.core.cycle.result_application import NOTICE_STATES
from jixiao.core.errors import InputError
from jixiao.web import lookups, params
from jixiao.web.accounts import permissions
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import allowed_or_404, exported
from jixiao.web.bureau.models import ExportJob
from jixiao.web.bureau.services import queue_export
from jixiao.web.evaluations.models import LIST_DEFERRED, Evaluation
from jixiao.web.paging import paged

from . import exports, services

BUSINESS = (Role.PREPARER, Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER)


@role_required(*BUSINESS)
def index(request):
    """The bureau's suggestions of a year, one line per department; a department's users go to their notices."""
    if not permissions.has_role(request.user, Role.FINANCE_REVIEWER):
        return redirect("result_application:notices")
    qualifying = services.bureau_evaluations(request.user)
    years = sorted(set(qualifying.values_list("year", flat=True)), reverse=True)
    year = params.year(request.GET.get("year")) or (years[0] if years else None)
    # 50 departments a page: each line needs its evaluation's analysis, and a province has thousands
    page, page_query = paged(request, qualifying.filter(year=year).order_by("department__name", "pk")
                             .defer(*LIST_DEFERRED) if year else Evaluation.objects.none())
    try:
        rules = services.rules()
        lines = services.overview(list(page.object_list))
    except InputError as error:
        return _rules_broken(request, error)
    return render(request, "result_application/index.html", {"years": years, "year": year, "lines": lines,
                                                               "rules": rules, "page": page, "page_query": page_query})


def _rules_broken(request, error: InputError):
    """A bureau's rule file that cannot be used: said in Chinese, with the rule and line, instead of suggestions."""
    return render(request, "result_application/rules_error.html", {"error": str(error)})


def _evaluation(request, pk: int):
    # `bureau_evaluations` asked in Python of the row read by a statement written once per process (web.lookups)
    evaluation = lookups.one_related(Evaluation, ("department",), ("id",), [pk])
    return allowed_or_404(request, evaluation, evaluation is not None and services.decides_on(request.user, evaluation),
                          f"无权查看自评 {pk} 的预算安排建议", "没有这份可安排预算的自评。")


@role_required(Role.FINANCE_REVIEWER)
def suggestions(request, pk: int):
    """One evaluation's suggestions, per department and project, with the bureau's decision on each row: one form for
    the table, every changed row recorded on 保存 (a row refused keeps what was typed; the others are recorded)."""
    evaluation = _evaluation(request, pk)
    try:
        rows = services.rows_of(evaluation)
    except InputError as error:
        return _rules_broken(request, error)
    status, focus = 200, ""
    if request.method == "POST":
        saved = services.decide_all(request, evaluation, rows, request.POST)
        if saved.recorded:
            messages.success(request, f"已记录对{_names(saved.recorded)}的决定。")
        if not saved.refused:
            if not saved.recorded:
                messages.success(request, "没有改动。")
            return redirect(request.path)
        rows = _with_refused(services.rows_of(evaluation), saved.refused)  # the recorded rows as now stored
        refused = "；".join(f"未记录对“{row.suggestion.subject.name}”的决定：{'；'.join(row.errors.values())}"
                           for row in saved.refused)
        messages.error(request, f"{refused}。请按该行红字修改后再点“保存”（您的输入都保留在该行）。")
        first = saved.refused[0]
        focus, status = services.row_field(next(iter(first.errors)), first.key), 400  # the page opens at it
    return render(request, "result_application/suggestions.html", {
        "evaluation": evaluation, "rows": rows, "totals": services.totals_of(rows), "choices": services.Choice.choices,
        "rules": services.rules(), "focus": focus,
        "notices": services.evaluation_notices(evaluation)}, status=status)


def _names(rows) -> str:
    return "、".join(f"“{row.suggestion.subject.name}”" for row in rows)


def _with_refused(rows, refused):
    """The rows read again, each refused one with its errors and what was typed."""
    by_key = {row.key: row for row in refused}
    for row in rows:
        if row.key in by_key:
            row.errors, row.typed = by_key[row.key].errors, by_key[row.key].typed
    return rows


@role_required(Role.FINANCE_REVIEWER)
def workbook(request, pk: int):
    """The suggestion table with the decisions as an .xlsx workbook."""
    evaluation = _evaluation(request, pk)
    content = exports.suggestions_workbook([(evaluation, services.rows_of(evaluation))])
    exported(request, "evaluation", evaluation.pk, "预算安排建议表（xlsx）")
    return _xlsx(content, f"{evaluation.department.name}{evaluation.year}年度预算安排建议"
                          f"{exports.generated_mark(evaluation)}.xlsx")  # as the disclosure files name it


@require_POST
@role_required(Role.FINANCE_REVIEWER)
def year_workbook(request, year: int):
    """Every qualifying evaluation of a year, a sheet each: built by a worker (each sheet needs its evaluation's
    analysis; a province's bureau has thousands), its progress and download on the export page."""
    if params.year(str(year)) is None:
        raise Http404("没有这个年度。")
    if not services.bureau_evaluations(request.user).filter(year=year).exists():  # an empty workbook is no answer
        messages.error(request, f"{year} 年度没有可提出预算安排建议的自评（部门已审核或财政已接收的），未生成建议表。")
        return redirect(f"{reverse('result_application:index')}?year={year}")
    return redirect("bureau:export", queue_export(request, ExportJob.Kind.SUGGESTIONS, year).pk)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@role_required(Role.FINANCE_REVIEWER)
def notice_new(request, pk: int):
    evaluation = _evaluation(request, pk)
    draft = services.NoticeDraft(title=services.default_notice_title(evaluation),
                                 items=[{"demand": "", "finding": ""} for _ in range(services.NOTICE_ITEMS)])
    status = 200
    today = timezone.localdate()
    if request.method == "POST":
        draft = services.read_notice(evaluation, request.POST, today)
        if not draft.errors:
            notice = services.issue_notice(request, evaluation, draft)
            messages.success(request, f"已向{evaluation.department.name}下发整改通知。")
            return redirect("result_application:notice", notice.pk)
        status = 400
    return render(request, "result_application/notice_new.html", {
        "evaluation": evaluation, "draft": draft, "findings": services.finding_choices(evaluation),
        "example": services.example_deadline(today).isoformat()}, status=status)


@role_required(*BUSINESS)
def notices(request):
    """Open, answered and overdue notices: the bureau's for its departments, a department's own."""
    state = request.GET.get("state", "")
    found = services.with_states(services.visible_notices(request.user))
    shown = [n for n in found if n.state == state] if state in NOTICE_STATES else found
    counts = {key: sum(1 for n in found if n.state == key) for key in NOTICE_STATES}
    return render(request, "result_application/notices.html", {
        "notices": shown, "state": state, "states": [(k, v, counts[k]) for k, v in NOTICE_STATES.items()],
        "is_bureau": permissions.has_role(request.user, Role.FINANCE_REVIEWER)})


@role_required(*BUSINESS)
def notice(request, notice_id: int):
    """A notice and its items; the department's preparer or reviewer replies per item, the bureau closes an answered
    notice or returns it with a reason (then the department replies again)."""
    # who issued it and who replied to each item are shown: read with the notice and the items, not one query each
    found, read_items = services.notice_with_items(notice_id)
    found = allowed_or_404(request, found, found is not None and services.sees_notice(request.user, found),
                           f"无权查看整改通知 {notice_id}", "没有这份整改通知。")
    replying, reviewing = services.can_reply(request.user, found), services.can_review(request.user, found)
    state = services.state_of(found, read_items)
    errors, typed, status = {}, {}, 200
    if request.method == "POST" and ("action" in request.POST or "review_note" in request.POST):  # the review form
        if not reviewing:
            raise Http404("只有财政部门可以审核整改反馈。")
        action, note, errors = services.read_review(state.state, request.POST)
        if not errors:
            try:
                services.review(request, found, action, note)
            except ValueError as refused:  # the notice changed since the page was drawn
                errors = {"action": f"审核：{refused}"}
            else:
                messages.success(request, "已办结该整改通知。" if action == "close" else "已退回，部门可以补充整改后重新反馈。")
                return redirect("result_application:notice", found.pk)
        typed, status = {"review_note": request.POST.get("review_note", "")}, 400
    elif request.method == "POST":
        if not replying:
            raise Http404("只有被通知的部门可以反馈（已办结的通知不再反馈）。")
        changed, errors = services.read_replies(found, request.POST)
        if not errors:
            try:
                if changed:
                    services.reply(request, found, changed)
            except services.Closed as closed:
                messages.error(request, str(closed))
            else:
                messages.success(request, f"已保存 {len(changed)} 项整改反馈。" if changed else "没有改动。")
            return redirect("result_application:notice", found.pk)
        typed, status = {k: v for k, v in request.POST.items() if k.startswith("reply-")}, 400
    if request.method == "POST":  # a refused post: the items as they are now
        read_items = services.items_of(found.pk)
    items = [(item, f"reply-{item.pk}", typed.get(f"reply-{item.pk}", item.reply), errors.get(f"reply-{item.pk}"),
              services.item_place(item, found)) for item in read_items]
    return render(request, "result_application/notice.html", {
        "notice": found, "state": state, "items": items, "replying": replying, "errors": errors, "typed": typed,
        "actions": services.review_actions(state.state) if reviewing else []}, status=status)
