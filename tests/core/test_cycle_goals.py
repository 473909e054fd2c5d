"""Goal setting (CYCLE.md §1): the indicator library's files validated on load, searching it, and each check on a goal
set at its edges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.carried_over import names_year, past_years
from jixiao.core.cycle import goals
from jixiao.core.errors import InputError
from jixiao.io.rule_files import SHIPPED, load_rules

D = Decimal
LIBRARY_FILES = sorted(path.stem for path in (SHIPPED / "indicators").glob("*.yaml"))


# ------------------------------------------------------------------------------------------------------ library
@pytest.mark.parametrize("name", LIBRARY_FILES)
def test_every_shipped_library_file_loads(name):
    title, indicators, _ = load_rules(f"indicators/{name}", goals.library_from_data)
    assert title and len(indicators) >= 8
    assert all(i.level2 in goals.LEVEL2_OF[i.level1] for i in indicators)
    assert all(i.origin == title for i in indicators)


def test_the_common_indicators_cover_every_category_and_set_the_weight_totals():
    _, indicators, totals = load_rules("indicators/common", goals.library_from_data)
    assert {(i.level1, i.level2) for i in indicators} == {(l1, l2) for l1, l2s in goals.LEVEL2_OF.items() for l2 in l2s}
    assert totals == {"department": D(100), "project": D(90)}


def test_a_broken_entry_is_named_with_its_file_path_and_line(tmp_path):
    path = tmp_path / "indicators" / "education.yaml"
    path.parent.mkdir()
    path.write_text("title: 行业指标·教育\n"
                    "indicators:\n"
                    "  - {name: 教师培训覆盖率, level1: output, level2: quality, direction: higher_better, criteria: 按比例}\n"
                    "  - name: 义务教育巩固率\n"
                    "    level1: outcome\n"
                    "    level2: quantity\n"
                    "    direction: upwards\n"
                    "    criteria: 按比例\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rules("indicators/education", goals.library_from_data, path)
    text = str(caught.value)
    assert str(path) in text
    assert "第 6 行 indicators[1].level2" in text and "二级指标“quantity”不属于效益指标" in text
    assert "第 7 行 indicators[1].direction" in text and "指标方向“upwards”不在允许的范围内" in text
    assert "第 3 行 indicators[0].unit_of_measure" in text and "定量指标须写明计量单位" in text


def test_a_bureaus_own_library_file_replaces_the_shipped_one(tmp_path, monkeypatch):
    own = tmp_path / "indicators"
    own.mkdir()
    (own / "health.yaml").write_text(
        "title: 行业指标·卫生健康（本局）\nindicators:\n"
        "  - {name: 家庭医生签约率, level1: output, level2: quality, unit_of_measure: '%', direction: higher_better, "
        "target: '≥75%', criteria: 实际值÷目标值×权重}\n", encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES", str(tmp_path))
    title, indicators, _ = load_rules("indicators/health", goals.library_from_data)
    assert title == "行业指标·卫生健康（本局）" and [i.name for i in indicators] == ["家庭医生签约率"]


@pytest.mark.parametrize("totals, message", [
    ({"project": 0}, "应是 0 到 100 之间的分值"),
    ({"project": "100.01"}, "应是 0 到 100 之间的分值"),
    ({"unit": 90}, "只能是 department"),
])
def test_weight_totals_out_of_range_are_refused(totals, message):
    data = {"title": "共性指标", "weight_totals": totals, "indicators": [
        {"name": "服务对象满意度", "level1": "satisfaction", "level2": "beneficiary_satisfaction",
         "unit_of_measure": "%", "direction": "higher_better", "criteria": "按比例"}]}
    with pytest.raises(InputError, match=message):
        goals.library_from_data(data, "common.yaml")


def test_weight_total_of_100_is_accepted():
    data = {"title": "共性指标", "weight_totals": {"project": 100}, "indicators": [
        {"name": "公共服务水平", "level1": "outcome", "level2": "social", "direction": "qualitative", "criteria": "三档"}]}
    assert goals.library_from_data(data, "common.yaml")[2]["project"] == D(100)


@pytest.mark.parametrize("target, stated, direction", [
    ("=100%", "higher_better", "exact"),  # a new user's suggestion of 资金拨付及时率 filled ≥ for a target of =100%
    ("＝100%", "exact", "exact"),
    ("等于100%", "lower_better", "exact"),
    ("≥95%", "exact", "higher_better"),
    ("≤15 个工作日", "higher_better", "lower_better"),
    ("100%", "exact", "exact"),  # a plain number states no direction: the entry's stands
    ("", "lower_better", "lower_better"),
])
def test_a_library_targets_operator_gives_the_direction_the_goal_form_fills(target, stated, direction):
    data = {"title": "共性指标", "indicators": [
        {"name": "资金拨付及时率", "level1": "output", "level2": "timeliness", "unit_of_measure": "%",
         "direction": stated, "target": target, "criteria": "按规定时限拨付的资金占比"}]}
    [entry] = goals.library_from_data(data, "common.yaml")[1]
    assert entry.direction == direction and entry.target == target
    assert direction in goals.DIRECTIONS  # a choice the goal form's 方向 offers: exact is "= 等于"


def test_every_shipped_entry_with_an_equals_target_is_exact():
    for name in LIBRARY_FILES:
        for entry in load_rules(f"indicators/{name}", goals.library_from_data)[1]:
            if entry.target.startswith("="):
                assert entry.direction == "exact", (name, entry.name)
    common = load_rules("indicators/common", goals.library_from_data)[1]
    assert {i.name: (i.direction, i.target) for i in common}["资金拨付及时率"] == ("exact", "=100%")


# ------------------------------------------------------------------------------------------------------- search
def _entry(name, level1="output", level2="quantity", origin="共性指标"):
    return goals.LibraryIndicator(name, level1, level2, "人", "higher_better", "", "≥1 人", origin)


def test_search_puts_names_starting_with_the_query_first_and_keeps_the_first_source_of_a_name():
    pool = [_entry("城镇新增就业人数", origin="本部门 2023 年自评"), _entry("新增就业岗位数"),
            _entry("2024 年城镇新增就业人数", origin="共性指标"), _entry("养老保险参保人数")]
    found = goals.search(pool, "新增就业")
    assert [e.name for e in found] == ["新增就业岗位数", "城镇新增就业人数"]
    assert found[1].origin == "本部门 2023 年自评"


def test_names_that_are_sentences_come_after_short_names_even_from_a_more_trusted_source():
    """Seed 000 names some indicators with its goals' sentences; suggested first, they would be copied on."""
    sentence = "加大劳动保障执法力度，增强劳动监察的监督力，维护农民工合法权益"
    long_name = "发挥鼓励高校毕业生面向基层就业的政策导向加强基层公共服务体系建设培养青年人才队伍"
    pool = [_entry(sentence, origin="本部门 2023 年自评"), _entry(long_name, origin="本部门 2023 年自评"),
            _entry("劳动保障监察案件结案率")]
    order = {"本部门 2023 年自评": 0, "共性指标": 1}.get
    assert [e.name for e in goals.search(pool, "劳动", order=lambda e: order(e.origin))] == [
        "劳动保障监察案件结案率", sentence]
    assert [e.name for e in goals.search(pool, "基层", order=lambda e: order(e.origin))] == [long_name]  # still offered
    assert goals.sentence_like(sentence) and goals.sentence_like(long_name)
    assert not goals.sentence_like("2024 年城镇新增就业人数") and not goals.sentence_like("服务对象满意度")


def test_search_filters_by_category_and_matches_most_characters():
    pool = [_entry("服务对象满意度", "satisfaction", "beneficiary_satisfaction"), _entry("参保人数")]
    assert [e.name for e in goals.search(pool, "对象满意")] == ["服务对象满意度"]
    assert [e.name for e in goals.search(pool, "满意对象")] == ["服务对象满意度"]  # most of its characters
    assert goals.search(pool, "满意", level1="output") == []


def test_search_leaves_out_the_names_the_table_has_as_goal_repeated_compares_them():
    """A suggestion whose name the table already has would be GOAL.REPEATED once taken: not offered, and the next
    one takes its place among the first `limit`."""
    satisfied = [_entry("服务对象满意度", "satisfaction", "beneficiary_satisfaction"),
                 _entry("参保群众满意度", "satisfaction", "beneficiary_satisfaction")]
    assert [e.name for e in goals.search(satisfied, "满意度", limit=1)] == ["服务对象满意度"]
    assert [e.name for e in goals.search(satisfied, "满意度", limit=1, taken=["服务对象 满意度"])] == ["参保群众满意度"]
    taken = [{"name": "服务对象 满意度"}, {"name": "服务对象满意度"}]
    assert [f.code for f in goals.check_repeated(taken, "")] == ["GOAL.REPEATED"]  # the same comparison
    assert goals.search(satisfied, "满意度", taken=["服务对象满意度", "参保群众满意度"]) == []


def test_an_evaluations_indicators_become_library_entries_with_their_origin():
    document = {"projects": [{"name": "工伤病残等级鉴定费", "indicators": [
        {"name": "受理工伤病残等级鉴定例数", "level1": "output", "level2": "quantity", "target": "100 例"},
        {"name": "职责明确性", "level1": "decision"}]}]}
    [entry] = goals.indicators_of_document(document, "本部门 2023 年自评")
    assert (entry.unit_of_measure, entry.direction, entry.origin) == ("例", "higher_better",
                                                                      "本部门 2023 年自评·工伤病残等级鉴定费")


# ------------------------------------------------------------------------------------------------------- checks
def _codes(found):
    return [f.code for f in found]


@pytest.mark.parametrize("indicator, codes", [
    ({"name": "参保人数", "level2": "quantity", "direction": "higher_better", "target": "较多"}, ["GOAL.MEASURE"]),
    ({"name": "参保人数", "level2": "quantity", "direction": "higher_better", "target": "1000"}, ["GOAL.UNIT"]),
    ({"name": "参保人数", "level2": "quantity", "direction": "higher_better", "target": "1000",
      "unit_of_measure": "人"}, []),
    ({"name": "参保人数", "level2": "quantity", "target": "≥1000 人"}, []),
    ({"name": "参保人数", "level2": "quantity", "direction": "qualitative", "target": "明显增加"}, ["GOAL.VAGUE"]),
    ({"name": "公共服务水平", "level2": "social", "direction": "qualitative", "target": "明显提高"}, []),
])
def test_not_measurable(indicator, codes):
    assert _codes(goals.check_measurable(indicator, "indicators[0]")) == codes


@pytest.mark.parametrize("unit, target, found", [
    ("人", "≥1800 例", "例"),  # another unit: flagged
    ("日", "≤30 天", "天"),
    ("元", "≤20 元/人", "元/人"),
    ("%", "≥90 人", "人"),
    ("人", "≥1800 人", None),  # the same
    ("人", "≥1800", None),  # no unit in the target: the column's
    ("", "≥1800 例", None),  # no unit in the column: the target's
    ("%", "≥95%", None),
    ("%", "≥95％", None),  # full-width percent
    ("％", "≥95%", None),
    ("万元", "2547.2077 万元", None),
    ("万元", "≤200000 元", None),  # what targets.comparable converts
    ("万元", "2547 万", None),  # a bare multiplier
    ("人", "≥2.5 万人", None),
    ("个工作日", "≤15 工作日", None),  # a leading measure word
    ("人", "明显增加", None),  # words: no unit to compare
])
def test_a_targets_unit_other_than_the_indicators_is_flagged(unit, target, found):
    indicator = {"name": "受理鉴定例数", "unit_of_measure": unit, "target": target}
    findings = goals.check_unit_agrees(indicator, "projects[0].indicators[2]")
    if found is None:
        assert findings == []
    else:
        [finding] = findings
        assert (finding.code, finding.severity, finding.path) == ("GOAL.UNIT_MISMATCH", "warning",
                                                                  "projects[0].indicators[2].target")
        assert finding.message == f"“受理鉴定例数”的计量单位是“{unit}”，目标值“{target}”的单位却是“{found}”。"


def test_a_unit_mismatch_is_found_in_a_whole_goal_set_on_its_row_with_a_suggestion():
    document = {"goal": "做好鉴定", "indicators": [
        {"name": "鉴定满意度", "level1": "satisfaction", "target": "≥90%", "unit_of_measure": "%"},
        {"name": "受理鉴定例数", "level1": "output", "level2": "quantity", "unit_of_measure": "人",
         "target": "≥1800 例"}]}
    [finding] = [f for f in goals.check_goal_set(document, {}) if f.code == "GOAL.UNIT_MISMATCH"]
    assert finding.path == "indicators[1].target"
    assert "如 ≥1800 人" in finding.explanation
    assert goals.TITLES["GOAL.UNIT_MISMATCH"] == "目标值单位与计量单位一致"


PREVIOUS = goals.previous_actuals({"year": 2023, "projects": [
    {"name": "工伤病残等级鉴定费", "indicators": [{"name": "受理工伤病残等级鉴定例数", "actual": "126 例"},
                                          {"name": "鉴定办结时限", "actual": "50 日"}]}]})


@pytest.mark.parametrize("target, reason, codes", [
    ("125 例", "", ["GOAL.BELOW_LAST_YEAR"]),  # just below last year's 126
    ("126 例", "", []),  # at it
    ("127 例", "", []),  # just above
    ("125 例", "2024 年鉴定改由市级受理", []),  # lower, with a reason
    ("明显增加", "", []),  # words: nothing to compare
])
def test_target_below_last_years_actual(target, reason, codes):
    indicator = {"name": "受理工伤病残等级鉴定例数", "target": target, "reason": reason}
    found = goals.check_against_last_year(indicator, "indicators[0]", PREVIOUS, "工伤病残等级鉴定费")
    assert _codes(found) == codes


def test_the_same_name_in_another_project_or_the_departments_goals_is_another_indicator():
    indicator = {"name": "受理工伤病残等级鉴定例数", "target": "1 例"}
    assert goals.check_against_last_year(indicator, "projects[1].indicators[0]", PREVIOUS, "劳动仲裁办案经费") == []
    assert goals.check_against_last_year(indicator, "indicators[0]", PREVIOUS, "") == []
    department = goals.previous_actuals({"year": 2023, "goals": [{"name": "年度目标 1", "indicators": [
        {"name": "2023 年城镇新增就业人数", "actual": "1600 人"}]}]})
    [found] = goals.check_against_last_year({"name": "城镇新增就业人数", "target": "≥1500 人"}, "indicators[0]",
                                            department)
    assert "低于上年实际完成值“1600 人”（2023 年自评·年度目标 1）" in found.message


@pytest.mark.parametrize("target, codes", [("≤51 日", ["GOAL.BELOW_LAST_YEAR"]), ("≤50 日", []), ("≤49 日", [])])
def test_a_lower_better_target_looser_than_last_years_actual(target, codes):
    indicator = {"name": "鉴定办结时限", "target": target}
    found = goals.check_against_last_year(indicator, "indicators[0]", PREVIOUS, "工伤病残等级鉴定费")
    assert _codes(found) == codes
    if found:
        assert "高于上年实际完成值“50 日”（2023 年自评·工伤病残等级鉴定费）" in found[0].message


def test_no_previous_year_no_finding():
    indicator = {"name": "受理工伤病残等级鉴定例数", "target": "1 例"}
    assert goals.check_against_last_year(indicator, "indicators[0]", {}) == []


@pytest.mark.parametrize("target, unit, budget, codes", [
    ("≤20 万元", "", D(20), []),  # at the budget
    ("≤20.01 万元", "", D(20), ["GOAL.COST_BUDGET"]),  # just above it
    ("≤200000 元", "", D(20), []),  # the same amount in 元
    ("≤200100 元", "", D(20), ["GOAL.COST_BUDGET"]),
    ("≤20", "万元", None, []),  # the unit in its own column
    ("≤20", "", None, ["GOAL.COST_AMOUNT"]),  # a number without money
    ("控制在预算内", "", None, ["GOAL.COST_AMOUNT"]),
    ("≤5 人", "", None, ["GOAL.COST_AMOUNT"]),
])
def test_a_cost_indicator_states_an_amount_within_the_budget(target, unit, budget, codes):
    indicator = {"name": "项目成本控制数", "level2": "cost", "target": target, "unit_of_measure": unit}
    assert _codes(goals.check_cost(indicator, "indicators[0]", budget)) == codes


def test_only_cost_indicators_need_an_amount():
    assert goals.check_cost({"name": "参保人数", "level2": "quantity", "target": "较多"}, "indicators[0]", None) == []


@pytest.mark.parametrize("levels, message", [
    (["output", "outcome"], None),
    (["output", "satisfaction"], "没有效益指标"),
    (["outcome"], "没有产出指标"),
    ([], "没有产出指标和效益指标"),
])
def test_a_goal_has_an_output_and_an_outcome_indicator(levels, message):
    found = goals.check_levels([{"level1": level} for level in levels], "indicators", "部门整体目标")
    assert [f.message for f in found] == ([f"部门整体目标{message}。"] if message else [])


@pytest.mark.parametrize("weights, codes", [
    (["60", "29.99"], ["GOAL.WEIGHTS"]),  # just below 90
    (["60", "30"], []),
    (["60", "30.01"], ["GOAL.WEIGHTS"]),  # just above
    (["60", None], ["GOAL.WEIGHT_MISSING"]),
])
def test_weights_add_up_to_the_total(weights, codes):
    indicators = [{"weight": w} for w in weights]
    found = goals.check_weights(indicators, "projects[0].indicators", "项目“培训”", D(90))
    assert _codes(found) == codes
    if codes == ["GOAL.WEIGHTS"]:
        assert f"合计 {D(60) + D(weights[1])} 分，应为 90 分" in found[0].message


def test_a_whole_goal_set_is_checked_part_by_part_with_paths():
    document = {"goal": "稳定就业", "indicators": [
        {"name": "城镇新增就业人数", "level1": "output", "level2": "quantity", "target": "≥1500 人", "weight": "60"},
        {"name": "公共服务水平", "level1": "outcome", "level2": "social", "direction": "qualitative",
         "target": "明显提高", "weight": "40"}],
        "projects": [{"name": "培训", "goal": "开展培训", "budget": "10", "indicators": [
            {"name": "项目成本控制数", "level1": "output", "level2": "cost", "target": "≤12 万元", "weight": "90"}]}]}
    found = goals.check_goal_set(document, {})
    assert [(f.code, f.path) for f in found] == [("GOAL.LEVELS", "projects[0].indicators"),
                                                 ("GOAL.COST_BUDGET", "projects[0].indicators[0].target")]


def test_the_skeleton_carries_goals_indicators_and_targets_without_actual_values():
    approved = {"goal": "稳定就业", "indicators": [
        {"name": "城镇新增就业人数", "level1": "output", "level2": "quantity", "unit_of_measure": "人",
         "direction": "higher_better", "target": "≥1500 人", "weight": "60"},
        {"name": "资金发放准确率", "level1": "output", "level2": "quality", "direction": "exact", "target": "100%",
         "weight": "40"}],
        "projects": [{"name": "培训", "goal": "提高就业能力", "budget": "80", "indicators": []}]}
    base = {"year": 2024, "department": {"name": "某局"}, "goals": [{"name": "旧目标"}],
            "projects": [{"name": "培训", "implementing_unit": "就业局", "goal": "旧", "budget": {"spent": "1"}}]}
    skeleton = goals.evaluation_skeleton(approved, base)
    assert skeleton["goals"] == [{"name": "稳定就业", "weight": "100", "indicators": [
        {"name": "城镇新增就业人数", "level1": "output", "level2": "quantity", "unit_of_measure": "人",
         "target": "≥1500 人", "weight": "60", "method": "higher_better"},
        {"name": "资金发放准确率", "level1": "output", "level2": "quality", "target": "100%", "weight": "40",
         "method": "exact"}]}]
    assert skeleton["projects"] == [{"name": "培训", "implementing_unit": "就业局", "goal": "提高就业能力",
                                     "budget": {"budget_initial": "80"}, "indicators": []}]


# ------------------------------------------------------------------------------- totals from the scoring schemes
def _schemes():
    from jixiao.io.scheme_files import load_library

    return load_library().schemes


def test_a_schemes_indicator_total_is_its_total_less_budget_execution():
    schemes = _schemes()
    assert goals.indicators_total(schemes["hubei-project"]) == Decimal(80)  # 100 − 20 (seed 003, 湖北)
    assert goals.indicators_total(schemes["hubei-department"]) == Decimal(80)
    assert goals.indicators_total(schemes["mof-2020-project"]) == Decimal(90)  # 100 − 10
    assert goals.indicators_total(schemes["department-goals-10-90"]) == Decimal(90)


def test_totals_follow_the_named_schemes_and_fall_back_to_the_library_file():
    schemes, fallback = _schemes(), {"department": Decimal(100), "project": Decimal(90)}
    hubei = {"scheme": "hubei-department", "project_scheme": "hubei-project"}  # 通城
    assert goals.weight_totals_of(hubei, schemes, fallback) == {"department": 80, "project": 80}
    assert goals.weight_totals_of({"project_scheme": "mof-2020-project"}, schemes, fallback) == fallback  # 昌黎
    assert goals.weight_totals_of({}, schemes, fallback) == fallback  # 靖州
    assert goals.weight_totals_of({"scheme": "no-such"}, schemes, fallback) == fallback


@pytest.mark.parametrize("last_weight, errors", [("4", ["GOAL.WEIGHTS"]), ("5", []), ("6", ["GOAL.WEIGHTS"])])
def test_hubei_project_weights_must_total_80_exactly(last_weight, errors):
    indicators = [{"name": "受理工伤病残等级鉴定例数", "level1": "output", "level2": "quantity", "target": "100 例",
                   "weight": "75"},
                  {"name": "群众合法权益保障", "level1": "outcome", "level2": "social", "direction": "qualitative",
                   "target": "有效保障", "weight": last_weight}]
    found = goals.check_weights(indicators, "projects[0].indicators", "项目", Decimal(80))
    assert [f.code for f in found] == errors


# --------------------------------------------------------------------------------- text, budget, names of years
def test_a_goal_needs_its_text_and_a_project_its_budget():
    assert [f.code for f in goals.check_text("  ", "goal", "部门整体目标")] == ["GOAL.TEXT"]
    assert goals.check_text("稳定就业", "goal", "部门整体目标") == []
    assert [f.path for f in goals.check_budget({"name": "培训"}, "projects[0].budget", "项目")] == ["projects[0].budget"]
    assert goals.check_budget({"budget": "80"}, "projects[0].budget", "项目") == []


@pytest.mark.parametrize("name, flagged", [
    ("2023 年劳动仲裁受理案件数", True), ("23年新增就业人数", True), ("2024 年劳动仲裁受理案件数", False),
    ("2022 年结转项目", False), ("2023 年结转资金支付率", False), ("较2023年增长", False), ("123年", False),
    ("劳动仲裁受理案件数", False)])
def test_names_that_still_say_last_year(name, flagged):
    found = goals.check_old_year(name, "projects[0].indicators[0].name", 2024)
    assert [f.code for f in found] == (["GOAL.OLD_YEAR"] if flagged else [])


@pytest.mark.parametrize("name, said", [
    ("2023 年劳动仲裁受理案件数", "2023"), ("2025年新增就业人数", "2025"), ("26年新增就业人数", "2026"),
    ("参与2023年度职业技能培训人次", "2023"), ("2021年至2023年欠薪案件结案率", "2021、2023"),
    # a short year older than last year: 2024's names that still said 2023 (the evaluation flagged them), carried on
    ("23年新增扩面征缴", "2023"), ("完成 23 年度职业技能培训人次", "2023"), ("21年至23年欠薪案件结案率", "2021、2023"),
    # kept out: the goal year, figures that are not years, a short figure that reads as a span, a year kept on purpose
    ("2027 年劳动仲裁受理案件数", None), ("一次性创业补贴 2000 元", None), ("培训 1999 人", None),
    ("工龄满 15 年以上人员覆盖率", None), ("单位能耗较2020年下降", None), ("比 2025 年增长", None),
    ("服务期23年的PPP项目可用性付费", None), ("为期 20 年的特许经营期", None), ("堤防达到20年一遇防洪标准", None),
    ("使用年限≥15年", None), ("从业10年以上人员占比", None), ("53 年前复员军人生活补助", None),
    ("23年以来累计培训人次", None),
    ("与2025年同期相比", None), ("2020年以来累计培训人次", None), ("2025 年结转资金支付率", None)])
def test_names_that_still_say_any_earlier_year(name, said):
    """In the 2027 goals an indicator named “2023 年…” was copied from an older set, not only one of 2026."""
    found = goals.check_old_year(name, "projects[0].indicators[0].name", 2027)
    assert [f.message for f in found] == ([f"名称“{name}”仍写着 {said} 年：本目标为 2027 年度。"] if said else [])
    if said:
        assert found[0].explanation == ("沿用上年的名称请确认是否应改为 2027 年。" if said == "2026"
                                else "沿用以往年度的名称请确认是否应改为 2027 年。")


@pytest.mark.parametrize("name, copied_from, flagged", [
    ("23年新增扩面征缴", 2023, True), ("2023 年劳动仲裁受理案件数", 2023, True),
    ("服务期23年的PPP项目可用性付费", 2023, False), ("工龄满 15 年以上人员覆盖率", 2015, False)])
def test_the_evaluation_reads_a_short_year_as_the_goals_do(name, copied_from, flagged):
    """YEAR.CARRIED_OVER (an evaluation started from last year's) and GOAL.OLD_YEAR read “23年” by one rule: a span of
    time such as 服务期23年 is no year for either."""
    assert names_year(name, copied_from) is flagged
    assert (past_years(name, copied_from + 1) == [copied_from]) is flagged


@pytest.mark.parametrize("goal, said", [
    ("2024 年完成城镇新增就业 1500 人，确保零就业家庭动态清零。", "2024"),
    ("确保 2023 年底前完成全部欠薪案件清偿。", "2023"),  # a deadline that passed: stale in a sentence as in a name
    ("24年实现社会保险扩面 3000 人。", "2024"),
    # kept: a year built on, compared with, money carried from; the goal's own year; figures that are not years
    ("在 2024 年基础上提高参保率。", None), ("在2023年工作基础上巩固成果。", None), ("参保人数较 2024 年增长 5%。", None),
    ("2023 年以来累计培训 5000 人次。", None), ("支付 2024 年结转资金。", None), ("2025 年完成城镇新增就业。", None),
    ("发放一次性创业补贴 2000 元。", None), ("", None)])
def test_goal_texts_that_still_say_an_earlier_year(goal, said):
    """A goal set carried from last year's evaluation carries its goal sentences too (`starting_document`): a year
    they still say is pointed out as a name's is, on the department's goal and each project's."""
    found = goals.check_old_year_in_text(goal, "projects[0].goal", "项目“就业补助”", 2025)
    assert [f.message for f in found] == (
        [f"项目“就业补助”的年度绩效目标仍写着 {said} 年：本目标为 2025 年度。"] if said else [])
    document = {"goal": goal, "indicators": [], "projects": [{"name": "就业补助", "goal": goal, "budget": "10"}]}
    paths = [f.path for f in goals.check_goal_set(document, {}, year=2025) if f.code == "GOAL.OLD_YEAR"]
    assert paths == (["goal", "projects[0].goal"] if said else [])


# ------------------------------------------------------------------------------------------- suggestion order
def test_suggestions_put_own_history_and_sector_before_common_and_other_sectors():
    def entry(name, origin):
        return goals.LibraryIndicator(name, "satisfaction", "beneficiary_satisfaction", "%", "higher_better", "",
                                      "≥90%", origin)
    pool = [entry("农民工满意度", "本部门 2023 年自评·就业补助"), entry("服务对象满意度", "共性指标"),
            entry("农户满意度", "行业指标·农业农村"), entry("参保群众满意度", "行业指标·社会保障和就业")]
    order = goals.source_order("行业指标·社会保障和就业", "共性指标")
    assert [e.name for e in goals.search(pool, "满意", order=order)] == [
        "农民工满意度", "参保群众满意度", "服务对象满意度", "农户满意度"]
    # without an order the shortest name still comes first
    assert goals.search(pool, "满意")[0].name == "农户满意度"


def test_a_sector_file_names_its_departments():
    library = goals.Library((), sectors={"行业指标·社会保障和就业": ("人力资源和社会保障",)})
    assert library.sector_of("通城县人力资源和社会保障局") == "行业指标·社会保障和就业"
    assert library.sector_of("通城县教育局") == ""


@pytest.mark.parametrize("words", [[], "人力资源", [" "]])
def test_a_sector_files_departments_must_be_a_list_of_words(words):
    data = {"title": "行业指标·社会保障和就业", "departments": words, "indicators": [
        {"name": "参保群众满意度", "level1": "satisfaction", "level2": "beneficiary_satisfaction",
         "unit_of_measure": "%", "direction": "higher_better", "criteria": "按比例"}]}
    with pytest.raises(InputError, match="应是非空的词语列表"):
        goals.library_from_data(data, "social_security.yaml")


def test_the_shipped_social_security_file_is_for_the_demos_departments():
    data = load_rules("indicators/social_security", lambda data, source: goals.department_words(data))
    library = goals.Library((), sectors={"行业指标·社会保障和就业": data})
    for name in ("通城县人力资源和社会保障局", "昌黎县人力资源和社会保障局", "靖州县人力资源和社会保障局"):
        assert library.sector_of(name) == "行业指标·社会保障和就业"


def test_every_goal_check_has_a_title_in_words():
    import inspect
    import re

    codes = set(re.findall(r'"(GOAL\.[A-Z_]+)"', inspect.getsource(goals).split("TITLES = {", 1)[1].split("}", 1)[1]))
    assert codes and codes == set(goals.TITLES), codes ^ set(goals.TITLES)
    assert all(re.search(r"[\u4e00-\u9fff]", title) and "GOAL" not in title for title in goals.TITLES.values())


def test_an_indicator_entered_twice_in_one_table_is_named_at_the_repeat():
    """A new user took the suggestion 养老金按时足额发放率 again for a table that had it, and was told nothing: it
    would count twice in the weights and be scored twice."""
    row = {"name": "养老金按时足额发放率", "level1": "output", "level2": "quality", "target": "=100%", "weight": "30"}
    other = {"name": "参保人员满意度", "level1": "satisfaction", "level2": "beneficiary_satisfaction",
             "target": "≥90%", "weight": "30"}
    repeated = goals.check_repeated([row, other, {**row, "name": "养老金按时足额 发放率"}], "")
    assert [(f.code, f.severity, f.path) for f in repeated] == [("GOAL.REPEATED", "warning", "indicators[2].name")]
    # the page puts whose table and which row before it ("项目“X”·第 3 行：")
    assert repeated[0].message == "指标“养老金按时足额 发放率”与第 1 行重复。"
    assert goals.check_repeated([row, other], "") == []
    assert goals.check_repeated([row, {**row, "name": ""}, {**row, "name": " "}], "") == []
    # the department's table and a project's are two tables: the same name in each is no repeat
    document = {"goal": "稳定就业", "indicators": [row], "projects": [
        {"name": "养老保险", "goal": "按时发放", "budget": "10", "indicators": [row]}]}
    assert "GOAL.REPEATED" not in [f.code for f in goals.check_goal_set(document, {})]


# ------------------------------------------------------------------------------------------ GOAL.BUDGET_SCALE
def _tongcheng_2023() -> dict:
    """Seed 003's evaluation as the web stores it: last year's for 通城's 2024 goals."""
    import yaml

    from tests.conftest import EXAMPLES

    return yaml.safe_load((EXAMPLES / "seed-003-tongcheng-2023.yaml").read_text(encoding="utf-8"))


def _scale(budget: str, name: str = "劳动仲裁办案专项工作经费", last: dict | None = None) -> list[goals.GoalFinding]:
    document = {"goal": "稳定就业", "projects": [{"name": name, "goal": "及时办结劳动仲裁案件", "budget": budget}]}
    budgets = goals.previous_budgets(last if last is not None else _tongcheng_2023())
    return [f for f in goals.check_goal_set(document, {}, year=2024, budgets=budgets) if f.code == "GOAL.BUDGET_SCALE"]


def test_last_years_budgets_are_each_projects_and_the_departments_largest_whole():
    """通城 2023 states a budget total of 2366.08 万元, yet its self-evaluation's projects add up to 21468.3 (its fund
    projects, 机关事业单位养老保险兜底补贴 alone 16800): the department's whole budget is the largest figure."""
    budgets = goals.previous_budgets(_tongcheng_2023())
    assert (budgets.year, budgets.department, budgets.department_label) == (2023, D("21468.3"), "部门整体自评表所列预算")
    assert len(budgets.projects) == 26 and budgets.projects["劳动仲裁办案专项工作经费"] == D(20)
    # an evaluation stating no whole budget has none (its projects' sum alone is no bound on one of them)
    only_projects = {"year": 2023, "projects": [{"name": "培训", "budget": {"budget_initial": "80"}}]}
    assert goals.previous_budgets(only_projects) == goals.PreviousBudgets(2023, {"培训": D(80)}, None, "")


def test_a_requested_budget_typed_in_yuan_is_a_warning_with_the_unit_hint():
    """The new user's goal set: 劳动仲裁办案专项工作经费 (20 万元 in 2023) requested as 200000 万元, above the whole
    department's budget as well."""
    [finding] = _scale("200000")
    assert (finding.severity, finding.path) == ("warning", "projects[0].budget")
    assert finding.message == ("项目“劳动仲裁办案专项工作经费”申请预算 200000 万元，是该项目 2023 年预算 20 万元的 10 倍以上，"
                               "且超过 2023 年部门整体自评表所列预算 21468.3 万元（2023 年度自评所列）。")
    assert "是否把“元”当作“万元”填写或多写了位数" in finding.explanation
    assert goals.TITLES["GOAL.BUDGET_SCALE"]


def test_ten_times_last_years_budget_at_its_edge_and_the_same_project_by_name():
    assert len(_scale("200")) == 1 and _scale("199.99") == []  # 10 × 20 万元, and just below it
    # the same project with this year in its name (“2024 年…”), compared as the other checks compare names
    [renamed] = _scale("200", name="2024年劳动仲裁办案专项工作经费")
    assert "是该项目 2023 年预算 20 万元的 10 倍以上（2023 年度自评所列）" in renamed.message


def test_a_large_project_within_the_departments_whole_budget_is_not_flagged():
    # 16800 万元 is above the 2366.08 budget total 通城 states, not above its 21468.3 of projects: its real figure
    assert _scale("16800", name="机关事业单位养老保险兜底补贴") == []
    # a project new this year: no budget of its own last year, above the department's whole: flagged for that alone
    [new] = _scale("30000", name="新建公共实训基地")
    assert new.message == "项目“新建公共实训基地”申请预算 30000 万元，超过 2023 年部门整体自评表所列预算 21468.3 万元（2023 年度自评所列）。"
    # without last year's evaluation there is nothing to compare with
    document = {"goal": "稳定就业", "projects": [{"name": "培训", "goal": "开展培训", "budget": "200000"}]}
    assert "GOAL.BUDGET_SCALE" not in [f.code for f in goals.check_goal_set(document, {})]


# ------------------------------------------------------------------------ department goals kept apart (trial 7)
def _goal(text, weight, *indicators):
    return {"goal": text, "weight": weight, "indicators": list(indicators)}


def _leaf(name, level1, level2, target, weight, unit=""):
    leaf = {"name": name, "level1": level1, "level2": level2, "target": target, "weight": weight}
    return {**leaf, "unit_of_measure": unit} if unit else leaf


def test_the_skeleton_keeps_each_annual_goal_with_its_weight_and_indicators():
    approved = {"goals": [
        _goal("年度目标 1：做好人才服务", "10", _leaf("人才引进人数", "output", "quantity", "≥20 人", "6"),
              _leaf("服务对象满意度", "satisfaction", "beneficiary_satisfaction", "≥90%", "4")),
        _goal("年度目标 2：清欠农民工工资", "15", _leaf("农民工工资清欠案例", "output", "quantity", "250 例", "15"))]}
    skeleton = goals.evaluation_skeleton(approved, {"year": 2027, "goals": [{"name": "旧目标"}]})
    assert [(g["name"], g["weight"], [i["name"] for i in g["indicators"]]) for g in skeleton["goals"]] == [
        ("年度目标 1：做好人才服务", "10", ["人才引进人数", "服务对象满意度"]),
        ("年度目标 2：清欠农民工工资", "15", ["农民工工资清欠案例"])]


def test_a_goal_without_text_among_several_is_named_by_its_number_and_weighed_by_its_indicators():
    approved = {"goals": [_goal("做好人才服务", "", _leaf("人才引进人数", "output", "quantity", "≥20 人", "6")),
                          {"goal": "", "indicators": [_leaf("档案接转数", "output", "quantity", "≥300 份", "4")]}]}
    named = [(g["name"], g["weight"]) for g in goals.evaluation_skeleton(approved, {"year": 2027})["goals"]]
    assert named == [("做好人才服务", "6"), ("年度目标 2", "4")]


def test_a_target_typed_without_its_unit_takes_the_unit_into_the_evaluations_target_text():
    approved = {"goals": [_goal("提升服务", "", {"name": "服务对象满意度", "level1": "satisfaction",
                                             "level2": "beneficiary_satisfaction", "unit_of_measure": "%",
                                             "direction": "higher_better", "target": "0.95", "weight": "10"},
                                {"name": "档案接转数", "level1": "output", "level2": "quantity", "unit_of_measure": "份",
                                 "direction": "lower_better", "target": "≤300", "weight": "5"},
                                {"name": "办结率", "level1": "output", "level2": "quality", "unit_of_measure": "%",
                                 "direction": "exact", "target": "100", "weight": "5"})]}
    [goal] = goals.evaluation_skeleton(approved, {"year": 2027})["goals"]
    assert [i["target"] for i in goal["indicators"]] == ["≥0.95%", "≤300 份", "=100%"]


def test_a_percent_target_between_0_and_1_asks_whether_95_percent_was_meant_on_its_row():
    document = {"goals": [_goal("提升服务", "", _leaf("人才引进人数", "output", "quantity", "≥20 人", "70"),
                                _leaf("服务对象满意度", "satisfaction", "beneficiary_satisfaction", "0.95", "10", "%"),
                                _leaf("政策知晓率", "outcome", "social", "≥0.8%", "10"),
                                _leaf("办结率", "output", "quality", "≥95%", "5", "%"),
                                _leaf("差错率", "output", "quality", "≤1%", "5", "%"))]}
    found = [(f.severity, f.path, f.message) for f in goals.check_goal_set(document, {})
             if f.code == "GOAL.PERCENT_FRACTION"]
    assert found == [
        ("warning", "goals[0].indicators[1].target", "“服务对象满意度”的指标值 0.95 的单位是 %，是否应为 95%？"),
        ("warning", "goals[0].indicators[2].target", "“政策知晓率”的指标值 0.8 的单位是 %，是否应为 80%？")]


def test_each_goals_weight_is_its_indicators_sum_and_all_goals_together_the_schemes_total():
    document = {"goals": [
        _goal("做好人才服务", "10", _leaf("人才引进人数", "output", "quantity", "≥20 人", "6"),
              _leaf("服务对象满意度", "satisfaction", "beneficiary_satisfaction", "≥90%", "5")),
        _goal("清欠", "15", _leaf("农民工工资清欠案例", "output", "quantity", "250 例", "15"),
              _leaf("欠薪案件结案率", "outcome", "social", "≥95%", "0"))]}
    found = [(f.code, f.path, f.message) for f in goals.check_goal_set(document, {}, {"department": Decimal(26),
                                                                                     "project": Decimal(90)})
             if f.code in ("GOAL.WEIGHTS", "GOAL.LEVELS", "GOAL.TEXT")]
    assert found == [("GOAL.WEIGHTS", "goals[0].weight", "年度目标 1：分值 10 分，其指标权重合计 11 分。")]


def test_a_goal_set_stored_with_one_overall_goal_is_read_as_one_goal():
    legacy = {"goal": "稳定就业", "indicators": [_leaf("城镇新增就业人数", "output", "quantity", "≥1500 人", "100")]}
    assert goals.department_goals(legacy) == [{"goal": "稳定就业", "indicators": legacy["indicators"]}]
    assert goals.department_goals({"projects": []}) == []
