"""The public portal in Debian's Chromium at 1366×768, without signing in: the bureau's list, an evaluation's page
with its tables, and its PDF downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.web.demo import load_demo
from jixiao.web.disclosure import services
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import Actor, analysis_of

from .test_browser import Session, browser  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp")


def test_a_visitor_opens_a_published_evaluation_and_downloads_its_pdf(live_server, transactional_db, browser):  # noqa: F811
    load_demo()
    tongcheng = Evaluation.objects.filter(department__name__startswith="通城").order_by("-year").first()
    Evaluation.objects.filter(pk=tongcheng.pk).update(status=Status.ACCEPTED)
    services.publish(tongcheng, Actor(None), prepare=False)
    total = str(analysis_of(tongcheng).result.department.shown_total)

    page = browser.new_page(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page.set_default_timeout(60000)  # the PDF is rendered on the first request
    page.goto(f"{live_server.url}/public/")
    assert "退出" not in page.inner_text("header")  # nobody signed in
    page.screenshot(path=str(SHOTS / "public-1-index.png"))
    page.click("text=通城县财政局")
    page.click(f"a[href='/public/evaluations/{tongcheng.pk}/']")
    page.wait_for_selector("[data-testid=indicators]")
    assert page.inner_text("[data-testid=score]") == total
    # the page fits the width: nothing scrolls sideways at 1366 pixels
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path=str(SHOTS / "public-2-evaluation.png"))
    with page.expect_download() as waiting:
        page.click("[data-testid=download-pdf]")
    download = waiting.value
    assert download.suggested_filename == f"{tongcheng.department.name}2023年度绩效自评.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    page.close()


def test_a_reviewer_publishes_and_a_preparer_takes_a_token(live_server, transactional_db, browser):  # noqa: F811
    logins = {u: p for u, p, _ in load_demo()}
    tongcheng = Evaluation.objects.filter(department__name__startswith="通城").order_by("-year").first()
    Evaluation.objects.filter(pk=tongcheng.pk).update(status=Status.ACCEPTED)
    session = Session(browser, live_server.url, logins)
    page = session.page
    page.set_viewport_size({"width": 1366, "height": 768})

    session.login("tongcheng_finance")
    page.click("footer >> text=信息公开")
    page.click("text=管理公开")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click(f"form:has(input[name=evaluation][value='{tongcheng.pk}']) button")
    page.wait_for_selector(f"text=已公开 {tongcheng}")
    assert asked == [f"公开“{tongcheng.department.name}”{tongcheng.year} 年度的自评？公开后任何人无需登录即可查看并下载其自评表和报告。"]
    page.screenshot(path=str(SHOTS / "public-3-manage.png"))
    page.goto(f"{live_server.url}/public/")
    assert "通城县财政局" in page.inner_text("main")
    session.logout()

    session.login("tongcheng_preparer")
    page.click("header >> text=接口令牌")
    page.fill("input[name=name]", "预算一体化平台")
    page.click("button.primary")
    secret = page.input_value("[data-testid=token-secret]")
    page.screenshot(path=str(SHOTS / "public-4-token.png"))
    answer = page.request.get(f"{live_server.url}/api/evaluations", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and tongcheng.pk in [e["id"] for e in answer.json()]
    page.reload()  # shown once: gone when the page is opened again
    assert secret not in page.content()
