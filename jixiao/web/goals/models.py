"""A goal set: one department's goals for one year (绩效目标申报), the department's overall goal and each project's,
with three-level indicators, stored as the document `jixiao.core.cycle.goals` checks; its review by the finance
bureau (绩效目标审核) as workflow events. Approved, it becomes that year's self-evaluation skeleton."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.evaluations.models import Evaluation
from jixiao.web.organisations.models import Department


class GoalStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已申报，待财政审核"
    RETURNED = "returned", "财政退回修改"  # only the finance bureau returns goals: named as an evaluation it returned
    APPROVED = "approved", "审核通过"


EDITABLE = {GoalStatus.DRAFT, GoalStatus.RETURNED}


class GoalSet(models.Model):
    department = models.ForeignKey(Department, models.PROTECT, related_name="goal_sets", verbose_name="部门")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=20, choices=GoalStatus.choices, default=GoalStatus.DRAFT,
                              db_index=True)
    document = models.JSONField("绩效目标")
    revision = models.PositiveIntegerField("修订号", default=1)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # The self-evaluation draft built from the approved goals (None until approved, or when one existed already).
    evaluation = models.ForeignKey(Evaluation, models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name="据此建立的自评")
    # Counted when saved, for the bureau's list (which then reads no document).
    errors = models.PositiveIntegerField("错误", default=0)
    warnings = models.PositiveIntegerField("警告", default=0)
    project_count = models.PositiveIntegerField("项目数", default=0)

    class Meta:
        verbose_name = "绩效目标"
        ordering = ["-year", "department__name"]
        constraints = [models.UniqueConstraint(fields=["department", "year"], name="one_goal_set_per_year")]

    def __str__(self) -> str:
        return f"{self.department.name} {self.year} 年度绩效目标"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class GoalEvent(models.Model):
    goal_set = models.ForeignKey(GoalSet, models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=30)
    from_status = models.CharField(max_length=20, choices=GoalStatus.choices)
    to_status = models.CharField(max_length=20, choices=GoalStatus.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    comment = models.TextField("意见", blank=True)
    created = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]


class GoalRevision(models.Model):
    """Every saved state of a goal set's document by its revision number: a save from a page opened at an earlier
    revision is merged with what others saved since, cell by cell (services.save_goal_set)."""

    goal_set = models.ForeignKey(GoalSet, models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    document = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["goal_set", "number"], name="unique_goal_revision")]
