"""The page cache's middleware, innermost: it looks a page up once the address is resolved (process_view), and keeps
the page the view drew when nothing but its key went into it. See the package docstring."""

from __future__ import annotations

import hashlib
import json
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse

from jixiao.io import rule_files, scheme_files

from . import _DO_NOT_KEEP, READ_TABLES, revision

log = logging.getLogger("jixiao.pagecache")

# Never kept: signing in and out and the code step (pages of a session being made); the authenticator's enrolment,
# which shows its secret (a secret is not copied into memory that outlives the request).
SKIPPED_PREFIXES = ("/static/", "/health/", "/metrics", "/accounts/login", "/accounts/logout", "/accounts/two-factor")
MAX_BYTES = 2 * 1024 * 1024
SESSION_NOISE = frozenset({"_jx_seen"})  # the idle timeout's last-seen minute: changes no page


class ReadTablesMiddleware:
    """Outermost but for the request id and metrics: notes every tracked table the request's statements name (the
    session, user and role lookups of the middleware around the view included), so that the page is kept under the
    revisions of exactly those tables (PageCacheMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = getattr(settings, "JIXIAO_PAGE_CACHE", False)

    def __call__(self, request):
        pattern = _table_pattern() if self.enabled and request.method == "GET" else None
        if pattern is None:
            return self.get_response(request)
        read: set[str] = set()
        request._jx_read_tables = read
        token = READ_TABLES.set(read)
        try:
            with connection.execute_wrapper(noting(pattern, read)):
                return self.get_response(request)
        finally:
            READ_TABLES.reset(token)


def noting(pattern, read: set[str]):
    """An execute wrapper adding to `read` the tracked tables each statement names."""
    def note(execute, sql, params, many, context):
        read.update(_named(pattern, str(sql)))
        return execute(sql, params, many, context)
    return note


_NAMED: dict[tuple, frozenset[str]] = {}  # (pattern, statement) → the tracked tables it names
_NAMED_MOST = 4096


def _named(pattern, sql: str) -> frozenset[str]:
    """The tracked tables `sql` names, found once per process for each statement's text: a page's statements are
    mostly the same texts at every drawing, and the pattern of every tracked table's name scanned over each cost a
    signed-in page ~0.1 ms (a report's own statement, 1.4 KB of column names, most of it)."""
    key = (pattern, sql)
    found = _NAMED.get(key)
    if found is None:
        if len(_NAMED) >= _NAMED_MOST:  # statements with values written in (a long IN list): start again
            _NAMED.clear()
        found = _NAMED[key] = frozenset(pattern.findall(sql))
    return found


_PATTERN: list = []


def _table_pattern():
    """The tracked tables' names as one pattern, made once per process (tables change with migrations, which
    restart the application); None while the database has no table revisions (not migrated)."""
    if not _PATTERN:
        try:
            if revision.TABLE not in connection.introspection.table_names():
                return None
            _PATTERN.append(revision.table_pattern(revision.tracked_tables(connection)))
        except DatabaseError:
            return None
    return _PATTERN[0]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = getattr(settings, "JIXIAO_PAGE_CACHE", False)

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        marker = []
        token = _DO_NOT_KEEP.set(marker)
        try:
            response = self.get_response(request)
        finally:
            _DO_NOT_KEEP.reset(token)
        key = getattr(request, "_jx_page_key", None)
        if key is not None:
            reason = _not_kept_because(request, response, marker)
            if reason is None:
                before = request._jx_page_revisions
                depends = {t: before.get(t, 0) for t in request._jx_read_tables | {revision.EVERYTHING}}
                caches["pages"].set(key, (depends, response.status_code, response.content, list(response.items())))
            else:
                log.debug("page not kept: %s (%s)", reason, request.path)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self.enabled or not _eligible(request, view_func):
            return None
        try:
            revisions = revision.revisions(connection)
        except DatabaseError:  # not migrated yet: pages are drawn as without the cache (migrate says what to do)
            log.warning("page cache: no table revisions in the database (run migrate)", exc_info=True)
            return None
        request._jx_page_revisions = revisions
        request._jx_page_key = _key(request)
        kept = caches["pages"].get(request._jx_page_key)
        if kept is None or not _still_current(kept[0], revisions):
            return None
        request._jx_page_key = None  # served: nothing to keep
        _, status, content, headers = kept
        response = HttpResponse(content, status=status)
        for header, value in headers:
            response[header] = value
        response["X-Page-Cache"] = "hit"
        return response


def _still_current(depends: dict[str, int], revisions: dict[str, int]) -> bool:
    """No table the kept page read has been written since it was drawn."""
    return all(revisions.get(table, 0) == n for table, n in depends.items())


def _eligible(request, view_func) -> bool:
    if request.method != "GET" or getattr(view_func, "page_cache_exempt", False):
        return False
    if request.path.startswith(SKIPPED_PREFIXES) or _fresh_asked(request):
        return False
    session = request.session
    if not session.session_key:
        # a visitor without a session (the public pages): one page for every such visitor with the same CSRF cookie
        # or none, kept only when its drawing made no session and no cookie (_not_kept_because); a stale session
        # cookie would be deleted by the answer, which a kept copy does not do
        return settings.SESSION_COOKIE_NAME not in request.COOKIES and not request.COOKIES.get("messages")
    # signed in, without both cookies the page would make new ones, which a kept copy could not hand out
    if not request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return False
    # messages are shown once (an emptied message cookie may still be sent, as "")
    return not request.COOKIES.get("messages") and not session.get("_messages")


def _fresh_asked(request) -> bool:
    asked = f"{request.headers.get('Cache-Control', '')},{request.headers.get('Pragma', '')}".lower()
    return "no-cache" in asked or "no-store" in asked or "max-age=0" in asked


_RULES_SEEN = [0.0, ()]  # when the rule and scheme files were last looked at, and what was found


def _rules_signature() -> tuple:
    """The rule and scheme files in force (a bureau may edit them while the application runs: the pages show their
    effect at once, so a page kept under the old files is not served), looked at most once a second, as the
    scheme library itself is (evaluations.services)."""
    if time.monotonic() - _RULES_SEEN[0] >= 1:
        _RULES_SEEN[:] = [time.monotonic(), (rule_files.files_signature(), scheme_files.files_signature())]
    return _RULES_SEEN[1]


def _key(request) -> str:
    """What the page depends on besides the tables it reads (kept with it and compared when it is looked up)."""
    session = {k: v for k, v in request.session.items() if k not in SESSION_NOISE}
    parts = [
        _rules_signature(), int(time.time() // 60), request.session.session_key,
        json.dumps(session, sort_keys=True, default=str), request.COOKIES.get(settings.CSRF_COOKIE_NAME),
        request.get_host(), request.scheme, request.get_full_path(),
        sorted((k, v) for k, v in request.headers.items() if k.lower().startswith("hx-")),
    ]
    return "page:" + hashlib.blake2b(json.dumps(parts, default=str).encode(), digest_size=20).hexdigest()


def _sets_cookies(request, response) -> bool:
    """A cookie set, other than the CSRF cookie renewed with the value the request sent: Django's `csrf_protect` on a
    view (the password form) renews it at every drawing, and a kept copy serves tokens of that same value (unrenewed,
    as every page the cache serves)."""
    names = set(response.cookies)
    if not names <= {settings.CSRF_COOKIE_NAME}:
        return True
    return bool(names) and response.cookies[settings.CSRF_COOKIE_NAME].value != request.COOKIES.get(
        settings.CSRF_COOKIE_NAME)


def _not_kept_because(request, response, marker) -> str | None:
    """Why the page just drawn is not kept, or None."""
    if marker:
        return "drawn with the clock or marked not to keep"
    if response.status_code != 200 or response.streaming or _sets_cookies(request, response):
        return "not a plain 200 answer"
    if not response.get("Content-Type", "").startswith("text/html") or len(response.content) > MAX_BYTES:
        return "not an HTML page of a size to keep"
    if request.session.modified:
        return "the session changed"
    if request.META.get("CSRF_COOKIE") != request.COOKIES.get(settings.CSRF_COOKIE_NAME):
        return "a new CSRF cookie"
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or messages._queued_messages):
        return "messages shown or queued"
    if getattr(request, "_jx_read_tables", None) is None:
        return "the tables it read are not known (ReadTablesMiddleware)"
    # the page was drawn from one state of the data: a write committed meanwhile may be half in it; and a page whose
    # drawing wrote (an audited view) is drawn each time, so that each view writes
    if revision.revisions(connection) != request._jx_page_revisions:
        return "the data changed while it was drawn"
    return None
