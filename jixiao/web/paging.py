"""Long lists in pages (a province has thousands of departments): Django's Paginator, with the query string that
keeps the page's other filters for the links to the previous and next page (templates/pagination.html)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

PAGE_SIZE = 50


def paged(request, items, size: int = PAGE_SIZE) -> tuple[Page, str]:
    """The page of `items` (a queryset: only that page's rows are read) the `page` parameter asks for — the first
    for anything that is not a page number, the last beyond it — and the query string without `page`."""
    return Paginator(items, size).get_page(request.GET.get("page")), without_page(request)


def without_page(request) -> str:
    """The request's query string without `page`, for the links to other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def kept_page(request, build, values: tuple = (), fixed: tuple = (), size: int = PAGE_SIZE) -> tuple[Page, str]:
    """`paged(request, build(*values, *fixed))` with its two statements (the count and the page's rows) compiled
    once per process (lookups.kept_count, lookups.kept_slice): a list's page is built and compiled afresh otherwise,
    ~a tenth of its drawing. The same page: the rows, numbers and links `paged` gives."""
    from jixiao.web import lookups

    paginator = Paginator([], size)
    paginator.count = lookups.kept_count(build, values, fixed)  # a cached property, given rather than counted
    page = paginator.get_page(request.GET.get("page"))
    low, high = page.start_index() - 1, page.end_index()
    page.object_list = lookups.kept_slice(build, values, fixed, low, high) if high else []
    return page, without_page(request)
