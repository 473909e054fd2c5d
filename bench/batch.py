"""Batch throughput with 1 and 2 worker processes (issue 11 §2): a rescoring batch over N evaluations on a PostgreSQL
database of its own, run by real `jixiao worker` processes (django_tasks_db's worker: any number of them, on any
machine, share the queue), with the machine's own parallelism measured in the same run as the floor to compare with.

    python bench/batch.py                     # 200 evaluations
    python bench/batch.py --evaluations 40    # shorter

The N evaluations are copies of the demo's (seed documents and their generated years) under N new departments, so
every item is real work: the core scores and checks the document, the analytics projection and the stored risk are
refreshed. Elapsed time is the batch's own: from its row's creation (the command that starts it, which also queues
every item) to the moment its last item ended, both written by the application.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.webclient import django, server_env  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jx_batch_bench"
WAIT_SECONDS = 1800

CLONE = """
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.organisations.models import Department, FinanceBureau
originals = list(Evaluation.objects.order_by("pk"))
bureau = FinanceBureau.objects.get(name="通城县财政局")
departments = Department.objects.bulk_create(
    Department(name=f"批量评测部门{i:05d}", finance_bureau=bureau) for i in range({n}))
Evaluation.objects.bulk_create(
    Evaluation(department=d, year=o.year, status=o.status, document=o.document, score=o.score, grade=o.grade)
    for d, o in zip(departments, (originals[i % len(originals)] for i in range({n}))))
result = Evaluation.objects.count()
"""


def _connect(url: str, database: str | None = None):
    import psycopg

    parsed = urlparse(url)
    path = f"/{database}" if database else parsed.path
    return psycopg.connect(urlunparse(parsed._replace(scheme="postgresql", path=path)), autocommit=True)


def fresh_database(url: str) -> None:
    name = urlparse(url).path.lstrip("/")
    with _connect(url, "postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def _wait(what: str, condition, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit(f"waited {seconds} s for {what}")


def run_batch(url: str, env: dict, workers: int) -> dict:
    """Start `workers` worker processes, let them go idle, start a rescoring of every evaluation, wait for it."""
    db = _connect(url)
    command = [sys.executable, "-m", "jixiao.cli"]
    procs = [subprocess.Popen([*command, "worker", "--interval", "0.05"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(workers)]
    try:
        _wait("the workers", lambda: db.execute("SELECT count(*) FROM worker_workerprocess").fetchone()[0] == workers)
        # every stored figure stale, as after a scheme change that moves every score: each item writes its new
        # figures (an item whose figures are unchanged writes nothing of the evaluation, and costs less)
        db.execute("UPDATE evaluations_evaluation SET errors = 999")
        started = subprocess.run([*command, "batch", "rescore"], env=env, cwd=ROOT, capture_output=True, text=True)
        if started.returncode:
            raise SystemExit(started.stderr)
        batch = db.execute("SELECT max(id) FROM batches_batch").fetchone()[0]
        _wait("the batch", lambda: db.execute("SELECT state FROM batches_batch WHERE id = %s",
                                               [batch]).fetchone()[0] == "finished")
        total, done, failed, seconds = db.execute(
            "SELECT total, done, failed, extract(epoch FROM finished - created) FROM batches_batch WHERE id = %s",
            [batch]).fetchone()
        enqueue = db.execute(
            "SELECT extract(epoch FROM max(t.enqueued_at - b.created)) FROM django_tasks_database_dbtaskresult t, "
            "batches_batch b WHERE b.id = %s AND t.enqueued_at >= b.created", [batch]).fetchone()[0]
        busy, spread, attempts = db.execute(
            "SELECT sum(extract(epoch FROM finished - started)), count(DISTINCT task_id), sum(attempts) "
            "FROM batches_batchitem WHERE batch_id = %s", [batch]).fetchone()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=120)
        db.close()
    return {"workers": workers, "total": total, "done": done, "failed": failed, "seconds": float(seconds),
            "busy": float(busy), "enqueue": float(enqueue), "rate": total / float(seconds), "tasks": spread,
            "attempts": attempts}


def _spin(n: int) -> int:
    x = 0
    for i in range(n):
        x = (x * 31 + i) % 1_000_003
    return x


def cpu_floor(processes: int, chunks: int = 8, n: int = 3_000_000) -> float:
    """Chunks of pure Python work per second with this many processes: what the machine gives right now."""
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_spin, [1000] * processes))  # started
        start = time.perf_counter()
        list(pool.map(_spin, [n] * chunks))
        return chunks / (time.perf_counter() - start)


def amdahl(speedup: float, workers: int = 2) -> float:
    """The serial fraction s that gives `speedup` with `workers`: S = 1 / (s + (1 - s) / n)."""
    return max(0.0, min(1.0, (workers / speedup - 1) / (workers - 1)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, default=200, help="copies of the demo's evaluations (default 200)")
    parser.add_argument("--database-url", default=os.environ.get("JIXIAO_BENCH_DATABASE_URL", DEFAULT_URL),
                        help="a PostgreSQL database this benchmark drops and creates")
    args = parser.parse_args()

    fresh_database(args.database_url)
    env = server_env(Path(tempfile.mkdtemp(prefix="jixiao-batch-bench-")), args.database_url)
    django("from django.core.management import call_command\n"
           "call_command('migrate', verbosity=0)\ncall_command('load_demo')", env)
    count = django(CLONE.replace("{n}", str(args.evaluations)), env)
    print(f"{count} evaluations on PostgreSQL ({urlparse(args.database_url).path.lstrip('/')}), "
          f"{os.cpu_count()} CPUs seen (shared with other work: figures vary between runs)")

    before = {n: cpu_floor(n) for n in (1, 2)}
    runs = [run_batch(args.database_url, env, n) for n in (1, 2)]
    floor = {n: (before[n] + cpu_floor(n)) / 2 for n in (1, 2)}  # before and after the runs: the load moves
    print(f"{'workers':>7} {'items':>6} {'failed':>6} {'runs':>5} {'seconds':>8} {'items/s':>8} {'busy s':>7} "
          f"{'cpu floor/s':>11}")
    for run in runs:  # runs: items' attempts in all, = items when none was done twice
        print(f"{run['workers']:>7} {run['total']:>6} {run['failed']:>6} {run['attempts']:>5} {run['seconds']:>8.2f} "
              f"{run['rate']:>8.2f} {run['busy']:>7.1f} {floor[run['workers']]:>11.2f}")
    ratio, machine = runs[1]["rate"] / runs[0]["rate"], floor[2] / floor[1]
    print(f"2 workers / 1 worker: {ratio:.2f}x (target >= 1.8x); the machine's own 2/1 (pure CPU, same run): "
          f"{machine:.2f}x")
    single = runs[0]
    print(f"1 worker: {100 * (1 - single['busy'] / single['seconds']):.1f}% of the batch's time outside its items "
          f"(queue polling, claims); queuing the {single['total']} tasks took {single['enqueue']:.2f} s "
          f"(one process: {single['total'] / single['enqueue']:.0f} tasks/s)")
    measured = amdahl(ratio)
    serial = single["enqueue"] / single["seconds"]  # what only one process does: queuing every item
    ceiling = single["total"] / single["enqueue"]
    print(f"16 workers, Amdahl with the serial fraction of this run's 2/1 ({measured:.3f}): "
          f"{1 / (measured + (1 - measured) / 16):.1f}x = {single['rate'] / (measured + (1 - measured) / 16):.1f} "
          f"items/s (bounded by this machine's cores, not by the design)")
    projected = min(single["rate"] / (serial + (1 - serial) / 16), ceiling)
    print(f"16 workers, Amdahl with the serial fraction of queuing ({serial:.3f}), capped by the queuing rate: "
          f"{projected / single['rate']:.1f}x = {projected:.1f} items/s")
    print("assumptions: 16 workers on cores of their own (other machines); one PostgreSQL server that keeps up "
          "(short transactions on different rows, claims skip locked rows); see docs/batches.md")


if __name__ == "__main__":
    main()
