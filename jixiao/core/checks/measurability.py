"""Measurable indicators (CHECKS.md · Quality of goals): a quantity needs a numeric target and actual with a unit;
an actual written with an operator (≥96%) states a bound, not a result, and one that repeats the target with its
operator (≥90% in both columns) is the target copied over."""

from __future__ import annotations

from typing import Iterator

from ..money import HUNDRED, fmt_normalised, fmt_plain, percent_typed_as_fraction
from ..phrasing import with_unit
from ..targets import Quantity, parse_quantity
from . import CheckContext, Finding, check
from ._common import score_cards, subject_of

QUANTITATIVE = {"higher_better", "lower_better", "exact"}


@check("MEASURE", "定量指标目标值与实际值可衡量")
def measurability(ctx: CheckContext) -> Iterator[Finding]:
    cards = score_cards(ctx)
    for card in cards:
        for leaf in card.leaves():
            ind = leaf.indicator
            quantitative = leaf.method in QUANTITATIVE
            if not quantitative:
                if ind.level2 == "quantity" and leaf.method == "qualitative":
                    yield _vague(ctx, leaf)
                continue
            actual = leaf.actual  # the engine parsed it already
            if actual is not None and actual.operator is not None:
                if _copied(leaf.target, actual):
                    yield Finding("MEASURE.ACTUAL_COPY", "warning", f"{leaf.path}.actual",
                                  f"实际完成值“{ind.actual}”与年度指标值“{ind.target}”相同，是照抄的目标而不是实际达到的数值，"
                                  "请填写实际完成值并据此计分。",
                                  stated=ind.actual, recomputed=ind.target, subject=_subject(ctx, leaf))
                else:
                    yield Finding("MEASURE.ACTUAL_BOUND", "warning", f"{leaf.path}.actual",
                                  f"实际完成值写作“{ind.actual}”，是一个范围而不是实际达到的数值，请填写实际值（如 {with_unit(fmt_plain(actual.value), actual.unit)}）。",
                                  stated=ind.actual, subject=_subject(ctx, leaf))
            target = leaf.target or parse_quantity(ind.target)  # parsed by the engine
            # an actual with a unit is no fraction typed for a percentage: most are passed over here, without a call
            # (and `is_percent`'s) for each of a province's quantitative leaves
            if actual is not None and not actual.unit and _fraction_for_percent(target, actual):
                yield _fraction_finding(ctx, leaf, target, actual)
            if target is not None and not target.unit and not ind.unit_of_measure:
                yield Finding("MEASURE.UNIT", "notice", f"{leaf.path}.target",
                              f"目标值“{ind.target}”没有计量单位，请注明（人、例、%、万元 …）。",
                              stated=ind.target, subject=_subject(ctx, leaf))


def _fraction_for_percent(target: Quantity | None, actual: Quantity | None) -> bool:
    """An actual written as a fraction without a unit (0.95) against a percentage target above 1% (≥90%, 100%): it is
    scored as 0.95%, while what was meant is most often 95%. A unit-less actual is compared in the target's unit, so
    nothing else reports it."""
    return (target is not None and actual is not None and target.is_percent and not actual.unit
            and actual.operator is None and percent_typed_as_fraction(actual.value, against=target.value))


def _fraction_finding(ctx: CheckContext, leaf, target: Quantity, actual: Quantity) -> Finding:
    ind = leaf.indicator
    meant, taken = with_unit(fmt_normalised(actual.value * HUNDRED), "%"), with_unit(fmt_plain(actual.value), "%")
    return Finding("MEASURE.PERCENT_FRACTION", "warning", f"{leaf.path}.actual",
                   f"实际完成值“{ind.actual}”没有写 %，已按 {taken} 与目标“{ind.target}”比较计分；"
                   f"如实际为 {meant}，请填写“{meant}”。",
                   stated=ind.actual, recomputed=meant, subject=_subject(ctx, leaf))


def _vague(ctx: CheckContext, leaf) -> Finding:
    ind = leaf.indicator
    return Finding("MEASURE.VAGUE", "warning", f"{leaf.path}.target",
                   f"数量指标的目标值“{ind.target or '（空）'}”不是数值，无法衡量完成程度，请设定具体数量。",
                   stated=ind.target, subject=_subject(ctx, leaf))


def _copied(target: Quantity | None, actual: Quantity) -> bool:
    """An actual written as the target is, operator and all ("≥90%" in both columns): the target copied over, where an
    actual with an operator of its own ("≥96%" against "≥95%") states a bound. The one check decides between the two
    so that a copied target is reported once."""
    return target is not None and (target.operator, target.value, target.unit.strip()) == \
        (actual.operator, actual.value, actual.unit.strip())


def _subject(ctx: CheckContext, leaf) -> str:
    return leaf.indicator.name if leaf.path.startswith("framework") else subject_of(ctx.evaluation, leaf.path)
