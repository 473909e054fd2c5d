"""双监控 warnings (CYCLE.md §2) at every edge of their thresholds — just below, at, just above — with the thresholds
read from the shipped rule file, and the rule file's validation (a broken rule names its path and line in Chinese)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.cycle import monitoring as m
from jixiao.core.errors import InputError
from jixiao.core.money import UNIT_SLIP_HINT
from jixiao.io.rule_files import SHIPPED, load_rules

RULES = load_rules("monitoring", m.rules_from_data)
STEP = Decimal("0.01")  # a hundredth of a percentage point either side of an edge
BUDGET = Decimal(200)  # 万元


def spent_for_ratio(ratio: Decimal, month: int) -> Decimal:
    """What must be spent of BUDGET by the end of `month` for spending progress ÷ time progress × 100 to be `ratio`."""
    return BUDGET * ratio / 100 * m.time_progress(month) / 100


def row(spent=None, completion=None, indicators=(), budget=BUDGET) -> m.RowProgress:
    return m.RowProgress("项目", budget, spent, completion, tuple(indicators))


def colours(assessment: m.RowAssessment, rule: str) -> list[str]:
    return [s.colour for s in assessment.signals if s.rule == rule]


# ------------------------------------------------------------------------------------------------------ figures
def test_time_progress_is_month_over_twelve():
    assert m.time_progress(9) == 75
    assert m.time_progress(12) == 100
    assert m.time_progress(1) * 12 == 100
    with pytest.raises(ValueError):
        m.time_progress(13)


def test_spending_progress_needs_a_budget():
    assert m.spending_progress(Decimal(30), Decimal(120)) == 25
    assert m.spending_progress(Decimal(30), Decimal(0)) is None
    assert m.spending_progress(None, Decimal(120)) is None


def test_indicator_completion_from_value_to_date_or_stated():
    assert m.indicator_completion(m.IndicatorProgress("例数", "100 例", Decimal(63))) == 63
    assert m.indicator_completion(m.IndicatorProgress("满意度", "≥90%", Decimal(45))) == 50
    # a ceiling, a deadline or words: only a stated completion counts
    assert m.indicator_completion(m.IndicatorProgress("时间", "≤60 日", Decimal(30))) is None
    assert m.indicator_completion(m.IndicatorProgress("效益", "明显提高", Decimal(30))) is None
    assert m.indicator_completion(m.IndicatorProgress("效益", "明显提高", None, Decimal(40))) == 40


@pytest.mark.parametrize("typed, target, value", [
    # the target's own unit, as the self-evaluation's 实际完成值 is written (通城's 受理工伤病残等级鉴定例数: 100 例)
    ("60 例", "100 例", Decimal(60)), ("60例", "100 例", Decimal(60)), ("60", "100 例", Decimal(60)),
    ("６０ 例", "100 例", Decimal(60)),
    # a percentage target (扩面征缴参保覆盖率 ≥90%): with or without %, full-width too
    ("3.8%", "≥90%", Decimal("3.8")), ("３.８％", "≥90%", Decimal("3.8")), ("3.8", "≥90%", Decimal("3.8")),
    # an amount (解决农民工拖欠工资 2547.2077 万元), with separators
    ("1,209.14 万元", "2547.2077 万元", Decimal("1209.14")),
    # a unit the target's converts to, compared as the self-evaluation compares them (targets.base_unit)
    ("2.5 万人", "9000 人", Decimal(25000)), ("4500 人", "0.9 万人", Decimal("0.45")),
    # words or a deadline: a number is taken as it was (its completion is stated, not computed)
    ("5", "12 月底前", Decimal(5)),
])
def test_a_value_to_date_may_carry_the_targets_unit(typed, target, value):
    assert m.value_in_target_unit(typed, target) == (value, None)


@pytest.mark.parametrize("typed, target, says", [
    ("3.8%", "100 例", "单位“%”与年度指标值“100 例”的单位“例”不同，请按“例”填写（如 60 或 60 例）"),
    ("60 人", "100 例", "单位“人”与年度指标值“100 例”的单位“例”不同，请按“例”填写（如 60 或 60 例）"),
    ("60 万元", "100 例", "单位“万元”与年度指标值“100 例”的单位“例”不同"),
    ("60 例", "≥90%", "单位“例”与年度指标值“≥90%”的单位“%”不同，请按“%”填写（如 60 或 60%）"),
    ("≥60 例", "100 例", "请填写截至本期实际完成的数，不带“≥”等符号（如 60 或 60 例）"),
    ("六十", "100 例", "请输入数字（如 60 或 60 例），不是“六十”"),
    ("1e9999999", "100 例", "请输入数字（如 60 或 60 例），不是“1e9999999”"),
    ("60 例", "", "年度指标值未填，请只填数字（如 60），不带“例”；或直接填写完成进度（%）"),
    # words or a time limit: a value with a unit, a state or a date says that the completion is stated instead
    ("60 例", "明显提高", "年度指标值“明显提高”不是数值，截至本期完成值无从计算进度，不必填写：请在“完成进度（%）”填写"),
    ("已完成", "12 月底前", "年度指标值“12 月底前”是时限，截至本期完成值无从计算进度，不必填写：请在“完成进度（%）”填写进度，"
                        "已按时完成的填 100"),
    ("6月", "≤ 12月底前", "年度指标值“≤ 12月底前”是时限"),
    ("2025-05-30", "2025年6月前", "年度指标值“2025年6月前”是时限"),
    ("完成", "", "请输入数字（如 60），不是“完成”"),
])
def test_a_value_to_date_in_another_unit_is_refused_saying_what_to_write(typed, target, says):
    value, problem = m.value_in_target_unit(typed, target)
    assert value is None and problem.startswith(says)


@pytest.mark.parametrize("target, limit", [
    ("12 月底前", True), ("≤ 12月底前", True), ("2025年6月前", True), ("6月30日前完成", True), ("年底前", True),
    ("≤60 日", False), ("100 例", False), ("明显提高", False), ("长期", False), ("", False), (None, False),
])
def test_a_time_limit_is_told_from_a_quantity_and_from_words(target, limit):
    assert m.is_time_limit(target) is limit


@pytest.mark.parametrize("target, value, message, over", [
    # a ceiling: the value to date judged against it, the limit itself within (≤) or not (<)
    ("≤60 日", "45", "未超过：截至本期 45 日，在年度指标值“≤60 日”以内。", False),
    ("≤60 日", "60", "未超过：截至本期 60 日，在年度指标值“≤60 日”以内。", False),
    ("≤60 日", "60.01", "已超过：截至本期 60.01 日，不在年度指标值“≤60 日”以内。", True),
    ("<1%", "1", "已超过：截至本期 1%，不在年度指标值“<1%”以内。", True),
    ("≤20 万元", "12.5", "未超过：截至本期 12.5 万元，在年度指标值“≤20 万元”以内。", False),
    # nothing to judge by: why, and what to type
    ("12 月底前", "5", "年度指标值“12 月底前”是时限，无从由完成值计算：请在“完成进度（%）”填写进度，已按时完成的填 100", False),
    ("明显提高", "3", "年度指标值“明显提高”不是数值，无从由完成值计算：请在“完成进度（%）”填写", False),
    ("0 起", "0", "年度指标值“0 起”不大于 0，无从按比例计算：请在“完成进度（%）”填写", False),
    (None, "4", "年度指标值未填，无从计算：请在“完成进度（%）”填写", False),
])
def test_a_value_to_date_with_no_completion_is_judged_or_says_why_not(target, value, message, over):
    note = m.value_note(m.IndicatorProgress("指标", target, Decimal(value)))
    assert note.message.startswith(message) and note.over is over
    if target and target[0] in "≤<":
        assert note.message.endswith("“≤”类指标不按比例计算完成进度，不计入目标完成程度；需计入的，请在“完成进度（%）”填写")
    # the judgement is shown, never counted: the row's completion is what it was
    assert m.indicator_completion(m.IndicatorProgress("指标", target, Decimal(value))) is None


def test_no_note_without_a_value_or_with_a_completion_stated_or_computed():
    assert m.value_note(m.IndicatorProgress("指标", "≤60 日")) is None
    assert m.value_note(m.IndicatorProgress("指标", "≤60 日", Decimal(45), Decimal(50))) is None
    assert m.value_note(m.IndicatorProgress("指标", "12 月底前", Decimal(5), Decimal(100))) is None
    assert m.value_note(m.IndicatorProgress("指标", "100 例", Decimal(63))) is None


@pytest.mark.parametrize("completion, meant", [("0.95", "95"), ("0.5", "50"), ("0.005", "0.5")])
def test_a_completion_between_0_and_1_asks_whether_a_percentage_was_meant(completion, meant):
    """0.95 typed as a completion was taken as 0.95%, the row green and nothing said: a hint, as the evaluation's
    MEASURE.PERCENT_FRACTION, asking whether 95% was meant."""
    assert m.fraction_hint(Decimal(completion), "“项目甲”的目标完成程度") == (
        f"“项目甲”的目标完成程度填写为 {completion}%，是否应为 {meant}%？完成进度按百分数填写（{meant}% 填 {meant}）；"
        f"确为 {completion}% 的不必修改。")


@pytest.mark.parametrize("completion", [None, "0", "1", "1.5", "95", "100"])
def test_no_fraction_hint_at_0_1_or_above(completion):
    assert m.fraction_hint(None if completion is None else Decimal(completion), "完成进度") == ""


def test_goal_completion_caps_each_indicator_at_100_unless_stated():
    over, behind = m.IndicatorProgress("a", "100 例", Decimal(300)), m.IndicatorProgress("b", "100 例", Decimal(20))
    assert m.goal_completion(row(indicators=[over, behind])) == (Decimal(60), False)
    assert m.goal_completion(row(completion=Decimal(35), indicators=[over])) == (Decimal(35), True)
    assert m.goal_completion(row()) == (None, False)


# ----------------------------------------------------------------------------------- spending against time, banded
@pytest.mark.parametrize("month", [3, 9])
def test_spending_bands_at_each_edge(month):
    red_below, yellow_below = (band.below for band in RULES.spending.bands[:2])
    expected = [(red_below - STEP, m.RED), (red_below, m.YELLOW), (red_below + STEP, m.YELLOW),
                (yellow_below - STEP, m.YELLOW), (yellow_below, m.GREEN), (yellow_below + STEP, m.GREEN)]
    for ratio, colour in expected:
        assessment = m.assess_row(row(spent_for_ratio(ratio, month)), month, RULES)
        assert assessment.spending_ratio == ratio
        assert colours(assessment, m.SPENDING) == [colour], (month, ratio)


def test_spending_message_names_the_rule_and_the_figures():
    # 9 月末 (75%) spending 90 of 200 万元 is 45%: 45 ÷ 75 × 100 = 60, the lowest yellow
    signal = m.spending_signal(row(Decimal(90)), 9, RULES)
    assert signal.colour == m.YELLOW
    assert signal.message == ("【预算支出进度】黄色预警：截至 9 月支出 90.00 万元，预算 200.00 万元，支出进度 45.00%；"
                              "时间进度 75.00%（9 ÷ 12）；支出进度 ÷ 时间进度 × 100 = 60.00，不低于 60、低于 80。")


def test_rates_are_rounded_half_up_only_when_shown():
    # 1 of 3 万元 in January: 33.333…% against 8.333…%, exactly 400 — the figures keep full precision
    assessment = m.assess_row(row(Decimal(1), budget=Decimal(3)), 1, RULES)
    assert assessment.spending_ratio == 400
    assert "支出进度 33.33%；时间进度 8.33%（1 ÷ 12）" in assessment.signals[0].message
    assert m.pct(Decimal("0.125")) == "0.13%"  # half up, not to even


def test_no_spending_signal_without_spending_or_budget():
    assert m.assess_row(row(), 9, RULES).colour is None
    assert m.assess_row(row(Decimal(5), budget=None), 9, RULES).signals == ()


# --------------------------------------------------------------------------------------- goals ahead of spending
def test_goal_ahead_of_spending_at_its_edge():
    gap = RULES.goal_ahead.limit
    spent = BUDGET * Decimal(60) / 100  # spending progress 60%
    for completion, fires in [(60 + gap - STEP, False), (60 + gap, False), (60 + gap + STEP, True)]:
        assessment = m.assess_row(row(spent, completion), 9, RULES)
        assert colours(assessment, m.GOAL_AHEAD) == ([RULES.goal_ahead.colour] if fires else []), completion


def test_goal_ahead_message():
    warning = m.goal_ahead_warning(row(BUDGET * Decimal("0.3"), Decimal(70)), 9, RULES)
    assert warning.colour == m.RED
    assert warning.message == ("【目标完成程度超前于支出进度】红色预警：截至 9 月填报的目标完成程度为 70.00%，支出进度为 30.00%，"
                               "高出 40.00 个百分点，超过 5 个百分点。")


def test_goal_ahead_uses_the_indicators_when_no_completion_is_stated():
    indicators = [m.IndicatorProgress("例数", "100 例", Decimal(80)), m.IndicatorProgress("率", "100%", None, Decimal(90))]
    warning = m.goal_ahead_warning(row(BUDGET / 2, indicators=indicators), 6, RULES)
    assert "目标完成程度（各指标完成进度的平均数）为 85.00%，支出进度为 50.00%" in warning.message


# ----------------------------------------------------------------------------------- an indicator unlikely reached
@pytest.mark.parametrize("target, value, fires", [
    ("≤60 日", "60", False), ("≤60 日", "60.01", True), ("<60 日", "59.99", False), ("<60 日", "60", True),
    ("≤20 万元", "12.5", False), ("100 例", "300", False), ("12 月底前", "13", False)])
def test_a_ceiling_already_passed_warns_at_its_edge(target, value, fires):
    """A ≤ target met by staying under it: a value to date beyond the limit means the year's target is missed, with
    or without a completion % stated; at the limit itself (≤) it is not."""
    for completion in (None, Decimal(50)):
        indicator = m.IndicatorProgress("办结时限", target, Decimal(value), completion)
        found = [w for w in m.indicator_warnings(row(indicators=[indicator]), 6, RULES) if w.rule == m.INDICATOR_OVER]
        assert [w.colour for w in found] == ([RULES.indicator_over.colour] if fires else [])


def test_a_ceiling_passed_says_the_value_and_the_target():
    indicator = m.IndicatorProgress("平均办结时间", "≤15 个工作日", Decimal(18))
    warning = m.indicator_warnings(row(indicators=[m.IndicatorProgress("例数", "100 例", Decimal(80)), indicator]),
                                   6, RULES)[0]
    assert warning.indicator == 1 and warning.colour == "red"
    assert warning.message == ("【指标已超过上限】红色预警：指标“平均办结时间”截至 6 月完成值 18 个工作日，"
                               "已超过年度指标值“≤15 个工作日”，全年目标已无法完成。")


def test_indicator_behind_time_at_its_edge():
    lag, elapsed = RULES.indicator_behind.limit, m.time_progress(9)
    for completion, fires in [(elapsed - lag + STEP, False), (elapsed - lag, False), (elapsed - lag - STEP, True)]:
        indicator = m.IndicatorProgress("受理例数", "100 例", None, completion)
        found = m.indicator_warnings(row(indicators=[indicator]), 9, RULES)
        assert [w.colour for w in found] == ([RULES.indicator_behind.colour] if fires else []), completion
    warning = m.indicator_warnings(row(indicators=[m.IndicatorProgress("受理例数", "200 例", Decimal(50))]), 9, RULES)[0]
    assert warning.indicator == 0
    assert warning.message == ("【指标可能无法完成】黄色预警：指标“受理例数”完成进度 25.00%，落后时间进度（75.00%）"
                               "50.00 个百分点，超过 30 个百分点。")


# ----------------------------------------------------------------------------------------- spending over budget
def test_spending_over_budget_at_its_edge():
    limit = RULES.over_budget.limit  # 100: above the budget
    for progress, fires in [(limit - STEP, False), (limit, False), (limit + STEP, True)]:
        assessment = m.assess_row(row(BUDGET * progress / 100), 9, RULES)
        assert colours(assessment, m.OVER_BUDGET) == ([RULES.over_budget.colour] if fires else []), progress
    assert m.over_budget_warning(row(Decimal(5), budget=None), 9, RULES) is None
    assert m.over_budget_warning(row(Decimal(5), budget=Decimal(0)), 9, RULES) is None


def test_spending_thousands_of_times_the_budget_is_red_and_asks_whether_yuan_was_typed():
    """A new user typed 15000 (元) into 截至本期支出 (万元) of 通城's 工伤病残等级鉴定费, budget 5 万元: it read
    “支出进度 300000.00%… 不低于 80” in green. It is red, names the project and both amounts, and gives the
    self-evaluation's hint of a figure typed in 元."""
    project = m.RowProgress("工伤病残等级鉴定费", Decimal(5), Decimal(15000))
    assessment = m.assess_row(project, 9, RULES)
    assert assessment.colour == m.RED
    # the green band (不低于 80) is not said beside it: the over-budget warning takes its place
    assert [(s.rule, s.colour) for s in assessment.signals] == [(m.OVER_BUDGET, m.RED)]
    assert assessment.signals[0].message == (
        "【支出超过预算】红色预警：“工伤病残等级鉴定费”截至 9 月支出 15,000.00 万元，超过全年预算 5.00 万元"
        "（支出进度 300000.00%），请说明超预算支出的依据。"
        "执行数是预算的 10 倍以上，请先核对是否把“元”当作“万元”填写或多写了位数。")
    # the hint is the self-evaluation's own, from one place
    assert assessment.signals[0].message.endswith(UNIT_SLIP_HINT)


def test_the_unit_hint_starts_at_ten_times_the_budget():
    budget = Decimal(20)  # 劳动仲裁办案专项工作经费
    below = m.over_budget_warning(m.RowProgress("劳动仲裁办案专项工作经费", budget, budget * 10 - STEP), 9, RULES)
    at = m.over_budget_warning(m.RowProgress("劳动仲裁办案专项工作经费", budget, budget * 10), 9, RULES)
    assert below.colour == at.colour == m.RED
    assert "当作" not in below.message and below.message.endswith("请说明超预算支出的依据。")
    assert at.message.endswith(UNIT_SLIP_HINT) and "支出 200.00 万元，超过全年预算 20.00 万元（支出进度 1000.00%）" in at.message
    # a little over the budget: red, the reason asked for, no hint
    over = m.assess_row(m.RowProgress("劳动仲裁办案专项工作经费", budget, Decimal(21)), 9, RULES)
    assert [(s.rule, s.colour) for s in over.signals] == [(m.OVER_BUDGET, m.RED)]


def test_a_yellow_or_red_band_still_shows_beside_spending_over_budget(tmp_path, monkeypatch):
    """The over-budget warning replaces only a green band: a bureau whose top band is yellow (spending far ahead of
    time) keeps it."""
    text = (SHIPPED / "monitoring.yaml").read_text(encoding="utf-8").replace(
        "    - {colour: green}", "    - {below: 150, colour: green}\n    - {colour: yellow}")
    (tmp_path / "monitoring.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES", str(tmp_path))
    own = load_rules("monitoring", m.rules_from_data)
    assessment = m.assess_row(row(BUDGET * 2), 9, own)
    assert [(s.rule, s.colour) for s in assessment.signals] == [(m.OVER_BUDGET, m.RED), (m.SPENDING, m.YELLOW)]


# 昌黎's department as a whole: 27,346.62 万元 adjusted; its first two projects 18.71 and 1,010 万元
CHANGLI = Decimal("27346.62")


def test_projects_spending_above_the_departments_is_named_with_both_figures():
    department = m.RowProgress("部门整体", CHANGLI, Decimal(1300))
    projects = [m.RowProgress("2022年度县级表彰项目所需资金", Decimal("18.71"), Decimal(400000)),
                m.RowProgress("提前下达2023年中央就业补助资金", Decimal(1010), Decimal("505.5"))]
    warning = m.projects_over_department_warning(department, projects, 9, RULES)
    assert (warning.rule, warning.colour) == (m.PROJECTS_OVER, RULES.projects_over.colour) == (m.PROJECTS_OVER, m.RED)
    assert warning.message == (
        "【项目支出合计超过部门整体支出】红色预警：截至 9 月各项目支出合计 400,505.50 万元（2 个项目），"
        "超过“部门整体”支出 1,300.00 万元；部门整体支出包含各项目支出，请核对部门整体和各项目的截至本期支出。")
    whole, parts = m.assess_report(department, projects, 9, RULES)
    assert whole.colour == m.RED and whole.signals[0] == warning
    # each project judged on its own too: 400,000 of 18.71 over its budget; 505.5 of 1,010 is 50.05%, ÷ 75% = 66.73
    assert [(p.colour, p.signals[0].rule) for p in parts] == [(m.RED, m.OVER_BUDGET), (m.YELLOW, m.SPENDING)]
    # at the department's figure exactly, or without the department's or any project's spending: nothing
    level = [m.RowProgress("a", Decimal(100), Decimal(1000)), m.RowProgress("b", Decimal(100), Decimal(300))]
    assert m.projects_over_department_warning(m.RowProgress("部门整体", CHANGLI, Decimal(1300)), level, 9, RULES) is None
    assert m.projects_over_department_warning(m.RowProgress("部门整体", CHANGLI, Decimal("1299.99")), level, 9,
                                              RULES).colour == m.RED
    assert m.projects_over_department_warning(m.RowProgress("部门整体", CHANGLI), level, 9, RULES) is None
    assert m.projects_over_department_warning(department, [m.RowProgress("a", Decimal(100))], 9, RULES) is None


def test_projects_are_not_compared_with_a_department_total_that_does_not_hold_them():
    """通城's department total, 2,366.08 万元, is written “不含基金项目”: its projects' budgets sum to 21,468.30 万元
    (工伤病残等级鉴定费 5, …, 机关事业单位养老保险兜底补贴 16,800). Their spending cannot be compared with it."""
    department = m.RowProgress("部门整体", Decimal("2366.08"), Decimal("1183.04"))
    projects = [m.RowProgress("工伤病残等级鉴定费", Decimal(5), Decimal("1.5")),
                m.RowProgress("机关事业单位养老保险兜底补贴", Decimal(16800), Decimal(11760))]
    assert m.projects_over_department_warning(department, projects, 9, RULES) is None
    whole, _ = m.assess_report(department, projects, 9, RULES)
    assert m.PROJECTS_OVER not in [s.rule for s in whole.signals]


# ---------------------------------------------------------------------------------------------------- year end
def test_year_end_consistency_at_its_edge_with_execution_capped():
    gap, month = RULES.consistency.limit, RULES.year_end_month
    spent = BUDGET * Decimal(90) / 100  # execution 90%
    for completion, fires in [(90 + gap - STEP, False), (90 + gap, False), (90 + gap + STEP, True)]:
        assessment = m.assess_row(row(spent, completion), month, RULES)
        assert colours(assessment, m.CONSISTENCY) == ([RULES.consistency.colour] if fires else []), completion
        assert colours(assessment, m.GOAL_AHEAD) == []  # replaced by the year-end rule
    # spending 120% counts as 100%: a completion of 100% is consistent with it
    assert m.consistency_warning(row(BUDGET * Decimal("1.2"), Decimal(100)), RULES) is None
    warning = m.consistency_warning(row(BUDGET * Decimal("1.2"), 100 + gap + STEP), RULES)
    assert warning.message == ("【指标完成与预算执行不一致】红色预警：年末目标完成程度 105.01%，预算执行率 100.00%（超过 100% 按 100% 计），"
                               "完成程度高出执行率 5.01 个百分点，超过 5 个百分点。")


def test_year_end_unspent_at_its_edge_and_budget_zero():
    limit = RULES.unspent.limit
    for unspent, fires in [(limit - STEP, False), (limit, False), (limit + STEP, True)]:
        spent = BUDGET * (100 - unspent) / 100
        assessment = m.assess_row(row(spent), RULES.year_end_month, RULES)
        assert colours(assessment, m.UNSPENT) == ([RULES.unspent.colour] if fires else []), unspent
    zero = m.assess_row(row(Decimal(0), budget=Decimal(0)), RULES.year_end_month, RULES)
    assert [(s.rule, s.colour) for s in zero.signals] == [(m.UNSPENT, RULES.unspent.colour)]
    assert zero.signals[0].message == "【预算未执行比例过高】黄色预警：年末预算为 0。"
    # in the year these rules do not apply
    assert colours(m.assess_row(row(Decimal(0), budget=Decimal(0)), 9, RULES), m.UNSPENT) == []


def test_a_difference_reads_as_the_difference_of_the_rates_shown():
    """Each message shows two rates rounded once (2 places, half up) and how far apart they are: that figure is the
    difference of the rates as shown, which a reader can check by hand, not the exact difference rounded (here one
    hundredth less). Whether the rule fires stays with the exact figures."""
    # in the year: completion 55.005% (shown 55.01%) against spending 50.004% (50.00%): exactly 5.001 apart (5.00)
    ahead = m.goal_ahead_warning(row(BUDGET * Decimal("0.50004"), Decimal("55.005")), 9, RULES)
    assert "目标完成程度为 55.01%，支出进度为 50.00%，高出 5.01 个百分点，超过 5 个百分点。" in ahead.message
    # an indicator at 36.664% (36.66%) in August, time progress 8/12 = 66.666…% (66.67%): exactly 30.0026… behind
    behind = m.IndicatorProgress("受理例数", "100 例", None, Decimal("36.664"))
    [lagging] = m.indicator_warnings(row(indicators=[behind]), 8, RULES)
    assert "完成进度 36.66%，落后时间进度（66.67%）30.01 个百分点，超过 30 个百分点。" in lagging.message
    # at the year's end: completion 95.005% (95.01%) against execution 90.004% (90.00%)
    year_end = m.consistency_warning(row(BUDGET * Decimal("0.90004"), Decimal("95.005")), RULES)
    assert "年末目标完成程度 95.01%，预算执行率 90.00%，完成程度高出执行率 5.01 个百分点" in year_end.message
    # the decision is the exact one: 55.00499% against 49.995% is 5.00999 over and fires, though both show as
    # 55.00% − 50.00% = 5.00
    edge = m.goal_ahead_warning(row(BUDGET * Decimal("0.49995"), Decimal("55.00499")), 9, RULES)
    assert edge.colour == m.RED and "为 55.00%，支出进度为 50.00%，高出 5.00 个百分点，超过 5 个百分点。" in edge.message


def test_row_colour_is_the_worst_signal():
    indicator = m.IndicatorProgress("例数", "100 例", Decimal(1))
    assessment = m.assess_row(row(BUDGET * Decimal("0.75"), indicators=[indicator]), 9, RULES)
    assert colours(assessment, m.SPENDING) == [m.GREEN]
    assert assessment.colour == m.YELLOW
    assert [w.rule for w in assessment.warnings] == [m.INDICATOR_BEHIND]


def test_a_rows_figures_are_its_assessments_without_the_rules():
    """The report page shows row_figures beside the warnings stored at the last save: the same figures assess_row
    gives, for rows with and without spending, a stated completion, or indicators measured or stated."""
    measured = m.IndicatorProgress("例数", "100 例", Decimal(63))
    stated = m.IndicatorProgress("效益", "明显提高", None, Decimal(40))
    for case in (row(), row(BUDGET / 2), row(BUDGET / 3, Decimal("62.5"), [measured]),
                 row(None, None, [measured, stated]), row(Decimal(5), budget=None),
                 row(Decimal(0), budget=Decimal(0), indicators=[stated])):
        assessment, figures = m.assess_row(case, 9, RULES), m.row_figures(case)
        assert (figures.spending_progress, figures.goal_completion, figures.goal_completion_stated,
                figures.indicator_completions) == (assessment.spending_progress, assessment.goal_completion,
                                                   assessment.goal_completion_stated, assessment.indicator_completions)
    assert m.row_figures(row(BUDGET / 2, None, [measured, stated])) == m.RowFigures(
        Decimal(50), Decimal("51.5"), False, (Decimal(63), Decimal(40)))


def test_period_label():
    assert m.period_label(2023, 9) == "2023年第3季度"
    assert m.period_label(2023, 5) == "2023年5月"


# --------------------------------------------------------------------------------------------- the rule file
def test_the_shipped_rules_are_the_cycle_defaults():
    assert [(b.below, b.colour) for b in RULES.spending.bands] == [(60, m.RED), (80, m.YELLOW), (None, m.GREEN)]
    assert (RULES.goal_ahead.limit, RULES.consistency.limit, RULES.unspent.limit) == (5, 5, 20)
    assert (RULES.over_budget.limit, RULES.over_budget.colour, RULES.projects_over.colour) == (100, m.RED, m.RED)


def _broken(tmp_path, old: str, new: str):
    text = (SHIPPED / "monitoring.yaml").read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path = tmp_path / "monitoring.yaml"
    path.write_text(changed, encoding="utf-8")
    first = new.strip().splitlines()[0]
    line = next(number for number, text in enumerate(changed.splitlines(), 1) if first in text)
    with pytest.raises(InputError) as caught:
        load_rules("monitoring", m.rules_from_data, path)
    return str(caught.value), line


@pytest.mark.parametrize("old, new, says", [
    ("{below: 80, colour: yellow}", "{below: 50, colour: yellow}",
     "spending_behind_time.bands[1].below：区间应从低到高排列"),
    ("{below: 60, colour: red}", "{below: 60, colour: crimson}",
     "spending_behind_time.bands[0].colour：颜色应为 red、yellow 或 green，不是“crimson”"),
    ("  max_gap: 5\n  colour: red\n\n# 某项", "  max_gap: 五\n  colour: red\n\n# 某项",
     "goal_ahead_of_spending.max_gap：应为数字（百分点，如 60）"),
    ("  max_lag: 30", "  max_lagg: 30", "indicator_behind.max_lagg：不认识的规则项"),
    ("  month: 12", "  month: 13", "year_end.month：应为 1 到 12 的整数月份"),
    ("    - {colour: green}", "    - {below: 100, colour: green}", "spending_behind_time.bands[2].below：最后一个区间不写 below"),
    ("  max_progress: 100", "  max_progress: 一百", "spending_over_budget.max_progress：应为数字（百分点，如 60）"),
    ("  name: 项目支出合计超过部门整体支出\n  colour: red", "  colour: redd\n  name: 项目支出合计超过部门整体支出",
     "projects_over_department.colour：颜色应为 red、yellow 或 green，不是“redd”"),
])
def test_a_broken_rule_is_named_with_its_line_in_chinese(tmp_path, old, new, says):
    message, line = _broken(tmp_path, old, new)
    assert f"第 {line} 行 {says}" in message
    assert "monitoring.yaml" in message


def test_a_missing_rule_is_named(tmp_path):
    path = tmp_path / "monitoring.yaml"
    path.write_text("spending_behind_time:\n  name: 支出进度\n  bands: [{colour: green}]\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rules("monitoring", m.rules_from_data, path)
    assert "goal_ahead_of_spending：缺少此规则" in str(caught.value)
    assert "year_end：缺少此规则" in str(caught.value)


def test_a_bureaus_own_file_replaces_the_shipped_one(tmp_path, monkeypatch):
    text = (SHIPPED / "monitoring.yaml").read_text(encoding="utf-8").replace("{below: 60, colour: red}",
                                                                              "{below: 50, colour: red}")
    (tmp_path / "monitoring.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES", str(tmp_path))
    own = load_rules("monitoring", m.rules_from_data)
    assert own.spending.bands[0].below == 50
    # 9 月 spending 55% of time progress: yellow under this bureau's rule, red under the shipped one
    assert m.spending_signal(row(spent_for_ratio(Decimal(55), 9)), 9, own).colour == m.YELLOW
    assert m.spending_signal(row(spent_for_ratio(Decimal(55), 9)), 9, RULES).colour == m.RED
