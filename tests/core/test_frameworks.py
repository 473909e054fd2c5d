"""Department frameworks (RULES.md §5): formula indicators from the department's own figures, checklists,
judgement and surveys, scored by the rules kept in the scheme file."""

from decimal import Decimal as D

import pytest

from jixiao.core.engine import score_evaluation
from jixiao.core.methods.thresholds import points
from jixiao.core.model import (Criterion, Department, Evaluation, FixedAssets, Indicator, StaffCount, Survey,
                               SurveyOption, SurveyQuestion, ThreePublicExpenses, ThreePublicLine)
from jixiao.core.survey import score_survey


def rule(library, rule_id):
    return library.scheme("yunnan-department-dmp").rule(rule_id)


# RULES.md §4.5, each published rule at and around its thresholds
@pytest.mark.parametrize("rate, expected", [(D(100), D(4)), (D(95), D(4)), (D(90), D("3.5")), (D(0), D(0))])
def test_basic_execution_rule_deducts_a_tenth_of_a_point_per_point_below_95(library, rate, expected):
    assert points(rule(library, "basic-execution-95"), rate, D(4)) == expected


@pytest.mark.parametrize("rate, expected", [(D("77.4"), D(4)), (D(100), D(4)), (D(110), D(2)), (D(120), D(0)), (D(150), D(0))])
def test_control_rate_rule_is_linear_between_100_and_120(library, rate, expected):
    assert points(rule(library, "control-100-120"), rate, D(4)) == expected


@pytest.mark.parametrize("rate, expected", [(D(100), D(5)), (D("100.01"), D(0)), (D(40) / D(36) * 100, D(0))])
def test_staff_control_rule_gives_nothing_above_100(library, rate, expected):
    assert points(rule(library, "staff-100"), rate, D(5)) == expected


@pytest.mark.parametrize("rate, expected", [(D(95), D(2)), (D(90), D("1.5")), (D(70), D(0)), (D(60), D(0))])
def test_assets_rule_deducts_five_percent_of_the_weight_per_point(library, rate, expected):
    assert points(rule(library, "assets-in-use-95"), rate, D(2)) == expected


def ten_question_survey(a: int, b: int, c: int) -> Survey:
    """A 10-question questionnaire scored A 10 / B 5 / C 0 (FORMATS.md S5)."""
    options = [SurveyOption(label="A", points=D(10), count=a, satisfied=True),
               SurveyOption(label="B", points=D(5), count=b, satisfied=True),
               SurveyOption(label="C", points=D(0), count=c)]
    return Survey(id="beneficiaries", issued=a + b + c + 5, returned=a + b + c + 2, valid=a + b + c,
                  questions=[SurveyQuestion(text=f"第{i}题", options=options) for i in range(1, 11)])


def test_survey_score_is_points_over_valid_responses():
    result = score_survey(ten_question_survey(90, 8, 2))
    assert result.score == D(10 * (90 * 10 + 8 * 5)) / 100  # RULES §6
    assert result.satisfaction_share == D(98) / 100


def test_a_department_framework_scores_from_figures_ticks_and_judgement(library):
    # Seed 002's own figures: 36 authorized and 40 staff; 三公 7.5 spent of 9.69; assets all in use.
    evaluation = Evaluation(
        year=2022, scheme="yunnan-department-dmp",
        department=Department(name="靖州县人力资源和社会保障局", staff_authorized=StaffCount(total=36),
                              staff_actual=StaffCount(total=40)),
        three_public_expenses=ThreePublicExpenses(total=ThreePublicLine(budget=D("9.69"), spent=D("7.5"))),
        fixed_assets=FixedAssets(total=D("1534.99"), in_use=D("1534.99")),
        surveys=[ten_question_survey(90, 8, 2)],
        indicators=[
            Indicator(name="绩效目标合理性", level1="decision", weight=D(6), code="A11",
                      criteria=[Criterion(text="①", met=True), Criterion(text="②", met=True), Criterion(text="③", met=False)]),
            Indicator(name="职责明确性", level1="decision", weight=D(5), code="A21", score=D(5), reason="三定方案明确"),
        ],
    )
    card = score_evaluation(evaluation, library).department
    leaves = {leaf.indicator.code: leaf for leaf in card.leaves()}
    assert leaves["A31"].score == D(0)            # staff 40 / 36 = 111% > 100%
    assert leaves["A32"].score == D(4)            # 三公 77.4% ≤ 100%
    assert leaves["B41"].score == D(2)            # assets 100% in use
    assert leaves["A11"].score == D(4)            # ① and ② met, 2 points each
    assert leaves["A21"].score == D(5)
    assert leaves["C22"].score == D(8) * D(94) / 100   # survey score 94 on a weight of 8
    assert leaves["B11"].score is None and "缺少计算" in leaves["B11"].missing  # no basic-expenditure budget
    assert not card.complete and card.grade is None
