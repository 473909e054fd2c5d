"""Qualitative indicators judged in tiers (RULES.md §4.4): the evaluator picks a tier and a score inside it."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from ..labels import TIERS
from ..model import Indicator
from ..money import HUNDRED, ZERO, fmt_plain, fmt_score
from ..results import LeafResult
from ..scheme import TierSpec
from .context import Context


def chosen_tier(indicator: Indicator) -> str | None:
    """The tier the evaluator chose; an actual written exactly as the target means the target was achieved."""
    if indicator.tier:
        return indicator.tier
    if indicator.actual and indicator.target and indicator.actual.strip() == indicator.target.strip():
        return "achieved"
    return None


def tier_of_score(score: Decimal, weight: Decimal, tiers) -> str | None:
    """The tier a score given in a report falls in (a report scores its qualitative rows without naming the tier)."""
    if not weight:
        return None
    share = score * HUNDRED / weight
    for tier in sorted(tiers, key=lambda t: t.low, reverse=True):
        if share >= tier.low:
            return tier.key
    return None


def tier_bounds(tier: TierSpec, weight: Decimal, top: bool) -> tuple[Decimal, Decimal, bool]:
    """(lowest score, highest score, whether the highest is included)."""
    return weight * tier.low / HUNDRED, weight * tier.high / HUNDRED, top


@lru_cache(maxsize=1024)
def _bounds(low: Decimal, high: Decimal, weight: Decimal) -> tuple[Decimal, Decimal, bool]:
    """`tier_bounds` by value, for `score`, which only compares with them: a province's qualitative rows share a few
    weights and tiers."""
    return weight * low / HUNDRED, weight * high / HUNDRED, high == HUNDRED


def _score_wanted(tier: TierSpec, weight: Decimal) -> str:
    """What a chosen tier still needs: a trial picked 达成年度指标 and was told only 未给出得分."""
    low, high, include_high = tier_bounds(tier, weight, tier.high == HUNDRED)
    span = f"{fmt_score(low)} 至 {fmt_score(high)} 分" if include_high else \
        f"{fmt_score(low)} 分及以上、低于 {fmt_score(high)} 分"
    return f"未给出得分：已选“{TIERS.get(tier.key, tier.key)}”档次，请在“得分”中填写 {span}"


def score(indicator: Indicator, weight: Decimal, path: str, context: Context, method: str) -> LeafResult:
    key = indicator.tier or chosen_tier(indicator)  # a tier chosen, as most rows have, without the call
    stated = key is None and context.evaluation is not None and context.evaluation.read_from_report
    if stated and indicator.score is not None:
        key = tier_of_score(indicator.score, weight, context.scheme.tiers)
    if key is None:
        # the actual first: a row whose 实际完成值 is blank has not been evaluated yet, whatever its tier
        blank = not (indicator.actual or "").strip()
        return LeafResult(indicator, path, method, weight, None,
                          missing="实际完成值未填写，也未选择定性档次（达成 / 部分达成 / 未达成）" if blank
                          else "未选择定性档次（达成 / 部分达成 / 未达成）")
    tier = context.scheme.tier(key)
    if tier is None:
        return LeafResult(indicator, path, method, weight, None, missing=f"评分方案没有“{TIERS.get(key, key)}”档次")
    given = indicator.score
    if given is None:
        return LeafResult(indicator, path, method, weight, None, missing=_score_wanted(tier, weight), tier=tier)
    # min(max(given, ZERO), weight) by the same two comparisons in the same order (tests/core/test_fast_paths.py):
    # the builtins' calls cost three times as much, for each of a province's qualitative rows
    low = ZERO if ZERO > given else given
    score = weight if weight < low else low
    try:
        low, high, include_high = _bounds(tier.low, tier.high, weight)
    except TypeError:  # a signalling NaN cannot be hashed
        low, high, include_high = tier_bounds(tier, weight, tier.high == HUNDRED)
    # built whole, not field by field: a province has hundreds of thousands of these leaves
    return LeafResult(indicator, path, method, weight, score, tier=tier, out_of_bounds=score != given,
                      outside_tier=not (low <= given and (given <= high if include_high else given < high)))


def explain(leaf: LeafResult, context: Context) -> list[str]:
    ind = leaf.indicator
    lines = [f"目标：{ind.target or '—'}；完成情况：{ind.actual or '—'}；分值 {fmt_plain(leaf.weight)}"]
    if leaf.tier is None:
        return lines + [f"未计分：{leaf.missing}。"]
    low, high, include_high = tier_bounds(leaf.tier, leaf.weight, leaf.tier.high == HUNDRED)
    closing = "]" if include_high else ")"
    how = ("评价人选择" if ind.tier else "实际完成情况与目标表述一致，视为" if chosen_tier(ind)
           else "报告所给得分落在")
    lines.append(
        f"{how}“{leaf.tier.name}”档（分值的 {fmt_plain(leaf.tier.low)}%–{fmt_plain(leaf.tier.high)}%），"
        f"得分应在 [{fmt_score(low)}, {fmt_score(high)}{closing} 之间。"
    )
    if leaf.missing:
        return lines + [f"未计分：{leaf.missing}。"]
    lines.append(f"得分 {fmt_score(ind.score)}，计 {fmt_score(leaf.score)} 分。")
    if leaf.outside_tier:
        lines.append("注意：所给分数不在所选档次范围内，须更正档次或分数。")
    return lines
