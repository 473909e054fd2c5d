"""Blocks printed sideways — field labels down the first column, one indicator or one fund row per column — are
turned back before the forms are matched (jixiao/io/forms/transpose.py), and read as the national table reads.
Figures are invented and follow the form's rules: 执行率 = 全年执行数 ÷ 全年预算数, 得分 = 分值 × 执行率."""

from __future__ import annotations

from jixiao.io.forms import read_forms
from jixiao.io.forms.read import templates
from jixiao.io.forms.transpose import restore
from jixiao.io.layout import read

HEAD = [["项目名称", "农民工就业技能培训"], ["主管部门", "示例县人力资源和社会保障局", "实施单位", "示例县就业服务中心"]]
# 54.6 ÷ 60 = 91.00%, 10 × 91% = 9.1
SIDEWAYS_FUNDS = [["项目资金（万元）", "年度资金总额", "其中：本年财政拨款", "上年结转资金"],
                  ["年初预算数", "60", "60", "0"], ["全年预算数", "60", "60", "0"], ["全年执行数", "54.6", "54.6", "0"],
                  ["分值", "10", "—", "—"], ["执行率", "91.00%", "—", "—"], ["得分", "9.1", "—", "—"]]
SIDEWAYS_INDICATORS = [["一级指标", "产出指标", "效益指标", "满意度指标"],
                       ["二级指标", "数量指标", "社会效益指标", "服务对象满意度指标"],
                       ["三级指标", "培训人数", "培训后就业率", "学员满意度"],
                       ["年度指标值", "≥300人", "≥60%", "≥90%"], ["实际完成值", "310人", "65%", "94%"],
                       ["分值", "40", "30", "20"], ["得分", "40", "30", "20"], ["偏差原因分析及改进措施", "", "", ""]]
TOTAL = [["总分", "100", "99.1"], ["自评等级", "优"]]


def _tabs(rows: list[list[str]]) -> bytes:
    return ("示例县农民工就业技能培训项目支出绩效自评表（2023年度）\n" + "\n".join("\t".join(r) for r in rows)).encode()


def _project(rows):
    readings = [r for r in read_forms(read("sideways.txt", _tabs(rows))) if r.template == "project_self_evaluation"]
    assert len(readings) == 1
    return readings[0]


def test_a_sideways_funds_block_and_indicator_block_read_as_the_national_table():
    reading = _project(HEAD + SIDEWAYS_FUNDS + SIDEWAYS_INDICATORS + TOTAL)
    data = reading.data
    assert data["name"] == "农民工就业技能培训"
    assert data["budget"] == {"budget_initial": "60", "budget_adjusted": "60", "spent": "54.6"}
    assert (data["stated_execution_weight"], data["stated_execution_score"]) == ("10", "9.1")
    assert [(i["level1"], i["level2"], i["name"], i["target"], i["actual"], i["weight"], i["score"])
            for i in data["indicators"]] == [
        ("产出指标", "数量指标", "培训人数", "≥300人", "310人", "40", "40"),
        ("效益指标", "社会效益指标", "培训后就业率", "≥60%", "65%", "30", "30"),
        ("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "94%", "20", "20")]
    # three fund rows and three indicators
    assert data["stated_score"] == "99.1" and (reading.rows_read, reading.rows_total) == (6, 6)
    assert reading.checks == []


def test_the_turned_cells_keep_where_the_document_printed_them():
    reading = _project(HEAD + SIDEWAYS_FUNDS + SIDEWAYS_INDICATORS + TOTAL)
    # 培训后就业率 stands in the 12th line's third cell (the title, two head rows, seven funds rows, then the labels)
    where = str(reading.sources["indicators[1].name"])
    assert "第 12 行" in where and "第 3 列" in where, where


def test_the_same_table_printed_the_usual_way_is_left_as_it_is():
    usual = HEAD + [["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                    ["", "年度资金总额", "60", "60", "54.6", "10", "91.00%", "9.1"],
                    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                    ["", "产出指标", "数量指标", "培训人数", "≥300人", "310人", "40", "40"]] + TOTAL
    layout = read("usual.txt", _tabs(usual))
    assert restore(layout, list(templates())) is layout
    assert _project(usual).data["indicators"][0]["name"] == "培训人数"


def test_labels_with_one_value_each_are_a_form_s_own_vertical_layout():
    # 年初预算数 | 60 one under another: a list of labels and values, not a block printed sideways
    rows = HEAD + [["年初预算数", "60"], ["全年预算数", "60"], ["全年执行数", "54.6"], ["执行率", "91.00%"]]
    layout = read("vertical.txt", _tabs(rows))
    assert restore(layout, list(templates())) is layout


def test_level_labels_that_lost_their_spans_are_not_read():
    # a text dropped the merged cells' widths: three level-1 labels over four indicators, packed to the left — which
    # indicators each heads is not known, so none is given one; the level-2 labels, one per indicator, are read
    indicators = [["一级指标", "产出指标", "效益指标", "满意度指标", ""],
                  ["二级指标", "数量指标", "质量指标", "社会效益指标", "服务对象满意度指标"],
                  ["三级指标", "培训人数", "培训合格率", "培训后就业率", "学员满意度"],
                  ["年度指标值", "≥300人", "≥90%", "≥60%", "≥90%"], ["实际完成值", "310人", "92%", "65%", "94%"],
                  ["分值", "30", "20", "20", "20"], ["得分", "30", "20", "20", "20"]]
    data = _project(HEAD + SIDEWAYS_FUNDS + indicators + TOTAL).data
    assert [(i["level1"], i["level2"], i["name"]) for i in data["indicators"]] == [
        ("", "数量指标", "培训人数"), ("", "质量指标", "培训合格率"), ("", "社会效益指标", "培训后就业率"),
        ("", "服务对象满意度指标", "学员满意度")]
