"""The request figures, kept by prometheus_client in multiprocess mode (one memory-mapped file per process under
JIXIAO_DATA/metrics, or PROMETHEUS_MULTIPROC_DIR when set). The directory must be known before prometheus_client is
imported, so this module is the one place that imports it, after naming the directory.

Files of processes that have exited stay and keep counting in the sums: counters never go backwards while the
server runs (gunicorn restarting a worker does not reset them). Emptying the folder while jixiao is stopped resets
them all, which Prometheus treats as an ordinary restart.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from jixiao.web.datafiles import private_dir

from .buckets import REQUEST_SECONDS


_SET_FOR = "JIXIAO_METRICS_DATA"  # the data folder whose metrics folder jixiao put in PROMETHEUS_MULTIPROC_DIR


def _directory() -> Path:
    """PROMETHEUS_MULTIPROC_DIR when the operator set it, else the data folder's `metrics`. The variable is set
    for prometheus_client, so child processes inherit it: one with another data folder (a test's or benchmark's
    server) must not count into this one's files, hence the note of which data folder set it."""
    data = str(settings.DATA_DIR)
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given and os.environ.get(_SET_FOR, data) != data:
        given = None
    path = private_dir(Path(given) if given else Path(data) / "metrics")
    if not given:
        os.environ["PROMETHEUS_MULTIPROC_DIR"], os.environ[_SET_FOR] = str(path), data
    return path


DIRECTORY = _directory()

import prometheus_client  # noqa: E402  (after the directory is named: it chooses its storage on import)
from prometheus_client import values  # noqa: E402

if not values.ValueClass._multiprocess:  # imported earlier by someone else: per-process storage would be wrong
    values.ValueClass = values.MultiProcessValue()

LABELS = ("view", "method", "status_class")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUEST_DURATION = prometheus_client.Histogram(
    "jixiao_http_request_duration_seconds", "Time from the request reaching Django to its response, by view",
    LABELS, buckets=REQUEST_SECONDS, registry=None)
RESPONSES = prometheus_client.Counter(
    "jixiao_http_responses", "Responses by view, method and exact status code", ("view", "method", "status"),
    registry=None)


def start_afresh() -> int:
    """Remove the counters' files of an earlier run (before the web processes start: `jixiao serve`, as the
    deployment guide's ExecStartPre does), so that the folder does not fill with files of processes long gone.
    Returns how many were removed."""
    removed = 0
    for path in DIRECTORY.glob("*.db"):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def observe(view: str, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"  # a client's made-up method must not add a series
    REQUEST_DURATION.labels(view, method, f"{status // 100}xx").observe(seconds)
    RESPONSES.labels(view, method, str(status)).inc()


def process_files() -> list[Path]:
    return sorted(DIRECTORY.glob("*.db"))
