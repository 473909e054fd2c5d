"""`/metrics` in Prometheus's text format, for this machine's web processes (summed) and the shared database.

It is for the monitoring system, not the public: it answers requests from this machine that came through no proxy
(no X-Forwarded-For, X-Real-IP or Forwarded header: behind nginx on the same machine every visitor's request comes
from 127.0.0.1 too), and any request with `Authorization: Bearer <JIXIAO_METRICS_TOKEN>` when that is set. Everyone
else gets 403.
"""

from __future__ import annotations

import hmac
import ipaddress
import os

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from . import instruments  # names the directory before prometheus_client is imported below
from .collectors import DatabaseCollector, InfoCollector

from prometheus_client import CollectorRegistry, ProcessCollector, generate_latest  # noqa: E402
from prometheus_client.multiprocess import MultiProcessCollector  # noqa: E402

PROXY_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")
TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8"  # the classic text format every Prometheus reads
REFUSED = "无权读取运行指标：仅限本机直接访问，或携带令牌（Authorization: Bearer，见 JIXIAO_METRICS_TOKEN）。\n"


def allowed(request) -> bool:
    token = os.environ.get("JIXIAO_METRICS_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if any(request.headers.get(header) for header in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:  # a unix socket gives no address: the proxy in front decides, so refuse
        return False


@require_GET
def metrics(request):
    if not allowed(request):
        return HttpResponse(REFUSED, status=403, content_type="text/plain; charset=utf-8")
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(instruments.DIRECTORY))
    ProcessCollector(registry=registry)  # the answering process's memory, CPU and open files
    registry.register(InfoCollector())
    registry.register(DatabaseCollector())
    response = HttpResponse(generate_latest(registry), content_type=TEXT_FORMAT)
    response["Cache-Control"] = "no-store"
    return response
