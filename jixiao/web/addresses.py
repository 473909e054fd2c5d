"""Addresses of views taking one primary key, for rows drawn in Python: Django's `reverse` costs about as much as
drawing the row, and a list page reverses the same view once a row (issue 11)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

_MARKER = 987654321  # no primary key of a list page's row: it marks where the key goes
_KEY_MARKER = "jixiao-key-marker"  # no page key either: where the key goes


@lru_cache(maxsize=64)
def by_pk(name: str) -> Callable[[int], str]:
    """A function from a primary key to the view's address, reversed once per process: the URLconf and the prefix
    the site is served under (SCRIPT_NAME) are the same for every request of a deployment."""
    template = reverse(name, args=[_MARKER]).replace(str(_MARKER), "{}")
    return lambda pk: template.format(int(pk))


@lru_cache(maxsize=64)
def by_pk_and_key(name: str) -> Callable[[int, str], str]:
    """As `by_pk`, for a view taking a primary key and a text key (an evaluation's entry page: profile, project-3):
    the key quoted as `reverse` quotes it."""
    template = reverse(name, args=[_MARKER, _KEY_MARKER]).replace(str(_MARKER), "{0}").replace(_KEY_MARKER, "{1}")
    return lambda pk, key: template.format(int(pk), quote(str(key), safe=RFC3986_SUBDELIMS + "~:@"))
