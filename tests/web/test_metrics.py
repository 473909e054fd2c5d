"""/metrics (issue 11 §6): Prometheus's text format, read back with Prometheus's own parser; the figures are real
requests made through Django's test client, real rows in the task queue and tasks run by the worker's own code, and
requests answered by another process, which /metrics must add to this one's."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from prometheus_client.parser import text_string_to_metric_families

from jixiao.web.metrics import instruments  # noqa: F401  (names the shared folder the other process inherits)
from jixiao.web.metrics import signals as task_timings
from jixiao.web.tasks import task

from .queue import run_queue
from .test_permissions import ALL_USERS

ROOT = Path(__file__).resolve().parents[2]


@task()
def add_up(a: int, b: int) -> int:
    return a + b


@task()
def always_fails() -> None:
    raise ValueError("为测试而失败")


def scrape(client: Client | None = None) -> dict[str, list]:
    """Every sample by its name: [(labels, value), …]."""
    response = (client or Client()).get("/metrics")
    assert response.status_code == 200, response.content.decode()
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    samples: dict[str, list] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value))
    return samples


def value(samples, name: str, **labels) -> float:
    """The sum of the samples of `name` whose labels include `labels` (0 when there is none yet)."""
    return sum(v for found, v in samples.get(name, []) if labels.items() <= found.items())


REQUESTS = "jixiao_http_request_duration_seconds"


def test_requests_count_exactly_by_view_method_and_status(db):
    before = scrape()
    client = Client()
    for _ in range(3):
        assert client.get("/health/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    assert client.post("/accounts/login/", {"username": "nobody", "password": "x"}).status_code == 200
    assert client.get("/evaluations/1/").status_code == 302  # not signed in: sent to the login page
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/static/jixiao/app.css").status_code == 200  # WhiteNoise answers before any view
    after = scrape()

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta(f"{REQUESTS}_count", view="health", method="GET", status_class="2xx") == 3
    assert delta(f"{REQUESTS}_count", view="accounts:login", method="GET") == 1
    assert delta(f"{REQUESTS}_count", view="accounts:login", method="POST") == 1
    assert delta(f"{REQUESTS}_count", view="evaluations:detail", status_class="3xx") == 1
    assert delta(f"{REQUESTS}_count", view="unmatched", status_class="4xx") == 1
    assert delta(f"{REQUESTS}_count", view="static", status_class="2xx") == 1
    assert delta("jixiao_http_responses_total", view="health", status="200") == 3
    assert delta("jixiao_http_responses_total", view="unmatched", status="404") == 1
    assert delta(f"{REQUESTS}_sum", view="health") > 0
    # the first scrape is counted by the second, and only the first
    assert delta(f"{REQUESTS}_count", view="metrics:metrics") == 1


def test_histograms_are_cumulative_and_end_in_their_count(db):
    client = Client()
    for url in ("/health/", "/accounts/login/", "/no-such-page/"):
        client.get(url)
    samples = scrape()
    series: dict[tuple, list] = {}
    for labels, count in samples[f"{REQUESTS}_bucket"]:
        key = tuple(sorted((k, v) for k, v in labels.items() if k != "le"))
        series.setdefault(key, []).append((float(labels["le"]), count))
    assert series
    for key, buckets in series.items():
        buckets.sort()
        counts = [count for _, count in buckets]
        assert counts == sorted(counts), (key, buckets)  # never fewer below a higher bound
        assert buckets[-1][0] == float("inf")
        assert buckets[-1][1] == value(samples, f"{REQUESTS}_count", **dict(key))


HEALTH_CHECKS = ("import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'jixiao.web.settings');"
                 "django.setup(); from django.test import Client; c = Client();"
                 "assert all(c.get('/health/').status_code == 200 for _ in range(int(sys.argv[1])));"
                 "print(os.getpid())")


def _health_checks_elsewhere(count: int, **env) -> str:
    done = subprocess.run([sys.executable, "-c", HEALTH_CHECKS, str(count)], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) != os.getpid()
    return done.stdout.strip()


def test_requests_answered_by_another_process_are_added(db):
    """gunicorn's workers are processes: each one's figures must reach whichever process answers /metrics."""
    before = value(scrape(), f"{REQUESTS}_count", view="health")
    pid = _health_checks_elsewhere(5)
    assert (instruments.DIRECTORY / f"histogram_{pid}.db").exists()
    assert value(scrape(), f"{REQUESTS}_count", view="health") - before == 5


COUNTED = ("import sys; from prometheus_client import CollectorRegistry; "
           "from prometheus_client.multiprocess import MultiProcessCollector; r = CollectorRegistry(); "
           "MultiProcessCollector(r, path=sys.argv[1]); "
           "print(sum(s.value for m in r.collect() for s in m.samples if s.name.endswith('_count') "
           "and s.labels.get('view') == 'health'))")
AFRESH = ("import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'jixiao.web.settings'); django.setup(); "
          "from jixiao.web.metrics.instruments import start_afresh; print(start_afresh())")


def test_a_new_start_counts_from_zero_without_the_last_runs_files(db, tmp_path):
    """`jixiao serve` empties its data folder's metrics before its web processes start: the last run's processes'
    files go (the folder would fill with them) and the counts start again; another data folder's are untouched."""
    def run(code: str, *args: str) -> str:
        done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "JIXIAO_DATA": str(tmp_path)}, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    folder = tmp_path / "metrics"
    ours = sorted(instruments.DIRECTORY.glob("*.db"))
    _health_checks_elsewhere(3, JIXIAO_DATA=str(tmp_path))
    assert float(run(COUNTED, str(folder))) == 3
    assert int(run(AFRESH)) >= 1 and not list(folder.glob("*.db"))
    assert float(run(COUNTED, str(folder))) == 0
    _health_checks_elsewhere(2, JIXIAO_DATA=str(tmp_path))
    assert float(run(COUNTED, str(folder))) == 2
    assert sorted(instruments.DIRECTORY.glob("*.db")) == ours


def test_a_process_of_another_data_folder_counts_in_its_own(db, tmp_path):
    """A child inherits the variable naming this process's folder (a test's or benchmark's server): with its own
    data folder it must count there, not here."""
    before = value(scrape(), f"{REQUESTS}_count", view="health")
    pid = _health_checks_elsewhere(2, JIXIAO_DATA=str(tmp_path))
    assert (tmp_path / "metrics" / f"histogram_{pid}.db").exists()
    assert not (instruments.DIRECTORY / f"histogram_{pid}.db").exists()
    assert value(scrape(), f"{REQUESTS}_count", view="health") == before


def test_queue_depth_is_the_rows_waiting_by_queue(db):
    from django_tasks_db.models import DBTaskResult

    assert value(scrape(), "jixiao_tasks_waiting", queue="default") == 0
    results = [add_up.enqueue(n, 1) for n in range(4)]
    DBTaskResult.objects.filter(pk=results[0].id).update(queue_name="bulk")  # as a second queue's task would be
    samples = scrape()
    assert value(samples, "jixiao_tasks_waiting", queue="default") == 3
    assert value(samples, "jixiao_tasks_waiting", queue="bulk") == 1
    assert value(samples, "jixiao_tasks_oldest_waiting_seconds", queue="default") >= 0
    assert value(samples, "jixiao_tasks_running", queue="default") == 0
    DBTaskResult.objects.filter(pk=results[0].id).update(queue_name="default")  # the backend knows no other
    assert run_queue() == 4
    samples = scrape()
    assert value(samples, "jixiao_tasks_waiting", queue="default") == 0
    assert value(samples, "jixiao_tasks_waiting", queue="bulk") == 0  # gone with its row


def test_each_finished_task_is_timed_by_name_and_outcome(db):
    from django_tasks_db.models import DBTaskResult

    name = f"{__name__}.add_up"
    before = scrape()
    for n in range(3):
        add_up.enqueue(n, 2)
    always_fails.enqueue()
    assert run_queue() == 4
    after = scrape()
    count = "jixiao_task_duration_seconds_count"
    assert value(after, count, task=name, status="SUCCESSFUL") - value(before, count, task=name) == 3
    assert value(after, count, task=f"{__name__}.always_fails", status="FAILED") == 1
    buckets = sorted((float(labels["le"]), v) for labels, v in after["jixiao_task_duration_seconds_bucket"]
                     if labels["task"] == name)
    assert [v for _, v in buckets] == sorted(v for _, v in buckets) and buckets[-1][1] == 3
    DBTaskResult.objects.all().delete()  # pruning the queue's finished rows (prune_db_task_results)
    assert value(scrape(), count, task=name, status="SUCCESSFUL") == value(after, count, task=name)


TIMINGS_TABLE = "metrics_tasktiming"
COUNT = "jixiao_task_duration_seconds_count"
ADD_UP = f"{__name__}.add_up"


@pytest.fixture
def buffered(monkeypatch):
    """This process as a `jixiao worker`'s: task timings kept in memory until flushed (buffer_counts, without the
    exit hook, which would write after the test database is gone)."""
    monkeypatch.setattr(task_timings, "_buffered", True)
    monkeypatch.setattr(task_timings, "_last_flush", time.monotonic())
    yield
    task_timings._pending.clear()


def _timings_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if TIMINGS_TABLE in q["sql"]]


def _refuse_timings(execute, sql, params, many, context):
    """The database failing for the timings' table only (as a lost connection would, mid-flush)."""
    if TIMINGS_TABLE in sql:
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


def test_a_workers_task_timings_cost_no_query_per_task_and_count_once_each_when_flushed(db, buffered):
    before = value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL")
    for n in range(3):
        add_up.enqueue(n, 1)
    with CaptureQueriesContext(connection) as running:
        assert run_queue() == 3
        task_timings.flush_if_due()  # within FLUSH_SECONDS of the last flush: not yet
    assert _timings_queries(running) == []
    assert value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL") == before
    assert task_timings.flush()
    assert value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL") == before + 3

    # two more runs of the same task (the same key: both well under TASK_SECONDS[0]) cost one UPDATE between them
    task_timings.record(ADD_UP, "SUCCESSFUL", 0.004)
    task_timings.record(ADD_UP, "SUCCESSFUL", 0.006)
    with CaptureQueriesContext(connection) as flushing:
        assert task_timings.flush()
    assert [sql.split()[0] for sql in _timings_queries(flushing)] == ["UPDATE"]
    after = scrape()
    assert value(after, COUNT, task=ADD_UP, status="SUCCESSFUL") == before + 5
    with CaptureQueriesContext(connection) as again:
        assert task_timings.flush()  # nothing left: nothing to write
    assert len(again) == 0


def test_a_workers_task_timings_are_flushed_after_a_task_once_flush_seconds_have_passed(db, buffered, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from jixiao.web.worker.process import _Worker

    before = value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL")
    worker = _Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                     max_tasks=None, worker_id="test-worker", excluded_queue_names=[])

    def run_one() -> None:
        result = add_up.enqueue(1, 1)
        row = DBTaskResult.objects.get(pk=result.id)
        row.claim(worker.worker_id)
        worker.run_task(row)  # the worker's own: the task, then a flush if one is due

    run_one()
    assert value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL") == before
    monkeypatch.setattr(task_timings, "_last_flush", time.monotonic() - task_timings.FLUSH_SECONDS)
    run_one()
    assert value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL") == before + 2
    assert task_timings._pending == {}


def test_a_failed_flush_keeps_its_counts_for_the_next_and_fails_no_task(db, buffered, caplog):
    before = value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL")
    for n in range(2):
        add_up.enqueue(n, 1)
    assert run_queue() == 2
    with caplog.at_level(logging.ERROR, logger="jixiao.tasks"), connection.execute_wrapper(_refuse_timings):
        assert task_timings.flush() is False
    assert [r.getMessage() for r in caplog.records if r.name == "jixiao.tasks" and r.levelno >= logging.ERROR] == [
        "2 次任务运行的耗时未能记入运行指标，留待下次再记"]
    assert value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL") == before  # the test's transaction still works
    assert task_timings.flush()
    assert value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL") == before + 2  # each once: none lost, none twice


def test_elsewhere_each_timing_is_written_at_once_and_a_failed_write_fails_no_task(db):
    """A web process or the tests' queue (no buffer_counts): written with the task, as /metrics always showed; when
    the database refuses, the task still succeeds and its count goes with the next one."""
    from django_tasks_db.models import DBTaskResult

    before = value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL")
    add_up.enqueue(1, 1)
    assert run_queue() == 1
    assert value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL") == before + 1
    refused = add_up.enqueue(2, 1)
    with connection.execute_wrapper(_refuse_timings):
        assert run_queue() == 1
    assert DBTaskResult.objects.get(pk=refused.id).status == "SUCCESSFUL"
    assert value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL") == before + 1
    add_up.enqueue(3, 1)
    assert run_queue() == 1
    assert value(scrape(), COUNT, task=ADD_UP, status="SUCCESSFUL") == before + 3
    assert task_timings._pending == {}


def test_process_and_build_information(db):
    samples = scrape()
    (labels, one), = samples["jixiao_build_info"]
    assert one == 1 and labels["database"] in ("sqlite", "postgresql") and labels["django"].startswith("5.")
    assert value(samples, "jixiao_web_processes") >= 1  # this one
    assert value(samples, "process_resident_memory_bytes") > 0
    assert "jixiao_task_workers" in samples


def test_only_this_machine_or_the_token_reads_it(db, monkeypatch):
    assert Client().get("/metrics").status_code == 200
    outside = Client(REMOTE_ADDR="203.0.113.7")
    assert outside.get("/metrics").status_code == 403
    assert "JIXIAO_METRICS_TOKEN" in outside.get("/metrics").content.decode()
    # behind a proxy on this machine every visitor comes from 127.0.0.1: the proxy's header gives it away
    assert Client().get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 403
    assert Client().get("/metrics", HTTP_X_REAL_IP="203.0.113.7").status_code == 403
    assert outside.get("/metrics", HTTP_AUTHORIZATION="Bearer guess").status_code == 403  # no token configured
    monkeypatch.setenv("JIXIAO_METRICS_TOKEN", "s3cret-token-for-the-test")
    assert outside.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-for-the-test").status_code == 200
    assert outside.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-for-the-tes").status_code == 403
    assert Client().post("/metrics").status_code == 405


@pytest.mark.django_db
def test_every_demo_user_gets_an_answer(demo):
    """The crawl reaches no link to /metrics (REACHED_OTHERWISE in test_crawl.py points here): every demo user
    signed in gets 200 from this machine and 403 through a proxy, never an error."""
    from .conftest import client_for

    for user in ALL_USERS:
        client = client_for(user)
        assert client.get("/metrics").status_code == 200, user
        assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 403, user
