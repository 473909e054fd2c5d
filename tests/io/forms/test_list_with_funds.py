"""A list of the projects' scores that also prints each project's funds, as the project form does (序号 | 项目名称 |
项目单位 | 年初预算数 | 调整后预算数 | 执行数 | 执行率 | 自评得分 | 自评等级), with its 合计 row: every column is read
(its header no longer ends at 年初预算数), the 合计 row states the listed projects' funds (the department's project
expenditure when nothing else states it), and a name a PDF wrapped onto a second line stays one project's."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl

from jixiao.io.extract.audit import audit_bytes
from jixiao.io.forms import read_forms
from jixiao.io.layout import Layout, Paragraph, Table, read
from jixiao.io.reading.assemble import Assembly

HEADER = ["序号", "项目名称", "项目单位", "年初预算数", "调整后预算数", "执行数", "执行率", "自评得分", "自评等级"]
ROWS = [["1", "湿地保护修复", "市湿地保护中心", "120", "132.5", "128.4", "96.91%", "95", "优"],
        ["2", "森林防火物资储备", "局本级", "80", "80", "61.2", "76.50%", "78.5", "中"],
        ["3", "林草种质资源普查", "市林木种苗站", "45.6", "50", "49.5", "99.00%", "92", "优"]]


def _workbook(total_adjusted: str) -> bytes:
    """The list as a system exports it: a title merged over the columns, 合计 merged over 序号, name and unit."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目自评结果汇总"
    sheet.append(["示例市林业局2023年度项目支出绩效自评结果汇总表"] + [None] * 8)
    sheet.merge_cells("A1:I1")
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append([row[0], row[1], row[2], float(row[3]), float(row[4]), float(row[5]), row[6], float(row[7]),
                      row[8]])
    sheet.append(["合计", None, None, 245.6, float(total_adjusted), 239.1, "—", "—", "—"])
    sheet.merge_cells(f"A{len(ROWS) + 3}:C{len(ROWS) + 3}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _list(layout: Layout):
    readings = [r for r in read_forms(layout) if r.template == "project_score_list"]
    assert len(readings) == 1
    return readings[0]


def test_every_column_of_a_score_list_with_funds_is_read():
    reading = _list(read("list.xlsx", _workbook("262.5")))
    assert (reading.rows_read, reading.rows_total) == (3, 3)
    projects = reading.data["projects"]
    assert [p["name"] for p in projects] == ["湿地保护修复", "森林防火物资储备", "林草种质资源普查"]
    assert [p["implementing_unit"] for p in projects] == ["市湿地保护中心", "局本级", "市林木种苗站"]
    assert [p["budget"] for p in projects] == [
        {"budget_initial": "120", "budget_adjusted": "132.5", "spent": "128.4"},
        {"budget_initial": "80", "budget_adjusted": "80", "spent": "61.2"},
        {"budget_initial": "45.6", "budget_adjusted": "50", "spent": "49.5"}]
    assert [(p["stated_score"], p["stated_grade"]) for p in projects] == [("95", "优"), ("78.5", "中"), ("92", "优")]
    # the 合计 row, merged over three columns, is no project: its figures are the listed projects' total
    assert reading.data["budget"] == {"project_expenditure": {"budget_initial": "245.6", "budget_adjusted": "262.5",
                                                              "spent": "239.1"}}


def test_a_total_row_off_its_projects_is_found(library):
    audit = audit_bytes("list.xlsx", _workbook("272.5"), library)
    line = audit.evaluation.budget.project_expenditure
    assert (line.budget_initial, line.budget_adjusted, line.spent) == (Decimal("245.6"), Decimal("272.5"),
                                                                     Decimal("239.1"))
    assert [(f.stated, f.recomputed) for f in audit.findings if f.code == "SUM.PROJECTS"] == [("272.5", "262.50")]
    right = audit_bytes("list.xlsx", _workbook("262.5"), library)
    assert [f for f in right.findings if f.code == "SUM.PROJECTS"] == []


def test_a_name_wrapped_onto_a_second_row_is_one_project():
    header = ["序号", "项目名称", "全年预算数（万元）", "全年执行数（万元）", "自评得分", "自评等级"]
    rows = [header, ["1", "粮油质量安全监测", "526.00", "512.36", "95.6", "优"],
            ["2", "政策性粮油库存检", "418.35", "404.62", "93.2", "优"],
            ["", "验", "", "", "", ""],
            ["3", "实验室能力验证与比对", "12.00", "6.80", "84.5", "良"],
            ["合计", "合计", "956.35", "923.78", "", ""]]
    layout = Layout("report.pdf", "pdf", [Table.from_rows(rows, caption="表2 项目支出绩效自评结果表")])
    reading = _list(layout)
    assert [p["name"] for p in reading.data["projects"]] == ["粮油质量安全监测", "政策性粮油库存检验",
                                                             "实验室能力验证与比对"]
    assert [p["stated_score"] for p in reading.data["projects"]] == ["95.6", "93.2", "84.5"]
    assert (reading.rows_read, reading.rows_total) == (3, 3)
    # 合计 printed in both cells it spans: the figures after it are the budget and spending columns'
    assert reading.data["budget"] == {"project_expenditure": {"budget_adjusted": "956.35", "spent": "923.78"}}


def test_a_list_total_gives_way_to_the_budget_table():
    budget = [["项目", "年初预算数", "全年预算数", "全年执行数"], ["合计", "900.00", "950.00", "940.00"],
              ["基本支出", "600.00", "620.00", "615.00"], ["项目支出", "300.00", "330.00", "325.00"]]
    listed = [["序号", "项目名称", "全年预算数", "全年执行数", "自评得分", "自评等级"],
              ["1", "甲项目", "200.00", "198.00", "95", "优"], ["2", "乙项目", "120.00", "117.00", "91", "优"],
              ["合计", "", "320.00", "315.00", "", ""]]
    layout = Layout("r.pdf", "pdf", [Paragraph("示例县林业局2023年度部门整体支出绩效自评报告"),
                                     Table.from_rows(budget, caption="表1 预算执行情况表（单位：万元）"),
                                     Table.from_rows(listed, caption="表2 项目自评结果表")])
    readings = read_forms(layout)
    assembly = Assembly(None, {})
    for form in readings:
        assembly.add_form(form)
    line = assembly.data["budget"]["project_expenditure"]
    # the budget table states the project expenditure: the list's 合计 (a part of it) does not replace it
    assert (line["budget_adjusted"], line["spent"]) == ("330.00", "325.00")
