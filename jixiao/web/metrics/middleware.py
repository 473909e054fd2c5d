"""One access line and one latency observation per request. It sits right after the request id middleware, so that
its figures include every other middleware, and the line carries the id the response's X-Request-ID header shows."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.urls import Resolver404, resolve

from . import instruments

access_log = logging.getLogger("jixiao.access")


def view_of(request) -> str:
    """The URL's name (`evaluations:detail`): a bounded set of labels, unlike paths with ids in them. A response
    given before the view was chosen is named by its URL too (a sign-in step's redirect), static files are
    `static`, and a path no URL matches is `unmatched`."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return "unmatched"


class RequestMetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)  # an exception below is a 500 response by now (Django's handler)
        seconds = time.perf_counter() - started
        view = view_of(request)
        instruments.observe(view, request.method, response.status_code, seconds)
        duration_ms = round(seconds * 1000, 1)
        access_log.info("%s %s %s %.1f ms (%s)", request.method, request.path, response.status_code, duration_ms,
                        view, extra={"method": request.method, "path": request.path, "view": view,
                                     "status": response.status_code, "duration_ms": duration_ms})
        return response
