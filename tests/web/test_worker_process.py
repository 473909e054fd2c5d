"""Real processes: `jixiao serve` with its worker, and `jixiao worker` processes killed in the middle of a task.

Each test works on a database of its own that the processes share: a SQLite file in a temporary data folder, or,
when the suite runs on PostgreSQL (DATABASE_URL), a new database on the same server, dropped afterwards.
"""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from bench.webclient import Browser, django, server_env, session_for
from jixiao.web.worker.recovery import LOST_CLASS_PATH, LOST_REASON

from ..conftest import ROOT, SEEDS

CHANGLI = "000_c8758e53477b5b54.txt"
WAIT_SECONDS = 180  # a guard against hanging for ever, not a speed requirement


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The environment of processes sharing one migrated database holding the demo."""
    data = tmp_path_factory.mktemp("worker-world")
    url = os.environ.get("DATABASE_URL")
    database = _create_postgres_database(url) if url else None
    env = server_env(data, database)
    django("from django.core.management import call_command\n"
           "call_command('migrate', verbosity=0)\ncall_command('load_demo')", env)
    yield env
    if database:
        _drop_postgres_database(database)


def _admin(url: str):
    import psycopg

    parsed = urlparse(url)
    return psycopg.connect(urlunparse(parsed._replace(scheme="postgresql", path="/postgres")), autocommit=True), parsed


def _create_postgres_database(url: str) -> str:
    connection, parsed = _admin(url)
    name = f"{parsed.path.lstrip('/') or 'jixiao'}_worker_{os.getpid()}"
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


def _drop_postgres_database(url: str) -> None:
    connection, parsed = _admin(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.path.lstrip("/")}" WITH (FORCE)')


def _wait(what: str, condition, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# ------------------------------------------------------------------------------------ serve and its worker
def test_serve_runs_a_worker_beside_the_web_server_that_audits_uploads_and_builds_the_zip(world):
    port = _free_port()
    serve = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--no-demo", "--port", str(port),
                              "--workers", "1"], env=world, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        browser = Browser(f"http://127.0.0.1:{port}", session_for("changli_finance", world))
        _wait("the web server", lambda: _get_or_none(browser, "/health/") == 200, 120)
        workers = _wait("the worker to register", lambda: django(
            "from jixiao.web.worker.models import WorkerProcess\n"
            "result = list(WorkerProcess.objects.values_list('pid', flat=True))", world))
        assert len(workers) == 1
        worker_pid = workers[0]
        assert _parent_of(worker_pid) == serve.pid  # a process of its own beside gunicorn, not a thread in it
        # a 5 000-character filter reaches the application (trial 11 got gunicorn's plain English 414 URI Too Long)
        status, _, page = browser.get("/bureau/?q=" + "a" * 5000)
        assert status == 200 and "URI Too Long" not in page.decode()

        status, headers, _ = browser.post_files("/bureau/reports/", [(CHANGLI, (SEEDS / CHANGLI).read_bytes())])
        assert status == 302
        report_url = headers["Location"]
        _wait("the audit", lambda: browser.get(report_url, **{"HX-Request": "true"})[0] == 204)
        page = browser.get(report_url)[2].decode()
        assert "SUM.PROJECTS" in page and "25388.90" in page and "25387.76" in page
        assert "报告所述部门：昌黎县人力资源和社会保障局；年度：2023" in page

        django("from jixiao.web.evaluations.models import Evaluation\n"
               "Evaluation.objects.filter(department__name__startswith='昌黎').update(status='accepted')", world)
        status, headers, _ = browser.post_form("/bureau/export/", {"year": "2023"})
        assert status == 302
        export_url = headers["Location"]
        _wait("the zip", lambda: "下载 zip" in browser.get(export_url, **{"HX-Request": "true"})[2].decode())
        status, _, content = browser.get(export_url + "download/")
        folder = "昌黎县人力资源和社会保障局2023年度绩效自评"
        assert status == 200
        assert sorted(zipfile.ZipFile(io.BytesIO(content)).namelist()) == \
            [f"{folder}/{folder}.{ext}" for ext in ("json", "pdf", "xlsx")]
    finally:
        serve.send_signal(signal.SIGTERM)
        output = serve.communicate(timeout=60)[0].decode(errors="replace")
    assert serve.returncode == 0, output
    assert not _alive(worker_pid), "the worker outlived serve"
    assert _get_or_none(browser, "/health/") is None
    assert django("from jixiao.web.worker.models import WorkerProcess\n"
                  "result = WorkerProcess.objects.count()", world) == 0  # it signed off


def _get_or_none(browser: Browser, path: str) -> int | None:
    try:
        return browser.get(path)[0]
    except OSError:
        return None


def _parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


# ---------------------------------------------------------------------------- workers killed mid-task
def _start_worker(env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jixiao.cli", "worker", "--interval", "0.2"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill(worker: subprocess.Popen) -> None:
    worker.kill()  # SIGKILL: no chance to finish or to mark anything
    worker.wait()
    worker.stderr.close()


def _result(task_id: str, env) -> dict:
    return django(f"""
from django_tasks_db.models import DBTaskResult
r = DBTaskResult.objects.get(pk={task_id!r})
result = {{"status": r.status, "attempts": len(r.worker_ids), "value": r.return_value,
          "exception": r.exception_class_path, "traceback": r.traceback}}
""", env)


def _enqueue(task: str, marker: Path, env) -> str:
    return django(f"from tests.web.sleepy_tasks import {task}\nresult = {task}.enqueue({str(marker)!r}).id", env)


def _attempts(marker: Path) -> int:
    return marker.read_text().count("attempt") if marker.exists() else 0


def test_a_task_whose_worker_is_killed_runs_again_on_the_next_worker(world, tmp_path):
    marker = tmp_path / "attempts.txt"
    task_id = _enqueue("sleep_the_first_time", marker, world)
    first = _start_worker(world)
    _wait("the first attempt", lambda: _attempts(marker) == 1)
    _kill(first)
    assert _result(task_id, world)["status"] == "RUNNING"  # what the killed worker left behind

    second = _start_worker(world)  # at start it finds the task's worker gone and queues the task again
    try:
        done = _wait("the second attempt", lambda: (r := _result(task_id, world))["status"] != "RUNNING" and
                     r["status"] != "READY" and r)
    finally:
        second.terminate()
        second.communicate(timeout=60)
    assert done["status"] == "SUCCESSFUL" and done["value"] == "finished on the second attempt"
    assert done["attempts"] == 2


def test_a_task_killed_twice_is_failed_with_the_reason_not_left_running(world, tmp_path):
    marker = tmp_path / "attempts.txt"
    task_id = _enqueue("sleep_every_time", marker, world)
    first = _start_worker(world)
    _wait("the first attempt", lambda: _attempts(marker) == 1)
    _kill(first)
    second = _start_worker(world)
    _wait("the retry", lambda: _attempts(marker) == 2)
    _kill(second)

    third = _start_worker(world)
    try:
        failed = _wait("the task to be failed", lambda: (r := _result(task_id, world))["status"] == "FAILED" and r)
    finally:
        third.terminate()
        third.communicate(timeout=60)
    assert failed["traceback"] == LOST_REASON == "任务执行中断（工作进程退出），已重试 1 次仍未完成"
    assert failed["exception"] == LOST_CLASS_PATH and failed["attempts"] == 2
    assert _attempts(marker) == 2  # not run a third time


def test_two_workers_share_the_queue_and_run_each_task_once(world, tmp_path):
    marker = tmp_path / "runs.txt"
    ids = django("from tests.web.sleepy_tasks import note_worker\n"
                 f"result = [note_worker.enqueue({str(marker)!r}, n).id for n in range(8)]", world)
    workers = [_start_worker(world), _start_worker(world)]
    try:
        _wait("the eight tasks", lambda: marker.exists() and len(marker.read_text().splitlines()) == 8)
        results = _wait("their results", lambda: _all_successful(ids, world))
        # each worker keeps its task timings in memory and writes them when it goes idle, as both are now
        assert _wait("their timings", lambda: _timed("tests.web.sleepy_tasks.note_worker", world)) == 8
    finally:
        for worker in workers:
            worker.terminate()
            worker.communicate(timeout=60)
    assert _timed("tests.web.sleepy_tasks.note_worker", world) == 8  # their last flush, at stop, added none twice
    runs = [line.split() for line in marker.read_text().splitlines()]
    assert sorted(int(number) for number, _ in runs) == list(range(8))  # each once, none twice
    assert {int(pid) for _, pid in runs} <= {w.pid for w in workers}
    assert results == [1] * 8


def _timed(task: str, env) -> int:
    """How many runs of `task` /metrics counts (metrics.TaskTiming, what it reads)."""
    return django(f"""
from django.db.models import Sum
from jixiao.web.metrics.models import TaskTiming
result = TaskTiming.objects.filter(task={task!r}).aggregate(n=Sum("count"))["n"] or 0
""", env)


def _all_successful(task_ids: list[str], env) -> list[int] | None:
    """The number of attempts of each task, once every one has succeeded."""
    attempts = django(f"""
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(pk__in={task_ids!r})
result = [len(r.worker_ids) for r in rows] if all(r.status == "SUCCESSFUL" for r in rows) else None
""", env)
    return attempts if attempts and len(attempts) == len(task_ids) else None
