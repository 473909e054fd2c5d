"""结果应用 in the core: the rule file validated on load, each grade's rule at the edges of the seeds' grade scales,
amounts exact to the cent, continuing projects, and a rectification notice's state against its deadline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.cycle.result_application import (
    Subject,
    implausible_adjustment,
    notice_state,
    notice_step,
    suggestions,
    rules_from_data,
    suggest,
)
from jixiao.core.errors import InputError
from jixiao.core.grades import grade_for
from jixiao.core.money import fmt_wan
from jixiao.io.rule_files import load_rules
from jixiao.io.scheme_files import load_library

SHIPPED = load_rules("result_application", rules_from_data)
SCALES = load_library().grade_scales


def _project(grade: str | None, budget: str | None = "100", score: str | None = None, continuing: bool = False):
    return Subject("project-0", "示例项目", grade, Decimal(score) if score else None,
                   Decimal(budget) if budget is not None else None, "本年项目预算", continuing)


# ------------------------------------------------------------------------------------------------ the rule file
def test_the_shipped_rules_are_the_typical_rule_of_cycle_md():
    assert [(r.grade, r.action, r.percent) for r in SHIPPED.grades] == [
        ("优", "priority", 0), ("良", "as_needed", 0), ("中", "reduce", -10), ("差", "cancel", -100)]
    assert [(r.grade, r.action, r.percent) for r in SHIPPED.continuing] == [("中", "reduce", -20), ("差", "cancel", -100)]
    text = (Path(load_rules.__globals__["SHIPPED"]) / "result_application.yaml").read_text(encoding="utf-8")
    assert "默认" in text and "JIXIAO_RULES" in text


def _load(tmp_path, text: str):
    path = tmp_path / "result_application.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules("result_application", rules_from_data, path)


GOOD = """grades:
  - {grade: 优, action: priority, percent: 0}
  - {grade: 中, action: reduce, percent: -10}
"""


@pytest.mark.parametrize("line, expected", [
    ("  - {grade: 差, action: shrink, percent: -10}", "第 4 行 grades[2].action：不认识的处理方式“shrink”"),
    ("  - {grade: 差, action: reduce, percent: 10}", "第 4 行 grades[2].percent：压减预算应为负数"),
    ("  - {grade: 差, action: reduce, amount: 0}", "第 4 行 grades[2].amount（金额）：压减预算应为负数"),
    ("  - {grade: 差, action: priority, percent: -1}", "第 4 行 grades[2].percent：优先保障不应减少预算"),
    ("  - {grade: 差, action: reduce, percent: -101}", "第 4 行 grades[2].percent：应在 -100 到 100 之间"),
    ("  - {grade: 差, action: reduce, percent: -10, amount: -5}", "第 4 行 grades[2]：应写 percent"),
    ("  - {grade: 差, action: reduce}", "第 4 行 grades[2]：应写 percent"),
    ("  - {grade: 差, action: reduce, percent: abc}", "第 4 行 grades[2].percent：应为数字"),
    ("  - {grade: 差, action: cancel, percent: -50}", "第 4 行 grades[2].percent：取消或暂停的下年预算为 0"),
    ("  - {grade: 中, action: cancel}", "第 4 行 grades[2].grade：等级名“中”已在 grades[1] 中使用"),
    ("  - {grade: 差, action: cancel, share: 1}", "第 4 行 grades[2].share：不认识的字段"),
    ("  - {action: cancel}", "第 4 行 grades[2].grade：缺少等级名称"),
])
def test_a_bad_rule_is_refused_naming_the_rule_and_its_line(tmp_path, line, expected):
    with pytest.raises(InputError) as refused:
        _load(tmp_path, GOOD + line + "\n")
    assert expected in str(refused.value)
    assert "result_application.yaml" in str(refused.value)


def test_the_edges_of_a_rule_are_accepted(tmp_path):
    rules = _load(tmp_path, GOOD + "  - {grade: 良, action: as_needed, amount: 0}\n"
                  "  - {grade: 差, action: reduce, percent: -100}\n  - {grade: D, action: suspend, percent: -100}\n")
    assert [r.action for r in rules.grades] == ["priority", "reduce", "as_needed", "reduce", "suspend"]


def test_continuing_rules_name_known_grades(tmp_path):
    with pytest.raises(InputError) as refused:
        _load(tmp_path, GOOD + "continuing:\n  - {grade: 良, action: reduce, percent: -5}\n")
    assert "第 5 行 continuing[0].grade：等级“良”不在 grades 中" in str(refused.value)
    with pytest.raises(InputError) as refused:
        _load(tmp_path, "grades: []\n")
    assert "grades：应为非空列表" in str(refused.value)


# ------------------------------------------------------------------------------- each grade at its edges
@pytest.mark.parametrize("scale, score, grade, action", [
    ("grades-90-80-60", "90", "优", "priority"),
    ("grades-90-80-60", "89.995", "优", "priority"),  # shown as 90.00: graded on the rounded total
    ("grades-90-80-60", "89.99", "良", "as_needed"),
    ("grades-90-80-60", "80", "良", "as_needed"),
    ("grades-90-80-60", "79.99", "中", "reduce"),
    ("grades-90-80-60", "60", "中", "reduce"),
    ("grades-90-80-60", "59.99", "差", "cancel"),
    ("grades-85-75-60", "85", "优秀", "priority"),  # the bureau's 85/75/60 scale names its bands otherwise
    ("grades-85-75-60", "84.99", "良好", "as_needed"),
    ("grades-85-75-60", "75", "良好", "as_needed"),
    ("grades-85-75-60", "74.99", "一般", "reduce"),
    ("grades-85-75-60", "60", "一般", "reduce"),
    ("grades-85-75-60", "59.99", "较差", "cancel"),
])
def test_each_grade_gets_its_rule_at_the_boundary(scale, score, grade, action):
    band = grade_for(Decimal(score), SCALES[scale])
    assert band.name == grade
    assert suggest(_project(band.name, score=score), SHIPPED).action == action


def test_amounts_are_exact_and_rounded_only_when_shown():
    # 中: the seed 昌黎's project budget 1.5238 万元 cut by 10%
    cut = suggest(_project("中", "1.5238", "79.99"), SHIPPED)
    assert cut.amount == Decimal("1.37142") and fmt_wan(cut.amount) == "1.37"
    assert cut.change == Decimal("-0.15238")
    assert cut.reason == ("自评等级为中（79.99 分），按结果应用规则压减预算 10%：下年建议 = 本年项目预算 1.52 万元"
                          " × (100% − 10%) = 1.37 万元。")
    assert cut.rule_path == "grades[2]" and "grades[" not in cut.reason  # the path is for the audit, not the reader
    half_cent = suggest(_project("中", "0.05"), SHIPPED)  # 0.045 is shown as 0.05 (ROUND_HALF_UP), kept exact
    assert half_cent.amount == Decimal("0.045") and fmt_wan(half_cent.amount) == "0.05"
    kept = suggest(_project("良", "592.62"), SHIPPED)
    assert kept.amount == Decimal("592.62") and "维持不变" in kept.reason
    stopped = suggest(_project("差", "262.00", "0"), SHIPPED)
    assert stopped.amount == 0 and stopped.action_label == "取消" and "取消后为 0" in stopped.reason


def test_an_amount_rule_adds_or_cuts_a_sum_never_below_zero():
    rules = rules_from_data({"grades": [{"grade": "中", "action": "reduce", "amount": Decimal(-5)},
                                        {"grade": "优", "action": "priority", "amount": Decimal("2.5")}]})
    assert suggest(_project("中", "12.3456"), rules).amount == Decimal("7.3456")
    assert suggest(_project("优", "10"), rules).amount == Decimal("12.5")
    short = suggest(_project("中", "3"), rules)
    assert short.amount == 0 and "不足以压减，按 0 计" in short.reason


def test_continuing_projects_follow_their_own_rules():
    continuing = suggest(_project("中", "100", continuing=True), SHIPPED)
    assert (continuing.rule_path, continuing.amount) == ("continuing[0]", Decimal(80))
    assert "按延续项目的结果应用规则压减预算 20%：" in continuing.reason
    new = suggest(_project("中", "100"), SHIPPED)
    assert (new.rule_path, new.amount) == ("grades[2]", Decimal(90))
    # a grade the continuing rules do not list follows the general rule
    assert suggest(_project("优", "100", continuing=True), SHIPPED).rule_path == "grades[0]"


def test_no_grade_or_no_budget_is_left_to_people():
    ungraded = suggest(_project(None), SHIPPED)
    assert (ungraded.action, ungraded.amount) == ("review", None) and "未评定等级" in ungraded.reason
    unknown = suggest(_project("合格"), SHIPPED)
    assert "等级“合格”在结果应用规则中没有对应规则" in unknown.reason
    no_budget = suggest(_project("中", None), SHIPPED)
    assert (no_budget.action, no_budget.amount) == ("reduce", None) and "本年预算未填" in no_budget.reason


def test_an_adjustment_a_hundred_times_the_budget_is_taken_for_yuan_typed_as_wan():
    """A trial adjusted the seed 通城's 5 万元 project to 45000: saved and exported as 45,000.00 万元. UNIT_APART times
    the larger of this year's budget and the suggestion, or more, is refused with the figures in 万元."""
    kept = suggest(_project("优", "5"), SHIPPED)  # kept at 5.00 万元, as the seed's first project
    assert implausible_adjustment(Decimal(45000), kept) == (
        "调整后金额 45000 万元是本年项目预算 5.00 万元的 9000 倍，请核对是否把“元”当作“万元”填写（45000 元即 4.50 万元）")
    assert implausible_adjustment(Decimal("499.99"), kept) == ""  # just under a hundredfold: a large increase
    assert "的 100 倍" in implausible_adjustment(Decimal(500), kept)
    assert "万元的约 6429 倍" in implausible_adjustment(Decimal(45000), suggest(_project("优", "7"), SHIPPED))
    # a cancelled project (suggestion 0) is measured against its budget; without a budget, against the suggestion
    cancelled = suggest(_project("差", "262.00"), SHIPPED)
    assert cancelled.amount == 0 and "本年项目预算 262.00 万元的 100 倍" in implausible_adjustment(Decimal(26200), cancelled)
    rules = rules_from_data({"grades": [{"grade": "优", "action": "priority", "amount": Decimal(50)}]})
    grown = suggest(_project("优", "0.1"), rules)  # 50.1 suggested for a budget of 0.10: the larger base counts
    assert implausible_adjustment(Decimal(60), grown) == ""
    assert "建议金额 50.10 万元的" in implausible_adjustment(Decimal(5010), grown)
    assert implausible_adjustment(Decimal(45000), suggest(_project(None, None), SHIPPED)) == ""  # nothing to compare


def _department(grade: str | None, budget: str | None = "300", score: str | None = None):
    return Subject("department", "示例部门", grade, Decimal(score) if score else None,
                   Decimal(budget) if budget is not None else None, "本年项目支出预算")


def test_the_rule_set_and_its_reasons_read_as_a_finance_officer_writes():
    assert SHIPPED.name == "评价结果与下年预算挂钩规则"
    kept = suggest(_project("优", "100", "95.5"), SHIPPED)
    assert kept.reason == "自评等级为优（95.50 分），按结果应用规则优先保障：下年建议 = 本年项目预算 100.00 万元，维持不变 = 100.00 万元。"
    raised = rules_from_data({"grades": [{"grade": "优", "action": "priority", "amount": Decimal("2.5")}]})
    assert "按结果应用规则优先保障，增加 2.5 万元：" in suggest(_project("优", "10"), raised).reason


def test_a_poor_department_is_the_sum_of_its_projects_never_cancelled():
    # a 差 department with a 优 (kept), a 中 (cut 10%) and a 差 (cancelled) project: 100 + 90 + 0
    rows = suggestions([_department("差", score="55"), _project("优", "100"), _project("中", "100"),
                        _project("差", "100")], SHIPPED)
    department = rows[0]
    assert department.key == "department" and department.action_label == "按项目汇总"
    # compared with the projects' own 300 this year (here the report's line says the same)
    assert department.amount == Decimal(190) and department.change == Decimal(-110)
    assert department.reason == ("部门整体自评等级为差（55.00 分）；取消、压减只适用于项目，部门整体不取消；下年建议为 3 个项目"
                                 "建议之和：优先保障 1 项 100.00 万元 + 压减预算 1 项 90.00 万元 + 取消 1 项 0.00 万元"
                                 " = 190.00 万元（各项目本年预算合计 300.00 万元）。")
    # a report whose project expenditure line differs from its projects' sum: the line is named, the sum is the base
    other = suggestions([_department("差", "250"), _project("优", "100"), _project("差", "100")], SHIPPED)[0]
    assert (other.subject.budget, other.amount, other.change) == (Decimal(200), Decimal(100), Decimal(-100))
    assert other.reason.endswith("（各项目本年预算合计 200.00 万元；本年项目支出预算（报表数）为 250.00 万元）。")
    assert [row.amount for row in rows[1:]] == [Decimal(100), Decimal(90), Decimal(0)]


def test_a_department_sum_waits_for_every_project_and_is_never_cancelled_alone():
    unpriced = suggestions([_department("良"), _project("中", None)], SHIPPED)[0]
    assert (unpriced.action, unpriced.amount) == ("review", None) and "示例项目尚无建议金额" in unpriced.reason
    alone = suggestions([_department("差")], SHIPPED)[0]
    assert (alone.action, alone.amount) == ("review", None)
    assert alone.reason == "部门整体自评等级为差；取消只适用于项目，部门未列项目，请人工研究下年预算安排。"
    assert suggestions([_department("中")], SHIPPED)[0].amount == Decimal(270)  # no project: the rule applies


# ------------------------------------------------------------------------------------------ notice states
@pytest.mark.parametrize("today, answered, state", [
    (dt.date(2025, 3, 19), 0, "open"),
    (dt.date(2025, 3, 20), 1, "open"),  # the deadline day itself is in time
    (dt.date(2025, 3, 21), 1, "overdue"),
    (dt.date(2025, 3, 21), 2, "answered"),  # answered late is answered
    (dt.date(2025, 3, 19), 2, "answered"),
])
def test_a_notice_is_open_overdue_or_answered(today, answered, state):
    assert notice_state(dt.date(2025, 3, 20), 2, answered, today) == state


def test_the_bureau_closes_or_returns_only_an_answered_notice_and_a_return_wins_over_the_replies():
    deadline, today = dt.date(2025, 3, 20), dt.date(2025, 3, 25)
    assert notice_step("answered", "close") == "closed" and notice_step("answered", "return") == "returned"
    for state, action in (("open", "close"), ("overdue", "return"), ("returned", "close"), ("closed", "return")):
        with pytest.raises(ValueError, match="部门全部反馈后才能"):
            notice_step(state, action)
    with pytest.raises(ValueError, match="请选择办结或退回"):
        notice_step("answered", "accept")
    # every item answered, but returned (until the department replies again) or closed: the review decides
    assert notice_state(deadline, 2, 2, today, "returned") == "returned"
    assert notice_state(deadline, 2, 2, today, "closed") == "closed"
    assert notice_state(deadline, 2, 2, today, "") == "answered"
