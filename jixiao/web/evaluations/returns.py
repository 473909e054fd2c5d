"""Who returned an evaluation, and when: "已退回修改" alone does not tell the preparer whether the department's
reviewer or the finance bureau wants changes. Read from the latest workflow event, in the same query as the list."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from .models import WorkflowEvent

RETURNED_BY = {"return_department": "部门退回", "return_finance": "财政退回"}


def with_last_event(evaluations: QuerySet) -> QuerySet:
    """`last_action` and `last_action_at` of each evaluation (None without any workflow event)."""
    latest = WorkflowEvent.objects.filter(evaluation=OuterRef("pk")).order_by("-created", "-id")
    return evaluations.annotate(last_action=Subquery(latest.values("action")[:1]),
                                last_action_at=Subquery(latest.values("created")[:1]))
