"""What a table's scores can be at all (CHECKS.md · More arithmetic): a stated total above what its parts allow or
above what its budget execution rate allows, and partial scores that fall as completion rises within one table."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator, NamedTuple

import msgspec

from .. import docpath
from ..engine import execution_points
from ..errors import SchemeError
from ..model import Evaluation, Goal, Indicator, Unfilled
from ..money import (
    ONE,
    SCORE_PLACES,
    ZERO,
    fmt_normalised,
    fmt_percent,
    fmt_plain,
    fmt_score,
    fmt_total,
    half_unit,
    places_shown,
    round_half_up,
)
from ..results import ScoreCard
from ..scheme import Scheme
from . import CheckContext, Finding, Later, check
from ._common import score_cards, subject_of

FULL = Decimal(100)


class StatedCard(msgspec.Struct, gc=False):
    """What one table states: its total, its budget execution's 分值 and 得分, its indicators, what it left blank.
    A Struct built in C, not a dataclass built by Python code: two checks make one for every table of a province."""

    location: str
    subject: str
    total: Decimal | None
    execution_weight: Decimal | None
    execution_score: Decimal | None
    indicators: list[Indicator]
    unfilled: list[Unfilled]
    card: ScoreCard | None
    goals: tuple[Goal, ...] = ()


def stated_cards(ctx: CheckContext) -> list[StatedCard]:
    """Every table as it states itself, the department's first (gathered once per context: SCORE.ABOVE_PARTS and
    SCORE.TOTAL read them)."""
    cards = ctx.memo.get("stated_cards")
    if cards is None:
        cards = ctx.memo["stated_cards"] = list(_stated_cards(ctx))
    return cards


def _stated_cards(ctx: CheckContext) -> Iterator[StatedCard]:
    e, result = ctx.evaluation, ctx.result
    if result.department is not None:
        yield StatedCard("stated_score", "部门整体", e.stated_score, e.stated_execution_weight,
                         e.stated_execution_score, [i for g in e.goals for i in g.indicators] + list(e.indicators),
                         list(e.unfilled), result.department, tuple(e.goals))
    for p in result.projects:
        project = p.project
        yield StatedCard(f"projects[{p.index}].stated_score", f"项目“{project.name}”", project.stated_score,
                         project.stated_execution_weight, project.stated_execution_score, list(project.indicators),
                         list(project.unfilled), p.card)


def _tolerance(*figures: Decimal) -> Decimal:
    """Scores are assigned, not measured: a whole number is exact, one with decimals may be rounded."""
    return sum((half_unit(x) for x in figures if places_shown(x) > 0), ZERO)


def _weights(card: StatedCard) -> tuple[Decimal, bool, Decimal | None] | None:
    """The points the table can give, whether they are its goals' (else its indicators'), and budget execution's
    分值 among them (as stated, else the scheme's). What they are is put in words (`_points_of`) only for a message:
    nearly every table's points are what they should be."""
    by_goal = bool(card.goals) and all(g.weight is not None for g in card.goals)
    weights = [g.weight for g in card.goals] if by_goal else [i.weight for i in card.indicators]
    if not weights:
        return None
    execution = card.execution_weight
    if execution is None and card.card is not None and card.card.execution is not None:
        execution = card.card.execution.weight
    try:
        # a weight left blank (None) stops the sum: no generator walks the weights for one first (a province has
        # 100 000 tables), and a Decimal adds no None
        return sum(weights, execution or ZERO), by_goal, execution  # type: ignore[arg-type]
    except TypeError:
        return None
    except ArithmeticError:  # weights that cannot be added (∞ − ∞): a blank one among them still answers None first
        if any(w is None for w in weights):
            return None
        raise


def _points_of(by_goal: bool, execution: Decimal | None) -> str:
    """What the points are: every goal's or every indicator's, with budget execution's where it is scored."""
    what = "各年度目标" if by_goal else "各项指标"
    return f"预算执行（{fmt_normalised(execution)} 分）与{what}" if execution else what


def stated_parts(card: StatedCard) -> list[Decimal] | None:
    """The sub-scores the table states (budget execution's, where it is scored, and every indicator's), or None when
    any is missing."""
    has_execution = card.card is not None and card.card.execution is not None
    if not card.indicators or (has_execution and card.execution_score is None):
        return None  # known before the indicators' scores are gathered (a province's tables mostly state no 得分 for
        # budget execution)
    scores = [i.score for i in card.indicators]
    if has_execution:
        scores.append(card.execution_score)
    if any(s is None for s in scores):  # not `None in scores`: a Decimal compared with None asks numbers.Rational
        return None
    return scores  # type: ignore[return-value]


@check("SCORE.ABOVE_PARTS", "所列总分不高于各项分值之和、不高于所列各项得分之和")
def above_parts(ctx: CheckContext) -> Iterator[Finding]:
    for card in stated_cards(ctx):
        if card.total is None:
            continue
        full = _listed_full_marks(ctx, card)
        if full is not None and card.total > full + _tolerance(card.total):
            yield Finding("SCORE.ABOVE_PARTS", "error", card.location,
                          Later(_above_full_message, card.subject, card.total, full),
                          stated=fmt_plain(card.total), recomputed=fmt_normalised(full), subject=card.subject)
            continue
        points = _weights(card)
        weights = points[0] if points is not None else None
        if weights is not None and weights < FULL and card.total > weights + _tolerance(card.total):
            yield Finding("SCORE.ABOVE_PARTS", "error", card.location,
                          f"所列总分 {fmt_plain(card.total)} 分，而{_points_of(*points[1:])}的分值合计只有 "
                          f"{fmt_normalised(weights)} 分：总分不能高于可得的分值，请核对漏列的指标或总分。",
                          stated=fmt_plain(card.total), recomputed=fmt_normalised(weights), subject=card.subject)
            continue
        unclear = "total_unclear" in card.unfilled and "total" not in card.unfilled
        parts = stated_parts(card) if "total" in card.unfilled or unclear else None
        if parts is None:
            continue  # a total the table states itself is added up by SCORE.SUBTOTAL
        computed = sum(parts, ZERO)
        if unclear and card.total > computed + _tolerance(card.total, *parts):
            # the table's 总分 row holds one figure (full marks, or its score with the 分值 blank): the total stated
            # elsewhere is above the table's scores either way, but whether the table's total cell is blank is not
            # known — nothing is asserted as an error
            yield Finding("SCORE.ABOVE_PARTS", "warning", card.location,
                          f"所述总分 {fmt_plain(card.total)} 分，而自评表中预算执行与各项指标得分合计只有 "
                          f"{fmt_normalised(computed)} 分；表中总分一行只有一个数字，分不清总分栏是否空白，请核对总分。",
                          stated=fmt_plain(card.total), recomputed=fmt_normalised(computed), subject=card.subject)
        elif not unclear and card.total > computed + _tolerance(card.total, *parts):
            yield Finding("SCORE.ABOVE_PARTS", "error", card.location,
                          f"文中所述总分 {fmt_plain(card.total)} 分，而自评表中预算执行与各项指标得分合计只有 "
                          f"{fmt_normalised(computed)} 分（表中总分栏空白）：所述总分高于各项得分之和，请更正。",
                          stated=fmt_plain(card.total), recomputed=fmt_normalised(computed), subject=card.subject)


def _listed_full_marks(ctx: CheckContext, card: StatedCard) -> Decimal | None:
    """The full marks of a table listed with its total and nothing under it (a project without indicators, a
    department's list of project scores): its chosen scheme's total points, else 100. None for a table with
    indicators or a score card, whose points SCORE.TOTAL, SCORE.SUBTOTAL and the weights above add up (a listed 105 on
    a project nobody scored was checked by nothing)."""
    if card.card is not None or card.indicators or card.goals:
        return None
    scheme = _chosen_scheme(ctx.evaluation, ctx.library, docpath.index_in(card.location, "projects"))
    return scheme.total_weight if scheme is not None else FULL


def _above_full_message(subject: str, total: Decimal, full: Decimal) -> str:
    return (f"{subject}所列得分 {fmt_plain(total)} 分，高于满分 {fmt_normalised(full)} 分：得分不能超过满分，"
            f"请核对所列得分。")


class Ceiling(NamedTuple):
    """The most a table's total can be given its budget execution (RULES.md §2): the root's points less what the
    execution rate loses of its 分值, whatever the indicators scored."""

    rate: Decimal
    weight: Decimal
    maximum: Decimal


@check("SCORE.ABOVE_EXECUTION", "所列总分不高于预算执行率所允许的最高分")
def above_execution(ctx: CheckContext) -> Iterator[Finding]:
    """A listed total above root − 分值 × (1 − min(rate, 100%)): 20 points at 92% lose 1.6, so no table can total more
    than 98.40. Read where nothing else weighs the total: a project listed with its score and no indicators (seed
    000's list, whose scores rank the projects 按所列得分), a department without a score card; a total the rules
    recompute (a complete card) is SCORE.TOTAL's, which is at most this ceiling, and a table stating every sub-score
    has them added up by SCORE.SUBTOTAL and its execution score checked by EXECUTION.SCORE (one finding a problem)."""
    e, cards = ctx.evaluation, stated_cards(ctx)
    if ctx.result.department is None and e.stated_score is not None:  # no scheme chosen: a table stating its 分值
        cards = [StatedCard("stated_score", "部门整体", e.stated_score, e.stated_execution_weight,
                            e.stated_execution_score, [], [], None), *cards]
    for card in cards:
        total = card.total
        if total is None or (card.card is not None and (card.card.complete and card.card.total is not None
                                                        or stated_parts(card) is not None)):
            continue
        if "total" in card.unfilled or "total_unclear" in card.unfilled:
            # a report whose table left its 总分 blank (the total is the text's, or a reader's figure from that row,
            # the 分值 100 a dev fixture printed with its 得分 blank) or held one figure that may be full marks:
            # not a listed total of the table to hold to its spending
            continue
        full = _listed_full_marks(ctx, card)
        if full is not None and total > full + _tolerance(total):
            continue  # above full marks whatever was spent: SCORE.ABOVE_PARTS says so (one finding a problem)
        ceiling = execution_ceiling(e, ctx.library, docpath.index_in(card.location, "projects"))
        # above the ceiling beyond the places the total shows (2 at least, RULES.md §8): 98.41 may be 98.405 shown
        if ceiling is not None and total > round_half_up(ceiling.maximum, max(places_shown(total), SCORE_PLACES)):
            yield Finding("SCORE.ABOVE_EXECUTION", "error", card.location,
                          Later(_above_execution_message, card.subject, total, ceiling),
                          stated=fmt_plain(total), recomputed=Later(fmt_total, ceiling.maximum), subject=card.subject)


def execution_ceiling(evaluation: Evaluation, library, project: int | None) -> Ceiling | None:
    """The ceiling of the department's table (`project` None) or of project `project`'s: with the 分值 the table
    states for budget execution (10, or 20 in Hubei), else the chosen scheme's. None when there is no rate (no budget,
    a budget of 0, no spending stated: RULES.md §2), no 分值 to go by, or the rate loses nothing (at or above 100%)."""
    if project is None:
        line, stated_weight = evaluation.execution_line()[0], evaluation.stated_execution_weight
    else:
        line, stated_weight = evaluation.projects[project].execution_line()[0], \
            evaluation.projects[project].stated_execution_weight
    if line is None or line.budget_adjusted is None or line.spent is None or line.budget_adjusted <= ZERO \
            or line.spent < ZERO:
        return None
    scheme = _chosen_scheme(evaluation, library, project)
    if scheme is not None and scheme.execution is None:
        return None  # a scheme scoring no execution item (a department framework) has no 分值 to hold a stated one to
    weight = stated_weight if stated_weight is not None else scheme.execution.weight if scheme is not None else None
    if weight is None or weight <= ZERO:
        return None
    rate = line.spent / line.budget_adjusted
    lost = weight - execution_points(weight, line.spent, line.budget_adjusted,
                                     scheme.execution.cap if scheme is not None else ONE)
    if lost <= ZERO:
        return None
    return Ceiling(rate, weight, (scheme.total_weight if scheme is not None else FULL) - lost)


def _chosen_scheme(evaluation: Evaluation, library, project: int | None) -> Scheme | None:
    """The scheme the evaluation chose for the table, never the engine's default: a table read from a Hubei report
    with no scheme chosen is not held to MoF's 10 points. A scheme not found or for the other kind of table is none
    (what is wrong with it is said where it is chosen)."""
    e = evaluation
    scheme_id = e.scheme if project is None else e.projects[project].scheme or e.project_scheme
    if not scheme_id:
        return None
    try:
        scheme = library.scheme(scheme_id)
    except SchemeError:
        return None
    return scheme if scheme.applies_to == ("department" if project is None else "project") else None


def _above_execution_message(subject: str, total: Decimal, ceiling: Ceiling) -> str:
    return (f"{subject}所列得分 {fmt_plain(total)} 分，而执行率 {fmt_percent(ceiling.rate)}、预算执行分值 "
            f"{fmt_normalised(ceiling.weight)} 分，即使各项指标都得满分，最高也只能得 {fmt_total(ceiling.maximum)} 分："
            f"请核对所列得分或预算执行数。")


PROPORTIONAL = {"higher_better", "lower_better"}


def _stated_full(leaves: list) -> bool:
    """Every leaf stated at full marks: a loop, where all() over a generator cost twice as much for each table."""
    for leaf in leaves:
        if not leaf.indicator.score == leaf.weight:
            return False
    return True


@check("SCORE.ORDER", "同一表内完成程度高的指标得分比例不低于完成程度低的")
def score_order(ctx: CheckContext) -> Iterator[Finding]:
    for card in score_cards(ctx):
        # the leaves whose stated score is a share of their weight that completion should order: proportional,
        # scored by the evaluator, with a weight and a completion, and no deduction for over-achievement (tested
        # here, not in a function called for each of a province's millions of leaves)
        shared = [leaf for leaf in card.leaves()
                  if leaf.method in PROPORTIONAL and leaf.indicator.score is not None and leaf.weight
                  and leaf.completion is not None and not leaf.evaluator_deduction]
        if len(shared) < 2 or _stated_full(shared):
            continue  # full marks as stated on every row: every share is 1, none out of order
        rated = [(leaf, min(leaf.completion, ONE), leaf.indicator.score / leaf.weight) for leaf in shared]
        top = {}  # the best share of each method: a leaf scored at it has no other scored better
        for leaf, _, share in rated:
            if leaf.method not in top or share > top[leaf.method]:
                top[leaf.method] = share
        for leaf, completion, share in rated:
            if share >= top[leaf.method]:
                continue
            # the indicator done less well that was scored best (same method, same table)
            better = [(s, other, c) for other, c, s in rated
                      if other.method == leaf.method and c < completion and s > share]
            if not better:
                continue
            other_share, other, other_completion = max(better, key=lambda x: x[0])
            yield Finding(
                "SCORE.ORDER", "warning", leaf.path,
                f"“{leaf.indicator.name}”完成 {fmt_percent(completion)} 得 {fmt_plain(leaf.indicator.score)} 分"
                f"（分值 {fmt_normalised(leaf.weight)}），而同表“{other.indicator.name}”只完成 "
                f"{fmt_percent(other_completion)} 却得 {fmt_plain(other.indicator.score)} 分（分值 "
                f"{fmt_normalised(other.weight)}）：完成程度高的指标得分比例反而低，请按同一计分方法核对。",
                stated=fmt_plain(leaf.indicator.score), recomputed=f"≥ {fmt_score(leaf.weight * other_share)}",
                subject=subject_of(ctx.evaluation, leaf.path))
