"""`jixiao worker`: one background worker process running the queued tasks.

It is the database backend's own worker (django_tasks_db's `Worker`, which claims each task in a transaction so that
any number of workers on any machine share the queue), wrapped in a loop that also registers the process, beats
while it lives, and recovers the tasks of workers that died (recovery.py) at start and every RECOVERY_SECONDS.
"""

from __future__ import annotations

import logging
import os
import socket
import time

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from jixiao.web.metrics import signals as task_timings
from jixiao.web.pagecache import revision

from .models import WorkerProcess
from .recovery import recover_stale, release_own

HEARTBEAT_SECONDS = 10
RECOVERY_SECONDS = 30

log = logging.getLogger(__name__)


class _Beat:
    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.last = 0.0

    def __call__(self) -> None:
        if time.monotonic() - self.last >= HEARTBEAT_SECONDS:
            WorkerProcess.objects.filter(pk=self.worker_id).update(seen=timezone.now())
            self.last = time.monotonic()


_beat: _Beat | None = None


def heartbeat() -> None:
    """Tasks call this at their progress points, so that a long task does not look like a dead worker. Outside a
    worker process (the web process, the tests' in-process queue) it does nothing."""
    if _beat is not None:
        _beat()


def wait_for_the_disk(wait: bool) -> None:
    """Whether this process's commits wait until they are on disk (PostgreSQL's synchronous_commit; ~6 ms a commit
    on the shared machine, and two workers' commits wait in turn). Between tasks they do not: a task's claim, the
    heartbeat, recovery and the metrics' flush. Losing those in a database crash loses nothing a task relied on:
    the log is written in order, and the commit of each task's result, which does wait, flushes its claim and its
    work with it; a claim lost with its task's work leaves the task ready to be run again."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit" if wait else "SET synchronous_commit TO OFF")


class _Worker(Worker):
    def run_task(self, db_task_result) -> None:
        self.running_task = True  # claimed: a SIGTERM from here on lets the task finish, as from super()'s start
        try:
            wait_for_the_disk(True)  # the task's result, and what the task commits itself
            if _beat is not None:  # every HEARTBEAT_SECONDS, not every task: a batch's short items cost no UPDATE each
                _beat()
            super().run_task(db_task_result)
        finally:
            wait_for_the_disk(False)
        task_timings.flush_if_due()  # here, between tasks and outside any transaction


def run(*, interval: float = 1.0, parent_pid: int | None = None, nice: int = 0, queue: str = "default") -> None:
    """Run tasks until SIGTERM/SIGINT (the task under way is finished first) or until the parent process is gone."""
    global _beat
    if nice:
        os.nice(nice)  # audits and zips give way to the web server's requests on the same machine
    host = socket.gethostname()
    worker_id = f"{host[:40]}-{os.getpid()}-{get_random_string(8)}"[:64]
    WorkerProcess.objects.create(id=worker_id, host=host, pid=os.getpid(), seen=timezone.now())
    wait_for_the_disk(False)
    worker = _Worker(queue_names=[queue], interval=interval, batch=True, backend_name="default", startup_delay=False,
                     max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
    worker.configure_signals()
    _beat = _Beat(worker_id)
    task_timings.buffer_counts()  # task timings go to the database every few seconds, not after every task
    log.info("后台工作进程已启动：%s", worker_id)
    next_recovery = 0.0
    try:
        while worker.running and not _orphaned(parent_pid):
            _beat()
            if time.monotonic() >= next_recovery:
                for task_id, outcome in recover_stale().items():
                    log.warning("中断的任务 %s：%s", task_id, outcome)
                fold_revisions()
                next_recovery = time.monotonic() + RECOVERY_SECONDS
            worker.run()  # batch mode: every task ready now, then back here
            task_timings.flush()  # idle: /metrics shows every task run so far
            close_old_connections()
            if worker.running:
                time.sleep(interval)
    finally:
        _beat = None
        task_timings.flush()
        for task_id, outcome in release_own(worker_id).items():
            log.warning("工作进程退出时仍占用的任务 %s：%s", task_id, outcome)
        WorkerProcess.objects.filter(pk=worker_id).delete()
        log.info("后台工作进程已停止：%s", worker_id)


def fold_revisions() -> None:
    """The page cache's table revisions of ended server processes merged (PostgreSQL; pagecache.revision.fold):
    every worker does it now and then, so no deployment needs a job of its own for it."""
    try:
        revision.fold(connection)
    except DatabaseError:
        log.warning("页面缓存修订号合并失败", exc_info=True)


def _orphaned(parent_pid: int | None) -> bool:
    return parent_pid is not None and os.getppid() != parent_pid
