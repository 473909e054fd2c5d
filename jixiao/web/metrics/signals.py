"""Every finished task: one log line with its name, id, status and duration, and its duration counted in the
database (models.TaskTiming) for /metrics. Neither may fail the task."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.db.models import F

from jixiao.web.tasks import task_finished

from .buckets import TASK_SECONDS, bucket_of
from .models import TaskTiming

task_log = logging.getLogger("jixiao.tasks")


def connect() -> None:
    task_finished.connect(on_task_finished, dispatch_uid="jixiao.web.metrics")


def on_task_finished(sender, task_result, **kwargs) -> None:
    name = task_result.task.module_path
    status = str(task_result.status)
    seconds = None
    if task_result.started_at and task_result.finished_at:
        seconds = max(0.0, (task_result.finished_at - task_result.started_at).total_seconds())
    duration_ms = None if seconds is None else round(seconds * 1000, 1)
    level = logging.INFO if status == "SUCCESSFUL" else logging.WARNING
    task_log.log(level, "任务 %s %s %s：%s ms", name, task_result.id, status, duration_ms,
                 extra={"task": name, "task_id": str(task_result.id), "task_status": status,
                        "duration_ms": duration_ms})
    if seconds is not None:
        try:
            record(name, status, seconds)
        except Exception:  # the figures are worth less than the task: say so and go on
            task_log.exception("任务 %s 的耗时未能记入运行指标", task_result.id)


def record(task: str, status: str, seconds: float) -> None:
    key = {"task": task[:255], "status": status, "bucket": bucket_of(seconds, TASK_SECONDS)}
    with transaction.atomic():  # a savepoint: a failure here leaves the caller's transaction usable
        if TaskTiming.objects.filter(**key).update(count=F("count") + 1, seconds=F("seconds") + seconds):
            return
        try:
            with transaction.atomic():
                TaskTiming.objects.create(**key, count=1, seconds=seconds)
                return
        except IntegrityError:  # another worker created the row first: add to it
            pass
        TaskTiming.objects.filter(**key).update(count=F("count") + 1, seconds=F("seconds") + seconds)
