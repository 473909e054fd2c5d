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


EARLIEST_YEAR = 1900  # a four-digit figure before 年 from here on is a year; 1000 年 is a span of time
_FULL_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
# A past year a name keeps on purpose: the base a change is measured from (较 2020 年下降, 比 2020 年增长,
# 与 2022 年同期相比, 2020 年以来) or the year money was carried over from (2022 年结转项目). Not 与 before the
# year: 参与 2023 年度培训 is a name left from 2023.
_BASE_BEFORE = re.compile(r"(?:较|比)\s*$")
_KEPT_AFTER = re.compile(r"\s*度?\s*(?:结转|结余|以来|相比|同期)")
# A goal's sentences also build on a past year on purpose (在 2023 年基础上, 巩固 2023 年的成果 is not: it is
# last year's sentence); a deadline (2023 年底前) is a name's and a sentence's stale year alike.
TEXT_KEPT_AFTER = re.compile(r"\s*度?\s*(?:结转|结余|以来|相比|同期|的?(?:工作)?基础)")


def past_years(name: str, year: int, kept_after: re.Pattern | None = None) -> list[int]:
    """The years before `year` a name still states, each once, earliest first: last year written in full or short
    (as `names_year` reads it), an earlier year in full only ("15 年" is fifteen years more often than 2015) —
    but not a year the name keeps on purpose (`_BASE_BEFORE`, `_KEPT_AFTER`, or `kept_after` instead of it)."""
    after = kept_after or _KEPT_AFTER
    found = {int(m.group(1)) for m in _FULL_YEAR.finditer(name)
             if EARLIEST_YEAR <= int(m.group(1)) < year and not _kept(name, m, after)}
    short = re.finditer(rf"(?<!\d){(year - 1) % 100:02d}\s*年", name)  # “23年新增…” in the 2024 goals
    if any(not _kept(name, m, after) for m in short):
        found.add(year - 1)
    return sorted(found)


def _kept(name: str, match: re.Match, after: re.Pattern) -> bool:
    return bool(_BASE_BEFORE.search(name, 0, match.start()) or after.match(name, match.end()))


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
