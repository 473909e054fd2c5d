"""Figures read from the database at each scrape: the queue every worker shares, task timings (models.TaskTiming),
the live workers, and what is running. They are the same whichever web process or machine answers."""

from __future__ import annotations

import os
import platform
from collections import defaultdict
from datetime import timedelta

import django
from django.db import connection
from django.db.models import Count, Min, Sum
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

from jixiao.web.worker.models import WorkerProcess
from jixiao.web.worker.recovery import pid_alive

from . import instruments
from .buckets import TASK_SECONDS
from .models import TaskTiming

DEFAULT_QUEUE = "default"
WORKER_SEEN_SECONDS = 120  # as the pages' warning that work waits with no worker (recovery.workers_alive)


class DatabaseCollector:
    def collect(self):
        yield from _queue()
        yield _task_durations()
        workers = GaugeMetricFamily("jixiao_task_workers", "Background workers that beat in the last two minutes")
        seen = timezone.now() - timedelta(seconds=WORKER_SEEN_SECONDS)
        workers.add_metric([], WorkerProcess.objects.filter(seen__gte=seen).count())
        yield workers


def _queue():
    waiting = GaugeMetricFamily("jixiao_tasks_waiting", "Tasks ready to run that no worker has taken yet, by queue",
                                labels=["queue"])
    oldest = GaugeMetricFamily("jixiao_tasks_oldest_waiting_seconds",
                               "How long the oldest waiting task has waited, by queue (0 when none waits)",
                               labels=["queue"])
    running = GaugeMetricFamily("jixiao_tasks_running", "Tasks a worker is running, by queue", labels=["queue"])
    now = timezone.now()
    ready = {row["queue_name"]: row for row in
             DBTaskResult.objects.ready().values("queue_name").annotate(n=Count("id"), first=Min("enqueued_at"))}
    busy = dict(DBTaskResult.objects.running().values("queue_name").annotate(n=Count("id"))
                .values_list("queue_name", "n"))
    for queue in sorted({DEFAULT_QUEUE} | set(ready) | set(busy)):
        row = ready.get(queue)
        waiting.add_metric([queue], row["n"] if row else 0)
        oldest.add_metric([queue], max(0.0, (now - row["first"]).total_seconds()) if row else 0.0)
        running.add_metric([queue], busy.get(queue, 0))
    return waiting, oldest, running


def _task_durations() -> HistogramMetricFamily:
    family = HistogramMetricFamily("jixiao_task_duration_seconds",
                                   "Time from a worker taking a task to its end, by task and outcome",
                                   labels=["task", "status"])
    rows = TaskTiming.objects.values("task", "status", "bucket").annotate(n=Sum("count"), s=Sum("seconds"))
    series: dict[tuple[str, str], list] = defaultdict(lambda: [[0] * (len(TASK_SECONDS) + 1), 0.0])
    for row in rows:
        counts, _ = entry = series[(row["task"], row["status"])]
        counts[min(row["bucket"], len(TASK_SECONDS))] += row["n"]
        entry[1] += row["s"]
    for (task, status), (counts, seconds) in sorted(series.items()):
        cumulative, buckets = 0, []
        for bound, count in zip((*map(str, TASK_SECONDS), "+Inf"), counts):
            cumulative += count
            buckets.append((bound, cumulative))
        family.add_metric([task, status], buckets, seconds)
    return family


class InfoCollector:
    """What is running: versions, the database, and how many web processes have written figures and still live."""

    def collect(self):
        from importlib.metadata import PackageNotFoundError, version

        try:
            jixiao_version = version("jixiao")
        except PackageNotFoundError:
            jixiao_version = "unknown"
        info = GaugeMetricFamily("jixiao_build_info", "Versions of jixiao, Python and Django, and the database",
                                 labels=["version", "python", "django", "database"])
        info.add_metric([jixiao_version, platform.python_version(), django.get_version(), connection.vendor], 1)
        yield info
        pids = {int(p) for f in instruments.process_files() if (p := f.stem.rsplit("_", 1)[-1]).isdigit()}
        alive = GaugeMetricFamily("jixiao_web_processes",
                                  "Web processes on this machine that have answered requests and are alive")
        alive.add_metric([], sum(1 for pid in pids if pid == os.getpid() or pid_alive(pid)))
        yield alive


