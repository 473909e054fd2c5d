"""A sentence concluding on the department as a whole (部门整体…自评得分95分，等级为优；我局…整体) keeps its score and
grade with the department, not with a project the text named before it, nor is it taken for the project of the one
project table the report has. Invented departments and figures."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.reading import read_report

PROJECTS = "\n".join([
    "二、项目绩效自评情况",
    "（一）城乡居民医疗救助资金项目",
    "该项目全年预算数352.6万元，全年执行数340.18万元，预算执行率96.48%。经自评，该项目自评得分93.5分，等级为优。",
    "（二）医保基金监管专项经费项目",
    "该项目全年预算数48万元，全年执行数45.12万元，预算执行率94%，自评得分96分，等级为优。",
])
TITLE = "示例县医疗保障局2023年度部门整体支出绩效自评报告\n一、部门基本情况\n我局内设股室3个。\n"


def _read(text: str):
    return read_report("report.txt", text.encode()).evaluation


def test_the_department_s_score_is_not_the_last_project_s():
    evaluation = _read(TITLE + PROJECTS + "\n三、部门整体自评结论\n经自评，我局2023年度部门整体支出绩效自评得分95分，等级为良。\n")
    assert (evaluation.stated_score, evaluation.stated_grade) == (Decimal("95"), "良")


def test_we_as_a_whole_is_the_department():
    evaluation = _read(TITLE + PROJECTS + "\n三、自评结论\n我局整体支出绩效自评得分91分，等级为优。\n")
    assert evaluation.stated_score == Decimal("91")


def test_a_project_s_report_keeps_its_project_score():
    text = "城乡居民医疗救助资金项目支出绩效自评报告（2023年度）\n经自评，该项目自评得分93.5分，等级为优。\n"
    evaluation = read_report("project.txt", text.encode()).evaluation
    assert evaluation.stated_score == Decimal("93.5") or [p.stated_score for p in evaluation.projects] == [Decimal("93.5")]


def test_the_department_s_score_beside_one_project_table_stays_the_department_s():
    table = "\n".join([
        "项目名称\t城乡居民医疗救助资金", "主管部门\t示例县医疗保障局",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "\t年度资金总额\t352.6\t352.6\t340.18\t10\t96.48%\t9.65",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "产出指标\t数量指标\t救助人次\t≥3000人次\t3100人次\t90\t83.85",
        "总分\t100\t93.5"])
    evaluation = _read(TITLE + "经自评，我局2023年度部门整体支出绩效自评得分95分，等级为优。\n附表\n" + table + "\n")
    assert (evaluation.stated_score, evaluation.stated_grade) == (Decimal("95"), "优")
    assert [p.stated_score for p in evaluation.projects] == [Decimal("93.5")]
