"""Every scoring method of RULES.md §4 at its edges."""

from decimal import Decimal as D

import pytest

from jixiao.core.engine import score_execution, score_leaf
from jixiao.core.methods import Context, infer_method
from jixiao.core.model import BudgetLine, Criterion, Indicator


@pytest.fixture
def mof(library):
    return Context(library.scheme("mof-2020-project"))


def leaf(context, **fields):
    fields.setdefault("name", "指标")
    fields.setdefault("level1", "output")
    fields["weight"] = D(str(fields.get("weight", 10)))
    if "score" in fields:
        fields["score"] = D(str(fields["score"]))
    return score_leaf(Indicator(**fields), "indicators[0]", context)


# --------------------------------------------------------------------------------- inference from the target
@pytest.mark.parametrize("target, method", [
    ("≥90%", "higher_better"), ("100 例", "higher_better"), ("≤60 日", "lower_better"), ("=100%", "exact"),
    ("明显提高", "qualitative"), ("12 月底前", "qualitative"),
])
def test_method_is_inferred_from_how_the_target_is_written(target, method):
    assert infer_method(Indicator(name="x", level1="output", weight=D(1), target=target)) == method


def test_an_explicit_method_wins():
    assert infer_method(Indicator(name="x", level1="output", weight=D(1), target="100", method="lower_better")) == "lower_better"


# ------------------------------------------------------------------------------------------- higher is better
def test_higher_better_reaching_the_target_scores_full(mof):
    # seed 003: 农民工工资清欠案例 250 例 → 317 例, weight 1.5, full marks
    result = leaf(mof, target="250 例", actual="317 例", weight="1.5")
    assert result.score == D("1.5")
    assert result.over_achieved  # 126.8% is beyond the 20% threshold


def test_higher_better_short_of_the_target_scores_in_proportion(mof):
    # RULES §4.1: weight × B / A; seed 000 reports 就业率 92.1% against a ≥95% style target
    result = leaf(mof, target="≥95%", actual="92.1%", weight=10)
    assert result.score == D(10) * D("92.1") / D(95)
    assert not result.over_achieved


def test_over_achievement_threshold_is_exclusive(mof):
    assert not leaf(mof, target="100 例", actual="120 例").over_achieved  # exactly 20% over
    assert leaf(mof, target="100 例", actual="121 例").over_achieved


def test_over_achievement_keeps_full_marks_unless_the_evaluator_deducts_with_a_reason(mof):
    assert leaf(mof, target="500 份", actual="4824 份", score=8).score == D(10)  # no reason: full
    deducted = leaf(mof, target="500 份", actual="4824 份", score=8, deviation_reason="目标按往年数据测算，设定偏低")
    assert deducted.score == D(8) and deducted.evaluator_deduction


def test_higher_better_with_zero_actual_scores_zero(mof):
    assert leaf(mof, target="100 人", actual="0 人").score == D(0)


def test_missing_actual_is_not_scored_never_zero(mof):
    result = leaf(mof, target="100 人")
    assert result.score is None and result.missing == "缺少实际完成值"


def test_actual_in_words_for_a_quantity_is_not_scored(mof):
    result = leaf(mof, target="100 人", actual="明显提高")
    assert result.score is None and "不是数值" in result.missing


def test_units_that_cannot_be_compared_are_not_scored(mof):
    assert leaf(mof, target="100 例", actual="100 人").score is None


def test_multiplied_units_are_compared_in_the_base_unit(mof):
    assert leaf(mof, target="7.34 万人", actual="73400 人").score == D(10)


# -------------------------------------------------------------------------------------------- lower is better
def test_lower_better_at_or_under_the_target_scores_full(mof):
    assert leaf(mof, target="≤5 万元", actual="5万元").score == D(10)  # seed 003 项目成本控制
    assert leaf(mof, target="≤60 日", actual="45 日").score == D(10)


def test_lower_better_over_the_target_scores_target_over_actual(mof):
    assert leaf(mof, target="≤60 日", actual="75 日").score == D(10) * D(60) / D(75)


def test_lower_better_with_actual_zero_scores_full(mof):
    assert leaf(mof, target="≤5 起", actual="0 起").score == D(10)


def test_lower_better_with_target_zero_and_actual_above_scores_zero(mof):
    assert leaf(mof, target="≤0 起", actual="1 起").score == D(0)


# ---------------------------------------------------------------------------------------------------- exact
def test_exact_rate_with_a_ceiling_of_100_percent_scores_like_higher_better(mof):
    assert leaf(mof, target="=100%", actual="98%").score == D(10) * D(98) / D(100)


def test_exact_scores_by_relative_distance_and_not_below_zero(mof):
    assert leaf(mof, target="=50 人", actual="50 人").score == D(10)
    assert leaf(mof, target="=50 人", actual="55 人").score == D(10) * (1 - D(5) / D(50))
    assert leaf(mof, target="=50 人", actual="45 人").score == D(9)
    assert leaf(mof, target="=50 人", actual="120 人").score == D(0)


# ---------------------------------------------------------------------------------------------- qualitative
def test_qualitative_actual_written_as_the_target_means_achieved(mof):
    result = leaf(mof, target="明显提高", actual="明显提高", score=10)
    assert result.tier.key == "achieved" and result.score == D(10) and not result.outside_tier


@pytest.mark.parametrize("tier, score, inside", [
    ("achieved", 8, True),          # 80% included (财预〔2020〕10号)
    ("achieved", "7.99", False),
    ("partial", 8, False),           # 80% belongs to the tier above
    ("partial", 6, True),            # 60% included
    ("partial", "5.99", False),
    ("not_achieved", 6, False),
    ("not_achieved", 0, True),
])
def test_qualitative_tier_boundaries(mof, tier, score, inside):
    result = leaf(mof, target="有效保障", actual="基本保障", tier=tier, score=score)
    assert result.outside_tier is (not inside)
    assert result.score == D(str(score))


def test_qualitative_without_tier_or_score_is_not_scored(mof):
    assert leaf(mof, target="有效保障", actual="基本保障", score=8).missing.startswith("未选择定性档次")
    # nothing in 实际完成值: that is said first (a trial read “未选择定性档次” for a row it had not filled in)
    assert leaf(mof, target="有效保障", actual="", score=8).missing == \
        "实际完成值未填写，也未选择定性档次（达成 / 部分达成 / 未达成）"
    # the tier chosen, the score not: the range the tier allows is said (2020 MoF: 80% of the weight included)
    assert leaf(mof, target="有效保障", actual="有效保障").missing == \
        "未给出得分：已选“达成年度指标”档次，请在“得分”中填写 8 至 10 分"
    assert leaf(mof, target="有效保障", actual="基本保障", tier="partial").missing == \
        "未给出得分：已选“部分达成并具有一定效果”档次，请在“得分”中填写 6 分及以上、低于 8 分"


def test_qualitative_score_above_weight_is_bounded(mof):
    result = leaf(mof, target="长期", actual="长期", score=12)
    assert result.score == D(10) and result.out_of_bounds


# ------------------------------------------------------------------------------------ checklist and judgement
def test_checklist_adds_the_points_of_the_criteria_met(mof):
    criteria = [Criterion(text="①", points=D("1.5"), met=True), Criterion(text="②", points=D("1.5"), met=False),
                Criterion(text="③", points=D(1), met=True)]
    result = leaf(mof, method="checklist", weight=4, criteria=criteria)
    assert result.score == D("2.5")


def test_checklist_with_an_unticked_criterion_is_not_scored(mof):
    criteria = [Criterion(text="①", points=D(2), met=True), Criterion(text="②", points=D(2))]
    assert "第 2 项未勾选" in leaf(mof, method="checklist", weight=4, criteria=criteria).missing


def test_judgement_takes_the_evaluators_score_within_the_weight(mof):
    assert leaf(mof, method="judgement", weight=5, score=4, reason="制度健全，执行有一处疏漏").score == D(4)
    bounded = leaf(mof, method="judgement", weight=5, score=7)
    assert bounded.score == D(5) and bounded.out_of_bounds
    assert leaf(mof, method="judgement", weight=5).score is None


# ------------------------------------------------------------------------------------------------ execution
@pytest.mark.parametrize("scheme, weight", [("mof-2020-project", 10), ("hubei-project", 20)])
def test_execution_is_weight_times_rate_capped_at_100_percent(library, scheme, weight):
    scheme = library.scheme(scheme)
    # seed 000's project spending: 25123.53 of 25388.90
    run = score_execution(BudgetLine(budget_adjusted=D("25388.90"), spent=D("25123.53")), scheme, "budget")
    assert run.score == D(weight) * D("25123.53") / D("25388.90")
    over = score_execution(BudgetLine(budget_adjusted=D(100), spent=D(120)), scheme, "budget")
    assert over.score == D(weight)


def test_execution_score_is_exact_where_the_rate_repeats(library):
    """weight × spent / budget, divided last: a bureau's own scheme weighing execution 30 with 1 of 48 spent scores
    exactly 0.625, shown 0.63 (ROUND_HALF_UP); the rate 0.0208333… cut at 28 digits first gave 0.6249…, shown 0.62."""
    from msgspec.structs import replace

    from jixiao.core.money import fmt_score

    hubei = library.scheme("hubei-project")
    scheme = replace(hubei, execution=replace(hubei.execution, weight=D(30)))
    run = score_execution(BudgetLine(budget_adjusted=D(48), spent=D(1)), scheme, "budget")
    assert run.score == D("0.625") and fmt_score(run.score) == "0.63"


def test_execution_with_a_zero_budget_is_not_scorable(library):
    run = score_execution(BudgetLine(budget_adjusted=D(0), spent=D(0)), library.scheme("hubei-project"), "budget")
    assert run.score is None and run.rate is None and "预算数为 0" in run.missing


def test_an_indicator_without_a_weight_is_not_scored(mof):
    # seed 002's form lists goals and what was done, without points
    result = score_leaf(Indicator(name="资金按时支付率", level1="output", actual="资金在规定的时间内下达率为100%"),
                        "goals[6].indicators[9]", mof)
    assert result.score is None and result.missing == "缺少分值（权重）"
