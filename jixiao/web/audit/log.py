"""Writing to the audit trail from views and services."""

from __future__ import annotations

from .models import Action, AuditEvent


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(action: str, request=None, username: str = "", **fields) -> AuditEvent:
    if not username and request is not None and request.user.is_authenticated:
        username = request.user.get_username()
    return AuditEvent.objects.create(action=action, username=username, ip=client_ip(request), **fields)


def record_changes(request, object_type: str, object_id, changes: list[tuple[str, object, object]]) -> None:
    """One event per changed field: path, old value, new value."""
    username = request.user.get_username() if request is not None and request.user.is_authenticated else ""
    ip = client_ip(request)
    AuditEvent.objects.bulk_create([
        AuditEvent(action=Action.CHANGE, username=username, ip=ip, object_type=object_type, object_id=str(object_id),
                   field=path[:300], old_value="" if old is None else str(old), new_value="" if new is None else str(new))
        for path, old, new in changes
    ])


def denied(request, what: str) -> None:
    record(Action.PERMISSION_DENIED, request, detail=f"{request.method} {request.path}：{what}")
