"""Filtering and sorting the finance bureau's list of evaluations."""

from __future__ import annotations

from django.db.models import QuerySet

from jixiao.web.evaluations.returns import filter_status
from jixiao.web.listfilters import by_year_and_name

SORTS = {"department": "department__name", "status": "status", "score": "score", "grade": "grade",
         "errors": "errors", "warnings": "warnings", "notices": "notices", "projects": "project_count",
         "updated": "updated"}


def filter_evaluations(queryset: QuerySet, params) -> tuple[QuerySet, dict]:
    queryset, chosen = by_year_and_name(queryset, params)  # as the goals list's
    chosen.update(status=params.get("status", ""), grade=params.get("grade", ""), sort=params.get("sort", "department"))
    queryset = filter_status(queryset, chosen["status"])  # a return by who returned it, as the list names it
    if chosen["grade"]:
        queryset = queryset.filter(grade=chosen["grade"])
    key = chosen["sort"].lstrip("-")
    if key in SORTS:
        # ties broken to the row, so that a row is on one page only
        queryset = queryset.order_by(("-" if chosen["sort"].startswith("-") else "") + SORTS[key], "department__name",
                                     "-year", "pk")
    return queryset, chosen
