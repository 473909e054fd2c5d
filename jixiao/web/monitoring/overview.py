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
# what the overview shows of a row, read as named tuples: models for up to 500 rows cost more than drawing them
ROW_COLUMNS = ("report_id", "position", "name", "budget", "spent_to_date", "colour", "warnings")


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
    # one row past the limit says whether there are more, without counting them all
    shown = list(rows.values_list(*ROW_COLUMNS, named=True)[:LIMIT + 1])
    more, shown = len(shown) > LIMIT, shown[:LIMIT]
    listed = list(reports.select_related("department"))
    return {
        "chosen": chosen, "years": years, "lines": overview_lines(shown, _reports_of(shown, listed)), "more": more,
        "counts": [(value, label, counts.get(value, 0)) for value, label in Colour.choices]
        + [(UNJUDGED, "未填", counts.get(UNJUDGED, 0))],
        "reports": [(r, period_label(r.year, r.month)) for r in listed],
        "months": MONTHS,
        "colours": Colour.choices, "statuses": Status.choices, "unjudged": UNJUDGED, "limit": LIMIT,
    }


def _reports_of(rows, listed: list[MonitoringReport]) -> dict[int, MonitoringReport]:
    """The shown rows' reports by key: those already read for the list of reports, one object for all of a report's
    rows. Reading a report and its department again with every row (select_related) was most of the page's reading
    (issue 11). A report made between the two readings is read here."""
    by_pk = {report.pk: report for report in listed}
    missing = {row.report_id for row in rows} - by_pk.keys()
    if missing:
        by_pk.update((r.pk, r) for r in MonitoringReport.objects.filter(pk__in=missing).select_related("department"))
    return by_pk
