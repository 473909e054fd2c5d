"""Every finished task: one log line with its name, id, status and duration, and its duration counted in the
database (models.TaskTiming) for /metrics. Neither may fail the task.

Counts are added to one row per (task, status, bucket) that every worker shares. In a `jixiao worker` process
(worker/process.py turns `buffer_counts` on) they are kept in this process's memory and added to the database in
one transaction, one UPDATE per key, by `flush`: after a task once FLUSH_SECONDS have passed since the last flush,
whenever the worker goes idle, when it stops and at exit. Two workers running the same task thus no longer wait for
each other's lock on that row after every task, nor spend a query and a commit on it. The trade: while a worker is
busy, /metrics shows the tasks it ended in the last FLUSH_SECONDS late (until the task under way ends), and a worker
killed outright (SIGKILL, out of memory, the machine going down) loses their counts; one stopped by SIGTERM loses
none. A flush that fails is logged and keeps its counts for the next (docs/deployment.md, /metrics).

Elsewhere (web processes, the tests' in-process queue, RQ's work horses, which leave by os._exit so no exit hook
would run) each count is written at once, as before.
"""

from __future__ import annotations

import atexit
import logging
import threading
import time

from django.db import IntegrityError, transaction
from django.db.models import F

from jixiao.web.tasks import task_finished

from .buckets import TASK_SECONDS, bucket_of
from .models import TaskTiming

FLUSH_SECONDS = 5.0

task_log = logging.getLogger("jixiao.tasks")

_lock = threading.Lock()
_pending: dict[tuple[str, str, int], list] = {}  # (task, status, bucket) → [count, seconds] not yet in the database
_buffered = False
_last_flush = 0.0


def connect() -> None:
    task_finished.connect(on_task_finished, dispatch_uid="jixiao.web.metrics")


def on_task_finished(sender, task_result, **kwargs) -> None:
    name = task_result.task.module_path
    status = str(task_result.status)
    seconds = None
    if task_result.started_at and task_result.finished_at:
        seconds = max(0.0, (task_result.finished_at - task_result.started_at).total_seconds())
    duration_ms = None if seconds is None else round(seconds * 1000, 1)
    level = logging.INFO if status == "SUCCESSFUL" else logging.WARNING
    task_log.log(level, "任务 %s %s %s：%s ms", name, task_result.id, status, duration_ms,
                 extra={"task": name, "task_id": str(task_result.id), "task_status": status,
                        "duration_ms": duration_ms})
    if seconds is not None:
        try:
            record(name, status, seconds)
        except Exception:  # the figures are worth less than the task: say so and go on
            task_log.exception("任务 %s 的耗时未能记入运行指标", task_result.id)


def buffer_counts() -> None:
    """Keep counts in this process until `flush` (a worker process, which flushes when idle and when it stops)."""
    global _buffered, _last_flush
    if not _buffered:
        _buffered = True
        _last_flush = time.monotonic()
        atexit.register(flush)


def record(task: str, status: str, seconds: float) -> None:
    key = (task[:255], status, bucket_of(seconds, TASK_SECONDS))
    with _lock:
        entry = _pending.setdefault(key, [0, 0.0])
        entry[0] += 1
        entry[1] += seconds
    if not _buffered:
        flush()


def flush_if_due() -> None:
    if _pending and time.monotonic() - _last_flush >= FLUSH_SECONDS:
        flush()


def flush() -> bool:
    """Add the counts kept here to the database; False (logged, counts kept for the next flush) when that failed.
    Raises nothing but what stops the process (SystemExit from the worker's signal handler), counts kept."""
    global _last_flush
    with _lock:
        taken = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()  # a failed flush too: the next try waits its turn
    if not taken:
        return True
    try:
        _write(taken)
    except BaseException as error:
        _keep(taken)
        if not isinstance(error, Exception):  # the worker told to stop mid-flush: its last flush writes them
            raise
        task_log.exception("%s 次任务运行的耗时未能记入运行指标，留待下次再记", sum(c for c, _ in taken.values()))
        return False
    return True


def _keep(counts: dict[tuple[str, str, int], list]) -> None:
    with _lock:
        for key, (count, seconds) in counts.items():
            entry = _pending.setdefault(key, [0, 0.0])
            entry[0] += count
            entry[1] += seconds


def _write(counts: dict[tuple[str, str, int], list]) -> None:
    with transaction.atomic():  # one commit; inside a caller's transaction a savepoint, which leaves it usable
        for key in sorted(counts):  # the same order in every process: two flushes never wait on each other in a ring
            _add(dict(zip(("task", "status", "bucket"), key)), *counts[key])


def _add(key: dict, count: int, seconds: float) -> None:
    rows = TaskTiming.objects.filter(**key)
    if rows.update(count=F("count") + count, seconds=F("seconds") + seconds):
        return
    try:
        with transaction.atomic():
            TaskTiming.objects.create(**key, count=count, seconds=seconds)
            return
    except IntegrityError:  # another worker created the row first: add to it
        pass
    rows.update(count=F("count") + count, seconds=F("seconds") + seconds)
