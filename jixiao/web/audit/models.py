"""The audit trail: every change (who, when, which field, old → new), every login, failed login and permission
refusal. Append-only: the application never updates or deletes an event, and database triggers refuse it too."""

from __future__ import annotations

from django.db import models


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


class AppendOnlyError(Exception):
    pass


class AuditEvent(models.Model):
    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    username = models.CharField("用户", max_length=150, blank=True)  # kept as text: outlives the account
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    action = models.CharField("操作", max_length=30, choices=Action.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=50, blank=True)
    object_id = models.CharField("对象", max_length=50, blank=True)
    field = models.CharField("字段", max_length=300, blank=True)
    old_value = models.TextField("原值", blank=True)
    new_value = models.TextField("新值", blank=True)
    detail = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "审计事件"
        ordering = ["-time", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志不可删除")
