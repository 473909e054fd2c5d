"""Filtering and sorting the finance bureau's list of evaluations."""

from __future__ import annotations

from jixiao.web.params import year as typed_year

from django.db.models import QuerySet

from jixiao.web.evaluations.returns import filter_status

SORTS = {"department": "department__name", "status": "status", "score": "score", "grade": "grade",
         "errors": "errors", "warnings": "warnings", "notices": "notices", "projects": "project_count",
         "updated": "updated"}


def filter_evaluations(queryset: QuerySet, params) -> tuple[QuerySet, dict]:
    chosen = {"year": params.get("year", ""), "status": params.get("status", ""), "grade": params.get("grade", ""),
              "q": params.get("q", "").strip(), "sort": params.get("sort", "department")}
    if typed_year(chosen["year"]) is not None:  # not isdigit(): "²" is a digit int() refuses
        queryset = queryset.filter(year=typed_year(chosen["year"]))
    queryset = filter_status(queryset, chosen["status"])  # a return by who returned it, as the list names it
    if chosen["grade"]:
        queryset = queryset.filter(grade=chosen["grade"])
    if chosen["q"]:
        queryset = queryset.filter(department__name__icontains=chosen["q"])
    key = chosen["sort"].lstrip("-")
    if key in SORTS:
        # ties broken to the row, so that a row is on one page only
        queryset = queryset.order_by(("-" if chosen["sort"].startswith("-") else "") + SORTS[key], "department__name",
                                     "-year", "pk")
    return queryset, chosen
