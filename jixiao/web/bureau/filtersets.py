"""Filtering and sorting the finance bureau's list of evaluations."""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from jixiao.web import params as typed
from jixiao.web.analytics.services import UNKNOWN_GRADE_PLACE, counted_grade, counted_score, grade_places
from jixiao.web.evaluations.returns import filter_status
from jixiao.web.listfilters import narrowed_by_year_and_name, read_year_and_name

# score and grade: those that count (the bureau's where its spot-check rescored the table), as the cells show first;
# the grade by its place in the grade scale (优 良 中 差), not by its characters (中 优 差 良)
SORTS = {"department": "department__name", "year": "year", "status": "status", "score": "counted_score",
         "grade": "grade_place", "errors": "found_errors", "warnings": "warnings", "notices": "notices",
         "projects": "project_count", "updated": "updated"}
LAST_EITHER_WAY = {"grade_place"}  # no grade yet: after the graded rows, whichever way they are sorted
# within one grade a reviewer reads the best score first when the best grade is first (and the worst, the other way)
THEN_BY = {"grade_place": "counted_score"}


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
        field = SORTS[key]
        queryset = _counted(queryset, field)
        if field in THEN_BY:
            queryset = _counted(queryset, THEN_BY[field])
        # ties broken to the row, so that a row is on one page only
        order = (F(field).desc(nulls_last=True) if sort.startswith("-") else F(field).asc(nulls_last=True)) \
            if field in LAST_EITHER_WAY else ("-" if sort.startswith("-") else "") + field
        queryset = queryset.order_by(order, *_then_by(field, sort.startswith("-")), "department__name", "-year", "pk")
    return queryset


def _then_by(field: str, descending: bool) -> list:
    """The order within equal values of `field`: the grade's rows by score, the other way round from the grade's
    places (优 is place 0 and the highest scores)."""
    if field not in THEN_BY:
        return []
    return [F(THEN_BY[field]).asc(nulls_last=True) if descending else F(THEN_BY[field]).desc(nulls_last=True)]


COUNTED = {"counted_score": counted_score, "counted_grade": counted_grade,
           # the errors as the cells show them: in what was filled in, without the items not filled in yet (未计分)
           "found_errors": lambda: F("errors") - F("unscored"),
           "grade_place": lambda: _grade_place()}


def _grade_place() -> Case:
    """The counted grade's place in its scale (values.grade_places: 优 0 … 差 3); none for no grade."""
    return Case(When(counted_grade="", then=Value(None)),
                *[When(counted_grade=grade, then=Value(place)) for grade, place in grade_places().items()],
                default=Value(UNKNOWN_GRADE_PLACE), output_field=IntegerField())


def _counted(queryset: QuerySet, name: str) -> QuerySet:
    """`queryset` able to filter or sort by `name` where it is a figure that counts: those join the projection's
    rows, so they are added only when asked for (the counts by status and the sums need no join)."""
    if name == "grade_place":
        queryset = _counted(queryset, "counted_grade")  # what its place is read from
    if name in COUNTED and name not in queryset.query.annotations:
        return queryset.alias(**{name: COUNTED[name]()})
    return queryset
