"""Workbooks (.xlsx, .xls, .et, .ods) into a Layout: every non-empty sheet one Table, its caption the sheet's name,
each cell's Source the sheet and its address ("B4"). A merged area is one Cell with its spans, where the file says
which areas are merged (openpyxl for .xlsx; calamine for .xls and others). Values are written back as the text a
person sees: 40.0 → "40", 0.95 under a percent format → "95.00%", 0.5 under "0.00" → "0.50", dates as 2023-03-05."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from .limits import MAX_SHEET_CELLS, UploadError, check_zip, damaged, refuse_empty
from .model import Cell, Layout, Source, Table

PERCENT_DECIMALS = re.compile(r"0\.(0+)%")
FIXED_DECIMALS = re.compile(r"^[#,]*0\.(0+)(?:_|;|$|\))")


@dataclass
class Raw:
    """One sheet as read: values by (row, col), 0-based, merged areas as ((r0, c0), (r1, c1)) inclusive."""

    name: str
    values: dict[tuple[int, int], str]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]


def read_sheets(name: str, content: bytes, suffix: str) -> Layout:
    refuse_empty(content)
    layout = Layout(name=name, kind=suffix.lstrip(".") if suffix in (".xls", ".et", ".ods") else "xlsx")
    if suffix in (".xlsx", ".xlsm") or content.startswith(b"PK") and suffix != ".ods":
        check_zip(content, "Excel")
        try:
            sheets = _openpyxl_sheets(content, layout)
        except UploadError:
            raise
        except Exception:  # openpyxl cannot open it (a strict-OOXML or odd writer): calamine may
            sheets = _calamine_sheets(content, layout)
    else:
        if content.startswith(b"PK"):
            check_zip(content, "Excel")
        sheets = _calamine_sheets(content, layout)
        formatted = _through_xlsx(content, suffix)
        if formatted is not None and len(formatted) == len(sheets):
            sheets = formatted
    for raw in sheets:
        table = table_of(name, raw)
        if table.cells:
            layout.blocks.append(table)
    if not layout.tables():
        raise UploadError("Excel 文件中没有任何有内容的工作表，无法审核")
    return layout


def _through_xlsx(content: bytes, suffix: str) -> list[Raw] | None:
    """An old binary workbook's number formats (percent, fixed decimals) are not given by calamine: LibreOffice
    converts it to .xlsx, whose formats openpyxl reads. Without LibreOffice, or when that fails, None: calamine's
    values stand, numbers shown without their format."""
    import shutil

    if not shutil.which("soffice") or len(content) > 5_000_000:
        return None
    from .convert import convert

    try:
        converted = convert(content, suffix, "xlsx", "Excel")
        return _openpyxl_sheets(converted, Layout(name="", kind=""))
    except Exception:  # the calamine reading stands
        return None


def _calamine_sheets(content: bytes, layout: Layout) -> list[Raw]:
    try:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(workbook.sheet_names)
    except Exception:  # calamine raises its own errors for a damaged or foreign file
        raise damaged("Excel") from None
    sheets = []
    for index, sheet_name in enumerate(names):
        try:
            sheet = workbook.get_sheet_by_index(index)
            if sheet.total_height * max(sheet.total_width, 1) > MAX_SHEET_CELLS:
                layout.unread.append(f"工作表“{sheet_name}”过大（{sheet.total_height} 行），未读取")
                continue
            start = sheet.start or (0, 0)
            values = {}
            for r, row in enumerate(sheet.to_python(skip_empty_area=False)):
                for c, value in enumerate(row):
                    text = show(value)
                    if text:
                        values[(r, c)] = text
            merged = list(getattr(sheet, "merged_cell_ranges", None) or [])
            del start  # to_python with skip_empty_area=False starts at A1, as the merged ranges do
        except Exception:
            layout.unread.append(f"工作表“{sheet_name}”无法读取")
            continue
        sheets.append(Raw(sheet_name, values, merged))
    return sheets


def _openpyxl_sheets(content: bytes, layout: Layout) -> list[Raw]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True, read_only=False, keep_vba=False,
                                      keep_links=False)
    _note_uncomputed(content, workbook, layout)
    sheets = []
    for sheet in workbook.worksheets:
        if sheet.max_row * sheet.max_column > MAX_SHEET_CELLS:
            layout.unread.append(f"工作表“{sheet.title}”过大（{sheet.max_row} 行），未读取")
            continue
        values = {}
        for row in sheet.iter_rows():
            for cell in row:
                text = show(cell.value, cell.number_format or "")
                if text:
                    values[(cell.row - 1, cell.column - 1)] = text
        merged = [((m.min_row - 1, m.min_col - 1), (m.max_row - 1, m.max_col - 1)) for m in sheet.merged_cells.ranges]
        sheets.append(Raw(sheet.title, values, merged))
    for chart in getattr(workbook, "chartsheets", []):
        layout.unread.append(f"图表工作表“{chart.title}”（图表不读取）")
    return sheets


def _note_uncomputed(content: bytes, values, layout: Layout) -> None:
    """Formulas saved without their results (a workbook written by a program, never opened in Excel) read as
    empty cells: said so, with the way to fix it, instead of reading blanks as unfilled."""
    import openpyxl

    try:
        formulas = openpyxl.load_workbook(io.BytesIO(content), data_only=False, read_only=True, keep_vba=False,
                                          keep_links=False)
    except Exception:  # the values were read; this is only a note
        return
    for sheet in formulas.worksheets:
        if sheet.title not in values.sheetnames:
            continue
        computed = values[sheet.title]
        missing = 0
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("=") and getattr(cell, "row", None):
                    if computed.cell(cell.row, cell.column).value is None:
                        missing += 1
        if missing:
            layout.unread.append(f"工作表“{sheet.title}”有 {missing} 个公式单元格没有保存计算结果，读作空白"
                                 f"（请在 Excel 或 WPS 中打开后保存，再上传）")
    formulas.close()


def show(value, number_format: str = "") -> str:
    """A cell's value as a person sees it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (int, float)):
        return number(value, number_format)
    return str(value).strip()


def number(value: float | int, number_format: str = "") -> str:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return ""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if "%" in number_format:
        places = PERCENT_DECIMALS.search(number_format)
        decimals = len(places.group(1)) if places else 0
        return f"{(exact * 100).quantize(Decimal(1).scaleb(-decimals))}%"
    fixed = FIXED_DECIMALS.match(number_format)
    if fixed:
        return str(exact.quantize(Decimal(1).scaleb(-len(fixed.group(1)))))
    if exact == exact.to_integral_value():
        return str(exact.quantize(Decimal(1)))
    text = format(exact.normalize(), "f")
    return text


def table_of(name: str, raw: Raw) -> Table:
    """The sheet's used area, empty rows and columns dropped, merged areas as one Cell."""
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for (r0, c0), (r1, c1) in raw.merged:
        if r1 - r0 > 5000 or c1 - c0 > 500:
            continue  # a merged whole column is formatting, not a cell
        spans[(r0, c0)] = (r1, c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                covered[(r, c)] = (r0, c0)
    used_rows = sorted({r for r, _ in raw.values})
    used_cols = sorted({c for _, c in raw.values})
    if not used_rows:
        return Table([], caption=raw.name, source=Source(file=name, sheet=raw.name))
    row_index = {r: i for i, r in enumerate(used_rows)}
    col_index = {c: i for i, c in enumerate(used_cols)}
    cells = []
    for (r, c), text in sorted(raw.values.items()):
        if (r, c) in covered and covered[(r, c)] != (r, c):
            continue  # a value hidden under a merged area
        r1, c1 = spans.get((r, c), (r, c))
        rows = [x for x in used_rows if r <= x <= r1]
        cols = [x for x in used_cols if c <= x <= c1]
        cell = Cell(text, row_index[r], col_index[c], max(1, len(rows)), max(1, len(cols)),
                    Source(file=name, sheet=raw.name, cell=address(r, c)))
        cells.append(cell)
    return Table(cells, caption=raw.name, source=Source(file=name, sheet=raw.name))


def address(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"
