"""Starting a batch, running one of its items, and reading its progress.

An item is claimed with one conditional UPDATE (queued → running, or running under the same queue task when a lost
worker's task is run again), so two workers never do the same item and a done item is never done again. A handler's
unexpected exception is retried up to MAX_ATTEMPTS times, then the item fails with the reason; an item's failure
never fails its batch. The batch finishes when no item is queued or running: each item checks that after its own
commit, so the last to end sees every other item ended."""

from __future__ import annotations

import logging
from contextlib import contextmanager, nullcontext

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.tasks import enqueue_on_commit

from .errors import ItemRefused
from .kinds import KINDS, Items
from .models import Batch, BatchItem

MAX_ATTEMPTS = 3
ENQUEUE_CHUNK = 500
FIRST_CHUNK = 8  # about what a few workers take in their first moments
PENDING = (BatchItem.State.QUEUED, BatchItem.State.RUNNING)
AUDITED_AS = {Batch.Kind.RESCORE: Action.ADMIN, Batch.Kind.DISCLOSURE: Action.EXPORT, Batch.Kind.AUDIT: Action.IMPORT}

log = logging.getLogger(__name__)


def start(kind: str, items: Items, *, user=None, bureau=None, parameters: dict | None = None,
          request=None) -> Batch:
    """A batch of `items`, each queued as its own task once this transaction commits."""
    with transaction.atomic():
        batch = Batch.objects.create(kind=kind, started_by=user, finance_bureau=bureau, parameters=parameters or {},
                                     total=len(items), started_by_name=(user.first_name or user.get_username()) if user else "命令行")
        created = BatchItem.objects.bulk_create(BatchItem(batch=batch, key=key, label=label[:300])
                                                for key, label in items)
        record(AUDITED_AS[kind], request, username="" if request else batch.started_by_name, object_type="batch",
               object_id=batch.pk, detail=f"发起{batch.get_kind_display()}（{_scope(batch)}，{len(items)} 项）")
        ids = [item.pk for item in created]
        transaction.on_commit(lambda: enqueue_items(ids))
        if not created:
            finish_if_complete(batch.pk)
    return batch


def enqueue_items(ids: list[int]) -> None:
    """Each item's task, queued ENQUEUE_CHUNK to a transaction: one commit per task (enqueue_on_commit's way) made
    queuing the one step of a batch no worker can share, at ~120 tasks/s (bench/batch.py). The first FIRST_CHUNK
    are committed on their own, so that the workers start on them while the rest are being queued."""
    from .tasks import run_item

    for start, end in _chunks(len(ids)):
        with transaction.atomic():
            for item_id in ids[start:end]:
                run_item.enqueue(item_id)


def _chunks(count: int) -> list[tuple[int, int]]:
    bounds = [0, *range(min(FIRST_CHUNK, count), count, ENQUEUE_CHUNK), count]
    return [(start, end) for start, end in zip(bounds, bounds[1:]) if end > start]


def resume(batch_id: int) -> int:
    """Queue again every item still waiting (its task lost with a flushed Redis, or never queued because queuing
    failed half-way). Safe to repeat: a second task for an item finds it claimed or done and does nothing."""
    ids = list(BatchItem.objects.filter(batch_id=batch_id, state=BatchItem.State.QUEUED).values_list("pk", flat=True))
    enqueue_items(ids)
    return len(ids)


def _scope(batch: Batch) -> str:
    where = batch.finance_bureau.name if batch.finance_bureau else "全部财政局"
    year = batch.parameters.get("year")
    return f"{where} {year} 年度" if year else where


def run_item(item_id: int, task_id: str) -> str:
    claimed = BatchItem.objects.filter(pk=item_id).filter(
        Q(state=BatchItem.State.QUEUED) | Q(state=BatchItem.State.RUNNING, task_id=task_id)
    ).update(state=BatchItem.State.RUNNING, task_id=task_id, attempts=F("attempts") + 1, started=timezone.now())
    if not claimed:  # done, failed, or another worker's
        return "skipped"
    item = BatchItem.objects.select_related("batch").get(pk=item_id)
    mine = BatchItem.objects.filter(pk=item_id, state=BatchItem.State.RUNNING, task_id=task_id)
    kind, outcome = KINDS[item.batch.kind], None
    try:
        with transaction.atomic() if kind.together else nullcontext():  # a refusal or error rolls both back
            summary = kind.run(item.key, item.batch.parameters)
            if kind.together:
                outcome = _end(mine, BatchItem.State.DONE, summary=summary[:300])
    except ItemRefused as refused:
        outcome = _end(mine, BatchItem.State.FAILED, error=str(refused))
    except Exception as error:  # any other: logged with its traceback, tried again, then given up with the reason
        log.exception("批量任务 %s 条目 %s 第 %s 次执行出错", item.batch_id, item.key, item.attempts)
        if item.attempts < MAX_ATTEMPTS:
            return _retry(mine, item, error)
        outcome = _end(mine, BatchItem.State.FAILED,
                       error=f"执行 {item.attempts} 次均出错（{type(error).__name__}），已放弃；详情见系统日志")
    else:
        outcome = outcome or _end(mine, BatchItem.State.DONE, summary=summary[:300])
    finish_if_complete(item.batch_id)
    return outcome


@contextmanager
def commits_flushed_by_the_queue(backend: str):
    """Run an item with its commits (claim, work, end) not waiting for the disk, when the queue is this database's
    (django_tasks_db): the queue's own synchronous commit of the task's result, right after, flushes them all, the
    log being written in order. A database crash before that loses them, while the task's claim stays: the queue
    runs the task again (worker/recovery.py), which takes the item back (it is idempotent). Each commit that waits
    for the disk cost ~6 ms on the shared machine, and two workers' commits wait in turn (bench/batch.py).
    Not on Redis: no commit of the queue's would follow in this database."""
    from django_tasks_db import DatabaseBackend

    from jixiao.web.tasks import task_backends

    if connection.vendor != "postgresql" or not isinstance(task_backends[backend], DatabaseBackend) \
            or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _end(mine, state: str, *, error: str = "", summary: str = "") -> str:
    mine.update(state=state, error=error, summary=summary, finished=timezone.now())
    return state


def _retry(mine, item: BatchItem, error: Exception) -> str:
    from .tasks import run_item

    with transaction.atomic():
        if mine.update(state=BatchItem.State.QUEUED, task_id="",
                       error=f"第 {item.attempts} 次执行出错（{type(error).__name__}），已重新排队"):
            enqueue_on_commit(run_item, item.pk)
    return "retry"


def fail_lost(item_id: int, reason: str) -> None:
    """An item whose task the queue gave up on (its worker died twice): failed with the reason."""
    item = BatchItem.objects.filter(pk=item_id, state__in=PENDING).first()
    if item is not None:
        BatchItem.objects.filter(pk=item_id, state__in=PENDING).update(
            state=BatchItem.State.FAILED, error=reason, finished=timezone.now())
        finish_if_complete(item.batch_id)


def finish_if_complete(batch_id: int) -> bool:
    pending = BatchItem.objects.filter(batch=OuterRef("pk"), state__in=PENDING)
    if not Batch.objects.filter(pk=batch_id, state=Batch.State.RUNNING).filter(~Exists(pending)) \
            .update(state=Batch.State.FINISHED, finished=timezone.now()):
        return False
    found = counts(batch_id)
    Batch.objects.filter(pk=batch_id).update(done=found[BatchItem.State.DONE], failed=found[BatchItem.State.FAILED])
    return True


def counts(batch_id: int) -> dict[str, int]:
    """How many items are in each state (every state present, 0 when none)."""
    found = dict(BatchItem.objects.filter(batch_id=batch_id).values_list("state").annotate(n=Count("pk")))
    return {state: found.get(state, 0) for state in BatchItem.State.values}
