"""Project tables whose column words and column order differ from the national form's, as some provinces' system
exports print them (invented project and figures):

- 调整预算数（A） for the adjusted budget and 参考分值 for the weight, with the 总分 row's full marks under 参考分值 and
  its score under 得分 three columns further, the columns between left blank;
- 预期指标值（A） / 实际完成指标值（B） / 未完成原因 / 得分计算方法, and 项目实施单位;
- a funds header whose last cell is a column the funds block does not read (得分计算方法), under a block label with its
  points (项目预算执行情况（10分）) merged down the funds rows; 实际执行数 for the spent column;
- a table dated only by its 填报日期 under it: that is the report's date."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl

from jixiao.io.extract.audit import audit_bytes
from jixiao.io.forms import read_forms
from jixiao.io.layout import read


def _sheet(rows: list[list], merges: list[str]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目支出绩效自评表"
    for row in rows:
        sheet.append(row)
    for area in merges:
        sheet.merge_cells(area)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _reference_weights(total_score: float) -> bytes:
    """Columns A–I: 绩效指标 | 一级 | 二级 | 三级 | 参考分值 | 指标值（A） | 全年实际值（B） | 得分 | 未完成原因…"""
    rows = [
        ["示例市本级部门项目支出绩效自评表（2022年）"] + [None] * 8,
        ["项目名称", "社区健身设施更新", None, None, None, "自评得分", total_score, None, None],
        ["主管部门", "示例市体育局", None, None, None, "实施单位", "示例市全民健身中心", None, None],
        ["项目资金（万元）", None, "年初预算数", "调整预算数（A）", "全年执行数（B）", "执行率（B/A）", "分值", "得分",
         None],
        [None, "年度资金总额", 80, 84, 79.8, "95.00%", 10, 9.5, None],
        [None, "其中：财政拨款", 80, 84, 79.8, "—", "—", "—", None],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "参考分值", "指标值（A）", "全年实际值（B）", "得分",
         "未完成原因分析及改进措施"],
        [None, "产出指标（50分）", "数量指标", "更新健身路径数", 25, "≥30处", "24处", 20, "两处选址调整，顺延至次年"],
        [None, None, "质量指标", "设施验收合格率", 25, "100%", "100%", 25, None],
        [None, "效益指标（30分）", "社会效益指标", "受益居民人数", 30, "≥5万人", "5.2万人", 30, None],
        [None, "满意度指标（10分）", "服务对象满意度指标", "居民满意度", 10, "≥90%", "93%", 10, None],
        ["总分", None, None, None, 100, None, None, total_score, None],
        ["自评等级", "优"] + [None] * 7,
        ["填报人：李明    联系电话：0000-0000000    填报日期：2023年2月10日"] + [None] * 8,
    ]
    merges = ["A1:I1", "B2:E2", "G2:I2", "B3:E3", "G3:I3", "A4:B4", "A5:A6", "A7:A11", "B8:B9", "A12:D12", "B13:I13",
              "A14:I14"]
    return _sheet(rows, merges)


def _project(content: bytes):
    readings = [r for r in read_forms(read("表.xlsx", content)) if r.target == "project"]
    assert len(readings) == 1
    return readings[0]


def test_reference_weights_and_a_total_row_with_columns_between_full_marks_and_score():
    reading = _project(_reference_weights(94.5))
    data = reading.data
    assert data["budget"] == {"budget_initial": "80", "budget_adjusted": "84", "spent": "79.8"}
    assert (data["stated_execution_weight"], data["stated_execution_score"]) == ("10", "9.5")
    assert [(i["name"], i["target"], i["actual"], i["weight"], i["score"]) for i in data["indicators"]] == [
        ("更新健身路径数", "≥30处", "24处", "25", "20"), ("设施验收合格率", "100%", "100%", "25", "25"),
        ("受益居民人数", "≥5万人", "5.2万人", "30", "30"), ("居民满意度", "≥90%", "93%", "10", "10")]
    assert data["indicators"][0]["deviation_reason"] == "两处选址调整，顺延至次年"
    # 总分 | 100 | (blank) | (blank) | 94.5 | (blank): full marks under 参考分值, the score under 得分
    assert data["stated_score"] == "94.5" and reading.blank == []


def test_a_total_off_its_parts_is_a_subtotal_finding_and_the_fill_date_the_report_date(library):
    audit = audit_bytes("表.xlsx", _reference_weights(95.5), library)
    project = audit.evaluation.projects[0]
    assert project.stated_score == Decimal("95.5")
    assert [(f.code, f.stated, f.recomputed) for f in audit.findings if f.code.startswith("SCORE.")] == [
        ("SCORE.SUBTOTAL", "95.5", "94.5")]
    assert audit.evaluation.report_date == dt.date(2023, 2, 10)
    # the date is said once: DATE.EARLY would have named it twice (as the report's and as the table's)
    assert [d.kind for d in audit.evaluation.stated_dates] == ["report"]


def test_expected_and_achieved_indicator_values_and_a_funds_header_with_a_method_column():
    rows = [
        ["项目名称", "乡村文化振兴补助", None, None, "主管部门", "示例市文化和旅游局", None, None, None],
        ["项目实施单位", "示例市文化馆", None, None, "项目负责人", "王芳", "联系电话", "0000-0000000", None],
        ["项目预算执行情况（10分）", None, "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）",
         "得分", "得分计算方法"],
        [None, "年度资金总额", 200, 200, 190, 10, "95.00%", 9.5, "执行率×该指标分值"],
        [None, "其中：财政拨款", 200, 200, 190, "—", "—", "—", "—"],
        ["一级指标", "二级指标", "三级指标", "预期指标值（A）", "实际完成指标值（B）", "分值", "得分", "未完成原因",
         "得分计算方法"],
        ["产出指标（50分）", "数量指标", "送戏下乡场次", "≥60场", "52场", 50, 43.33, "汛期停演8场", "按B/A×分值记分"],
        ["效益指标（30分）", "社会效益指标", "受益群众人次", "≥3万人次", "3.4万人次", 30, 30, None, "达到指标值记满分"],
        ["满意度指标（10分）", "服务对象满意度指标", "群众满意度", "≥90%", "92%", 10, 10, None, "达到指标值记满分"],
        ["总分", None, None, None, None, 100, 92.83, None, None],
    ]
    merges = ["B1:D1", "F1:I1", "B2:D2", "A3:A5", "A10:E10"]
    reading = _project(_sheet(rows, merges))
    data = reading.data
    assert data["implementing_unit"] == "示例市文化馆"
    assert data["budget"] == {"budget_initial": "200", "budget_adjusted": "200", "spent": "190"}
    assert (data["stated_execution_weight"], data["stated_execution_score"]) == ("10", "9.5")
    assert [(i["name"], i["target"], i["actual"], i["weight"], i["score"]) for i in data["indicators"]] == [
        ("送戏下乡场次", "≥60场", "52场", "50", "43.33"), ("受益群众人次", "≥3万人次", "3.4万人次", "30", "30"),
        ("群众满意度", "≥90%", "92%", "10", "10")]
    assert data["indicators"][0]["deviation_reason"] == "汛期停演8场"
    assert data["stated_score"] == "92.83"


def test_actual_execution_heads_the_spent_column():
    rows = [
        ["项目名称", "航道设施维护", None, None, "主管部门", "示例省交通运输厅", None, None],
        ["项目资金（万元）", None, "年初预算数", "调整后预算数", "实际执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 500, 520, 498.3, 10, "95.83%", 9.58],
        [None, "其中：当年财政拨款", 500, 520, 498.3, "—", "—", "—"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
        ["产出指标", "数量指标", "维护航道里程", "≥120公里", "126公里", 90, 90, None],
        ["总分", None, None, None, None, 100, 99.58, None],
    ]
    data = _project(_sheet(rows, ["B1:D1", "F1:H1", "A2:B2", "A3:A4", "A7:E7"])).data
    assert data["budget"] == {"budget_initial": "500", "budget_adjusted": "520", "spent": "498.3"}
    assert (data["stated_execution_weight"], data["stated_execution_score"]) == ("10", "9.58")
