"""The tables of a report as an Excel workbook, one sheet per table, laid out like the originals.

Merged header cells, number formats (万元 and scores to 2 places, rates as percentages to 2 places), frozen headers,
A4 print setup fitted to the page width with the header rows repeated. Totals and rates are Excel formulas that also
carry their value, so a reviewer can audit in Excel and a reader that does not recalculate sees the figure — but only
where recalculating gives that same value (`xlsx_formulas`): a stated total that differs from its parts is written as
stated, with a comment and a note row saying so. Text that begins with = + − @ is stored as text with Excel's quote
prefix, never as a formula; text longer than a cell holds is cut with a visible mark, and a figure beyond Excel's
range is written as text.

A hidden sheet keeps the evaluation itself (JSON), so that what jixiao writes it can read back exactly, and beside it
(column B) where each of its values stands in the tables and what was written there (`CELLS_MARK`): reading the
workbook back names each value's sheet and cell, and sees a cell changed since.
"""

from __future__ import annotations

import io
import json
import math
import re
from dataclasses import replace
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from jixiao.core.reports.model import Cell, Report, Table

from .table_layout import format_cell, placements
from .xlsx_formulas import Written, decide, excel_number

DATA_SHEET = "_jixiao"
CELLS_MARK = "jixiao-cells/1"  # B1 of the data sheet; B2… the JSON of {path: [sheet, cell, value written, formula?]}
DATA_CHUNK = 30000  # below Excel's 32 767 characters per cell
CELL_CHARACTERS = 32767  # the most a cell holds
CUT_MARK = "…（已截断）"
HEADER_CHARACTERS = 240  # Excel holds 255 characters of a header, its codes (&C&10) among them
FORMULA_START = ("=", "+", "-", "−", "@", "\t", "\r")
NUMBER_FORMATS = {"wan": "#,##0.00", "percent": "0.00%", "score": "0.00", "total": "0.00", "int": "0", "decimal": "0.####", "date": "yyyy-mm-dd"}


def workbook_bytes(report: Report, evaluation_data: dict[str, Any] | None = None) -> bytes:
    """The report's tables (use `workbook_tables` for every table of an evaluation) as an .xlsx file."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    workbook.set_properties({"title": report.title, "subject": "预算绩效自评", "creator": "jixiao"})
    styles = _Styles(workbook)
    used: set[str] = set()
    cells: dict[str, list] = {}
    for table in report.tables:
        _write_table(workbook.add_worksheet(_sheet_name(table, used)), table, styles, cells, report.note,
                     report.page_mark)
    if evaluation_data is not None:
        sheet = workbook.add_worksheet(DATA_SHEET)
        for column, (mark, data) in enumerate((("jixiao-evaluation/1", evaluation_data), (CELLS_MARK, cells))):
            text = json.dumps(data, ensure_ascii=False, sort_keys=True)
            sheet.write_string(0, column, mark)
            for i in range(0, len(text), DATA_CHUNK):
                sheet.write_string(1 + i // DATA_CHUNK, column, text[i:i + DATA_CHUNK])
        sheet.hide()
    workbook.close()
    return buffer.getvalue()


def _sheet_name(table: Table, used: set[str]) -> str:
    base = (table.sheet or table.title)[:28]
    for bad in "[]:*?/\\":
        base = base.replace(bad, "_")
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}_{n}", n + 1
    used.add(name)
    return name


class _Styles:
    def __init__(self, workbook):
        self.workbook = workbook
        self.cache: dict[tuple, Any] = {}

    def get(self, kind: str = "text", bold: bool = False, header: bool = False, align: str | None = None,
            quote: bool = False, title: bool = False) -> Any:
        key = (kind, bold, header, align, quote, title)
        if key not in self.cache:
            spec: dict[str, Any] = {"font_name": "宋体", "font_size": FONT_POINTS, "border": 1, "valign": "vcenter",
                                    "text_wrap": True}
            if title:
                spec.update(font_size=14, bold=True, border=0, align="center")
            if header:
                spec.update(bold=True, bg_color="#EEF1F5", align="center")
            if bold:
                spec["bold"] = True
            if kind in NUMBER_FORMATS:
                spec.update(num_format=NUMBER_FORMATS[kind], align=align or "right")
            elif align:
                spec["align"] = align
            if quote:
                spec["quote_prefix"] = True
            self.cache[key] = self.workbook.add_format(spec)
        return self.cache[key]

    def note(self) -> Any:
        """The line under a sheet's title, as the reports set it under theirs: centred, in 楷体, without borders."""
        if "note" not in self.cache:
            self.cache["note"] = self.workbook.add_format({"font_name": "楷体", "font_size": 10, "align": "center",
                                                           "valign": "vcenter", "text_wrap": True})
        return self.cache["note"]


def _write_table(sheet, table: Table, styles: _Styles, cells: dict[str, list] | None = None, note: str = "",
                 page_mark: str = "") -> None:
    """`cells` gathers [sheet, cell, value written, whether a formula] by the path of the evaluation's value each
    cell shows. `note`: the report's (documents.marked: what to know before any figure), on a row of its own under
    the title; `page_mark`: the report's, in the header of every printed page."""
    columns = max(table.columns, 1)
    title = _fit(table.title)
    style = styles.get(title=True, quote=title.startswith(FORMULA_START))  # a project's sheet opens with its name
    sheet.merge_range(0, 0, 0, columns - 1, title, style) if columns > 1 else sheet.write_string(0, 0, title, style)
    sheet.set_row(0, 24)
    top = 2 if note else 1
    widths = [w * WIDTH_SCALE for w in (table.sheet_widths or table.widths or [14] * columns)[:columns]]
    widths += [widths[-1]] * (columns - len(widths))
    header = broken_labels(placements(table.header), widths)
    for r, row in enumerate(header):
        for column, cell in row:
            _write_cell(sheet, top + r, column, cell, styles, header=True)
    body_top = top + len(table.header)
    body = broken_labels(placements(table.body), widths)
    heights = [row_height(row, widths) for row in header + body]
    for r, height in enumerate(heights):
        sheet.set_row(top + r, height)
    formulas = decide(body, body_top, table.money_unit, header)
    for r, row in enumerate(body):
        for column, cell in row:
            written = formulas.get((r, column))
            value = _write_cell(sheet, body_top + r, column, cell, styles, header=False, written=written)
            if cells is not None and cell.path and value is not None and cell.path not in cells:
                formula = written is not None and written.formula is not None
                cells[cell.path] = [sheet.name, xl_rowcol_to_cell(body_top + r, column), value, formula]
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    if note:
        _write_note(sheet, 1, columns, _fit(note), styles.note(), sum(widths))
    if table.header:
        sheet.freeze_panes(body_top, 0)
        sheet.repeat_rows(0, body_top - 1)
    elif table.heading_row is not None:  # a form: its indicator headings head every page it runs on to
        sheet.repeat_rows(body_top + table.heading_row)
    sheet.set_paper(9)  # A4
    landscape = columns > 6
    sheet.set_landscape() if landscape else sheet.set_portrait()
    sheet.fit_to_pages(1, pages_tall(24 + sum(heights) + (ROW_POINTS if note else 0), landscape))
    sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.7)
    sheet.set_footer("&C— &P —")
    if page_mark:  # only a marked report's sheets have a header: a real one prints as it always has
        # the size before the font name, so that a mark beginning with a figure is not read as part of the size
        sheet.set_header('&C&10&"宋体,Regular"' + page_mark.replace("&", "&&")[:HEADER_CHARACTERS])
    notes = ([table.note] if table.note else []) + [f"注：{w.note}。" for w in formulas.values() if w.note]
    for i, line in enumerate(notes):
        sheet.write_string(body_top + len(table.body) + 1 + i, 0, _fit(line))


# Row heights. Excel and LibreOffice wrap the text of a cell but do not make its row taller when printing a file
# that does not say how tall (and never for merged cells): a long indicator name ran over the rows below it. So each
# row gets the height its longest text needs in its column's width. Widths are in Excel's units (about one digit of
# the default font, 7 px); a Chinese character in 宋体 10 pt takes 13 px, about 1.9 of them.
WIDTH_SCALE = 1.1
# One line of the cells' 10 pt: 1.45 of the size, what LibreOffice prints a line of 宋体 in when it sets it in
# Noto Sans CJK (ascent and descent 1.448 em; measured: 14.5 pt between lines); Excel's 宋体 needs 13.5. At 13.5,
# three lines had 42.5 pt of the 43.5 they take. A row is its lines and 1 pt (15.5 for one line, as before).
FONT_POINTS = 10
LINE_POINTS = 1.45 * FONT_POINTS
ROW_POINTS = 15.0  # Excel's default row height, the least a row gets


def text_units(text: str) -> float:
    return sum(1.9 if ord(ch) > 0x2E7F else 1.0 for ch in text)


def room(widths: list[float], column: int, colspan: int) -> float:
    """The units of text a line of a cell holds: its columns' width less 5 px of padding."""
    return max(sum(widths[column:column + colspan]) - 0.7, 1.0)


# a label ending in a bracketed remark: 年度目标 1（10 分）, 预算执行情况（万元）
LABEL_REMARK = re.compile(r"^(?P<head>[^\n（]+?)\s*(?P<remark>（[^（）\n]*）)$")


def broken_labels(rows: list[list[tuple[int, Cell]]], widths: list[float]) -> list[list[tuple[int, Cell]]]:
    """The rows with each label too long for one line of its cell broken before its bracketed remark, where both
    parts fit a line: “年度目标 1” / “（10 分）”, not “年度目标 1（10 分” / “）” as Excel and LibreOffice wrapped a
    heading at the cell's edge. A label is a bold cell showing no value of the evaluation (a value is kept as
    it is: the workbook is read back by its cells)."""
    out = []
    for row in rows:
        placed = []
        for column, cell in row:
            match = LABEL_REMARK.match(cell.value) if cell.bold and not cell.path and isinstance(cell.value, str) else None
            if match is not None:
                line = room(widths, column, cell.colspan)
                if text_units(cell.value) > line and max(text_units(match["head"]), text_units(match["remark"])) <= line:
                    cell = replace(cell, value=f"{match['head']}\n{match['remark']}")
            placed.append((column, cell))
        out.append(placed)
    return out


def row_height(row: list[tuple[int, Cell]], widths: list[float]) -> float:
    """The points a row needs for each cell's text to wrap within the cell's columns (a cell spanning rows shares
    its lines among them)."""
    lines = 1
    for column, cell in row:
        text = format_cell(cell) if cell.is_number else str(cell.value or "")
        if not text:
            continue
        line = room(widths, column, cell.colspan)
        needed = sum(max(1, math.ceil(text_units(part) / line)) for part in text.split("\n"))
        lines = max(lines, math.ceil(needed / cell.rowspan))
    return max(ROW_POINTS, lines * LINE_POINTS + 1)


# The points of rows a printed A4 page holds at full size, less its 0.7 in margins above and below (the header and
# footer stand in them), and the least a sheet is shrunk to so as to print on one page.
PAGE_POINTS = {True: 595.3 - 2 * 0.7 * 72, False: 841.9 - 2 * 0.7 * 72}
LEAST_SCALE = 0.8


def pages_tall(points: float, landscape: bool) -> int:
    """How many pages tall a sheet of rows `points` high is fitted to: 1 where it overruns one page by no more than
    a fifth, so that a project's form does not leave its last rows alone on a second page (trial: three rows), and
    is shrunk onto one as a whole; else 0, as many pages as its rows need, at full size, headings repeated."""
    return 1 if points * LEAST_SCALE <= PAGE_POINTS[landscape] else 0


def _write_note(sheet, row: int, columns: int, note: str, style, width: float) -> None:
    sheet.merge_range(row, 0, row, columns - 1, note, style) if columns > 1 else sheet.write_string(row, 0, note, style)
    sheet.set_row(row, max(ROW_POINTS, math.ceil(text_units(note) / max(width - 0.7, 1.0)) * LINE_POINTS + 1))


def _write_cell(sheet, row: int, column: int, cell: Cell, styles: _Styles, header: bool,
                written: Written | None = None) -> str | float | None:
    """Writes the cell; returns the value the cell holds (a formula's: the value written beside it), None if empty."""
    number = excel_number(cell)
    is_text = number is None  # text, empty, or a figure beyond Excel's range (written as the documents show it)
    text_value = (format_cell(cell) if cell.is_number else cell.value) if is_text else None
    quote = is_text and isinstance(text_value, str) and text_value.startswith(FORMULA_START)
    style = styles.get(cell.kind if not is_text else "text", bold=cell.bold and not header, header=header,
                       align=cell.align or ("right" if cell.is_number else None), quote=quote)
    last_row, last_column = row + cell.rowspan - 1, column + cell.colspan - 1
    if (last_row, last_column) != (row, column):
        sheet.merge_range(row, column, last_row, last_column, None, style)
    if is_text:
        if text_value not in (None, ""):
            sheet.write_string(row, column, _fit(str(text_value)), style)
            return _fit(str(text_value))
        sheet.write_blank(row, column, None, style)  # an empty cell of the form keeps its borders
        return None
    if written is not None and written.formula is not None:
        value = number if written.value is None else written.value
        sheet.write_formula(row, column, written.formula, style, value)
        return value
    sheet.write_number(row, column, number, style)
    if written is not None and written.note:
        sheet.write_comment(row, column, written.note, {"author": "jixiao"})
    return number


def _fit(text: str) -> str:
    """Text cut to what a cell holds, with a visible mark where it was cut; without the zero-width breaks the
    documents put in long codes (a spreadsheet wraps by its own width, and a code is searched for and copied)."""
    text = text.replace("\u200b", "")
    if len(text) <= CELL_CHARACTERS:
        return text
    return text[:CELL_CHARACTERS - len(CUT_MARK)] + CUT_MARK
