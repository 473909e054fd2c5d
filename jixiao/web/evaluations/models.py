"""An evaluation is stored as the core's document (JSON of `jixiao.core.model.Evaluation`), so that what the web
saves is exactly what the command line scores and checks. Alongside it: a summary of the core's result for lists,
every saved revision (for conflicts and field histories), immutable versions frozen at each submission, and the
workflow's events."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.organisations.models import GENERATED, GENERATED_EVALUATION_NOTE, GENERATED_NOTE, Department


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交，待部门审核"
    RETURNED = "returned", "已退回修改"
    WITH_FINANCE = "with_finance", "部门已审核，待财政审核"
    ACCEPTED = "accepted", "财政已接收"


EDITABLE = {Status.DRAFT, Status.RETURNED}


# What a list of evaluations leaves unread: the stored document and the sources of an import (tens of KB each).
LIST_DEFERRED = ("document", "import_sources")


class Evaluation(models.Model):
    department = models.ForeignKey(Department, models.PROTECT, related_name="evaluations", verbose_name="部门")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    document = models.JSONField("评价数据")
    revision = models.PositiveIntegerField("修订号", default=1)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # Set when a finance reviewer built this evaluation from an uploaded report: that reviewer may correct it.
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
                                    verbose_name="据报告导入者")
    # Read from a file (a preparer's own tables, a report a reviewer uploaded): document path → where in the file,
    # so that each imported value can be traced to its cell.
    import_sources = models.JSONField("导入来源", default=dict, blank=True)
    # Started from that year's evaluation: names still saying that year are flagged (core.carried_over).
    copied_from_year = models.PositiveSmallIntegerField("沿用自年度", null=True, blank=True)
    # The core's verdict on the saved document, kept for lists and sorting.
    score = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等级", max_length=10, blank=True)
    complete = models.BooleanField("评分完整", default=False)
    errors = models.PositiveIntegerField("错误", default=0)
    # of the errors, those that only say a blank keeps something from being scored (SCORE.NOT_SCORED)
    unscored = models.PositiveIntegerField("其中未计分", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    # an evaluation with nothing a check reads (no scheme, budget, projects, goals or indicators: core.unchecked)
    # has no errors and is not therefore without problems: lists say 无法审核, and it cannot be submitted
    auditable = models.BooleanField("可审核", default=True)
    notices = models.PositiveIntegerField("提示", default=0)
    project_count = models.PositiveIntegerField("项目数", default=0)
    # made by the demo (jixiao/web/demo_generated), not reported by anyone: also the earlier year it generates for a
    # real (seed) department, which Department.generated does not mark; every place naming a department and year
    # marks it when either says so (`demo_generated`)
    generated = models.BooleanField(GENERATED, default=False)

    class Meta:
        verbose_name = "绩效自评"
        ordering = ["-year", "department__name"]
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="one_evaluation_per_year")]

    def __str__(self) -> str:
        return f"{self.department.name} {self.year} 年度"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def demo_generated(self) -> bool:
        """Its figures were made up by the demo: it, or its whole department, was generated (演示生成)."""
        return self.generated or self.department.generated

    @property
    def generated_note(self) -> str:
        """What 演示生成 means for it: a department the demo generated, or a year it generated for a real one."""
        if self.department.generated:
            return GENERATED_NOTE
        return GENERATED_EVALUATION_NOTE if self.generated else ""

    @property
    def document_mark(self) -> tuple[str, str] | None:
        """How every document made of it says that its figures are the demo's (jixiao.io.documents.render's `mark`):
        （演示生成） after the heading and what that means on the line under it, as the public PDF has always said;
        None for a real evaluation, whose documents carry no mark. The one place that decides both."""
        return (GENERATED, self.generated_note) if self.demo_generated else None


class Revision(models.Model):
    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="unique_revision")]


class ImmutableError(Exception):
    pass


class Version(models.Model):
    """Frozen at each submission; never changed afterwards."""

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    status = models.CharField("提交时状态", max_length=20, choices=Status.choices)
    document = models.JSONField()
    score = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True)
    grade = models.CharField("等级", max_length=10, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField("时间", auto_now_add=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="unique_version")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("已提交的版本不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("已提交的版本不可删除")


class WorkflowEvent(models.Model):
    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=30)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    comment = models.TextField("意见", blank=True)
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
