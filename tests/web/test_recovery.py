"""Tasks left RUNNING by a worker that is gone: which are taken as lost, and what the reviewer then sees.
(Real workers killed with SIGKILL: test_worker_process.py.)"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jixiao.web.bureau.models import ExportJob, ReportAudit, ReportUpload
from jixiao.web.worker import process
from jixiao.web.worker.models import WorkerProcess
from jixiao.web.worker.recovery import LOST_REASON, STALE_SECONDS, UNREGISTERED_SECONDS, recover_stale

from ..conftest import SEEDS
from .conftest import client_for
from .queue import run_queue

CHANGLI = "000_c8758e53477b5b54.txt"


def _dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def _worker(pid: int, host: str | None = None, seen_ago: float = 0) -> str:
    worker_id = f"w-{pid}-{host or 'here'}-{seen_ago}"
    WorkerProcess.objects.create(id=worker_id, host=host or socket.gethostname(), pid=pid,
                                 seen=timezone.now() - timedelta(seconds=seen_ago))
    return worker_id


def _claimed_by(*worker_ids: str, started_ago: float = 0) -> DBTaskResult:
    """The report audit task as a worker left it: claimed by each of `worker_ids` in turn, the last still RUNNING."""
    result = DBTaskResult.objects.ready().get()
    for worker_id in worker_ids:
        result.claim(worker_id)
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - timedelta(seconds=started_ago))
    result.refresh_from_db()
    return result


@pytest.fixture
def queued_report(demo, django_capture_on_commit_callbacks) -> ReportAudit:
    client = client_for("changli_finance")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/bureau/reports/", {"files": [SimpleUploadedFile(CHANGLI, (SEEDS / CHANGLI).read_bytes())]})
    return ReportAudit.objects.get()


@pytest.mark.django_db
def test_a_task_of_a_dead_worker_is_queued_again_and_then_audited(queued_report):
    result = _claimed_by(_worker(_dead_pid()))
    assert recover_stale() == {str(result.pk): "requeued"}
    assert DBTaskResult.objects.get(pk=result.pk).status == "READY"
    assert ReportUpload.objects.filter(pk=queued_report.pk).exists()  # kept for the second attempt
    assert run_queue() == 1
    queued_report.refresh_from_db()
    assert queued_report.state == ReportAudit.State.DONE and queued_report.year == 2023


@pytest.mark.django_db
def test_a_task_whose_worker_died_twice_fails_and_the_reviewer_reads_why(queued_report):
    result = _claimed_by(_worker(_dead_pid()), _worker(_dead_pid()))
    assert recover_stale() == {str(result.pk): "failed"}
    failed = DBTaskResult.objects.get(pk=result.pk)
    assert failed.status == "FAILED" and failed.traceback == LOST_REASON
    queued_report.refresh_from_db()
    assert queued_report.state == ReportAudit.State.FAILED and queued_report.error == LOST_REASON
    assert not ReportUpload.objects.exists()  # nothing is left waiting for an audit that will not come
    page = client_for("changli_finance").get(f"/bureau/reports/{queued_report.pk}/").content.decode()
    assert f"无法读取：{LOST_REASON}" in page
    assert not WorkerProcess.objects.exists()  # the dead workers are forgotten
    assert run_queue() == 0


@pytest.mark.django_db
def test_an_export_whose_worker_died_twice_fails_with_the_reason(demo, django_capture_on_commit_callbacks):
    client = client_for("tongcheng_finance")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/bureau/export/", {"year": "2022"})  # the year 通城 has an accepted evaluation to pack
    result = _claimed_by(_worker(_dead_pid()), _worker(_dead_pid()))
    assert recover_stale() == {str(result.pk): "failed"}
    job = ExportJob.objects.get()
    assert job.state == ExportJob.State.FAILED and job.error == LOST_REASON
    assert f"生成失败：{LOST_REASON}" in client.get(f"/bureau/export/{job.pk}/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("worker, started_ago, lost", [
    ("this process", 7200, False),  # alive here, however long the task has run
    ("another machine, beat just now", 7200, False),
    ("another machine, silent too long", 0, True),
    ("never registered, running briefly", 60, False),
    ("never registered, running too long", UNREGISTERED_SECONDS + 60, True),
])
def test_which_running_tasks_are_taken_as_lost(queued_report, worker, started_ago, lost):
    worker_id = {
        "this process": lambda: _worker(os.getpid()),
        "another machine, beat just now": lambda: _worker(1, host="elsewhere"),
        "another machine, silent too long": lambda: _worker(1, host="elsewhere", seen_ago=STALE_SECONDS + 60),
    }.get(worker, lambda: "plain-db-worker")()
    result = _claimed_by(worker_id, started_ago=started_ago)
    assert recover_stale() == ({str(result.pk): "requeued"} if lost else {})
    assert DBTaskResult.objects.get(pk=result.pk).status == ("READY" if lost else "RUNNING")


@pytest.mark.django_db
def test_a_worker_beats_every_heartbeat_seconds_not_at_every_task(monkeypatch):
    """A batch's items follow each other in milliseconds: the worker says it is alive at most every
    HEARTBEAT_SECONDS (far inside STALE_SECONDS), not with an UPDATE per item; once that long has passed since its
    last beat, its next task beats again."""
    from .test_metrics import add_up

    worker_id = _worker(os.getpid(), seen_ago=300)
    beat = process._Beat(worker_id)
    monkeypatch.setattr(process, "_beat", beat)
    worker = process._Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                             startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[])

    def beats_running(tasks: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            for n in range(tasks):
                row = DBTaskResult.objects.get(pk=add_up.enqueue(n, 1).id)
                row.claim(worker_id)
                worker.run_task(row)
                assert DBTaskResult.objects.get(pk=row.pk).status == "SUCCESSFUL"
        return sum(q["sql"].startswith('UPDATE "worker_workerprocess"') for q in queries)

    assert beats_running(3) == 1  # the first: this worker had not beaten yet
    assert timezone.now() - WorkerProcess.objects.get(pk=worker_id).seen < timedelta(seconds=60)
    assert beats_running(3) == 0
    monkeypatch.setattr(beat, "last", time.monotonic() - process.HEARTBEAT_SECONDS)
    assert beats_running(2) == 1


@pytest.mark.django_db
def test_a_task_claimed_by_a_worker_as_it_stops_is_queued_again_at_once(queued_report, monkeypatch):
    """A worker stopped (SIGTERM) just after claiming a task leaves it claimed but not run: as the worker exits it
    puts the task back, instead of leaving it RUNNING under a worker that no longer exists (taken as lost only after
    UNREGISTERED_SECONDS); the next worker audits the report."""
    claimed = []

    def claim_then_stop(worker):
        result = DBTaskResult.objects.ready().get()
        result.claim(worker.worker_id)
        claimed.append(result.pk)
        worker.running = False  # the signal arrives here

    monkeypatch.setattr(process._Worker, "run", claim_then_stop)
    monkeypatch.setattr(process._Worker, "configure_signals", lambda worker: None)  # pytest's own handlers stay
    monkeypatch.setattr(process, "close_old_connections", lambda: None)  # the test's transaction stays open
    # task timings written as in the tests' own process, not buffered for its exit (a flush at the end of the
    # session found the test database gone)
    monkeypatch.setattr(process.task_timings, "buffer_counts", lambda: None)
    process.run(interval=0)
    assert claimed and DBTaskResult.objects.get(pk=claimed[0]).status == "READY"
    assert not WorkerProcess.objects.exists()
    assert run_queue() == 1
    queued_report.refresh_from_db()
    assert queued_report.state == ReportAudit.State.DONE
