"""A request id on every request, response and log line, so that a user who reads "请求编号 3f2a…" on an error page
and the administrator reading the log are talking about the same request."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

_CURRENT: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_GIVEN = re.compile(r"[A-Za-z0-9._-]{8,64}")  # an id a proxy in front already gave the request


def current() -> str:
    return _CURRENT.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if _GIVEN.fullmatch(given) else uuid.uuid4().hex[:16]
        token = _CURRENT.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _CURRENT.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record (‘-’ outside a request: the worker, commands)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "id", None) or current()
        return True
