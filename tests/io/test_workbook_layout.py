"""The workbook printed: long names wrap within their column and their rows grow to hold them, instead of running over
the rows below (Excel and LibreOffice do not grow a row that the file gives no height when they print it)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from jixiao.core.reports.model import text
from jixiao.io.documents import render
from jixiao.io.xlsx_writer import broken_labels, row_height

from ..support.printed import printed_pages

LINE = 13.5  # points of one line of 宋体 10 pt


@pytest.fixture(scope="module")
def book(library, tongcheng):
    return openpyxl.load_workbook(io.BytesIO(render(tongcheng, library, "xlsx").content))


def _row_of(sheet, text: str) -> int:
    return next(cell.row for row in sheet.iter_rows() for cell in row if cell.value == text)


def test_a_long_indicator_name_wraps_and_its_row_grows(book):
    sheet = book["项目1"]  # 工伤病残等级鉴定费
    row = _row_of(sheet, "劳动能力鉴定申请作出相应结论时间")  # 16 characters in a column that holds about 12
    name = sheet.cell(row, 3)
    assert name.alignment.wrap_text
    assert sheet.row_dimensions[row].height >= 2 * LINE
    # a name that fits keeps the ordinary height
    assert sheet.row_dimensions[_row_of(sheet, "工伤病残认定完成率")].height < 2 * LINE


def test_a_goal_row_spanning_the_table_grows_with_its_text(book):
    sheet = book["部门整体自评表"]
    row = _row_of(sheet, "年度目标 7\n（10 分）")
    goal = sheet.cell(row, 2).value  # 年度目标 7's 130 characters across six merged columns
    assert len(goal) > 100 and sheet.row_dimensions[row].height >= 2 * LINE


def test_empty_cells_of_a_form_keep_their_borders(book):
    sheet = book["项目1"]
    row = _row_of(sheet, "劳动能力鉴定申请作出相应结论时间")
    reason = sheet.cell(row, 8)  # 偏差原因, left empty
    assert reason.value is None and reason.border.left.style == "thin"


# ------------------------------------------------------------------------------------------------ printing
def test_every_table_prints_on_a4_fitted_to_the_width_with_its_headings_repeated(book):
    for sheet in book.worksheets:
        if sheet.sheet_state == "hidden":
            continue
        setup = sheet.page_setup
        assert setup.paperSize == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title  # A4, fitted
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0, sheet.title  # one page wide, as long as needed
        assert sheet.print_title_rows, sheet.title
    # a form has no header rows: what repeats is its row of indicator headings
    department = book["部门整体自评表"]
    assert department.print_title_rows == "$6:$6"
    assert [c.value for c in department[6]][:3] == ["一级指标", "二级指标", "三级指标"]
    assert book["项目1"].print_title_rows == "$9:$9" and book["项目1"]["A9"].value == "一级指标"
    assert book["三公经费"].print_title_rows == "$1:$3"  # the title and both header rows


@pytest.fixture(scope="module")
def printed(library, tongcheng):
    return printed_pages(render(tongcheng, library, "xlsx").content)


def test_the_department_table_of_seed_003_repeats_its_headings_on_every_printed_page(printed):
    """Seven goals, 41 indicators: five A4 pages. Each page after the first begins with the headings."""
    pages = printed
    assert pages[0].lstrip().startswith("2023 年度部门整体绩效自评表")
    ends = next(i for i, page in enumerate(pages) if page.lstrip().startswith("项目自评结果"))
    continued = pages[1:ends]
    assert len(continued) >= 2
    headings = "一级指标 二级指标 三级指标 年初目标值（A） 实际完成值（B） 分值 得分 偏差原因".split()
    assert [page.strip().splitlines()[0].split() for page in continued] == [headings] * len(continued)


# ------------------------------------------------------------------------------------------------ labels
def test_a_goals_heading_breaks_before_its_points_not_inside_them(book, printed):
    """“年度目标 1（10 分）” in a column that holds about seven characters printed as “年度目标 1（10 分” and, on
    a line of its own, “）”; “预算执行情况（万元）” as “预算执行情况（万” / “元）”. A label too long for one line
    breaks before its bracketed remark: “年度目标 1” / “（10 分）”."""
    sheet = book["部门整体自评表"]
    goals = [c.value for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith("年度目标")]
    assert [goal.split("\n")[0] for goal in goals] == [f"年度目标 {n}" for n in range(1, 8)]
    assert all(re.fullmatch(r"年度目标 \d\n（\d+ 分）", goal) for goal in goals), goals
    assert sheet["A3"].value == "预算执行情况\n（万元）" and sheet["A3"].alignment.wrap_text
    # the first column's text, line by line as printed (a line that begins with spaces has none: the goal's text
    # beside a two-line heading stands on a line of its own between them)
    first = [re.split(r"\s{2,}", line)[0] for page in printed[:5] for line in page.splitlines()
             if line.strip() and not line.startswith(" ")]
    assert not [text for text in first if text.startswith("）") or re.search(r"（[^）]*$", text)]
    for goal in goals:  # “年度目标 n” ends its line, “（10 分）” is the next in its column
        at = first.index(goal.split("\n")[0])
        assert first[at + 1] == goal.split("\n")[1], first[at:at + 2]


def test_only_labels_that_do_not_fit_are_broken_and_values_never():
    widths = [12.1, 30.0]
    goal, value, fits = text("年度目标 1（10 分）", bold=True), text("年度目标 1（10 分）", bold=True), text("分值（分）", bold=True)
    value.path = "goals[0].name"  # a value of the evaluation, read back by its cell: as it is
    wide = text("得分（20 分 × 执行率）", bold=True)  # in the wide column: one line
    plain = text("年度目标 1（10 分）")  # not a label
    long_remark = text("年度目标 1（分值未填写，请补充分值）", bold=True)  # its remark alone is longer than a line
    rows = broken_labels([[(0, goal), (1, wide)], [(0, value)], [(0, fits)], [(0, plain)], [(0, long_remark)]], widths)
    assert [cell.value for row in rows for _, cell in row] == [
        "年度目标 1\n（10 分）", "得分（20 分 × 执行率）", "年度目标 1（10 分）", "分值（分）", "年度目标 1（10 分）",
        "年度目标 1（分值未填写，请补充分值）"]
    assert goal.value == "年度目标 1（10 分）"  # the report's own cell is left as it was
    assert row_height(rows[0], widths) == 2 * LINE + 2
