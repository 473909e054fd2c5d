"""Who may do what, and the security settings the security administrator keeps.

Roles (issue [web]): preparer and department reviewer belong to a department; finance reviewer to a finance bureau;
the three administrators (system, security, audit) are separate, as 等保 level 3 requires, and none of them sees
evaluations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from jixiao.web.organisations.models import Department, FinanceBureau


class Role(models.TextChoices):
    PREPARER = "preparer", "填报人"
    DEPARTMENT_REVIEWER = "department_reviewer", "部门审核人"
    FINANCE_REVIEWER = "finance_reviewer", "财政审核人"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


DEPARTMENT_ROLES = {Role.PREPARER, Role.DEPARTMENT_REVIEWER}
ADMIN_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships", verbose_name="用户")
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    department = models.ForeignKey(Department, models.CASCADE, null=True, blank=True, related_name="memberships",
                                   verbose_name="部门")
    finance_bureau = models.ForeignKey(FinanceBureau, models.CASCADE, null=True, blank=True,
                                       related_name="memberships", verbose_name="财政局")

    class Meta:
        verbose_name = "角色"
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role__in=["preparer", "department_reviewer"], department__isnull=False,
                             finance_bureau__isnull=True)
                    | models.Q(role="finance_reviewer", finance_bureau__isnull=False, department__isnull=True)
                    | models.Q(role__in=["system_admin", "security_admin", "audit_admin"], department__isnull=True,
                               finance_bureau__isnull=True)
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.department or self.finance_bureau or "全系统"
        return f"{self.user} · {self.get_role_display()} · {scope}"


class SecuritySettings(models.Model):
    """One row, kept by the security administrator."""

    max_failed_logins = models.PositiveSmallIntegerField("连续登录失败次数上限", default=5)
    lockout_minutes = models.PositiveSmallIntegerField("锁定时长（分钟）", default=15)
    idle_timeout_minutes = models.PositiveSmallIntegerField("会话空闲超时（分钟）", default=30)
    password_min_length = models.PositiveSmallIntegerField("密码最短长度", default=10)
    updated = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "安全设置"

    @classmethod
    def current(cls) -> SecuritySettings:
        found = cls.objects.first()
        return found if found is not None else cls(pk=1)


class LoginThrottle(models.Model):
    """Failed logins per user name (known or not, so that lockout does not reveal which names exist)."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveSmallIntegerField(default=0)
    last_failure = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()
