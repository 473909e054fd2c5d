"""A scan's value read with doubt (its source says 识别存疑): an error resting on it is a warning asking the reviewer
to check the original, so that an OCR misread never becomes an error a reviewer has to retract."""

from __future__ import annotations

from jixiao.core.checks import Finding
from jixiao.io.extract.audit import IN_DOUBT, _in_doubt
from jixiao.io.forms import read_forms
from jixiao.io.layout.model import Layout, Paragraph, Source, Table


def _error(location: str, message: str, stated: str = "10", recomputed: str = "9.69") -> Finding:
    return Finding("SCORE.METHOD", "error", location, message, stated=stated, recomputed=recomputed)


def test_an_error_on_a_row_read_with_doubt_is_a_warning_to_check_the_original():
    doubtful = {"projects[0].indicators[3].target": "1.6万元"}  # the ≤ before 1.6 lost by the OCR
    finding = _in_doubt(_error("projects[0].indicators[3]", "所列得分 10，应得 9.69 分（目标 1.6万元，实际 1.55万元）。"),
                        doubtful)
    assert finding.severity == "warning" and finding.message.endswith(IN_DOUBT) and "请核对原件" in IN_DOUBT
    field = _in_doubt(_error("projects[0].indicators[3].score", "所列得分 10，应得 9.69 分。"), doubtful)
    assert field.severity == "warning"  # a field's finding rests on its row


def test_an_error_quoting_a_doubtful_figure_of_its_project_is_a_warning_and_others_stay_errors():
    doubtful = {"projects[0].stated_execution_score": "9.85"}
    quoting = _in_doubt(_error("projects[0].stated_score", "各项得分之和 99.18，其中预算执行 9.85 分。"), doubtful)
    assert quoting.severity == "warning"
    elsewhere = _in_doubt(_error("projects[1].indicators[0]", "所列得分 9.85，应得 9.69 分。"), doubtful)
    assert elsewhere.severity == "error"  # another project's figure
    unrelated = _in_doubt(_error("projects[0].indicators[2]", "所列得分 5，应得 4.5 分。", "5", "4.5"), doubtful)
    assert unrelated.severity == "error"
    assert _in_doubt(_error("projects[0].indicators[2]", "x"), {}).severity == "error"


def test_a_source_read_with_doubt_says_so():
    where = Source(file="scan.pdf", page=1, cell="表 1 第 15 行第 6 列", doubtful=True)
    assert str(where) == "第 1 页 表 1 第 15 行第 6 列（识别存疑）"
    assert str(Source(file="scan.pdf", page=1, cell="表 1 第 15 行第 6 列")) == "第 1 页 表 1 第 15 行第 6 列"


def test_a_field_label_a_scan_read_with_its_last_character_lost_is_still_found():
    rows = [["项目名称", "农村公路安全生命防护工程"], ["主管部", "秦川县交通运输局", "实施单位", "秦川县交通运输局"],
            ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["年度资金总额", "220", "220", "214.5", "10", "97.50%", "9.75"],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"],
            ["产出指标", "数量指标", "实施安防工程里程", "100", "≥85公里", "76.5公里", "90"], ["总分", "100", "99.75"]]
    layout = Layout("scan.pdf", "scan", [Paragraph("项目支出绩效自评表（2024年度）"), Table.from_rows(rows)])
    (reading,) = read_forms(layout)
    assert reading.data["department_name"] == "秦川县交通运输局"


def _project(execution: list[str], doubtful: str | None) -> Layout:
    rows = [["项目名称", "农村小型水利设施维修"], ["主管部门", "伊犁川县水利局", "实施单位", "伊犁川县水利局"],
            ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], execution,
            ["绩效指标", "一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"],
            ["产出指标", "数量指标", "维修渠道长度", "90", "≥32公里", "34公里", "90"], ["总分", "100", "99.85"]]
    table = Table.from_rows(rows, Source(file="scan.pdf", page=1))
    for cell in table.cells:
        if cell.text == doubtful:
            cell.source = Source(file="scan.pdf", page=1, cell=f"表 1 第 {cell.row + 1} 行第 {cell.col + 1} 列",
                                 doubtful=True)
    return Layout("scan.pdf", "scan", [Paragraph("项目支出绩效自评表（2024年度）"), table])


def test_a_doubtful_weight_with_a_spurious_one_is_read_as_the_row_relations_allow():
    row = ["年度资金总额", "88", "92", "90.62", "110", "98.50%", "9.85"]  # 10 read as 110: weight ≤ 20, 10 × 98.50%
    (reading,) = read_forms(_project(row, "110"))
    assert reading.data["stated_execution_weight"] == "10"
    (sure,) = read_forms(_project(row, None))  # read without doubt: kept as printed, its relations reported
    assert sure.data["stated_execution_weight"] == "110" and sure.checks


def test_a_sum_rests_on_its_parts_read_with_doubt():
    total = Finding("SUM.BASIC", "error", "budget.basic_expenditure.spent", "基本支出决算数应等于人员经费与公用经费之和：各项之和为"
                    " 550.30 万元，所列合计为 560.3 万元。", stated="560.3", recomputed="550.30")
    assert _in_doubt(total, {"budget.operating_cost.spent": "70.1"}).severity == "warning"
    assert _in_doubt(total, {"budget.operating_cost.budget_initial": "70.1"}).severity == "error"  # another column
    assert _in_doubt(total, {"goals[0].indicators[0].actual": "94.2%"}).severity == "error"
