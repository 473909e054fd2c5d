"""The background worker processes, so that a task left RUNNING by a worker that died can be told from one that is
still at work (see recovery.py)."""

from __future__ import annotations

from django.db import models


class WorkerProcess(models.Model):
    """A running `jixiao worker`: where it runs and when it last said it was alive. Deleted when it stops cleanly."""

    id = models.CharField(primary_key=True, max_length=64)  # the worker id it claims tasks with
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started = models.DateTimeField(auto_now_add=True)
    seen = models.DateTimeField()

    class Meta:
        verbose_name = "后台工作进程"

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
