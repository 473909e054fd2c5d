"""The finance bureau's overview: every monitored row (department × project) of its departments' reports, filtered by
year, period, colour and status, with the counts of red and yellow rows. Filters are read leniently: a value that is
not one of the choices is ignored, never an error."""

from __future__ import annotations

from django.db.models import Count

from jixiao.core.cycle.monitoring import period_label
from jixiao.web import params
from jixiao.web.accounts import permissions

from .models import Colour, MonitoringReport, MonitoringRow, Status
from .pages import MONTHS, overview_lines

LIMIT = 500  # rows shown at once; the filters narrow the rest
UNJUDGED = "none"  # rows with nothing to judge yet (no spending entered)


def overview(user, query) -> dict:
    reports = MonitoringReport.objects.filter(department__finance_bureau_id__in=permissions.bureau_ids(user))
    years = sorted(set(reports.values_list("year", flat=True)), reverse=True)
    chosen = {"year": params.integer(query.get("year")), "month": params.integer(query.get("month")),
              "colour": query.get("colour", ""), "status": query.get("status", "")}
    if chosen["year"] not in years:
        chosen["year"] = 0
    if not 1 <= chosen["month"] <= 12:
        chosen["month"] = 0
    if chosen["colour"] not in set(Colour.values) | {UNJUDGED}:
        chosen["colour"] = ""
    if chosen["status"] not in Status.values:
        chosen["status"] = ""
    if chosen["year"]:
        reports = reports.filter(year=chosen["year"])
    if chosen["month"]:
        reports = reports.filter(month=chosen["month"])
    if chosen["status"]:
        reports = reports.filter(status=chosen["status"])
    rows = MonitoringRow.objects.filter(report__in=reports)
    counts = {c["colour"] or UNJUDGED: c["n"] for c in rows.values("colour").annotate(n=Count("id"))}
    if chosen["colour"]:
        rows = rows.filter(colour="" if chosen["colour"] == UNJUDGED else chosen["colour"])
    rows = rows.order_by("-report__year", "-report__month", "report__department__name", "position")
    shown = list(rows[:LIMIT + 1])  # one row past the limit says whether there are more, without counting them all
    more, shown = len(shown) > LIMIT, shown[:LIMIT]
    listed = list(reports.select_related("department"))
    _share_reports(shown, listed)
    return {
        "chosen": chosen, "years": years, "lines": overview_lines(shown), "more": more,
        "counts": [(value, label, counts.get(value, 0)) for value, label in Colour.choices]
        + [(UNJUDGED, "未填", counts.get(UNJUDGED, 0))],
        "reports": [(r, period_label(r.year, r.month)) for r in listed],
        "months": MONTHS,
        "colours": Colour.choices, "statuses": Status.choices, "unjudged": UNJUDGED, "limit": LIMIT,
    }


def _share_reports(rows: list[MonitoringRow], reports: list[MonitoringReport]) -> None:
    """Each row given the report (and department) already read for the list of reports: one object per report for
    all its rows, instead of a report and a department read and built again with every row (select_related), which
    was most of the page's reading (issue 11)."""
    by_pk = {report.pk: report for report in reports}
    for row in rows:
        report = by_pk.get(row.report_id)
        if report is not None:  # a report made between the two readings is read on its own, as without this
            row.report = report
