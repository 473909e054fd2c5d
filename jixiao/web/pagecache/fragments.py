"""Fragments of a page kept by the revisions of the tables they read: the page cache's own test (revision.py, a
kept page's `depends`), applied to one part of a page, so that a forced reload or another user's page (whose page
the page cache does not share) draws again only what is around the fragment. Issue 11: the audit log's and the
monitoring pages' grids were most of their cost, drawn afresh on every forced reload while nothing they show had
changed.

`kept(name, parts, draw)` is `draw()` — the first time, and again once any table whose rows it read has been written
(a statement naming the table: the page cache's ReadTablesMiddleware pattern) or the rule and scheme files change.
`parts` must hold everything else the fragment depends on: whose scope it shows, the filters asked for, whether it
is drawn editable. A fragment is not kept when its drawing read the clock or was marked not to keep
(pagecache.now, no_store), or when the data changed while it was drawn. A fragment served from here adds the tables
it depends on to the page's (READ_TABLES), so that the page kept around it is not served after they change.
Settings: off with the page cache (JIXIAO_PAGE_CACHE=0); kept in the page cache's memory ("pages").

A fragment of HTML is best kept as `Html` (its UTF-8 bytes) and its page drawn by `render`, which draws the page around
a marker and puts the bytes in its place: tens of kilobytes kept as text were decoded out of the cache, copied again
by each template level that joined them and encoded again into the answer, 1–2 M instructions of a page drawn afresh
(issue 11: the audit log, the monitoring overview and a monitoring report, 46–90 KB each)."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any, Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from . import _DO_NOT_KEEP, READ_TABLES, revision
from .middleware import _rules_signature, _still_current, _table_pattern, noting


def kept(name: str, parts: tuple, draw: Callable[[], Any]) -> Any:
    """`draw()`, or what it gave when nothing it read has changed since (see the module's docstring)."""
    pattern = _table_pattern() if getattr(settings, "JIXIAO_PAGE_CACHE", False) else None
    if pattern is None:
        return draw()
    try:
        before = revision.revisions(connection)
    except DatabaseError:
        return draw()
    key = "fragment:" + hashlib.blake2b(json.dumps([name, parts, _rules_signature()], default=str).encode(),
                                        digest_size=20).hexdigest()
    found = caches["pages"].get(key)
    if found is not None and _still_current(found[0], before):
        _depend_on(found[0])
        return found[1]
    read: set[str] = set()
    marker: list = []
    token = _DO_NOT_KEEP.set(marker)
    try:
        with connection.execute_wrapper(noting(pattern, read)):
            value = draw()
    finally:
        _DO_NOT_KEEP.reset(token)
    if marker:  # the page around it is not kept either
        outer = _DO_NOT_KEEP.get()
        if outer is not None:
            outer.append(True)
    elif revision.revisions(connection) == before:  # drawn from one state of the data
        caches["pages"].set(key, ({t: before.get(t, 0) for t in read | {revision.EVERYTHING}}, value))
    return value


def _depend_on(depends: dict[str, int]) -> None:
    read = READ_TABLES.get()
    if read is not None:
        read.update(t for t in depends if t != revision.EVERYTHING)


class Html:
    """HTML drawn once, kept as UTF-8 bytes, for `render` to put into its page as it is. Shown by any other drawing
    (a template rendered by other means), it is its text."""

    def __init__(self, text: str):
        self.data = text.encode()

    def __html__(self) -> SafeString:
        return mark_safe(self.data.decode())

    __str__ = __html__

    def __bool__(self) -> bool:
        return bool(self.data)


_MARKER = f"<!--jixiao-fragment-{secrets.token_hex(8)}-"  # a comment no page holds otherwise


def render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    """`django.shortcuts.render`, each `Html` among the context's values drawn as a marker and its bytes put in the
    marker's place in the encoded page (see the module's docstring)."""
    pieces, shown = [], dict(context)
    for name, value in context.items():
        if isinstance(value, Html):
            marker = f"{_MARKER}{len(pieces)}-->"
            pieces.append((marker.encode(), value.data))
            shown[name] = mark_safe(marker)
    data = render_to_string(template, shown, request).encode()
    for marker, piece in pieces:
        data = data.replace(marker, piece)
    return HttpResponse(data, status=status)
