"""What a new year's evaluation carries over from last year's and must be looked at again: names that still say
last year ("2023 年劳动仲裁受理案件数" in the 2024 evaluation). Only for an evaluation started from last year's:
elsewhere a past year in a name is often right (a project paying for last year's commendations)."""

from __future__ import annotations

import re
from typing import Iterator

from .checks import Finding
from .model import Evaluation
from .phrasing import shorten


TITLES = {"YEAR.CARRIED_OVER": "沿用上年的名称已改为本年度"}  # for core.checks.title_of (not a registered check)


def stale_years(evaluation: Evaluation, copied_from: int) -> list[Finding]:
    """A warning for every project, goal or indicator name that names the year the evaluation was copied from."""
    found = []
    for path, name in _names(evaluation):
        if names_year(name, copied_from):
            found.append(Finding(
                "YEAR.CARRIED_OVER", "warning", path,
                f"名称“{shorten(name)}”仍写着 {copied_from} 年：本评价为 {evaluation.year} 年度，内容沿用自上一年度，"
                f"请确认是否应改为 {evaluation.year} 年。",
                stated=str(copied_from), recomputed=str(evaluation.year), subject=shorten(name)))
    return found


def names_year(name: str, year: int) -> bool:
    """Whether a name states `year`, written in full or short (“2023 年…”, “23年新增…”)."""
    return re.search(rf"(?<!\d)(?:{year}|{year % 100:02d})\s*年", name) is not None


def _names(evaluation: Evaluation) -> Iterator[tuple[str, str]]:
    for i, project in enumerate(evaluation.projects):
        yield f"projects[{i}].name", project.name
        for j, indicator in enumerate(project.indicators):
            yield f"projects[{i}].indicators[{j}].name", indicator.name
    for i, goal in enumerate(evaluation.goals):
        yield f"goals[{i}].name", goal.name
        for j, indicator in enumerate(goal.indicators):
            yield f"goals[{i}].indicators[{j}].name", indicator.name
    for j, indicator in enumerate(evaluation.indicators):
        yield f"indicators[{j}].name", indicator.name
