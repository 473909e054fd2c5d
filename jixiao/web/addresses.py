"""Addresses of views taking one primary key, for rows drawn in Python: Django's `reverse` costs about as much as
drawing the row, and a list page reverses the same view once a row (issue 11)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.urls import reverse

_MARKER = 987654321  # no primary key of a list page's row: it marks where the key goes


@lru_cache(maxsize=64)
def by_pk(name: str) -> Callable[[int], str]:
    """A function from a primary key to the view's address, reversed once per process: the URLconf and the prefix
    the site is served under (SCRIPT_NAME) are the same for every request of a deployment."""
    template = reverse(name, args=[_MARKER]).replace(str(_MARKER), "{}")
    return lambda pk: template.format(int(pk))
