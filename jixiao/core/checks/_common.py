"""Helpers the checks share: naming what a path points at, tolerances, and what counts as an empty answer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable, Iterator

from .. import docpath
from ..model import Evaluation
from ..money import fmt_plain, half_unit
from ..results import ScoreCard

EMPTY_ANSWERS = {"", "无", "/", "／", "-", "—", "无。", "暂无", "没有"}


def substantive(text: str | None) -> bool:
    """Whether a free-text answer says something (a deviation reason of '无' says nothing)."""
    return text is not None and text.strip() not in EMPTY_ANSWERS


def sum_tolerance(parts: Iterable[Decimal], total: Decimal) -> Decimal:
    """Half a unit of the last shown digit for each rounded figure of a sum, and for the total (CHECKS.md)."""
    return sum((half_unit(p) for p in parts), half_unit(total))


def project_subject(evaluation: Evaluation, index: int) -> str:
    return f"项目“{evaluation.projects[index].name}”"


def subject_of(evaluation: Evaluation, path: str) -> str:
    """A reader's name for a path: 项目“…” › 指标名, 年度目标 2 › 指标名."""
    names: list[str] = []
    project, goal = docpath.index_in(path, "projects"), docpath.index_in(path, "goals")
    if project is not None:
        p = evaluation.projects[project]
        names.append(f"项目“{p.name}”")
        indicator = docpath.index_in(path, f"projects[{project}].indicators")
        if indicator is not None:
            names.append(p.indicators[indicator].name)
    elif goal is not None:
        g = evaluation.goals[goal]
        names.append(f"年度目标 {goal + 1}")
        indicator = docpath.index_in(path, f"goals[{goal}].indicators")
        if indicator is not None:
            names.append(g.indicators[indicator].name)
    elif (indicator := docpath.index_in(path, "indicators")) is not None:
        names.append(evaluation.indicators[indicator].name)
    return " › ".join(names) or "部门整体"


def money(value: Decimal | None) -> str:
    return "—" if value is None else f"{fmt_plain(value)} 万元"


def score_cards(ctx) -> list[ScoreCard]:
    """The department's score card (when it has one) and every project's."""
    cards = [ctx.result.department] if ctx.result.department else []
    return cards + [p.card for p in ctx.result.projects if p.card]


def department_and_units(evaluation: Evaluation, field: str) -> Iterator[tuple[str, str, Any]]:
    """(path prefix, subject, value) of `field` for the department and then each of its units that has it."""
    value = getattr(evaluation, field)
    if value is not None:
        yield f"{field}.", "部门", value
    for i, unit in enumerate(evaluation.department.units):
        value = getattr(unit, field)
        if value is not None:
            yield f"department.units[{i}].{field}.", f"单位“{unit.name}”", value
