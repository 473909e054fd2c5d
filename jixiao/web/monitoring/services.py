"""What the monitoring pages do, between the views and the core: who sees which report, starting a report from the
evaluation document, reading a post, saving with the warnings recomputed by the core, submitting."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from jixiao.core import limits
from jixiao.core.cycle import monitoring as core
from jixiao.core.money import parse_decimal
from jixiao.io.rule_files import load_rules, rule_path
from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import ADMIN_ROLES, Role
from jixiao.web.audit.log import record, record_changes
from jixiao.web.audit.models import Action
from jixiao.web.evaluations.models import Evaluation

from .fields import INDICATOR_FIELDS, ROW_FIELDS, Field, indicator_name, row_name, shown
from .models import MonitoredIndicator, MonitoringReport, MonitoringRow, Status

OBJECT_TYPE = "monitoring_report"
_CACHE: dict[tuple[str, float], core.MonitoringRules] = {}


def rules() -> core.MonitoringRules:
    """The rules in force (a bureau's own file first), read again when the file changes."""
    path = rule_path("monitoring")
    key = (str(path), path.stat().st_mtime if Path(path).is_file() else 0.0)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_rules("monitoring", core.rules_from_data, path)
    return _CACHE[key]


# ------------------------------------------------------------------------------------------------------- who sees
def visible_reports(user) -> QuerySet:
    """Reports of the user's departments, or of the departments under the user's finance bureaus; none for
    administrators."""
    reports = MonitoringReport.objects.select_related("department")
    if not user.is_authenticated or permissions.roles(user) <= ADMIN_ROLES:
        return reports.none()
    return reports.filter(Q(department_id__in=permissions.department_ids(user)) |
                          Q(department__finance_bureau_id__in=permissions.bureau_ids(user)))


def sees_report(user, report: MonitoringReport) -> bool:
    """`visible_reports` asked of one report already read (its department with it)."""
    if not user.is_authenticated or permissions.roles(user) <= ADMIN_ROLES:
        return False
    return report.department_id in permissions.department_ids(user) or \
        report.department.finance_bureau_id in permissions.bureau_ids(user)


def can_edit(user, report: MonitoringReport) -> bool:
    return report.editable and prepares(user, report)


def prepares(user, report: MonitoringReport) -> bool:
    """Whether the user enters the report while it is a draft, whatever its status now."""
    return report.department_id in permissions.department_ids(user, Role.PREPARER)


def frozen_message(report: MonitoringReport) -> str:
    """Why a save from a page opened before the report was submitted was not taken, and where what was typed is."""
    who = report.submitted_by
    by = f"由 {who.first_name or who.get_username()} " if who is not None else ""
    when = f"于 {timezone.localtime(report.submitted):%Y-%m-%d %H:%M} " if report.submitted else ""
    return (f"该运行监控报告已{by}{when}提交，不能再修改；本次未保存。"
            "您填写的内容仍在下面（只读，标有“未保存”），可复制留存。")


# ------------------------------------------------------------------------------------------- starting a report
def _amount(value) -> Decimal | None:
    """An amount of the evaluation document, or None when it is missing or outside what an amount may be."""
    amount = parse_decimal(str(value)) if value not in (None, "") else None
    return None if amount is None or limits.bound_problem(amount, limits.MONEY) else amount


def _budget(budget: dict | None) -> Decimal | None:
    """The year's budget of a line: adjusted, else initial (GLOSSARY: budget_adjusted is the base of execution)."""
    budget = budget or {}
    return _amount(budget.get("budget_adjusted")) if budget.get("budget_adjusted") not in (None, "") \
        else _amount(budget.get("budget_initial"))


def _indicators(items) -> list[dict]:
    return [{"name": str(i.get("name") or f"指标{n + 1}")[:500], "target": str(i.get("target") or "")[:200]}
            for n, i in enumerate(items or []) if isinstance(i, dict)]


def rows_from_document(document: dict) -> list[dict]:
    """The department as a whole (its budget total and its goals' indicators) and each project (its budget and
    indicators), from an evaluation document (docs/input-format.md)."""
    department = {"kind": MonitoringRow.Kind.DEPARTMENT, "name": "部门整体",
                  "budget": _budget((document.get("budget") or {}).get("total")),
                  "indicators": [i for goal in document.get("goals") or [] if isinstance(goal, dict)
                                 for i in _indicators(goal.get("indicators"))]}
    projects = [{"kind": MonitoringRow.Kind.PROJECT, "name": str(p.get("name") or f"项目{n + 1}")[:300],
                 "budget": _budget(p.get("budget")), "indicators": _indicators(p.get("indicators"))}
                for n, p in enumerate(document.get("projects") or []) if isinstance(p, dict)]
    return [department] + projects


@transaction.atomic
def start_report(department, year: int, month: int, user=None, request=None) -> tuple[MonitoringReport, bool]:
    """A new draft from the department's evaluation of that year (which must exist), or the existing one when the
    period has one already; and whether it was made now."""
    existing = MonitoringReport.objects.filter(department=department, year=year, month=month).first()
    if existing is not None:
        return existing, False
    evaluation = Evaluation.objects.get(department=department, year=year)
    report = MonitoringReport.objects.create(department=department, year=year, month=month, updated_by=user)
    found = rows_from_document(evaluation.document)
    rows = MonitoringRow.objects.bulk_create(
        MonitoringRow(report=report, position=p, kind=d["kind"], name=d["name"], budget=d["budget"])
        for p, d in enumerate(found))
    MonitoredIndicator.objects.bulk_create(MonitoredIndicator(row=row, position=n, **i)
                                           for row, data in zip(rows, found) for n, i in enumerate(data["indicators"]))
    assess(report)
    if request is not None:
        record(Action.CREATE, request, object_type=OBJECT_TYPE, object_id=report.pk,
               detail=f"新建运行监控报告：{report}（据 {year} 年度自评中的项目、预算和指标）")
    return report, True


# ------------------------------------------------------------------------------------------------ the warnings
def progress_of(row: MonitoringRow, indicators=None) -> core.RowProgress:
    """What the core judges of a row: its figures and its indicators' (`indicators` when already read, in order)."""
    indicators = row.indicators.all() if indicators is None else indicators
    return core.RowProgress(row.name, row.budget, row.spent_to_date, row.goal_completion, tuple(
        core.IndicatorProgress(i.name, i.target, i.value_to_date, i.completion) for i in indicators))


# what a report page reads of an indicator
_INDICATOR_COLUMNS = ("row_id", "position", "name", "target", *(f.attribute for f in INDICATOR_FIELDS))


def rows_of(report: MonitoringReport) -> list[tuple[MonitoringRow, list]]:
    """The report's rows in order, each with its indicators in order, for reading (the report page): two readings,
    grouped here. prefetch_related builds a filtered queryset for every row, which cost more than reading the rows;
    the indicators (four or five a row) are named tuples of the columns the page reads, not models (issue 11)."""
    rows = list(report.rows.all())
    indicators: dict[int, list] = {}
    for indicator in MonitoredIndicator.objects.filter(row__report=report).order_by("row_id", "position").values_list(
            *_INDICATOR_COLUMNS, named=True):
        indicators.setdefault(indicator.row_id, []).append(indicator)
    return [(row, indicators.get(row.pk, [])) for row in rows]


def assess(report: MonitoringReport) -> None:
    """Every row's warnings recomputed by the core from what is stored (the department's row also against its
    projects' total), and the report's counts."""
    rules_now, red, yellow = rules(), 0, 0
    rows = list(report.rows.prefetch_related("indicators"))
    departments = [r for r in rows if r.kind == MonitoringRow.Kind.DEPARTMENT]
    projects = [r for r in rows if r.kind != MonitoringRow.Kind.DEPARTMENT]
    whole, parts = core.assess_report(progress_of(departments[0]) if departments else None,
                                      [progress_of(r) for r in projects], report.month, rules_now)
    assessed = dict(zip(projects, parts))
    if departments:
        assessed[departments[0]] = whole
    for row in departments[1:]:  # a report has one 部门整体 row; another would be judged on its own
        assessed[row] = core.assess_row(progress_of(row), report.month, rules_now)
    for row in rows:
        assessment = assessed[row]
        row.colour = assessment.colour or ""
        row.warnings = [{"rule": w.rule, "colour": w.colour, "message": w.message, "indicator": w.indicator}
                        for w in assessment.signals]
        red += sum(w.colour == core.RED for w in assessment.warnings)
        yellow += sum(w.colour == core.YELLOW for w in assessment.warnings)
    MonitoringRow.objects.bulk_update(rows, ["colour", "warnings"])
    report.red_count, report.yellow_count = red, yellow
    report.save(update_fields=["red_count", "yellow_count", "updated"])


# ------------------------------------------------------------------------------------------------ reading a post
@dataclass
class Entry:
    """What a post says about one field: the typed text, the value read from it, and the problem if any."""

    target: object  # the row or indicator
    row: int  # the row's position
    field: Field
    name: str
    path: str  # for the audit log: rows[3].indicators[2].completion
    label: str  # for messages: 第 4 行“劳动仲裁办案专项工作经费” 截至本期支出
    typed: str
    value: object = None
    problem: str | None = None


@dataclass
class Reading:
    entries: list[Entry] = field(default_factory=list)

    @property
    def problems(self) -> list[Entry]:
        return [e for e in self.entries if e.problem]

    @property
    def changes(self) -> list[Entry]:
        return [e for e in self.entries if not e.problem and _differs(getattr(e.target, e.field.attribute), e.value)]

    def unsaved(self) -> list[Entry]:
        """What the post typed other than what is stored: its changes and what could not be read."""
        return [e for e in self.entries if e.problem or _differs(getattr(e.target, e.field.attribute), e.value)]

    def typed(self) -> dict[str, str]:
        return {e.name: e.typed for e in self.entries}

    def errors(self) -> dict[str, str]:
        return {e.name: e.problem for e in self.problems}


def _differs(stored, new) -> bool:
    if isinstance(stored, str) or isinstance(new, str):
        return (stored or "") != (new or "")
    if stored is None or new is None:
        return stored is not new
    return stored != new


def read_post(report: MonitoringReport, post) -> Reading:
    """Every field the post names (a field missing from it keeps what is stored), read with its problem."""
    reading = Reading()
    for row in report.rows.prefetch_related("indicators"):
        where = f"第 {row.position + 1} 行“{row.name}”"
        for f in ROW_FIELDS:
            _read(reading, post, (row, row.position), f, row_name(row.position, f), f"rows[{row.position}].{f.attribute}",
                  where)
        for indicator in row.indicators.all():
            there = f"{where}指标“{indicator.name[:30]}”"
            for f in INDICATOR_FIELDS:
                _read(reading, post, (indicator, row.position), f, indicator_name(row.position, indicator.position, f),
                      f"rows[{row.position}].indicators[{indicator.position}].{f.attribute}", there, indicator.target)
    return reading


def _read(reading: Reading, post, target: tuple, f: Field, name: str, path: str, where: str,
          goal: str | None = None) -> None:
    """`goal`: an indicator's 年度指标值, whose unit its value may be typed with."""
    if name not in post:
        return
    typed = post.get(name, "")
    value, problem = f.read(typed, goal)
    reading.entries.append(Entry(*target, f, name, path, f"{where}{f.label}", typed, value, problem))


@dataclass
class Saved:
    rows: list[int]  # positions of the rows whose fields were stored
    conflicts: list[tuple[Entry, str]]  # fields someone else saved after the page was opened: (what was typed, theirs)


class NotEditable(Exception):
    pass


def save(request, report: MonitoringReport, reading: Reading, revision: int) -> Saved:
    """Store the changes the post makes (nothing when it changes nothing), audited field by field, and recompute the
    warnings. A field someone else saved after the page was opened (at `revision`) is a conflict and is not stored;
    the other fields are. The status and revisions are checked in the transaction that writes."""
    with transaction.atomic():
        locked = MonitoringReport.objects.select_for_update().get(pk=report.pk)
        if not can_edit(request.user, locked):
            raise NotEditable
        changes, conflicts = [], []
        for entry in reading.changes:
            theirs = locked.field_revisions.get(entry.path, 0) > revision
            (conflicts if theirs else changes).append(entry)
        if changes:
            _write(request, locked, changes)
    return Saved([e.row for e in changes], [(e, _stored_now(e)) for e in conflicts])


def _write(request, locked: MonitoringReport, changes: list[Entry]) -> None:
    audit = []
    locked.revision += 1
    for entry in changes:
        audit.append((entry.path, shown(getattr(entry.target, entry.field.attribute)), shown(entry.value)))
        setattr(entry.target, entry.field.attribute, entry.value)
        entry.target.save(update_fields=[entry.field.attribute])
        locked.field_revisions[entry.path] = locked.revision
    locked.updated_by = request.user
    locked.save(update_fields=["revision", "field_revisions", "updated_by", "updated"])
    assess(locked)
    record_changes(request, OBJECT_TYPE, locked.pk, audit)


def _stored_now(entry: Entry) -> str:
    value = type(entry.target).objects.filter(pk=entry.target.pk).values_list(entry.field.attribute, flat=True).first()
    return shown(value) or "（空）"


def submission_problems(report: MonitoringReport, rows: list[MonitoringRow] | None = None) -> list[str]:
    """Why the report cannot be submitted yet: spending missing, the projects' spending summed above the department's
    (an error to correct, which no reason explains), or a warning without its reason and action. `rows`: the report's
    rows in order when the caller has read them already (the report page)."""
    problems = []
    for row in report.rows.all() if rows is None else rows:
        where = f"第 {row.position + 1} 行“{row.name}”"
        if row.spent_to_date is None and row.budget:
            problems.append(f"{where}：请填写截至本期支出")
        if any(w["rule"] == core.PROJECTS_OVER for w in row.warnings):
            problems.append(f"{where}：各项目支出合计超过部门整体支出（见本行预警中的两个数），请核对更正后再提交")
        if any(w["colour"] != core.GREEN for w in row.warnings):
            missing = [label for label, text in (("偏差原因", row.deviation_reason), ("纠偏措施", row.corrective_action))
                       if not text.strip()]
            if missing:
                problems.append(f"{where}有预警：请填写{'和'.join(missing)}")
    return problems


def submit(request, report: MonitoringReport) -> list[str]:
    """Submit the draft, or say why not."""
    with transaction.atomic():
        locked = MonitoringReport.objects.select_for_update().get(pk=report.pk)
        if not can_edit(request.user, locked):
            raise NotEditable
        problems = submission_problems(locked)
        if problems:
            return problems
        locked.status, locked.submitted, locked.submitted_by = Status.SUBMITTED, timezone.now(), request.user
        locked.save(update_fields=["status", "submitted", "submitted_by", "updated"])
        record(Action.WORKFLOW, request, object_type=OBJECT_TYPE, object_id=locked.pk,
               detail=f"提交运行监控报告：{locked}（红色预警 {locked.red_count} 项、黄色预警 {locked.yellow_count} 项）")
    return []
