"""The workbook printed: long names wrap within their column and their rows grow to hold them, instead of running over
the rows below (Excel and LibreOffice do not grow a row that the file gives no height when they print it)."""

from __future__ import annotations

import io
import re
import subprocess

import openpyxl
import pytest

from jixiao.core.reports.model import text
from jixiao.io.documents import render
from jixiao.io.xlsx_writer import PAGE_POINTS, broken_labels, row_height

from ..support.printed import printed_pages

LINE = 14.5  # points of one line of 宋体 10 pt as LibreOffice prints it (Noto Sans CJK in its place), Excel 13.5


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
        assert setup.fitToWidth in (None, 1), sheet.title  # one page wide
        # as long as its rows need, or shrunk onto one page when they overrun it by no more than a fifth
        rows = sum(sheet.row_dimensions[r].height or 15 for r in range(1, sheet.max_row + 1))
        assert setup.fitToHeight == (None if rows * 0.8 <= PAGE_POINTS[sheet.page_setup.orientation == "landscape"]
                                     else 0), sheet.title
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


def test_each_project_sheet_of_seed_003_prints_on_one_page(book, printed):
    """Printed with Calibri's widths (Carlito, what Excel sets the columns in), 农民工工资清欠专项工作经费's sheet left
    its last three rows on a second page, its 偏差原因 column (15 units) wrapping a reason eight characters a line.
    Each project's form is one page: the column takes the room its landscape sheet has, and a sheet a few rows over
    a page is shrunk onto it."""
    assert "Carlito" in subprocess.run(["fc-list", ":family=Carlito", "family"], capture_output=True,
                                       text=True).stdout  # scripts/system-deps.sh installs it
    assert book["项目3"].column_dimensions["H"].width >= 32 * 1.1  # 偏差原因
    firsts = [page.strip().splitlines()[0].strip() for page in printed]
    start, end = firsts.index("项目自评结果"), firsts.index("预算执行情况（万元）")
    forms = firsts[start + 1:end]
    assert len(forms) == 8 and all(first.endswith("项目自评表") for first in forms), forms


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
    assert row_height(rows[0], widths) == 2 * LINE + 1


# ------------------------------------------------------------------------------------------------ row heights
def test_a_row_is_as_tall_as_its_lines_of_text():
    """A line of 宋体 10 pt is 14.5 pt (LibreOffice's, the taller of the two), a row its lines and a point:
    seed 003's 加大劳动保障执法力度，增强劳动监察的监督力，维护农民工合法权益 (32 characters) is three lines of a
    column 30 wide (15.4 characters a line), 44.5 pt; one line keeps 15.5 pt."""
    name = text("加大劳动保障执法力度，增强劳动监察的监督力，维护农民工合法权益")
    assert row_height([(0, name)], [30.0]) == 3 * 14.5 + 1
    assert row_height([(0, text("农民工满意度"))], [30.0]) == 15.5


def test_libreoffice_prints_a_cells_lines_within_the_height_given_to_them(library, tongcheng):
    """The line height the rows are reckoned with is no less than the space LibreOffice puts between the lines of a
    wrapped cell (14.5 pt where 宋体 is set in Noto Sans CJK; 13.5 pt, reckoned before, left three lines a point
    short), and every row it printed with wrapped lines is as tall as those lines."""
    import tempfile
    from pathlib import Path

    import pdfplumber

    from jixiao.io.xlsx_writer import LINE_POINTS

    from ..support.recalc import convert

    with tempfile.TemporaryDirectory(prefix="jixiao-rows-") as folder:
        source = Path(folder) / "book.xlsx"
        source.write_bytes(render(tongcheng, library, "xlsx").content)
        (pdf,) = convert([source], Path(folder), "pdf", "打印工作簿")
        with pdfplumber.open(pdf) as document:
            page = document.pages[0]  # 部门整体自评表, fitted to the page's width: its figures scaled alike
            # lines beginning with a Chinese character, whose glyph boxes (and so tops) are alike in every line
            lines = [(round(w["x0"], 1), w["top"], w["bottom"]) for w in page.extract_words(keep_blank_chars=True)
                     if ord(w["text"][0]) > 0x2E7F]
            rules = [(e["x0"], e["x1"], e["top"]) for e in page.edges if e["orientation"] == "h"]
            sizes = [char["size"] for char in page.chars]
    scale = max(set(sizes), key=sizes.count) / 10  # the cells' 10 pt as printed
    cells = []  # the lines of each cell with more than one: (top of the first, foot of the last, rule above, below)
    for x in sorted({x for x, _, _ in lines}):
        across = sorted(top for x0, x1, top in rules if x0 - 1 <= x <= x1)
        by_row: dict[float, list[tuple[float, float]]] = {}
        for _, top, bottom in (line for line in lines if line[0] == x and any(rule <= line[1] for rule in across)):
            above = max(rule for rule in across if rule <= top)
            by_row.setdefault(above, []).append((top, bottom))
        for above, held in by_row.items():
            if len(held) > 1:
                below = min(rule for rule in across if rule > above)
                cells.append((sorted(held), above, below))
    pitches = [(b[0] - a[0]) / scale for held, _, _ in cells for a, b in zip(held, held[1:])]
    assert len(cells) > 5 and max(pitches) <= LINE_POINTS + 0.1, sorted(pitches)  # the scale is read to 3 places
    short = [(held, above, below) for held, above, below in cells
             if (below - above) / scale < len(held) * LINE_POINTS]
    assert short == []
