"""Filtering and sorting the finance bureau's list of evaluations."""

from __future__ import annotations

from django.db.models import F, QuerySet

from jixiao.web import params as typed
from jixiao.web.analytics.services import counted_grade, counted_score
from jixiao.web.evaluations.returns import filter_status
from jixiao.web.listfilters import narrowed_by_year_and_name, read_year_and_name

# score and grade: those that count (the bureau's where its spot-check rescored the table), as the cells show first
SORTS = {"department": "department__name", "status": "status", "score": "counted_score", "grade": "counted_grade",
         "errors": "found_errors", "warnings": "warnings", "notices": "notices", "projects": "project_count",
         "updated": "updated"}


def filter_evaluations(queryset: QuerySet, params) -> tuple[QuerySet, dict]:
    chosen = read_chosen(params)
    return narrowed(queryset, *chosen_values(chosen)), chosen


def read_chosen(params) -> dict:
    chosen = read_year_and_name(params)  # as the goals list reads them
    chosen.update(status=params.get("status", ""), grade=params.get("grade", ""), sort=params.get("sort", "department"))
    return chosen


def chosen_values(chosen: dict) -> tuple[dict, str, str]:
    """What narrows the list: the year (an int; not isdigit(): "²" is a digit int() refuses), grade and search
    given, by name; the status key and the sort."""
    given = {"year": typed.year(chosen["year"]), "grade": chosen["grade"], "q": chosen["q"]}
    return {name: value for name, value in given.items() if value not in (None, "")}, chosen["status"], chosen["sort"]


def narrowed(queryset: QuerySet, given: dict, status: str, sort: str) -> QuerySet:
    queryset = narrowed_by_year_and_name(queryset, given.get("year"), given.get("q", ""))
    queryset = filter_status(queryset, status)  # a return by who returned it, as the list names it
    if given.get("grade"):
        queryset = _counted(queryset, "counted_grade").filter(counted_grade=given["grade"])
    key = sort.lstrip("-")
    if key in SORTS:
        queryset = _counted(queryset, SORTS[key])
        # ties broken to the row, so that a row is on one page only
        queryset = queryset.order_by(("-" if sort.startswith("-") else "") + SORTS[key], "department__name",
                                     "-year", "pk")
    return queryset


COUNTED = {"counted_score": counted_score, "counted_grade": counted_grade,
           # the errors as the cells show them: in what was filled in, without the items not filled in yet (未计分)
           "found_errors": lambda: F("errors") - F("unscored")}


def _counted(queryset: QuerySet, name: str) -> QuerySet:
    """`queryset` able to filter or sort by `name` where it is a figure that counts: those join the projection's
    rows, so they are added only when asked for (the counts by status and the sums need no join)."""
    if name in COUNTED and name not in queryset.query.annotations:
        return queryset.alias(**{name: COUNTED[name]()})
    return queryset
