"""结果应用 (issue 10 [cycle]): the finance bureau's decisions on next year's budget suggestions, and rectification
notices (整改通知) to departments with their replies (整改反馈). The suggestions themselves are not stored: the core
computes them from the evaluation and the rules; a decision keeps the suggestion it was made on."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.evaluations.models import Evaluation
from jixiao.web.organisations.models import Department


class Choice(models.TextChoices):
    ADOPT = "adopt", "采纳"
    ADJUST = "adjust", "调整金额"
    REJECT = "reject", "不采纳"


class Decision(models.Model):
    """The bureau's decision on one row of the suggestion table (the department, or one project)."""

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="budget_decisions", verbose_name="自评")
    key = models.CharField("对象", max_length=30)  # department / project-N, as the core names its subjects
    subject = models.CharField("名称", max_length=300)
    choice = models.CharField("决定", max_length=10, choices=Choice.choices)
    suggested_action = models.CharField("建议处理", max_length=20)
    suggested_amount = models.DecimalField("建议金额（万元）", max_digits=20, decimal_places=6, null=True, blank=True)
    amount = models.DecimalField("决定金额（万元）", max_digits=20, decimal_places=6, null=True, blank=True)
    reason = models.CharField("理由", max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    decided = models.DateTimeField("时间", auto_now=True)

    class Meta:
        verbose_name = "预算安排决定"
        constraints = [models.UniqueConstraint(fields=["evaluation", "key"], name="one_decision_per_row")]


class RectificationNotice(models.Model):
    evaluation = models.ForeignKey(Evaluation, models.PROTECT, related_name="rectification_notices",
                                   verbose_name="自评")
    department = models.ForeignKey(Department, models.PROTECT, related_name="rectification_notices",
                                   verbose_name="部门")
    title = models.CharField("标题", max_length=200)
    deadline = models.DateField("整改期限")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    issued = models.DateTimeField("下发时间", auto_now_add=True)
    # the bureau's step on the department's replies (core NOTICE_ACTIONS): closed (办结) or returned (退回) with why
    # a reply after a return clears `review` (answered again), the last return's note kept for both sides to read
    review = models.CharField("财政审核", max_length=10, blank=True)
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "整改通知"
        ordering = ["-issued", "-id"]


class RectificationItem(models.Model):
    notice = models.ForeignKey(RectificationNotice, models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField("序号")
    demand = models.CharField("整改要求", max_length=1000)
    # the evaluation's finding it answers to, copied when the notice is issued (findings are recomputed, not stored)
    finding_code = models.CharField("问题代码", max_length=50, blank=True)
    finding_location = models.CharField("问题位置", max_length=300, blank=True)
    # where it is in words, as the list it was picked from named it (services.finding_place)
    finding_place = models.CharField("问题所在", max_length=300, blank=True)
    finding_text = models.CharField("问题", max_length=1000, blank=True)
    reply = models.TextField("整改反馈", blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    replied = models.DateTimeField("反馈时间", null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["notice", "number"], name="unique_item_number")]
