"""The browser's own check of a form speaks Chinese on every page (app.js): a required field left empty is named by
its label, not Chromium's "Please fill out this field."; the message goes once the field is filled; and a post that
bypasses the browser's check is answered by the server in Chinese, field by field."""

from __future__ import annotations

import pytest

from .test_browser import Session, browser  # noqa: F401 - browser is a fixture

pytestmark = pytest.mark.browser


def _message(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => el.validationMessage")


def test_an_empty_login_is_refused_in_chinese_by_the_browser_and_the_server(live_server, transactional_db,
                                                                             browser):  # noqa: F811
    page = Session(browser, live_server.url, {}).page
    login = f"{live_server.url}/accounts/login/"
    page.goto(login)
    page.click("button.primary")
    assert page.url == login  # the browser kept the form
    assert _message(page, "input[name=username]") == "请填写“用户名”"

    page.fill("input[name=username]", "tongcheng_preparer")  # typed: the field's message is taken back
    assert _message(page, "input[name=username]") == ""
    page.click("button.primary")
    assert page.url == login
    assert _message(page, "input[name=password]") == "请填写“密码”"

    page.fill("input[name=username]", "")  # the browser's check bypassed: the server names what is missing
    page.eval_on_selector("section.login form", "form => { form.noValidate = true; }")
    with page.expect_navigation():
        page.click("button.primary")
    errors = page.locator("section.login .error").all_inner_texts()
    assert errors == ["请填写用户名。", "请填写密码。"]
