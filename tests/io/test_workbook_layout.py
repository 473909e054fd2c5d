"""The workbook printed: long names wrap within their column and their rows grow to hold them, instead of running over
the rows below (Excel and LibreOffice do not grow a row that the file gives no height when they print it)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from jixiao.io.documents import render

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
