"""The access crawl of the REST API: every demo user, with a token of their own, calls every operation of the OpenAPI
document (found from the document, not listed here) on every department and evaluation, and each answer must be
what the pages answer the same user — the evaluation page's 200 or 404, the list page's 200 or 403 and its rows.
Without a token every operation is a 401. A path parameter this test does not know fails it: say how to fill it."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jixiao.web.accounts import permissions
from jixiao.web.api import tokens
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.services import Actor
from jixiao.web.organisations.models import Department

from .conftest import client_for
from .test_permissions import ALL_USERS

MISSING_ID = 987654


def operations() -> list[tuple[str, str]]:
    """(method, path template) of every operation the API documents."""
    document = Client().get("/api/openapi.json").json()
    return [(method, path) for path, ops in document["paths"].items() for method in ops]


def candidates(name: str) -> list[int]:
    """Every object a path parameter can name, and one that does not exist."""
    models = {"evaluation_id": Evaluation, "department_id": Department}
    assert name in models, f"path parameter {name!r}: tell the API crawl which objects to try and what the pages say"
    return sorted(models[name].objects.values_list("pk", flat=True)) + [MISSING_ID]


def urls(path: str) -> list[tuple[str, str | None, int | None]]:
    """(url, parameter, id) for each way to fill the template (the API's paths have at most one parameter)."""
    names = re.findall(r"{(\w+)}", path)
    assert len(names) <= 1, path
    if not names:
        return [(path, None, None)]
    return [(path.replace(f"{{{names[0]}}}", str(pk)), names[0], pk) for pk in candidates(names[0])]


class Pages:
    """What the pages answer one user: the verdicts the API must repeat."""

    def __init__(self, username: str):
        self.client = client_for(username)
        self.user = get_user_model().objects.get(username=username)
        self.list_page = self.client.get("/evaluations/")
        self.listed = {int(pk) for pk in re.findall(r'href="/evaluations/(\d+)/"', self.list_page.content.decode())}

    def evaluation(self, pk: int) -> int:
        return self.client.get(f"/evaluations/{pk}/").status_code

    def departments(self) -> set[int]:
        """The departments whose evaluations the user's pages show: its own, or its bureaus'."""
        seen = permissions.visible_evaluations(self.user, Evaluation.objects.all()).values_list("department_id",
                                                                                               flat=True)
        return set(seen) | {d.pk for d in Department.objects.all()
                            if self.list_page.status_code == 200 and (
                                d.pk in permissions.department_ids(self.user) or
                                d.finance_bureau_id in permissions.bureau_ids(self.user))}


def expected(pages: Pages, path: str, name: str | None, pk: int | None) -> int:
    if name is None:  # a list: refused exactly when the list page is
        return pages.list_page.status_code
    if name == "evaluation_id":
        return pages.evaluation(pk)
    return 200 if pk in pages.departments() else 404


@pytest.mark.django_db
def test_every_user_on_every_operation_as_the_pages_say(evaluations, capsys):
    found = operations()
    assert {path for _, path in found} >= {"/api/evaluations", "/api/evaluations/{evaluation_id}"}
    tally: Counter = Counter()
    for username in ALL_USERS:
        user = get_user_model().objects.get(username=username)
        secret = tokens.create(user, "接口巡检", Actor(user)).secret
        api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        pages = Pages(username)
        for method, path in found:
            for url, name, pk in urls(path):
                response = getattr(api, method)(url)
                want = expected(pages, path, name, pk)
                assert response.status_code == want, (username, method, url, response.status_code, want)
                tally[(username.split("_")[-1], response.status_code)] += 1
                if response.status_code == 200 and path == "/api/evaluations":
                    assert {e["id"] for e in response.json()} == pages.listed, (username, url)
                if response.status_code == 200 and path == "/api/departments":
                    assert {d["id"] for d in response.json()} == pages.departments(), (username, url)
                if response.status_code != 200 and pk is not None and name == "evaluation_id":
                    other = Evaluation.objects.filter(pk=pk).select_related("department").first()
                    assert other is None or other.department.name not in response.content.decode()
    assert tally[("preparer", 404)] and tally[("finance", 200)] and tally[("sysadmin", 403)]
    with capsys.disabled():
        print(f"\n接口巡检：{sum(tally.values())} 次调用，{len(found)} 个接口；{dict(sorted(tally.items()))}")


@pytest.mark.django_db
def test_without_a_token_every_operation_is_401(evaluations):
    for method, path in operations():
        for url, _, _ in urls(path):
            assert getattr(Client(), method)(url).status_code == 401, url
            # a signed-in session is not a token
            assert getattr(client_for("tongcheng_finance"), method)(url).status_code == 401, url


@pytest.mark.django_db
def test_the_html_crawl_reaches_the_portal_and_the_token_page(evaluations, capsys):
    """The spider of test_crawl.py, from the home page: the portal (by the footer, signed in or not), the manage
    page (the bureau's reviewer) and the token page (the header) are reached, and their forms survive the hostile
    values as test_crawl.py sends them."""
    from jixiao.web.disclosure.models import Publication

    from .crawl import Tally, route_of, spider
    from .test_crawl import _other_forms

    Publication.objects.all().delete()  # the manage page's first form then publishes
    Evaluation.objects.filter(pk=evaluations["tongcheng"].pk).update(status="accepted")
    tally = Tally()
    users = ("tongcheng_finance", "tongcheng_preparer", "sysadmin")
    visits = {user: spider(client_for(user), "/", tally, user) for user in users}
    anonymous = spider(Client(), "/", tally, "anonymous")
    reached = {user: {route_of(v.url) for v in pages} for user, pages in visits.items()}
    assert {"public/", "public/manage/", "api/", "public/data/", "public/data/<str:resource>.csv",
            "api/openapi.json"} <= reached["tongcheng_finance"]
    assert "api/" in reached["tongcheng_preparer"] and "api/" not in reached["sysadmin"]
    assert {"public/", "public/data/", "public/data/datapackage.json"} <= {route_of(v.url) for v in anonymous}
    mine = {user: [v for v in pages if v.url.startswith(("/public/", "/api/"))] for user, pages in visits.items()}
    _other_forms(mine, tally)  # the manage form publishes, then each hostile value: never a 5xx
    # the manage form sent back unchanged published the accepted evaluation: the portal now leads to its pages
    published = {route_of(v.url) for v in spider(Client(), "/public/", tally, "anonymous")}
    assert {"public/bureaus/<int:bureau_id>/", "public/evaluations/<int:evaluation_id>/",
            "public/evaluations/<int:evaluation_id>/data.json"} <= published
    with capsys.disabled():
        print("\n" + tally.line())
