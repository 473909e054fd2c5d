"""The per-request lookups (session, user, authenticator, memberships) written once as SQL give what the ORM gives,
on SQLite and on PostgreSQL: the same rows, values converted alike (aware datetimes), expiry and bad ids handled."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


def test_a_session_kept_decoded_is_its_stored_text_and_each_reader_gets_its_own_copy(demo):
    store = SessionStore()
    store["x"], store["who"] = 1, "甲"
    store.create()
    first = SessionStore(store.session_key)
    assert first.load() == {"x": 1, "who": "甲"}
    first["x"] = 2  # changed in this request's copy only, not in what the next request reads
    assert SessionStore(store.session_key).load() == {"x": 1, "who": "甲"}
    first.save()
    assert SessionStore(store.session_key).load() == {"x": 2, "who": "甲"}
    # a stored text whose signature does not match is refused each time, never taken from what was kept
    row = Session.objects.get(session_key=store.session_key)
    forged = row.session_data[:-3] + ("AAA" if not row.session_data.endswith("AAA") else "BBB")
    Session.objects.filter(session_key=store.session_key).update(session_data=forged)
    assert SessionStore(store.session_key).load() == {}
    # a value a shallow copy would share (a list) is not kept: each reader decodes its own
    listed = SessionStore()
    listed["items"] = [1]
    listed.create()
    one = SessionStore(listed.session_key).load()
    one["items"].append(2)
    assert SessionStore(listed.session_key).load() == {"items": [1]}


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


def _kept_cases():
    from django.db.models import Prefetch

    from jixiao.web.evaluations.models import Evaluation, Status
    from jixiao.web.review.models import Sample, SpotCheck

    def page_of(departments, statuses, low, high):  # select_related, deferred, ordered, sliced
        return Evaluation.objects.filter(department_id__in=departments, status__in=statuses) \
            .select_related("department__finance_bureau").defer("document").order_by("-year", "pk")[low:high]

    def years_of(department, year):  # values_list, two scalars
        return Evaluation.objects.filter(department_id=department, year__lte=year).values_list("year", "status")

    def samples_of(bureaus):  # a prefetch, run as it was
        return Sample.objects.filter(finance_bureau_id__in=bureaus).select_related("chosen_by") \
            .prefetch_related(Prefetch("spot_checks", queryset=SpotCheck.objects.select_related("evaluation")))

    return Evaluation, Status, page_of, years_of, samples_of


def _same(kept_rows, orm_rows) -> None:
    assert len(kept_rows) == len(orm_rows)
    for kept_row, orm_row in zip(kept_rows, orm_rows):
        if isinstance(orm_row, tuple):
            assert kept_row == orm_row
            continue
        assert _fields(kept_row) == _fields(orm_row) and kept_row.get_deferred_fields() == orm_row.get_deferred_fields()
        for name in ("department", "chosen_by"):
            if hasattr(orm_row, name) and orm_row._meta.get_field(name).is_cached(orm_row):
                assert kept_row._meta.get_field(name).is_cached(kept_row)
                assert _fields(getattr(kept_row, name)) == _fields(getattr(orm_row, name))


def test_kept_statements_give_the_orms_rows_and_models(evaluations):
    from jixiao.web.review.models import Sample

    Evaluation, Status, page_of, years_of, samples_of = _kept_cases()
    lookups._KEPT.clear()
    departments = sorted({e.department_id for e in evaluations.values()})
    statuses = (Status.DRAFT, Status.ACCEPTED)
    for chosen in (departments, departments[:1], departments[1:], [departments[0], None, departments[0]]):
        for low, high in ((0, 2), (1, 10)):
            kept = lookups.kept(page_of, (chosen, statuses), (low, high))
            _same(kept, list(page_of(chosen, statuses, low, high)))
            with CaptureQueriesContext(connection) as queries:  # what was read with the row is on it
                [e.department.finance_bureau.name for e in kept]
            assert len(queries) == 0
    assert lookups._KEPT and all(entry is not lookups._NOT_KEPT for entry in lookups._KEPT.values())
    for e in evaluations.values():
        _same(lookups.kept(years_of, (e.department_id, e.year)), list(years_of(e.department_id, e.year)))
    assert Sample.objects.exists()  # the demo's spot-check of 通城
    bureaus = [b for b in Sample.objects.values_list("finance_bureau_id", flat=True)]
    kept = lookups.kept(samples_of, (bureaus,))
    _same(kept, list(samples_of(bureaus)))
    with CaptureQueriesContext(connection) as queries:  # the prefetch ran with the kept statement
        assert [c.evaluation.pk for s in kept for c in s.spot_checks.all()]
    assert len(queries) == 0


def test_a_statement_that_cannot_be_kept_is_built_each_time(evaluations):
    from decimal import Decimal

    from jixiao.web.evaluations.models import Evaluation

    lookups._KEPT.clear()

    def scored_above(score):  # a Decimal: no stand-in for it
        return Evaluation.objects.filter(score__gt=score).values_list("pk", flat=True)

    def first_n(department, count):  # a value written into the statement's text (LIMIT), not passed
        return Evaluation.objects.filter(department_id=department).values_list("pk", flat=True)[:count]

    department = evaluations["tongcheng"].department_id
    assert lookups.kept(scored_above, (Decimal("0"),)) == list(scored_above(Decimal("0")))
    assert lookups.kept(first_n, (department, 1)) == list(first_n(department, 1))
    assert lookups.kept(first_n, (department, 2)) == list(first_n(department, 2))  # not the first call's rows
    assert len(lookups.kept(first_n, (department, 2))) == 2
    assert set(lookups._KEPT.values()) == {lookups._NOT_KEPT}
    def of_departments(departments):
        return Evaluation.objects.filter(department_id__in=departments).values_list("pk", flat=True)

    with CaptureQueriesContext(connection) as queries:  # an empty list: no statement, as the ORM
        assert lookups.kept(of_departments, ([None],)) == []
    assert len(queries) == 0


def test_a_kept_count_and_page_are_the_orms_and_paginators(evaluations):
    """kept_count counts what .count() counts (a statement with joins and annotations, a distinct one counted by
    Django), and kept_page gives the page, numbers and rows `paged` gives, for every page asked, one past the last
    and none; the second time with no statement built (the ORM's compiler is not asked)."""
    from unittest import mock

    from django.db.models import Q
    from django.db.models.sql.compiler import SQLCompiler
    from django.test import RequestFactory

    from jixiao.web.evaluations.models import Evaluation, Status
    from jixiao.web.evaluations.returns import with_last_event
    from jixiao.web.paging import kept_page, paged

    lookups._KEPT.clear()

    def listed(departments, bureaus):  # an OR of two scopes, joins, subqueries, ordered
        return with_last_event(Evaluation.objects.filter(Q(department_id__in=departments) | Q(
            department__finance_bureau_id__in=bureaus)).select_related("department").defer("document")
            .order_by("-year", "department__name", "pk"))

    def statuses_of(status):  # distinct: counted by Django
        return Evaluation.objects.filter(status=status).values("department_id").distinct()

    departments = sorted({e.department_id for e in evaluations.values()})
    bureaus = sorted({e.department.finance_bureau_id for e in evaluations.values()})
    for scope in ((departments, bureaus[:1]), (departments[:1], bureaus), (departments[:1], [bureaus[0] + 1000])):
        assert lookups.kept_count(listed, scope) == listed(*scope).count() > 0
        for number in ("1", "2", "3", "99", "x"):
            request = RequestFactory().get("/", {"page": number, "year": "2023"})
            page, query = kept_page(request, listed, scope, size=2)
            expected, expected_query = paged(request, listed(*scope), size=2)
            assert (page.number, page.paginator.count, page.paginator.num_pages, query) == (
                expected.number, expected.paginator.count, expected.paginator.num_pages, expected_query)
            _same(list(page), list(expected))
            assert [e.last_action for e in page] == [e.last_action for e in expected]
    for status in (Status.DRAFT, Status.ACCEPTED):
        assert lookups.kept_count(statuses_of, (status,)) == statuses_of(status).count()
    request = RequestFactory().get("/", {"page": "2"})
    kept_page(request, listed, (departments, bureaus), size=2)
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("built again")):
        page, _ = kept_page(request, listed, (departments, bureaus), size=2)
    assert page.number == 2 and len(page) == 2
