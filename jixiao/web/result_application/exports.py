"""The suggestion table as an Excel workbook: every text written as a string (a reason beginning with = is never a
formula), amounts as numbers at full precision shown to 2 places of 万元, scores rounded to 2 places and shown so; under
the projects their totals as the page has them (this year's budgets, the suggestions, the amounts decided), each summed
in Decimal and rounded once, half up, to 2 places of 万元 (the figure the page shows, not Excel's sum of floats)."""

from __future__ import annotations

import io

import xlsxwriter

from jixiao.core.money import SCORE_PLACES, WAN_PLACES, round_half_up

from .services import totals_of

HEADER = ("对象", "等级", "得分", "本年预算（万元）", "建议处理", "建议下年预算（万元）", "理由", "财政决定", "决定金额（万元）",
          "决定理由")
WIDTHS = (28, 6, 8, 14, 10, 16, 60, 10, 14, 30)
SCORE_COLUMN = HEADER.index("得分")


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


def _sheet_name(evaluation, taken: set[str]) -> str:
    """Excel's sheet names: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = "".join(c for c in f"{evaluation.department.name}{evaluation.year}" if c not in "[]:*?/\\")[:28]
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def _sheet(sheet, evaluation, rows, styles) -> None:
    sheet.write_string(0, 0, f"{evaluation.department.name} {evaluation.year} 年度评价结果应用：下年预算安排建议",
                       styles["title"])
    for column, (name, width) in enumerate(zip(HEADER, WIDTHS)):
        sheet.write_string(2, column, name, styles["head"])
        sheet.set_column(column, column, width)
    for r, row in enumerate(rows, start=3):
        s, d = row.suggestion, row.decision
        cells = [s.subject.name, s.subject.grade or "—",
                 None if s.subject.score is None else round_half_up(s.subject.score, SCORE_PLACES),
                 s.subject.budget, s.action_label, s.amount, s.reason,
                 d.get_choice_display() if d else "未决定", d.amount if d else None, d.reason if d else ""]
        for column, value in enumerate(cells):
            if value is None:
                sheet.write_blank(r, column, None, styles["text"])
            elif isinstance(value, str):
                sheet.write_string(r, column, value[:32767], styles["text"])
            else:
                sheet.write_number(r, column, float(value), styles["score" if column == SCORE_COLUMN else "money"])
    _totals(sheet, 3 + len(rows), rows, styles)
    sheet.freeze_panes(3, 1)


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
    for column in range(len(HEADER)):
        if column in wan:
            sheet.write_number(r, column, float(wan[column]), styles["total_money"])
        elif column in texts:
            sheet.write_string(r, column, texts[column], styles["total_text"])
        else:
            sheet.write_blank(r, column, None, styles["total_text"])
