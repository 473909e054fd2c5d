"""Rates against thresholds (RULES.md §4.5): a formula gives a rate, a piecewise rule of the scheme turns it into
points. The rule kinds (deduct, linear, step) cover the published frameworks; their numbers are in the scheme file."""

from __future__ import annotations

from decimal import Decimal

from ..facts import fact, fact_label
from ..model import Indicator
from ..money import HUNDRED, ZERO, fmt_plain, fmt_score, round_half_up
from ..results import LeafResult
from ..scheme import ThresholdRule
from .context import Context


def points(rule: ThresholdRule, rate: Decimal, weight: Decimal) -> Decimal:
    """The points a rate (in %) earns under `rule`, within [0, weight]."""
    higher = rule.direction == "higher_better"
    short = (rule.full_at - rate) if higher else (rate - rule.full_at)  # percentage points on the wrong side
    if short <= 0:
        return weight
    if rule.kind == "step":
        return weight * rule.else_share / HUNDRED
    if rule.kind == "deduct":
        lost = short * rule.per_point if rule.per_point is not None else weight * short * rule.per_point_share / HUNDRED
        return max(ZERO, weight - lost)
    assert rule.zero_at is not None
    span = abs(rule.zero_at - rule.full_at)
    return ZERO if short >= span else weight * (span - short) / span


def score(indicator: Indicator, weight: Decimal, path: str, context: Context, method: str) -> LeafResult:
    leaf = LeafResult(indicator, path, method, weight, None)
    if not indicator.formula or not indicator.rule:
        leaf.missing = "未指定计算公式或计分规则"
        return leaf
    rule = context.scheme.rule(indicator.rule)
    if rule is None:
        leaf.missing = f"评分方案中没有计分规则“{indicator.rule}”"
        return leaf
    try:
        found = fact(context.evaluation, indicator.formula) if context.evaluation else None
    except KeyError:
        leaf.missing = f"无法识别的公式“{indicator.formula}”"
        return leaf
    if found is None:
        leaf.missing = f"缺少计算“{fact_label(indicator.formula)}”所需的数据"
        return leaf
    leaf.rate = found.value
    leaf.score = points(rule, found.value, weight)
    return leaf


def explain(leaf: LeafResult, context: Context) -> list[str]:
    ind = leaf.indicator
    lines = [f"公式：{ind.definition or fact_label(ind.formula or '')}"]
    if leaf.missing:
        return lines + [f"未计分：{leaf.missing}。"]
    rule = context.scheme.rule(ind.rule or "")
    assert rule is not None and leaf.rate is not None
    lines.append(f"计算结果：{fact_label(ind.formula or '')} = {round_half_up(leaf.rate, 2)}%。")
    lines.append(f"计分规则：{rule.name}（{rule.source or context.scheme.file}）。")
    lines.append(f"分值 {fmt_plain(leaf.weight)}，得 {fmt_score(leaf.score)} 分。")
    return lines
