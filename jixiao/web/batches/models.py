"""A batch of work split into items, one task on the queue each (tasks.run_item), so that any number of workers on
any machine share it. The items are the truth: a batch's progress is counted from them; `done` and `failed` on the
batch are written once, when its last item ends."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Batch(models.Model):
    class Kind(models.TextChoices):
        RESCORE = "rescore", "重新评分"
        DISCLOSURE = "disclosure", "生成信息公开文件"
        AUDIT = "audit", "报告批量审核"

    class State(models.TextChoices):
        RUNNING = "running", "进行中"
        FINISHED = "finished", "已完成"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    started_by_name = models.CharField("发起人", max_length=150, blank=True)  # kept when the account goes; 命令行
    # the bureau whose work it is; none: every bureau (a system administrator's or the command line's rescoring)
    finance_bureau = models.ForeignKey("organisations.FinanceBureau", models.CASCADE, null=True, blank=True,
                                       related_name="+", verbose_name="财政局")
    parameters = models.JSONField("参数", default=dict)
    total = models.PositiveIntegerField("条目数", default=0)
    done = models.PositiveIntegerField("已完成", default=0)
    failed = models.PositiveIntegerField("失败", default=0)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.RUNNING)
    created = models.DateTimeField("发起时间", auto_now_add=True)
    finished = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "批量任务"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class BatchItem(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "执行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    batch = models.ForeignKey(Batch, models.CASCADE, related_name="items")
    key = models.CharField("条目", max_length=64)  # what the kind works on: an evaluation's or a report's id
    label = models.CharField("名称", max_length=300, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    task_id = models.CharField(max_length=64, blank=True)  # the queue's task that holds the claim
    error = models.TextField("失败原因", blank=True)
    summary = models.CharField("结果", max_length=300, blank=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "key"], name="batch_item_unique_key")]
        indexes = [models.Index(fields=["batch", "state"], name="batch_item_state")]
        verbose_name = "批量任务条目"

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.key}"
