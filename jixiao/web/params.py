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
