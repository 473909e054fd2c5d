"""The finance bureau's own records: a zip of every accepted evaluation of a year, built by a background task while
the page shows its progress; and the reports a reviewer uploaded, audited by a background task, with what it found."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExportJob(models.Model):
    """A file of a bureau's year built by a background task: the zip of the accepted evaluations' packages, or the
    workbook of next year's budget suggestions (a sheet per evaluation: thousands in a province)."""

    class Kind(models.TextChoices):
        PACKAGES = "packages", "已接收自评压缩包"
        SUGGESTIONS = "suggestions", "预算安排建议表"

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "正在生成"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PACKAGES)
    year = models.PositiveSmallIntegerField("年度")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
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

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def filename(self) -> str:
        if self.kind == self.Kind.SUGGESTIONS:
            return f"{self.year}年度预算安排建议.xlsx"
        return f"{self.year}年度部门绩效自评（已接收）.zip"

    @property
    def content_type(self) -> str:
        if self.kind == self.Kind.SUGGESTIONS:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return "application/zip"


class ExportChunk(models.Model):
    """The file, in pieces of at most a few MB, kept in the database so that a worker on any machine can build it
    and the web server stream it without reading it whole."""

    job = models.ForeignKey(ExportJob, models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="export_chunk_once")]


class ReportAudit(models.Model):
    """One uploaded report file and its audit. The file is kept (ReportUpload) only until it has been audited:
    afterwards only what was read from it and found."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "审核中"
        DONE = "done", "已审核"
        FAILED = "failed", "无法读取"

    # a department's import is read for a draft (its findings come with it); a bureau's upload is audited
    IMPORT_STATES = {"running": "读取中", "done": "已读取"}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    # A finance reviewer's audit belongs to the bureau; a preparer's import of the department's own tables belongs to
    # the department. Exactly one of the two (constraint below).
    finance_bureau = models.ForeignKey("organisations.FinanceBureau", models.CASCADE, related_name="report_audits",
                                       verbose_name="财政局", null=True, blank=True)
    department = models.ForeignKey("organisations.Department", models.CASCADE, related_name="imports",
                                   verbose_name="导入的部门", null=True, blank=True)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）", default=0)
    created = models.DateTimeField("上传时间", auto_now_add=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    started = models.DateTimeField("开始审核", null=True, blank=True)
    finished = models.DateTimeField("审核完成", null=True, blank=True)
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
    sources = models.JSONField("数据来源", default=dict)  # document path → where in the file it was read
    coverage = models.CharField("识别与读取", max_length=2000, blank=True)  # forms recognised, rows read
    unauditable = models.CharField("无法审核的原因", max_length=500, blank=True)  # empty when it could be audited
    facts = models.PositiveIntegerField("提取的事实数", default=0)
    evaluation = models.ForeignKey("evaluations.Evaluation", models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="据此建立的评价")

    class Meta:
        verbose_name = "报告审核"
        constraints = [models.CheckConstraint(
            name="report_of_a_bureau_or_a_department",
            condition=models.Q(finance_bureau__isnull=False, department__isnull=True)
            | models.Q(finance_bureau__isnull=True, department__isnull=False))]
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def verb(self) -> str:
        return "读取" if self.department_id else "审核"

    @property
    def state_label(self) -> str:
        """排队中 / 审核中 / 已审核 / 无法读取, or for a department's import 读取中 / 已读取."""
        return (self.IMPORT_STATES.get(self.state) if self.department_id else None) or self.get_state_display()

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.get("severity") == severity)

    def save(self, *args, **kwargs):
        self.errors, self.warnings, self.notices = (self.count(s) for s in ("error", "warning", "notice"))
        super().save(*args, **kwargs)


class ReportUpload(models.Model):
    """The bytes of an uploaded report, in the database so that a worker on any machine can read them; deleted once
    the report has been audited (or could not be)."""

    report = models.OneToOneField(ReportAudit, models.CASCADE, primary_key=True, related_name="upload")
    content = models.BinaryField()
