"""数据接口: tokens other government systems present to the REST API. Only a hash of each token is stored; the token
itself is shown once, when it is created."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name="用户")
    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=12)  # the token's first characters: recognisable in a list
    digest = models.CharField("SHA-256", max_length=64, unique=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    last_used = models.DateTimeField("最近使用", null=True, blank=True)
    revoked = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @property
    def active(self) -> bool:
        return self.revoked is None
