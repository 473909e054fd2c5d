"""Provincial variants of the project self-evaluation table (项目支出绩效自评表) the forms layer reads as the national
one: a funds block without 年初预算数, 实际支出数 for 全年执行数, the indicator header printed again where the table
goes on over a page."""

from __future__ import annotations

from jixiao.io.forms import FormReading, read_forms
from jixiao.io.forms.align import align
from jixiao.io.forms.relations import parse
from jixiao.io.layout.model import Layout, Paragraph, Table

HEAD = [["项目名称", "乡村道路养护"], ["主管部门", "某县交通运输局", "实施单位", "某县公路养护站"]]
INDICATOR_HEAD = ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "完成值", "分值", "得分", "偏差原因分析及改进措施"]
ROWS = [["产出指标", "数量指标", "养护农村公路里程", "≥120公里", "126公里", "30", "30", ""],
        ["产出指标", "质量指标", "路面优良率", "≥80%", "83%", "20", "20", ""],
        ["效益指标", "社会效益指标", "群众出行条件", "明显改善", "明显改善", "30", "30", ""],
        ["满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "93%", "10", "10", ""]]


def _only(blocks: list) -> FormReading:
    readings = read_forms(Layout("t.txt", "text", [Paragraph("2023年度项目支出绩效自评表")] + blocks))
    assert len(readings) == 1
    return readings[0]


def _indicators(rows: list[list[str]]) -> list[list[str]]:
    return [INDICATOR_HEAD] + [["", *r] for r in rows]


def test_a_funds_block_with_only_budget_spent_and_rate_is_the_project_table():
    # 预算数 / 执行数 / 执行率, no 年初预算数: 86.52 ÷ 96 = 90.13%, the table scores 10 where 9.01 is due
    funds = [["项目资金（万元）", "", "预算数", "执行数", "执行率", "分值", "得分"],
             ["年度资金总额", "96", "86.52", "90.13%", "10", "10"]]
    reading = _only([Table.from_rows(HEAD + funds + _indicators(ROWS) + [["总分", "", "", "100", "100", ""]])])
    assert reading.template == "project_self_evaluation"
    assert reading.data["budget"] == {"budget_adjusted": "96", "spent": "86.52"}
    assert reading.data["stated_execution_weight"] == "10" and reading.data["stated_execution_score"] == "10"
    assert [i["name"] for i in reading.data["indicators"]] == [r[2] for r in ROWS]


def test_actual_spending_heads_the_spent_column():
    funds = [["项目资金（万元）", "", "年初预算数", "调整后预算数", "实际支出数", "执行率", "分值", "得分"],
             ["年度资金总额", "64.5", "71.2", "70.4", "98.88%", "10", "9.89"]]
    reading = _only([Table.from_rows(HEAD + funds + _indicators(ROWS))])
    assert reading.data["budget"] == {"budget_initial": "64.5", "budget_adjusted": "71.2", "spent": "70.4"}
    assert reading.data["stated_execution_score"] == "9.89"


FUNDS = [["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
         ["年度资金总额", "120", "120", "118.8", "10", "99.00%", "9.9"]]


def test_the_indicator_header_repeated_on_the_next_page_is_not_a_row():
    # the table cut after two indicators; the second page (a second table) opens with the header row again
    first = Table.from_rows(HEAD + FUNDS + _indicators(ROWS[:2]))
    second = Table.from_rows(_indicators(ROWS[2:]) + [["总分", "", "", "100", "99.9", ""]])
    reading = _only([first, second])  # the page number between them is furniture, gone before the forms
    assert [i["name"] for i in reading.data["indicators"]] == [r[2] for r in ROWS]
    assert reading.unread == [] and reading.rows_read == reading.rows_total


def test_the_repeated_header_is_skipped_in_a_table_flattened_one_cell_per_line():
    rows = HEAD + FUNDS + _indicators(ROWS[:2]) + _indicators(ROWS[2:]) + [["总分", "100", "99.9"]]
    lines = [c for r in rows for c in r if c]
    blocks = [Paragraph(line) for line in lines]
    reading = _only(blocks)
    assert [(i["name"], i["score"]) for i in reading.data["indicators"]] == [(r[2], r[6]) for r in ROWS]
    assert reading.unread == []


# ---------------------------------------------------------------- run together, 分值 and 得分 before the actual
COLUMNS = [("name", "name"), ("target", "measure"), ("weight", "score"), ("score", "score"), ("actual", "measure"),
           ("deviation_reason", "reason")]
RELATIONS = [parse("score <= weight"), parse("weight <= 100")]


def test_run_together_scores_before_the_actual_are_cut_where_the_actual_meets_its_target():
    # 20 | 20 | 15.2万亩, not 2 | 0 | 2015.2万亩: an actual 134 times its target is a cut through the scores
    got = align("管护农田面积≥15万亩202015.2万亩", COLUMNS, RELATIONS)
    assert got.values == {"name": "管护农田面积", "target": "≥15万亩", "weight": "20", "score": "20", "actual": "15.2万亩",
                          "deviation_reason": None}
    got = align("设施完好率≥95%1514.5392%设施老化", COLUMNS, RELATIONS)  # not 14.5 | 392%, nor 1 | 4.5392%
    assert (got.values["weight"], got.values["score"], got.values["actual"]) == ("15", "14.53", "92%")


def test_an_actual_far_above_its_target_in_every_cut_is_still_not_guessed():
    # 10 | 10 | 35个 is 3.5 times the target, as far off as 1 | 0 | 1035个: nothing says which, the row is not read
    got = align("建成站点≥10个101035个", COLUMNS, RELATIONS)
    assert not got.ok and got.candidates > 1


# ------------------------------------------------------------------------------ the last rows' labels
def test_a_total_row_labelled_total_score_ends_the_indicators():
    # 总得分 | 100 | 99.9: the table's total, not a fifth indicator without an actual (a false FORM.UNFILLED)
    reading = _only([Table.from_rows(HEAD + FUNDS + _indicators(ROWS) + [["总得分", "", "", "100", "99.9", ""]])])
    assert len(reading.data["indicators"]) == 4 and reading.data["stated_score"] == "99.9"
    assert reading.blank == []


def test_a_grade_row_labelled_dengci_is_the_grade():
    for label in ("自评等次", "评价等次"):
        reading = _only([Table.from_rows(HEAD + FUNDS + _indicators(ROWS) + [["总分", "", "", "100", "99.9", ""],
                                                                           [label, "优"]])])
        assert reading.data["stated_grade"] == "优" and len(reading.data["indicators"]) == 4


def test_a_department_table_with_only_budget_spent_and_rate_is_the_department_table():
    # the same convention in the department table: 预算数 / 执行数 / 执行率, 其中 基本支出 and 项目支出
    funds = [["年度预算执行情况（万元）", "", "预算数", "执行数", "执行率", "分值", "得分"],
             ["年度资金总额", "1200", "1188", "99.00%", "10", "9.9"],
             ["其中：基本支出", "800", "800", "—", "—", "—"], ["项目支出", "400", "388", "—", "—", "—"]]
    indicators = [["年度绩效指标", *INDICATOR_HEAD[1:]]] + [["", *r] for r in ROWS]
    rows = [["部门名称", "某县交通运输局"]] + funds + indicators + [["总分", "", "", "100", "99.9", ""]]
    readings = read_forms(Layout("t.txt", "text", [Paragraph("2023年度部门整体支出绩效自评表"), Table.from_rows(rows)]))
    assert [r.template for r in readings] == ["department_overall"]
    data = readings[0].data
    assert data["execution"] == {"budget_adjusted": "1200", "spent": "1188"}
    assert data["budget"]["project_expenditure"] == {"budget_adjusted": "400", "spent": "388"}
    assert data["stated_execution_score"] == "9.9" and data["stated_score"] == "99.9"


def test_the_department_tables_main_tasks_are_not_goals():
    """The national department table's 年度主要任务 block (任务名称 | 主要内容 | 预算数 | 执行数) lists the year's tasks
    with their money, no weight: they are no goals (each would lack its 分值), nor is the 年度总体目标 row under
    them; the indicators stay the table's own."""
    funds = [["年度部门整体支出预算执行情况（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
             ["年度资金总额", "1100", "1200", "1188", "10", "99.00%", "9.9"],
             ["按支出性质分：基本支出", "800", "800", "800", "—", "—", "—"],
             ["项目支出", "300", "400", "388", "—", "—", "—"]]
    tasks = [["年度主要任务", "任务名称", "主要内容", "预算数", "执行数"],
             ["机关运转", "保障机关正常运转", "800", "800"], ["道路养护", "农村公路日常养护", "400", "388"]]
    goal = [["年度总体目标", "预期目标", "实际完成情况"], ["养护农村公路120公里", "养护126公里"]]
    indicators = [["年度绩效指标", *INDICATOR_HEAD[1:]]] + [["", *r] for r in ROWS]
    rows = [["部门（单位）名称", "某县交通运输局"]] + funds + tasks + goal + indicators + [["总分", "", "", "100", "99.9", ""]]
    readings = read_forms(Layout("t.txt", "text", [Paragraph("2023年度部门整体支出绩效自评表"), Table.from_rows(rows)]))
    assert [r.template for r in readings] == ["department_overall"]
    data = readings[0].data
    assert "goals" not in data
    assert [i["name"] for i in data["indicators"]] == ["养护农村公路里程", "路面优良率", "群众出行条件", "沿线群众满意度"]
    assert data["execution"] == {"budget_initial": "1100", "budget_adjusted": "1200", "spent": "1188"}
