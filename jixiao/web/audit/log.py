"""Writing to the audit trail from views and services. Every event joins the hash chain (chain.py)."""

from __future__ import annotations

import ipaddress
import json
from functools import lru_cache

from django.conf import settings
from django.http import Http404

from .chain import append
from .models import Action, AuditEvent


def client_ip(request) -> str | None:
    """The address a request came from. Behind a proxy of ours (JIXIAO_TRUSTED_PROXIES) every request has the proxy's
    address, so pausing logins per address would pause everyone: the client is then the last address of
    X-Forwarded-For that is not one of our proxies (addresses before it are the client's own say, not believed)."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR")
    proxies = _networks(tuple(getattr(settings, "JIXIAO_TRUSTED_PROXIES", ())))
    if not proxies or not _within(remote, proxies):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if not _within(address, proxies):
            return address if _valid(address) else remote
    return remote


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _valid(address: str | None) -> bool:
    try:
        ipaddress.ip_address(address or "")
        return True
    except ValueError:
        return False


def _within(address: str | None, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _username(request) -> str:
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else ""


def record(action: str, request=None, username: str = "", **fields) -> AuditEvent:
    if not username and request is not None:
        username = _username(request)
    for name in ("object_id", "field"):
        if name in fields:
            fields[name] = str(fields[name])[: AuditEvent._meta.get_field(name).max_length]
    return append([AuditEvent(action=action, username=username, ip=client_ip(request), **fields)])[0]


def record_changes(request, object_type: str, object_id, changes: list[tuple[str, object, object]]) -> None:
    """One event per changed field: path, old value, new value. A row added or removed whole (documents.diff) is one
    event whose value is the row as stored, in JSON (its Chinese as written)."""
    username, ip = _username(request) if request is not None else "", client_ip(request)
    append([
        AuditEvent(action=Action.CHANGE, username=username, ip=ip, object_type=object_type, object_id=str(object_id),
                   field=path[:300], old_value=_stored(old), new_value=_stored(new))
        for path, old, new in changes
    ])


def _stored(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def denied(request, what: str) -> None:
    record(Action.PERMISSION_DENIED, request, detail=f"{request.method} {request.path}：{what}")


def visible_or_404(request, scope, pk, refusal: str, missing: str):
    """The object of `scope` (a queryset already limited to what the user may see) with this pk, else 404; when the
    object exists outside the user's scope the attempt is logged, so probing for other bureaus' ids leaves a trace."""
    found = scope.filter(pk=pk).first()
    if found is None:
        if scope.model._default_manager.filter(pk=pk).exists():
            denied(request, refusal)
        raise Http404(missing)
    return found


def allowed_or_404(request, found, allowed: bool, refusal: str, missing: str):
    """`visible_or_404` for a row read by its key alone (`web.lookups`) whose scope was then asked in Python:
    `allowed` says whether the user's scope holds it."""
    if found is not None and allowed:
        return found
    if found is not None:
        denied(request, refusal)
    raise Http404(missing)


def exported(request, object_type: str, object_id, what: str) -> None:
    """A download or export: who took which object out of the system, and in what form."""
    record(Action.EXPORT, request, object_type=object_type, object_id=object_id, detail=what)
