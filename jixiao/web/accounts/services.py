"""Who may change which account (三权分立, 等保 level 3):

- 系统管理员 creates accounts with business roles (填报人, 部门审核人, 财政审核人) and deactivates or reactivates them;
- only 安全管理员 grants or revokes an administrator role (system, security, audit), never its own, and only it
  deactivates or reactivates an administrator's account;
- nobody holds two administrator roles, or an administrator role and a business role (Membership.save, and the
  database: separation.py);
- an account's business roles are of one side: the department's (填报人, 部门审核人) or the bureau's (财政审核人),
  so that nobody approves a submission at both levels (Membership.save; grant_business_role says it first, with
  what to do instead: review_level_conflict).

Accounts an administrator creates get a one-time initial password, shown once to that administrator, and must
choose their own at first login; the finance reviewers and administrators must also enrol a second factor. So the
creator of an account cannot quietly go on using it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action

from . import permissions
from .models import (ADMIN_ROLES, BUSINESS_ROLES, Membership, PendingPasswordChange, Role, review_level_clash,
                     review_level_message)
from .passwords import one_time_password


def is_administrator(user) -> bool:
    return bool(set(user.memberships.values_list("role", flat=True)) & ADMIN_ROLES)


def check_may_grant(actor, role: str, target=None) -> None:
    """Refuse (PermissionDenied, in Chinese) unless `actor` may grant or revoke `role` (on `target`)."""
    mine = permissions.roles(actor)
    if role in ADMIN_ROLES:
        if Role.SECURITY_ADMIN not in mine:
            raise PermissionDenied("只有安全管理员可以授予或撤销管理员角色。")
        if target is not None and target.pk == actor.pk:
            raise PermissionDenied("不能为自己授予或撤销角色。")
    elif role in BUSINESS_ROLES:
        if Role.SYSTEM_ADMIN not in mine:
            raise PermissionDenied("只有系统管理员可以授予或撤销业务角色。")
    else:
        raise PermissionDenied("未知角色。")


def check_may_manage(actor, target) -> None:
    """Deactivating, reactivating (or resetting) an account: its own kind of administrator, never oneself."""
    if target.pk == actor.pk:
        raise PermissionDenied("不能停用或启用自己的账户。")
    mine = permissions.roles(actor)
    if is_administrator(target):
        if Role.SECURITY_ADMIN not in mine:
            raise PermissionDenied("管理员账户只能由安全管理员停用或启用。")
    elif Role.SYSTEM_ADMIN not in mine:
        raise PermissionDenied("只有系统管理员可以停用或启用业务账户。")


@transaction.atomic
def create_account(actor, request, username: str, full_name: str, role: str, **scope) -> tuple[object, str]:
    """The new account and its one-time initial password (to show once; it is not kept anywhere readable)."""
    check_may_grant(actor, role)
    password = one_time_password()
    user = get_user_model().objects.create_user(username, password=password, first_name=full_name)
    Membership.objects.create(user=user, role=role, **scope)
    PendingPasswordChange.objects.create(user=user, set_by=actor.get_username())
    scope_text = "".join(f"，{value}" for value in scope.values() if value is not None)
    record(Action.ADMIN, request, object_type="user", object_id=user.pk,
           detail=f"新建用户 {username}（{Role(role).label}{scope_text}），初始密码须在首次登录时修改")
    return user, password


@transaction.atomic
def revoke_role(actor, request, membership: Membership) -> None:
    check_may_grant(actor, membership.role, membership.user)
    username, label = membership.user.get_username(), membership.get_role_display()
    Membership.objects.filter(pk=membership.pk).delete()
    record(Action.SECURITY if membership.role in ADMIN_ROLES else Action.ADMIN, request, object_type="user",
           object_id=membership.user_id, detail=f"撤销用户 {username} 的{label}角色")


@transaction.atomic
def grant_admin_role(actor, request, target, role: str) -> Membership:
    """An administrator role for an existing account that holds no other role (e.g. one whose role was revoked)."""
    check_may_grant(actor, role, target)
    membership = Membership.objects.create(user=target, role=role)  # save() refuses a second role
    record(Action.SECURITY, request, object_type="user", object_id=target.pk,
           detail=f"授予用户 {target.get_username()} {Role(role).label}角色")
    return membership


class RoleRefused(Exception):
    """A role the form asked for that cannot be granted as asked; the message says why, in Chinese."""


def _scope_text(scope: dict) -> str:
    return "".join(f"（{value}）" for value in scope.values() if value is not None)


def review_level_conflict(target, role: str, replace: Membership | None = None) -> str | None:
    """Why `target` may not take `role` beside the roles it keeps (all it holds but `replace`), or None: the rule
    is the model's (Membership.save refuses it whatever grants the role); the form's answer adds what to do."""
    held = target.memberships.select_related("department", "finance_bureau").order_by("pk")
    if replace is not None:
        held = held.exclude(pk=replace.pk)
    kept = review_level_clash(role, held)
    if kept is None:
        return None
    label = Role(role).label
    return f"{review_level_message(kept, role)}要改任{label}，请在“替换现有角色”中选择该角色，或先撤销它。"


@transaction.atomic
def grant_business_role(actor, request, target, role: str, replace: Membership | None = None, **scope) -> Membership:
    """A business role (with its department or bureau) for an existing account: a role-less account (one whose role
    was revoked) gets one again, and `replace`, one of its business roles, is revoked in the same step, which is how
    a role is changed. Only the system administrator, only business roles, never on an administrator's account
    (Membership.save refuses that too), never a role of the department's side beside one of the bureau's or the
    other way round (review_level_conflict, and Membership.save). Each grant and the revoke it replaces are in the
    audit log."""
    check_may_grant(actor, role, target)  # once: who may grant `role` at all, with its reason
    if role not in BUSINESS_ROLES:  # an administrator role, even from the security administrator: not here
        raise PermissionDenied("这里只能授予业务角色。")
    if is_administrator(target):
        raise PermissionDenied("管理员账户由安全管理员管理，不能授予业务角色（三权分立）。")
    if replace is not None and (replace.user_id != target.pk or replace.role not in BUSINESS_ROLES):
        raise PermissionDenied("只能替换该账户自己的业务角色。")
    if target.memberships.filter(role=role, **scope).exists():  # the one it would replace too: nothing would change
        raise RoleRefused(f"该账户已有{Role(role).label}{_scope_text(scope)}角色。")
    conflict = review_level_conflict(target, role, replace)
    if conflict:
        raise RoleRefused(conflict)
    if replace is not None:
        revoke_role(actor, request, replace)
    membership = Membership.objects.create(user=target, role=role, **scope)  # save() checks both rules again
    record(Action.ADMIN, request, object_type="user", object_id=target.pk,
           detail=f"授予用户 {target.get_username()} {Role(role).label}{_scope_text(scope)}角色")
    return membership


@transaction.atomic
def set_active(actor, request, target, active: bool) -> None:
    check_may_manage(actor, target)
    target.is_active = active
    target.save(update_fields=["is_active"])
    record(Action.SECURITY if is_administrator(target) else Action.ADMIN, request, object_type="user",
           object_id=target.pk, detail=f"{'启用' if active else '停用'}用户 {target.get_username()}")


@transaction.atomic
def reset_two_factor(actor, request, target) -> int:
    """A lost or replaced phone: the security administrator removes the account's authenticator (never its own);
    its owner enrols a new one at the next login (required roles are sent there before anything else)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if Role.SECURITY_ADMIN not in permissions.roles(actor):
        raise PermissionDenied("只有安全管理员可以重置两步验证。")
    if target.pk == actor.pk:
        raise PermissionDenied("不能重置自己的两步验证。")
    removed, _ = TOTPDevice.objects.filter(user=target).delete()
    record(Action.SECURITY, request, object_type="user", object_id=target.pk,
           detail=f"重置用户 {target.get_username()} 的两步验证（移除 {removed} 个验证器）")
    return removed
