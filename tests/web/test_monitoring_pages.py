"""What keeps the monitoring pages cheap to draw afresh (issue 11), on the demo's reports: the queries of a report page
and of the bureau's overview do not grow with the rows shown; the report page's rows and indicators read in two
queries are what prefetch_related read; the overview's list of reports and its rows drawn in Python are the markup
the template drew; a row's report read after the list of reports is still found."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.web.monitoring import overview as overview_query
from jixiao.web.monitoring import services
from jixiao.web.monitoring.models import MonitoringReport, MonitoringRow

from .conftest import client_for
from .test_monitoring import report_of, url

pytestmark = pytest.mark.django_db

FRESH = {"HTTP_CACHE_CONTROL": "no-cache"}  # drawn afresh, never the page cache's copy
OVERVIEW = "/monitoring/overview/"


def drawn(client, path: str) -> tuple[str, int]:
    """The page drawn afresh, and how many queries drawing it took once the session had been seen (a session's first
    request of the minute also writes when it was last seen, which no page's rows change)."""
    client.get(path, **FRESH)
    caches["pages"].clear()  # nor a fragment kept from the drawing before (pagecache.fragments)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **FRESH)
    assert response.status_code == 200, path
    return response.content.decode(), len(queries)


def double(report: MonitoringReport) -> int:
    """Every row of the report again after its last, with its indicators and figures, the warnings recomputed as a
    save recomputes them; the report's rows now."""
    rows = list(report.rows.prefetch_related("indicators"))
    for row in rows:
        indicators = list(row.indicators.all())
        row.pk, row.position, row.name = None, row.position + len(rows), f"{row.name}（复）"
        row.save()
        for indicator in indicators:
            indicator.pk, indicator.row = None, row
            indicator.save()
    services.assess(report)
    return report.rows.count()


@pytest.mark.parametrize("username", ["tongcheng_preparer", "tongcheng_reviewer", "tongcheng_finance"])
def test_a_report_page_takes_as_many_queries_with_twice_the_rows(demo, username):
    report = report_of("tongcheng")
    client = client_for(username)
    html, before = drawn(client, url(report))
    rows = report.rows.count()
    assert html.count("<tbody data-row=") == rows
    assert double(report) == 2 * rows
    html, after = drawn(client, url(report))
    assert html.count("<tbody data-row=") == 2 * rows and "（复）" in html
    assert after == before


def test_a_submitted_report_names_who_submitted_it_without_a_query_of_its_own(demo):
    """Who submitted is read with the report: the submitted report's page takes the draft's queries."""
    client = client_for("changli_finance")
    submitted = MonitoringReport.objects.get(department__name__startswith="昌黎")
    assert submitted.submitted_by is not None
    html, queries = drawn(client, url(submitted))
    assert f"{submitted.submitted_by.first_name or submitted.submitted_by.username} 于" in html
    draft = MonitoringReport.objects.get(pk=submitted.pk)
    draft.status, draft.submitted, draft.submitted_by = "draft", None, None
    draft.save()
    assert drawn(client, url(draft))[1] == queries


def test_the_overview_takes_as_many_queries_with_twice_the_rows(demo):
    client = client_for("changli_finance")
    html, before = drawn(client, OVERVIEW)
    shown = len(re.findall(r'<tr class="row-', html))
    assert shown == MonitoringRow.objects.filter(report__department__name__startswith="昌黎").count()
    double(report_of("changli"))
    html, after = drawn(client, OVERVIEW)
    assert len(re.findall(r'<tr class="row-', html)) == 2 * shown and "（复）" in html
    assert after == before


def test_the_overview_says_when_it_leaves_rows_out(demo, monkeypatch):
    client = client_for("changli_finance")
    html, _ = drawn(client, OVERVIEW)
    rows = len(re.findall(r'<tr class="row-', html))
    assert "仅显示前" not in html
    monkeypatch.setattr(overview_query, "LIMIT", rows)  # exactly the limit: nothing left out
    assert "仅显示前" not in drawn(client, OVERVIEW)[0]
    monkeypatch.setattr(overview_query, "LIMIT", rows - 1)
    html, _ = drawn(client, OVERVIEW)
    assert len(re.findall(r'<tr class="row-', html)) == rows - 1 and f"仅显示前 {rows - 1} 行" in html


def test_the_report_pages_rows_and_indicators_are_what_prefetch_related_read(demo):
    indicators_read = 0
    for report in MonitoringReport.objects.all():
        expected = [(row.pk, [(i.position, i.name, i.target, i.value_to_date, i.completion)
                              for i in row.indicators.all()]) for row in report.rows.prefetch_related("indicators")]
        read = [(row.pk, [(i.position, i.name, i.target, i.value_to_date, i.completion) for i in indicators])
                for row, indicators in services.rows_of(report)]
        assert read == expected, report
        indicators_read += sum(len(indicators) for _, indicators in read)
    assert indicators_read > 10


@pytest.mark.parametrize("username, query", [
    ("changli_finance", ""), ("tongcheng_finance", "?status=draft"), ("changli_finance", "?status=draft"),
    ("jingzhou_finance", "?month=1"),
])
def test_the_overview_lists_its_reports_in_a_table_under_their_count(demo, username, query):
    """Each report of the chosen range: linked, with its period, status and warnings (a trial read them run together
    in one paragraph); the line above the table counts them and their warnings."""
    import re

    from django.contrib.auth import get_user_model
    from django.http import QueryDict

    from jixiao.web.monitoring.models import MonitoringReport

    user = get_user_model().objects.get(username=username)
    reports = overview_query.overview(user, QueryDict(query.lstrip("?")))["reports"]
    html, _ = drawn(client_for(username), OVERVIEW + query)
    if not reports:
        assert '<p class="hint" data-testid="reports">所选范围内没有运行监控报告。</p>' in html
        return
    part = html[html.index('data-testid="reports"'):html.index("</details>")]
    stored = MonitoringReport.objects.filter(pk__in=[r.pk for r, _ in reports])
    red = sum(stored.values_list("red_count", flat=True))
    yellow = sum(stored.values_list("yellow_count", flat=True))
    assert f"所选范围内有 {len(reports)} 份运行监控报告（红色预警共 {red} 条、黄色预警共 {yellow} 条）" in part
    cells = re.findall(r'<tr><td><a href="/monitoring/reports/(\d+)/">([^<]+)</a>.*?</td><td>([^<]+)</td><td>([^<]+)</td>'
                       r'<td class="num">(\d+)</td><td class="num">(\d+)</td></tr>', part)
    assert [(int(pk), name, period, status, int(r), int(y)) for pk, name, period, status, r, y in cells] == [
        (r.pk, r.department.name, period, r.get_status_display(), r.red_count, r.yellow_count) for r, period in reports]


def test_a_rows_report_made_after_the_list_of_reports_was_read_is_read_then(demo):
    rows = list(MonitoringRow.objects.values_list(*overview_query.ROW_COLUMNS, named=True))
    listed = list(MonitoringReport.objects.select_related("department")[:1])
    found = overview_query._reports_of(rows, listed)
    assert found[listed[0].pk] is listed[0]  # the list's own object, shared by its rows
    assert set(found) == {row.report_id for row in rows}
    assert all(found[row.report_id].department.name for row in rows)
