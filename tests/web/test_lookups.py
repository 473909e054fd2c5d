"""The per-request lookups (session, user, authenticator, memberships) written once as SQL give what the ORM gives,
on SQLite and on PostgreSQL: the same rows, values converted alike (aware datetimes), expiry and bad ids handled."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from jixiao.web import lookups
from jixiao.web.accounts import twofactor
from jixiao.web.accounts.backends import AccountBackend
from jixiao.web.accounts.middleware import AuthenticatorMiddleware
from jixiao.web.accounts.models import Membership
from jixiao.web.accounts.sessions import SessionStore

from .conftest import client_for


def _fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_a_user_read_by_lookup_equals_the_orms(demo):
    User = get_user_model()
    user = User.objects.get(username="jingzhou_finance")
    user.last_login = timezone.now()  # a datetime to convert back (SQLite stores text)
    user.save(update_fields=["last_login"])
    read = lookups.one(User, ("id",), [user.pk])
    assert _fields(read) == _fields(User.objects.get(pk=user.pk))
    assert timezone.is_aware(read.last_login) and not read._state.adding and read._state.db == "default"
    assert lookups.one(User, ("id",), [str(user.pk)]).username == "jingzhou_finance"  # the session keeps ids as text
    assert lookups.one(User, ("id",), [10**9]) is None


def test_the_backend_refuses_bad_ids_and_inactive_users(demo):
    User = get_user_model()
    backend = AccountBackend()
    user = User.objects.get(username="tongcheng_preparer")
    assert backend.get_user(str(user.pk)).username == "tongcheng_preparer"
    assert backend.get_user("not-a-number") is None and backend.get_user(None) is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None


def test_memberships_match_the_orm(demo):
    for user in get_user_model().objects.all():
        expected = sorted(user.memberships.values_list("role", "department_id", "finance_bureau_id"))
        assert sorted(lookups.values(Membership, ("role", "department_id", "finance_bureau_id"), ("user",),
                                     [user.pk])) == expected
    assert any(m.finance_bureau_id for m in Membership.objects.all())  # the comparison met bureau rows too


def test_a_row_read_with_its_related_rows_equals_select_related(evaluations):
    from jixiao.web.evaluations.models import Evaluation

    for evaluation in Evaluation.objects.all():
        read = lookups.one_related(Evaluation, ("department", "department__finance_bureau"), ("id",), [evaluation.pk])
        orm = Evaluation.objects.select_related("department__finance_bureau").get(pk=evaluation.pk)
        assert _fields(read) == _fields(orm)  # the document decoded from its JSON as the ORM decodes it
        assert _fields(read.department) == _fields(orm.department)
        assert _fields(read.department.finance_bureau) == _fields(orm.department.finance_bureau)
    # the related rows are kept on the instance: reaching them reads nothing more
    read = lookups.one_related(Evaluation, ("department", "department__finance_bureau"), ("id",),
                               [str(evaluations["changli"].pk)])  # an id given as text, as a URL gives it
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    expected = evaluations["changli"].department.finance_bureau.name
    with CaptureQueriesContext(connection) as queries:
        assert read.department.finance_bureau.name == expected == "昌黎县财政局"
    assert len(queries) == 0
    assert lookups.one_related(Evaluation, ("department",), ("id",), [10**9]) is None


def test_values_in_a_list_are_the_orms(evaluations):
    from jixiao.web.evaluations.models import Evaluation, Status

    departments = {e.department_id for e in evaluations.values()}
    wanted = (Status.WITH_FINANCE, Status.ACCEPTED)
    read = lookups.values(Evaluation, ("id", "year", "status"), ("department_id__in", "status__in"),
                          [[*departments, None, *departments], wanted])  # None and repeats, as the ORM takes them
    expected = Evaluation.objects.filter(department_id__in=departments, status__in=wanted) \
        .values_list("id", "year", "status")
    assert sorted(read) == sorted(expected) and len(read) >= 3  # each seed department's accepted year before
    assert lookups.values(Evaluation, ("id",), ("department_id__in",), [[]]) == []  # nothing asked: no statement
    one = lookups.values(Evaluation, ("id",), ("department_id__in", "year"), [[evaluations["changli"].department_id],
                                                                             evaluations["changli"].year])
    assert one == [(evaluations["changli"].pk,)]


def test_a_null_foreign_key_gives_none_as_select_related_does(demo):
    bureau_role = Membership.objects.filter(department__isnull=True, finance_bureau__isnull=False).first()
    read = lookups.one_related(Membership, ("department", "finance_bureau"), ("id",), [bureau_role.pk])
    assert read.department is None and read.finance_bureau.pk == bureau_role.finance_bureau_id
    department_role = Membership.objects.filter(department__isnull=False).first()
    read = lookups.one_related(Membership, ("department", "finance_bureau"), ("id",), [department_role.pk])
    assert read.finance_bureau is None and read.department.name == department_role.department.name


def test_an_expired_session_is_not_read(demo):
    store = SessionStore()
    store["x"] = 1
    store.create()
    assert SessionStore(store.session_key).load() == {"x": 1}
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    stale = SessionStore(store.session_key)
    assert stale.load() == {} and stale.session_key is None  # a new key will be made, as Django's store does


def test_the_authenticator_device_is_read_and_a_forged_id_is_none(demo):
    user = get_user_model().objects.get(username="jingzhou_finance")
    device = twofactor.confirmed_device(user)
    middleware = AuthenticatorMiddleware(lambda request: None)
    found = middleware._device_from_persistent_id(device.persistent_id)
    assert isinstance(found, TOTPDevice) and _fields(found) == _fields(device)
    for forged in ("otp_totp.totpdevice/abc", "otp_totp.totpdevice/999999", "auth.user/1", "no.such/1", "junk"):
        assert middleware._device_from_persistent_id(forged) is None, forged
    assert twofactor.has_confirmed_device(user)
    assert not twofactor.has_confirmed_device(get_user_model().objects.get(username="tongcheng_preparer"))


def test_signed_in_pages_still_ask_for_the_code_and_end_on_logout(demo):
    """Through the whole stack: a finance reviewer signed in by password only is sent to the code step; verified, the
    page shows; after logout the same session cookie gives nothing."""
    user = get_user_model().objects.get(username="jingzhou_finance")
    half = Client()
    half.force_login(user)
    assert half.get("/bureau/")["Location"].startswith("/accounts/login/code")
    client = client_for("jingzhou_finance")
    assert client.get("/bureau/").status_code == 200
    cookie = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies["sessionid"] = cookie
    assert replay.get("/bureau/").status_code == 302


def test_signing_out_says_so_on_the_login_page(demo):
    client = client_for("tongcheng_preparer")
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert '<div class="message info" role="status">已退出登录。</div>' in response.content.decode()
