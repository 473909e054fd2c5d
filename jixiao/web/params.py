"""Reading numbers a request sends: a value that is not a number is the default, never a server error."""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the years an evaluation may be for


def integer(text, default: int = 0) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def year(text) -> int | None:
    """The year typed, or None when it is not a plausible evaluation year."""
    value = integer(text)
    return value if FIRST_YEAR <= value <= LAST_YEAR else None


SEARCH_LENGTH = 50  # characters of a search box kept: longer text names nothing (names are at most 100)


def search_words(request) -> str:
    """A list's search box (GET `q`, or the POST field a list's buttons carry to keep it), trimmed."""
    return (request.GET.get("q") or request.POST.get("q") or "").strip()[:SEARCH_LENGTH]
