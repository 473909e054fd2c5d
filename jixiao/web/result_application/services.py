"""Between the pages and the core for 结果应用: which evaluations qualify, their suggestions (computed by
`jixiao.core.cycle.result_application` from the core's analysis), the bureau's decisions on them, and rectification
notices with their replies. Every change is audited; typed input is read with the entry pages' own field readers."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jixiao.core.checks import Finding
from jixiao.core.cycle.result_application import (
    DEPARTMENT_KEY,
    NOTICE_ACTIONS,
    NOTICE_STATES,
    REPLYING_STATES,
    ResultRules,
    Suggestion,
    implausible_adjustment,
    notice_state,
    notice_step,
    counted_subject,
    rules_from_data,
    subjects_of,
    suggestions,
)
from jixiao.core.cycle.reviewed import Counted
from jixiao.core.locations import describe
from jixiao.core.money import fmt_normalised
from jixiao.io.rule_files import load_rules, read_again_when_changed, rule_path
from jixiao.web import lookups
from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import record, record_changes
from jixiao.web.audit.models import Action
from jixiao.web.evaluations.fields import DATE_EXAMPLE, Field
from jixiao.web.evaluations.models import LIST_DEFERRED, Evaluation, Status
from jixiao.web.evaluations.services import analysis_of
from jixiao.web.review.counted import CountedScores, counted_scores

from .models import Choice, Decision, RectificationItem, RectificationNotice

# What the bureau decides on: evaluations it has accepted, or that wait for it (the department approved them).
QUALIFYING = (Status.ACCEPTED, Status.WITH_FINANCE)
NOTICE_ITEMS = 5  # blank item rows on the notice form
REASON = Field("reason", "理由", "text", max_length=500)
AMOUNT = Field("amount", "调整后金额", "money", "万元")
TITLE = Field("title", "标题", "text", max_length=200)
DEADLINE = Field("deadline", "整改期限", "date")
DEMAND = Field("demand", "整改要求", "text", max_length=1000)
REPLY = Field("reply", "整改反馈", "longtext", max_length=2000)
REVIEW_NOTE = Field("review_note", "审核意见", "text", max_length=500)


@read_again_when_changed(lambda: [rule_path("result_application")])
def rules() -> ResultRules:
    """The bureau's rules (JIXIAO_RULES) or the shipped default, validated; read again when the file changes."""
    return load_rules("result_application", rules_from_data)


# ------------------------------------------------------------------------------------------------- suggestions
def bureau_evaluations(user) -> QuerySet:
    return of_bureaus(permissions.bureau_ids(user))


def decides_on(user, evaluation: Evaluation) -> bool:
    """`bureau_evaluations` asked of one evaluation already read (its department with it)."""
    return evaluation.status in QUALIFYING and evaluation.department.finance_bureau_id in permissions.bureau_ids(user)


def of_bureaus(bureau_ids) -> QuerySet:
    """The qualifying evaluations under these finance bureaus (a background task has the ids, not the user)."""
    return Evaluation.objects.filter(department__finance_bureau_id__in=bureau_ids,
                                     status__in=QUALIFYING).select_related("department")


@dataclass
class Row:
    suggestion: Suggestion
    decision: Decision | None
    typed: dict[str, str] = field(default_factory=dict)  # what was posted and refused, shown back
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.suggestion.key

    def shown(self, name: str) -> str:
        """What the row's form shows: what was typed and refused, else the decision as stored (exactly, so that the
        form sent back unchanged changes nothing)."""
        return self.typed.get(name, "") if self.errors else self.stored(name)

    def stored(self, name: str) -> str:
        """The decision's field as stored, as the form writes it ('' when undecided)."""
        if self.decision is None:
            return ""
        value = getattr(self.decision, name)
        return fmt_normalised(value) if isinstance(value, Decimal) else (value or "")

    @property
    def drawn(self) -> str:
        """The decision as stored when the page was drawn, sent back with the table (was-<key>): a save leaves a row
        the user did not touch alone, and refuses one another reviewer changed meanwhile (the whole table is one
        form: sending every row back as drawn would undo their decision)."""
        return json.dumps([self.stored(name) for name in FIELDS], ensure_ascii=False)

    @property
    def shown_choice(self) -> str:
        return self.shown("choice")

    @property
    def shown_amount(self) -> str:
        return self.shown("amount")

    @property
    def shown_reason(self) -> str:
        return self.shown("reason")


    @property
    def decided_amount(self) -> Decimal | None:
        """Next year's budget the bureau decided on: the suggestion adopted (as it was when adopted, the decision
        keeps it), the amount it was adjusted to, or — a suggestion not adopted — this year's budget, kept as it is
        (a trial rejected 取消 of a project “下年继续按标准安排” and found its 684 万元 left out of the total). None
        when not decided, or when the amount it stands for is not known (this year's budget was not filled). This
        year's budget is read as the evaluation states it now, where an adopted suggestion is the one kept with the
        decision: an evaluation accepted by the bureau no longer changes, so the two agree."""
        decision = self.decision
        if decision is None:
            return None
        if decision.choice == Choice.REJECT:
            return self.suggestion.subject.budget
        return decision.suggested_amount if decision.choice == Choice.ADOPT else decision.amount


@dataclass(frozen=True)
class Totals:
    """The suggestion table's projects summed (the department's line is their sum already, 按项目汇总): this year's
    budgets, the suggestions and the amounts decided, full precision (rounded when shown)."""

    projects: int
    budget: Decimal  # this year's, over the projects that have one
    suggested: Decimal  # over the projects whose suggestion has an amount
    decided: Decimal  # over the projects with a decided amount (`Row.decided_amount`)
    counted: int  # the projects in `decided`
    undecided: int

    @property
    def decided_projects(self) -> int:
        return self.projects - self.undecided

    @property
    def left_out(self) -> int:
        """Projects decided without an amount to count (this year's budget, or the adopted suggestion's, not filled)."""
        return self.decided_projects - self.counted

    @property
    def note(self) -> str:
        """What the decided total counts, as the page and the workbook say it under the total."""
        parts = [f"已决定 {self.decided_projects}/{self.projects} 个项目，计入 {self.counted} 个"
                 "（采纳按所采纳的建议，调整按调整后金额，不采纳按本年预算维持）"]
        parts += [f"无金额可计 {self.left_out} 个未计入（本年预算未填写）"] if self.left_out else []
        parts += [f"未决定 {self.undecided} 个"] if self.undecided else []
        return "；".join(parts) + "。"


def totals_of(rows: list[Row]) -> Totals:
    projects = [row for row in rows if row.key != DEPARTMENT_KEY]
    decided = [row.decided_amount for row in projects if row.decided_amount is not None]
    return Totals(
        len(projects),
        sum((r.suggestion.subject.budget for r in projects if r.suggestion.subject.budget is not None), Decimal(0)),
        sum((r.suggestion.amount for r in projects if r.suggestion.amount is not None), Decimal(0)),
        sum(decided, Decimal(0)), len(decided), sum(1 for r in projects if r.decision is None))


def _decisions_of(evaluation_pk):
    return Decision.objects.filter(evaluation_id=evaluation_pk).select_related("decided_by")


def decisions_of(evaluation: Evaluation) -> list[Decision]:
    """`evaluation.budget_decisions.select_related("decided_by")` by a statement compiled once per process
    (lookups.kept), each decision knowing its evaluation as the related manager's do."""
    found = lookups.kept(_decisions_of, (evaluation.pk,))
    for decision in found:
        decision.evaluation = evaluation
    return found


def rows_of(evaluation: Evaluation) -> list[Row]:
    # who decided each row is shown beside it: read with the decisions, not one query a decision
    decided = {d.key: d for d in decisions_of(evaluation)}
    return [Row(s, decided.get(s.key)) for s in suggestions_of(evaluation)]


@dataclass
class Overview:
    evaluation: Evaluation
    department: Suggestion
    projects: int
    project_budget: Decimal  # this year's project budgets, summed
    project_suggested: Decimal  # next year's suggested, summed over the projects that have an amount
    decided: int
    rows: int


def overview(evaluations: list[Evaluation]) -> list[Overview]:
    """One line per evaluation (a page of them: each needs its analysis)."""
    found = []
    counts = dict(Decision.objects.filter(evaluation__in=evaluations).values("evaluation")
                  .annotate(n=Count("id")).values_list("evaluation", "n"))
    for evaluation in evaluations:
        rows = suggestions_of(evaluation)
        projects = [r for r in rows if r.key != DEPARTMENT_KEY]
        found.append(Overview(
            evaluation, rows[0], len(projects),
            sum((r.subject.budget for r in projects if r.subject.budget is not None), Decimal(0)),
            sum((r.amount for r in projects if r.amount is not None), Decimal(0)),
            counts.get(evaluation.pk, 0), len(rows)))
    return found


def suggestions_of(evaluation: Evaluation) -> list[Suggestion]:
    """The department's and each project's suggestion, the department first, each by the grade that counts for it
    (review.counted: the bureau's where its spot-check rescored the table, as the rankings take it)."""
    analysis = analysis_of(evaluation)
    found = counted_scores(evaluation, analysis)
    subjects = [counted_subject(subject, _counted_of(found, subject.key))
                for subject in subjects_of(analysis.document, analysis.result)]
    return suggestions(subjects, rules())


def _counted_of(found: CountedScores, key: str) -> Counted:
    """What counts for the subject named `key` (department, project-3)."""
    if key == DEPARTMENT_KEY:
        return found.department
    return found.projects[int(key.removeprefix("project-"))]


# Why a typed amount is refused beside a choice that takes none: the amount comes with 调整金额 only.
AMOUNT_NOT_TAKEN = {Choice.ADOPT: "采纳按建议金额，不填决定金额；要改金额请选“调整金额”",
                    Choice.REJECT: "不采纳不安排金额，不填决定金额；要改金额请选“调整金额”"}


class Refused(Exception):
    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


def read_decision(data, suggestion: Suggestion | None = None) -> tuple[str, Decimal | None, str]:
    """(choice, amount, reason) from a posted row, or Refused naming each field. With the row's `suggestion`, an
    adjusted amount the core finds typed in 元 is refused (`implausible_adjustment`)."""
    errors: dict[str, str] = {}
    choice = (data.get("choice") or "").strip()
    if choice not in Choice.values:
        errors["choice"] = "请选择决定：采纳、调整金额或不采纳"
    reason, problem = REASON.read(data.get("reason"))
    if problem:
        errors["reason"] = f"理由：{problem}"
    amount = None
    if choice == Choice.ADJUST:
        value, problem = AMOUNT.read(data.get("amount"))
        if problem or value is None:
            errors["amount"] = f"调整后金额：{problem or '调整金额时请填写调整后的金额（万元）'}"
        else:
            amount = Decimal(value)
            # 45000 typed against a budget of 5.00 万元 was recorded and exported as 45,000.00 万元 (trial)
            slip = implausible_adjustment(amount, suggestion) if suggestion is not None else ""
            if slip:
                errors["amount"] = slip
    elif choice in AMOUNT_NOT_TAKEN and (data.get("amount") or "").strip():
        # an amount typed beside 采纳 / 不采纳 was recorded as neither and dropped without a word (trial: 采纳 999)
        errors["amount"] = f"调整后金额：{AMOUNT_NOT_TAKEN[choice]}"
    if choice in (Choice.ADJUST, Choice.REJECT) and not reason and "reason" not in errors:
        errors["reason"] = "理由：调整或不采纳时请说明理由"
    if errors:
        raise Refused(errors)
    return choice, amount, reason or ""


def decide(request, evaluation: Evaluation, row: Row, data) -> bool:
    """Record the bureau's decision on a row; False when it is what was already recorded (nothing changes)."""
    choice, amount, reason = read_decision(data, row.suggestion)
    with transaction.atomic():
        current = Decision.objects.select_for_update().filter(evaluation=evaluation, key=row.key).first()
        before = (current.choice, current.amount, current.reason) if current else ("", None, "")
        if before[0] == choice and before[1] == amount and before[2] == reason:
            return False
        suggestion = row.suggestion
        decision = current or Decision(evaluation=evaluation, key=row.key)
        decision.subject = suggestion.subject.name[:300]
        decision.choice, decision.amount, decision.reason = choice, amount, reason
        decision.suggested_action, decision.suggested_amount = suggestion.action, suggestion.amount
        decision.decided_by = request.user
        decision.save()
        changes = [(f"{row.key}.{name}", old, new) for name, old, new in
                   zip(("choice", "amount", "reason"), before, (choice, amount, reason)) if old != new]
        record_changes(request, "budget_decision", f"{evaluation.pk}:{row.key}", changes)
    return True


FIELDS = ("choice", "amount", "reason")


def row_field(name: str, key: str) -> str:
    """A row's field on the one form of the table: choice-project-3 (each row's choice, amount and reason)."""
    return f"{name}-{key}"


@dataclass
class Saved:
    """What a post of the whole table did: the rows recorded, and the rows refused (their errors and what was typed
    are on them, `Row.errors` and `Row.typed`)."""

    recorded: list[Row] = field(default_factory=list)
    refused: list[Row] = field(default_factory=list)


def _posted(row: Row, data) -> dict[str, str] | None:
    """The row's three fields as posted, or None when the row was not on the post or is left as it was: undecided and
    all three empty, or sent back as the page drew it (`Row.drawn`). A row changed on the page whose decision another
    reviewer changed since it was drawn is refused (Stale), never written over theirs."""
    names = [row_field(name, row.key) for name in FIELDS]
    if not any(name in data for name in names):
        return None
    typed = {name: data.get(row_field(name, row.key), "") for name in FIELDS}
    if row.decision is None and not any(value.strip() for value in typed.values()):
        return None
    drawn = _drawn(data.get(f"was-{row.key}"))
    if drawn is not None:
        if [_plain(typed[name]) for name in FIELDS] == [_plain(value) for value in drawn]:
            return None
        if drawn != [row.stored(name) for name in FIELDS]:
            now = row.decision.get_choice_display() if row.decision else "未决定"
            raise Refused({"choice": f"决定：此行在您打开页面后已被他人改为“{now}”，您的修改未记录；请确认后重新填写并保存"})
    return typed


def _drawn(posted: str | None) -> list[str] | None:
    """`Row.drawn` as posted back; None when absent or not one (a form of an older page, a hostile post)."""
    try:
        values = json.loads(posted) if posted else None
    except ValueError:
        return None
    ok = isinstance(values, list) and len(values) == len(FIELDS) and all(isinstance(v, str) for v in values)
    return values if ok else None


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").strip()  # a text area posts its line breaks as \r\n


def decide_all(request, evaluation: Evaluation, rows: list[Row], data) -> Saved:
    """Each row of the posted table that was changed, read and recorded on its own (`decide`: audited per row): the
    rows that are fine are recorded, the refused ones keep what was typed and their errors (named by row)."""
    saved = Saved()
    for row in rows:
        typed = {name: data.get(row_field(name, row.key), "") for name in FIELDS}
        try:
            if _posted(row, data) is None:
                continue
            changed = decide(request, evaluation, row, typed)
        except Refused as refused:
            row.errors, row.typed = refused.errors, typed
            saved.refused.append(row)
        else:
            if changed:
                saved.recorded.append(row)
    return saved


# ------------------------------------------------------------------------------------------------------ notices
# a notice shows its evaluation's year and department, not its document: read on the rare page that needs it
# (an item issued before its place was kept, `item_place`); a notice page read two documents it never showed
_EVALUATION_DEFERRED = tuple(f"evaluation__{name}" for name in LIST_DEFERRED)


def visible_notices(user) -> QuerySet:
    """Notices of the user's departments, or of the departments under the user's bureaus; nothing for others."""
    if not user.is_authenticated:
        return RectificationNotice.objects.none()
    return RectificationNotice.objects.filter(
        Q(department_id__in=permissions.department_ids(user)) |
        Q(department__finance_bureau_id__in=permissions.bureau_ids(user))).select_related("department", "evaluation") \
        .defer(*_EVALUATION_DEFERRED)


def _notice_by_pk(pk):
    return (RectificationNotice.objects.filter(pk=pk).select_related("department", "evaluation", "issued_by",
                                                                     "reviewed_by").defer(*_EVALUATION_DEFERRED))


def _items_of(notice_pk):
    return RectificationItem.objects.filter(notice_id=notice_pk).select_related("replied_by")


def notice_with_items(pk: int) -> tuple[RectificationNotice | None, list[RectificationItem]]:
    """A notice with its department, evaluation (without its document), who issued and reviewed it, and its items
    with who replied to each: by statements compiled once per process (lookups.kept). Built and compiled on each
    drawing, the notice's with the user's scope in it and its items' counts each cost more than the page around them;
    the scope is asked in Python (`sees_notice`), the counts taken from the items (`state_of`)."""
    found = lookups.kept(_notice_by_pk, (pk,))
    return (found[0], items_of(pk)) if found else (None, [])


def items_of(notice_pk: int) -> list[RectificationItem]:
    """A notice's items in their order, with who replied to each (`notice_with_items`)."""
    return lookups.kept(_items_of, (notice_pk,))


def sees_notice(user, notice: RectificationNotice) -> bool:
    """`visible_notices` asked of one notice already read (its department with it)."""
    return user.is_authenticated and (notice.department_id in permissions.department_ids(user) or
                                      notice.department.finance_bureau_id in permissions.bureau_ids(user))


@dataclass
class NoticeView:
    notice: RectificationNotice
    items: int
    answered: int
    state: str

    @property
    def state_label(self) -> str:
        return NOTICE_STATES[self.state]


def _counted(notices: QuerySet) -> QuerySet:
    return notices.annotate(n_items=Count("items"), n_answered=Count("items", filter=~Q(items__reply="")))


def with_states(notices: QuerySet, today: dt.date | None = None) -> list[NoticeView]:
    return _views(_counted(notices), today)


def _views(counted, today: dt.date | None) -> list[NoticeView]:
    today = today or timezone.localdate()
    return [NoticeView(n, n.n_items, n.n_answered, notice_state(n.deadline, n.n_items, n.n_answered, today, n.review))
            for n in counted]


def _notices_of(evaluation_pk):
    return _counted(RectificationNotice.objects.filter(evaluation_id=evaluation_pk))


def evaluation_notices(evaluation: Evaluation, today: dt.date | None = None) -> list[NoticeView]:
    """`with_states(evaluation.rectification_notices.all())` by a statement compiled once per process
    (lookups.kept), each notice knowing its evaluation as the related manager's do."""
    found = lookups.kept(_notices_of, (evaluation.pk,))
    for notice in found:
        notice.evaluation = evaluation
    return _views(found, today)


def state_of(notice: RectificationNotice, items: list[RectificationItem], today: dt.date | None = None) -> NoticeView:
    """`with_states` of one notice whose items are read: its items and those answered (a reply not empty) counted
    here as with_states counts them in SQL."""
    answered = sum(1 for item in items if item.reply != "")
    return NoticeView(notice, len(items), answered,
                      notice_state(notice.deadline, len(items), answered, today or timezone.localdate(), notice.review))


def pending_notices(user, today: dt.date | None = None) -> list[NoticeView]:
    """Notices still waiting for the replies of the departments where the user prepares or reviews (their home
    page shows them), the earliest deadline first; the overdue ones carry state `overdue`."""
    departments = permissions.department_ids(user, Role.PREPARER, Role.DEPARTMENT_REVIEWER)
    if not departments:
        return []
    found = with_states(RectificationNotice.objects.filter(department_id__in=departments)
                        .select_related("department", "evaluation").defer(*_EVALUATION_DEFERRED), today)
    return sorted((n for n in found if n.state in REPLYING_STATES), key=lambda n: (n.notice.deadline, n.notice.pk))


def notice_findings(evaluation: Evaluation) -> list[Finding]:
    """The findings a notice item may cite: the evaluation's errors and warnings, as the core found them."""
    return [f for f in analysis_of(evaluation).findings if f.severity in ("error", "warning")][:60]


def finding_value(finding: Finding) -> str:
    return f"{finding.code}@{finding.location}"


def finding_place(location: str, document: dict, subject: str = "") -> str:
    """Where a finding is, in the same words in the list a notice item is picked from and on the notice: what the
    check named (年度目标 4 › 工伤病残等级鉴定例数), else the place read in the evaluation's document, with its
    items' names (年度目标 4 › 指标“工伤病残等级鉴定例数”), never their numbers alone (年度目标 4 › 指标 1)."""
    return subject or describe(location, document)


def finding_choices(evaluation: Evaluation) -> list[tuple[str, str]]:
    """(value, label) of each finding a notice item may cite."""
    def label(f: Finding) -> str:
        message = f.message if len(f.message) <= 60 else f.message[:60] + "…"
        place = finding_place(f.location, evaluation.document, f.subject)
        return f"{'错误' if f.severity == 'error' else '警告'}：{place} — {message}"

    return [(finding_value(f), label(f)) for f in notice_findings(evaluation)]


def item_place(item: RectificationItem, notice: RectificationNotice) -> str:
    """The place of an item's finding as the list named it when the notice was issued (kept: the evaluation may be
    returned and its items renumbered since); for an item issued before it was kept, read in the evaluation now."""
    if item.finding_place or not item.finding_location:
        return item.finding_place
    return finding_place(item.finding_location, notice.evaluation.document)


def example_deadline(today: dt.date) -> dt.date:
    """The deadline the notice form shows as its example: a month from today (the same day of the next month, its
    last day where the month is shorter: 31 January → 28 or 29 February). A fixed example (2024-03-20) read as a
    deadline already past, one the form refuses."""
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def default_notice_title(evaluation: Evaluation) -> str:
    """The title a new notice opens with, as such notices are usually headed; the bureau may change it. An empty field
    made every reviewer type the department and year the page already knows."""
    return f"关于{evaluation.department.name}{evaluation.year}年度绩效自评问题整改的通知"


@dataclass
class NoticeDraft:
    title: str = ""
    deadline: str = ""
    items: list[dict[str, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def read_notice(evaluation: Evaluation, data, today: dt.date) -> NoticeDraft:
    """The typed notice, with an error per field or row; each row is a demand and the finding it answers."""
    draft = NoticeDraft(data.get("title", ""), data.get("deadline", ""))
    title, problem = TITLE.read(draft.title)
    if problem or not title:
        draft.errors["title"] = f"标题：{problem or '请填写标题'}"
    deadline, problem = DEADLINE.read(draft.deadline)
    example = example_deadline(today).isoformat()
    if problem or not deadline:
        problem = problem.replace(DATE_EXAMPLE, example) if problem else f"请填写整改期限（如 {example}）"
        draft.errors["deadline"] = f"整改期限：{problem}"
    elif dt.date.fromisoformat(deadline) < today:
        draft.errors["deadline"] = "整改期限：不能早于今天"
    findings = {finding_value(f): f for f in notice_findings(evaluation)}
    for n in range(NOTICE_ITEMS):
        typed = {"demand": data.get(f"item-{n}-demand", ""), "finding": data.get(f"item-{n}-finding", "")}
        draft.items.append(typed)
        demand, problem = DEMAND.read(typed["demand"])
        if problem:
            draft.errors[f"item-{n}-demand"] = f"第 {n + 1} 项 整改要求：{problem}"
        if typed["finding"] and typed["finding"] not in findings:
            draft.errors[f"item-{n}-finding"] = f"第 {n + 1} 项 对应问题：不是本自评的问题，请从列表中选择"
        elif typed["finding"] and not demand and not problem:
            draft.errors[f"item-{n}-demand"] = f"第 {n + 1} 项 整改要求：选了对应问题，请写明整改要求"
    if not any((i["demand"] or "").strip() for i in draft.items) and not draft.errors:
        draft.errors["item-0-demand"] = "第 1 项 整改要求：至少填写一项整改要求"
    for n, typed in enumerate(draft.items):  # each row's own messages, shown on the row
        typed["error"] = "；".join(m for k, m in draft.errors.items() if k.startswith(f"item-{n}-"))
    return draft


@transaction.atomic
def issue_notice(request, evaluation: Evaluation, draft: NoticeDraft) -> RectificationNotice:
    findings = {finding_value(f): f for f in notice_findings(evaluation)}
    notice = RectificationNotice.objects.create(
        evaluation=evaluation, department=evaluation.department, title=draft.title.strip(),
        deadline=dt.date.fromisoformat(DEADLINE.read(draft.deadline)[0]), issued_by=request.user)
    number = 0
    for typed in draft.items:
        demand = (typed["demand"] or "").strip()
        if not demand:
            continue
        number += 1
        finding = findings.get(typed["finding"])
        RectificationItem.objects.create(
            notice=notice, number=number, demand=demand, finding_code=finding.code if finding else "",
            finding_location=finding.location[:300] if finding else "",
            finding_place=finding_place(finding.location, evaluation.document, finding.subject)[:300] if finding else "",
            finding_text=finding.message[:1000] if finding else "")
    record(Action.CREATE, request, object_type="rectification_notice", object_id=notice.pk,
           detail=f"向{evaluation.department.name}下发整改通知“{notice.title}”（{number} 项，期限 {notice.deadline}）")
    return notice


def can_reply(user, notice: RectificationNotice) -> bool:
    """The notified department's users, until the bureau closes the notice (after a return they reply again)."""
    return notice.review != "closed" and notice.department_id in permissions.department_ids(user)


def can_review(user, notice: RectificationNotice) -> bool:
    """The finance reviewers of the notice's department's bureau close or return it."""
    return permissions.has_role(user, Role.FINANCE_REVIEWER) and \
        notice.department.finance_bureau_id in permissions.bureau_ids(user)


def review_actions(state: str) -> list[tuple[str, str, bool]]:
    """(action, label, whether a reason is asked) of the steps the bureau may take on a notice in `state`."""
    return [(key, rule["label"], rule["reason"]) for key, rule in NOTICE_ACTIONS.items() if state in rule["from"]]


def read_review(state: str, data) -> tuple[str, str, dict[str, str]]:
    """(action, note, errors) of the bureau's posted step on a notice in `state`."""
    action = (data.get("action") or "").strip()
    errors: dict[str, str] = {}
    try:
        notice_step(state, action)
    except ValueError as refused:
        errors["action"] = f"审核：{refused}"
    note, problem = REVIEW_NOTE.read(data.get("review_note"))
    if problem:
        errors["review_note"] = f"审核意见：{problem}"
    elif action in NOTICE_ACTIONS and NOTICE_ACTIONS[action]["reason"] and not note:
        errors["review_note"] = "审核意见：退回时请写明还需整改什么（部门会看到）"
    return action, note or "", errors


@transaction.atomic
def review(request, notice: RectificationNotice, action: str, note: str) -> None:
    """The bureau closes or returns an answered notice: one workflow event in the audit log, the old and new review
    with the step and its reason in words. The state is asked again under the lock (a reply may have come between)."""
    locked = RectificationNotice.objects.select_for_update().get(pk=notice.pk)
    items = list(locked.items.values_list("reply", flat=True))
    state = notice_state(locked.deadline, len(items), sum(1 for r in items if r), timezone.localdate(), locked.review)
    before = locked.review
    locked.review = notice_step(state, action)  # ValueError when it no longer fits
    locked.review_note = note  # a return's reason, or what the bureau says on closing (the log keeps the earlier ones)
    locked.reviewed_by, locked.reviewed = request.user, timezone.now()
    locked.save(update_fields=["review", "review_note", "reviewed_by", "reviewed"])
    record(Action.WORKFLOW, request, object_type="rectification_notice", object_id=locked.pk, field="review",
           old_value=before, new_value=locked.review,
           detail=f"整改通知“{locked.title}”：{NOTICE_ACTIONS[action]['label']}" + (f"（理由：{note}）" if note else ""))


def read_replies(notice: RectificationNotice, data) -> tuple[dict[int, str], dict[str, str]]:
    """The replies that change, by item id, and an error per refused item. An empty box leaves an unanswered item
    unanswered; a reply given is changed, never withdrawn."""
    changed: dict[int, str] = {}
    errors: dict[str, str] = {}
    for item in notice.items.all():
        name = f"reply-{item.pk}"
        if name not in data:
            continue  # not on the post: kept as stored
        reply, problem = REPLY.read(data.get(name))
        if problem:
            errors[name] = f"第 {item.number} 项 整改反馈：{problem}"
        elif not reply and item.reply:
            errors[name] = f"第 {item.number} 项 整改反馈：已反馈的内容不能清空，可以修改"
        elif (reply or "") != item.reply:
            changed[item.pk] = reply or ""
    return changed, errors


class Closed(Exception):
    """A reply to a notice the bureau closed since the page was drawn."""


@transaction.atomic
def reply(request, notice: RectificationNotice, changed: dict[int, str]) -> None:
    """The department's replies, under the notice's lock: the bureau's review of it is read as it stands now (a
    return or a close between drawing the page and posting it is not missed). Raises Closed."""
    notice = RectificationNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.review == "closed":
        raise Closed("该整改通知已由财政办结，不再接收反馈；您的输入未保存。")
    now = timezone.now()
    changes = []
    for item in notice.items.select_for_update().filter(pk__in=changed):
        changes.append((f"items[{item.number}].reply", item.reply, changed[item.pk]))
        item.reply, item.replied_by, item.replied = changed[item.pk], request.user, now
        item.save(update_fields=["reply", "replied_by", "replied"])
    if notice.review == "returned" and changes:
        # replied again after a return: answered, for the bureau to review again (the return's note stays shown)
        RectificationNotice.objects.filter(pk=notice.pk).update(review="")
        changes.append(("review", "returned", ""))
    record_changes(request, "rectification_notice", notice.pk, changes)
