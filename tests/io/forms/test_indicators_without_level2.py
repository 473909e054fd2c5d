"""An indicator table without a 二级指标 column (一级指标 | 三级指标 or 指标名称 | 指标值 | 实际完成值 | 分值 | 得分 …)
whose level-1 labels are printed short (产出 / 成本 / 效益 / 满意度), read cell by cell. 成本 is the national form's
成本指标, a level-2 under 产出指标 (the model's cost); the others are level-1 labels. Invented figures: an indicator
short of its target scores in proportion (90 ÷ 100 × 20 = 18)."""

from __future__ import annotations

import pytest

from jixiao.io.forms import read_forms
from jixiao.io.layout import read
from jixiao.io.reading import read_report

HEAD = [["项目名称", "城乡公益性岗位开发"], ["主管部门", "示例县人力资源和社会保障局"],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "50", "50", "50", "10", "100.00%", "10"]]
ROWS = [["产出", "开发岗位数", "≥100个", "90个", "20", "18", "部分岗位因人员市场化就业未开发"],
        ["", "补贴发放及时率", "100%", "100%", "20", "20", ""],
        ["成本", "人均补贴标准", "≤0.8万元", "0.8万元", "10", "10", ""],
        ["效益", "困难人员安置率", "≥95%", "96%", "30", "30", ""],
        ["满意度", "安置人员满意度", "≥90%", "95%", "10", "10", ""]]
TOTAL = [["总分", "100", "98"]]


def _text(name_word: str) -> bytes:
    header = [["一级指标", name_word, "指标值", "实际完成值", "分值", "得分", "偏差原因"]]
    rows = HEAD + header + ROWS + TOTAL
    return ("城乡公益性岗位开发项目支出绩效自评表（2023年度）\n" + "\n".join("\t".join(r) for r in rows)).encode()


@pytest.mark.parametrize("name_word", ["三级指标", "指标名称"])
def test_rows_are_read_cell_by_cell(name_word):
    readings = [r for r in read_forms(read("short.txt", _text(name_word))) if r.template == "project_self_evaluation"]
    assert len(readings) == 1
    reading = readings[0]
    assert (reading.rows_read, reading.rows_total) == (6, 6)  # the funds row and five indicators
    got = [(i.get("level1"), i.get("level2"), i["name"], i["target"], i["actual"], i["weight"], i["score"])
           for i in reading.data["indicators"]]
    assert got == [("产出", None, "开发岗位数", "≥100个", "90个", "20", "18"),
                   ("产出", None, "补贴发放及时率", "100%", "100%", "20", "20"),
                   ("产出", "成本", "人均补贴标准", "≤0.8万元", "0.8万元", "10", "10"),
                   ("效益", None, "困难人员安置率", "≥95%", "96%", "30", "30"),
                   ("满意度", None, "安置人员满意度", "≥90%", "95%", "10", "10")]
    assert reading.data["indicators"][0]["deviation_reason"] == "部分岗位因人员市场化就业未开发"


def test_short_labels_are_the_model_s_levels():
    project = read_report("short.txt", _text("指标名称")).evaluation.projects[0]
    assert [(i.level1, i.level2) for i in project.indicators] == [
        ("output", None), ("output", None), ("output", "cost"), ("outcome", None), ("satisfaction", None)]
    assert project.stated_score == 98


def test_satisfaction_standing_alone_is_a_level_1():
    """满意度指标 is a word of both label lists; printed alone in the 一级指标 column (the same rows with full labels)
    it opens its own level 1, not a level 2 under the 效益指标 above it. 成本指标 alone stays under 产出指标."""
    full = {"产出": "产出指标", "成本": "成本指标", "效益": "效益指标", "满意度": "满意度指标"}
    rows = [[full.get(r[0], r[0])] + r[1:] for r in ROWS]
    header = [["一级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "偏差原因"]]
    text = "城乡公益性岗位开发项目支出绩效自评表（2023年度）\n" + "\n".join(
        "\t".join(r) for r in HEAD + header + rows + TOTAL)
    project = read_report("full.txt", text.encode()).evaluation.projects[0]
    assert [(i.level1, i.level2) for i in project.indicators] == [
        ("output", None), ("output", None), ("output", "cost"), ("outcome", None), ("satisfaction", None)]
