"""Errors are visible (issue [hardening], finding 9): every 5xx is logged with its traceback and a request id, to
stderr and to a rotating file in the data folder; error pages are Chinese and show the same id."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from jixiao.web.evaluations import services

from .conftest import client_for


def _client(username: str) -> Client:
    client = client_for(username)
    client.raise_request_exception = False  # as a browser sees it: the 500 page, not the exception
    return client


@pytest.mark.django_db
def test_a_server_error_is_logged_with_traceback_and_shown_with_its_request_id(evaluations, monkeypatch, caplog):
    def broken(evaluation):
        raise RuntimeError("模拟的内部错误")

    monkeypatch.setattr(services, "analysis_of", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = _client("tongcheng_preparer").get(f"/evaluations/{evaluations['tongcheng'].pk}/")
    page = response.content.decode()
    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert "服务器出错" in page and f'<code data-testid="request-id">{request_id}</code>' in page
    assert "Server Error" not in page and "Traceback" not in page
    logged = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert logged and logged[0].request_id == request_id and "模拟的内部错误" in str(logged[0].exc_info[1])
    log_file = Path(settings.LOG_DIR) / "jixiao.log"
    text = log_file.read_text(encoding="utf-8")
    assert f"[{request_id}] django.request" in text and "RuntimeError: 模拟的内部错误" in text
    assert oct(log_file.parent.stat().st_mode & 0o777) == "0o700"


@pytest.mark.django_db
@pytest.mark.parametrize("url, status, title", [("/evaluations/999999/", 404, "未找到"),
                                                ("/accounts/users/", 403, "无权访问")])
def test_error_pages_are_chinese_with_the_request_id(demo, url, status, title):
    response = _client("tongcheng_preparer").get(url)
    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{title}</h1>" in page and response["X-Request-ID"] in page


@pytest.mark.django_db
def test_a_visitor_of_the_portal_is_led_back_to_the_portal_not_the_sign_in_form(demo):
    """The new-user trial: a withdrawn publication's 404 linked 返回首页 to the sign-in form."""
    from django.test import Client

    page = Client().get("/public/evaluations/999999/").content.decode()
    assert '<a href="/public/">返回信息公开首页</a>' in page and 'href="/">返回首页' not in page
    assert '<a href="/">返回首页</a>' in _client("tongcheng_preparer").get("/evaluations/999999/").content.decode()


@pytest.mark.django_db
def test_a_proxy_given_request_id_is_kept_and_a_hostile_one_is_not(demo):
    client = Client()
    assert client.get("/health/", HTTP_X_REQUEST_ID="lb-0123456789abcdef")["X-Request-ID"] == "lb-0123456789abcdef"
    assert client.get("/health/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


@pytest.mark.django_db
def test_a_nul_character_is_refused_with_the_field_named(evaluations):
    """PostgreSQL cannot hold a NUL: the dashboard's filter with one gave a 500 there (found by the crawl)."""
    finance = _client("tongcheng_finance")
    response = finance.get("/bureau/", {"q": "通城\x00"})
    assert response.status_code == 400
    assert "“q”中含有不允许的控制字符（NUL）" in response.content.decode()
    tongcheng = evaluations["tongcheng"]
    response = _client("tongcheng_reviewer").post(f"/evaluations/{tongcheng.pk}/workflow/return_department/",
                                                   {"comment": "请\x00修改"})
    assert response.status_code == 400 and "“comment”" in response.content.decode()
