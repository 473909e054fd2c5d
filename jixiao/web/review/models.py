"""抽查复核 (CYCLE.md §4): the bureau's spot-check samples, chosen from the risk ranking (who, when, why), the
evaluations sampled, and the bureau's own score of each indicator. The department's document is never changed:
the bureau's scores live here, beside it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.organisations.models import FinanceBureau


class Sample(models.Model):
    class Method(models.TextChoices):
        TOP = "top", "按风险排名取前 N 名"
        TICKED = "ticked", "逐项勾选"
        BOTH = "both", "前 N 名并加勾选"

    finance_bureau = models.ForeignKey(FinanceBureau, models.PROTECT, related_name="review_samples",
                                       verbose_name="财政局")
    method = models.CharField("选样方式", max_length=10, choices=Method.choices)
    top = models.PositiveIntegerField("前 N 名", default=0)
    reason = models.TextField("抽查理由")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                  verbose_name="选样人")
    created = models.DateTimeField("选样时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽查样本"
        ordering = ("-created", "-id")


class SpotCheck(models.Model):
    """One sampled evaluation: sampled once, scored by the bureau indicator by indicator."""

    sample = models.ForeignKey(Sample, models.PROTECT, related_name="spot_checks", verbose_name="样本")
    evaluation = models.OneToOneField(Evaluation, models.PROTECT, related_name="spot_check", verbose_name="自评")
    risk_score = models.DecimalField("选样时风险分", max_digits=7, decimal_places=4, null=True, blank=True)
    rank = models.PositiveIntegerField("选样时排名", null=True, blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽查复核"
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"抽查复核：{self.evaluation}"


class BureauScore(models.Model):
    """The bureau's score of one indicator, with what the department scored it at that time (自评偏差 = self − this)."""

    spot_check = models.ForeignKey(SpotCheck, models.CASCADE, related_name="scores")
    path = models.CharField("指标位置", max_length=200)
    part_name = models.CharField("所属", max_length=300)
    indicator_name = models.CharField("指标", max_length=500)
    weight = models.DecimalField("分值", max_digits=7, decimal_places=4)
    self_score = models.DecimalField("自评得分", max_digits=7, decimal_places=4, null=True, blank=True)
    score = models.DecimalField("复核得分", max_digits=7, decimal_places=4)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    updated = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "复核得分"
        constraints = (models.UniqueConstraint(fields=["spot_check", "path"], name="one_bureau_score_per_indicator"),)


class RiskAssessment(models.Model):
    """An evaluation's risk score as the core computed it (jixiao.core.cycle.risk_record), with what it was computed
    from: the evaluation's saved revision and status, its department's earlier years (their findings and 自评偏差,
    as a hash) and the risk rule file (a hash of its text). The ranking reads it while all four still hold
    (`risk_store`), analytics reads its score; only submitted evaluations (待审核 / 已接收) have one."""

    evaluation = models.OneToOneField(Evaluation, models.CASCADE, related_name="risk_assessment")
    # triggered ÷ judged weight × 100, rounded half up to 6 places for queries; None when nothing could be judged
    score = models.DecimalField("风险分", max_digits=12, decimal_places=6, null=True, blank=True)
    fired = models.PositiveIntegerField("触发的控制点数", default=0)
    explanation = models.TextField("风险说明")
    points = models.JSONField("控制点")  # risk_record.assessment_to_data: the evaluation's points, then each project's
    # the evaluation's own part of `points` and how many projects it scores, kept apart: the ranking's rows read only
    # these, where the whole record with its projects' points is hundreds of KB (issue 11)
    whole = models.JSONField("本评价的控制点")
    project_count = models.PositiveIntegerField("评分的项目数")
    rules_hash = models.CharField("风险规则文件（SHA-256）", max_length=64)
    source_revision = models.PositiveIntegerField()
    source_updated = models.DateTimeField()
    source_status = models.CharField(max_length=20, choices=Status.choices)
    history_hash = models.CharField("往年情况（SHA-256）", max_length=64)
    computed = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = "风险评分"
        indexes = [models.Index(fields=["score"], name="review_risk_score")]
