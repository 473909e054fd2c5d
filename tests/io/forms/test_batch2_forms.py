"""Form conventions 520137a brought in from batch 2's misses, on tables and sentences written for the test: a
questionnaire's counts in a long sentence (回收 as well as 收回) and the result of its score formula (= X分), a funds
block whose weight is printed in its title (预算执行情况（万元）（20分）), goals named by their merged label
(年度目标1：…（40分）) under a 年度绩效目标 column."""

from __future__ import annotations

from jixiao.io.forms import FormReading, read_forms
from jixiao.io.layout.model import Layout, Paragraph, Table


def _only(layout: Layout) -> FormReading:
    readings = read_forms(layout)
    assert len(readings) == 1, [r.template for r in readings]
    return readings[0]


def test_questionnaire_counts_in_a_long_sentence_and_the_formulas_result():
    reading = _only(Layout("q.txt", "text", [
        Paragraph("满意度调查情况"),
        Paragraph("本次调查采取入户走访与线上填写相结合的方式，面向辖区群众共发放问卷150份，回收146份，"
                  "剔除填写不完整的问卷后有效问卷140份。"),
        Paragraph("问卷综合得分 = Σ（各题得分×选择人数）÷ 有效问卷数 = 88.64分。")]))
    assert reading.template == "questionnaire"
    assert reading.data["surveys"][0] | {} == {"id": "问卷1", "issued": 150, "returned": 146, "valid": 140,
                                                "stated_score": "88.64"}


def test_a_score_stated_plainly_is_still_read():
    reading = _only(Layout("q.txt", "text", [
        Paragraph("共发放问卷60份，收回58份，有效问卷57份。"), Paragraph("经统计，问卷平均得分为92.3分。")]))
    assert reading.data["surveys"][0]["stated_score"] == "92.3"


def _project(funds_head: str, funds_row: list[str]) -> Layout:
    rows = [["项目名称", "农村饮水安全巩固提升"], ["主管部门", "青岭县水利局", "实施单位", "青岭县水利局"],
            [funds_head, "", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"], funds_row,
            ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分",
             "偏差原因分析及改进措施"],
            ["产出指标", "数量指标", "新建供水管网长度", "80", "≥12公里", "12.5公里", "80", ""],
            ["总分", "100", "99"]]
    return Layout("t.txt", "text", [Paragraph("2023年度项目支出绩效自评表"), Table.from_rows(rows)])


def test_a_funds_weight_printed_in_the_blocks_title():
    reading = _only(_project("预算执行情况（万元）（20分）", ["年度资金总额", "200", "200", "190", "95.00%", "19"]))
    assert reading.data["stated_execution_weight"] == "20"
    assert reading.data["budget"] == {"budget_initial": "200", "budget_adjusted": "200", "spent": "190"}
    assert reading.data["stated_execution_score"] == "19"
    # a title without its 分值 gives no weight
    plain = _only(_project("预算执行情况（万元）", ["年度资金总额", "200", "200", "190", "95.00%", "19"]))
    assert "stated_execution_weight" not in plain.data


def test_goals_named_by_their_merged_label():
    label1, label2 = "年度目标1：完成森林防火巡护任务（40分）", "年度目标2：完成退化林修复（40分）"
    rows = [["部门名称", "青岭县林业局"],
            ["年度预算执行情况（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "500", "520", "494", "20", "95.00%", "19"],
            ["年度绩效目标（80分）", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"],
            [label1, "产出指标", "数量指标", "巡护里程", "20", "≥3000公里", "3200公里", "20"],
            [label1, "效益指标", "社会效益指标", "森林火灾受害率", "20", "≤0.9‰", "0.2‰", "20"],
            [label2, "产出指标", "数量指标", "修复面积", "20", "≥800亩", "760亩", "18"],
            [label2, "满意度指标", "服务对象满意度指标", "林农满意度", "20", "≥90%", "93%", "20"],
            ["总分", "100", "97"]]
    reading = _only(Layout("t.txt", "text", [Paragraph("2023年度部门整体支出绩效自评表"), Table.from_rows(rows)]))
    goals = reading.data["goals"]
    assert [(g["name"], g["weight"]) for g in goals] == [("完成森林防火巡护任务", "40"), ("完成退化林修复", "40")]
    assert [[i["name"] for i in g["indicators"]] for g in goals] == [["巡护里程", "森林火灾受害率"],
                                                                     ["修复面积", "林农满意度"]]
    assert goals[1]["indicators"][0]["score"] == "18" and reading.unread == []


def _scored(level1_output: str, level1_effect: str) -> FormReading:
    rows = [["项目名称", "乡村道路养护"], ["主管部门", "青岭县交通运输局", "实施单位", "青岭县交通运输局"],
            ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "300", "300", "285", "10", "95.00%", "9.5"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分",
             "偏差原因分析及改进措施"],
            [level1_output, "数量指标", "养护道路里程", "30", "≥45公里", "46公里", "30", ""],
            [level1_output, "质量指标", "路面优良率", "20", "≥85%", "88%", "20", ""],
            [level1_effect, "社会效益指标", "群众出行时间缩短", "30", "≥10分钟", "12分钟", "30", ""],
            ["总分", "100", "89.5"]]
    return _only(Layout("t.txt", "text", [Paragraph("2023年度项目支出绩效自评表"), Table.from_rows(rows)]))


def test_level1_weights_that_the_rows_make_verify_the_table():
    # 产出指标（50分） over 30 + 20, 效益指标（30分） over 30: the rows were read as printed, though with the 10 of
    # execution they make 90 of the 100 the table claims (its own WEIGHT.TOTAL)
    assert _scored("产出指标（50分）", "效益指标（30分）").weights_verified
    assert not _scored("产出指标（50分）", "效益指标（40分）").weights_verified  # 30 read under a printed 40
    assert not _scored("产出指标", "效益指标").weights_verified  # nothing printed to verify with
