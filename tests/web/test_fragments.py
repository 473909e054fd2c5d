"""Fragments kept by table revisions (jixiao/web/pagecache/fragments.py) on the pages that keep them — the audit log,
the monitoring overview, a monitoring report's rows: a forced reload draws them once, a change to what they show is
shown at once (an edit, then the page shows the edit), what is drawn from a kept fragment is the page drawn with
nothing kept, and a page the page cache keeps around a kept fragment is not served after the fragment's data
changes."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core.cache import caches

from jixiao.web.audit import views as audit_views
from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.monitoring import views as monitoring_views
from jixiao.web.monitoring.models import MonitoringRow

from .conftest import client_for
from .test_monitoring import form_of, report_of, url

pytestmark = pytest.mark.django_db

FRESH = {"HTTP_CACHE_CONTROL": "no-cache"}  # a forced reload: never the page cache's copy
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _page(client, path: str, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return TOKEN.sub(r'\1…"', response.content.decode())


def _browser(username: str):
    """Signed in, holding the CSRF cookie (without it the page cache keeps nothing)."""
    client = client_for(username)
    client.get("/", follow=True)
    return client


def test_the_audit_log_is_drawn_once_and_shows_a_new_event_at_once(demo):
    client = client_for("auditor")
    first = _page(client, "/audit/", **FRESH)
    with mock.patch.object(audit_views, "_content", wraps=audit_views._content) as drawn:
        assert _page(client, "/audit/", **FRESH) == first and drawn.call_count == 0
        AuditEvent.objects.create(action=Action.EXPORT, username="tongcheng_finance", object_type="export",
                                  object_id="424242", detail="新的一条<导出>")
        changed = _page(client, "/audit/", **FRESH)
        assert drawn.call_count == 1 and "新的一条&lt;导出&gt;" in changed and "新的一条" not in first
        # another filter is a fragment of its own, drawn for itself
        only = _page(client, "/audit/?action=export", **FRESH)
        assert drawn.call_count == 2 and "新的一条&lt;导出&gt;" in only
    caches["pages"].clear()
    assert _page(client, "/audit/", **FRESH) == changed


def test_a_report_edited_shows_the_edit_on_its_page_and_in_the_overview(demo):
    report = report_of("tongcheng")
    preparer = client_for("tongcheng_preparer")
    finance = client_for("tongcheng_finance")
    page, overview = _page(preparer, url(report), **FRESH), _page(finance, "/monitoring/overview/", **FRESH)
    with mock.patch.object(monitoring_views, "_lines", wraps=monitoring_views._lines) as drawn:
        assert _page(preparer, url(report), **FRESH) == page and drawn.call_count == 0
        assert _page(finance, "/monitoring/overview/", **FRESH) == overview
        response = preparer.post(url(report), form_of(report, **{"r1-spent_to_date": "3.21",
                                                                  "r1-deviation_reason": "验收在即"}))
        assert response.status_code == 302
        assert "已保存 2 处修改" in _page(preparer, url(report), **FRESH)  # the message shown once, with the rows
        edited = _page(preparer, url(report), **FRESH)
        assert drawn.call_count == 1
    assert 'value="3.21"' in edited and 'value="3.21"' not in page and "验收在即" in edited
    assert "3.21" in _page(finance, "/monitoring/overview/", **FRESH)
    caches["pages"].clear()
    assert _page(preparer, url(report), **FRESH) == edited


def test_a_report_kept_for_its_preparer_is_read_only_for_its_reviewer(demo):
    """Whether the rows are drawn as inputs is part of what the fragment is kept under."""
    report = report_of("tongcheng")
    assert 'name="r1-spent_to_date"' in _page(client_for("tongcheng_preparer"), url(report), **FRESH)
    html = _page(client_for("tongcheng_reviewer"), url(report), **FRESH)
    assert "部门整体" in html and 'name="r1-spent_to_date"' not in html


def test_a_page_kept_around_a_kept_fragment_is_drawn_again_when_the_fragment_changes(demo):
    """The overview served from the page cache after its fragment was served from the fragment cache: a row changed
    by SQL alone (no save, no signal) is shown at the next ordinary request."""
    client = _browser("changli_finance")
    path = "/monitoring/overview/"
    _page(client, path, **FRESH)  # the fragment drawn and kept; the page not (a forced reload)
    kept = client.get(path)  # the page drawn around the kept fragment, and kept
    assert "X-Page-Cache" not in kept and client.get(path)["X-Page-Cache"] == "hit"
    row = MonitoringRow.objects.filter(report__department__name__startswith="昌黎", position=1)
    row.update(name="改名后的项目<丙>")
    again = client.get(path)
    assert "X-Page-Cache" not in again and "改名后的项目&lt;丙&gt;" in again.content.decode()


def test_kept_html_is_put_in_its_page_as_drawn_and_is_its_text_anywhere_else(rf):
    """fragments.render puts each Html's bytes where the template showed it; another drawing shows its text."""
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template

    from jixiao.web.pagecache import fragments

    rows = fragments.Html("<tr><td>通城县 &lt;甲&gt;</td></tr>")
    assert Template("<table>{{ rows }}</table>").render(Context({"rows": rows})) == \
        "<table><tr><td>通城县 &lt;甲&gt;</td></tr></table>"
    request = rf.get("/")
    request.user = AnonymousUser()
    response = fragments.render(request, "audit/log.html", {"content": rows}, status=409)
    html = response.content.decode()
    assert response.status_code == 409 and response["Content-Type"].startswith("text/html")
    assert "<tr><td>通城县 &lt;甲&gt;</td></tr>" in html and "jixiao-fragment" not in html
