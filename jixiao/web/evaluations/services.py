"""Between the pages and the core: load a stored document as the core's Evaluation, score and check it with the
core, save with conflict detection and a field-by-field audit, move it through the workflow, start a new year.

No scoring or checking happens here: `analyse` calls `jixiao.core`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import transaction

from jixiao.core.build import evaluation_from_data, evaluation_to_data
from jixiao.core.checks import Finding, run_checks
from jixiao.core.engine import score_evaluation
from jixiao.core.errors import InputError
from jixiao.core.model import Evaluation as CoreEvaluation
from jixiao.core.money import SCORE_PLACES, round_half_up
from jixiao.core.results import EvaluationResult
from jixiao.io.scheme_files import load_library
from jixiao.web.audit.log import record, record_changes
from jixiao.web.audit.models import Action

from .models import Evaluation, Revision, Status, Version, WorkflowEvent


@lru_cache(maxsize=1)
def library():
    return load_library()


@dataclass
class Analysis:
    document: CoreEvaluation
    result: EvaluationResult
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def core_document(data: dict) -> CoreEvaluation:
    return evaluation_from_data(data)


def analyse(data: dict | CoreEvaluation) -> Analysis:
    document = data if isinstance(data, CoreEvaluation) else core_document(data)
    lib = library()
    result = score_evaluation(document, lib)
    return Analysis(document, result, run_checks(document, lib, result))


_ANALYSES: dict[tuple[int, int], Analysis] = {}
_ANALYSES_KEPT = 64


def analysis_of(evaluation: Evaluation) -> Analysis:
    """The core's verdict on a saved revision, computed once per process: a revision never changes."""
    key = (evaluation.pk, evaluation.revision)
    found = _ANALYSES.get(key)
    if found is None:
        found = analyse(evaluation.document)
        if len(_ANALYSES) >= _ANALYSES_KEPT:
            _ANALYSES.pop(next(iter(_ANALYSES)))
        _ANALYSES[key] = found
    return found


def summarise(evaluation: Evaluation, analysis: Analysis) -> None:
    card = analysis.result.department
    document = analysis.document
    if card is not None and card.total is not None:
        evaluation.score = round_half_up(card.total, SCORE_PLACES)
        evaluation.grade = card.grade.name if card.grade else ""
        evaluation.complete = card.complete
    else:
        evaluation.score = document.stated_score
        evaluation.grade = document.stated_grade or ""
        evaluation.complete = False
    evaluation.errors = analysis.count("error")
    evaluation.warnings = analysis.count("warning")
    evaluation.notices = analysis.count("notice")
    evaluation.project_count = len(document.projects)


# -------------------------------------------------------------------------------------------------- documents
def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{'projects[0].budget.spent': '5', …}: every leaf value of a stored document by its path."""
    flat: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            flat.update(flatten(value, f"{prefix}.{key}" if prefix else key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            flat.update(flatten(value, f"{prefix}[{index}]"))
        if not data and prefix:
            flat[prefix] = []
    else:
        flat[prefix] = data
    return flat


def diff(old: dict, new: dict) -> list[tuple[str, Any, Any]]:
    before, after = flatten(old), flatten(new)
    return [(path, before.get(path), after.get(path)) for path in sorted(set(before) | set(after), key=_path_key)
            if before.get(path) != after.get(path)]


def _path_key(path: str) -> list:
    import re

    return [int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", path) if p]


def normalised(data: dict) -> dict:
    """The document as the core reads it and writes it back: validated, with its canonical spelling of values."""
    return evaluation_to_data(evaluation_from_data(data))


# ---------------------------------------------------------------------------------------------------- saving
@dataclass
class Conflict:
    """Someone saved since this page was opened, and touched what this page edits."""

    their_changes: list[tuple[str, Any, Any]]
    current_revision: int
    by: str


def overlapping(changes: list[tuple[str, Any, Any]], edited: list[str]) -> list[tuple[str, Any, Any]]:
    return [c for c in changes if any(c[0] == p or c[0].startswith(p + ".") or c[0].startswith(p + "[") for p in edited)]


def save_document(evaluation: Evaluation, new_data: dict, *, request, base_revision: int,
                  edited: list[str]) -> Conflict | Evaluation:
    """Save `new_data` (the whole document with this page's edits) if nobody else changed what the page edits since
    `base_revision`; otherwise return the conflict and save nothing. Raises InputError for data the core refuses."""
    clean = normalised(new_data)
    with transaction.atomic():
        current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if current.revision != base_revision:
            base = Revision.objects.filter(evaluation=current, number=base_revision).first()
            theirs = diff(base.document if base else {}, current.document)
            clash = overlapping(theirs, edited)
            if clash:
                by = current.updated_by.get_username() if current.updated_by else ""
                return Conflict(clash, current.revision, by)
            # Their changes touch other parts: keep them, and apply only what this page edits.
            clean = _merge(current.document, clean, edited)
        changes = diff(current.document, clean)
        if not changes:
            return current
        current.document = clean
        current.revision += 1
        current.updated_by = request.user
        summarise(current, analyse(clean))
        current.save()
        Revision.objects.create(evaluation=current, number=current.revision, document=clean, user=request.user)
        record_changes(request, "evaluation", current.pk, changes)
    return current


def _merge(current: dict, mine: dict, edited: list[str]) -> dict:
    merged = copy.deepcopy(current)
    for path in edited:
        _set(merged, path, _get(mine, path))
    return normalised(merged)


def _steps(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in path.replace("]", "").replace("[", ".").split(".") if p]


def _get(data: Any, path: str) -> Any:
    for step in _steps(path):
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _set(data: dict, path: str, value: Any) -> None:
    steps = _steps(path)
    for step, following in zip(steps, steps[1:]):
        if isinstance(step, int):
            data = data[step]
        else:
            data = data.setdefault(step, [] if isinstance(following, int) else {})
    last = steps[-1]
    if value is None and isinstance(data, dict):
        data.pop(last, None)
    else:
        data[last] = value


def create_evaluation(*, department, year: int, document: dict, request, imported: bool = False) -> Evaluation:
    clean = normalised(document)
    with transaction.atomic():
        evaluation = Evaluation(department=department, year=year, document=clean, updated_by=request.user,
                                imported_by=request.user if imported else None)
        summarise(evaluation, analyse(clean))
        evaluation.save()
        Revision.objects.create(evaluation=evaluation, number=1, document=clean, user=request.user)
        record(Action.CREATE, request, object_type="evaluation", object_id=evaluation.pk, detail=str(evaluation))
    return evaluation


def next_year_document(previous: dict, year: int) -> dict:
    """Last year's projects, goals, indicators and targets, without last year's figures, actual values or scores."""
    document = copy.deepcopy(previous)
    document["year"] = year
    for key in ("budget", "income", "three_public_expenses", "running_cost", "procurement", "fixed_assets",
                "execution", "declared_totals", "statements", "stated_years", "stated_dates", "surveys",
                "stated_execution_score", "stated_score", "stated_grade", "deviation_reason", "improvement",
                "problems", "measures", "report_date", "title"):
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


TRANSITIONS = {
    # action: (from statuses, to status, label, freezes a version)
    "submit": ({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED, "提交部门审核", True),
    "return_department": ({Status.SUBMITTED}, Status.RETURNED, "部门退回修改", False),
    "approve": ({Status.SUBMITTED}, Status.WITH_FINANCE, "部门审核通过并报送财政局", True),
    "return_finance": ({Status.WITH_FINANCE}, Status.RETURNED, "财政退回修改", False),
    "accept": ({Status.WITH_FINANCE}, Status.ACCEPTED, "财政接收", False),
}


def transition(evaluation: Evaluation, action: str, *, request, comment: str = "") -> Evaluation:
    if action not in TRANSITIONS:
        raise WorkflowError("未知的操作")
    sources, target, label, freeze = TRANSITIONS[action]
    with transaction.atomic():
        current = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if current.status not in sources:
            raise WorkflowError(f"当前状态为“{current.get_status_display()}”，不能“{label}”。")
        if action.startswith("return") and not comment.strip():
            raise WorkflowError("退回时须填写意见，说明需要修改什么。")
        if action in ("submit", "approve"):
            analysis = analyse(current.document)
            if analysis.errors:
                raise WorkflowError(f"还有 {len(analysis.errors)} 个错误未改正，改正后才能{label}。")
        source = current.status
        current.status = target
        current.save(update_fields=["status", "updated"])
        if freeze:
            number = (current.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            Version.objects.create(evaluation=current, number=number, status=target, document=current.document,
                                   score=current.score, grade=current.grade, created_by=request.user, note=label)
        WorkflowEvent.objects.create(evaluation=current, action=action, from_status=source, to_status=target,
                                     user=request.user, comment=comment.strip())
        record(Action.WORKFLOW, request, object_type="evaluation", object_id=current.pk,
               old_value=source, new_value=target, detail=f"{label}{'：' + comment.strip() if comment.strip() else ''}")
    return current


__all__ = ["InputError"]
