"""A head row's value as PDF text writes it: a space either side of a figure, the value's words still one value."""

from __future__ import annotations

from jixiao.io.forms import read_forms
from jixiao.io.layout.model import Layout, Paragraph, Table

# seed 003 (a Hubei county's report, text of a PDF), its 项目名称 row and the department row under it
NAME_ROW = "项目名称 城乡居民养老保险 2022 年提高缴费年限养老金、丧抚费增加县级配套资金"
DEPARTMENT_ROW = "主管部门 人力资源和社会保障局 项目实施单位 城乡居民养老保险局"
FUNDS = [["预算执行情况（万元）", "", "预算数", "执行数", "执行率", "分值", "得分"],
         ["年度资金总额", "314", "314", "100%", "20", "20"]]
INDICATORS = [["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分"],
              ["", "产出指标", "数量指标", "到龄人员享受待遇人数", "7.34万人", "7.34万人", "40", "40"],
              ["", "效益指标", "社会效益指标", "资金到位率", "100%", "100%", "40", "40"]]


def _reading(name_row: str):
    layout = Layout("t.txt", "text", [Paragraph("2023年度项目自评表"), Paragraph(name_row),
                                      Paragraph(DEPARTMENT_ROW), Table.from_rows(FUNDS + INDICATORS)])
    readings = [r for r in read_forms(layout) if r.target == "project"]
    assert len(readings) == 1
    return readings[0]


def test_a_name_with_a_figure_spaced_off_is_one_value():
    reading = _reading(NAME_ROW)
    assert reading.data["name"] == "城乡居民养老保险2022年提高缴费年限养老金、丧抚费增加县级配套资金"


def test_a_word_that_neither_is_nor_follows_a_figure_ends_the_value():
    # 项目实施单位 is a label the template does not know: not part of the department's name
    assert _reading(NAME_ROW).data.get("department_name") == "人力资源和社会保障局"
    assert _reading("项目名称 退休人员社会代管理服务经费").data["name"] == "退休人员社会代管理服务经费"
