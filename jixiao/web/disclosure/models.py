"""信息公开: which accepted evaluations a finance bureau chose to publish. A row exists while the evaluation is
published; withdrawing deletes it (the audit log keeps who published and withdrew what, and when)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.evaluations.models import Evaluation


class Publication(models.Model):
    evaluation = models.OneToOneField(Evaluation, models.CASCADE, related_name="publication", verbose_name="绩效自评")
    # the revision published: the documents rendered for the public are cached by it
    revision = models.PositiveIntegerField("公开的修订号")
    published = models.DateTimeField("公开时间", auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+",
                                     verbose_name="公开人")

    class Meta:
        verbose_name = "公开的绩效自评"
        ordering = ["-published"]

    def __str__(self) -> str:
        return f"公开：{self.evaluation}"
