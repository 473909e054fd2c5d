"""What counts for a table once the bureau has spot-checked it (jixiao.core.cycle.reviewed), on seed 003 (通城 2023):
every indicator at full marks and the whole budget spent, each table 100 = execution 20 + indicators 80, 优 on the
90/80/60 scale."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.cycle.reviewed import BUREAU, SELF, counted
from jixiao.core.engine import score_evaluation


def _first_project(tongcheng, library):
    return score_evaluation(tongcheng, library).projects[0]


def test_a_table_rescored_whole_counts_at_the_bureaus_total_graded_on_its_scale(tongcheng, library):
    project = _first_project(tongcheng, library)
    card = project.card
    # the bureau keeps the execution item and finds a quarter of each indicator's points: 20 + 80 / 4 = 40, 差
    bureau = {leaf.path: leaf.weight / 4 for leaf in card.leaves()}
    found = counted(card, project.score, project.grade, bureau, library.grade_scale)
    assert (found.score, found.grade, found.source) == (Decimal(40), "差", BUREAU)
    assert (found.self_score, found.self_grade, found.shown_gap) == (Decimal(100), "优", Decimal(60))
    assert found.reason == "按抽查复核得分；自评 100.00 分（优），自评偏差 60.00 分"
    # at the scale's edge: 20 + 80 × 0.875 = 90 is 优 again (自评偏差 10)
    bureau = {leaf.path: leaf.weight * Decimal("0.875") for leaf in card.leaves()}
    assert counted(card, project.score, project.grade, bureau, library.grade_scale).grade == "优"


def test_a_table_rescored_in_part_or_not_at_all_counts_as_the_department_scored_it(tongcheng, library):
    project = _first_project(tongcheng, library)
    leaves = project.card.leaves()
    partial = {leaf.path: Decimal(0) for leaf in leaves[:-1]}
    found = counted(project.card, project.score, project.grade, partial, library.grade_scale)
    assert (found.score, found.grade, found.source) == (Decimal(100), "优", SELF)
    # said, so that 按自评得分 is not taken for a spot-check not done (seed 003's first project has 10 indicators)
    assert len(leaves) == 10
    assert found.reason == "按自评得分；抽查复核了 10 项指标中的 9 项，未全部复核"
    found = counted(project.card, project.score, project.grade, {}, library.grade_scale)
    assert (found.score, found.grade, found.source, found.reason) == (Decimal(100), "优", SELF, "按自评得分")
