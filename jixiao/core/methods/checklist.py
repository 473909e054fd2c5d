"""Checklists (RULES.md §4.6): criteria ①②③ each worth stated points; the score is the points of those met."""

from __future__ import annotations

from decimal import Decimal

from ..model import Indicator
from ..money import ZERO, fmt_plain, fmt_score
from ..results import LeafResult
from .context import Context


def score(indicator: Indicator, weight: Decimal, path: str, context: Context, method: str) -> LeafResult:
    leaf = LeafResult(indicator, path, method, weight, None)
    criteria = indicator.criteria
    if not criteria or any(c.points is None for c in criteria):
        leaf.missing = "评分细则未列明每项分值"
        return leaf
    unticked = [i + 1 for i, c in enumerate(criteria) if c.met is None]
    if unticked:
        leaf.missing = f"评分细则第 {'、'.join(map(str, unticked))} 项未勾选是否达到"
        return leaf
    earned = sum((c.points for c in criteria if c.met), ZERO)
    leaf.score = min(earned, weight)
    leaf.out_of_bounds = leaf.score != earned
    return leaf


def explain(leaf: LeafResult, context: Context) -> list[str]:
    lines = [f"按评分细则逐项计分，分值 {fmt_plain(leaf.weight)}："]
    for criterion in leaf.indicator.criteria:
        mark = {True: "✔ 达到", False: "✘ 未达到", None: "？未勾选"}[criterion.met]
        lines.append(f"  {mark}　{criterion.text}（{fmt_plain(criterion.points) if criterion.points is not None else '?'} 分）")
    if leaf.missing:
        return lines + [f"未计分：{leaf.missing}。"]
    earned = [fmt_plain(c.points) for c in leaf.indicator.criteria if c.met]
    lines.append(f"得分 = {' + '.join(earned) or '0'} = {fmt_score(leaf.score)} 分。")
    return lines
