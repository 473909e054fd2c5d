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


def test_seed_003_spending_typed_in_yuan_keeps_its_capped_score_but_no_grade(tongcheng, library):
    """21468.3 万元 spent typed as 214683000 (元): the rate is 10 000×, capped at 100% by the rules, so the score stays
    100, but no 优 is given over a figure that is surely a slip (the trial's live panel read 100.00 优)."""
    import msgspec

    line, field = tongcheng.execution_line()
    assert field == "execution" and line.spent == D("21468.3")

    def spent(amount):
        return msgspec.structs.replace(tongcheng, execution=msgspec.structs.replace(line, spent=amount))

    card = score_evaluation(spent(D("214683000")), library).department
    assert card.execution.score == D(20) and card.total == D(100) and card.grade is None
    assert card.grade_withheld == ("执行数是调整后预算的 10000 倍以上，请先核对是否把“元”当作“万元”填写或多写了位数，"
                                   "改正后才能评定等级")
    nine_times = spent(line.budget_adjusted * 9)
    assert score_evaluation(nine_times, library).department.grade.name == "优"  # over budget, not implausible
