"""Score bounds and methods (CHECKS.md · Score bounds): no score above its weight or below 0; a stated score matches
what its method gives; a tier's score lies in the tier; what is not scored is said."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator, NamedTuple

from ..engine import execution_points
from ..labels import METHODS
from ..model import BudgetLine
from ..money import (IMPLAUSIBLE_RATE, ONE, UNIT_SLIP, ZERO, fmt_percent, fmt_plain, fmt_score, implausibly_large,
                     unit_slip_hint)
from . import CheckContext, Finding, Later, Texts, check
from ._common import rounding_note, score_cards, score_disagrees, subject_of

COMPUTED_METHODS = {"higher_better", "lower_better", "exact", "thresholds", "checklist", "survey"}



@check("SCORE.BOUNDS", "得分不高于分值、不低于 0")
def bounds(ctx: CheckContext) -> Iterator[Finding]:
    for card in score_cards(ctx):
        for leaf in card.leaves():
            given = leaf.indicator.score
            if leaf.indicator.weight is None and not leaf.weight and given is not None and given >= ZERO:
                continue  # no 分值 given (or read): nothing to bound the score by but 0
            # against ZERO, not 0: a Decimal compares with an int by converting it, for each of a province's leaves
            if given is not None and (given > leaf.weight or given < ZERO):
                yield Finding("SCORE.BOUNDS", "error", leaf.path,
                              f"得分 {fmt_plain(given)} 超出 0–{fmt_plain(leaf.weight)} 的范围。",
                              stated=fmt_plain(given), recomputed=f"0–{fmt_plain(leaf.weight)}",
                              subject=subject_of(ctx.evaluation, leaf.path))


@check("SCORE.METHOD", "定量指标得分与计分方法的结果相符")
def method_scores(ctx: CheckContext) -> Iterator[Finding]:
    for card in score_cards(ctx):
        for leaf in card.leaves():
            given = leaf.indicator.score
            if leaf.method not in COMPUTED_METHODS or given is None or leaf.score is None or leaf.evaluator_deduction:
                continue
            if score_disagrees(given, leaf.score) and not (given > leaf.weight or given < ZERO):
                texts = Texts(_method_texts, leaf, ctx.evaluation)
                yield Finding("SCORE.METHOD", "error", leaf.path, texts, texts, texts, "", texts)


def _method_texts(leaf, evaluation) -> tuple[str, str, str, str]:
    return (_method_message(leaf), fmt_plain(leaf.indicator.score), fmt_score(leaf.score),
            subject_of(evaluation, leaf.path))


def _method_message(leaf) -> str:
    given = leaf.indicator.score
    # full marks on a missed target (2 of 2 for 90 of 118 人) reads as marks left from before an edit or given by
    # default far more often than as 1.53 rounded to a whole number: the 进位 remark misled a trial there
    note = "" if given == leaf.weight else rounding_note(given, leaf.score)
    return (f"得分 {fmt_plain(given)}，按“{METHODS[leaf.method]}”应得 {fmt_score(leaf.score)} 分"
            f"（目标 {leaf.indicator.target or '—'}，实际 {leaf.indicator.actual or '—'}）{note}。")


@check("SCORE.TIER", "定性指标得分在所选档次范围内")
def tiers(ctx: CheckContext) -> Iterator[Finding]:
    for card in score_cards(ctx):
        for leaf in card.leaves():
            if leaf.outside_tier and leaf.tier is not None:
                low = leaf.weight * leaf.tier.low / 100
                high = leaf.weight * leaf.tier.high / 100
                yield Finding("SCORE.TIER", "error", leaf.path,
                              f"所选档次“{leaf.tier.name}”的得分应在 {fmt_score(low)}–{fmt_score(high)} 之间，"
                              f"所给 {fmt_plain(leaf.indicator.score)} 分不在其中，请更正档次或分数。",
                              stated=fmt_plain(leaf.indicator.score), recomputed=f"{fmt_score(low)}–{fmt_score(high)}",
                              subject=subject_of(ctx.evaluation, leaf.path))


@check("SCORE.NOT_SCORED", "每项指标都已计分")
def not_scored(ctx: CheckContext) -> Iterator[Finding]:
    for card in score_cards(ctx):
        if card.execution is not None and card.execution.missing:
            yield Finding("SCORE.NOT_SCORED", "error", card.execution.path,
                          f"预算执行未计分：{card.execution.missing}。", subject=card.subject)
        for leaf in card.leaves():
            if leaf.missing:
                yield Finding("SCORE.NOT_SCORED", "error", leaf.path, f"未计分：{leaf.missing}。",
                              subject=Later(subject_of, ctx.evaluation, leaf.path)
                              if not leaf.path.startswith("framework") else leaf.indicator.name)


@check("SCORE.REASON", "酌情评分写明理由")
def judgement_reasons(ctx: CheckContext) -> Iterator[Finding]:
    for card in score_cards(ctx):
        for leaf in card.leaves():
            if leaf.method == "judgement" and leaf.score is not None and not (leaf.indicator.reason or "").strip():
                yield Finding("SCORE.REASON", "warning", leaf.path,
                              f"“{leaf.indicator.name}”为酌情评分，须写明给 {fmt_score(leaf.score)} 分的理由。",
                              subject=leaf.indicator.name)


def _execution_score(card, stated_weight: Decimal | None) -> tuple[Decimal | None, Decimal]:
    """The execution score and the 分值 it is out of: the 分值 the table states (10, or 20 in Hubei) when it states
    one, else the scheme's."""
    run = card.execution
    if stated_weight is None or stated_weight == run.weight or run.rate is None:
        return run.score, run.weight
    return execution_points(stated_weight, run.spent, run.budget_adjusted, card.scheme.execution.cap), stated_weight


@check("EXECUTION", "预算执行得分与执行率相符，执行率不超过 100%")
def execution(ctx: CheckContext) -> Iterator[Finding]:
    e = ctx.evaluation
    cards = [(ctx.result.department, e.stated_execution_score, e.stated_execution_weight)] if ctx.result.department else []
    cards += [(p.card, p.project.stated_execution_score, p.project.stated_execution_weight)
              for p in ctx.result.projects if p.card]
    for card, stated, stated_weight in cards:
        run = card.execution
        if run is None or run.score is None:
            continue
        if stated is None and stated_weight is None:
            score = weight = None  # nothing stated to compare (`_execution_score` would only read the run's own)
        else:
            score, weight = _execution_score(card, stated_weight)
        if stated is not None and score is not None and score_disagrees(stated, score):
            # at the stated score (where it is typed and printed), not the execution line it is recomputed from
            where = f"{card.path}.stated_execution_score" if card.path else "stated_execution_score"
            yield Finding("EXECUTION.SCORE", "error", where,
                          f"预算执行所列得分 {fmt_plain(stated)}，按执行率 {fmt_percent(run.rate)}"
                          f"{' ' if weight == run.weight else f'、表中分值 {fmt_plain(weight)} 分 '}应得 "
                          f"{fmt_score(score)} 分{rounding_note(stated, score)}。",
                          stated=fmt_plain(stated), recomputed=fmt_score(score), subject=card.subject)
        if run.rate is not None and run.rate > ONE:  # ONE, not 1: a Decimal compares with an int by converting it
            yield Finding("EXECUTION.OVER", "warning", run.path, Later(_over_message, run),
                          recomputed=Later(fmt_percent, run.rate), subject=card.subject)
    yield from _over_unscored(ctx)


class _Spending(NamedTuple):  # what _over_message reads of an execution run, for a line no card scores
    spent: Decimal
    budget_adjusted: Decimal
    rate: Decimal


def _over_unscored(ctx: CheckContext) -> Iterator[Finding]:
    """EXECUTION.OVER for the budget lines no score card measures (no scheme chosen, a project without indicators):
    spending over the budget is as worth asking about in a draft as in a scored evaluation (EXECUTION.LOW reads the
    same lines)."""
    unscored = {p.index for p in ctx.result.projects if p.card is None}
    if not unscored and ctx.result.department is not None:
        return  # every line is measured by a card (most evaluations): no line's path is written to be passed over
    for line, path, subject in execution_lines(ctx.evaluation):
        index = _project_index(path)
        scored = ctx.result.department is not None if index is None else index not in unscored
        if scored:  # EXECUTION.OVER from its card's run, above
            continue
        budget, spent = line.budget_adjusted, line.spent
        if budget is None or spent is None or budget <= ZERO or spent <= budget:
            continue
        run = _Spending(spent, budget, spent / budget)
        yield Finding("EXECUTION.OVER", "warning", path, Later(_over_message, run),
                      recomputed=Later(fmt_percent, run.rate), subject=subject)


def _project_index(path: str) -> int | None:
    return int(path[len("projects["):path.index("]")]) if path.startswith("projects[") else None


def _over_message(run) -> str:
    """Beside the usual request, the hint of a figure typed in 元 (money.unit_slip_hint, which monitoring gives too):
    the execution score is capped at 100% either way."""
    return (f"执行数 {fmt_plain(run.spent)} 万元超过调整后预算 {fmt_plain(run.budget_adjusted)} 万元"
            f"（执行率 {fmt_percent(run.rate)}），请说明超预算支出的依据。{unit_slip_hint(run.spent, run.budget_adjusted)}")


def execution_lines(evaluation) -> Iterator[tuple[BudgetLine, str, str]]:
    """(line, path, subject) of each budget line execution is measured on, as the engine scores it (the department's
    `execution`, else its budget total; a project's `execution`, else its budget), whether a scheme scores it or not:
    a draft without a scheme or indicators has its rates all the same."""
    department, path = evaluation.execution_line()
    if department is not None:
        yield department, path, evaluation.department.name
    for index, project in enumerate(evaluation.projects):
        line, field = project.execution_line()
        if line is not None:
            yield line, f"projects[{index}].{field}", project.name


@check("EXECUTION.LOW", "调整后预算不是执行数的 10 倍以上（单位是否填错）")
def implausibly_low(ctx: CheckContext) -> Iterator[Finding]:
    """The mirror of EXECUTION.OVER's 10 times: an adjusted budget ten times what was spent or more (a rate at or
    below 10%) is most often the budget typed in 元 into a 万元 field, or a digit too many. A warning, not an error:
    a project that barely started spends little of a real budget, and then says why. Nothing spent is not this (no
    figure to have been typed in the wrong unit); a budget of 0 has no rate (RULES §2)."""
    for line, path, subject in execution_lines(ctx.evaluation):
        budget, spent = line.budget_adjusted, line.spent
        if not implausibly_large(budget, spent):  # nothing spent (spent ≤ 0) is never this
            continue
        yield Finding("EXECUTION.LOW", "warning", path, Later(_low_message, budget, spent),
                      recomputed=Later(fmt_percent, spent / budget), subject=subject)


def _low_message(budget: Decimal, spent: Decimal) -> str:
    return (f"调整后预算 {fmt_plain(budget)} 万元是执行数 {fmt_plain(spent)} 万元的 {fmt_plain(IMPLAUSIBLE_RATE)} 倍以上"
            f"（执行率 {fmt_percent(spent / budget)}），请先核对预算数{UNIT_SLIP}；执行确实偏低的，请说明原因。")
