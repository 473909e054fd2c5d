"""Filtering and sorting the finance bureau's list of evaluations."""

from __future__ import annotations

from jixiao.web.params import year as typed_year

from django.db.models import QuerySet

from jixiao.web.evaluations.returns import filter_status

SORTS = {"department": "department__name", "status": "status", "score": "score", "grade": "grade",
         "errors": "errors", "warnings": "warnings", "notices": "notices", "projects": "project_count",
         "updated": "updated"}


def filter_evaluations(queryset: QuerySet, params) -> tuple[QuerySet, dict]:
    chosen = read_chosen(params)
    return narrowed(queryset, *chosen_values(chosen)), chosen


def read_chosen(params) -> dict:
    return {"year": params.get("year", ""), "status": params.get("status", ""), "grade": params.get("grade", ""),
            "q": params.get("q", "").strip(), "sort": params.get("sort", "department")}


def chosen_values(chosen: dict) -> tuple[dict, str, str]:
    """What narrows the list: the year (an int; not isdigit(): "²" is a digit int() refuses), grade and search
    given, by name; the status key and the sort."""
    given = {"year": typed_year(chosen["year"]), "grade": chosen["grade"], "q": chosen["q"]}
    return {name: value for name, value in given.items() if value not in (None, "")}, chosen["status"], chosen["sort"]


def narrowed(queryset: QuerySet, given: dict, status: str, sort: str) -> QuerySet:
    if given.get("year") is not None:
        queryset = queryset.filter(year=given["year"])
    queryset = filter_status(queryset, status)  # a return by who returned it, as the list names it
    if given.get("grade"):
        queryset = queryset.filter(grade=given["grade"])
    if given.get("q"):
        queryset = queryset.filter(department__name__icontains=given["q"])
    key = sort.lstrip("-")
    if key in SORTS:
        # ties broken to the row, so that a row is on one page only
        queryset = queryset.order_by(("-" if sort.startswith("-") else "") + SORTS[key], "department__name",
                                     "-year", "pk")
    return queryset
