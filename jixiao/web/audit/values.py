"""Stored values in words: the document keeps codes (`output`, `general_public`, `True`) and the workflow statuses
(`with_finance`); the audit log and the version comparison show 产出指标, 一般公共预算, 是, 部门已审核，待财政审核.
The code stays beside the word (the pages put it in a title), so nothing the record holds is hidden."""

from __future__ import annotations

from jixiao.core import docpath
from jixiao.core.labels import BUDGET_CATEGORIES, LEVEL1, LEVEL2, METHODS, TIERS
from jixiao.core.reports.tables import CONTINUITY, RECURRENCE

# the field (last key of a document path) → its codes and their words
CODED_FIELDS = {
    "level1": LEVEL1,
    "level2": LEVEL2,
    "method": METHODS,
    "tier": TIERS,
    "budget_category": BUDGET_CATEGORIES,
    "continuity": CONTINUITY,
    "recurrence": RECURRENCE,
}
ROLES_IN_GROUP = {"leader": "组长", "member": "成员"}  # evaluation_group[i].role
BOOLEANS = {"True": "是", "False": "否"}  # a flag as the audit trail stores it (str(True))


def _field(path: str) -> tuple[str, str]:
    """(the last key of `path`, the list it is in): ("role", "evaluation_group")."""
    try:
        steps = docpath.parse(path)
    except docpath.PathError:
        return "", ""
    keys = [s for s in steps if isinstance(s, str)]
    return (keys[-1], keys[-2] if len(keys) > 1 else "") if keys else ("", "")


def label(path: str, value: object) -> str | None:
    """The words for `value` stored at document `path`, or None when it is no code (a figure, a name, free text)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    key, parent = _field(path) if path else ("", "")
    if key == "role" and parent == "evaluation_group":
        return ROLES_IN_GROUP.get(value)
    if key in CODED_FIELDS:
        return CODED_FIELDS[key].get(value)
    return BOOLEANS.get(value)


def status_label(value: str, object_type: str = "evaluation", returned_from: str = "") -> str | None:
    """A workflow state in words, by the kind of object it is a state of (a goal set's "approved" is 审核通过, and
    its "submitted" is not an evaluation's). A returned evaluation is named as the pages name it, by who returned
    it: `returned_from` is the status its return left (submitted: 部门退回修改, with_finance: 财政退回修改); not known,
    it is 部门或财政退回修改, the status filter's name for either."""
    from jixiao.web.evaluations.models import Status
    from jixiao.web.evaluations.returns import RETURNED_EITHER, return_from
    from jixiao.web.goals.models import GoalStatus
    from jixiao.web.monitoring.models import Status as MonitoringStatus

    states = {"goal_set": GoalStatus, "monitoring_report": MonitoringStatus}.get(object_type, Status)
    if states is Status and value == Status.RETURNED:
        return return_from(returned_from) or RETURNED_EITHER[1]
    return dict(states.choices).get(value)


def returns_left(events) -> dict[int, str]:
    """seq → who returned it, for each of `events` that takes an evaluation on from a return (its old value is
    "returned"): the status that return left, from the evaluation's last return recorded before it (one query for
    a page of events)."""
    from .models import Action, AuditEvent

    leaving = [e for e in events if e.action == Action.WORKFLOW and e.object_type == "evaluation"
               and e.old_value == "returned"]
    if not leaving:
        return {}
    returns = AuditEvent.objects.filter(
        action=Action.WORKFLOW, object_type="evaluation", new_value="returned",
        object_id__in={e.object_id for e in leaving}, seq__lt=max(e.seq for e in leaving),
    ).order_by("seq").values_list("object_id", "seq", "old_value")
    by_object: dict[str, list[tuple[int, str]]] = {}
    for object_id, seq, old_value in returns:
        by_object.setdefault(object_id, []).append((seq, old_value))
    left = {}
    for event in leaving:
        earlier = [old for seq, old in by_object.get(event.object_id, []) if seq < event.seq]
        if earlier:
            left[event.seq] = earlier[-1]
    return left
