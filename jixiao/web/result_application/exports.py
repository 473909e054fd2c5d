"""The suggestion table as an Excel workbook: every text written as a string (a reason beginning with = is never a
formula), amounts as numbers at full precision shown to 2 places of 万元, scores rounded to 2 places and shown so; under
the projects their totals as the page has them (this year's budgets, the suggestions, the amounts decided), each summed
in Decimal and rounded once, half up, to 2 places of 万元 (the figure the page shows, not Excel's sum of floats).
决定金额 is the amount each decision stands for (`Row.decided_amount`: an adopted row's the suggestion it adopts, a
rejected row's this year's budget kept), the
figures its total adds up: a trial's column left 采纳 rows blank under a total that counted them.
A department or year the demo generated says so where the department is named (the tab, the title, its row), as the
pages' badge does: （演示生成）."""

from __future__ import annotations

import io
import math

import xlsxwriter

from jixiao.core.cycle.result_application import DEPARTMENT_KEY
from jixiao.core.money import SCORE_PLACES, WAN_PLACES, round_half_up
from jixiao.io.xlsx_writer import text_units
from jixiao.web.organisations.models import GENERATED, GENERATED_OPTION

from .services import totals_of

HEADER = ("对象", "等级", "得分", "本年预算（万元）", "建议处理", "建议下年预算（万元）", "理由", "财政决定", "决定金额（万元）",
          "决定理由")
# Widths in Excel's units (a digit of the 11-point default font): the long texts (理由, 决定理由, a project's name) wrap
# in theirs; the whole is printed fitted to the width of a landscape A4 page (about 170 units print at 80%).
WIDTHS = (18, 6, 8, 12, 10, 12, 48, 10, 12, 30)
SCORE_COLUMN = HEADER.index("得分")
HEADER_ROW = 2  # 0-based: the title, a blank line, then the header, printed again atop every page
A4 = 9  # xlsxwriter's paper code

# Row heights. LibreOffice (and Excel when printing) wraps a cell's text but does not make its row taller unless the
# file says how tall: a trial's printout showed one line of each 理由, the rest cut. So each row gets the lines its
# longest text needs in its column's width.
# text_units counts a Chinese character as 1.9 digits (宋体 10 pt beside the default font): in LibreOffice's 11-point
# cells it takes about 1.6, so a row errs on the tall side (a blank line at worst), never cuts its text
LINE_POINTS = 16.0  # a line of 11-point text in a Chinese font (Excel's default row, 15, is for Latin text)
MOST_POINTS = 409.0  # Excel's highest row


def suggestions_workbook(tables) -> bytes:
    """`tables`: (evaluation, rows) pairs, one sheet each."""
    buffer = io.BytesIO()
    write_suggestions(buffer, tables)
    return buffer.getvalue()


def write_suggestions(output, tables) -> None:
    """Write the workbook to the file object `output`, taking `tables` one at a time: each sheet goes to disk as it is
    written (xlsxwriter's constant_memory), so a province's year, thousands of sheets, is never held in memory."""
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    styles = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "note": book.add_format({"italic": True, "font_color": "#555555"}),
        "head": book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True}),
        "text": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "money": book.add_format({"border": 1, "num_format": "#,##0.00", "valign": "top"}),
        # a score reads as the reasons quote it (48.80 分), not as Excel's General shows it (48.8)
        "score": book.add_format({"border": 1, "num_format": "0.00", "valign": "top"}),
        "total_text": book.add_format({"bold": True, "border": 1, "top": 2, "text_wrap": True, "valign": "top"}),
        "total_money": book.add_format({"bold": True, "border": 1, "top": 2, "num_format": "#,##0.00", "valign": "top"}),
    }
    names: set[str] = set()
    for evaluation, rows in tables:
        _sheet(book.add_worksheet(_sheet_name(evaluation, names)), evaluation, rows, styles)
    book.close()


def generated_mark(evaluation) -> str:
    """（演示生成） after the department's name when the demo made up the evaluation (it or its department), else ""."""
    return GENERATED_OPTION if evaluation.demo_generated else ""


def _sheet_name(evaluation, taken: set[str]) -> str:
    """Excel's sheet names: at most 31 characters, none of []:*?/\\, unique in the workbook. A long name is cut, not
    the year and the generated mark after it."""
    tail = f"{evaluation.year}{generated_mark(evaluation)}"
    name = "".join(c for c in evaluation.department.name if c not in "[]:*?/\\")
    base = name[:max(28 - len(tail), 0)] + tail
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def _print_setup(sheet) -> None:
    """A4 landscape, one page wide however many pages long, the header row atop each page, pages numbered: a trial's
    five-row sheet printed on four pages, each a strip of columns, and a year of five departments on twenty."""
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer("&C第 &P 页，共 &N 页")


def _row_points(cells) -> float:
    """The height a row needs for each text to wrap within its column (at least one line, at most Excel's limit)."""
    lines = 1
    for value, width in zip(cells, WIDTHS):
        if isinstance(value, str) and value:
            room = max(width - 1, 1)  # the cell's padding
            lines = max(lines, sum(max(1, math.ceil(text_units(part) / room))
                                   for part in value.split("\n")))
    return min(MOST_POINTS, lines * LINE_POINTS + 4)


def _sheet(sheet, evaluation, rows, styles) -> None:
    _print_setup(sheet)
    mark = generated_mark(evaluation)
    sheet.write_string(0, 0, f"{evaluation.department.name}{mark} {evaluation.year} 年度评价结果应用：下年预算安排建议",
                       styles["title"])
    if mark:  # the line under the title, blank for a real one, says what the mark means
        sheet.write_string(1, 0, f"{GENERATED}：{evaluation.generated_note}。", styles["note"])
    shown = [name.replace("（", "\n（") for name in HEADER]  # the unit on a line of its own, not cut at its bracket
    sheet.set_row(HEADER_ROW, _row_points(shown))  # constant_memory: a row's height before its cells
    for column, (name, width) in enumerate(zip(shown, WIDTHS)):
        sheet.write_string(HEADER_ROW, column, name, styles["head"])
        sheet.set_column(column, column, width)
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        s, d = row.suggestion, row.decision
        cells = [s.subject.name + (mark if row.key == DEPARTMENT_KEY else ""), s.subject.grade or "—",
                 None if s.subject.score is None else round_half_up(s.subject.score, SCORE_PLACES),
                 s.subject.budget, s.action_label, s.amount, s.reason,
                 d.get_choice_display() if d else "未决定", row.decided_amount, d.reason if d else ""]
        sheet.set_row(r, _row_points(cells))
        for column, value in enumerate(cells):
            if value is None:
                sheet.write_blank(r, column, None, styles["text"])
            elif isinstance(value, str):
                sheet.write_string(r, column, value[:32767], styles["text"])
            else:
                sheet.write_number(r, column, float(value), styles["score" if column == SCORE_COLUMN else "money"])
    _totals(sheet, HEADER_ROW + 1 + len(rows), rows, styles)
    sheet.freeze_panes(HEADER_ROW + 1, 1)


def _totals(sheet, r: int, rows, styles) -> None:
    """The projects' totals row (services.totals_of), as under the page's table; none for a department without
    projects."""
    totals = totals_of(rows)
    if not totals.projects:
        return
    wan = {column: round_half_up(amount, WAN_PLACES) for column, amount in (
        (HEADER.index("本年预算（万元）"), totals.budget), (HEADER.index("建议下年预算（万元）"), totals.suggested),
        (HEADER.index("决定金额（万元）"), totals.decided))}
    texts = {0: f"{totals.projects} 个项目合计", HEADER.index("财政决定"): "财政决定金额合计",
             HEADER.index("决定理由"): totals.note}
    sheet.set_row(r, _row_points([texts.get(column, "") for column in range(len(HEADER))]))
    for column in range(len(HEADER)):
        if column in wan:
            sheet.write_number(r, column, float(wan[column]), styles["total_money"])
        elif column in texts:
            sheet.write_string(r, column, texts[column], styles["total_text"])
        else:
            sheet.write_blank(r, column, None, styles["total_text"])
