"""Tasks left RUNNING by a worker that died (killed, out of memory, machine restarted) are run once more, and after
that marked failed with a reason, so that no page waits for them for ever.

A worker is alive while its WorkerProcess row exists and, on this machine, its process exists, or, on another
machine, it has beaten within STALE_SECONDS. A task claimed by a worker that never registered (a plain
`db_worker`) is taken as lost once it has run for UNREGISTERED_SECONDS. A worker that exits puts back a task it still
holds claimed (release_own).
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jixiao.web.tasks import TaskResultStatus, task_backends, task_finished

from .models import WorkerProcess

LOST_REASON = "任务执行中断（工作进程退出），已重试 1 次仍未完成"
RETRIES = 1
STALE_SECONDS = 600  # longer than any task goes without a heartbeat (an audit of the largest file takes ~20 s)
UNREGISTERED_SECONDS = 3600
FORGET_WORKER_DAYS = 1

log = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running a task stopped before the task finished (stored as the task's exception class)."""


LOST_CLASS_PATH = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's
        return True
    return True


def worker_alive(worker: WorkerProcess | None, started_at, now) -> bool:
    if worker is None:
        return started_at is not None and now - started_at < timedelta(seconds=UNREGISTERED_SECONDS)
    if worker.host == socket.gethostname() and not pid_alive(worker.pid):
        return False
    return now - worker.seen < timedelta(seconds=STALE_SECONDS)


def recover_stale(now=None) -> dict[str, str]:
    """Re-queue (first time) or fail (after RETRIES) each RUNNING task whose worker is gone: {task id: outcome}."""
    now = now or timezone.now()
    outcomes = {}
    running = list(DBTaskResult.objects.running().only("id", "worker_ids", "started_at"))
    workers = WorkerProcess.objects.in_bulk({r.worker_ids[-1] for r in running if r.worker_ids})
    for result in running:
        worker = workers.get(result.worker_ids[-1]) if result.worker_ids else None
        if not worker_alive(worker, result.started_at, now):
            outcomes[str(result.id)] = _requeue_or_fail(result, now)
    _forget_dead_workers(now)
    return outcomes


def release_own(worker_id: str, now=None) -> dict[str, str]:
    """At a worker's exit: a task still marked as claimed by it is not running any more (its worker let the task
    under way finish, or was stopped inside a claim): re-queued (or failed after RETRIES) at once, as for a worker
    that died, rather than after UNREGISTERED_SECONDS once its row is gone."""
    now = now or timezone.now()
    running = DBTaskResult.objects.running().only("id", "worker_ids", "started_at")
    return {str(r.id): _requeue_or_fail(r, now) for r in running if r.worker_ids and r.worker_ids[-1] == worker_id}


def _requeue_or_fail(result: DBTaskResult, now) -> str:
    # conditional on the claim it saw, so that two workers recovering at once act once
    claimed = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at)
    if len(result.worker_ids) <= RETRIES:
        if claimed.update(status=TaskResultStatus.READY, started_at=None):
            log.warning("任务 %s 的工作进程已退出，重新排队", result.pk)
            return "requeued"
        return "taken"
    if not claimed.update(status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
                          exception_class_path=LOST_CLASS_PATH, traceback=LOST_REASON):
        return "taken"
    log.error("任务 %s：%s", result.pk, LOST_REASON)
    failed = DBTaskResult.objects.get(pk=result.pk)
    try:  # the task's owner (a report audit, an export) marks its own row failed with the reason
        task_finished.send(type(task_backends[failed.backend_name]), task_result=failed.task_result)
    except Exception:  # a task whose code is gone: the queue row says why, nothing else to tell
        log.exception("任务 %s 的失败通知未能送达", result.pk)
    return "failed"


def _forget_dead_workers(now) -> None:
    here = socket.gethostname()
    dead = [w.pk for w in WorkerProcess.objects.filter(host=here) if not pid_alive(w.pid)]
    WorkerProcess.objects.filter(pk__in=dead).delete()
    WorkerProcess.objects.filter(seen__lt=now - timedelta(days=FORGET_WORKER_DAYS)).delete()


def workers_alive(within_seconds: int = 120) -> bool:
    """Whether any worker has beaten lately: the pages warn when work waits with no worker to run it."""
    from jixiao.web import pagecache

    return WorkerProcess.objects.filter(seen__gte=pagecache.now() - timedelta(seconds=within_seconds)).exists()


def is_lost(task_result) -> bool:
    """Whether a failed task failed because its worker died (as opposed to an error of the task itself)."""
    return any(error.exception_class_path == LOST_CLASS_PATH for error in task_result.errors)
