"""Between the pages and the core: load a stored document as the core's Evaluation, score and check it with the
core, save with conflict detection and a field-by-field audit, move it through the workflow, start a new year.

No scoring or checking happens here: `analyse` calls `jixiao.core`.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from jixiao.core import docpath
from jixiao.core import unchecked as core_unchecked
from jixiao.core.build import evaluation_from_data
from jixiao.core.carried_over import stale_years
from jixiao.core.checks import Finding, run_checks
from jixiao.core.cycle.projection import scored_total
from jixiao.core.engine import score_evaluation
from jixiao.core.errors import InputError
from jixiao.core.model import Evaluation as CoreEvaluation
from jixiao.core.previous_year import with_previous_year
from jixiao.core.money import SCORE_PLACES, round_half_up
from jixiao.core.results import EvaluationResult
from jixiao.io.scheme_files import files_signature, load_library
from jixiao.web.audit.log import client_ip, record, record_changes
from jixiao.web.audit.models import Action
from jixiao.web.people import person
from jixiao.web.save_messages import saved_meanwhile

from .documents import Edit, align, apply_edits, diff, flatten, follow, followed, merge, normalised
from .fields import Field
from .models import EDITABLE, Evaluation, Revision, Status, Version, WorkflowEvent
from .returns import status_of
from .transitions import TRANSITIONS

NOT_SCORED = "SCORE.NOT_SCORED"

_LIBRARY: dict = {}  # the library, the scheme files' signature it was read from, when that was last looked at
LIBRARY_LOOK_SECONDS = 1.0


def library():
    """The scheme library, read again when a scheme file is added, edited or removed (looked at at most once a
    second), so that the pages score with the files a rescoring batch used, without a restart; what was analysed
    under the old files is dropped."""
    now = time.monotonic()
    if _LIBRARY and now - _LIBRARY["looked"] < LIBRARY_LOOK_SECONDS:
        return _LIBRARY["library"]
    signature = files_signature()
    if _LIBRARY.get("signature") != signature:
        if _LIBRARY:
            _ANALYSES.clear()
        _LIBRARY.update(library=load_library(), signature=signature)
    _LIBRARY["looked"] = now
    return _LIBRARY["library"]


def library_signature() -> tuple:
    """The scheme files' signature as `library()` last read them: what a page drawn from the scheme library (its
    descriptions, the findings shown on its fields) is kept under, with the revision."""
    library()
    return _LIBRARY["signature"]


def forget_library() -> None:
    """The next `library()` reads the files again (a test that changes JIXIAO_SCHEMES)."""
    _LIBRARY.clear()
    _ANALYSES.clear()


@dataclass
class Analysis:
    document: CoreEvaluation
    result: EvaluationResult
    findings: list[Finding]
    index: FindingIndex | None = None  # built on first use, kept with the analysis
    overview: dict | None = None  # what the overview draws from the analysis and the document alone (views.detail)
    _unfilled: list[Finding] | None = None  # found on first use (`unfilled`), kept with the analysis
    # an entry page's findings as its panel shows them, by page key (editing.page_context, a stored revision's)
    shown: dict | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def unfilled(self) -> list[Finding]:
        """Errors that only say something cannot be scored yet because it is not filled in (a blank actual, weight or
        budget figure: core.unchecked.unfilled): a fresh draft has one per indicator, which the pages and lists show
        apart from errors in what was filled in, as 未计分. A value that cannot be read is no blank: an error."""
        if self._unfilled is None:
            blank = core_unchecked.unfilled(self.result)
            self._unfilled = [f for f in self.findings if f.code == NOT_SCORED and f.location in blank]
        return self._unfilled

    @property
    def problems(self) -> list[Finding]:
        """The findings without the unfilled items (`unfilled`): what the overview lists by severity."""
        left = {id(f) for f in self.unfilled}
        return [f for f in self.findings if id(f) not in left]

    @property
    def unscored(self) -> int:
        return len(self.unfilled)

    @property
    def unscored_by_table(self) -> Unscored:
        """`unscored` split between the department's own table and the projects': the overview's 不评定等级 is the
        department's, submitting waits for all of them, and each says which it counts."""
        projects = sum(1 for f in self.unfilled if docpath.index_in(f.location, "projects") is not None)
        return Unscored(self.unscored - projects, projects)


@dataclass(frozen=True)
class Unscored:
    """Items that cannot be scored yet (a blank actual, weight or budget figure), by the table they are in."""

    department: int  # 部门整体自评表
    projects: int  # 项目自评表, all of them

    @property
    def total(self) -> int:
        return self.department + self.projects

    def by_table(self) -> str:
        """Where they are, in words: “部门整体自评表 55 项、项目自评表 73 项” (a table with none left out)."""
        return "、".join(f"{table} {n} 项" for table, n in (("部门整体自评表", self.department),
                                                           ("项目自评表", self.projects)) if n)


@dataclass
class FindingIndex:
    """Findings by the path they concern, and scored leaves by path: built once per analysis, so that a page with
    hundreds of rows does not search every finding for every row."""

    leaves: dict[str, Any]
    exact: dict[str, list[Finding]]
    below: dict[str, list[Finding]]

    def at(self, path: str) -> list[Finding]:
        return self.exact.get(path, [])

    def under(self, path: str) -> list[Finding]:
        """Findings at `path` or anywhere below it."""
        return self.below.get(path, [])


def finding_index(analysis: Analysis) -> FindingIndex:
    if analysis.index is None:
        cards = ([analysis.result.department] if analysis.result.department else []) + \
                [p.card for p in analysis.result.projects if p.card]
        leaves = {leaf.path: leaf for card in cards for leaf in card.leaves()}
        exact: dict[str, list[Finding]] = {}
        below: dict[str, list[Finding]] = {}
        for finding in analysis.findings:
            exact.setdefault(finding.location, []).append(finding)
            for ancestor in _ancestors(finding.location):
                below.setdefault(ancestor, []).append(finding)
        analysis.index = FindingIndex(leaves, exact, below)
    return analysis.index


def _ancestors(location: str) -> list[str]:
    try:
        steps = docpath.parse(location)
    except docpath.PathError:
        return [location]
    return [docpath.join(steps[:n]) for n in range(1, len(steps) + 1)]


def core_document(data: dict) -> CoreEvaluation:
    return evaluation_from_data(data)


def previous_year_of(evaluation: Evaluation) -> Evaluation | None:
    """Last year's evaluation of the same department, whose 决算数 are this year's 上年决算数, once its finance bureau
    has accepted it (a draft's figures are no 决算 a report may state); none where it is the demo's invention and this
    one is not: a real department's report never states generated figures."""
    previous = Evaluation.objects.filter(department_id=evaluation.department_id, year=evaluation.year - 1,
                                         status=Status.ACCEPTED).first()
    if previous is None or (previous.demo_generated and not evaluation.demo_generated):
        return None
    return previous


def report_document(evaluation: Evaluation, previous: Evaluation | None = None) -> CoreEvaluation:
    """The evaluation as its report, tables and disclosure files state it: each 上年决算数 it leaves empty (三公经费,
    budget lines) taken from last year's evaluation of the department (`previous`, looked up when not given)."""
    document = core_document(evaluation.document)
    previous = previous if previous is not None else previous_year_of(evaluation)
    if previous is None:
        return document
    try:
        before = core_document(previous.document)
    except InputError:  # last year's stored document no longer reads: this year's report goes without it
        return document
    return with_previous_year(document, before)


def analyse(data: dict | CoreEvaluation, copied_from: int | None = None) -> Analysis:
    """Score and check; `copied_from` is the year this evaluation was started from, whose year in names is flagged."""
    document = data if isinstance(data, CoreEvaluation) else core_document(data)
    lib = library()
    result = score_evaluation(document, lib)
    findings = run_checks(document, lib, result)
    if copied_from is not None:
        findings += stale_years(document, copied_from)
    return Analysis(document, result, findings)


_ANALYSES: dict[tuple, Analysis] = {}
_ANALYSES_KEPT = 64


def analysis_of(evaluation: Evaluation) -> Analysis:
    """The core's verdict on a saved revision, computed once per process: a revision never changes."""
    # the save time too: a test database reuses ids and revision numbers for other documents
    key = (evaluation.pk, evaluation.revision, evaluation.updated)
    library()  # looks at the scheme files first: what was analysed under files since changed is dropped
    found = _ANALYSES.get(key)
    if found is None:
        found = keep_analysis(evaluation, analyse(evaluation.document, evaluation.copied_from_year))
    return found


def keep_analysis(evaluation: Evaluation, analysis: Analysis) -> Analysis:
    """`analysis` kept as the evaluation's as it stands (its revision and save time): what a rescoring computed
    afresh, under the save time it then wrote, is what the rest of its item reads (the stored risk)."""
    if len(_ANALYSES) >= _ANALYSES_KEPT:
        _ANALYSES.pop(next(iter(_ANALYSES)))
    _ANALYSES[(evaluation.pk, evaluation.revision, evaluation.updated)] = analysis
    return analysis


def new_findings(before: Analysis, after: Analysis, stored: tuple[dict, dict] | None = None) -> list[Finding]:
    """What `after` finds that `before` did not (by check and place), errors first: what a save brought about.
    `stored`: the two stored documents, by which a place is followed to where its row is now (a row removed above
    would move every finding below it and count each as new, and as cleared)."""
    aligned: dict = {}
    seen = {(f.code, followed(f.location, *stored, aligned) if stored else f.location) for f in before.findings}
    return [f for f in after.findings if (f.code, f.location) not in seen]


SUMMARY_FIELDS = ("score", "grade", "complete", "errors", "unscored", "warnings", "notices", "project_count",
                  "auditable")


def summarise(evaluation: Evaluation, analysis: Analysis) -> None:
    card = analysis.result.department
    document = analysis.document
    if scored_total(card) is not None:  # a card that scores nothing yet (a skeleton) totals 0, which is no score
        evaluation.score = round_half_up(card.total, SCORE_PLACES)
        evaluation.grade = card.grade.name if card.grade else ""
        evaluation.complete = card.complete
    else:
        evaluation.score = document.stated_score
        evaluation.grade = (document.stated_grade or "")[:10]  # a label such as 优 or 良好; the column holds 10
        evaluation.complete = False
    evaluation.errors = analysis.count("error")
    evaluation.unscored = analysis.unscored
    evaluation.warnings = analysis.count("warning")
    evaluation.notices = analysis.count("notice")
    evaluation.project_count = len(document.projects)
    evaluation.auditable = not nothing_to_check(analysis)


def nothing_to_check(analysis: Analysis) -> str:
    """Why the checks have nothing at all to read in this evaluation (core.unchecked), or "" when they have."""
    return core_unchecked.nothing_to_check(analysis.document, analysis.result)


# ---------------------------------------------------------------------------------------------------- saving
@dataclass(frozen=True)
class Actor:
    """Who acts, as the audit trail records it: the user and the address they came from. Services take this
    instead of the web request."""

    user: Any
    ip: str | None = None

    @classmethod
    def of(cls, request) -> Actor:
        return cls(request.user, client_ip(request))

    @property
    def META(self) -> dict:  # what the audit trail reads from a request
        return {"REMOTE_ADDR": self.ip}


@dataclass
class Saved:
    evaluation: Evaluation
    changes: list[tuple[str, Any, Any]]


@dataclass
class Conflict:
    """Someone saved since this page was opened, and touched what this page changes."""

    their_changes: list[tuple[str, Any, Any]]
    current_revision: int
    by: str  # who saved last, named as the pages name people (their name, not their login); "" when unknown
    removed: frozenset[str] = frozenset()  # of their_changes' paths, those whose row they removed
    gone: tuple[str, ...] = ()  # rows they removed from the tables this page saves, that this page left as they were
    who: str = "其他人"  # who saved, as the message opens (save_messages.saved_meanwhile): the user's other tab too
    other: str = "对方"  # that save, as the table names it


class SaveRefused(Exception):
    """A save that must not happen (frozen evaluation, unknown page revision), with the reason in Chinese."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


class Frozen(SaveRefused):
    """A save on an evaluation that was submitted (and so frozen) after the page was opened."""

    def __init__(self, evaluation: Evaluation):
        super().__init__(frozen_message(evaluation))


def frozen_message(evaluation: Evaluation) -> str:
    """Why a save from a page opened before the submission was not taken, and where what was typed is."""
    return (f"该自评已提交（当前状态：{status_of(evaluation)}），不能再修改；本次未保存。"
            "您填写的内容仍在下面（只读），可复制留存；退回后才能再修改。")


def save_document(evaluation_id: int, edits: list[Edit], actor: Actor, base_revision: int,
                  seen_revision: int | None = None) -> Saved | Conflict:
    """Make `edits` on the evaluation as the page saw it at `base_revision`. What others saved since is kept unless
    it touches what these edits change (then nothing is saved and the conflict is returned) — or unless the user was
    shown that conflict at `seen_revision` and it is still the current one: a deliberate second save, whose edits
    go over theirs, each on its own row (a row they removed that this page edits is kept, as the page promised). The status
    is checked under the row lock, so a save never lands after a submission froze the document. Raises SaveRefused,
    and InputError for data the core refuses. Scoring happens after the commit, once."""
    with transaction.atomic():
        current = Evaluation.objects.select_for_update().get(pk=evaluation_id)
        if current.status not in EDITABLE:
            raise Frozen(current)
        base = _base_document(current, base_revision)
        proposed = normalised(apply_edits(copy.deepcopy(base), edits))
        mine = [e.path for e in edits if docpath.get(proposed, e.path) != docpath.get(base, e.path)]
        merged = proposed
        if base_revision != current.revision:
            moved = {path: follow(path, base, current.document) for path in mine}
            clash = _their_changes(base, current.document, moved)
            if clash and seen_revision != current.revision:
                by = person(current.updated_by) if current.updated_by else ""
                cells, removed = _conflict_cells(clash, base, current.document, proposed)
                removed |= {path for path in mine if moved[path] is None}
                gone = tuple(path for path in _rows_they_removed(clash, base, current.document) if path not in removed)
                who, other = saved_meanwhile(current.updated_by, actor.user)
                return Conflict(cells, current.revision, by, frozenset(removed), gone, who, other)
            if clash:  # saved again after reading the conflict: theirs stays where this page did not write
                merged = normalised(merge(base, current.document, proposed)[0])
            else:
                merged = copy.deepcopy(current.document)
                apply_edits(merged, [Edit(moved[path], copy.deepcopy(docpath.get(proposed, path))) for path in mine])
                merged = normalised(merged)
        changes = diff(current.document, merged)
        if not changes:
            return Saved(current, [])
        before, current.document = current.document, merged
        current.revision += 1
        current.updated_by = actor.user
        fields = ["document", "revision", "updated_by", "updated"]
        if current.import_sources:  # a value the preparer changed is no longer the file's: "" says so
            current.import_sources = _sources_after(current.import_sources, before, merged, changes)
            fields.append("import_sources")
        current.save(update_fields=fields)
        Revision.objects.create(evaluation=current, number=current.revision, document=merged, user=actor.user)
        record_changes(actor, "evaluation", current.pk, changes)
    refresh_summary(current)
    return Saved(current, changes)


def _sources_after(sources: dict[str, str], before: dict, after: dict, changes: list) -> dict[str, str]:
    """Where each value was read (import_sources), kept with its row when rows moved (a row removed above: its
    sources go with it, not to the row now in its place), and "" for what the save changed."""
    if any(isinstance(old, dict) and new is None or old is None and isinstance(new, dict) for _, old, new in changes):
        aligned: dict = {}
        moved = {path: followed(path, before, after, aligned) for path in sources}
        sources = {new: sources[path] for path, new in moved.items() if new is not None}
    return {**sources, **{path: "" for path, old, new in changes if not (isinstance(old, dict) and new is None)}}


def _conflict_cells(clash: list, base: dict, current: dict, proposed: dict) -> tuple[list, set[str]]:
    """The conflict as the page shows it: a table's clash (the page saves a table whole) as the cells and rows both
    saves wrote (a three-way merge by row identity), not the whole table twice; and the paths of rows they removed
    that this page edits."""
    tables = [path for path, then, _ in clash if isinstance(then, list)]
    if not tables:
        return clash, set()
    cells = [(path, then, theirs) for path, then, theirs, _ in merge(base, current, proposed)[1]
             if any(path == table or path.startswith(table + "[") for table in tables)]
    removed = {path for path, then, theirs in cells if isinstance(then, dict) and theirs is None}
    return [c for c in clash if c[0] not in tables] + cells, removed


def _rows_they_removed(clash: list, base: dict, current: dict) -> list[str]:
    """The rows of the tables in `clash` that the other save removed (their paths in `base`), rows by identity."""
    gone = []
    for table, then, _ in clash:
        if isinstance(then, list):
            now = docpath.get(current, follow(table, base, current) or table)
            matched = {i for i, j in align(then, now if isinstance(now, list) else []) if i is not None and j is not None}
            gone += [f"{table}[{i}]" for i in range(len(then)) if i not in matched]
    return gone


def _their_changes(base: dict, current: dict, moved: dict[str, str | None]) -> list[tuple[str, Any, Any]]:
    """What others saved since `base` of what this save edits, (path, then, now), the path as the page has it (its
    document is `base`'s): each edited place followed to where its row is now (`moved`, documents.follow), so that a
    row they removed or added elsewhere in a table is no conflict and moves no edit to another row; a row they
    removed that this save edits is one (its value now None)."""
    clash = []
    for path, now in moved.items():
        then = docpath.get(base, path)
        value = docpath.get(current, now) if now is not None else None
        if now is None or value != then:
            clash.append((path, then, value))
    return clash


def revision_document(evaluation: Evaluation, number: int) -> dict | None:
    """The document as revision `number` stored it (the current one's is the evaluation's), or None."""
    if number == evaluation.revision:
        return evaluation.document
    if not 0 < number < evaluation.revision:
        return None
    return Revision.objects.filter(evaluation=evaluation, number=number).values_list("document", flat=True).first()


def _base_document(current: Evaluation, base_revision: int) -> dict:
    found = revision_document(current, base_revision)
    if found is None:
        raise SaveRefused("页面的版本号无效（页面可能已过期），未保存。请刷新页面后重新填写。", status=400)
    return found


def refresh_summary(evaluation: Evaluation) -> Analysis:
    """Score the saved revision (after its commit, outside the row lock), keep the analysis for the next page, and
    store the summary the lists show — unless a newer revision was saved meanwhile."""
    found = analysis_of(evaluation)
    summarise(evaluation, found)
    Evaluation.objects.filter(pk=evaluation.pk, revision=evaluation.revision).update(
        **{name: getattr(evaluation, name) for name in SUMMARY_FIELDS})
    return found


def create_evaluation(*, department, year: int, document: dict, actor: Actor, imported: bool = False,
                      copied_from: int | None = None, sources: dict | None = None) -> Evaluation:
    """A new evaluation. `imported`: a finance reviewer built it from a report and may correct it; `sources`: where
    each value was read, for a document that came from a file. A document that says `generated: true` (a file jixiao
    wrote of a demo evaluation, imported again) makes a generated evaluation: its files say 演示生成 as the
    original's did (Evaluation.document_mark), its figures never pass for a department's own."""
    clean = normalised(document)
    with transaction.atomic():
        evaluation = Evaluation(department=department, year=year, document=clean, updated_by=actor.user,
                                imported_by=actor.user if imported else None, copied_from_year=copied_from,
                                import_sources=sources or {}, generated=clean.get("generated") is True)
        summarise(evaluation, analyse(clean, copied_from))
        evaluation.save()
        Revision.objects.create(evaluation=evaluation, number=1, document=clean, user=actor.user)
        record(Action.CREATE, actor, object_type="evaluation", object_id=evaluation.pk, detail=str(evaluation))
    return evaluation


def next_year_document(previous: dict, year: int) -> dict:
    """Last year's projects, goals, indicators and targets, without last year's figures, actual values or scores."""
    document = copy.deepcopy(previous)
    document["year"] = year
    for key in ("budget", "income", "three_public_expenses", "running_cost", "procurement", "fixed_assets",
                "execution", "declared_totals", "statements", "stated_years", "stated_dates", "surveys",
                "stated_execution_score", "stated_score", "stated_grade", "deviation_reason", "improvement",
                "problems", "measures", "report_date", "title", "generated"):  # this year's figures are typed in
        document.pop(key, None)

    def clear_indicators(indicators: list[dict]) -> None:
        for indicator in indicators:
            for key in ("actual", "score", "tier", "reason", "deviation_reason", "improvement"):
                indicator.pop(key, None)
            for criterion in indicator.get("criteria", []):
                criterion.pop("met", None)

    for goal in document.get("goals", []):
        goal.pop("stated_score", None)
        goal.pop("actual", None)
        clear_indicators(goal.get("indicators", []))
    clear_indicators(document.get("indicators", []))
    for project in document.get("projects", []):
        for key in ("budget", "stated_execution_score", "stated_score", "stated_grade", "deviation_reason",
                    "improvement", "problems", "funds"):
            project.pop(key, None)
        clear_indicators(project.get("indicators", []))
    return normalised(document)


# -------------------------------------------------------------------------------------------------- workflow
class WorkflowError(Exception):
    """A transition that is not allowed now, with the reason in Chinese."""


def errors_left(errors: int, unscored: Unscored, label: str) -> str:
    """Why submitting waits: blanks still to fill, in every table (部门整体 and each project's), apart from errors in
    what was filled in."""
    blanks = f"{unscored.by_table()}：实际值、分值或预算执行数未填"
    if unscored.total and unscored.total == errors:
        return f"全部自评表还有 {unscored.total} 项尚未计分（{blanks}），填齐后才能{label}。"
    if unscored.total:
        return (f"还有 {errors} 个错误未改正（其中 {unscored.total} 项尚未计分——{blanks}），"
                f"改正后才能{label}。")
    return f"还有 {errors} 个错误未改正，改正后才能{label}。"


def unscored_parts(document: dict) -> str:
    """What of the evaluation no scoring scheme scores (a draft imported from a file has none): it has no score to
    submit. "" when every part has one."""
    parts = []
    if (document.get("goals") or document.get("indicators")) and not document.get("scheme"):
        parts.append("部门整体")
    projects = [p for p in document.get("projects") or [] if p.get("indicators")]  # a listed project is not scored
    if any(not p.get("scheme") for p in projects) and not document.get("project_scheme"):
        parts.append("项目")
    return "、".join(parts)


# a return says what to change, as an 审核意见 does (result_application's, 500): it heads the evaluation's pages
RETURN_COMMENT = Field("comment", "退回意见", "longtext", max_length=500)


def transition(evaluation: Evaluation, action: str, *, actor: Actor, comment: str = "") -> Evaluation:
    if action not in TRANSITIONS:
        raise WorkflowError("未知的操作")
    sources, target, label, freeze = TRANSITIONS[action]
    with transaction.atomic():
        current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if current.status not in sources:
            raise WorkflowError(f"当前状态为“{status_of(current)}”，不能“{label}”。")
        if action.startswith("return") and not comment.strip():
            raise WorkflowError("退回时须填写意见，说明需要修改什么。")
        if action.startswith("return"):
            comment, problem = RETURN_COMMENT.read(comment)
            if problem:
                raise WorkflowError(f"{RETURN_COMMENT.label}：{problem}。")
        if action in ("submit", "approve"):
            unscored = unscored_parts(current.document or {})
            if unscored:
                raise WorkflowError(f"{unscored}尚未选择评分方案（“部门概况”页），选定并按其评分后才能{label}。")
            analysis = analysis_of(current)
            nothing = nothing_to_check(analysis)
            if nothing:  # no errors because nothing was checked: not a clean evaluation
                raise WorkflowError(f"无法审核：{nothing}。请先填写，才能{label}。")
            if analysis.errors:
                raise WorkflowError(errors_left(len(analysis.errors), analysis.unscored_by_table, label))
            summarise(current, analysis)  # the version freezes this revision's own score
        source = current.status
        current.status = target
        current.save(update_fields=["status", "updated", *SUMMARY_FIELDS])
        if freeze:
            number = (current.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            Version.objects.create(evaluation=current, number=number, status=target, document=current.document,
                                   score=current.score, grade=current.grade, created_by=actor.user, note=label)
        WorkflowEvent.objects.create(evaluation=current, action=action, from_status=source, to_status=target,
                                     user=actor.user, comment=comment.strip())
        record(Action.WORKFLOW, actor, object_type="evaluation", object_id=current.pk,
               old_value=source, new_value=target, detail=f"{label}{'：' + comment.strip() if comment.strip() else ''}")
    return current


__all__ = ["InputError", "flatten"]
