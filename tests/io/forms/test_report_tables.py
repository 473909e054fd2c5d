"""A narrative department report's attached tables (预算执行情况表, 绩效指标完成情况表), read without a form's head block."""

from __future__ import annotations

from jixiao.io.forms import read_forms
from jixiao.io.layout.model import Heading, Layout, Paragraph, Table

TITLE = Heading("某县民政局2023年度部门整体支出绩效自评报告", 0)
HEADER = ["项目", "年初预算数", "全年预算数", "全年支出数", "预算执行率"]
ROWS = [["合计", "300.00", "320.00", "310.00", "96.88%"],
        ["一、基本支出", "200.00", "210.00", "210.00", "100.00%"],
        ["其中：人员经费", "150.00", "155.00", "155.00", "100.00%"],
        ["公用经费", "50.00", "55.00", "55.00", "100.00%"],
        ["二、项目支出", "100.00", "110.00", "100.00", "90.91%"]]


def _budget(header: list[str], rows: list[list[str]], title: Heading = TITLE) -> dict:
    layout = Layout("t.txt", "text", [title, Paragraph("全年实际支出310.00万元。"),
                                      Table.from_rows([header] + rows)])
    readings = {r.template: r for r in read_forms(layout)}
    return readings["department_budget_table"].data if "department_budget_table" in readings else {}


def test_budget_lines_by_scope_are_read_with_numbered_labels():
    data = _budget(HEADER, ROWS)
    assert data["budget"]["total"] == {"budget_initial": "300.00", "budget_adjusted": "320.00", "spent": "310.00"}
    assert data["budget"]["basic_expenditure"]["spent"] == "210.00"
    assert data["budget"]["personnel_cost"]["spent"] == "155.00"
    assert data["budget"]["project_expenditure"]["budget_adjusted"] == "110.00"


def test_last_years_column_is_never_this_years():
    header = HEADER[:4] + ["上年支出数"] + HEADER[4:]
    rows = [row[:4] + ["280.00"] + row[4:] for row in ROWS]
    data = _budget(header, rows)
    assert data["budget"]["total"] == {"budget_initial": "300.00", "budget_adjusted": "320.00", "spent": "310.00"}
    assert "280.00" not in str(data)


def test_a_column_no_word_names_is_not_guessed():
    header = HEADER[:2] + ["同比增减"] + HEADER[2:]
    rows = [row[:2] + ["5.00"] + row[2:] for row in ROWS]
    data = _budget(header, rows)
    assert "5.00" not in str(data) and "320.00" not in str(data)


def test_a_project_report_is_not_the_departments():
    assert _budget(HEADER, ROWS, Heading("乡镇卫生院设备购置项目支出绩效自评报告", 0)) == {}


def test_a_bare_indicator_table_is_read():
    table = Table.from_rows([
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
        ["产出指标", "数量指标", "救助人次", "≥500人次", "520人次", "50", "50", ""],
        ["效益指标", "社会效益指标", "困难群众基本生活保障率", "100%", "100%", "40", "40", ""],
        ["满意度指标", "服务对象满意度指标", "救助对象满意度", "≥90%", "88%", "10", "9", "宣传不足"],
        ["合计", "", "", "", "", "100", "99", ""]])
    layout = Layout("t.txt", "text", [TITLE, table])
    readings = {r.template: r for r in read_forms(layout)}
    data = readings["department_indicator_table"].data
    assert [i["name"] for i in data["indicators"]] == ["救助人次", "困难群众基本生活保障率", "救助对象满意度"]
    assert data["indicators"][2]["score"] == "9" and data["stated_score"] == "99"
