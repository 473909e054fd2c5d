"""The finance bureau's overview: every monitored row (department × project) of its departments' reports, filtered by
year, period, colour and status, with the counts of red and yellow rows. Filters are read leniently: a value that is
not one of the choices is ignored, never an error."""

from __future__ import annotations

from django.db.models import Count

from jixiao.core.cycle.monitoring import period_label
from jixiao.web import lookups, params
from jixiao.web.accounts import permissions

from .models import Colour, MonitoringReport, MonitoringRow, Status
from .pages import MONTHS, overview_lines

FILTERS = ("year", "month", "colour", "status")  # what the overview reads of its query
LIMIT = 500  # rows shown at once; the filters narrow the rest
UNJUDGED = "none"  # rows with nothing to judge yet (no spending entered)
# what the overview shows of a row, read as named tuples: models for up to 500 rows cost more than drawing them
ROW_COLUMNS = ("report_id", "position", "name", "budget", "spent_to_date", "colour", "warnings")


def overview(user, query) -> dict:
    bureaus = permissions.bureau_ids(user)
    years = sorted(set(lookups.kept(_years, (bureaus,))), reverse=True)
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
    # the statements below compiled once per process for each set of filters given (lookups.kept)
    narrowing = {name: chosen[name] for name in ("year", "month", "status") if chosen[name]}
    values, names = (bureaus, *narrowing.values()), tuple(narrowing)
    counts = {c["colour"] or UNJUDGED: c["n"] for c in lookups.kept(_colour_counts, values, (names,))}
    if chosen["colour"]:
        values, names = (*values, "" if chosen["colour"] == UNJUDGED else chosen["colour"]), (*names, "colour")
    # one row past the limit says whether there are more, without counting them all
    shown = lookups.kept(_shown_rows, values, (names,))
    more, shown = len(shown) > LIMIT, shown[:LIMIT]
    listed = lookups.kept(_listed, (bureaus, *narrowing.values()), (tuple(narrowing),))
    return {
        "chosen": chosen, "years": years, "lines": overview_lines(shown, _reports_of(shown, listed)), "more": more,
        "counts": [(value, label, counts.get(value, 0)) for value, label in Colour.choices]
        + [(UNJUDGED, "未填", counts.get(UNJUDGED, 0))],
        "reports": [(r, period_label(r.year, r.month)) for r in listed],
        "months": MONTHS,
        "colours": Colour.choices, "statuses": Status.choices, "unjudged": UNJUDGED, "limit": LIMIT,
    }


def _reports(bureaus, values: tuple, names: tuple):
    """The bureaus' reports, narrowed by year, month and status when `names` names them (with their `values`)."""
    return MonitoringReport.objects.filter(department__finance_bureau_id__in=bureaus) \
        .filter(**{name: value for name, value in zip(names, values) if name != "colour"})


def _years(bureaus):
    return _reports(bureaus, (), ()).values_list("year", flat=True)


def _colour_counts(bureaus, *values_and_names):
    *values, names = values_and_names
    return MonitoringRow.objects.filter(report__in=_reports(bureaus, values, names)).values("colour") \
        .annotate(n=Count("id"))


def _shown_rows(bureaus, *values_and_names):
    """The overview's rows (the colour too when `names` ends with it), LIMIT + 1 of them."""
    *values, names = values_and_names
    rows = MonitoringRow.objects.filter(report__in=_reports(bureaus, values, names))
    if names and names[-1] == "colour":
        rows = rows.filter(colour=values[-1])
    return rows.order_by("-report__year", "-report__month", "report__department__name", "position") \
        .values_list(*ROW_COLUMNS, named=True)[:LIMIT + 1]


def _listed(bureaus, *values_and_names):
    *values, names = values_and_names
    return _reports(bureaus, values, names).select_related("department")


def _reports_of(rows, listed: list[MonitoringReport]) -> dict[int, MonitoringReport]:
    """The shown rows' reports by key: those already read for the list of reports, one object for all of a report's
    rows. Reading a report and its department again with every row (select_related) was most of the page's reading
    (issue 11). A report made between the two readings is read here."""
    by_pk = {report.pk: report for report in listed}
    missing = {row.report_id for row in rows} - by_pk.keys()
    if missing:
        by_pk.update((r.pk, r) for r in MonitoringReport.objects.filter(pk__in=missing).select_related("department"))
    return by_pk
