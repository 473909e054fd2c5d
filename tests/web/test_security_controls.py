"""三权分立 (issue 8, finding 10): the system administrator manages business accounts only, the security
administrator alone grants administrator roles and (de)activates administrators, nobody holds two separated powers,
accounts an administrator creates must choose their own password (and, where required, enrol a second factor) before
doing anything, and the security settings have bounds."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, transaction
from django.test import Client

from jixiao.web.accounts.models import Membership, PendingPasswordChange, Role, SecuritySettings, SeparationOfDutiesError
from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.organisations.models import Department, FinanceBureau

from .conftest import client_for

User = get_user_model()


def _account(username: str):
    return User.objects.filter(username=username).first()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["audit_admin", "security_admin", "system_admin"])
def test_the_system_administrator_cannot_create_an_administrator(demo, role):
    response = client_for("sysadmin").post("/accounts/users/", {
        "username": "mole", "full_name": "内鬼", "password": "Budget-2024-ok", "role": role})
    assert response.status_code == 200
    assert _account("mole") is None
    assert "选择一个有效的选项" in response.content.decode()  # the role is not among the business roles offered


@pytest.mark.django_db
def test_an_account_the_system_administrator_creates_has_a_one_time_password_it_did_not_choose(demo):
    bureau = FinanceBureau.objects.get(name="通城县财政局")
    page = client_for("sysadmin").post("/accounts/users/", {
        "username": "tc_finance2", "full_name": "第二审核人", "password": "Chosen-by-Admin-1", "role": "finance_reviewer",
        "finance_bureau": bureau.pk}).content.decode()
    created = _account("tc_finance2")
    assert created is not None and not created.check_password("Chosen-by-Admin-1")
    assert PendingPasswordChange.objects.filter(user=created, set_by="sysadmin").exists()
    initial = page.split("一次性初始密码：<code>")[1].split("</code>")[0]
    assert created.check_password(initial)

    # Logging in with it leads only to choosing a new password, then to enrolling an authenticator.
    client = Client()
    client.post("/accounts/login/", {"username": "tc_finance2", "password": initial})
    assert client.get("/bureau/")["Location"] == "/accounts/password/"
    assert client.get("/evaluations/").status_code == 302
    response = client.post("/accounts/password/", {"old_password": initial, "new_password1": "Mine-Only-2024x",
                                                   "new_password2": "Mine-Only-2024x"})
    assert response.status_code == 302
    assert not PendingPasswordChange.objects.filter(user=created).exists()
    assert client.get("/bureau/")["Location"] == "/accounts/two-factor/"
    enrol = client.get("/accounts/two-factor/").content.decode()
    assert "<svg" in enrol and "须启用两步验证" in enrol
    response = client.post("/accounts/two-factor/", {"code": current_code_of_unconfirmed(created)})
    assert response.status_code == 302
    assert client.get("/bureau/").status_code == 200


def current_code_of_unconfirmed(user) -> str:
    import time

    from django_otp.oath import hotp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return f"{hotp(device.bin_key, int(time.time()) // device.step):06d}"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["secadmin", "auditor"])
def test_the_system_administrator_cannot_deactivate_another_administrator(demo, target):
    response = client_for("sysadmin").post(f"/accounts/users/{_account(target).pk}/toggle/")
    assert response.status_code == 403
    assert "安全管理员" in response.content.decode()
    assert _account(target).is_active
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, username="sysadmin").exists()


@pytest.mark.django_db
def test_the_system_administrator_still_manages_business_accounts(demo):
    preparer = _account("changli_preparer")
    assert client_for("sysadmin").post(f"/accounts/users/{preparer.pk}/toggle/").status_code == 302
    assert not _account("changli_preparer").is_active
    # … but cannot touch an administrator's role either
    role = Membership.objects.get(user__username="auditor")
    assert client_for("sysadmin").post(f"/accounts/memberships/{role.pk}/revoke/").status_code == 403
    assert Membership.objects.filter(pk=role.pk).exists()


@pytest.mark.django_db
def test_only_the_security_administrator_grants_and_revokes_administrator_roles_and_never_its_own(demo):
    security = client_for("secadmin")
    page = security.post("/accounts/administrators/", {"kind": "create", "username": "auditor2", "full_name": "审计二",
                                                       "role": "audit_admin"}).content.decode()
    assert "一次性初始密码" in page
    auditor2 = _account("auditor2")
    assert set(auditor2.memberships.values_list("role", flat=True)) == {"audit_admin"}
    assert PendingPasswordChange.objects.filter(user=auditor2).exists()
    assert AuditEvent.objects.filter(action=Action.ADMIN, username="secadmin", object_id=str(auditor2.pk)).exists()

    own = Membership.objects.get(user__username="secadmin")
    assert security.post(f"/accounts/memberships/{own.pk}/revoke/").status_code == 403
    assert security.post(f"/accounts/users/{_account('secadmin').pk}/toggle/").status_code == 403
    assert _account("secadmin").is_active and Membership.objects.filter(pk=own.pk).exists()

    # deactivating and reactivating an administrator is the security administrator's
    assert security.post(f"/accounts/users/{auditor2.pk}/toggle/").status_code == 302
    assert not _account("auditor2").is_active
    revoked = auditor2.memberships.get()
    assert security.post(f"/accounts/memberships/{revoked.pk}/revoke/").status_code == 302
    assert not auditor2.memberships.exists()
    # an account without a role may be given one administrator role; never to oneself
    security.post("/accounts/administrators/", {"kind": "grant", "user": auditor2.pk, "role": "system_admin"})
    assert set(auditor2.memberships.values_list("role", flat=True)) == {"system_admin"}
    security.post("/accounts/administrators/", {"kind": "grant", "user": _account("secadmin").pk, "role": "audit_admin"})
    assert set(_account("secadmin").memberships.values_list("role", flat=True)) == {"security_admin"}


@pytest.mark.django_db
def test_a_business_role_and_an_administrator_role_never_meet_in_one_account(demo):
    security = client_for("secadmin")
    preparer = _account("tongcheng_preparer")
    security.post("/accounts/administrators/", {"kind": "grant", "user": preparer.pk, "role": "audit_admin"})
    assert set(preparer.memberships.values_list("role", flat=True)) == {"preparer"}

    department = Department.objects.get(name__startswith="通城")
    with pytest.raises(SeparationOfDutiesError, match="业务角色不能授予管理员账户"):
        Membership.objects.create(user=_account("auditor"), role=Role.PREPARER, department=department)
    with pytest.raises(SeparationOfDutiesError, match="两个管理员角色"):
        Membership.objects.create(user=_account("auditor"), role=Role.SYSTEM_ADMIN)
    with pytest.raises(SeparationOfDutiesError, match="管理员账户不能同时担任业务角色"):
        Membership.objects.create(user=preparer, role=Role.AUDIT_ADMIN)
    assert set(_account("auditor").memberships.values_list("role", flat=True)) == {"audit_admin"}


@pytest.mark.django_db
def test_the_database_refuses_the_same_when_save_is_bypassed(demo):
    """bulk_create and raw SQL skip Membership.save: the unique index and the trigger still refuse."""
    department = Department.objects.get(name__startswith="通城")
    auditor, preparer = _account("auditor"), _account("tongcheng_preparer")
    attempts = [
        lambda: Membership.objects.bulk_create([Membership(user=auditor, role=Role.SYSTEM_ADMIN)]),
        lambda: Membership.objects.bulk_create([Membership(user=auditor, role=Role.PREPARER, department=department)]),
        lambda: Membership.objects.bulk_create([Membership(user=preparer, role=Role.SECURITY_ADMIN)]),
        lambda: Membership.objects.filter(user=auditor).update(user=preparer),
    ]
    for attempt in attempts:
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            attempt()
    assert set(auditor.memberships.values_list("role", flat=True)) == {"audit_admin"}
    assert set(preparer.memberships.values_list("role", flat=True)) == {"preparer"}
    # two business roles stay allowed (a reviewer of two departments, a preparer who also reviews)
    Membership.objects.bulk_create([Membership(user=preparer, role=Role.DEPARTMENT_REVIEWER, department=department)])


@pytest.mark.django_db
@pytest.mark.parametrize("field, bad, good", [
    ("lockout_minutes", 0, 5), ("lockout_minutes", 32767, 1440), ("max_failed_logins", 2, 3),
    ("max_failed_logins", 11, 10), ("idle_timeout_minutes", 4, 5), ("idle_timeout_minutes", 61, 60)])
def test_security_settings_have_bounds(demo, field, bad, good):
    values = {"max_failed_logins": 5, "lockout_minutes": 15, "idle_timeout_minutes": 30, "password_min_length": 10}
    security = client_for("secadmin")
    page = security.post("/accounts/security/", {**values, field: bad}).content.decode()
    assert "之间" in page
    assert getattr(SecuritySettings.current(), field) == values[field]
    assert security.post("/accounts/security/", {**values, field: good}).status_code == 302
    assert getattr(SecuritySettings.current(), field) == good
    with pytest.raises(IntegrityError), transaction.atomic():  # the database keeps the bounds too
        SecuritySettings.objects.update(**{field: bad})


@pytest.mark.django_db
def test_lockout_of_zero_minutes_is_refused_with_the_reason(demo):
    page = client_for("secadmin").post("/accounts/security/", {
        "max_failed_logins": 5, "lockout_minutes": 0, "idle_timeout_minutes": 30,
        "password_min_length": 10}).content.decode()
    assert "应在 5–1440 分钟之间" in page and "锁定失效" in page


def test_the_separation_rule_itself():
    from jixiao.web.accounts.models import separation_conflict

    assert separation_conflict("preparer", ["department_reviewer", "finance_reviewer"]) is None
    assert separation_conflict("audit_admin", []) is None
    assert separation_conflict("audit_admin", ["security_admin"]) is not None
    assert separation_conflict("audit_admin", ["finance_reviewer"]) is not None
    assert separation_conflict("finance_reviewer", ["system_admin"]) is not None
