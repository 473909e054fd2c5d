"""尾差 (core.reports.rounding): where scores shown rounded once do not add up to a total shown beside them, the
conventional note is printed, and only there."""

from __future__ import annotations

from decimal import Decimal as D

import msgspec

from jixiao.core.engine import score_evaluation
from jixiao.core.reports.rounding import card_tail, groups_tail, leaves_tail, parts_tail, shown_gap


def test_the_demos_goal_whose_indicators_shown_add_to_12_34_beside_its_subtotal_12_35():
    # 通城县交通运输局 (the demo's evaluation 16), 年度目标 1: 33 of 70 公里 on 3 points, 42% of 100% on 3, 32% of
    # ≥95% on 2, then 2, 1.2, 0.8, 5 as given — shown 1.41 + 1.26 + 0.67 + 2 + 1.2 + 0.8 + 5 = 12.34
    leaves = [D(3) * 33 / 70, D(3) * D("0.42"), D(2) * 32 / 95, D(2), D("1.2"), D("0.8"), D(5)]
    assert shown_gap(leaves, sum(leaves, D(0))) == D("0.01")  # 12.347969… is shown 12.35
    assert shown_gap([D("1.10"), D("2.20")], D("3.30")) == 0  # adds up: no note
    assert shown_gap([D("1.10"), D("2.20")], D("3.40")) == 0  # 0.10 apart: a finding for the checks, not a 尾差
    assert shown_gap([D("1.10"), None], D("1.10")) == 0 and shown_gap([], D("1")) == 0


def goal_rounded(tongcheng):
    """Seed 003 with two indicators of 年度目标 1 scored by their method to figures that round up: 2 × 90 / 118 =
    1.5254… (shown 1.53) and 2 × 83.3% = 1.666 (shown 1.67); the goal's subtotal 9.1914… is shown 9.19, its
    indicators shown add up to 9.20."""
    goal = tongcheng.goals[0]
    indicators = list(goal.indicators)
    indicators[0] = msgspec.structs.replace(indicators[0], actual="90 人", score=None)
    indicators[2] = msgspec.structs.replace(indicators[2], actual="83.3%", score=None)
    goals = [msgspec.structs.replace(goal, indicators=indicators), *tongcheng.goals[1:]]
    return msgspec.structs.replace(tongcheng, goals=goals)


def test_a_score_card_has_a_tail_only_where_its_shown_scores_do_not_add_up(library, tongcheng):
    assert not card_tail(score_evaluation(tongcheng, library).department)  # the seed's scores add up exactly
    card = score_evaluation(goal_rounded(tongcheng), library).department
    goal = card.groups[0]
    assert [str(leaf.score)[:6] for leaf in goal.leaves()] == ["1.5254", "2", "1.666", "1", "1", "2"]
    assert str(goal.score)[:6] == "9.1914"
    assert groups_tail(card) and leaves_tail(card) and card_tail(card)  # 9.20 for 9.19; 99.20 for 99.19
    assert not parts_tail(card)  # execution 20 and the subtotals shown add up to the total shown, 99.19
