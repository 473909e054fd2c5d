"""Is the web app responsive while reports are uploaded and audited?

    python bench/uploads.py                       # 20 uploads of 5 MB by 4 clients at once
    python bench/uploads.py --uploads 10 --mb 2 --clients 2 --port 8104

It serves jixiao as ./run.sh does (`jixiao serve`: gunicorn and one background worker) on a temporary data folder
with the demo, signed in as a finance reviewer. First /health/ alone (the floor, same server, same run), then the
same probe while the clients post the uploads, and while the worker audits what they posted. It prints /health/
p50/p95/max for each phase, the time each upload request took, and when the last audit finished.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.extract_scaling import text_of_size  # noqa: E402
from bench.webclient import Browser, django, server_env, session_for  # noqa: E402

PROBE_GAP = 0.05


def probe(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
    return time.perf_counter() - started


def probe_until(url: str, stop: threading.Event) -> list[float]:
    latencies = []
    while not stop.is_set():
        latencies.append(probe(url))
        time.sleep(PROBE_GAP)
    return latencies


def describe(name: str, latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"{name:<34} n={len(ordered):5d}  p50 {statistics.median(ordered) * 1000:7.1f} ms  "
            f"p95 {p95 * 1000:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms")


def audited(browser: Browser) -> int:
    rows = browser.get("/bureau/reports/", **{"HX-Request": "true"})[2].decode()
    return rows.count('data-state="done"') + rows.count('data-state="failed"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--mb", type=float, default=5)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process (jixiao serve's default)")
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    env = server_env(data)
    django("from django.core.management import call_command\n"
           "call_command('migrate', verbosity=0)\ncall_command('load_demo', verbosity=0)", env)
    server = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--no-demo", "--port", str(args.port),
                               "--threads", str(args.threads)],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    health = f"http://127.0.0.1:{args.port}/health/"
    try:
        _wait_for(health)
        report = text_of_size(args.mb)
        print(f"{args.uploads} uploads of {len(report) / 1e6:.2f} MB text by {args.clients} clients; server: jixiao "
              f"serve (gunicorn 2 processes × {args.threads} threads + 1 worker), SQLite, data {data}")
        for _ in range(20):  # warm-up
            probe(health)
        print(describe("/health/ alone (floor)", [probe(health) for _ in range(300)]))

        browser = Browser(f"http://127.0.0.1:{args.port}", session_for("changli_finance", env))
        token = browser.csrf("/bureau/reports/")
        stop = threading.Event()
        with ThreadPoolExecutor(1) as prober:
            during = prober.submit(probe_until, health, stop)
            started = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as clients:
                posts = list(clients.map(lambda i: _post(browser, token, f"报告{i:02d}.txt", report), range(args.uploads)))
            posted = time.perf_counter() - started
            stop.set()
            uploading = during.result()
            stop.clear()
            after = prober.submit(probe_until, health, stop)
            while audited(browser) < args.uploads:
                time.sleep(1)
            stop.set()
            auditing = after.result()
        finished = time.perf_counter() - started
        statuses = sorted({status for status, _ in posts})
        print(describe("/health/ while uploads are posted", uploading))
        print(describe("/health/ while the worker audits", auditing))
        print(describe("/health/ over both", uploading + auditing))
        print(f"upload requests: statuses {statuses}, p50 {statistics.median(t for _, t in posts):.2f} s, "
              f"max {max(t for _, t in posts):.2f} s; all posted after {posted:.1f} s, all audited after {finished:.1f} s")
    finally:
        server.terminate()
        server.wait(60)
        shutil.rmtree(data, ignore_errors=True)


def _post(browser: Browser, token: str, name: str, content: bytes) -> tuple[int, float]:
    started = time.perf_counter()
    status, _, _ = browser.post_files("/bureau/reports/", [(name, content)], token=token)
    return status, time.perf_counter() - started


def _wait_for(url: str) -> None:
    for _ in range(600):
        try:
            probe(url)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


if __name__ == "__main__":
    main()
