"""The finance bureau's own records: a zip of every accepted evaluation of a year, built in the background while the
page shows its progress; and the reports a reviewer uploaded to audit, with what the audit found."""

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


class ReportAudit(models.Model):
    """One uploaded report file and its audit. The file itself is not kept: only what was read from it and found."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    finance_bureau = models.ForeignKey("organisations.FinanceBureau", models.CASCADE, related_name="report_audits",
                                       verbose_name="财政局")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    created = models.DateTimeField("审核时间", auto_now_add=True)
    seconds = models.DecimalField("用时（秒）", max_digits=8, decimal_places=3, default=0)
    error = models.TextField("无法读取的原因", blank=True)
    department_name = models.CharField("报告所述部门", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("报告所述年度", null=True, blank=True)
    findings = models.JSONField("审核发现", default=list)
    # counted once when saved, so that the list of reports does not read every report's findings
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    notices = models.PositiveIntegerField("提示", default=0)
    missing = models.JSONField("未能提取", default=list)
    document = models.JSONField("提取的数据", null=True, blank=True)
    facts = models.PositiveIntegerField("提取的事实数", default=0)
    evaluation = models.ForeignKey("evaluations.Evaluation", models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="据此建立的评价")

    class Meta:
        verbose_name = "报告审核"
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.name

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.get("severity") == severity)

    def save(self, *args, **kwargs):
        self.errors, self.warnings, self.notices = (self.count(s) for s in ("error", "warning", "notice"))
        super().save(*args, **kwargs)
