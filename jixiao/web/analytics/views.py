"""统计分析 (issue 10 §5): departments × years, rankings, trends and distributions for a finance reviewer's
departments, drawn from the projection (services.py) — every chart beside the table of its figures."""

from __future__ import annotations

from django.shortcuts import render

from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.accounts.permissions import bureau_ids
from jixiao.web.organisations.models import Department
from jixiao.web import lookups
from jixiao.web.paging import PAGE_SIZE, kept_page, paged, without_page
from jixiao.web.review import risk_store

from . import figures
from .services import (
    RECEIVED,
    department_cells,
    departments_of_rows,
    evaluation_rows,
    finding_rows,
    kept,
    kept_latest_scored_year,
    latest_scored_year,
    project_rows,
    read_filters,
    rows_statement,
    table_years,
    years_of_rows,
)

PAGES = {"index": "部门×年度", "rankings": "排名", "trends": "趋势", "distributions": "分布"}


def _page(request, page: str, context: dict, chosen, choices, charts: list) -> object:
    return render(request, f"analytics/{page}.html", {
        "tab": page, "pages": PAGES, "chosen": chosen, "choices": choices, "query": chosen.query(),
        "charts": [chart.spec() for chart in charts], **context})


def _scope(request):
    """Every tab defaults to the evaluations the bureau has received (a draft, perhaps with errors, is not set beside
    an accepted one), so that moving between tabs keeps what they count; a status asked for is kept."""
    scope = bureau_ids(request.user)
    risk_store.refresh_stale(scope)  # the risk scores the pages read: stale ones (a changed rule file) recomputed
    chosen, choices = read_filters(request.GET, scope, RECEIVED)
    return scope, chosen, choices


def _departments_page(request, scope, chosen, rows=None):
    """The departments of the rows `chosen` keeps (`rows`: those rows, when the caller has built them) in pages (by
    name), and their rows: a table of departments × years shows 50 departments at a time, with the columns (years)
    of all, and says why a cell is empty where the department has an evaluation of that year that the filters leave
    out."""
    statement = rows_statement(scope, chosen.as_filters())
    if statement is None:  # a category chosen: built as ever
        rows = rows if rows is not None else evaluation_rows(scope, **chosen.as_filters())
        departments = Department.objects.filter(pk__in=rows.values("department_id")).only("id", "name") \
            .order_by("name", "pk")
        page, page_query = paged(request, departments)
        years = table_years(rows, chosen.year)
    else:  # the page, its count and the years by statements compiled once per process
        page, page_query = kept_page(request, departments_of_rows, *statement)
        years = sorted(lookups.kept(years_of_rows, *statement))
    shown, not_shown = department_cells(scope, [d.pk for d in page.object_list], years, chosen)
    table = figures.matrix(shown, years)
    table.not_shown = not_shown
    return table, {"page": page, "page_query": page_query}


@role_required(Role.FINANCE_REVIEWER)
def index(request):
    scope, chosen, choices = _scope(request)
    table, paging = _departments_page(request, scope, chosen)  # its rows' statements kept: the queryset not built
    return _page(request, "index", {"matrix": table, **paging}, chosen, choices,
                 [table.chart()] if table.lines else [])


@role_required(Role.FINANCE_REVIEWER)
def rankings(request):
    scope, chosen, choices = _scope(request)
    by = request.GET.get("by", "score")
    by = by if by in figures.RANKINGS else "score"
    # a ranking compares departments within one year: the latest one with scores unless the filter names another
    year = chosen.year if chosen.year is not None else _latest_scored_year(scope, chosen.as_filters())
    year = year if year is not None else (choices.years[0] if choices.years else None)
    filters = {**chosen.as_filters(), "year": year}
    page, ranked, top = figures.ranking_page(lambda: evaluation_rows(scope, **filters), by, request.GET.get("page"),
                                             PAGE_SIZE, rows_statement(scope, filters))
    charts = [figures.ranking_chart(top, by)] if top else []
    return _page(request, "rankings", {"ranked": ranked, "by": by, "rankings": figures.RANKING_LABELS, "year": year,
                                       "page": page, "page_query": without_page(request)}, chosen, choices, charts)


def _latest_scored_year(scope, filters: dict) -> int | None:
    """`latest_scored_year` of the rows of every year, by a statement compiled once per process where it can be."""
    statement = rows_statement(scope, {**filters, "year": None})
    if statement is None:
        return latest_scored_year(evaluation_rows(scope, **{**filters, "year": None}))
    return next(iter(lookups.kept(kept_latest_scored_year, *statement)), None)


@role_required(Role.FINANCE_REVIEWER)
def trends(request):
    scope, chosen, choices = _scope(request)
    def rows():  # built only when the figures are computed, or their statement is not kept
        return evaluation_rows(scope, **chosen.as_filters())

    lines = kept("trend", rows, lambda: figures.trend(rows()), rows_statement(scope, chosen.as_filters()))
    table, paging = _departments_page(request, scope, chosen)
    charts = figures.trend_charts(lines) + [figures.department_trend_chart(table)] if lines else []
    return _page(request, "trends", {"lines": lines, "matrix": table, **paging}, chosen, choices, charts)


@role_required(Role.FINANCE_REVIEWER)
def distributions(request):
    scope, chosen, choices = _scope(request)
    filters = chosen.as_filters()
    rows = evaluation_rows(scope, **filters)
    projects = project_rows(scope, **filters)
    # grades and scores are those that count: how many of them the bureau's spot-check gave is said beside them
    grades, bins, unscored, project_grades, checks, reviewed = kept("distributions:counted", rows, lambda: (
        figures.grade_counts(rows), figures.histogram(rows), rows.filter(score=None).count(),
        figures.grade_counts(projects), figures.findings_by_check(finding_rows(scope, **filters)),
        figures.reviewed_counts(rows, projects)), rows_statement(scope, filters))
    charts = figures.distribution_charts(grades, bins, project_grades, checks) if grades else []
    return _page(request, "distributions", {"grades": grades, "bins": bins, "project_grades": project_grades,
                                            "checks": checks, "unscored": unscored, "reviewed": reviewed},
                 chosen, choices, charts)
