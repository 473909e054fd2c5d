"""Between the goal pages and the core: the library (rule files plus the department's history and its bureau's other
departments), the checks of a goal set, saving with an audit of every field, and the review workflow whose approval
starts that year's self-evaluation.

No checking happens here: `findings` calls `jixiao.core.cycle.goals`."""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q

from jixiao.core.cycle import goals as core
from jixiao.core.errors import InputError
from jixiao.core.locations import describe
from jixiao.io.file_signature import files_signature
from jixiao.io.rule_files import SHIPPED, load_rules, read_again_when_changed
from jixiao.web import lookups
from jixiao.web.accounts.models import ADMIN_ROLES, Role
from jixiao.web.accounts.permissions import bureau_ids, department_ids, roles
from jixiao.web.audit.log import record, record_changes
from jixiao.web.audit.models import Action
from jixiao.web.evaluations.documents import diff, followed, merge
from jixiao.web.evaluations.fields import Field
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.returns import status_of
from jixiao.web.evaluations.services import Actor, create_evaluation, next_year_document
from jixiao.web.evaluations.services import library as evaluation_library
from jixiao.web.people import person
from jixiao.web.save_messages import saved_meanwhile

from .models import EDITABLE, GoalEvent, GoalRevision, GoalSet, GoalStatus

LIBRARY_FOLDER = "indicators"
SHARED_STATUSES = (Status.WITH_FINANCE, Status.ACCEPTED)  # other departments' work shared once it left them


# ------------------------------------------------------------------------------------------------------ library
def library_folders() -> list[Path]:
    """The shipped library and a bureau's own (`JIXIAO_RULES/indicators/`)."""
    return [SHIPPED / LIBRARY_FOLDER,
            *(Path(p) / LIBRARY_FOLDER for p in os.environ.get("JIXIAO_RULES", "").split(os.pathsep) if p)]


def library_names() -> list[str]:
    """The library's files: the shipped ones and a bureau's own, by name; a bureau's file of the same name takes
    the shipped one's place (rule_files.rule_path)."""
    names = {path.stem for folder in library_folders() if folder.is_dir() for path in folder.glob("*.yaml")}
    return sorted(names, key=lambda name: (name != "common", name))


def library_files() -> list[Path]:
    return [path for folder in library_folders() if folder.is_dir() for path in sorted(folder.glob("*.yaml"))]


@read_again_when_changed(library_files)
def library() -> core.Library:
    """Every library file, validated: a broken one stops with its Chinese message (file, entry, line). Read again
    when a file is edited, added or removed."""
    indicators: list[core.LibraryIndicator] = []
    totals = dict(core.DEFAULT_WEIGHT_TOTALS)
    sectors: dict[str, tuple[str, ...]] = {}
    for name in library_names():
        title, found, file_totals, words = load_rules(
            f"{LIBRARY_FOLDER}/{name}", lambda data, source: (*core.library_from_data(data, source),
                                                              core.department_words(data)))
        indicators += found
        if words:
            sectors[title] = words
        if name == "common":
            totals = file_totals
    from . import following  # (it reads this module)

    following.library_read(totals)  # the stored counts follow a change of the totals
    return core.Library(tuple(indicators), totals, sectors)


COMMON_TITLE = "共性指标"


def suggestion_order(department):
    """The department's own history, its sector, the common indicators, then the rest (core.source_order)."""
    sector = library().sector_of(department.name) if department is not None else ""
    return core.source_order(sector, COMMON_TITLE)


def candidates(department) -> list[core.LibraryIndicator]:
    """What a department's preparer draws on, most trusted first: its own evaluations (latest year first), the
    library, then what the other departments of its bureau used in evaluations they handed in and goals approved.

    Read from the documents once per process while none of them changes: the suggestions answer every few
    keystrokes, and reading a bureau's documents each time was most of their time (issue 11). Whether one changed
    is asked of the rows' revisions and save times, without their documents."""
    own = Evaluation.objects.filter(department=department).order_by("-year", "pk")
    others = Evaluation.objects.filter(department__finance_bureau_id=department.finance_bureau_id,
                                       status__in=SHARED_STATUSES).exclude(department=department).order_by("-year", "pk")
    approved = GoalSet.objects.filter(department__finance_bureau_id=department.finance_bureau_id,
                                      status=GoalStatus.APPROVED).exclude(department=department).order_by("-year", "pk")
    key = (department.pk, files_signature(library_files()), *(tuple(rows.values_list("pk", "revision", "updated"))
                                           for rows in (own, others, approved)))
    found = _CANDIDATES.get(key)
    if found is None:
        found = _read_candidates(own, others, approved)
        if len(_CANDIDATES) >= _CANDIDATES_KEPT:
            _CANDIDATES.pop(next(iter(_CANDIDATES)))
        _CANDIDATES[key] = found
    return list(found)


_CANDIDATES: dict[tuple, tuple[core.LibraryIndicator, ...]] = {}
_CANDIDATES_KEPT = 32  # departments


def _read_candidates(own, others, approved) -> tuple[core.LibraryIndicator, ...]:
    found = [entry for year, document in own.values_list("year", "document")
             for entry in core.indicators_of_document(document, f"本部门 {year} 年自评")]
    found += library().indicators
    for year, name, document in others.values_list("year", "department__name", "document"):
        found += core.indicators_of_document(document, f"{name} {year} 年自评")
    for year, name, document in approved.values_list("year", "department__name", "document"):
        found += core.indicators_of_document(document, f"{name} {year} 年目标")
    return tuple(found)


# ------------------------------------------------------------------------------------------------------- scoping
def visible_goal_sets(user):
    """Goal sets of the user's departments, or of the departments under the user's finance bureaus."""
    queryset = GoalSet.objects.select_related("department", "department__finance_bureau")
    if not user.is_authenticated or roles(user) <= ADMIN_ROLES:
        return queryset.none()
    return queryset.filter(Q(department_id__in=department_ids(user)) |
                           Q(department__finance_bureau_id__in=bureau_ids(user)))


def sees_goal_set(user, goal_set: GoalSet) -> bool:
    """`visible_goal_sets` asked of one goal set already read (its department with it)."""
    if not user.is_authenticated or roles(user) <= ADMIN_ROLES:
        return False
    return goal_set.department_id in department_ids(user) or \
        goal_set.department.finance_bureau_id in bureau_ids(user)


def can_edit(user, goal_set: GoalSet) -> bool:
    return goal_set.editable and prepares(user, goal_set)


def prepares(user, goal_set: GoalSet) -> bool:
    """Whether the user edits the goal set while it is a draft or returned, whatever its status now."""
    return goal_set.department_id in department_ids(user, Role.PREPARER)


def may_act(user, goal_set: GoalSet, action: str) -> bool:
    """Whether the user's role lets them take this action on the goal set at all (its status aside): the
    department submits, its finance bureau returns or approves."""
    if action == "submit":
        return goal_set.department_id in department_ids(user, Role.PREPARER, Role.DEPARTMENT_REVIEWER)
    return action in ("return", "approve") and goal_set.department.finance_bureau_id in bureau_ids(user)


def allowed_actions(user, goal_set: GoalSet) -> list[str]:
    """The workflow actions this user may take on the goal set now."""
    return [action for action, (sources, _) in MOVES.items()
            if goal_set.status in sources and may_act(user, goal_set, action)]


# -------------------------------------------------------------------------------------------------------- checks
_LAST_YEARS: dict[tuple, tuple] = {}  # (pk, revision, updated) → (previous actuals, previous budgets)
_LAST_YEARS_KEPT = 256


def _last_year(department, year: int) -> tuple[dict, core.PreviousBudgets] | None:
    """What the checks take from the department's evaluation of the year before `year`: its actual values
    (core.previous_actuals) and budgets (core.previous_budgets), or None when it has none (or an empty document).
    Kept per revision, as an analysis is: a goal set's page read and decoded last year's whole document on every
    drawing for these (the department has one evaluation a year; a revision never changes)."""
    where, values = ("department_id", "year"), [getattr(department, "pk", department), year - 1]
    found = lookups.values(Evaluation, ("id", "revision", "updated"), where, values)
    if not found:
        return None
    kept = _LAST_YEARS.get(found[0])
    if kept is None:
        read = lookups.values(Evaluation, ("id", "revision", "updated", "document"), where, values)
        if not read:
            return None
        *key, document = read[0]
        kept = (core.previous_actuals(document), core.previous_budgets(document)) if document else ()
        if len(_LAST_YEARS) >= _LAST_YEARS_KEPT:
            _LAST_YEARS.pop(next(iter(_LAST_YEARS)))
        _LAST_YEARS[tuple(key)] = kept
    return kept or None


def schemes() -> dict:
    """The scoring schemes as the evaluation pages have them (read again when a scheme file changes)."""
    return evaluation_library().schemes


def evaluation_schemes(department, year: int) -> dict[str, str]:
    """The scoring schemes of the department's latest evaluation before `year` that names one (`scheme`,
    `project_scheme`, each from the latest naming it: a later draft started blank names none): the ones its
    self-evaluation of `year` will be scored by, so the ones its goals' weights must fit."""
    schemes: dict[str, str] = {}
    earlier = Evaluation.objects.filter(department=department, year__lt=year).order_by("-year")
    for document in earlier.values_list("document", flat=True).iterator():
        document = document if isinstance(document, dict) else {}
        for key in core.SCHEME_KEYS:
            if document.get(key) and key not in schemes:
                schemes[key] = document[key]
        if len(schemes) == len(core.SCHEME_KEYS):
            break
    return schemes


def with_schemes(document: dict, stored: dict) -> dict:
    """What the form posts (which has no scheme fields) with the schemes the goal set remembers."""
    return {**{key: stored[key] for key in core.SCHEME_KEYS if stored.get(key)}, **document}


def findings(document: dict, department, year: int) -> list[core.GoalFinding]:
    """The checks, with weight totals from the schemes the goal set names (or, for one stored before goal sets
    remembered them, its department's evaluation), else from the library file."""
    named = document if any(document.get(k) for k in core.SCHEME_KEYS) else evaluation_schemes(department, year)
    totals = core.weight_totals_of(named, schemes(), library().weight_totals)
    last_year = _last_year(department, year)  # its actual values and budgets, kept by its revision
    return core.check_goal_set(document, last_year[0] if last_year else {}, totals, year,
                               _latest_budgets(department, year, last_year[1] if last_year else None))


BUDGET_YEARS_BACK = 3  # a goal set for 2025 is set before 2024's evaluation has its budgets: 2023's then


def _latest_budgets(department, year: int, found: core.PreviousBudgets | None) -> core.PreviousBudgets | None:
    """The budgets of the latest evaluation before `year` that states any (a trial's 2025 goals asked 5000 万元 for a
    5 万元 project: last year's evaluation, a skeleton from its goals, had no budgets yet, so nothing was said).
    `found`: last year's (core.previous_budgets of its document), None when it has none."""
    if found is not None and (found.projects or found.department is not None):
        return found
    earlier = Evaluation.objects.filter(department=department, year__lt=year - 1, year__gte=year - BUDGET_YEARS_BACK)
    for document in earlier.order_by("-year").values_list("document", flat=True):
        budgets = core.previous_budgets(document)
        if budgets.projects or budgets.department is not None:
            return budgets
    return found


def summarise(goal_set: GoalSet) -> list[core.GoalFinding]:
    found = findings(goal_set.document, goal_set.department, goal_set.year)
    goal_set.errors = sum(1 for f in found if f.severity == "error")
    goal_set.warnings = sum(1 for f in found if f.severity == "warning")
    goal_set.project_count = len(goal_set.document.get("projects") or [])
    return found


def new_findings(before: dict, after: dict, department, year: int) -> list[core.GoalFinding]:
    """What the checks find in `after` that they did not in `before` (by check and place, a place followed to where
    its row is now: a row removed above moved every finding below it, and a trial was told of three 新出现 duplicates
    that had been there all along), errors first."""
    aligned: dict = {}
    seen = {(f.code, followed(f.path, before, after, aligned))
            for f in findings(before, department, year)}
    found = [f for f in findings(after, department, year) if (f.code, f.path) not in seen]
    return sorted(found, key=lambda f: {"error": 0, "warning": 1}.get(f.severity, 2))


# ------------------------------------------------------------------------------------------------- create, save
class GoalError(Exception):
    """What cannot be done now, said in Chinese."""


class Conflict(GoalError):
    """Someone saved the goals after this page was opened and nothing is saved. `shown`: the document the page shows
    again (carrying the current revision, so that a second save after reading the conflict is deliberate).

    `clashes` (position, value when the page was opened, theirs, typed): cells both changed (or a row one side removed
    and the other edited), named as they were when the page was opened (`base`); `shown` holds the other save's
    changes and this page's typing, so saving again keeps theirs elsewhere. Without a revision to merge from,
    `differences` (position, stored, typed): every cell (or whole row) where what is stored differs from what was
    typed, which a second save overwrites."""

    def __init__(self, current: GoalSet, shown: dict, clashes: list | None = None, base: dict | None = None,
                 user=None):
        super().__init__("页面打开后已有另一次保存，本次未保存。")
        self.revision = current.revision
        self.by = person(current.updated_by) if current.updated_by else ""
        # named as the user reads it: another person, or the same user in another tab (save_messages)
        self.who, self.other = saved_meanwhile(current.updated_by, user)
        self.shown = shown
        self.clashes = [(place(path, base if base is not None else current.document), _shown(old), _shown(theirs),
                         _shown(mine)) for path, old, theirs, mine in clashes or []]
        # diff names a row removed where it was (in what is stored), anything else where it is in what was typed
        self.differences = [] if clashes is not None else [
            (place(path, current.document if mine is None and isinstance(stored, dict) else shown), _shown(stored),
             _shown(mine)) for path, stored, mine in diff(current.document, shown)]


def _shown(value) -> str:
    return "" if value is None else str(value)


# The goal page's own names of its cells, where the evaluation's words differ (describe names `reason` 评分理由)
_CELLS = {"reason": "说明", "level1": "一级指标", "level2": "二级指标", "direction": "方向", "goal": "年度绩效目标",
          "budget": "申请预算"}


def place(path: str, document: dict) -> str:
    """A cell of the goal page in words, as its headings name it: 指标“培训人数” › 说明."""
    if path.startswith("goals[0].") and len(core.department_goals(document)) == 1:
        path = path[len("goals[0]."):]  # the one overall goal: named as its table and cells, not 年度目标 1
        document = {**document, **document["goals"][0]}
    head, _, last = path.rpartition(".")
    if last in _CELLS:
        return f"{describe(head, document)} › {_CELLS[last]}" if head else _CELLS[last]
    return describe(path, document)


def merged(current: GoalSet, base_revision: int, typed: dict, user=None) -> dict:
    """What a save from a page opened at `base_revision` stores when others saved since: their changes kept and this
    page's applied over them, rows followed by identity (a row the other save removed or added above does not move
    this page's edits to another row). Raises Conflict when both changed a cell, or when the revision is unknown."""
    base = GoalRevision.objects.filter(goal_set=current, number=base_revision).values_list("document", flat=True).first()
    if base is None:
        raise Conflict(current, typed, user=user)
    document, clashes = merge(base, current.document, typed)
    if clashes:
        raise Conflict(current, document, clashes, base, user)
    return document


def drawn_project_names(goal_set: GoalSet, revision: int) -> list[str]:
    """The project names a page opened at `revision` drew its blocks with (p0-, p1-, …): the stored ones when nobody
    saved since, else that revision's (read only then)."""
    document = goal_set.document
    if revision != goal_set.revision:
        document = GoalRevision.objects.filter(goal_set=goal_set, number=revision).values_list(
            "document", flat=True).first() or document
    projects = document.get("projects") if isinstance(document, dict) else None
    return [str(p.get("name") or "") if isinstance(p, dict) else "" for p in projects or []]


class Frozen(GoalError):
    """A save on goals that were submitted (and so frozen) after the page was opened."""

    def __init__(self, goal_set: GoalSet):
        super().__init__(frozen_message(goal_set))


def frozen_message(goal_set: GoalSet) -> str:
    """Why a save from a page opened before the goals were submitted was not taken, and where what was typed is."""
    return (f"这份绩效目标已申报（当前状态：{goal_set.get_status_display()}），不能再修改；本次未保存。"
            "您填写的内容仍在下面（只读），可复制留存；财政退回后才能再修改。")


def starting_document(department, year: int) -> dict:
    """A new goal set starts from the department's latest settled plan (`carried_source`): its own goals and each
    project that has indicators, with their names, goals, indicators and targets (no actual values), for the preparer
    to raise or replace. Names that still say the old year are left as they were, for GOAL.OLD_YEAR to point out."""
    source = carried_source(department, year)
    goals = (source.goals if source else None) or [{"goal": "", "indicators": []}]  # the page's first goal, to write
    return {**evaluation_schemes(department, year), "goals": goals, "projects": source.projects if source else []}


class Carried(NamedTuple):
    """What new goals take from an earlier evaluation or approved goal set, derived once: its year, what it is (自评
    or 绩效目标), its document, its department goals and the projects that have indicators to carry."""

    year: int
    kind: str
    document: dict
    goals: list[dict]
    projects: list[dict]


def carried_source(department, year: int) -> Carried | None:
    """The latest earlier year that has indicators to carry: its evaluation, which holds the goals as adjusted during
    the year, or else the goal set the finance bureau approved for it (approval normally creates that evaluation, but
    not when a blank one was there already). A blank evaluation is passed over (trial 9: a 2024 draft created empty
    would leave the new goals empty with 2023's filled in). Goals not yet approved are no source: they are still
    being argued over (`pending_goal_year` names them in the message)."""
    evaluated = _latest_carried(Evaluation.objects.all(), department, year, "自评",
                                lambda d: (department_goals(d), carried_projects(d)))
    approved = GoalSet.objects.filter(status=GoalStatus.APPROVED)
    planned = _latest_carried(approved, department, year, "绩效目标", lambda d: (goal_set_goals(d), carried_projects(d)),
                              after=evaluated.year if evaluated else 0)
    return planned or evaluated


def _latest_carried(rows, department, year: int, kind: str, read, after: int = 0) -> Carried | None:
    earlier = rows.filter(department=department, year__lt=year, year__gt=after).order_by("-year")
    for found_year, document in earlier.values_list("year", "document").iterator():
        document = document if isinstance(document, dict) else {}
        goals, projects = read(document)
        if projects or any(g["indicators"] for g in goals):
            return Carried(found_year, kind, document, goals, projects)
    return None


def pending_goal_year(department, year: int, carried_year: int) -> int | None:
    """The latest goal set between the carried year and the new one that is not approved yet, if any."""
    return (GoalSet.objects.filter(department=department, year__lt=year, year__gt=carried_year)
            .exclude(status=GoalStatus.APPROVED).order_by("-year").values_list("year", flat=True).first())


def goal_set_goals(document: dict) -> list[dict]:
    """A goal set's department goals as a new goal set holds them: each goal's text (without a leading label such as
    任务1：), weight and indicators."""
    goals = []
    for goal in core.department_goals(document):
        carried = {"goal": unlabelled(goal.get("goal"))}
        if str(goal.get("weight") or "").strip():
            carried["weight"] = str(goal["weight"]).strip()
        carried["indicators"] = carried_indicators(goal.get("indicators"))
        goals.append(carried)
    return goals


def carried_projects(document: dict) -> list[dict]:
    """Each project of an evaluation that has goals' indicators, with its name, goal and those indicators."""
    projects = []
    for project in document.get("projects") or []:
        if not isinstance(project, dict):
            continue
        indicators = carried_indicators(project.get("indicators"))
        if indicators:
            projects.append({"name": project.get("name") or "", "goal": project.get("goal") or "",
                             "indicators": indicators})
    return projects


def carried_indicators(indicators) -> list[dict]:
    """The goals' indicators of a list (output, outcome, satisfaction): a framework's 决策/过程 items are scored at the
    year's end, not set as goals."""
    return [copied_indicator(i) for i in indicators or []
            if isinstance(i, dict) and i.get("level2") in core.LEVEL2_OF.get(i.get("level1"), ())]


# A leading label numbering the goal in the old document (年度目标 1：, 任务1：, 任务一：, 目标2:, 工作任务三：):
# the label, not the goal; the pages head each block themselves (年度目标 1（10 分）), carried it says the number twice
_LABELLED = re.compile(r"^(?:年度目标|年度任务|工作任务|工作目标|目标|任务)\s*[\d一二三四五六七八九十〇零]+\s*[：:]\s*")


def unlabelled(text) -> str:
    """A carried goal's text without the old document's leading label (`_LABELLED`)."""
    return _LABELLED.sub("", str(text or "").strip(), count=1)


def department_goals(document: dict) -> list[dict]:
    """An evaluation's department-level goals as a goal set holds them (the reverse of `core.evaluation_skeleton`):
    each annual goal apart, with its name as its text (the skeleton's stand-in names left out, and a leading “年度目标
    N：” the goal pages write themselves: 通城's read “年度目标 1（10 分）” above “年度目标 1：为满足…”), its weight and
    its indicators; indicators not grouped in goals, if any, as one more goal whose text is to be written."""
    goals = []
    for goal in document.get("goals") or []:
        if not isinstance(goal, dict):
            continue
        name = unlabelled(goal.get("name"))
        carried = {"goal": "" if name == core.DEPARTMENT_GOAL_NAME or re.fullmatch(r"年度目标 \d+", name) else name}
        if str(goal.get("weight") or "").strip():
            carried["weight"] = str(goal["weight"]).strip()
        carried["indicators"] = carried_indicators(goal.get("indicators"))
        goals.append(carried)
    loose = carried_indicators(document.get("indicators"))
    if loose:
        goals.append({"goal": "", "indicators": loose})
    return goals


def copied_indicator(indicator: dict) -> dict:
    """Last year's indicator with its unit and direction as stored or as its target implies (what the pages show)."""
    copied = {key: str(indicator[key]).strip() for key in ("name", "level1", "level2", "target", "weight")
              if indicator.get(key) not in (None, "")}
    unit = core.unit_of(indicator)
    if unit:
        copied["unit_of_measure"] = unit
    # an evaluation states the direction as its scoring method ("method"), a goal set as "direction"
    copied["direction"] = core.direction_of(indicator.get("target"), indicator.get("direction") or indicator.get("method"))
    return copied


def create_goal_set(department, year: int, actor: Actor, document: dict | None = None) -> GoalSet:
    if GoalSet.objects.filter(department=department, year=year).exists():
        raise GoalError(f"{department.name} {year} 年度的绩效目标已经存在。")
    with transaction.atomic():
        document = (with_schemes(document, evaluation_schemes(department, year)) if document is not None
                    else starting_document(department, year))
        goal_set = GoalSet(department=department, year=year, updated_by=actor.user, document=document)
        summarise(goal_set)
        goal_set.save()
        GoalRevision.objects.create(goal_set=goal_set, number=goal_set.revision, document=goal_set.document)
        record(Action.CREATE, actor, object_type="goal_set", object_id=goal_set.pk, detail=str(goal_set))
    return goal_set


def created_message(goal_set: GoalSet) -> str:
    """Said once after a goal set was created from the latest earlier evaluation (`starting_document`): what it
    carried, so that the preparer knows the table is last year's to revise, not empty by mistake."""
    document = goal_set.document
    projects = document.get("projects") or []
    goals = core.department_goals(document)
    count = sum(len(g.get("indicators") or []) for g in goals) + sum(len(p.get("indicators") or []) for p in projects)
    source = carried_source(goal_set.department, goal_set.year)
    if source is None or not (count or any(g.get("goal") for g in goals)):
        return f"已新建{goal_set}。没有以前年度的自评或绩效目标可带入，请填写年度目标和绩效指标。"
    # what was left out is said too: a trial counted 26 projects in the evaluation and found 8 here
    year, left = source.year, len(source.document.get("projects") or []) - len(projects)
    left_out = f"（另有 {left} 个项目没有绩效指标，未带入）" if left > 0 else ""
    said = f" {len(goals)} 个部门年度目标" if len(goals) > 1 else "部门整体目标"
    kept = "保留年度指标值，未带入实际完成值" if source.kind == "自评" else "保留年度指标值"
    pending = pending_goal_year(goal_set.department, goal_set.year, year)
    # trial 11 had 2024 goals in draft and read “带入了 2023 年度自评” as a mistake: why 2024's are not taken is said
    unsettled = f"{pending} 年度绩效目标尚未审核通过，未作为来源。" if pending else ""
    return (f"已新建{goal_set}，带入了 {year} 年度{source.kind}的{said}和 {len(projects)} 个项目的目标{left_out}，共 {count} 条"
            f"绩效指标（{kept}）。{unsettled}请按本年度修改，并为每个项目填写年度绩效目标和申请预算。")


def save_goal_set(goal_set_id: int, document: dict, actor: Actor, base_revision: int) -> list[tuple]:
    """Store the document typed on a page opened at `base_revision`; every changed field is audited. Nothing is
    saved when nothing changed, when the goals are frozen, or when someone saved since the page was opened."""
    with transaction.atomic():
        current = GoalSet.objects.select_for_update().get(pk=goal_set_id)
        if not current.editable:
            raise Frozen(current)
        document = with_schemes(document, current.document)
        if base_revision != current.revision:
            document = merged(current, base_revision, document, actor.user)
        changes = diff(current.document, document)
        if not changes:
            return []
        current.document = copy.deepcopy(document)
        current.revision += 1
        current.updated_by = actor.user
        summarise(current)
        current.save()
        GoalRevision.objects.create(goal_set=current, number=current.revision, document=current.document)
        record_changes(actor, "goal_set", current.pk, changes)
    return changes


def changed_cells(changes: list[tuple]) -> int:
    """How many of the page's cells a save changed, as the person who typed them counts: the 一级·二级指标 select is
    one cell stored as two fields, a row (or project) added or removed is one change (diff holds it whole), and the
    empty parts a table or a project starts with (a goal not yet written, a table without rows) are no cell. The
    audit trail keeps every field."""
    cells = set()
    for path, old, new in changes:
        if old in _EMPTY and new in _EMPTY:
            continue
        head, _, last = path.rpartition(".")
        cells.add(f"{head}.category" if last in ("level1", "level2") else path)
    return len(cells)


_EMPTY = (None, "", [], {})


def removed_whole(changes: list[tuple]) -> list[str]:
    """The goals and projects a save removed whole (保存时删除, or every field emptied), by name as the page showed them:
    a trial ticked a project for removal and read only “已保存（1 处修改）”."""
    names = []
    for path, old, new in changes:
        if new not in _EMPTY or not isinstance(old, dict) or not re.fullmatch(r"(projects|goals)\[\d+\]", path):
            continue
        if path.startswith("projects"):
            names.append(f"项目“{old.get('name') or '（未命名）'}”")
        else:
            names.append(f"年度目标“{old.get('goal')}”" if old.get("goal") else "一个未写目标的年度目标")
    return names


# ------------------------------------------------------------------------------------------------------ workflow
@dataclass(frozen=True)
class Outcome:
    goal_set: GoalSet
    note: str  # what else happened (the skeleton created, or why not)


# A step's name in the history, the audit trail and refusals; a return's is the status it makes (财政退回修改), as an
# evaluation's returns are named. The reviewer's button says what they do (退回修改, as on an evaluation's page).
LABELS = {"submit": "申报", "return": GoalStatus.RETURNED.label, "approve": "审核通过"}
BUTTONS = {**LABELS, "return": "退回修改"}
MOVES = {"submit": (EDITABLE, GoalStatus.SUBMITTED), "return": ({GoalStatus.SUBMITTED}, GoalStatus.RETURNED),
         "approve": ({GoalStatus.SUBMITTED}, GoalStatus.APPROVED)}


def done(action: str) -> str:
    """The message after a step: a return names the status it made, not the old 已退回修改."""
    if action == "return":
        return f"已退回，状态为“{GoalStatus.RETURNED.label}”。"
    return f"已{LABELS[action]}。"


# a return's or an approval's comment (意见), as long as a goal's text; a longer one is refused and kept on the page,
# not stored cut (a trial's 6000 characters were kept as 2000, without a word), as an evaluation's 退回意见 is
COMMENT = Field("comment", "意见", "longtext", max_length=2000)


def transition(goal_set: GoalSet, action: str, actor: Actor, comment: str = "") -> Outcome:
    """Submit (the department), return with comments or approve (its finance bureau). Approval starts that year's
    self-evaluation from the goals, unless one exists (it is never overwritten)."""
    if action not in MOVES:
        raise GoalError("未知的操作")
    sources, target = MOVES[action]
    comment, problem = COMMENT.read(comment)
    if problem:
        raise GoalError(f"{COMMENT.label}：{problem}。")
    comment = comment or ""
    note = ""
    with transaction.atomic():
        current = GoalSet.objects.select_for_update().select_related("department").get(pk=goal_set.pk)
        if current.status not in sources:
            raise GoalError(f"当前状态为“{current.get_status_display()}”，不能{LABELS[action]}。")
        if action == "return" and not comment:
            raise GoalError("退回时须填写意见，说明需要修改什么。")
        if action == "submit":
            errors = [f for f in summarise(current) if f.severity == "error"]
            if errors:
                raise GoalError(f"还有 {len(errors)} 个错误未改正（见“检查结果”），改正后才能申报。")
        if action == "approve":
            note = _start_evaluation(current, actor)
        source = current.status
        current.status = target
        current.save()
        GoalEvent.objects.create(goal_set=current, action=action, from_status=source, to_status=target,
                                 user=actor.user, comment=comment)
        record(Action.WORKFLOW, actor, object_type="goal_set", object_id=current.pk, old_value=source,
               new_value=target, detail=f"绩效目标{LABELS[action]}{'：' + comment if comment else ''}")
    return Outcome(current, note)


def _start_evaluation(goal_set: GoalSet, actor: Actor) -> str:
    existing = Evaluation.objects.filter(department=goal_set.department, year=goal_set.year).first()
    if existing is not None:
        return (f"{goal_set.year} 年度的自评已经存在（{status_of(existing)}），未用目标覆盖，"
                "请在自评中核对目标和指标。")
    latest = Evaluation.objects.filter(department=goal_set.department, year__lt=goal_set.year).order_by("-year").first()
    department = {"name": goal_set.department.name}
    if goal_set.department.code:
        department["code"] = goal_set.department.code
    base = next_year_document(latest.document, goal_set.year) if latest else {"year": goal_set.year,
                                                                              "department": department}
    document = core.evaluation_skeleton(goal_set.document, base)
    try:
        evaluation = create_evaluation(department=goal_set.department, year=goal_set.year, document=document,
                                       actor=actor)
    except InputError as error:
        raise GoalError(f"据目标建立自评时数据有误，未审核通过：{error}") from error
    goal_set.evaluation = evaluation
    return f"已据审核通过的目标建立 {goal_set.year} 年度自评草稿（项目、指标和目标值，不含实际值）。"
