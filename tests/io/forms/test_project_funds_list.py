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



def test_a_word_list_whose_first_column_has_no_header_is_read_and_its_total_row_is_no_project(tmp_path):
    """序号 left unnamed over the numbers (a blank header cell of a Word table), and a 合计 row merged over 序号 and
    项目名称. (Text copies lose a blank first cell of the header line: not read yet.)"""
    from tests.reading.fixtures.authoring import SPAN, Para, Table, write_docx

    header = ["", "项目名称", "调整后预算数", "实际支出数", "执行率"]
    total = ["合计", SPAN, "250.00", "235.00", "94.00%"]  # 200 + 50, 190 + 45, 235 ÷ 250
    blocks = [Para(line) for line in INTRO.strip().split("\n")] + [Table([header] + ROWS + [total])] + \
        [Para(line) for line in END.strip().split("\n")]
    write_docx(blocks, tmp_path / "r.docx")
    report = read_report("r.docx", (tmp_path / "r.docx").read_bytes())
    assert [(p.name, p.budget.budget_adjusted, p.budget.spent) for p in report.evaluation.projects] == [
        ("高标准农田建设项目", Decimal("200"), Decimal("190")), ("农村人居环境整治专项经费", Decimal("50"), Decimal("45"))]
