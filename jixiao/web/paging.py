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
