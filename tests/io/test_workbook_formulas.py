"""The workbook does not change its figures when opened: every formula, recalculated by LibreOffice as Excel and WPS
recalculate on open, gives the value written beside it; a stated total that differs from its parts is written as
stated, with a note. Also the recalculation utility itself (tests/support/recalc.py), which the web crawler uses."""

from __future__ import annotations

import io
import re
from decimal import Decimal as D

import msgspec
import openpyxl
import pytest
import xlsxwriter

from jixiao.core.reports.model import RatioOf, SumOf, number, text
from jixiao.io.documents import render
from jixiao.io.table_layout import placements
from jixiao.io.xlsx_formulas import Written, decide as decide_placed

from ..support.recalc import recalculated_mismatches, recalculated_mismatches_many


def mof_projects(evaluation):
    """The same evaluation with its project tables in the MoF 2020 layout (the writer's other project table)."""
    projects = [msgspec.structs.replace(p, scheme="mof-2020-project") if p.indicators else p for p in evaluation.projects]
    return msgspec.structs.replace(evaluation, projects=projects)


@pytest.fixture(scope="module")
def workbooks(library, tongcheng, changli, jingzhou):
    """Every shape of workbook the writer produces for the three seeds: with and without the findings sheet, and
    the project tables in both layouts."""
    made = {}
    for key, evaluation in (("tongcheng", tongcheng), ("changli", changli), ("jingzhou", jingzhou)):
        for layout, shaped in (("hubei", evaluation), ("mof", mof_projects(evaluation))):
            for findings in (False, True):
                made[key, layout, findings] = render(shaped, library, "xlsx", with_findings=findings).content
    return made


def formula_count(content: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return sum(cell.data_type == "f" for sheet in book.worksheets for row in sheet.iter_rows() for cell in row)


@pytest.fixture(scope="module")
def recalculated(workbooks):
    """The mismatches of each workbook, from one LibreOffice run for all twelve (start-up is most of the time)."""
    return dict(zip(workbooks, recalculated_mismatches_many(list(workbooks.values()))))


def test_every_formula_of_every_seed_workbook_recalculates_to_its_written_value(workbooks, recalculated):
    assert {key: found for key, found in recalculated.items() if found} == {}
    assert formula_count(workbooks["tongcheng", "hubei", False]) >= 30  # totals and rates are still formulas


def test_seed_000_spending_total_is_the_stated_figure_not_a_sum_with_an_empty_cell(workbooks, recalculated):
    content = workbooks["changli", "hubei", False]
    sheet = openpyxl.load_workbook(io.BytesIO(content))["支出"]
    assert sheet["B4"].data_type == "n" and sheet["B4"].value == 27081.25  # was =SUM(C4,F4) → 25123.53 on opening
    assert sheet["C4"].value is None  # basic spending is not stated
    # the note names the cells as the printed table shows them, not by address
    note = "“昌黎县人力资源和社会保障局”的“支出合计”：分项“基本支出小计”未填写，按报告所列数填写"
    assert sheet["B4"].comment.text == note
    assert f"注：{note}。" in [row[0].value for row in sheet.iter_rows()]
    assert recalculated["changli", "hubei", False] == []


def test_seed_003_basic_spending_keeps_the_stated_2544_29_and_says_it_differs_from_its_parts(workbooks, recalculated):
    content = workbooks["tongcheng", "hubei", False]
    sheet = openpyxl.load_workbook(io.BytesIO(content))["支出"]
    assert sheet["C4"].value == 2544.29 and [sheet["D4"].value, sheet["E4"].value] == [2316.61, 227.67]  # sum 2544.28
    note = "“通城县人力资源和社会保障局”的“基本支出小计”：所列合计与分项之和相差 0.01 万元，按报告所列数填写"
    assert sheet["C4"].comment.text == note
    assert f"注：{note}。" in [row[0].value for row in sheet.iter_rows()]
    assert sheet["B4"].value == "=SUM(C4,F4)"  # 2544.29 + 275.77 = 2820.06, the stated total: a formula still
    values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["支出"]
    assert values["B4"].value == 2820.06
    assert recalculated["tongcheng", "hubei", False] == []


def trial_tongcheng(tongcheng):
    """Seed 003 as a new user edited it: 执行数 19000 of 21468.3 (the rate score 20 × 19000 / 21468.3) and the first
    indicator's actual 90 of 118 people, scored by its method (2 × 90 / 118): leaf scores of full-precision division."""
    goal = tongcheng.goals[0]
    first = msgspec.structs.replace(goal.indicators[0], actual="90 人", score=None)
    goals = [msgspec.structs.replace(goal, indicators=[first, *goal.indicators[1:]]), *tongcheng.goals[1:]]
    execution = msgspec.structs.replace(tongcheng.execution, spent=D("19000"))
    return msgspec.structs.replace(tongcheng, goals=goals, execution=execution)


def test_a_total_of_full_precision_scores_is_a_formula_without_a_note_of_a_28_digit_difference(library, tongcheng):
    content = render(trial_tongcheng(tongcheng), library, "xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(content))["部门整体自评表"]
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    assert sheet["E4"].value == pytest.approx(17.700516575602)  # 20 × 19000 / 21468.3, the execution score
    first = next(row for row in sheet.iter_rows() if row[2].value == "事业单位工作人员录取人数")
    assert first[6].value == pytest.approx(1.525423728813559)  # 2 × 90 / 118
    total = rows["总分"][6]
    assert total.value.startswith("=SUM(") and total.comment is None  # was the fixed 97.2259… and a note
    assert not [row[0].value for row in sheet.iter_rows() if str(row[0].value).startswith("注：")]
    values = openpyxl.load_workbook(io.BytesIO(content), data_only=True)["部门整体自评表"]
    assert f"{values[total.coordinate].value:.2f}" == "97.23"
    assert recalculated_mismatches(content) == []


def test_seed_002_three_public_total_notes_name_the_rows_and_columns_in_words(workbooks):
    sheet = openpyxl.load_workbook(io.BytesIO(workbooks["jingzhou", "hubei", False]))["三公经费"]
    notes = [row[0].value for row in sheet.iter_rows() if str(row[0].value).startswith("注：")]
    assert notes == ["注：“合计”的“预算数”：分项“公务用车购置费”未填写，按报告所列数填写。",
                     "注：“合计”的“上年数”：分项“公务用车购置费”未填写，按报告所列数填写。"]


def test_no_note_of_any_seed_workbook_names_a_cell_by_its_address(workbooks):
    for key, content in workbooks.items():
        book = openpyxl.load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    said = [cell.comment.text] if cell.comment else []
                    said += [cell.value] if isinstance(cell.value, str) and cell.value.startswith("注：") else []
                    assert not [text for text in said if re.search(r"\b[A-Z]{1,2}[0-9]+\b", text)], (key, sheet.title)


def test_a_form_total_with_an_unscored_indicator_names_the_indicator(library, tongcheng):
    """Seed 003's first project with 工伤病残等级认定、调解效益度 left without actual and score: its 总分 is the stated
    figure, and the note under the form says which indicator, not which cell."""
    project = tongcheng.projects[0]
    indicators = [msgspec.structs.replace(i, actual="", score=None) if i.name == "工伤病残等级认定、调解效益度" else i
                  for i in project.indicators]
    edited = msgspec.structs.replace(tongcheng, projects=[msgspec.structs.replace(project, indicators=indicators),
                                                          *tongcheng.projects[1:]])
    sheet = openpyxl.load_workbook(io.BytesIO(render(edited, library, "xlsx").content))["项目1"]
    note = "“总分”的“得分”：分项“工伤病残等级认定、调解效益度”不是数字，按报告所列数填写"
    assert sheet["G17"].value == "未计分" and sheet["G20"].comment.text == note
    assert f"注：{note}。" in [row[0].value for row in sheet.iter_rows()]


# ------------------------------------------------------------------------------------- the decision, in Python
def decide(rows, body_top, header=()):
    """The writer's decision for a table body of these rows, placed from sheet row body_top under these headers."""
    return decide_placed(placements(rows), body_top, header=placements(list(header)))


def test_a_rate_of_a_table_with_headings_is_noted_by_its_row_and_columns():
    """Seed 002's 公务接待费: budget 7.14, spent 5.18, saving 1.96, its saving rate stated to 2 places (27.45%)."""
    header = [[text(h, bold=True) for h in ("项目", "决算数", "预算数", "节约数", "节约比例")]]
    rows = [[text("公务接待费"), number(D("5.18"), "wan"), number(D("7.14"), "wan"), number(D("1.96"), "wan"),
             number(D("27.45"), "percent", formula=RatioOf((0, 3), (0, 2)))]]
    assert decide(rows, 2, header)[0, 4].note == (
        "“公务接待费”的“节约比例”：所列比率与“节约数”÷“预算数”相差 0.0009804 个百分点，按报告所列数填写")


def test_a_total_equal_to_its_parts_is_a_formula_and_one_that_differs_is_written_as_stated():
    equal = [[number(D("1.10"), "wan")], [number(D("2.20"), "wan")],
             [number(D("3.30"), "wan", formula=SumOf(((0, 0), (1, 0))))]]
    assert decide(equal, 1)[2, 0].formula == "=SUM(A2:A3)"
    off = [[number(D("1.10"), "wan")], [number(D("2.20"), "wan")],
           [number(D("3.31"), "wan", formula=SumOf(((0, 0), (1, 0))))]]
    assert decide(off, 1)[2, 0].formula is None
    assert decide(off, 1)[2, 0].note == "A4：所列合计与分项之和相差 0.01 万元，按报告所列数填写"
    division = [[number(D(2) * 90 / 118, "score")], [number(D(20) * 19000 / D("21468.3"), "score")],
                [number(D(2) * 90 / 118 + D(20) * 19000 / D("21468.3"), "score", formula=SumOf(((0, 0), (1, 0))))]]
    assert division[2][0].value - division[0][0].value - division[1][0].value != 0  # 28 digits leave 1E-26
    assert decide(division, 1)[2, 0] == Written("=SUM(A2:A3)", value=pytest.approx(19.225940303))
    shown_apart = [[number(D("1.004"), "score")], [number(D("1.004"), "score")],
                   [number(D("2.02"), "score", formula=SumOf(((0, 0), (1, 0))))]]  # 2.008 shown 2.01, not 2.02
    assert decide(shown_apart, 1)[2, 0].note == "A4：所列合计与分项之和相差 0.01 分，按报告所列数填写"
    scores = [[number(D("4.5"), "score")], [text("未计分")],
              [number(D("4.5"), "score", formula=SumOf(((0, 0), (1, 0))))]]
    assert decide(scores, 1)[2, 0].note == "A4：分项 A3 不是数字，按报告所列数填写"  # no label nor heading: the address


def test_a_rate_is_a_formula_only_when_it_is_the_quotient_of_its_cells():
    def rate_table(rate, denominator=D("3")):
        return [[number(D("1"), "wan"), number(denominator, "wan"),
                 number(rate, "percent", formula=RatioOf((0, 0), (0, 1)))]]

    assert decide(rate_table(D(100) / 3), 1)[0, 2].formula == '=IF(B2=0,"",A2/B2)'
    stated = decide(rate_table(D("33.33")), 1)[0, 2]  # a rate stated to 2 places is not 1 ÷ 3
    assert stated.formula is None and stated.note.startswith("C2：所列比率与 A2 ÷ B2 相差 0.003333 个百分点")
    assert decide(rate_table(D("50"), D("0")), 1)[0, 2].note == "C2：B2 为 0，无法相除，按报告所列数填写"


# ------------------------------------------------------------------------------------------ the utility itself
def test_the_recalculation_utility_finds_a_formula_whose_written_value_is_wrong():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("表")
    sheet.write_number("A1", 0.1)
    sheet.write_number("A2", 0.2)
    sheet.write_formula("A3", "=SUM(A1:A2)", None, 0.3)  # 0.30000000000000004 recalculated: equal within 1e-9
    sheet.write_formula("A4", "=SUM(A1:A2)", None, 0.31)  # a stated figure the parts do not give
    sheet.write_formula("A5", '=IF(A1=0,"",A2/A1)', None, 2)
    book.close()
    assert recalculated_mismatches(buffer.getvalue()) == [("表", "A4", "=SUM(A1:A2)", 0.31, pytest.approx(0.3))]


def test_a_rate_far_from_its_quotient_is_noted_without_an_exponent():
    rows = [[number(D("1"), "wan"), number(D("3"), "wan"), number(D("12379"), "percent", formula=RatioOf((0, 0), (0, 1)))]]
    assert decide(rows, 1)[0, 2].note == "C2：所列比率与 A2 ÷ B2 相差 12346 个百分点，按报告所列数填写"  # not 1.235e+04
