"""Tasks for the worker tests: each attempt appends a line to a marker file, so the test knows a worker is inside
the task before it kills that worker."""

from __future__ import annotations

import time
from pathlib import Path

from jixiao.web.tasks import task


@task()
def sleep_every_time(marker: str) -> str:
    with Path(marker).open("a") as out:
        out.write("attempt\n")
    time.sleep(600)
    return "woke"


@task()
def sleep_the_first_time(marker: str) -> str:
    path = Path(marker)
    if path.exists():
        return "finished on the second attempt"
    path.write_text("attempt\n")
    time.sleep(600)
    return "woke"


@task()
def note_worker(marker: str, number: int) -> int:
    """Appends which task ran in which process; a little slow, so that two workers both get some."""
    import os

    with Path(marker).open("a") as out:
        out.write(f"{number} {os.getpid()}\n")
    time.sleep(0.3)
    return os.getpid()
