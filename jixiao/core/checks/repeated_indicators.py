"""One fact, one value (CHECKS.md · Consistency) across the self-evaluation's tables: an indicator of the department's
annual goals that is one project's indicator, the same name with the same target, states the same actual value in the
department's table and in the project's.

Only a pair that is unambiguous is compared: the (name, target) appears once among the goals and in exactly one
project. An indicator several projects share (资金拨付及时率 ≥95%) may be the department's aggregate of them, and
is left alone; so are actuals in words and bounds ("≥96%"), which another check reports."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Iterator

from .. import docpath
from ..model import Evaluation, Indicator
from ..money import fmt_plain
from ..phrasing import with_unit
from ..targets import Quantity, parse_quantity
from . import CheckContext, Finding, check
from ._common import project_subject


@check("FACT.TABLES", "部门目标与项目表中同一指标的完成值一致")
def repeated_indicators(ctx: CheckContext) -> Iterator[Finding]:
    e = ctx.evaluation
    # each goal row by its (goal, row) numbers, its path written only for a row compared
    in_goals = _by_key(((g, i), ind) for g, goal in enumerate(e.goals) for i, ind in enumerate(goal.indicators))
    if not in_goals:
        return
    in_projects = _in_projects(e, in_goals.keys())
    for key, goal_rows in in_goals.items():
        project_rows = in_projects.get(key, [])
        if len(goal_rows) == 1 and len(project_rows) == 1:
            p, i, indicator = project_rows[0]
            (g, j), goal_indicator = goal_rows[0]
            yield from _compare(e, f"goals[{g}].indicators[{j}]", goal_indicator, f"projects[{p}].indicators[{i}]",
                                indicator)


# whitespace a name or target may carry from a form (full-width space, line breaks), removed in one C call; a
# province repeats the same few thousand names and targets, each normalised once per process
_SPACES = dict.fromkeys(map(ord, " \t\n\r\u3000\xa0"), None)


@lru_cache(maxsize=1 << 16)
def _normal(text: str) -> str:
    # most texts hold ordinary spaces at most ("12345 人"), which replace() drops several times faster than
    # translate() drops all six; what is left is printable unless it holds a tab, line break or wide space
    plain = text.replace(" ", "")
    return plain if plain.isprintable() else text.translate(_SPACES)


def fact_key(indicator) -> tuple[str, str] | None:
    """What makes two rows one indicator: the name and the target, spaces ignored (an Indicator, or its dict)."""
    if isinstance(indicator, dict):
        name, target = indicator.get("name") or "", indicator.get("target") or ""
    else:
        name, target = indicator.name, indicator.target or ""
    name, target = _normal(name), _normal(target)
    return (name, target) if name and target else None


def _by_key(rows) -> dict[tuple[str, str], list[tuple[object, Indicator]]]:
    """(what names the row, the row) by `fact_key`, of rows given as (what names it — its path, or its numbers —,
    the row)."""
    found: dict[tuple[str, str], list[tuple[object, Indicator]]] = defaultdict(list)
    for path, indicator in rows:
        key = fact_key(indicator)
        if key is not None:
            found[key].append((path, indicator))
    return found


def _in_projects(e: Evaluation, keys) -> dict[tuple[str, str], list[tuple[int, int, Indicator]]]:
    """The projects' indicators (project index, row index, row) by key, of those whose key is one of `keys` (the
    goals'): a province's department has some 300 project indicators and a few dozen in its goals, so the others are
    passed over on their name alone, or on their target when a goal's indicator has their name and another target."""
    # the goals' targets by name: a row is looked up by its name, then by its target, with no key built for it
    targets_of: dict[str, set[str]] = defaultdict(set)
    for name, target in keys:
        targets_of[name].add(target)
    found: dict[tuple[str, str], list[tuple[int, int, Indicator]]] = defaultdict(list)
    for p, project in enumerate(e.projects):
        for i, indicator in enumerate(project.indicators):
            name = indicator.name
            if " " in name or not name.isprintable():  # a name is mostly its own normal form: no copy made of it
                name = _plain(name)
            targets = targets_of.get(name)
            target = indicator.target
            if targets is None or not target:
                continue
            # `_plain`'s body written out: half a province's rows have a goal's name, and calling it cost more
            if " " in target:
                target = target.replace(" ", "")
            if not target.isprintable():
                target = target.translate(_SPACES)
            if target in targets:
                found[name, target].append((p, i, indicator))
    return found


def _plain(text: str) -> str:
    """`_normal` without its cache, for the project rows' names and targets: a province's targets are mostly new to
    it ("12345 人"). Spaces are looked for before they are dropped: replace() copies a text of Chinese characters to
    look for an ASCII space in it."""
    if " " in text:
        text = text.replace(" ", "")
    return text if text.isprintable() else text.translate(_SPACES)


def _measured(indicator: Indicator) -> Quantity | None:
    quantity = parse_quantity(indicator.actual)
    return quantity if quantity is not None and quantity.operator is None else None


def _compare(e: Evaluation, goal_path: str, goal_ind: Indicator, project_path: str,
             project_ind: Indicator) -> Iterator[Finding]:
    ours, theirs = _measured(goal_ind), _measured(project_ind)
    if ours is None or theirs is None or ours.unit.strip() != theirs.unit.strip() or ours.value == theirs.value:
        return
    project = project_subject(e, docpath.index_in(project_path, "projects"))
    stated, other = with_unit(fmt_plain(ours.value), ours.unit), with_unit(fmt_plain(theirs.value), theirs.unit)
    yield Finding(
        "FACT.TABLES", "warning", f"{goal_path}.actual",
        f"部门年度目标的指标“{goal_ind.name}”（目标 {goal_ind.target}）完成值为 {stated}，{project}的同一指标完成值为 "
        f"{other}：同一事项应为同一数值；如两处口径不同，请在偏差原因中说明。",
        stated=stated, recomputed=other, subject=f"部门整体 › {goal_ind.name}",
    )
