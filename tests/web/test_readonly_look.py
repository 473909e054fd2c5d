"""After submission the entry pages are read-only: their inputs must look like text, not like fields waiting to be
typed in (a new user at 1366×768 tried to type into them). Measured in Debian's Chromium on the computed styles."""

from __future__ import annotations

import pytest

from jixiao.web.demo import load_demo
from jixiao.web.evaluations.models import Evaluation, Status

from .test_browser import Session, browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

LOOKS = """els => els.map(e => { const s = getComputedStyle(e);
    return {name: e.name, border: s.borderTopStyle === 'none' || s.borderTopWidth === '0px' ||
                                  s.borderTopColor === 'rgba(0, 0, 0, 0)',
            background: s.backgroundColor, appearance: s.appearance}; })"""


@pytest.mark.parametrize("key", ["finance", "project-0"])
def test_read_only_inputs_and_selects_look_like_plain_text(live_server, transactional_db, browser, key):  # noqa: F811
    logins = {u: p for u, p, _ in load_demo()}
    tongcheng = Evaluation.objects.get(department__name__startswith="通城", year=2023)
    Evaluation.objects.filter(pk=tongcheng.pk).update(status=Status.SUBMITTED)
    session = Session(browser, live_server.url, logins)
    session.page.set_viewport_size({"width": 1366, "height": 768})
    session.login("tongcheng_preparer")
    session.page.goto(f"{live_server.url}/evaluations/{tongcheng.pk}/edit/{key}/")
    inputs = session.page.eval_on_selector_all("input[readonly]:not([type=hidden]), textarea[readonly]", LOOKS)
    selects = session.page.eval_on_selector_all("select:disabled", LOOKS)
    assert inputs and (selects or key == "finance")
    for look in inputs + selects:
        assert look["border"], look
        assert look["background"] not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), look
    for look in selects:
        assert look["appearance"] == "none", look  # no drop-down arrow inviting a choice
