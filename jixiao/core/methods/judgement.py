"""Judgement in a range (酌情 0–N, RULES.md §4.7): the evaluator's score, bounded by the weight, with a reason."""

from __future__ import annotations

from decimal import Decimal

from ..model import Indicator
from ..money import ZERO, fmt_plain, fmt_score
from ..results import LeafResult
from .context import Context


def score(indicator: Indicator, weight: Decimal, path: str, context: Context, method: str) -> LeafResult:
    if indicator.score is None:
        return LeafResult(indicator, path, method, weight, None, missing="未给出酌情评分")
    given = indicator.score
    # min(max(given, ZERO), weight), as qualitative.score writes it out
    low = ZERO if ZERO > given else given
    score = weight if weight < low else low
    return LeafResult(indicator, path, method, weight, score, out_of_bounds=score != given)


def explain(leaf: LeafResult, context: Context) -> list[str]:
    lines = [f"酌情评分，范围 0–{fmt_plain(leaf.weight)} 分。"]
    if leaf.missing:
        return lines + [f"未计分：{leaf.missing}。"]
    lines.append(f"得分 {fmt_score(leaf.indicator.score)}，理由：{leaf.indicator.reason or '（未填写，须补充）'}。")
    if leaf.out_of_bounds:
        lines.append(f"所给分数超出 0–{fmt_plain(leaf.weight)}，按 {fmt_score(leaf.score)} 分计。")
    return lines
