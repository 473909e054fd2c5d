"""Which scheme scores a report read from a file: the one whose budget-execution weight is the weight the report's
own form prints (10 in the national forms, 20 in Hubei's), among the schemes that fit its structure. When the form
prints no weight, the narrative's choice stands; when no scheme or several fit, none is chosen and the report's
tables are checked without recomputing their totals."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from jixiao.core.model import Evaluation, Project


def choose_schemes(evaluation: Evaluation, library) -> Evaluation:
    changes: dict = {}
    if evaluation.goals and evaluation.stated_execution_weight is not None:
        changes["scheme"] = _fitting(library, "department", evaluation.stated_execution_weight, goals=True)
    elif evaluation.indicators and not evaluation.scheme and evaluation.stated_execution_weight is not None:
        # a department table scoring execution and its indicators by level 1, with no goals between them
        changes["scheme"] = _fitting(library, "department", evaluation.stated_execution_weight, goals=False)
    projects = [_project_scheme(p, library, evaluation.project_scheme) for p in evaluation.projects]
    if projects != list(evaluation.projects):
        changes["projects"] = projects
    return msgspec.structs.replace(evaluation, **changes) if changes else evaluation


def _project_scheme(project: Project, library, default: str | None) -> Project:
    if project.scheme or project.stated_execution_weight is None or not project.indicators:
        return project
    chosen = _fitting(library, "project", project.stated_execution_weight)
    if chosen == (default or None):
        return project
    return msgspec.structs.replace(project, scheme=chosen) if chosen else project


def _fitting(library, applies_to: str, weight: Decimal, goals: bool = False) -> str | None:
    fits = [s.id for s in _schemes(library) if s.applies_to == applies_to and s.execution is not None
            and s.execution.weight == weight and bool(getattr(s, "goals", False)) == goals]
    return fits[0] if len(fits) == 1 else None


def _schemes(library):
    return [library.scheme(scheme_id) for scheme_id in sorted(library.schemes)]
