"""项目名称 heading a column of a list of projects (序号 | 项目名称 | 全年预算数 | 全年执行数 | 执行率) opens no form of
one project: a department report's indicator table after it is not read as a project named after the list's first
row. Invented names and figures (执行率 = 执行数 ÷ 预算数)."""

from __future__ import annotations

from jixiao.io.forms import read_forms
from jixiao.io.layout import read

TEXT = "\n".join([
    "示例县人力资源和社会保障局2023年度部门整体支出绩效自评报告",
    "一、项目支出情况",
    "序号\t项目名称\t全年预算数（万元）\t全年执行数（万元）\t执行率",
    "1\t就业见习补贴\t40.00\t38.00\t95.00%",
    "2\t劳动保障监察经费\t12.00\t12.00\t100.00%",
    "二、部门整体绩效指标完成情况",
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值",
    "产出指标\t数量指标\t就业见习人数\t≥80人\t84人",
    "效益指标\t社会效益指标\t城镇登记失业率\t≤4%\t3.6%",
])


def test_a_list_s_column_header_opens_no_project_form():
    readings = read_forms(read("list.txt", TEXT.encode()))
    assert [r.data.get("name") for r in readings if r.template == "project_self_evaluation"] == []


def test_a_form_s_own_project_name_still_opens_its_form():
    text = TEXT + "\n" + "\n".join([
        "项目名称\t就业见习补贴", "主管部门\t示例县人力资源和社会保障局",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "\t年度资金总额\t40\t40\t38\t10\t95.00%\t9.5",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "产出指标\t数量指标\t就业见习人数\t≥80人\t84人\t90\t90",
        "总分\t100\t99.5"])
    names = [r.data.get("name") for r in read_forms(read("list.txt", text.encode()))
             if r.template == "project_self_evaluation"]
    assert names == ["就业见习补贴"]
