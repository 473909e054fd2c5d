from decimal import Decimal as D

from jixiao.core.model import Goal, Indicator

from .helpers import codes, findings, replace, replace_in_list


def _with_project_indicator(evaluation, project, indicator, **changes):
    p = evaluation.projects[project]
    indicators = replace_in_list(p.indicators, indicator, **changes)
    return replace(evaluation, projects=replace_in_list(evaluation.projects, project, indicators=indicators))


def test_seed_003_scores_are_within_bounds_and_match_their_methods(tongcheng, library):
    assert codes(tongcheng, library, "SCORE", "EXECUTION", "WEIGHT") == []


def test_a_score_above_its_weight(tongcheng, library):
    evaluation = _with_project_indicator(tongcheng, 0, 3, score=D(5))  # 工伤病残认定完成率 weight 4
    [finding] = findings(evaluation, library, "SCORE.BOUNDS")
    assert finding.location == "projects[0].indicators[3]" and finding.stated == "5"


def test_a_quantitative_score_that_its_method_does_not_give(tongcheng, library):
    # 受理工伤病残等级鉴定例数: 126 against 100 earns all 5 points; a table stating 4 is wrong
    evaluation = _with_project_indicator(tongcheng, 0, 0, score=D(4))
    assert {f.code for f in findings(evaluation, library, "SCORE")} >= {"SCORE.METHOD", "SCORE.SUBTOTAL"}


def test_a_qualitative_score_outside_its_tier(tongcheng, library):
    evaluation = _with_project_indicator(tongcheng, 0, 7, score=D(7))  # 明显提高 = 明显提高 is achieved: 8–10
    [finding] = findings(evaluation, library, "SCORE.TIER")
    assert finding.recomputed == "8–10"


def test_a_missing_actual_is_reported_not_scored(tongcheng, library):
    evaluation = _with_project_indicator(tongcheng, 0, 0, actual=None)
    [finding] = findings(evaluation, library, "SCORE.NOT_SCORED")
    assert finding.severity == "error" and "缺少实际完成值" in finding.message


def test_stated_total_against_recomputed_total(tongcheng, library):
    projects = replace_in_list(tongcheng.projects, 1, stated_score=D(98))
    found = {f.code for f in findings(replace(tongcheng, projects=projects), library, "SCORE")}
    assert found == {"SCORE.TOTAL", "SCORE.SUBTOTAL"}


def test_a_goal_weight_not_matching_its_indicators(tongcheng, library):
    goals = replace_in_list(tongcheng.goals, 2, weight=D(14))
    found = {f.code for f in findings(replace(tongcheng, goals=goals), library, "WEIGHT")}
    assert found == {"WEIGHT.GROUP"}


def test_indicator_weights_must_total_the_schemes_80(tongcheng, library):
    evaluation = _with_project_indicator(tongcheng, 0, 0, weight=D(6), score=D(6))
    assert "WEIGHT.TOTAL" in codes(evaluation, library, "WEIGHT")


def test_judgement_without_a_reason(library):
    from jixiao.core.model import Department, Evaluation

    evaluation = Evaluation(year=2023, scheme="yunnan-department-dmp", department=Department(name="某局"),
                            indicators=[Indicator(name="职责明确性", level1="decision", weight=D(5), code="A21", score=D(4))])
    [finding] = findings(evaluation, library, "SCORE.REASON")
    assert "须写明" in finding.message


def test_execution_stated_score_and_overspending(tongcheng, library):
    projects = replace_in_list(tongcheng.projects, 0, stated_execution_score=D(18))
    assert codes(replace(tongcheng, projects=projects), library, "EXECUTION") == ["EXECUTION.SCORE"]
    from jixiao.core.model import BudgetLine
    projects = replace_in_list(tongcheng.projects, 0, budget=BudgetLine(budget_adjusted=D(5), spent=D(6)))
    assert "EXECUTION.OVER" in codes(replace(tongcheng, projects=projects), library, "EXECUTION")


def test_missing_goal_weight(tongcheng, library):
    goals = list(tongcheng.goals) + [Goal(name="年度目标 8", indicators=[])]
    assert "WEIGHT.GOAL" in codes(replace(tongcheng, goals=goals), library, "WEIGHT")
