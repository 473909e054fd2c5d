"""Logins (issue 8, finding 11 and build item 9): throttled per address as well as per account, so that a spraying
address is stopped and nobody can lock someone else's account from elsewhere; two-factor login (TOTP) required of
administrators and finance reviewers and offered to everyone; the demo usable without a phone (`jixiao otp`)."""

from __future__ import annotations

import pytest
from django.test import Client

from jixiao.web.audit.models import Action, AuditEvent

from .conftest import client_for, current_code


def login(client: Client, username: str, password: str) -> str:
    return client.post("/accounts/login/", {"username": username, "password": password}).content.decode()


def from_address(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_a_spraying_address_is_blocked_and_the_accounts_it_tried_are_not_locked(demo):
    sprayer = from_address("203.0.113.9")
    names = ["secadmin", "auditor", "sysadmin"] + [f"guess{i}" for i in range(7)]
    for name in names:  # ten user names, one wrong password each
        login(sprayer, name, "Winter2024!")
    page = login(sprayer, "tongcheng_preparer", demo["tongcheng_preparer"])
    assert "本机地址登录失败次数过多" in page and "分钟后再试" in page
    assert "_auth_user_id" not in sprayer.session  # blocked even with the right password
    assert AuditEvent.objects.filter(action=Action.ADDRESS_BLOCKED, ip="203.0.113.9").count() == 1
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, detail="来源地址封禁期间尝试登录").exists()
    assert not AuditEvent.objects.filter(action=Action.LOCKED_OUT).exists()
    # the administrators it tried log in as usual from their own machines
    for name in ("secadmin", "auditor"):
        office = from_address("198.51.100.20")
        login(office, name, demo[name])
        assert "_auth_user_id" in office.session


@pytest.mark.django_db
def test_nobody_elsewhere_can_lock_an_administrator_out(demo):
    attacker = from_address("203.0.113.7")
    for _ in range(5):
        login(attacker, "secadmin", "wrong")
    assert "账户已锁定" in login(attacker, "secadmin", demo["secadmin"])  # locked against that address
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, username="secadmin", ip="203.0.113.7").exists()
    owner = from_address("198.51.100.5")
    login(owner, "secadmin", demo["secadmin"])
    assert "_auth_user_id" in owner.session


@pytest.mark.django_db
def test_behind_our_proxy_a_spraying_client_is_paused_and_the_office_behind_the_same_proxy_is_not(demo, settings):
    """Noticed by the security test: behind nginx every request comes from 127.0.0.1, so one sprayer paused every
    login. With JIXIAO_TRUSTED_PROXIES the client is the address the proxy appended to X-Forwarded-For; what the
    client itself put there first is not believed, and without the setting the header is ignored altogether."""
    settings.JIXIAO_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]

    def through_proxy(client_says: str) -> Client:
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_says)

    sprayer = through_proxy("198.51.100.20, 203.0.113.9, 10.1.2.3")  # forged first entry; 10.1.2.3 is our balancer
    for name in ["secadmin", "auditor", "sysadmin"] + [f"guess{i}" for i in range(7)]:
        login(sprayer, name, "Winter2024!")
    assert "本机地址登录失败次数过多" in login(sprayer, "tongcheng_preparer", demo["tongcheng_preparer"])
    assert AuditEvent.objects.filter(action=Action.ADDRESS_BLOCKED, ip="203.0.113.9").count() == 1
    office = through_proxy("198.51.100.20")
    login(office, "auditor", demo["auditor"])
    assert "_auth_user_id" in office.session  # the same proxy, another client: not paused
    settings.JIXIAO_TRUSTED_PROXIES = []
    forged = Client(REMOTE_ADDR="192.0.2.44", HTTP_X_FORWARDED_FOR="203.0.113.77")
    login(forged, "auditor", "wrong")
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, username="auditor").latest("pk").ip == "192.0.2.44"


@pytest.mark.django_db
def test_the_second_factor_is_asked_after_the_password(demo):
    client = Client()
    response = client.post("/accounts/login/", {"username": "tongcheng_finance", "password": demo["tongcheng_finance"]})
    assert response["Location"].startswith("/accounts/login/code/")
    # nothing else before the code; the page asked for is where the code step returns
    assert client.get("/bureau/")["Location"] == "/accounts/login/code/?next=%2Fbureau%2F"
    assert client.get("/bureau/", HTTP_HX_REQUEST="true")["HX-Redirect"] == "/accounts/login/code/"
    page = client.post("/accounts/login/code/", {"code": "000000"}).content.decode()
    assert "动态口令不正确" in page and 'value="000000"' not in page  # the refused code is not kept in the box
    # the code page offers no menu past it (a new user saw 财政审核 / 报告审核 before entering the code), only 退出
    assert 'href="/bureau/"' not in page and "报告审核" not in page and "退出" in page
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED, username="tongcheng_finance",
                                     detail="动态口令不正确").exists()
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username="tongcheng_finance").update(throttling_failure_count=0,
                                                                         throttling_failure_timestamp=None)
    half_signed_in = client.cookies["sessionid"].value
    response = client.post("/accounts/login/code/", {"code": current_code("tongcheng_finance"), "next": "/bureau/"})
    assert response["Location"] == "/bureau/"
    # a new session id once fully signed in (a security test found the half-signed-in one kept)
    assert client.cookies["sessionid"].value != half_signed_in
    menu = client.get("/bureau/")
    assert menu.status_code == 200 and 'href="/bureau/reports/"' in menu.content.decode()  # the menu once verified
    assert AuditEvent.objects.filter(action=Action.LOGIN, username="tongcheng_finance",
                                     detail="动态口令验证通过").exists()


@pytest.mark.django_db
def test_htmx_requests_are_sent_to_the_code_step_too(demo):
    client = Client()
    login(client, "auditor", demo["auditor"])
    response = client.get("/audit/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/accounts/login/code/"


@pytest.mark.django_db
def test_wrong_codes_count_towards_the_lockout(demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    login(client, "changli_finance", demo["changli_finance"])
    for _ in range(5):
        TOTPDevice.objects.filter(user__username="changli_finance").update(throttling_failure_count=0)
        client.post("/accounts/login/code/", {"code": "123456"})
    response = client.post("/accounts/login/code/", {"code": current_code("changli_finance")})
    assert response["Location"] == "/accounts/login/"  # locked: signed out, told why
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, username="changli_finance").exists()


@pytest.mark.django_db
def test_preparers_may_enrol_and_then_need_the_code(demo):
    preparer = client_for("jingzhou_preparer")
    page = preparer.get("/accounts/two-factor/").content.decode()
    assert "<svg" in page and "otpauth://totp/" in page and "须启用两步验证" not in page
    secret = page.split('data-testid="otp-secret">')[1].split("<")[0].replace(" ", "")
    from jixiao.web.demo_logins import current_code as code_from_secret

    assert preparer.post("/accounts/two-factor/", {"code": "000000"}).status_code == 200
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username="jingzhou_preparer").update(throttling_failure_count=0)
    assert preparer.post("/accounts/two-factor/", {"code": code_from_secret(secret)}).status_code == 302
    assert "已启用" in preparer.get("/accounts/two-factor/").content.decode()
    assert AuditEvent.objects.filter(action=Action.SECURITY, username="jingzhou_preparer",
                                     detail="绑定动态口令验证器").exists()
    fresh = Client()
    login(fresh, "jingzhou_preparer", demo["jingzhou_preparer"])
    assert fresh.get("/evaluations/")["Location"] == "/accounts/login/code/?next=%2Fevaluations%2F"


@pytest.mark.django_db
def test_administrators_without_an_authenticator_must_enrol_before_anything_else(demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__username="sysadmin").delete()
    client = Client()
    login(client, "sysadmin", demo["sysadmin"])
    assert client.get("/accounts/users/")["Location"] == "/accounts/two-factor/"
    assert "须启用两步验证" in client.get("/accounts/two-factor/").content.decode()


@pytest.mark.django_db
def test_demo_accounts_that_need_two_factor_have_their_secret_in_the_private_logins_file(demo):
    from jixiao.web.demo import logins_file
    from jixiao.web.demo_logins import current_code as code_from_secret
    from jixiao.web.demo_logins import read_logins

    assert logins_file().stat().st_mode & 0o777 == 0o600
    logins = {login.username: login for login in read_logins(logins_file())}
    needing = {name for name, entry in logins.items() if entry.otp_secret}
    assert needing == {"sysadmin", "secadmin", "auditor", "tongcheng_finance", "changli_finance", "jingzhou_finance"}
    assert code_from_secret(logins["auditor"].otp_secret) == current_code("auditor")


@pytest.mark.django_db
def test_jixiao_otp_prints_a_demo_accounts_current_code(demo, capsys):
    from jixiao.cli import build_parser, main

    assert main(["otp", "secadmin"]) == 0
    assert capsys.readouterr().out.strip() == current_code("secadmin")
    assert main(["otp", "tongcheng_preparer"]) == 2  # no second factor, no secret
    assert "动态口令密钥" in capsys.readouterr().err
    assert "仅用于演示" in build_parser().format_help()


@pytest.mark.django_db
def test_the_right_password_does_not_reset_the_count_of_wrong_codes(demo):
    """Else whoever has the password could guess codes for ever, four at a time."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for _ in range(5):
        client = Client()  # a new session each time: the password step is passed again and again
        assert "/accounts/login/code/" in client.post("/accounts/login/", {
            "username": "jingzhou_finance", "password": demo["jingzhou_finance"]})["Location"]
        TOTPDevice.objects.filter(user__username="jingzhou_finance").update(throttling_failure_count=0)
        client.post("/accounts/login/code/", {"code": "123456"})
    assert "账户已锁定" in login(Client(), "jingzhou_finance", demo["jingzhou_finance"])


@pytest.mark.django_db
def test_jixiao_serve_prints_the_logins_and_how_to_get_a_code_but_no_secret(demo):
    from jixiao.cli import demo_logins_text
    from jixiao.web.demo import logins_file
    from jixiao.web.demo_logins import read_logins

    logins = read_logins(logins_file())
    text = demo_logins_text(logins)
    assert f"tongcheng_finance\t{demo['tongcheng_finance']}\t" in text and "jixiao otp 用户名" in text
    assert "sysadmin" in text and "需动态口令" in text
    assert not any(login.otp_secret in text for login in logins if login.otp_secret)


@pytest.mark.django_db
def test_the_security_administrator_resets_a_lost_authenticator_but_not_its_own(demo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    security = client_for("secadmin")
    response = security.post("/accounts/administrators/", {"kind": "reset_two_factor", "username": "tongcheng_finance"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user__username="tongcheng_finance").exists()
    assert AuditEvent.objects.filter(action=Action.SECURITY, username="secadmin",
                                     detail__startswith="重置用户 tongcheng_finance 的两步验证").exists()
    client = Client()
    login(client, "tongcheng_finance", demo["tongcheng_finance"])
    assert client.get("/bureau/")["Location"] == "/accounts/two-factor/"

    assert security.post("/accounts/administrators/", {"kind": "reset_two_factor",
                                                       "username": "secadmin"}).status_code == 403
    assert TOTPDevice.objects.filter(user__username="secadmin").exists()
    assert client_for("sysadmin").post("/accounts/administrators/", {
        "kind": "reset_two_factor", "username": "auditor"}).status_code == 403
    assert TOTPDevice.objects.filter(user__username="auditor").exists()
