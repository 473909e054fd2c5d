"""The pages a new user found broken under the Content-Security-Policy, in Chromium at 1366×768: no style or script
is refused (the console stays free of CSP errors), the styles moved to app.css apply, and the project select still
navigates now that its handler lives in app.js."""

from __future__ import annotations

import pytest

from jixiao.web.demo import load_demo
from jixiao.web.evaluations.models import Evaluation, Status

from .test_browser import Session, browser  # noqa: F401 - browser is a fixture

SHOT = "/tmp/fix-ui-{}.png"


def _watch(page) -> list[str]:
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


@pytest.mark.browser
def test_the_cycle_pages_run_under_the_csp_without_refusals(live_server, transactional_db, browser):  # noqa: F811
    logins = {u: p for u, p, _ in load_demo()}
    tongcheng = Evaluation.objects.get(department__name__startswith="通城", year=2023)
    session = Session(browser, live_server.url, logins)
    page = session.page
    page.set_viewport_size({"width": 1366, "height": 768})
    refused = _watch(page)

    session.login("tongcheng_preparer")  # the draft's project pages: the project select goes to the one chosen
    page.goto(f"{live_server.url}/evaluations/{tongcheng.pk}/edit/project-0/")
    page.select_option("select.go-to", index=1)
    page.wait_for_url(f"**/evaluations/{tongcheng.pk}/edit/project-1/")
    page.screenshot(path=SHOT.format("0-project-nav"))
    session.logout()

    Evaluation.objects.filter(pk=tongcheng.pk).update(status=Status.ACCEPTED)
    session.login("tongcheng_finance")
    page.screenshot(path=SHOT.format("1-dashboard"))
    assert page.locator("a[href='/public/manage/']").first.is_visible()
    page.goto(f"{live_server.url}/results/evaluations/{tongcheng.pk}/")
    assert page.locator("td.decision").first.bounding_box()["width"] >= 330  # app.css, no longer refused
    page.screenshot(path=SHOT.format("2-suggestions"))
    page.goto(f"{live_server.url}/results/evaluations/{tongcheng.pk}/notices/new/")
    assert page.locator("textarea[name=item-0-demand]").bounding_box()["width"] >= 420
    page.screenshot(path=SHOT.format("3-notice-form"))
    page.goto(f"{live_server.url}/review/")
    page.fill("input[name=top]", "abc")
    page.fill("textarea[name=reason]", "按风险分抽取")
    page.click("[data-testid=take-sample]")
    banner = page.locator("[data-testid=sample-errors]")
    assert "前 N 名：请输入数字（如 3），不是“abc”。" in banner.inner_text() and banner.is_visible()
    page.screenshot(path=SHOT.format("4-sample-error"))
    page.check(f"input[name=pick][value='{tongcheng.pk}']")
    page.fill("input[name=top]", "")
    page.click("[data-testid=take-sample]")
    page.goto(f"{live_server.url}/review/evaluations/{tongcheng.pk}/")
    page.screenshot(path=SHOT.format("5-spot-check"))
    assert refused == []
