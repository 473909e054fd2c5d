"""The page cache: a page drawn for a session, or for a visitor of the public portal without one, is kept and served
again, unchanged, until anything it could show changes. Most pages cost many times what the stack around them costs (issue 11: every page within 3× of /health/);
a page shown again with nothing changed costs a lookup.

What a kept page depends on (middleware.py): the revisions, read before the page is drawn, of the tables its SQL
named while it was drawn (every committed write to a table moves its revision: revision.py), and its key: the
session (its key and its data), the CSRF cookie (the page's forms carry a token made from it), the address with its
query, the htmx headers, the host, the rule and scheme files in force and the minute. A page is kept only when it is
an ordinary 200 HTML answer drawn with nothing else involved: no message shown or queued, no cookie set, the session
unchanged, the clock not read for its content (`now()`), no table written while it was drawn. A request that asks for a fresh page (Cache-Control: no-cache, a browser's forced
reload) gets one. Settings: JIXIAO_PAGE_CACHE=0 turns it off; JIXIAO_PAGE_CACHE_ENTRIES (default 300) pages per process.

The cache is each process's memory (Django's local-memory cache, "pages"): nothing is shared between processes, so
a restart empties it. `jixiao restore` moves every page's revision past the replaced data's (revision.advance_past); a
database restored by other means goes back to an older revision: restart the application then (docs/deployment.md).
"""

from __future__ import annotations

import contextvars

from django.utils import timezone

_DO_NOT_KEEP: contextvars.ContextVar[list | None] = contextvars.ContextVar("jx_page_do_not_keep", default=None)
# the tables the request's statements named so far (middleware.ReadTablesMiddleware): a fragment served from the
# fragment cache adds those it read when it was drawn (fragments.py), so that the page kept around it depends on them
READ_TABLES: contextvars.ContextVar[set | None] = contextvars.ContextVar("jx_page_read_tables", default=None)


def now():
    """The time, for content that depends on it (a worker's last heartbeat, seconds elapsed): the page that shows it
    is not kept."""
    no_store()
    return timezone.now()


def no_store(response=None):
    """Marks the page being drawn as one not to keep; returns `response` (so a view can `return no_store(r)`)."""
    marker = _DO_NOT_KEEP.get()
    if marker is not None:
        marker.append(True)
    return response


def exempt(view):
    """A view whose pages are never kept nor served from the cache."""
    view.page_cache_exempt = True
    return view
