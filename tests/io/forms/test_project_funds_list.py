"""A department report's list of its projects and their funds (项目清单 / 项目支出情况: 序号 | 项目名称 | 预算数 | 执行数 |
执行率), with no score column: each row is read as that project's budget and spending, and the score list (whose
words the report's conclusion also says: 自评得分, 等级) does not claim it. Invented department and figures, each rate
= 执行数 ÷ 预算数."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.io.reading import read_report

INTRO = "示例县农业农村局2023年度部门整体支出绩效自评报告\n一、部门基本情况\n我局内设股室2个：办公室、农经股。\n二、项目支出情况\n"
END = "\n三、自评结论\n经自评，我局2023年度部门整体支出绩效自评得分90分，等级为优。\n"
ROWS = [["1", "高标准农田建设项目", "200", "190", "95.00%"], ["2", "农村人居环境整治专项经费", "50", "45", "90.00%"]]


@pytest.mark.parametrize("sep", ["\t", " | "])
def test_a_list_of_projects_funds_is_read(sep):
    header = ["序号", "项目名称", "预算数（万元）", "执行数（万元）", "执行率"]
    report = read_report("r.txt", (INTRO + "\n".join(sep.join(r) for r in [header] + ROWS) + END).encode())
    assert [f.template for f in report.coverage.forms] == ["project_funds_list"]
    assert not report.coverage.unread
    assert [(p.name, p.budget.budget_adjusted, p.budget.spent) for p in report.evaluation.projects] == [
        ("高标准农田建设项目", Decimal("200"), Decimal("190")), ("农村人居环境整治专项经费", Decimal("50"), Decimal("45"))]
    assert report.evaluation.stated_score == Decimal("90")


def test_a_list_with_only_the_budget_is_read_for_what_it_states():
    rows = [["序号", "项目名称", "预算数（万元）"]] + [r[:3] for r in ROWS]
    report = read_report("r.txt", (INTRO + "\n".join("\t".join(r) for r in rows) + END).encode())
    assert [(p.name, p.budget.budget_adjusted, p.budget.spent) for p in report.evaluation.projects] == [
        ("高标准农田建设项目", Decimal("200"), None), ("农村人居环境整治专项经费", Decimal("50"), None)]
