"""The web app tried from outside (issue [hardening] §1): every page each demo user can reach is fetched; every
entry form is posted back unchanged (the stored document must not change) and then with hostile values, all fields
at once and each kind of field in turn (never a 5xx: either stored and shown back as typed, or a Chinese message on
that field with everything else kept); every other form is posted unchanged and with hostile values; every stored
evaluation is then rendered in every format. Pages and forms are found by following links, not listed here."""

from __future__ import annotations

import io
import re
import zipfile
from collections import OrderedDict

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from jixiao.web.evaluations.models import Evaluation, Version

from .conftest import client_for
from .crawl import HOSTILE, Tally, has_error_at, same_as_typed, shown_value, spider, submit, with_values
from .forms import Form, forms_of
from .queue import run_queue
from .test_permissions import ALL_USERS

PREPARERS = ["tongcheng_preparer", "changli_preparer", "jingzhou_preparer"]
FORMATS = ("docx", "pdf", "xlsx", "zip")
SHAPES = ("S1", "S2", "S3", "S4", "S5")
# Routes no link leads to, and how the crawl reaches them instead.
REACHED_OTHERWISE = {
    "health/": "load balancers call it: fetched directly below",
    "metrics": "Prometheus scrapes it: test_metrics.py fetches it as every demo user (200 here, 403 via a proxy)",
    "accounts/login/": "anonymous users are sent there: fetched by the anonymous spider",
    "evaluations/<int:pk>/preview/<str:key>/": "htmx posts each entry form there: posted in the entry phase",
    "evaluations/<int:pk>/download/<str:fmt>/": "the download form: every format rendered in the render phase",
    "evaluations/<int:pk>/workflow/<str:action>/": "workflow forms: posted in the forms phase",
    "accounts/logout/": "the logout form: posted last",
    "accounts/users/<int:user_id>/toggle/": "deactivation forms: posted in the forms phase",
    "accounts/memberships/<int:membership_id>/revoke/": "revocation forms: posted in the forms phase",
    "accounts/login/code/": "the code step of a login: the browser tests sign in through it",
    "bureau/export/": "the export form: posted in the forms phase",
    "results/years/<int:year>/table.xlsx": "the year workbook form (a background job): posted in the forms phase",
    "bureau/export/<int:job_id>/": "reached after the export form",
    "bureau/export/<int:job_id>/download/": "linked when the export job is done",
    "public/evaluations/<int:evaluation_id>/download/<str:fmt>/": "a published evaluation's PDF and Excel: "
                                                                   "test_disclosure.py and the portal's browser test",
    "api/tokens/<int:token_id>/revoke/": "revocation forms: posted in the forms phase",
    # the REST API answers tokens, not sessions: test_api_crawl.py calls every operation of its OpenAPI document
    "api/departments": "test_api_crawl.py", "api/departments/<department_id>": "test_api_crawl.py",
    "api/evaluations": "test_api_crawl.py", "api/evaluations/<evaluation_id>": "test_api_crawl.py",
}


def all_routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def kinds(controls):
    """One control of each kind: digits in names stand for rows and items (g3-0-actual ~ g0-0-actual)."""
    chosen: OrderedDict[str, object] = OrderedDict()
    for control in controls:
        chosen.setdefault(re.sub(r"\d+", "N", control.name), control)
    return list(chosen.values())


def entry_form(client, url: str) -> tuple[Form, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return next(f for f in forms_of(html, url) if f.attrs.get("id") == "entry"), html


def preview_url(url: str) -> str:
    return url.replace("/edit/", "/preview/")


class EntryCrawl:
    """The entry forms of one evaluation, as its preparer: unchanged, all fields hostile, each kind in turn."""

    def __init__(self, client, evaluation: Evaluation, tally: Tally):
        self.client, self.evaluation, self.tally = client, evaluation, tally
        self.turn = 0

    def post(self, url: str, data):
        response = self.client.post(url, data)
        self.tally.posts += 1
        self.tally.count(response.status_code, url)
        assert response.status_code < 500, (url, response.status_code)
        return response

    def unchanged(self, url: str) -> None:
        before = Evaluation.objects.get(pk=self.evaluation.pk).document
        form, _ = entry_form(self.client, url)
        assert self.post(preview_url(url), form.as_dict()).status_code == 200
        response = self.post(url, form.as_dict())
        assert response.status_code == 302, (url, response.content.decode()[:3000])
        assert Evaluation.objects.get(pk=self.evaluation.pk).document == before, url

    def hostile(self, url: str) -> None:
        for value in HOSTILE:
            self.all_fields(url, value)
        form, _ = entry_form(self.client, url)
        # each kind of field in turn with one value, the values rotating so that each meets every kind of field
        # across the pages (the batches above already put every value in every field at once)
        for offset, control in enumerate(kinds(form.editable())):
            value = HOSTILE[(offset + self.turn) % len(HOSTILE)]
            if control.kind == "checkbox":  # a checkbox is ticked by any of the words for yes, else not
                value = "on" if offset % 2 else ""
            self.one_field(url, control.name, value)
        self.turn += 5

    def all_fields(self, url: str, value: str) -> None:
        form, _ = entry_form(self.client, url)
        controls = [c for c in form.editable() if c.kind != "checkbox"]
        self.tally.values += len(controls)
        typed = {c.name: value for c in controls}
        assert self.post(preview_url(url), with_values(form, typed)).status_code == 200
        revision = Evaluation.objects.get(pk=self.evaluation.pk).revision
        response = self.post(url, with_values(form, typed))
        if response.status_code == 302:
            return self.check_stored(url, typed)
        html = response.content.decode()
        assert response.status_code == 400, (url, value, response.status_code)
        assert Evaluation.objects.get(pk=self.evaluation.pk).revision == revision  # nothing saved
        refused = {n for n in typed if has_error_at(html, n)}
        assert refused or "未保存" in html, (url, value, "a refusal must say where or why")
        for name in set(typed) - refused:  # not refused: kept as typed for the next try
            shown = shown_value(html, url, name, "entry")
            if shown is None and value == "":
                continue  # a row emptied in every cell is a deleted row, on the page shown again too
            assert same_as_typed(value, shown), (url, name, value, shown)
        accepted = {n: value for n in typed if n not in refused}
        if accepted:
            response = self.post(url, with_values(form, accepted))
            assert response.status_code == 302, (url, value, _messages(response.content.decode()))
            self.check_stored(url, accepted)

    def one_field(self, url: str, name: str, value: str) -> None:
        form, _ = entry_form(self.client, url)
        if name not in form.as_dict() and not any(c.name == name for c in form.controls):
            return  # the row it was in was emptied by an earlier value
        self.tally.values += 1
        assert self.post(preview_url(url), with_values(form, {name: value})).status_code == 200
        response = self.post(url, with_values(form, {name: value}))
        if response.status_code == 302:
            return self.check_stored(url, {name: value})
        assert response.status_code == 400, (url, name, value, response.status_code)
        assert has_error_at(response.content.decode(), name), (url, name, value)

    def check_stored(self, url: str, typed: dict[str, str]) -> None:
        """After a save: each value is shown back as typed, unless emptying removed its row."""
        _, html = entry_form(self.client, url)
        for name, value in typed.items():
            shown = shown_value(html, url, name, "entry")
            if shown is None and value == "":
                continue  # a row emptied in every cell is a deleted row
            assert same_as_typed(value, shown), (url, name, value, shown)


@pytest.mark.django_db
def test_every_page_and_form_from_outside(evaluations, capsys, django_capture_on_commit_callbacks):
    tally = Tally()
    for evaluation in evaluations.values():  # a frozen version each, so version pages and their links exist
        Version.objects.create(evaluation=evaluation, number=1, status=evaluation.status, document=evaluation.document)
    _choose_a_framework_scheme(evaluations["jingzhou"])
    # the reviewer's report is audited, so that its finished page (and the memo it links) is crawled; the
    # preparer's import stays queued, so that the waiting page is
    with django_capture_on_commit_callbacks(execute=True):
        _upload_a_report(client_for("tongcheng_finance"), "/bureau/reports/")
    assert run_queue() == 1
    _upload_a_report(client_for("jingzhou_preparer"), "/evaluations/import/")

    visits = {user: spider(client_for(user), "/", tally, user) for user in ALL_USERS}
    from django.test import Client

    anonymous = spider(Client(), "/", tally, "anonymous")
    assert any(v.url.startswith("/accounts/login/") for v in anonymous)
    assert Client().get("/health/").status_code == 200

    # every route is reached by a link, or by one of the ways listed with its reason
    visited = {v.route for vs in visits.values() for v in vs} | {v.route for v in anonymous}
    unreached = set(all_routes()) - visited - set(REACHED_OTHERWISE)
    assert unreached == set(), f"pages no link leads to; link them or say how the crawl reaches them: {unreached}"

    for user in PREPARERS:
        client = client_for(user)
        evaluation = Evaluation.objects.get(pk=evaluations[user.split("_")[0]].pk)
        crawl = EntryCrawl(client, evaluation, tally)
        # its seed-year draft: the year before (generated, accepted) shows its entry pages read-only
        entry_urls = sorted({v.url for v in visits[user] if f"/evaluations/{evaluation.pk}/edit/" in v.url})
        for url in entry_urls:
            crawl.unchanged(url)
        for url in _one_per_kind(entry_urls):
            crawl.hostile(url)

    _other_forms(visits, tally)
    _render_everything(tally)
    for user in ALL_USERS:  # the pages still open, now holding every hostile value that was stored
        spider(client_for(user), "/", tally, user)
    with capsys.disabled():
        print("\n" + tally.line())
        print("拒绝（403/404）按页面：", dict(tally.refusals.most_common()))


def _one_per_kind(urls: list[str]) -> list[str]:
    seen, chosen = set(), []
    for url in urls:
        kind = re.sub(r"project-\d+", "project-N", url)
        if kind not in seen:
            seen.add(kind)
            chosen.append(url)
    return chosen


def _choose_a_framework_scheme(jingzhou: Evaluation) -> None:
    """As its preparer would: pick a department framework scheme on the profile page, so the framework page exists."""
    client = client_for("jingzhou_preparer")
    url = f"/evaluations/{jingzhou.pk}/edit/profile/"
    form, _ = entry_form(client, url)
    assert client.post(url, with_values(form, {"f-scheme": "yunnan-department-dmp"})).status_code == 302


def _upload_a_report(client, url: str) -> None:
    """A report a reviewer audits, or a department's own file a preparer imports: their pages then exist."""
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_c8758e53477b5b54.txt"
    with seed.open("rb") as handle:
        response = client.post(url, {"files": [handle]})
    assert response.status_code == 302


def _other_forms(visits, tally: Tally) -> None:
    """Every form that is not an entry form, once per kind per user: unchanged, then all fields hostile. Logout
    last, since it ends the session."""
    for user, pages in visits.items():
        client = client_for(user)
        seen = set()
        for visit in pages:
            for form in forms_of(visit.html, visit.url):
                kind = (form.method, re.sub(r"\d+", "N", form.action))
                if form.attrs.get("id") == "entry" or kind in seen or "logout" in form.action:
                    continue
                seen.add(kind)
                for data in [form.as_dict()] + [with_values(form, {c.name: v for c in form.editable()}) for v in HOSTILE]:
                    response = submit(client, form, data)
                    tally.posts += 1
                    tally.values += len(form.editable())
                    tally.count(response.status_code, form.action)
                    assert response.status_code < 500, (user, form.action, response.status_code)
        response = client.post("/accounts/logout/")
        assert response.status_code == 302


def _render_everything(tally: Tally) -> None:
    """Every stored evaluation (now holding the hostile values that were saved) in every format and every shape;
    every formula of every workbook recalculated as Excel would on opening it must give the value written."""
    from tests.support.recalc import recalculated_mismatches_many

    workbooks = []
    for evaluation in Evaluation.objects.select_related("department"):
        reader = next(u for u in ALL_USERS if u.endswith("_preparer") and u.split("_")[0] in _key(evaluation))
        client = client_for(reader)
        for fmt in FORMATS:
            response = client.get(f"/evaluations/{evaluation.pk}/download/{fmt}/")
            tally.statuses[response.status_code] += 1
            assert response.status_code == 200, (evaluation, fmt, response.content[:500])
            content = b"".join(response) if response.streaming else response.content
            _check_document(fmt, content)
            if fmt == "xlsx":
                workbooks.append(content)
        for shape in SHAPES:
            response = client.get(f"/evaluations/{evaluation.pk}/download/docx/?shape={shape}")
            assert response.status_code == 200, (evaluation, shape)
    assert recalculated_mismatches_many(workbooks) == [[] for _ in workbooks]


def _key(evaluation: Evaluation) -> str:
    return {"通城": "tongcheng", "昌黎": "changli", "靖州": "jingzhou"}.get(evaluation.department.name[:2], "")


def _check_document(fmt: str, content: bytes) -> None:
    if fmt in ("docx", "xlsx", "zip"):
        assert zipfile.is_zipfile(io.BytesIO(content))
    if fmt == "pdf":
        assert content.startswith(b"%PDF")
    if fmt == "xlsx":
        from openpyxl import load_workbook

        load_workbook(io.BytesIO(content))  # opens: no cell holds what Excel cannot


def _messages(html: str) -> list[str]:
    return re.findall(r'class="(?:message error|error)"[^>]*>([^<]+)', html)
