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
    """Whether a name states `year`, written in full or short (“2023 年…”, “23年新增…”; not “服务期23年”, a span:
    `short_years`)."""
    return re.search(rf"(?<!\d){year}\s*年", name) is not None or any(y == year for y, _ in short_years(name))


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
    """The years before `year` a name still states, each once, earliest first: written in full, or short as
    `short_years` reads them (“23年新增…” in the 2024 goals and in the 2027 ones) — but not a year the name keeps on
    purpose (`_BASE_BEFORE`, `_KEPT_AFTER`, or `kept_after` instead of it)."""
    after = kept_after or _KEPT_AFTER
    found = {int(m.group(1)) for m in _FULL_YEAR.finditer(name)
             if EARLIEST_YEAR <= int(m.group(1)) < year and not _kept(name, m, after)}
    found |= {said for said, m in short_years(name) if said < year and not _kept(name, m, after)}
    return sorted(found)


# A two-digit figure before 年 is a year (23年 is 2023) unless it measures a length of time: a word that
# measures comes before it (工龄满 15 年, 服务期23年, 为期 10 年, ≥20年, 第 12 年) or a word that bounds a span
# after it (15 年以上, 10年以内, 20 年左右, 20年一遇).
_SHORT_YEAR = re.compile(r"(?<![\d.])(\d{2})\s*年")
_SPAN_BEFORE = re.compile(r"(?:满|近|约|逾|达|超过?|期|限|龄|为期|历时|长达|连续|累计|共计?|第"
                          r"|不少于|不超过|不低于|不高于|[≥≤><＞＜])\s*$")
_SPAN_AFTER = re.compile(r"\s*(?:以上|以下|以内|及以上|及以下|左右|之久|多|间|一遇)")


def short_years(name: str) -> list[tuple[int, re.Match]]:
    """The years a name writes short (“23年新增…” is 2023), each with where it stands; not a figure that measures a
    span (`_SPAN_BEFORE`, `_SPAN_AFTER`). Read as this century's: “53 年前复员军人” is no year before a goal's."""
    return [(2000 + int(m.group(1)), m) for m in _SHORT_YEAR.finditer(name)
            if not _SPAN_BEFORE.search(name, 0, m.start()) and not _SPAN_AFTER.match(name, m.end())]


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
