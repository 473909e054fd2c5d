"""Explanations name what they explain where a preparer finds it, never by the internal path."""

import re
from decimal import Decimal as D

import pytest

from jixiao.core.engine import score_evaluation
from jixiao.core.explain import explain_path

from .checks.helpers import replace, replace_in_list

INTERNAL_PATH = re.compile(r"[a-z_]+\[\d+\]|framework:")


def explain(evaluation, library, path):
    return explain_path(evaluation, score_evaluation(evaluation, library), path, library)


@pytest.mark.parametrize("path, first", [
    ("goals[3].indicators[2]", "年度目标 4 › 指标“为用人单位鉴证劳动合同份数”（产出指标 / 数量指标）"),
    ("projects[0].indicators[3]", "项目“工伤病残等级鉴定费” › 指标“工伤病残认定完成率”（产出指标 / 质量指标）"),
    ("goals[3]", "年度目标 4：安排好工伤鉴定、劳动仲裁办案、劳动合同鉴定等专项工作（分值 15）"),
    ("projects[0].budget", "项目“工伤病残等级鉴定费” › 预算执行率（分值 20）"),
    ("execution", "部门整体 › 预算执行率（分值 20）"),
    ("projects[0]", "项目“工伤病残等级鉴定费”　评分方案：项目支出绩效自评（湖北 20/80）（hubei-project.yaml）"),
])
def test_the_first_line_names_the_place_in_chinese(tongcheng, library, path, first):
    lines = explain(tongcheng, library, path)
    assert lines[0] == first
    assert not any(INTERNAL_PATH.search(line) for line in lines), lines


def test_what_is_not_scored_is_named_in_chinese(tongcheng, library):
    p = tongcheng.projects[0]
    projects = replace_in_list(tongcheng.projects, 0, indicators=replace_in_list(p.indicators, 0, actual=None))
    lines = explain(replace(tongcheng, projects=projects), library, "projects[0]")
    assert lines[-1] == "尚有 1 项未计分（项目“工伤病残等级鉴定费” › 指标“受理工伤病残等级鉴定例数”），不评定等级。"


def test_a_withheld_grade_says_why(tongcheng, library):
    g = tongcheng.goals[0]
    goals = replace_in_list(tongcheng.goals, 0, weight=D(11),
                            indicators=replace_in_list(g.indicators, 0, weight=D("3.0"), score=D(3)))
    lines = explain(replace(tongcheng, goals=goals), library, "total")
    assert lines[-1] == "不评定等级：各指标分值之和为 81，应为 80，改正后才能评定等级。"


def test_figures_converted_to_one_unit_are_written_without_trailing_zeros(library):
    from jixiao.core.methods import Context
    from jixiao.core.methods.quantitative import explain as explain_quantitative, score
    from jixiao.core.model import Indicator

    context = Context(library.scheme("mof-2020-project"))
    indicator = Indicator(name="参保人数", level1="output", weight=D(5), target="25.29 万人", actual="252800 人")
    lines = explain_quantitative(score(indicator, D(5), "indicators[0]", context, "higher_better"), context)
    assert lines[-1] == "B = 252800 < A = 252900：5 × 252800 / 252900 = 5 分。"  # 25.29 × 10000, not 252900.00


def test_an_overspent_budget_is_explained_at_the_cap(tongcheng, library):
    """min(rate, 1) gave the int 1, which fmt_percent cannot show: every overspent card's explanation crashed."""
    p = tongcheng.projects[0]  # 工伤病残等级鉴定费: 5 万元 adjusted; spent 6 is 120%
    overspent = replace_in_list(tongcheng.projects, 0, budget=replace(p.budget, spent=D(6)))
    lines = explain(replace(tongcheng, projects=overspent), library, "projects[0].budget")
    assert lines[1:4] == ["调整后预算数 A = 5 万元，执行数 B = 6 万元",
                          "执行率 = B / A = 120.00% （超过 100.00% 按 100.00% 计）",
                          "得分 = 20 × 100.00% = 20 分"]
