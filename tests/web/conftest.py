"""The demo world (three seed departments under three finance bureaus, a user of every role) for web tests."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jixiao.web.demo import load_demo
from jixiao.web.evaluations.models import Evaluation


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; the tests create a dozen users each (Django's own advice for test settings)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_pages_kept_from_another_test():
    """Each test starts with an empty page cache: a test's database goes back to its start when the test ends (the
    data revision with it), which the application's database never does, so a page kept by one test could carry a
    revision number that the next test reaches again with other data."""
    from django.core.cache import caches

    from jixiao.web.review import risk_store

    caches["pages"].clear()
    risk_store._NOTHING_STALE.clear()  # known by the data revision too


@pytest.fixture(autouse=True)
def _session_clock_stopped(monkeypatch):
    """The idle-timeout middleware reads its setting at most once per 30 s and moves a session's expiry at most once a
    minute, by the clock: on a loaded CI machine a test's later request could cross either mark and cost a query its
    earlier request did not (a query-count test failed so on PostgreSQL, 8 queries then 9). Each test starts with the
    setting unread (another test's database may have held another) and that middleware's clock stopped."""
    import time
    from types import SimpleNamespace

    from jixiao.web.accounts import middleware

    middleware.forget_cached_settings()
    wall, steady = time.time(), time.monotonic()
    monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: wall, monotonic=lambda: steady))


@pytest.fixture
def demo(db) -> dict[str, str]:
    """username → password of every demo user."""
    return {username: password for username, password, _ in load_demo()}


@pytest.fixture
def evaluations(demo) -> dict[str, Evaluation]:
    """The three seed evaluations by department key, in their seed's year (each department also has the generated
    year before, accepted, and 靖州 the year after, built from its approved goals)."""
    from jixiao.web.demo import DEPARTMENTS, _example

    by_name: dict[str, Evaluation] = {}
    for demo_department in DEPARTMENTS:
        seed = _example(demo_department.example)
        evaluation = Evaluation.objects.select_related("department").get(
            department__name=seed["department"]["name"], year=seed["year"])
        by_name[evaluation.department.name[:2]] = evaluation
    return {"tongcheng": by_name["通城"], "changli": by_name["昌黎"], "jingzhou": by_name["靖州"]}


@pytest.fixture
def generated_bureau(evaluations):
    """通城县财政局 as the full demo has it (`load_demo(full=True)` does this for each bureau): beside 通城's seed
    department, eleven generated departments (Department.generated) with two years each, projected for analytics.
    One bureau only: the full demo's three take four times as long."""
    from jixiao.web.analytics.projection import rebuild_all
    from jixiao.web.demo import DEPARTMENTS, _example
    from jixiao.web.demo_generated.full import load_bureau
    from jixiao.web.organisations.models import FinanceBureau

    demo = next(d for d in DEPARTMENTS if d.key == "tongcheng")
    bureau = FinanceBureau.objects.get(name=demo.bureau)
    load_bureau(bureau, demo.key, _example(demo.example), get_user_model().objects.get(username="tongcheng_finance"))
    rebuild_all()  # as the full demo's analytics step does (the saves' own refreshes wait for a commit)
    return bureau


def client_for(username: str) -> Client:
    """A client signed in as `username` past both login steps: force_login skips the password, and the session is
    marked as verified by the user's authenticator (one is enrolled for users whose role requires it and who have
    none, e.g. accounts a test creates), as the code step would mark it."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from jixiao.web.accounts import twofactor

    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    device = twofactor.confirmed_device(user)
    if device is None and twofactor.requires_two_factor(user):
        device = twofactor.create_confirmed_device(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def as_user(demo):
    return client_for


@pytest.fixture(autouse=True)
def _audit_triggers_allow_test_flush(request):
    """A transactional test ends with Django emptying every table, which the append-only triggers (audit log,
    frozen versions) refuse: remove them just for that flush (the application never does). The flush's
    post_migrate signal puts them back (jixiao/web/audit/apps.py)."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or \
        {"live_server", "transactional_db"} & set(request.fixturenames)
    if transactional:
        from django.db import connection

        from jixiao.web.audit.triggers import remove_all

        remove_all(connection)


def current_code(username: str) -> str:
    """The code the user's authenticator shows now, as a person would type it; when this step's code was used
    already (django-otp refuses reuse), the next step's, which the device accepts (tolerance 1)."""
    import time

    from django_otp.oath import hotp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    step = int(time.time()) // device.step
    if device.last_t >= step + device.tolerance:
        time.sleep(device.step - time.time() % device.step + 0.1)
        step = int(time.time()) // device.step
    return f"{hotp(device.bin_key, max(step, device.last_t + 1)):06d}"


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_the_end(django_db_setup, django_db_blocker):
    """The live server's request threads and the worker tests leave connections open that nobody closes; PostgreSQL
    then refuses to drop the test database ("being accessed by other users"). End them before it is dropped."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
