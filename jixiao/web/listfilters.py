"""The filters the lists of departments' work share (the bureau's evaluations, the goal sets): a year, and a part of
the department's name (a province's bureau looks one department up among thousands). One reading of both, so that
a year the one list takes the other takes too."""

from __future__ import annotations

from django.db.models import QuerySet

from jixiao.web import params


def read_year_and_name(query) -> dict[str, str]:
    """The year (`year`) and department name part (`q`) of the query: a year as the list reads it (２０２３ is 2023,
    so that the year menu shows the year the list is of, not 全部年度), else as typed; the search cut to
    params.SEARCH_LENGTH."""
    typed = query.get("year", "")
    year = params.year(typed)
    return {"year": typed if year is None else str(year), "q": query.get("q", "").strip()[:params.SEARCH_LENGTH]}


def narrowed_by_year_and_name(queryset: QuerySet, year: int | None, q: str) -> QuerySet:
    if year is not None:
        queryset = queryset.filter(year=year)
    if q:
        queryset = queryset.filter(department__name__icontains=q)
    return queryset


def by_year_and_name(queryset: QuerySet, query) -> tuple[QuerySet, dict[str, str]]:
    """`queryset` of the year and department name part of the query, and what was chosen, as typed. A year that is
    no year (not a number, or outside the years an evaluation may be for) filters nothing."""
    chosen = read_year_and_name(query)
    return narrowed_by_year_and_name(queryset, params.year(chosen["year"]), chosen["q"]), chosen
