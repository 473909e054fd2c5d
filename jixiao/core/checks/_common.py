"""Helpers the checks share: naming what a path points at, tolerances, and what counts as an empty answer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator

from .. import docpath
from ..model import Evaluation
from ..money import ONE, SCORE_PLACES, column_half_units, fmt_plain, fmt_score, half_unit, places_shown, round_half_up
from ..results import ScoreCard

HALF = Decimal("0.5")
EMPTY_ANSWERS = {"", "无", "/", "／", "-", "—", "无。", "暂无", "没有"}


def substantive(text: str | None) -> bool:
    """Whether a free-text answer says something (a deviation reason of '无' says nothing)."""
    return text is not None and text.strip() not in EMPTY_ANSWERS


def sum_tolerance(parts: Iterable[Decimal], total: Decimal) -> Decimal:
    """Half a unit of the last shown digit for each rounded figure of a sum, and for the total (CHECKS.md). The parts
    are figures of one column, read to the places the column shows (`money.column_places`): 25 project budgets of
    "10", "592.62", "481.8" … are exact to 2 places, not 25 × 0.5 = 12.5 万元 apart from their total."""
    return sum(column_half_units(list(parts)), half_unit(total))


def rounded_up(stated: Decimal, computed: Decimal) -> bool:
    """A stated score that the computed one reaches only by rounding to fewer places than scores are shown with.

    A stated score may be the computed one rounded to the places it shows. But scores are shown to 2 places
    (RULES.md §8): a stated score above the computed one so rounded gains points the rules do not give, even when
    rounding to the stated figure's places would reach it — 5 for 4.5 is half a point, 90 for 89.5 a grade.
    """
    return round_half_up(computed, places_shown(stated)) == stated and stated > round_half_up(computed, SCORE_PLACES)


def score_disagrees(stated: Decimal, computed: Decimal) -> bool:
    """A stated score that is not the computed one, within the rounding allowed (see `rounded_up`)."""
    if stated == computed:  # the common case (full marks as stated): only a figure of 3 places or more can round down
        if stated.same_quantum(ONE) or stated.is_infinite():
            # a whole number as written (exponent 0: `places_shown` 0), told by comparing exponents in C rather than
            # writing the figure out and reading it; and infinity, which writes no point either
            return False
        return places_shown(stated) > SCORE_PLACES and stated > round_half_up(computed, SCORE_PLACES)
    # more than half a point apart: no rounding of the computed score (to 0 places or more) reaches the stated one.
    # Most disagreements are so (8 stated for 6.4), and this spares reading the stated figure's places. Anything
    # unusual (infinite, NaN, an overflow) takes the long way and fails or answers as it always did.
    try:
        apart = abs(stated - computed)
    except ArithmeticError:
        apart = None
    if apart is not None and apart.is_finite() and apart > HALF:
        return True
    key = (str(stated), str(computed))  # both figures as written: value, exponent and sign
    found = _NEAR.get(key)
    if found is None:
        found = _rounds_apart(stated, computed)
        if len(_NEAR) >= MAX_NEAR:
            _NEAR.clear()
        _NEAR[key] = found
    return found


# `_rounds_apart` of a stated and a computed score within half a point, by the two figures as written: a province's
# are a few hundred pairs (6 stated for 5.91, 10 for 9.76), and reading the stated figure's places and rounding the
# computed one cost three times as much as writing both out. A plain dict, emptied when full.
_NEAR: dict[tuple[str, str], bool] = {}
MAX_NEAR = 1 << 12


def _rounds_apart(stated: Decimal, computed: Decimal) -> bool:
    """Whether no rounding allowed makes the computed score the stated one (`score_disagrees` past its shortcuts)."""
    if round_half_up(computed, places_shown(stated)) != stated:
        return True
    return stated > round_half_up(computed, SCORE_PLACES)  # `rounded_up`, whose first half has just held


def rounding_note(stated: Decimal, computed: Decimal, shown: Callable[[Decimal], str] = fmt_score) -> str:
    """What to add to a message when the stated score is the computed one rounded up to a whole number or so.
    `shown`: how the computed score reads (`fmt_total` for a total score, 2 places always)."""
    if not rounded_up(stated, computed):
        return ""
    # "if": a stated score left from before an edit (the actual changed, the 得分 typed earlier kept) reads the same,
    # and a trial took the rounding said as the cause
    return f"；如系四舍五入，得分应按两位小数列示为 {shown(computed)} 分，不应进位为 {fmt_plain(stated)} 分"


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
    """The department's score card (when it has one) and every project's (gathered once per context: read, not
    changed, by the checks that ask)."""
    cards = ctx.memo.get("score_cards")
    if cards is None:
        cards = [ctx.result.department] if ctx.result.department else []
        cards = ctx.memo["score_cards"] = cards + [p.card for p in ctx.result.projects if p.card]
    return cards


def department_and_units(evaluation: Evaluation, field: str) -> Iterator[tuple[str, str, Any]]:
    """(path prefix, subject, value) of `field` for the department and then each of its units that has it."""
    value = getattr(evaluation, field)
    if value is not None:
        yield f"{field}.", "部门", value
    for i, unit in enumerate(evaluation.department.units):
        value = getattr(unit, field)
        if value is not None:
            yield f"department.units[{i}].{field}.", f"单位“{unit.name}”", value
