"""A department report that gives each project's result as a numbered list in its prose (1.名称：全年预算数…万元，执行数…
万元，执行率…%，自评得分…分，评价等级为…。): each item is that project's, its figures are not the department's, and the
rate it states is recomputed from its own two figures. Invented department and figures (each rate = 执行数 ÷ 预算数,
except the one written wrong on purpose)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.extract.audit import audit_bytes
from jixiao.io.reading import read_report

HEAD = ("示例市城市管理局2023年度部门整体支出绩效自评报告\n一、部门整体支出情况\n"
        "2023年部门调整后预算1,000万元，全年支出950万元，预算执行率95.00%。\n二、项目支出绩效自评情况\n"
        "2023年我局共对2个项目开展绩效自评，各项目自评情况如下：\n")
ITEMS = ("1.道路养护经费：全年预算数200万元，执行数190万元，执行率95.00%，自评得分96分，评价等级为优。\n"
         "2.路灯维护经费：全年预算数50万元，执行数45万元，执行率92.00%，自评得分88分，评价等级为良。\n")  # 45 ÷ 50 = 90%
TAIL = "三、自评结论\n经自评，我局2023年度部门整体支出绩效自评得分93分，等级为优。\n"
SCORES_ONLY = ("各项目自评得分汇总如下：\n（1）道路养护经费：自评得分96分，等级为优；\n"
               "（2）路灯维护经费：自评得分88分，等级为良。\n")


def _read(text: str):
    return read_report("report.txt", text.encode())


def test_each_item_is_its_project_and_the_department_keeps_its_own_score():
    evaluation = _read(HEAD + ITEMS + TAIL).evaluation
    assert [(p.name, p.budget.budget_adjusted, p.budget.spent, p.stated_score, p.stated_grade)
            for p in evaluation.projects] == [
        ("道路养护经费", Decimal("200"), Decimal("190"), Decimal("96"), "优"),
        ("路灯维护经费", Decimal("50"), Decimal("45"), Decimal("88"), "良")]
    assert (evaluation.stated_score, evaluation.stated_grade) == (Decimal("93"), "优")
    assert evaluation.budget.total.spent == Decimal("950")


def test_an_item_s_figures_are_not_the_department_s_and_its_rate_is_recomputed(library):
    audit = audit_bytes("report.txt", (HEAD + ITEMS + TAIL).encode(), library)
    codes = [(f.code, f.stated, f.recomputed) for f in audit.findings]
    assert not [c for c in codes if c[0] == "FACT.CONFLICT"]
    assert any(code == "RATE.MISMATCH" and "92" in str(stated) and "90" in str(recomputed)
               for code, stated, recomputed in codes)


def test_items_giving_only_scores_are_the_projects_scores():
    evaluation = _read(HEAD.split("二、")[0] + SCORES_ONLY + TAIL).evaluation
    assert [(p.name, p.stated_score, p.stated_grade) for p in evaluation.projects] == [
        ("道路养护经费", Decimal("96"), "优"), ("路灯维护经费", Decimal("88"), "良")]
    assert evaluation.stated_score == Decimal("93")


def test_a_numbered_list_of_goals_or_measures_is_no_list_of_projects():
    text = HEAD.split("二、")[0] + "二、主要做法\n1.加强组织领导：成立工作专班，按月调度。\n2.强化资金管理：严格执行财务制度。\n" + TAIL
    assert _read(text).evaluation.projects == []
