"""The real thing in Debian's Chromium at 1366×768: a preparer enters a project's spending to date and watches its
warning turn from red to green, explains the remaining warnings and submits; the bureau's overview then shows the
report as submitted with its warnings."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jixiao.web.demo import load_demo
from jixiao.web.monitoring.models import MonitoringReport, Status

from .test_browser import Session, browser  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:
    """Saved to look at; and the page fits the office screen's width (no sideways scrolling)."""
    page.screenshot(path=f"/tmp/monitoring-{name}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366, name


def test_preparer_enters_spending_and_submits_and_the_bureau_sees_it(live_server, transactional_db, browser):  # noqa: F811
    logins = {u: p for u, p, _ in load_demo()}
    report = MonitoringReport.objects.get(department__name__startswith="通城")
    assert report.status == Status.DRAFT
    assert report.rows.get(position=1).budget == 5  # 工伤病残等级鉴定费: the demo spends 30% by September (red)
    session = Session(browser, live_server.url, logins)
    page = session.page
    page.set_viewport_size({"width": 1366, "height": 768})

    session.login("tongcheng_preparer")
    page.goto(f"{live_server.url}/monitoring/")
    page.click(f"a[href='/monitoring/reports/{report.pk}/'] >> nth=0")
    expect(page.locator("[data-testid=colour-1]")).to_have_text("红色")
    assert "支出进度 ÷ 时间进度 × 100 = 40.00，低于 60" in page.inner_text("#row-1")
    shot(page, "1-entry")

    # 4.5 of 5 万元 by September is 90% against 75% of the year: 120, green
    page.fill("input[name='r1-spent_to_date']", "4.5")
    page.click("[data-testid=save]")
    expect(page.locator("[data-testid=colour-1]")).to_have_text("绿色")
    expect(page.locator("[data-testid=spending-1]")).to_have_text("90.00%")
    assert "已保存 1 处修改" in page.content()
    shot(page, "2-saved")

    # submission is refused until every warning is explained; the preparer explains them and submits
    page.click("[data-testid=submit]")
    expect(page.locator(".message.error")).to_contain_text("有预警：请填写偏差原因和纠偏措施")
    for index, area in enumerate(page.locator("textarea").all()):
        area.fill("支付进度滞后，已督促实施单位加快结算。" if index % 2 == 0 else "按月跟踪支出，第四季度完成支付。")
    page.click("[data-testid=save]")
    page.wait_for_selector("text=预警已按规则重新计算")
    page.click("[data-testid=submit]")
    expect(page.locator("[data-testid=report-status]")).to_have_text("已提交")
    assert page.locator("input[name='r1-spent_to_date']").count() == 0  # read-only now
    session.logout()

    session.login("tongcheng_finance")
    page.goto(f"{live_server.url}/monitoring/overview/?status=submitted&colour=red")
    table = page.locator("[data-testid=overview]")
    expect(table).to_contain_text("通城县人力资源和社会保障局")
    expect(table).to_contain_text("已提交")
    assert "工伤病残等级鉴定费" not in table.inner_text()  # green now
    red = report.rows.filter(colour="red").count()
    expect(page.locator("[data-testid=count-red]")).to_have_text(f"红色 {red} 行")
    shot(page, "3-overview")
    page.click(f"a[href='/monitoring/reports/{report.pk}/'] >> nth=0")
    page.wait_for_url(re.compile(rf"/monitoring/reports/{report.pk}/"))
    assert page.locator("[data-testid=monitoring-form]").count() == 0
    shot(page, "4-bureau-reads")


def test_a_value_typed_against_a_ceiling_reads_as_judged_in_its_row(live_server, transactional_db, browser):  # noqa: F811
    """A new user typed 截至本期完成值 for “≤60 日” and read a bare “—” beside it: the row says, in place of the %,
    that 75 日 is over the limit, in the indicators' table at 1366 without sideways scrolling."""
    logins = {u: p for u, p, _ in load_demo()}
    report = MonitoringReport.objects.get(department__name__startswith="通城")
    session = Session(browser, live_server.url, logins)
    page = session.page
    page.set_viewport_size({"width": 1366, "height": 768})
    session.login("tongcheng_preparer")
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/")
    page.click("[data-testid=indicators-1] > summary")
    page.fill("input[name='r1-i2-value_to_date']", "75")
    page.click("[data-testid=save]")
    page.wait_for_selector("text=预警已按规则重新计算")
    page.click("[data-testid=indicators-1] > summary")
    note = page.locator("[data-testid=indicators-1] [data-testid=value-note]")
    expect(note).to_have_count(1)
    expect(note).to_be_visible()
    expect(note).to_contain_text("已超过：截至本期 75 日，不在年度指标值“≤60 日”以内")
    note.scroll_into_view_if_needed()
    shot(page, "5-ceiling-note")
