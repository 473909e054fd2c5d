"""What an entered evaluation gives the checks nothing to read (issue 9: never 未发现问题 about parts not filled in)."""

from __future__ import annotations

from decimal import Decimal as D

from msgspec.structs import replace

from jixiao.core.engine import score_evaluation
from jixiao.core.model import BudgetLine, Department, Evaluation, Project
from jixiao.core.unchecked import nothing_to_check, unchecked


def _of(evaluation, library):
    return unchecked(evaluation, score_evaluation(evaluation, library))


def test_a_blank_draft_cannot_be_audited_and_says_why(library):
    found = _of(Evaluation(year=2024, department=Department(name="通城县人力资源和社会保障局")), library)
    assert not found.auditable
    assert found.nothing == "尚未选择评分方案，也没有填写预算、项目、年度目标或绩效指标，没有可以审核的内容"
    # a project named and nothing more gives a check nothing either
    named = Evaluation(year=2024, department=Department(name="通城县人力资源和社会保障局"),
                       projects=[Project(name="工伤病残等级鉴定费")])
    assert not _of(named, library).auditable
    # what a save asks alone says the same, without naming every part
    for evaluation in (named, replace(named, projects=[Project(name="工伤病残等级鉴定费", stated_score=D(90))])):
        assert nothing_to_check(evaluation, score_evaluation(evaluation, library)) == _of(evaluation, library).nothing
    assert nothing_to_check(evaluation, score_evaluation(evaluation, library)) == ""


def test_three_pasted_projects_without_scheme_or_indicators(library):
    """The new user's draft: what it has is checked (the projects' execution), the rest is named with its reason."""
    projects = [Project(name=name, budget=BudgetLine(budget_adjusted=D(amount), spent=D(amount)))
                for name, amount in (("工伤病残等级鉴定费", 5), ("劳动仲裁办案专项工作经费", 20), ("农民工工资清欠专项工作经费", 30))]
    found = _of(Evaluation(year=2024, department=Department(name="通城县人力资源和社会保障局"), projects=projects),
                library)
    assert found.auditable and [path for path, _ in found.parts] == ["scheme", "goals", "projects", "budget"]
    assert found.parts[2][1] == ("3 个项目（工伤病残等级鉴定费、劳动仲裁办案专项工作经费、农民工工资清欠专项工作经费）"
                                 "未填写绩效指标：其指标及得分尚未审核")


def test_the_seeds_name_only_what_they_lack(tongcheng, changli, jingzhou, library):
    # 通城 2023: scheme, goals and its department table's execution line; 18 of its 26 projects have no table
    [(path, why)] = _of(tongcheng, library).parts
    assert path == "projects" and why.startswith("18 个项目（招募选派“三支一扶”高校毕业生面试工作经费、") and "等）未填写绩效指标" in why
    # 靖州 2022: no scheme, and a budget total of 987.68 initial only (no adjusted budget: no rate)
    assert [path for path, _ in _of(jingzhou, library).parts] == ["scheme", "budget"]
    # 昌黎 2023: a score list of 40 projects with budgets and no spending, and no department table
    parts = _of(changli, library).parts
    assert [path for path, _ in parts] == ["scheme", "goals", "projects", "projects", "budget"]
    assert parts[3][1].startswith("40 个项目（2022年度县级表彰项目所需资金、日常办公办案经费、")
    assert parts[3][1].endswith("等）未填写调整后预算或执行数：其预算执行率尚未审核")
    # its budget states the total (27943.89 …) and the projects' spending (25986.17 …), not the basic expenditure
    assert parts[4][1] == "部门预算的基本支出（年初预算数、调整后预算数、决算数）未填写：“支出合计 = 基本支出 + 项目支出”尚未审核"


def test_a_figure_cleared_leaves_its_checks_named(tongcheng, library):
    """Seed 003 states 支出合计's 年初预算数 in the table (2366.08) and in the text (2366.07, and 完成年初预算的 119 %);
    a table whose total has it alone states no sum. Cleared, the text's figures have nothing to be checked against;
    and a part cleared from a filled column leaves that sum unchecked."""
    cleared = replace(tongcheng, budget=replace(tongcheng.budget, total=replace(tongcheng.budget.total,
                                                                                 budget_initial=None)))
    assert _of(cleared, library).parts[-1] == (
        "statements", "所列数字核对中 2 处（部门整体支出年初预算数、部门整体支出完成年初预算（%））所依据的数据未填写：尚未审核")
    spent = replace(tongcheng.budget, operating_cost=replace(tongcheng.budget.operating_cost, spent=None))
    assert _of(replace(tongcheng, budget=spent), library).parts[-1] == (
        "budget", "部门预算的公用经费（决算数）未填写：“基本支出 = 人员经费 + 公用经费”尚未审核")
