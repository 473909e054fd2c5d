"""Helpers the checks share: naming what a path points at, tolerances, and what counts as an empty answer."""

from __future__ import annotations

import re

from decimal import Decimal
from typing import Any, Iterable, Iterator

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


_PROJECT = re.compile(r"projects\[(\d+)\]")
_GOAL = re.compile(r"goals\[(\d+)\]")
_INDICATOR = re.compile(r"indicators\[(\d+)\]$")


def subject_of(evaluation: Evaluation, path: str) -> str:
    """A reader's name for a path: 项目“…” › 指标名, 年度目标 2 › 指标名."""
    names: list[str] = []
    project = _PROJECT.match(path)
    goal = _GOAL.match(path)
    indicator = _INDICATOR.search(path)
    if project:
        p = evaluation.projects[int(project[1])]
        names.append(f"项目“{p.name}”")
        if indicator:
            names.append(p.indicators[int(indicator[1])].name)
    elif goal:
        g = evaluation.goals[int(goal[1])]
        names.append(f"年度目标 {int(goal[1]) + 1}")
        if indicator:
            names.append(g.indicators[int(indicator[1])].name)
    elif indicator and path.startswith("indicators"):
        names.append(evaluation.indicators[int(indicator[1])].name)
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
