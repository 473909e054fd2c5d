"""`jixiao serve`: the web server (gunicorn) and one background worker, each its own process, started together
and stopped together. A worker that exits on its own is started again; when the web server exits, so does serve.

The children run in their own session, so that Ctrl-C in the terminal reaches only this process, which then asks
each child once to stop (SIGTERM: the worker finishes the task under way, for at most STOP_SECONDS). On Linux they
also get SIGTERM if this process is killed outright.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import time

STOP_SECONDS = 30
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):  # not Linux: the worker still watches its parent itself (--parent)
        pass


def _start(argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen(argv, start_new_session=True, preexec_fn=_die_with_parent)


def serve(web_argv: list[str], worker_argv: list[str]) -> int:
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    web = _start(web_argv)
    worker = _start(worker_argv)
    restarts = 0
    try:
        while not stopping and web.poll() is None:
            if worker.poll() is not None:
                print(f"后台工作进程已退出（退出码 {worker.returncode}），重新启动", file=sys.stderr, flush=True)
                time.sleep(min(30, 2 ** restarts))
                restarts += 1
                worker = _start(worker_argv)
            time.sleep(0.5)
    finally:
        _stop(worker, web)
    return 0 if stopping else (web.returncode or 0)


def _stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:  # a task cut short is re-queued when a worker next starts
            process.kill()
            process.wait()
