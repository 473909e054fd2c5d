"""The Redis option (JIXIAO_TASK_BACKEND=rq, JIXIAO_REDIS_URL): the same `@task` code queued in Redis through
django-tasks-rq (the RQ backend that django-tasks 0.12 ships as a separate package) and run by RQ workers, for
deployments whose queue outgrows the database. Installed with the optional extra: pip install "jixiao[redis]"."""

from __future__ import annotations

QUEUE = "default"
JOB_CLASS = "django_tasks_rq.Job"  # the backend's job, which calls the task through django-tasks


def rq_settings(url: str) -> tuple[dict, dict]:
    """TASKS and RQ_QUEUES for a Redis at `url` (redis://host:port/db)."""
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [QUEUE]}}
    return tasks, {QUEUE: {"URL": url, "DEFAULT_TIMEOUT": 3600}}


def run_worker(burst: bool = False) -> None:
    """One RQ worker on the queue (`jixiao worker` when the backend is rq): runs tasks until stopped, or, with
    `burst`, until the queue is empty."""
    from django.core.management import call_command

    options = {"job_class": JOB_CLASS, "with_scheduler": False}
    call_command("rqworker", QUEUE, burst=burst, **options)
