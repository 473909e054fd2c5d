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


@pytest.fixture
def demo(db) -> dict[str, str]:
    """username → password of every demo user."""
    return {username: password for username, password, _ in load_demo()}


@pytest.fixture
def evaluations(demo) -> dict[str, Evaluation]:
    """The three demo evaluations by department key."""
    by_name = {e.department.name[:2]: e for e in Evaluation.objects.select_related("department")}
    return {"tongcheng": by_name["通城"], "changli": by_name["昌黎"], "jingzhou": by_name["靖州"]}


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def as_user(demo):
    return client_for


@pytest.fixture(autouse=True)
def _audit_triggers_allow_test_flush(request):
    """A transactional test ends with Django emptying every table, which the audit log's triggers refuse: remove
    them just for that flush (the application never does)."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or \
        {"live_server", "transactional_db"} & set(request.fixturenames)
    if transactional:
        from django.db import connection

        from jixiao.web.audit.triggers import remove

        remove(connection)
