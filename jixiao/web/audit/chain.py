"""The audit log as a hash chain.

Each event stores the previous event's hash and its own: SHA-256 over a canonical serialisation of its fields and
the previous hash. Changing, inserting or removing an event anywhere before the last one breaks every link after
it, which `verify` finds and names.

Writers append under a lock held until their transaction ends (PostgreSQL: a transaction-level advisory lock;
SQLite: its single write lock, taken at once by a no-op write), so each reads the head the previous writer
committed. The UNIQUE constraint on previous_hash is the last line: should two writers ever read the same head,
the second insert fails instead of forking the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connections, router, transaction
from django.utils import timezone

GENESIS = "0" * 64
_ADVISORY_KEY = 7_410_301  # any constant: the one PostgreSQL advisory lock that serialises audit writers

FIELDS = ("seq", "time", "username", "ip", "action", "object_type", "object_id", "field", "old_value", "new_value",
          "detail", "previous_hash")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return str(value)


def canonical(event) -> bytes:
    """The fields in a fixed order as a JSON array of strings: no ambiguity about where one field ends."""
    return json.dumps([_text(getattr(event, name)) for name in FIELDS], ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def digest(event) -> str:
    return hashlib.sha256(canonical(event)).hexdigest()


def _lock(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_KEY])
        elif connection.vendor == "sqlite":
            # A write statement takes SQLite's write lock for the rest of the transaction even when it matches
            # no row (and so fires no trigger); reads after it see every committed event.
            cursor.execute("UPDATE audit_auditevent SET id = id WHERE 0 = 1")


def _head(model) -> tuple[int, str]:
    last = model.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last is not None else (0, GENESIS)


def append(events: list) -> list:
    """Give each new event its place in the chain and write them, in one transaction."""
    if not events:
        return events
    model = type(events[0])
    alias = router.db_for_write(model)
    with transaction.atomic(using=alias):
        _lock(connections[alias])
        seq, previous = _head(model)
        now = timezone.now()
        for event in events:
            seq += 1
            event.seq, event.time, event.previous_hash = seq, now, previous
            event.hash = previous = digest(event)
        model.objects.using(alias).bulk_create(events)
    return events


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int
    time: datetime
    reason: str


@dataclass(frozen=True)
class Verification:
    count: int
    head: str
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _walk(events: Iterable) -> Iterator[tuple[object, str | None]]:
    """Each event with what is wrong with it, if anything."""
    expected_seq, expected_previous = 1, GENESIS
    for event in events:
        if event.seq != expected_seq:
            yield event, f"序号应为 {expected_seq}，实为 {event.seq}（其前的事件被删除或插入）"
        elif event.previous_hash != expected_previous:
            yield event, "所记前一事件哈希与前一事件不符（前一事件被改动、删除或插入）"
        elif digest(event) != event.hash:
            yield event, "内容与其哈希不符（该事件被改动）"
        else:
            yield event, None
        expected_seq, expected_previous = event.seq + 1, event.hash


def verify(model=None) -> Verification:
    """Walk the whole chain in order and stop at the first broken event."""
    if model is None:
        from .models import AuditEvent as model
    count, head = 0, GENESIS
    for event, reason in _walk(model.objects.order_by("seq").iterator(chunk_size=2000)):
        if reason is not None:
            return Verification(count, head, Break(event.seq, event.pk, event.time, reason))
        count, head = count + 1, event.hash
    return Verification(count, head, None)
