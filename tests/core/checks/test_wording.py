"""What findings say, as a new user read them: figures as people write them, names cut with an ellipsis, no grade
said to be wrong while the weights that make the score are themselves wrong."""

import re
from decimal import Decimal as D

from jixiao.core.facts import known_facts
from jixiao.core.money import fmt_normalised
from jixiao.core.phrasing import shorten, with_unit

from .helpers import findings, replace, replace_in_list


def _with_goal_indicator(evaluation, goal, indicator, **changes):
    g = evaluation.goals[goal]
    goals = replace_in_list(evaluation.goals, goal, indicators=replace_in_list(g.indicators, indicator, **changes))
    return replace(evaluation, goals=goals)


def _with_project_indicator(evaluation, project, indicator, **changes):
    p = evaluation.projects[project]
    indicators = replace_in_list(p.indicators, indicator, **changes)
    return replace(evaluation, projects=replace_in_list(evaluation.projects, project, indicators=indicators))


def test_a_grade_finding_shows_the_computed_score_to_two_places(tongcheng, library):
    # 事业单位工作人员录取人数: 116 of 118 earns 2 × 116 / 118 = 1.9661… points, the total 99.9661…
    evaluation = _with_goal_indicator(tongcheng, 0, 0, actual="116 人", score=None)
    [finding] = findings(replace(evaluation, stated_grade="良"), library, "GRADE")
    assert finding.message == "得分 99.97 分，所列等级“良”，按“优良中差（90/80/60）”应为“优”。"


def test_no_grade_is_said_to_be_wrong_while_the_weights_do_not_add_up(tongcheng, library):
    # one indicator weighted 3.0 instead of 2: the indicators add up to 81, the total to 101 — not a score out of 100
    evaluation = _with_goal_indicator(tongcheng, 0, 0, weight=D("3.0"), score=D("3.0"))
    evaluation = replace(evaluation, stated_grade="很好")
    assert findings(evaluation, library, "GRADE") == []
    weights = {f.code: f for f in findings(evaluation, library, "WEIGHT")}
    assert "各指标分值之和为 81，" in weights["WEIGHT.TOTAL"].message  # not 81.0
    assert weights["WEIGHT.TOTAL"].stated == "81"
    group = weights["WEIGHT.GROUP"].message
    assert "其下指标分值之和为 11，" in group
    # the goal's long name is cut with an ellipsis, not mid-phrase without one
    assert "目标“年度目标 1：为满足通城县人才发展服务工作需要…”分值为 10" in group


def test_a_project_whose_grade_is_withheld_gets_no_grade_finding(tongcheng, library):
    evaluation = _with_project_indicator(tongcheng, 0, 0, weight=D(6), score=D(6))
    projects = replace_in_list(evaluation.projects, 0, stated_grade="很好")
    assert [f for f in findings(replace(evaluation, projects=projects), library, "GRADE")
            if f.location.startswith("projects[0]")] == []


def test_a_recomputed_count_reads_as_people_write_it(tongcheng, library):
    # seed 003 states 26 projects (line 459); with one taken out the list has 25
    projects = list(tongcheng.projects)
    del projects[3]
    found = [f for f in findings(replace(tongcheng, projects=projects), library, "RATE")
             if f.stated == "26 个"]
    [count] = found
    assert count.message.startswith("项目个数所列为 26 个，按所列数字重算为 25 个：")
    assert count.recomputed == "25 个"


def test_no_fact_label_says_a_word_twice():
    # the self-evaluation table's execution rate read "自评表预算执行预算执行率"
    assert known_facts()["budget.execution.execution_rate"] == "自评表预算执行率（%）"
    doubled = {key: label for key, label in known_facts().items() if re.search(r"(.{2,})\1", label)}
    assert doubled == {}


def test_an_actual_written_as_a_bound_is_answered_with_a_figure_and_its_unit(tongcheng, library):
    # seed 003's 工伤病残认定 time: "≤60 日" in both columns is the target copied over (MEASURE.ACTUAL_COPY); as a bound
    # of its own (the target read as the plain 60 日) it is answered with the figure and its unit
    p = tongcheng.projects[0]
    projects = replace_in_list(tongcheng.projects, 0, indicators=replace_in_list(p.indicators, 2, target="60 日"))
    [finding] = [f for f in findings(replace(tongcheng, projects=projects), library, "MEASURE.ACTUAL_BOUND")
                 if f.location == "projects[0].indicators[2].actual"]
    assert "请填写实际值（如 60 日）" in finding.message  # not “60日”
    [copy] = [f for f in findings(tongcheng, library, "MEASURE.ACTUAL_COPY")
              if f.location == "projects[0].indicators[2].actual"]
    assert (copy.stated, copy.recomputed) == ("≤60 日", "≤60 日")


def test_sums_are_shown_normalised_and_stated_figures_as_given():
    assert [fmt_normalised(D(x)) for x in ("81.0", "80.50", "100", "0.000", "-0.0", "1E+2")] == \
        ["81", "80.5", "100", "0", "0", "100"]


def test_names_are_cut_with_an_ellipsis_and_units_spaced():
    assert shorten("受理工伤病残等级鉴定例数") == "受理工伤病残等级鉴定例数"
    assert shorten("年度目标 1：为满足通城县人才发展服务工作需要", 7) == "年度目标 1…"  # no “：…”
    assert len(shorten("一" * 100)) == 25 and shorten("一" * 100).endswith("…")
    assert (with_unit("25", "个"), with_unit("99.03", "%"), with_unit("7", "")) == ("25 个", "99.03%", "7")
