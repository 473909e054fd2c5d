"""A user sees and changes only the organisations they belong to: every role requests every URL pattern for objects
of another department (or another finance bureau), by GET and by POST. Zero leaks."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.evaluations.models import Evaluation, Version

from .conftest import client_for

ALL_USERS = ["tongcheng_preparer", "tongcheng_reviewer", "tongcheng_finance", "changli_preparer", "changli_reviewer",
             "changli_finance", "jingzhou_preparer", "jingzhou_reviewer", "jingzhou_finance", "sysadmin", "secadmin",
             "auditor"]


def patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def fill(route: str, evaluation: Evaluation, user_id: int) -> list[str]:
    """Concrete URLs for a route, aimed at `evaluation`."""
    values = {
        "<int:pk>": [str(evaluation.pk)],
        "<str:key>": ["profile", "finance", "goals", "projects", "project-0", "surveys", "conclusion", "statements"],
        "<str:action>": ["submit", "return_department", "approve", "return_finance", "accept"],
        "<int:number>": ["1"],
        "<str:fmt>": ["docx", "pdf", "xlsx", "zip"],
        "<int:user_id>": [str(user_id)],
        "<int:membership_id>": ["1"],
    }
    parts = [(token, values[token]) for token in values if token in route]
    urls = []
    for combination in itertools.product(*(v for _, v in parts)):
        url = route
        for (token, _), value in zip(parts, combination):
            url = url.replace(token, value)
        urls.append("/" + url)
    return urls


def foreign(username: str, evaluations: dict[str, Evaluation]) -> list[Evaluation]:
    home = username.split("_")[0]
    return [e for key, e in evaluations.items() if key != home]


@pytest.mark.django_db
def test_no_role_reaches_another_departments_evaluation(demo, evaluations):
    for evaluation in evaluations.values():  # every evaluation has a frozen version, so version URLs resolve
        Version.objects.create(evaluation=evaluation, number=1, status=evaluation.status, document=evaluation.document)
    before = {e.pk: (e.revision, e.status) for e in Evaluation.objects.all()}
    routes = [(route, p) for route, p in patterns() if "<int:pk>" in route]
    assert len(routes) >= 8
    unfilled = [route for route, _ in routes for url in fill(route, evaluations["tongcheng"], 1) if "<" in url]
    assert unfilled == [], "every URL parameter must be filled, or the crawl tests nothing"
    other_user = get_user_model().objects.get(username="changli_preparer").pk
    requests = 0
    for username in ALL_USERS:
        client = client_for(username)
        for evaluation in foreign(username, evaluations):
            name = evaluation.department.name
            for route, _ in routes:
                for url in fill(route, evaluation, other_user):
                    for method in ("get", "post"):
                        response = getattr(client, method)(url, {"comment": "x", "revision": "1"})
                        requests += 1
                        assert response.status_code in (403, 404, 405), (username, method, url, response.status_code)
                        assert name not in response.content.decode(), (username, method, url)
    assert requests > 500
    assert before == {e.pk: (e.revision, e.status) for e in Evaluation.objects.all()}
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).count() > 100


ADMIN_PAGES = {"/accounts/users/": "sysadmin", "/accounts/organisations/": "sysadmin", "/accounts/security/": "secadmin",
               "/accounts/administrators/": "secadmin", "/audit/": "auditor", "/bureau/": None, "/bureau/reports/": None}


@pytest.mark.django_db
@pytest.mark.parametrize("url, owner", ADMIN_PAGES.items())
def test_administration_pages_refuse_every_other_role(demo, url, owner):
    for username in ALL_USERS:
        allowed = username == owner or (owner is None and username.endswith("_finance"))
        for method in ("get", "post"):
            response = getattr(client_for(username), method)(url, {"max_failed_logins": "3"})
            if allowed:
                assert response.status_code in (200, 302), (username, url)
            else:
                assert response.status_code == 403, (username, method, url, response.status_code)


@pytest.mark.django_db
def test_administrators_see_no_evaluations(demo, evaluations):
    for username in ("sysadmin", "secadmin", "auditor"):
        client = client_for(username)
        assert client.get("/evaluations/").status_code == 403
        assert client.get(f"/evaluations/{evaluations['tongcheng'].pk}/").status_code == 404


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(evaluations):
    from django.test import Client

    public = ("accounts/login/", "health/")  # the only pages served without signing in,
    # with the public portal (信息公开; what it shows: test_disclosure.py) and the API's description
    public += ("public/", "public/data/", "public/data/datapackage.json", "public/data/evaluations.json",
               "api/openapi.json")
    for route, _ in patterns():
        if route in public:
            assert Client().get("/" + route).status_code == 200
            continue
        if route == "metrics":  # for the machine itself or a bearer token (test_metrics.py), never the internet
            assert Client(REMOTE_ADDR="203.0.113.5").get("/metrics").status_code == 403
            continue
        for url in fill(route, evaluations["tongcheng"], 1):
            response = Client().get(url)
            assert response.status_code in (302, 401, 404, 405), url  # 401: the REST API asks for its token
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_account_actions_are_refused_to_all_but_the_administrator_of_that_kind_of_account(demo):
    """(De)activating an account and revoking a role: business accounts are the system administrator's,
    administrators' accounts the security administrator's, one's own nobody's."""
    from jixiao.web.accounts.models import Membership

    users = {u.username: u for u in get_user_model().objects.all()}
    for target in ("changli_preparer", "changli_finance", "sysadmin", "secadmin", "auditor"):
        owner = "secadmin" if target in ("sysadmin", "secadmin", "auditor") else "sysadmin"
        membership = Membership.objects.filter(user__username=target).first()
        for username in ALL_USERS:
            client = client_for(username)
            for url in (f"/accounts/users/{users[target].pk}/toggle/", f"/accounts/memberships/{membership.pk}/revoke/"):
                assert client.get(url).status_code in (403, 405), (username, url)
                if username == owner and target != username:
                    continue  # allowed; tried in test_security_controls.py
                assert client.post(url).status_code == 403, (username, url)
        assert get_user_model().objects.get(username=target).is_active
        assert Membership.objects.filter(pk=membership.pk).exists()
