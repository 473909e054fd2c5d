"""What the engine computes agrees with the seeds where the seeds are right."""

from decimal import Decimal as D

from jixiao.core.engine import score_evaluation
from jixiao.core.money import fmt_percent


def test_seed_003_department_table_scores_100_and_excellent(tongcheng, library):
    result = score_evaluation(tongcheng, library)
    card = result.department
    assert card.complete and card.total == D(100) and card.grade.name == "优"
    assert card.execution.score == D(20)  # 21468.3 / 21468.3 × 20
    # seven goals weighted 10/10/15/15/10/10/10 (FORMATS.md S4), each earning its weight
    assert [g.weight for g in card.groups] == [D(10), D(10), D(15), D(15), D(10), D(10), D(10)]
    assert [g.score for g in card.groups] == [g.weight for g in card.groups]


def test_seed_003_project_tables_each_score_100(tongcheng, library):
    result = score_evaluation(tongcheng, library)
    scored = [p for p in result.projects if p.card is not None]
    assert len(scored) == 8
    for project in scored:
        assert project.card.complete and project.card.total == D(100), project.project.name
        assert project.card.execution.score == D(20)
        assert sum(leaf.weight for leaf in project.card.leaves()) == D(80)
    assert len(result.projects) == 26 and result.grade_counts["优"] == 26


def test_seed_000_execution_grades_and_excellent_share(changli, library):
    result = score_evaluation(changli, library)
    total, projects = changli.budget.total, changli.budget.project_expenditure
    assert fmt_percent(total.spent / total.budget_adjusted) == "99.03%"
    assert fmt_percent(projects.spent / projects.budget_adjusted) == "98.95%"
    assert result.grade_counts == {"优": 37, "良": 0, "中": 0, "差": 3}
    assert result.excellent_share == D("0.925")
    assert result.department is None  # no department table in the report: its 98 优 is stated, not recomputed


def test_seed_002_has_no_scoring_table_but_its_figures_load(jingzhou, library):
    result = score_evaluation(jingzhou, library)
    assert result.department is None and result.projects == []
    assert jingzhou.stated_score == D(100) and jingzhou.stated_grade == ""
    assert jingzhou.budget.basic_expenditure.spent == D("708.61")


def test_seed_002_goals_are_held_without_points(jingzhou):
    qualitative = [g for g in jingzhou.goals if not g.indicators]
    assert [g.name[:3] for g in qualitative] == ["任务1", "任务2", "任务3", "任务4", "任务5", "任务6"]
    [quantitative] = [g for g in jingzhou.goals if g.indicators]
    assert len(quantitative.indicators) == 17  # quality 3, quantity 6, timeliness 2, cost 2, outcome 3, satisfaction 1
    assert {i.level2 for i in quantitative.indicators} == {
        "quality", "quantity", "timeliness", "cost", "social", "economic", "ecological", "beneficiary_satisfaction"}
    assert all(i.weight is None for i in quantitative.indicators)
