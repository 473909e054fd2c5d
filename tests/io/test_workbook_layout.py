"""The workbook printed: long names wrap within their column and their rows grow to hold them, instead of running over
the rows below (Excel and LibreOffice do not grow a row that the file gives no height when they print it)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from jixiao.io.documents import render

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
    row = _row_of(sheet, "年度目标 7（10 分）")
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


def test_the_department_table_of_seed_003_repeats_its_headings_on_every_printed_page(library, tongcheng):
    """Seven goals, 41 indicators: five A4 pages. Each page after the first begins with the headings."""
    pages = printed_pages(render(tongcheng, library, "xlsx").content)
    assert pages[0].lstrip().startswith("2023 年度部门整体绩效自评表")
    ends = next(i for i, page in enumerate(pages) if page.lstrip().startswith("项目自评结果"))
    continued = pages[1:ends]
    assert len(continued) >= 2
    headings = "一级指标 二级指标 三级指标 年初目标值（A） 实际完成值（B） 分值 得分 偏差原因".split()
    assert [page.strip().splitlines()[0].split() for page in continued] == [headings] * len(continued)
