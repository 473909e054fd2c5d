"""Sub-scores against the total score (CHECKS.md · Sums): what a document states must add up, and must match what
the rules give."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..model import Indicator
from ..results import ScoreCard
from ..money import ZERO, fmt_normalised, fmt_plain, fmt_total, half_unit, places_shown
from . import CheckContext, Finding, Texts, check
from ._common import rounding_note, score_disagrees
from .score_shape import StatedCard, stated_cards, stated_parts


def score_tolerance(parts: list[Decimal], total: Decimal) -> Decimal:
    """Scores are assigned, not measured: a whole-number score is exact; one shown with decimals (92.7) may be
    rounded by half a unit of its last digit."""
    return sum((half_unit(x) for x in [*parts, total] if places_shown(x) > 0), ZERO)


def _stated_sum(parts: list[Decimal | None]) -> list[Decimal] | None:
    return None if any(p is None for p in parts) else parts  # type: ignore[return-value]


def _indicator_scores(indicators: list[Indicator]) -> list[Decimal | None]:
    return [i.score for i in indicators]


@check("SCORE.SUBTOTAL", "所列各项得分之和 = 所列总分")
def subtotals(ctx: CheckContext) -> Iterator[Finding]:
    e = ctx.evaluation
    for i, goal in enumerate(e.goals):
        parts = _stated_sum(_indicator_scores(goal.indicators))
        if goal.stated_score is not None and parts:
            if abs(sum(parts, Decimal(0)) - goal.stated_score) > score_tolerance(parts, goal.stated_score):
                yield Finding("SCORE.SUBTOTAL", "error", f"goals[{i}]",
                              f"年度目标 {i + 1} 所列得分 {fmt_plain(goal.stated_score)}，其指标得分之和为 "
                              f"{fmt_normalised(sum(parts, Decimal(0)))}。",
                              stated=fmt_plain(goal.stated_score), recomputed=fmt_normalised(sum(parts, Decimal(0))),
                              subject=f"年度目标 {i + 1}")
    dept_parts = _stated_sum([i.score for g in e.goals for i in g.indicators] + _indicator_scores(e.indicators))
    yield from _total("", "部门整体", e.stated_score, e.stated_execution_score, dept_parts,
                      has_execution=ctx.result.department is not None and ctx.result.department.execution is not None,
                      in_text="total" in e.unfilled, unclear="total_unclear" in e.unfilled)
    for index, project in enumerate(e.projects):
        # a project table states its execution score beside its total, or `_total` has nothing to add up: its
        # indicators' scores are gathered only then (most of a province's tables state no execution score)
        if project.indicators and project.stated_score is not None and project.stated_execution_score is not None:
            yield from _total(f"projects[{index}]", f"项目“{project.name}”", project.stated_score,
                              project.stated_execution_score, _stated_sum(_indicator_scores(project.indicators)),
                              has_execution=True, in_text="total" in project.unfilled,
                              unclear="total_unclear" in project.unfilled)


def _total(location: str, subject: str, stated: Decimal | None, execution: Decimal | None,
           parts: list[Decimal] | None, has_execution: bool, in_text: bool = False,
           unclear: bool = False) -> Iterator[Finding]:
    """`in_text`: the table's total cell is blank and the total is the text's; one above the table's scores is
    SCORE.ABOVE_PARTS's to report. `unclear`: the table's total row was not read (one figure, full marks or the
    score): the total is the text's and the table's may be blank, so a difference is said as a warning, one above the
    table's scores by SCORE.ABOVE_PARTS."""
    if stated is None or not parts or (has_execution and execution is None):
        return
    figures = parts + ([execution] if execution is not None else [])
    computed = sum(figures, Decimal(0))
    if (in_text or unclear) and stated > computed:
        return
    if abs(computed - stated) > score_tolerance(figures, stated):
        note = "（表中总分一行只有一个数字，分不清总分栏是否空白）" if unclear else ""
        yield Finding("SCORE.SUBTOTAL", "warning" if unclear else "error", location or "stated_score",
                      f"所列总分 {fmt_plain(stated)} 与所列各项得分之和 {fmt_normalised(computed)} 不符{note}。",
                      stated=fmt_plain(stated), recomputed=fmt_normalised(computed), subject=subject)


def _parts_explain(stated: StatedCard, card: ScoreCard) -> bool:
    """Every stated part is right and they add up to the recomputed total: a stated total that differs is a wrong
    sum, not a total that follows from a wrong part (a reviewer writes one correction, not two).

    Each part is compared with its own recomputed score, not only their sum with the total: the sum's tolerance grows
    by half a unit for every part shown with decimals, so seed 003's department table (fourteen scores of 1.5) let
    one indicator stated 2 and scored 1.69 hide in a stated total of 100 against 99.69."""
    parts = stated_parts(stated)
    if parts is None or abs(sum(parts, Decimal(0)) - card.total) > score_tolerance(parts, card.total):
        return False
    if any(score_disagrees(leaf.indicator.score, leaf.score) for leaf in card.leaves()
           if leaf.indicator.score is not None and leaf.score is not None):
        return False
    run = card.execution
    return run is None or run.score is None or stated.execution_score is None \
        or not score_disagrees(stated.execution_score, run.score)


@check("SCORE.TOTAL", "所列总分与按评分规则重算的总分相符")
def totals(ctx: CheckContext) -> Iterator[Finding]:
    """The department's stated total (its self-evaluation table or conclusion) and every scored project's."""
    for stated in stated_cards(ctx):
        card = stated.card
        if card is None or stated.total is None or not card.complete or card.total is None:
            continue
        if _parts_explain(stated, card):
            continue  # every stated part is right and only their sum is wrong: SCORE.SUBTOTAL / ABOVE_PARTS say so
        if score_disagrees(stated.total, card.total):
            texts = Texts(_total_texts, stated.total, card.total, stated.subject)
            yield Finding("SCORE.TOTAL", "error", stated.location, texts, texts, texts, "", texts)


def _total_texts(stated: Decimal, total: Decimal, subject: str) -> tuple[str, str, str, str]:
    return _total_message(stated, total), fmt_plain(stated), fmt_total(total), subject


def _total_message(stated: Decimal, total: Decimal) -> str:
    """The stated total as written; the recomputed one as every total is shown (`fmt_total`: 92.70, not 92.7)."""
    return (f"所列总分 {fmt_plain(stated)}，按评分规则重算为 {fmt_total(total)} 分"
            f"{rounding_note(stated, total, fmt_total)}，请核对各项得分。")
