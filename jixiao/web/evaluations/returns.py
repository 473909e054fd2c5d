"""Who returned an evaluation, and when: "已退回修改" alone does not tell the preparer whether the department's
reviewer or the finance bureau wants changes. The workflow's last event says which, so every page names a returned
evaluation by it — 部门退回修改 or 财政退回修改, the names of the two returns (transitions.TRANSITIONS) — in its lists,
headers and status filters alike. Read from the latest workflow event, in the same query as the list."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from .models import Status, WorkflowEvent
from .transitions import TRANSITIONS

# each return's action → its name, in the workflow's order (the department's return first)
RETURNED_BY = {action: label for action, (_, target, label, _) in TRANSITIONS.items() if target == Status.RETURNED}


def return_from(from_status: str) -> str | None:
    """The name of the return that leaves `from_status` (submitted: 部门退回修改, with_finance: 财政退回修改), for a
    record that keeps the statuses but not the action (the audit trail); None when no return leaves it."""
    return next((name for action, name in RETURNED_BY.items() if from_status in TRANSITIONS[action][0]), None)


def _latest(evaluation_field: str) -> QuerySet:
    return WorkflowEvent.objects.filter(evaluation=OuterRef(evaluation_field)).order_by("-created", "-id")


def with_last_event(evaluations: QuerySet) -> QuerySet:
    """`last_action` and `last_action_at` of each evaluation (None without any workflow event)."""
    latest = _latest("pk")
    return evaluations.annotate(last_action=Subquery(latest.values("action")[:1]),
                                last_action_at=Subquery(latest.values("created")[:1]))


def with_last_action(rows: QuerySet, evaluation_field: str = "evaluation_id") -> QuerySet:
    """`last_action` of rows that refer to an evaluation (the analytics projection's), for `status_name`."""
    return rows.annotate(last_action=Subquery(_latest(evaluation_field).values("action")[:1]))


def status_name(status: str, last_action: str | None) -> str:
    """A status as every page names it: a returned evaluation by who returned it (only a return makes one, so its
    last workflow event is that return); the status's own label otherwise."""
    if status == Status.RETURNED and last_action in RETURNED_BY:
        return RETURNED_BY[last_action]
    return Status(status).label


def status_of(evaluation) -> str:
    """`status_name` of an evaluation: its `last_action` when `with_last_event` read it, else one query (returned
    evaluations only)."""
    if evaluation.status != Status.RETURNED:
        return evaluation.get_status_display()
    action = getattr(evaluation, "last_action", None) or \
        evaluation.events.order_by("-created", "-id").values_list("action", flat=True).first()
    return status_name(evaluation.status, action)


def named_events(events: list) -> list:
    """Workflow events, newest first, with `from_name` and `to_name`: a return names the status it makes by itself,
    the step after a return the status it leaves by the event before it (the next in the list; without it, the
    status's own label)."""
    for event, older in zip(events, [*events[1:], None]):
        event.to_name = status_name(event.to_status, event.action)
        event.from_name = status_name(event.from_status, older.action if older is not None else None)
    return events


def status_choices() -> list[tuple[str, str]]:
    """The status filter's choices (key, name) in the workflow's order: a return's two names where 已退回修改 is."""
    choices: list[tuple[str, str]] = []
    for value, label in Status.choices:
        choices += list(RETURNED_BY.items()) if value == Status.RETURNED else [(value, label)]
    return choices


# Both returns together: what 已退回修改 meant before it had two names (links saved then still say status=returned)
RETURNED_EITHER = (Status.RETURNED.value, "部门或财政退回修改")


def filter_choices() -> list[tuple[str, str]]:
    """The status filter's choices: `status_choices`, and after a return's two names both together."""
    choices = status_choices()
    last = max(i for i, (key, _) in enumerate(choices) if key in RETURNED_BY)
    return [*choices[:last + 1], RETURNED_EITHER, *choices[last + 1:]]


def filter_status(rows: QuerySet, key: str, evaluation_field: str = "pk") -> QuerySet:
    """`rows` (evaluations, or rows with a `status` and an evaluation) of the status filter's `key`: a return's key
    narrows 已退回修改 to who returned it, `returned` keeps both; a key that is no choice filters nothing."""
    if key in RETURNED_BY:
        returned = rows.filter(status=Status.RETURNED)
        return returned.annotate(returned_by=Subquery(_latest(evaluation_field).values("action")[:1])) \
            .filter(returned_by=key)
    if key in dict(filter_choices()):
        return rows.filter(status=key)
    return rows


def counts_by_status(evaluations: QuerySet, counts: dict[str, int] | None = None,
                     returned_by=None) -> list[tuple[str, int]]:
    """(name, how many) of `evaluations` for each status filter choice, a return's by who returned it; `counts`:
    how many of each status, when the caller has them; `returned_by`: a function giving the returned ones' counts
    by their last action (`returned_counts` of them), when the caller reads them its own way."""
    from django.db.models import Count

    if counts is None:
        counts = dict(evaluations.order_by().values_list("status").annotate(n=Count("id")))
    returned = {} if not counts.get(Status.RETURNED) else \
        dict(returned_by() if returned_by is not None else returned_counts(evaluations))
    return [(name, returned.get(key, 0) if key in RETURNED_BY else counts.get(key, 0))
            for key, name in status_choices()]


def returned_counts(evaluations: QuerySet) -> QuerySet:
    """(last action, how many) of `evaluations` returned: how many each return sent back."""
    from django.db.models import Count

    return with_last_event(evaluations.filter(status=Status.RETURNED)).order_by() \
        .values_list("last_action").annotate(n=Count("id"))
