"""The audit trail: every change (who, when, which field, old → new), every login, failed login, permission
refusal, export and download. Append-only: the application never updates or deletes an event, and database triggers
refuse it too. Hash-chained (chain.py): each event carries the previous event's hash and its own, so that an event
changed or removed behind the triggers' back is found by `jixiao audit-log verify`.

Retention: events are kept at least 180 days (网络安全法 第二十一条: network logs kept no less than six months);
the application deletes none, and offers no way to.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Action(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账户锁定"
    LOGOUT = "logout", "退出"
    PERMISSION_DENIED = "permission_denied", "越权访问被拒绝"
    CHANGE = "change", "修改数据"
    CREATE = "create", "新建"
    WORKFLOW = "workflow", "流程操作"
    ADMIN = "admin", "管理操作"
    SECURITY = "security", "安全设置"
    EXPORT = "export", "导出文档"
    IMPORT = "import", "导入并审核报告"
    ADDRESS_BLOCKED = "address_blocked", "来源地址封禁"


class AppendOnlyError(Exception):
    pass


class AuditEventManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        """Events not yet in the chain join it (chain.append, which calls back here with every hash set)."""
        objs = list(objs)
        if any(not event.hash for event in objs):
            from .chain import append

            return append(objs)
        return super().bulk_create(objs, *args, **kwargs)


class AuditEvent(models.Model):
    # seq numbers the chain without gaps; time is set when the event joins the chain (chain.append), so that it
    # can be hashed before the row is written.
    seq = models.BigIntegerField("序号", unique=True)
    time = models.DateTimeField("时间", default=timezone.now, db_index=True)
    username = models.CharField("用户", max_length=150, blank=True)  # kept as text: outlives the account
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    action = models.CharField("操作", max_length=30, choices=Action.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=50, blank=True)
    object_id = models.CharField("对象", max_length=50, blank=True)
    field = models.CharField("字段", max_length=300, blank=True)
    old_value = models.TextField("原值", blank=True)
    new_value = models.TextField("新值", blank=True)
    detail = models.TextField("说明", blank=True)
    # unique: two events can never claim the same predecessor, so concurrent writers cannot fork the chain
    previous_hash = models.CharField("前一事件哈希", max_length=64, unique=True)
    hash = models.CharField("哈希", max_length=64, unique=True)

    objects = AuditEventManager()

    class Meta:
        verbose_name = "审计事件"
        ordering = ["-seq"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计日志不可修改")
        if not self.hash:
            from .chain import append

            append([self])
            return
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志不可删除")
