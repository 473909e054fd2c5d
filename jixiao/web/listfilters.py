"""The filters the lists of departments' work share (the bureau's evaluations, the goal sets): a year, and a part of
the department's name (a province's bureau looks one department up among thousands). One reading of both, so that
a year the one list takes the other takes too."""

from __future__ import annotations

from django.db.models import QuerySet

from jixiao.web import params


def by_year_and_name(queryset: QuerySet, query) -> tuple[QuerySet, dict[str, str]]:
    """`queryset` of the year (`year`) and department name part (`q`) of the query, and what was chosen, as typed
    (the search cut to params.SEARCH_LENGTH). A year that is no year (not a number, or outside the years an
    evaluation may be for) filters nothing."""
    chosen = {"year": query.get("year", ""), "q": query.get("q", "").strip()[:params.SEARCH_LENGTH]}
    year = params.year(chosen["year"])
    if year is not None:
        queryset = queryset.filter(year=year)
    if chosen["q"]:
        queryset = queryset.filter(department__name__icontains=chosen["q"])
    return queryset, chosen
