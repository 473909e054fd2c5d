"""绩效运行监控 (`monitoring`): one report per department, year and period (the end of a month or quarter), with a row
for the department as a whole and one for each project, taken from that year's evaluation document when the report is
started. Each row keeps what the department enters (spending to date, goal completion, each indicator's progress,
deviation reason and corrective action) and the warnings the rules gave when it was last saved (`services.assess`),
so that the bureau's overview can filter and count them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.core.cycle.monitoring import period_label
from jixiao.web.organisations.models import Department


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"


class Colour(models.TextChoices):
    RED = "red", "红色"
    YELLOW = "yellow", "黄色"
    GREEN = "green", "绿色"


class MonitoringReport(models.Model):
    department = models.ForeignKey(Department, models.PROTECT, related_name="monitoring_reports", verbose_name="部门")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("截至月份")  # 9 = the end of September, the third quarter
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    revision = models.PositiveIntegerField("修订号", default=1)
    # path of each field saved (rows[3].spent_to_date) → the revision that last changed it: a save from a page opened
    # before that revision conflicts on that field only
    field_revisions = models.JSONField("字段修订号", default=dict, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    submitted = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    # The rules' verdict at the last save, for lists.
    red_count = models.PositiveIntegerField("红色预警", default=0)
    yellow_count = models.PositiveIntegerField("黄色预警", default=0)

    class Meta:
        verbose_name = "运行监控报告"
        ordering = ["-year", "-month", "department__name"]
        constraints = [models.UniqueConstraint(fields=["department", "year", "month"], name="one_report_per_period")]

    def __str__(self) -> str:
        return f"{self.department.name} {self.period}"

    @property
    def period(self) -> str:
        return period_label(self.year, self.month)

    @property
    def editable(self) -> bool:
        return self.status == Status.DRAFT


class MonitoringRow(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", "部门整体"
        PROJECT = "project", "项目"

    report = models.ForeignKey(MonitoringReport, models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField("序号")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=300)
    budget = models.DecimalField("全年预算（万元）", max_digits=20, decimal_places=6, null=True, blank=True)
    spent_to_date = models.DecimalField("截至本期支出（万元）", max_digits=20, decimal_places=6, null=True, blank=True)
    goal_completion = models.DecimalField("目标完成程度（%）", max_digits=9, decimal_places=4, null=True, blank=True)
    deviation_reason = models.TextField("偏差原因", blank=True)
    corrective_action = models.TextField("纠偏措施", blank=True)
    colour = models.CharField("预警", max_length=10, choices=Colour.choices, blank=True, db_index=True)
    warnings = models.JSONField("预警说明", default=list, blank=True)  # [{rule, colour, message, indicator}]

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="unique_monitoring_row")]


class MonitoredIndicator(models.Model):
    row = models.ForeignKey(MonitoringRow, models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField("序号")
    name = models.CharField("指标", max_length=500)
    target = models.CharField("年度指标值", max_length=200, blank=True)
    value_to_date = models.DecimalField("截至本期完成值", max_digits=20, decimal_places=6, null=True, blank=True)
    completion = models.DecimalField("完成进度（%）", max_digits=9, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["row", "position"], name="unique_monitored_indicator")]
