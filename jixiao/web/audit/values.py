"""Stored values in words: the document keeps codes (`output`, `general_public`, `True`) and the workflow statuses
(`with_finance`); the audit log and the version comparison show 产出指标, 一般公共预算, 是, 部门已审核，待财政审核.
The code stays beside the word (the pages put it in a title), so nothing the record holds is hidden."""

from __future__ import annotations

from typing import NamedTuple

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


# ------------------------------------------------------------------------- the bureau's budget decisions (结果应用)
# A decision's event: object "evaluation pk:row key" (16:project-2), field "row key.name" (project-2.choice).
DECISION_FIELDS = {"choice": "财政决定", "amount": "决定金额（万元）", "reason": "理由"}
DECISION = "budget_decision"


def decision_field(field: str) -> str | None:
    return DECISION_FIELDS.get(field.rpartition(".")[2])


def decision_value(field: str, raw: str) -> str | None:
    """A decision's choice in words (调整金额), its amount as money (12,345.60); None for a reason, shown as typed."""
    from decimal import Decimal, InvalidOperation

    from jixiao.core.money import fmt_wan
    from jixiao.web.result_application.models import Choice

    name = field.rpartition(".")[2]
    if name == "choice":
        return dict(Choice.choices).get(raw)
    if name == "amount" and raw:
        try:
            return fmt_wan(Decimal(raw))
        except InvalidOperation:
            return None
    return None


def decision_subjects(events) -> dict[str, str]:
    """object id → the row's name (the project's, or the department's) as its decision keeps it, for the decisions
    among `events`: one query for a page."""
    from jixiao.web.result_application.models import Decision

    wanted = {e.object_id for e in events if e.object_type == DECISION}
    pairs = [(int(evaluation), key) for evaluation, _, key in (w.partition(":") for w in wanted)
             if evaluation.isdigit() and key]
    if not pairs:
        return {}
    found = Decision.objects.filter(evaluation_id__in={p[0] for p in pairs}, key__in={p[1] for p in pairs})
    return {object_id: subject for object_id, subject in
            ((f"{evaluation}:{key}", subject) for evaluation, key, subject in
             found.values_list("evaluation_id", "key", "subject")) if object_id in wanted}


def decision_object(object_id: str, subjects: dict[str, str]) -> str:
    """自评 16 · 项目“…” (the department's own row: 部门整体“…”); the row key when the decision is gone."""
    evaluation, _, key = object_id.partition(":")
    noun = "部门整体" if key == "department" else "项目"
    name = subjects.get(object_id)
    return f"自评 {evaluation} · {noun}“{name}”" if name else f"自评 {evaluation} · {key}"


# ------------------------------------------------------------------------- the bureau's spot-check scores (抽查复核)
SCORED = "spot_check"  # its events' values are bureau scores, stored to the column's 4 places (2.0000)


def score_value(raw: str) -> str | None:
    """A bureau score as people write it (2.0000 → 2, 5.1571 as it is); None for what is not a number."""
    from decimal import Decimal, InvalidOperation

    from jixiao.core.money import fmt_normalised

    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    shown = fmt_normalised(value)
    return shown if shown != raw else None


# ------------------------------------------------------------------------- evaluations, exports and imports by name
# An evaluation's event names it by number (自评 22), which nobody reading the log remembers: its department and
# year beside the number; a bureau's year file (打包下载 12) likewise, by its year and what it holds. A report audit
# (报告审核) is also what a preparer's import of the department's own tables is stored as: the log says which it was
# (从文件导入 has the department set). Each read once for a page of events.
EVALUATION, REPORT_AUDIT, EXPORT = "evaluation", "report_audit", "export"
IMPORTED = "从文件导入"


class EvaluationName(NamedTuple):
    name: str  # 通城县教育局 2023 年度
    department_generated: bool  # the demo made the department (演示生成), or only this year of a real one
    generated: bool


def _ids(events, object_type: str) -> set[int]:
    return {int(e.object_id) for e in events if e.object_type == object_type and e.object_id.isdigit()}


def evaluation_names(events) -> dict[str, EvaluationName]:
    """object id → the department and year of each evaluation among `events` (one query; a deleted one is absent)."""
    from jixiao.web.evaluations.models import Evaluation

    ids = _ids(events, EVALUATION)
    if not ids:
        return {}
    found = Evaluation.objects.filter(pk__in=ids).values_list("pk", "department__name", "year",
                                                              "department__generated", "generated")
    return {str(pk): EvaluationName(f"{name} {year} 年度", department_generated, generated)
            for pk, name, year, department_generated, generated in found}


def spot_check_names(events) -> dict[str, EvaluationName]:
    """object id → the department and year of the evaluation each spot-check among `events` rescored (one query): the
    trial's log said 抽查复核 1 and left the reader to find whose."""
    from jixiao.web.review.models import SpotCheck

    ids = _ids(events, SCORED)
    if not ids:
        return {}
    found = SpotCheck.objects.filter(pk__in=ids).values_list(
        "pk", "evaluation__department__name", "evaluation__year", "evaluation__department__generated",
        "evaluation__generated")
    return {str(pk): EvaluationName(f"{name} {year} 年度", department_generated, generated)
            for pk, name, year, department_generated, generated in found}


def export_names(events) -> dict[str, str]:
    """object id → what each bureau's year file among `events` holds, 2023 年度已接收自评压缩包 (one query; a job
    deleted since is absent). Its bureaus are not named: the job keeps only its user, whose bureaus may have
    changed since (the user is in the log's own column)."""
    from jixiao.web.bureau.models import ExportJob

    ids = _ids(events, EXPORT)
    if not ids:
        return {}
    kinds = dict(ExportJob.Kind.choices)
    return {str(pk): f"{year} 年度{kinds.get(kind, kind)}"
            for pk, year, kind in ExportJob.objects.filter(pk__in=ids).values_list("pk", "year", "kind")}


def imports(events) -> set[str]:
    """The object ids of the report audits among `events` that are a department's import, not a bureau's audit
    (one query)."""
    from jixiao.web.bureau.models import ReportAudit

    ids = _ids(events, REPORT_AUDIT)
    if not ids:
        return set()
    return {str(pk) for pk in ReportAudit.objects.filter(pk__in=ids, department__isnull=False)
            .values_list("pk", flat=True)}
