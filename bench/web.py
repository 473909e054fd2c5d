"""The heaviest page under load: the 通城 department (26 projects, seven goals) served by gunicorn on this machine to
20 concurrent clients, beside the same server's floor (/health/, a short page) measured in the same run.

    python bench/web.py                       # 20 connections, 15 s per page
    python bench/web.py --seconds 5 --workers 3

Needs wrk (Debian package `wrk`; installed here when missing and run as root). Prints p50/p95 latency and requests
per second for each page and the ratio of the heavy page's p95 to the floor's. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50=%d p95=%d p99=%d requests=%d duration=%d errors=%d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
        return shutil.which("wrk") or sys.exit("wrk 安装失败")
    sys.exit("需要 wrk（apt-get install wrk）")


def prepare(data: Path) -> tuple[str, int]:
    """A fresh SQLite database with the demo data; a signed-in session of the 通城 preparer."""
    os.environ["JIXIAO_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from jixiao.web.evaluations.models import Evaluation

    user = get_user_model().objects.get(username="tongcheng_preparer")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(3600)
    session.save()
    evaluation = Evaluation.objects.get(department__name__startswith="通城")
    return session.session_key, evaluation.pk


def run_wrk(wrk: str, url: str, cookie: str, seconds: int, connections: int, script: Path) -> dict[str, float]:
    command = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
               "-H", f"Cookie: sessionid={cookie}", url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    match = re.search(r"RESULT p50=(\d+) p95=(\d+) p99=(\d+) requests=(\d+) duration=(\d+) errors=(\d+)", output)
    if match is None:
        sys.exit(f"wrk 输出无法解析：\n{output}")
    p50, p95, p99, requests, duration, errors = map(int, match.groups())
    return {"p50": p50 / 1000, "p95": p95 / 1000, "p99": p99 / 1000, "rps": requests / (duration / 1e6),
            "requests": requests, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description="Heavy page vs floor under concurrent load")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    wrk = ensure_wrk()
    data = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    cookie, pk = prepare(data)
    port = free_port()
    env = dict(os.environ, JIXIAO_DATA=str(data), DJANGO_SETTINGS_MODULE="jixiao.web.settings")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "jixiao.web.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", str(args.workers), "--access-logfile", "/dev/null"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    script = data / "report.lua"
    script.write_text(LUA, encoding="utf-8")
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        pages = {"下限 /health/": f"{base}/health/", "通城部门总览（26 个项目）": f"{base}/evaluations/{pk}/",
                 "通城年度目标录入页": f"{base}/evaluations/{pk}/edit/goals/"}
        for url in pages.values():  # warm every worker: imports, templates, the cached analysis
            run_wrk(wrk, url, cookie, 2, args.connections, script)
        print(f"gunicorn {args.workers} 个 worker，{args.connections} 个并发连接，每页 {args.seconds} s（{os.cpu_count()} 核）")
        results = {}
        for name, url in pages.items():
            results[name] = r = run_wrk(wrk, url, cookie, args.seconds, args.connections, script)
            print(f"{name:　<16} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  "
                  f"{r['rps']:8.1f} 次/秒  错误 {r['errors']}")
        floor = results["下限 /health/"]["p95"]
        for name in list(pages)[1:]:
            print(f"{name} p95 / 下限 p95 = {results[name]['p95'] / floor:.1f}×")
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
