"""Saves at the same moment on a served app (issue [hardening], finding 6: 18 of 140 concurrent saves got 500
"database is locked" on SQLite). Twenty people save twenty different pages of one evaluation at once, all opened at
the same revision: every save must succeed and every value must be there afterwards. On SQLite (WAL, busy timeout,
immediate transactions) and on PostgreSQL when the suite runs there."""

from __future__ import annotations

import subprocess
import sys
import threading

from bench.webclient import Browser, session_for

from ..conftest import ROOT
from .forms import forms_of
from .test_worker_process import _free_port, _get_or_none, _wait, world  # noqa: F401 - world is a fixture

PAGES = ["profile", "finance", "goals", "conclusion", "statements"] + [f"project-{i}" for i in range(15)]
# one field per page: what each of the twenty people changes
FIELDS = {"profile": "f-department.contact", "finance": "f-budget.balance", "goals": "f-goals[0].name",
          "conclusion": "f-problems", "statements": "st-0-text"}


def _value(page: str, i: int) -> str:
    return f"{100 + i}.5" if page == "finance" else f"并发保存{i}"


def test_twenty_people_save_twenty_pages_at_once(world):  # noqa: F811
    port = _free_port()
    serve = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--no-demo", "--port", str(port),
                              "--workers", "2", "--threads", "4"], env=world, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        sessions = [session_for("tongcheng_preparer", world) for _ in PAGES]
        _wait("the web server", lambda: _get_or_none(Browser(base, sessions[0]), "/health/") == 200, 120)
        pk = _tongcheng_pk(Browser(base, sessions[0]))
        prepared = [_prepare(Browser(base, s), pk, page, i) for i, (s, page) in enumerate(zip(sessions, PAGES))]
        start = threading.Barrier(len(prepared))
        statuses: dict[str, int] = {}

        def save(browser, url, fields, page):
            start.wait()
            statuses[page] = browser.post_form(url, fields)[0]

        threads = [threading.Thread(target=save, args=p) for p in prepared]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert statuses == {page: 302 for page in PAGES}  # no 500, no conflict: different fields merge
        reader = Browser(base, sessions[0])
        for i, page in enumerate(PAGES):
            url = f"/evaluations/{pk}/edit/{page}/"
            html = reader.get(url)[2].decode()
            form = next(f for f in forms_of(html, url) if f.attrs.get("id") == "entry")
            assert form.as_dict()[_field(page)] == [_value(page, i)], page  # nothing lost
    finally:
        serve.terminate()
        serve.wait(30)


def _field(page: str) -> str:
    return FIELDS.get(page) or f"f-projects[{page.removeprefix('project-')}].implementing_unit"


def _tongcheng_pk(browser) -> int:
    import re

    html = browser.get("/evaluations/")[2].decode()
    return int(re.search(r'href="/evaluations/(\d+)/"', html)[1])


def _prepare(browser, pk: int, page: str, i: int):
    url = f"/evaluations/{pk}/edit/{page}/"
    html = browser.get(url)[2].decode()
    form = next(f for f in forms_of(html, url) if f.attrs.get("id") == "entry")
    fields = {name: values[-1] for name, values in form.as_dict().items()}
    for name, values in form.as_dict().items():  # a bool's hidden twin and box: keep both as the browser sends
        if len(values) > 1:
            fields[name] = values[-1]
    fields[_field(page)] = _value(page, i)
    return browser, url, fields, page
