"""Who may do what, and the security settings the security administrator keeps.

Roles (issue [web]): preparer and department reviewer belong to a department; finance reviewer to a finance bureau;
the three administrators (system, security, audit) are separate, as 等保 level 3 requires (三权分立), and none of
them sees evaluations. Nobody holds two administrator roles, or an administrator role and a business role: checked
in Membership.save and, against writes that bypass it, by a unique index and a database trigger (separation.py).
Nobody holds a role of both review levels, the department's (填报人, 部门审核人) and the bureau's (财政审核人): checked
in Membership.save too, whatever grants the role.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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
BUSINESS_ROLES = {Role.PREPARER, Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER}
FINANCE_ROLES = BUSINESS_ROLES - DEPARTMENT_ROLES
# Who must log in with a second factor: whoever administers the system or accepts departments' evaluations.
TWO_FACTOR_ROLES = ADMIN_ROLES | {Role.FINANCE_REVIEWER}


class SeparationOfDutiesError(ValidationError):
    """A role that would give one person two of the separated powers."""


def separation_conflict(role: str, other_roles) -> str | None:
    """Why `role` may not join `other_roles` held by the same account, or None when it may."""
    others = set(other_roles)
    if role in ADMIN_ROLES and others & ADMIN_ROLES:
        return "同一账户不能兼任两个管理员角色（三权分立）。"
    if role in ADMIN_ROLES and others:
        return "管理员账户不能同时担任业务角色（三权分立）。"
    if role not in ADMIN_ROLES and others & ADMIN_ROLES:
        return "业务角色不能授予管理员账户（三权分立）。"
    return None


def review_level_clash(role: str, held):
    """The first of `held` (memberships the same account keeps) on the other review level than `role`, or None. A
    submission is approved by the department (部门审核人, after its 填报人) and then by the bureau (财政审核人): one
    person on both sides would pass their own work on to themselves, so an account is on one side only."""
    if role not in BUSINESS_ROLES:
        return None
    other_side = FINANCE_ROLES if role in DEPARTMENT_ROLES else DEPARTMENT_ROLES
    return next((m for m in held if m.role in other_side), None)


def review_level_message(kept, role: str) -> str:
    """Why an account that keeps `kept` may not take `role` (review_level_clash), in Chinese."""
    return (f"该账户已有{kept.get_role_display()}（{kept.department or kept.finance_bureau}）角色，不能再担任"
            f"{Role(role).label}：部门一方（填报人、部门审核人）与财政一方（财政审核人）的角色不能由同一人兼任，"
            "否则同一人会在部门和财政两级审核同一份自评。")


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
            models.UniqueConstraint(fields=["user"], condition=models.Q(
                role__in=["system_admin", "security_admin", "audit_admin"]), name="one_admin_role_per_account"),
        ]

    def __str__(self) -> str:
        scope = self.department or self.finance_bureau or "全系统"
        return f"{self.user} · {self.get_role_display()} · {scope}"

    def clean(self) -> None:
        super().clean()
        others = list(Membership.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
                      .select_related("department", "finance_bureau").order_by("pk"))
        problem = separation_conflict(self.role, [m.role for m in others])
        if problem:
            raise SeparationOfDutiesError({"role": problem})
        kept = review_level_clash(self.role, others)
        if kept is not None:
            raise SeparationOfDutiesError({"role": review_level_message(kept, self.role)})

    def save(self, *args, **kwargs):
        # Every path that grants a role comes through here (三权分立, the review levels); the database refuses the
        # rest of 三权分立 (separation.py).
        self.clean()
        super().save(*args, **kwargs)


class SecuritySettings(models.Model):
    """One row, kept by the security administrator."""

    max_failed_logins = models.PositiveSmallIntegerField(
        "连续登录失败次数上限", default=5, validators=[MinValueValidator(3), MaxValueValidator(10)])
    lockout_minutes = models.PositiveSmallIntegerField(
        "锁定时长（分钟）", default=15, validators=[MinValueValidator(5), MaxValueValidator(1440)])
    idle_timeout_minutes = models.PositiveSmallIntegerField(
        "会话空闲超时（分钟）", default=30, validators=[MinValueValidator(5), MaxValueValidator(60)])
    password_min_length = models.PositiveSmallIntegerField(
        "密码最短长度", default=10, validators=[MinValueValidator(8), MaxValueValidator(64)])
    updated = models.DateTimeField("修改时间", auto_now=True)

    BOUNDS = {"max_failed_logins": (3, 10, "次"), "lockout_minutes": (5, 1440, "分钟"),
              "idle_timeout_minutes": (5, 60, "分钟"), "password_min_length": (8, 64, "位")}

    class Meta:
        verbose_name = "安全设置"
        constraints = [  # the bounds hold whatever writes the row
            models.CheckConstraint(name="security_settings_in_bounds", condition=(
                models.Q(max_failed_logins__gte=3, max_failed_logins__lte=10)
                & models.Q(lockout_minutes__gte=5, lockout_minutes__lte=1440)
                & models.Q(idle_timeout_minutes__gte=5, idle_timeout_minutes__lte=60)
                & models.Q(password_min_length__gte=8, password_min_length__lte=64))),
        ]

    @classmethod
    def current(cls) -> SecuritySettings:
        found = cls.objects.first()
        return found if found is not None else cls(pk=1)


class LoginThrottle(models.Model):
    """Failed logins per user name (known or not, so that lockout does not reveal which names exist) and address.

    Keyed by both, so that an address hammering one account locks that account against that address, while
    nobody elsewhere can lock someone else's account (administrators' included) by typing wrong passwords.
    """

    username = models.CharField(max_length=150)
    ip = models.CharField(max_length=45, default="")
    failures = models.PositiveSmallIntegerField(default=0)
    last_failure = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["username", "ip"], name="login_throttle_per_address")]

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class AddressThrottle(models.Model):
    """Failed logins per address, whatever the user names: an address spraying many names is blocked a while."""

    ip = models.CharField(max_length=45, unique=True)
    failures = models.PositiveIntegerField(default=0)
    usernames = models.JSONField(default=list)  # the distinct names it failed on in the current window
    first_failure = models.DateTimeField(null=True)
    blocked_until = models.DateTimeField(null=True)

    def is_blocked(self) -> bool:
        return self.blocked_until is not None and self.blocked_until > timezone.now()


class PendingPasswordChange(models.Model):
    """An account whose password an administrator set (a one-time initial password): its owner must choose a new
    one at first login, so that the administrator who created it cannot go on using it unnoticed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="pending_password_change")
    set_by = models.CharField("设置人", max_length=150)
    created = models.DateTimeField("时间", auto_now_add=True)
