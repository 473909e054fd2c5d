"""Task timings as counters in the database: every worker, on any machine, adds to the same rows, and they survive
pruning the queue's finished rows (a histogram read from those rows would go backwards when they are pruned)."""

from __future__ import annotations

from django.db import models


class TaskTiming(models.Model):
    """How many runs of one task ended with one status in one duration bucket (not cumulative: a run counts in the
    first bucket whose bound it does not exceed), and their seconds summed."""

    task = models.CharField(max_length=255)  # the task function's dotted path
    status = models.CharField(max_length=16)  # SUCCESSFUL or FAILED
    bucket = models.PositiveSmallIntegerField()  # index into buckets.TASK_SECONDS; len(TASK_SECONDS) is +Inf
    count = models.BigIntegerField(default=0)
    seconds = models.FloatField(default=0.0)

    class Meta:
        verbose_name = "任务耗时统计"
        constraints = [models.UniqueConstraint(fields=["task", "status", "bucket"], name="metrics_task_timing_key")]

    def __str__(self) -> str:
        return f"{self.task} {self.status} #{self.bucket}: {self.count}"
