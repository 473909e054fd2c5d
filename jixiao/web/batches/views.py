"""The batches page: a finance reviewer starts a rescoring or a disclosure batch for its bureaus, a system
administrator for any bureau (a rescoring for all of them too); both watch progress and the failed items' reasons.
A batch is shown at ?batch=ID on the same page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from jixiao.web import params
from jixiao.web.accounts import permissions
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import visible_or_404
from jixiao.web.organisations.models import FinanceBureau
from jixiao.web.worker.recovery import workers_alive

from . import services, starting
from .models import Batch, BatchItem
from .rescoring import GOAL_SET_KEY

SHOWN_ITEMS = 200


def _is_admin(user) -> bool:
    return permissions.has_role(user, Role.SYSTEM_ADMIN)


def _bureaus(user):
    if _is_admin(user):
        return FinanceBureau.objects.order_by("name")
    return FinanceBureau.objects.filter(pk__in=permissions.bureau_ids(user)).order_by("name")


def _batches(user):
    found = Batch.objects.select_related("finance_bureau")
    return found if _is_admin(user) else found.filter(finance_bureau_id__in=permissions.bureau_ids(user))


@role_required(Role.FINANCE_REVIEWER, Role.SYSTEM_ADMIN)
def index(request):
    if request.method == "POST":
        started, error = _start(request)
        if started is not None:  # said on the batch's page, in the part that follows its progress (`_started`)
            return redirect(f"{request.path}?batch={started.pk}&started=1")
        messages.error(request, error)
    if request.GET.get("batch") is not None:
        return _batch_page(request, params.integer(request.GET.get("batch")))
    batches = list(_batches(request.user)[:50])
    for batch in batches:  # a finished batch's counts are on its row; a running one's are counted (few run at once)
        counts = services.counts(batch.pk) if batch.state == Batch.State.RUNNING else {}
        batch.pending = sum(counts.get(state, 0) for state in services.PENDING)
        batch.failed_now = counts.get(BatchItem.State.FAILED, batch.failed)
    return render(request, "batches/index.html", {
        "batches": batches, "bureaus": _bureaus(request.user), "is_admin": _is_admin(request.user),
        "no_worker": any(b.pending for b in batches) and not workers_alive(),
    })


def _start(request) -> tuple[Batch | None, str]:
    """The batch the form asks for, or why not (in Chinese)."""
    kind = request.POST.get("kind")
    bureau_field = request.POST.get("bureau") or ""
    bureau = _bureaus(request.user).filter(pk=params.integer(bureau_field, -1)).first()
    if kind == Batch.Kind.RESCORE:
        if bureau is None and not (bureau_field == "all" and _is_admin(request.user)):
            return None, "请选择要重新评分的财政局。"
        return starting.start_rescore(bureau=bureau, user=request.user, request=request), ""
    if kind == Batch.Kind.DISCLOSURE:
        year = params.year(request.POST.get("year"))
        if bureau is None:
            return None, "请选择要生成信息公开文件的财政局。"
        if year is None:
            return None, f"年度应为 {params.FIRST_YEAR}–{params.LAST_YEAR} 之间的四位数字，如 2023。"
        return starting.start_disclosure(bureau=bureau, year=year, user=request.user, request=request), ""
    return None, "未知的批量任务类型，请从本页的表单发起。"


def _started(batch: Batch, counts: dict) -> tuple[str, str]:
    """(message, its kind) for the person who just started the batch, shown where the progress refreshes: a flash
    message at the top said 已发起 long after the batch had finished. Once it has, it says how it ended."""
    kind = batch.get_kind_display()
    if batch.state == Batch.State.RUNNING:
        return f"已发起{kind}，共 {batch.total} 项，由后台工作进程执行，本页自动显示进度。", "success"
    failed = counts[BatchItem.State.FAILED]
    if failed:
        return f"{kind}已执行完毕：共 {batch.total} 项，其中 {failed} 项失败，原因见下。", "warning"
    return f"{kind}已执行完毕：共 {batch.total} 项，全部完成。", "success"


def _batch_page(request, batch_id: int):
    batch = visible_or_404(request, _batches(request.user), batch_id, f"无权查看批量任务 {batch_id}",
                           "没有这个批量任务。")
    counts = services.counts(batch.pk)
    ended = counts[BatchItem.State.DONE] + counts[BatchItem.State.FAILED]
    items = batch.items.all()
    started = request.GET.get("started") == "1" and batch.started_by_id == request.user.pk
    is_admin = _is_admin(request.user)
    return render(request, "batches/batch.html", {
        "started": _started(batch, counts) if started else None,
        "batch": batch, "counts": [(label, counts[value]) for value, label in BatchItem.State.choices],
        "percent": 100 * ended // batch.total if batch.total else 100,
        "failed": items.filter(state=BatchItem.State.FAILED)[:SHOWN_ITEMS],
        "items": items[:SHOWN_ITEMS] if is_admin else _linked(batch, items[:SHOWN_ITEMS]),
        "show_summary": not is_admin,
        "no_worker": ended < batch.total and not workers_alive(),
    })


def _linked(batch: Batch, items) -> list[BatchItem]:
    """Each finished item with the page where its result is seen (`item.link`): the public page whose PDF and Excel
    were generated, the evaluation or goal set rescored, the report audited. A trial read "PDF 615 KB" and looked for
    the file. Not for the administrators, who see no business data."""
    pages = {Batch.Kind.DISCLOSURE: "disclosure:evaluation", Batch.Kind.RESCORE: "evaluations:detail",
             Batch.Kind.AUDIT: "bureau:report"}
    shown = list(items)
    for item in shown:
        item.link = ""
        if item.state != BatchItem.State.DONE or batch.kind not in pages:
            continue
        if item.key.startswith(GOAL_SET_KEY):
            key, name = item.key[len(GOAL_SET_KEY):], "goals:detail"
        else:
            key, name = item.key, pages[batch.kind]
        pk = params.integer(key, None)  # a key naming no row (a bureau's, a year's) links nowhere
        if pk is not None and pk >= 0:
            item.link = reverse(name, args=[pk])
    return shown
