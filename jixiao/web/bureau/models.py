"""A zip of every accepted evaluation of a year, built in the background while the page shows its progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExportJob(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", "正在生成"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    @property
    def percent(self) -> int:
        return 100 if self.state == self.State.DONE else int(self.done * 100 / self.total) if self.total else 0
