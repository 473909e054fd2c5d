"""Stored values in words: the document keeps codes (`output`, `general_public`, `True`) and the workflow statuses
(`with_finance`); the audit log and the version comparison show 产出指标, 一般公共预算, 是, 部门已审核，待财政审核.
The code stays beside the word (the pages put it in a title), so nothing the record holds is hidden."""

from __future__ import annotations

import json
import re
from typing import NamedTuple

from jixiao.core import docpath
from jixiao.core.cycle.goals import DIRECTIONS
from jixiao.core.labels import BUDGET_CATEGORIES, FIELDS, LEVEL1, LEVEL2, METHODS, TIERS
from jixiao.core.phrasing import shorten
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
    "direction": DIRECTIONS,  # a goal set's indicator (higher_better: ≥ 正向)
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


# ------------------------------------------------------------------------- goal sets and monitoring reports by name
# A trial read 运行监控 2 and 绩效目标 3 in the 对象 column, rows › 第 2 项 › spent_to_date in the 字段 column, and a
# removed row as {"name": …, "budget": …}: each is said in words, the department and year (the period) beside the
# number, the row and the field by their names, a whole row by its fields' Chinese names.
GOAL_SET, MONITORING = "goal_set", "monitoring_report"
ROW_LABELS = {"direction": "指标方向", "reason": "说明"}  # keys of a goal set's rows the glossary's FIELDS lacks
GOAL_SET_LABELS = {"budget": "申请预算（万元）", "goal": "绩效目标"}  # as the goal set's form names them
ROW_SHOWN = 200  # characters of a whole row in words the cell shows; all of it is in the cell's title


def goal_set_names(events) -> dict[str, str]:
    """object id → 通城县人力资源和社会保障局 2024 年度, for each goal set among `events` (one query)."""
    from jixiao.web.goals.models import GoalSet

    ids = _ids(events, GOAL_SET)
    if not ids:
        return {}
    return {str(pk): f"{name} {year} 年度" for pk, name, year in
            GoalSet.objects.filter(pk__in=ids).values_list("pk", "department__name", "year")}


def monitoring_names(events) -> dict[str, str]:
    """object id → 通城县人力资源和社会保障局 2023年第3季度, for each monitoring report among `events` (one query)."""
    from jixiao.core.cycle.monitoring import period_label
    from jixiao.web.monitoring.models import MonitoringReport

    ids = _ids(events, MONITORING)
    if not ids:
        return {}
    return {str(pk): f"{name} {period_label(year, month)}" for pk, name, year, month in
            MonitoringReport.objects.filter(pk__in=ids).values_list("pk", "department__name", "year", "month")}


class MonitoredNames(NamedTuple):
    rows: dict  # (report id, row position) → the row's name (部门整体 or the project's)
    indicators: dict  # (report id, row position, indicator position) → the indicator's name


def monitored_names(events) -> MonitoredNames:
    """The names of the rows and indicators whose fields the monitoring events among `events` changed (two
    queries, none without such an event)."""
    from jixiao.web.monitoring.models import MonitoredIndicator, MonitoringRow

    ids = {int(e.object_id) for e in events if e.object_type == MONITORING and e.field and e.object_id.isdigit()}
    if not ids:
        return MonitoredNames({}, {})
    rows = {(str(report), position): name for report, position, name in
            MonitoringRow.objects.filter(report_id__in=ids).values_list("report_id", "position", "name")}
    indicators = {(str(report), row, position): name for report, row, position, name in
                  MonitoredIndicator.objects.filter(row__report_id__in=ids).values_list(
                      "row__report_id", "row__position", "position", "name")}
    return MonitoredNames(rows, indicators)


_MONITORED_FIELD = re.compile(r"rows\[(\d+)\]\.(?:indicators\[(\d+)\]\.)?(\w+)")


def monitoring_field(path: str, object_id: str, names: MonitoredNames) -> str | None:
    """rows[1].indicators[0].completion as 第 2 行“…” › 指标“…” › 完成进度（%）: the row and indicator by name (by
    number when gone), the field by its model's verbose name; None for a path of no monitored field."""
    from django.core.exceptions import FieldDoesNotExist

    from jixiao.web.monitoring.models import MonitoredIndicator, MonitoringRow

    found = _MONITORED_FIELD.fullmatch(path)
    if not found:
        return None
    row, indicator, attribute = int(found[1]), found[2], found[3]
    model = MonitoredIndicator if indicator is not None else MonitoringRow
    try:
        label = str(model._meta.get_field(attribute).verbose_name)
    except FieldDoesNotExist:  # a field since removed: its name as stored
        label = attribute
    name = names.rows.get((object_id, row))
    words = [f"第 {row + 1} 行" + (f"“{shorten(name)}”" if name else "")]
    if indicator is not None:
        named = names.indicators.get((object_id, row, int(indicator)))
        words.append(f"指标“{shorten(named)}”" if named else f"指标 {int(indicator) + 1}")
    return " › ".join(words + [label])


def row_words(object_type: str, path: str, raw: str) -> str | None:
    """A row added or removed whole, which the log stores as JSON with the document's keys ({"name": …,
    "budget_initial": …}), in words: 名称：…；年初预算数：…; a list in it by its items' names. None for no such row."""
    if not raw.startswith("{"):
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return _said(data, path, object_type) if isinstance(data, dict) else None


GOAL_SET_ORDER = ("name", "goal", "budget")  # a goal set's project as its form lays it out
_FIELD_ORDER = {key: at for at, key in enumerate(FIELDS)}


def _order(key: str, value: object, object_type: str) -> tuple:
    """A row's fields in one order whatever the database kept: PostgreSQL's jsonb stores an object's keys shortest
    first (goal before name), SQLite as written. The name first, lists (its indicators) last, a goal set's fields as
    its form has them, any other as the glossary lists them."""
    form = GOAL_SET_ORDER.index(key) if object_type == GOAL_SET and key in GOAL_SET_ORDER else len(GOAL_SET_ORDER)
    return key != "name", isinstance(value, list), form, _FIELD_ORDER.get(key, len(_FIELD_ORDER)), key


def _said(data: dict, path: str, object_type: str) -> str:
    parts = []
    for key, value in sorted(data.items(), key=lambda item: _order(item[0], item[1], object_type)):
        if value in (None, "", [], {}):
            continue
        name = (GOAL_SET_LABELS.get(key) if object_type == GOAL_SET else None) or ROW_LABELS.get(key) or \
            FIELDS.get(key, key)
        if isinstance(value, dict):
            shown = f"（{_said(value, f'{path}.{key}', object_type)}）"
        elif isinstance(value, list):
            items = [v.get("name") or v.get("text") or v.get("label") if isinstance(v, dict) else v for v in value]
            shown = "、".join(str(i) for i in items if i) if all(items) else f"{len(value)} 项"
        else:
            shown = label(f"{path}.{key}", value) or str(value)
        parts.append(f"{name}：{shown.rstrip('。；;')}")  # a sentence's own end before the next field's ；
    return "；".join(parts)
