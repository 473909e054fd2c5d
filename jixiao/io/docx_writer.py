"""A report as a Word document formatted after GB/T 9704 (党政机关公文格式).

A4 with margins 37/35/28/26 mm; title in 方正小标宋 二号; body in 仿宋_GB2312 三号 at a fixed 28 pt line spacing
with a two-character first-line indent; headings 一、 in 黑体, （一） in 楷体_GB2312, 1. in bold 仿宋; page numbers
“— 2 —” centred in the footer. Where a machine lacks these fonts, Word and LibreOffice substitute a CJK font.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell as _DocxCell

from jixiao.core.reports.model import Chart, PageBreak, Paragraph, Report, Section, Signature, Table

from . import charts
from .table_layout import format_cell, placements
from .typography import typeset

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: (BODY_FONT, True), 4: (BODY_FONT, False)}
TABLE_FONT = "宋体"
USABLE_MM = 156  # A4 width less the 28 and 26 mm margins
# characters XML 1.0 cannot hold (a NUL typed into a form): lxml refuses them, so they are left out of the document
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor(0, 0, 0)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _page_number(paragraph) -> None:
    """“— PAGE —” as a field, so Word and LibreOffice number every page."""
    _font(paragraph.add_run("— "), "宋体", 14)
    run = paragraph.add_run()
    _font(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(paragraph.add_run(" —"), "宋体", 14)


class _Writer:
    def __init__(self, report: Report):
        self.report = report
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.orientation = WD_ORIENT.PORTRAIT
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_number(footer)
        normal = self.document.styles["Normal"]
        normal.font.name, normal.font.size = BODY_FONT, Pt(16)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        self.table_styles = {align: self._table_style(align).style_id for align in ("left", "center", "right")}
        self.document.core_properties.title = _xml(report.title)
        self.document.core_properties.author = "jixiao"

    def _table_style(self, align: str):
        """Table text set once in a style (宋体 9 pt, no spacing), so that thousands of cells need no run formatting."""
        from docx.enum.style import WD_STYLE_TYPE

        style = self.document.styles.add_style(f"JxTable{align.title()}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.document.styles["Normal"]
        style.font.name, style.font.size = TABLE_FONT, Pt(9)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attribute), TABLE_FONT)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                         "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        return style

    def paragraph(self, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
                  align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, style: str | None = None, spacing: float = 28):
        paragraph = self.document.add_paragraph(style=style)
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(spacing)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        _font(paragraph.add_run(_xml(text)), font, size, bold)
        return paragraph

    def write(self) -> bytes:
        report = self.report
        if report.cover is not None:
            self.cover()
        else:
            self.paragraph(report.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, spacing=36)
            if report.subtitle:
                self.paragraph(report.subtitle, font="楷体_GB2312", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            self.paragraph("", indent=False)
        for section in report.sections:
            self.section(section)
        if report.signed or report.date:
            self.paragraph("", indent=False)
            for line in (report.signed, report.date):
                if line:
                    self.paragraph(line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def cover(self) -> None:
        cover = self.report.cover
        for _ in range(4):
            self.paragraph("", indent=False)
        self.paragraph(cover.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, spacing=40)
        for _ in range(3):
            self.paragraph("", indent=False)
        for label, value in cover.lines:
            self.paragraph(f"{label}：{value}", indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
        if cover.issuer:
            for _ in range(3):
                self.paragraph("", indent=False)
            self.paragraph(cover.issuer, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        self.page_break()

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def section(self, section: Section) -> None:
        if section.heading:
            level = min(max(section.level, 1), 4)
            font, bold = HEADING_FONTS[level]
            heading = self.paragraph(section.heading, font=font, bold=bold, indent=True, style=f"Heading {level}")
            heading.paragraph_format.keep_with_next = True
        for block in section.blocks:
            self.block(block)

    def block(self, block) -> None:
        if isinstance(block, Section):
            self.section(block)
        elif isinstance(block, Paragraph):
            self.paragraph(typeset(block.text), size=16 if block.style == "body" else 14)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Chart):
            self.chart(block)
        elif isinstance(block, Signature):
            self.signature(block)
        elif isinstance(block, PageBreak):
            self.page_break()

    def table(self, table: Table) -> None:
        self.paragraph(table.title, font="黑体", size=12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, spacing=20)
        rows = table.header + table.body
        columns = max(table.columns, 1)
        grid = self.document.add_table(rows=len(rows), cols=columns)
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        # python-docx's table.cell() walks the whole table each time; take every cell once, fill, then merge.
        cells = [[_DocxCell(tc, grid) for tc in tr.tc_lst] for tr in grid._tbl.tr_lst]
        header_rows = len(table.header)
        merges = []
        for r, row in enumerate(placements(rows)):
            for column, cell in row:
                paragraph = cells[r][column].paragraphs[0]
                align = "right" if cell.is_number else "center" if r < header_rows or cell.align == "center" else "left"
                paragraph._p.style = self.table_styles[align]  # the id directly: the setter looks styles up by name
                run = paragraph.add_run(_xml(format_cell(cell)))
                if cell.bold or r < header_rows:
                    run.bold = True
                last_row, last_column = r + cell.rowspan - 1, min(column + cell.colspan - 1, columns - 1)
                if (last_row, last_column) != (r, column):
                    merges.append((r, column, last_row, last_column))
        _full_width(grid)
        for r, column, last_row, last_column in merges:
            cells[r][column].merge(cells[last_row][last_column])
        if table.widths:
            total = sum(table.widths[:columns]) or 1
            widths = [Mm(USABLE_MM * w / total) for w in table.widths[:columns]]
            for column, grid_column in enumerate(grid._tbl.tblGrid.gridCol_lst):
                grid_column.w = widths[column]
            for tr in grid._tbl.tr_lst:
                for column, tc in enumerate(tr.tc_lst[:columns]):
                    tc.width = widths[min(column, len(widths) - 1)]
        if table.note:
            self.paragraph(table.note, size=12, indent=False)
        self.paragraph("", indent=False, spacing=12)

    def chart(self, chart: Chart) -> None:
        image = charts.render(chart, "png")
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(image), width=Cm(15))

    def signature(self, signature: Signature) -> None:
        self.paragraph(signature.title, indent=False, font="黑体")
        if signature.rows:
            grid = self.document.add_table(rows=len(signature.rows), cols=len(signature.rows[0]))
            grid.style = "Table Grid"
            for r, row in enumerate(signature.rows):
                for c, value in enumerate(row):
                    paragraph = grid.cell(r, c).paragraphs[0]
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    _font(paragraph.add_run(_xml(value)), TABLE_FONT, 11, bold=r == 0)
                    grid.rows[r].height = Mm(10)
        if signature.closing:
            self.paragraph("", indent=False)
            self.paragraph(signature.closing, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)


def _full_width(grid) -> None:
    """The table as wide as the text, with fixed column widths (LibreOffice ignores widths of an autofit table)."""
    properties = grid._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)


def docx_bytes(report: Report) -> bytes:
    return _Writer(report).write()
