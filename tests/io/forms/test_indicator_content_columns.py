"""A project table whose indicator block heads its level-3 column 指标内容 and prints a scoring standard (评价标准) beside
each indicator: the table is the project form, the standard a column of text that keeps the other cells in place.
Invented project and figures (执行 95 ÷ 100 → 10 × 95% = 9.5; indicators at full marks: 9.5 + 90 = 99.5)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.io.reading import read_report

ROWS = [
    ["项目名称", "示例职业培训补贴"],
    ["主管部门", "示例市人力资源和社会保障局", "实施单位", "示例市就业服务中心"],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "100", "100", "95", "10", "95.00%", "9.5"],
    ["绩效指标", "一级指标", "二级指标", "指标内容", "评价标准", "年度目标值", "全年实际值", "分值", "得分", "未完成原因和改进措施"],
    ["", "产出指标", "数量指标", "补贴培训人数", "达到目标值得满分，未达到按比例计分", "≥100人", "104人", "50", "50", ""],
    ["", "效益指标", "社会效益指标", "培训后就业率", "按完成比例计分", "≥80%", "85%", "30", "30", ""],
    ["", "满意度指标", "服务对象满意度指标", "参训人员满意度", "按完成比例计分", "≥90%", "95%", "10", "10", ""],
    ["总分", "100", "99.5"],
]


@pytest.mark.parametrize("sep", ["\t", " | "])
def test_indicator_content_and_standard_columns(sep):
    text = "2023年度项目支出绩效自评表\n" + "\n".join(sep.join(r) for r in ROWS) + "\n"
    report = read_report("t.txt", text.encode())
    assert [f.template for f in report.coverage.forms] == ["project_self_evaluation"]
    project = report.evaluation.projects[0]
    assert [(i.name, i.target, i.actual, i.weight, i.score) for i in project.indicators] == [
        ("补贴培训人数", "≥100人", "104人", Decimal("50"), Decimal("50")),
        ("培训后就业率", "≥80%", "85%", Decimal("30"), Decimal("30")),
        ("参训人员满意度", "≥90%", "95%", Decimal("10"), Decimal("10"))]
    assert project.stated_score == Decimal("99.5")
