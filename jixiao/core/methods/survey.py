"""Scores from a survey (RULES.md §4.8): weight × survey score / 100, or a threshold rule on the satisfaction share."""

from __future__ import annotations

from decimal import Decimal

from ..model import Indicator
from ..money import HUNDRED, fmt_plain, fmt_score, round_half_up
from ..results import LeafResult
from .context import Context
from .thresholds import points


def score(indicator: Indicator, weight: Decimal, path: str, context: Context, method: str) -> LeafResult:
    leaf = LeafResult(indicator, path, method, weight, None)
    if not indicator.survey:
        leaf.missing = "未指定满意度调查"
        return leaf
    result = context.survey(indicator.survey)
    if result is None:
        leaf.missing = f"没有编号为“{indicator.survey}”的满意度调查"
        return leaf
    if indicator.rule:
        rule = context.scheme.rule(indicator.rule)
        if rule is None or result.satisfaction_share is None:
            leaf.missing = "计分规则不存在或调查没有有效问卷" if rule is None else "调查没有有效问卷"
            return leaf
        leaf.rate = result.satisfaction_share * HUNDRED
        leaf.score = points(rule, leaf.rate, weight)
        return leaf
    if result.score is None:
        leaf.missing = "调查没有有效问卷，无法计算问卷综合得分"
        return leaf
    leaf.rate = result.score
    leaf.score = min(weight, weight * result.score / HUNDRED)
    return leaf


def explain(leaf: LeafResult, context: Context) -> list[str]:
    survey_id = leaf.indicator.survey or ""
    result = context.survey(survey_id)
    if leaf.missing or result is None:
        return [f"未计分：{leaf.missing}。"]
    lines = [
        f"调查“{survey_id}”：发放 {result.survey.issued}，收回 {result.survey.returned}，有效 {result.valid} 份；"
        f"问卷综合得分 = 各有效问卷得分之和 / 有效问卷数 = {fmt_score(result.score)}。"
    ]
    if leaf.indicator.rule:
        rule = context.scheme.rule(leaf.indicator.rule)
        lines.append(f"满意率 {round_half_up(leaf.rate, 2)}%，按规则“{rule.name if rule else leaf.indicator.rule}”得 {fmt_score(leaf.score)} 分。")
    else:
        lines.append(f"得分 = {fmt_plain(leaf.weight)} × {fmt_score(result.score)} / 100 = {fmt_score(leaf.score)} 分。")
    return lines
