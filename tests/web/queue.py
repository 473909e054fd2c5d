"""The task queue in the tests: what the requests queued (in the database, as in production) is run in this process
by the database backend's own worker code, one task after another. A real `jixiao worker` process is tried in
test_worker_process.py."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queue() -> int:
    """Run every ready task (those queued by tasks too); return how many ran. It claims and runs each task as the
    worker does, without the worker's loop, which would close the test's database connection."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test-worker", excluded_queue_names=[])
    count = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        count += 1
    return count
