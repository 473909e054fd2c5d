"""A report as a Word document formatted after GB/T 9704 (党政机关公文格式).

A4 with margins 37/35/28/26 mm; title in 方正小标宋 二号; body in 仿宋_GB2312 三号 at a fixed 28 pt line spacing
with a two-character first-line indent; headings 一、 in 黑体, （一） in 楷体_GB2312, 1. in bold 仿宋; page numbers
“— 2 —” centred in the footer. Where a machine lacks these fonts, Word and LibreOffice substitute a CJK font.
"""

from __future__ import annotations

import io
import re
from html import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor

from jixiao.core.reports.model import Chart, PageBreak, Paragraph, Report, Section, Signature, Table
from jixiao.core.reports.widths import column_shares

from . import charts
from .table_layout import form_parts, format_cell, headless, keeps_with_next_part, part_opening, placements, row_groups
from .typography import joining_figures, typeset

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: ("黑体", False), 2: ("楷体_GB2312", False), 3: (BODY_FONT, True), 4: (BODY_FONT, False)}
TABLE_FONT = "宋体"
# figures and Latin letters in tables: Times New Roman, as government documents set them; a machine without 宋体 then
# sets them in a face of the same widths (LibreOffice: Liberation Serif) instead of a wide fallback that broke
# "25388.90" and "100.00" across two lines
TABLE_LATIN_FONT = "Times New Roman"
USABLE_MM = 156  # A4 width less the 28 and 26 mm margins
CELL_MARGIN = 57  # twips, 1 mm: a table cell's left and right margins (table_xml says why)
# characters XML 1.0 cannot hold (a NUL typed into a form): lxml refuses them, so they are left out of the document
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


_W = nsdecls("w")
_NOT_BOLD = '<w:b w:val="0"/>'
_JUSTIFY = {WD_ALIGN_PARAGRAPH.JUSTIFY: "both", WD_ALIGN_PARAGRAPH.CENTER: "center", WD_ALIGN_PARAGRAPH.LEFT: "left",
            WD_ALIGN_PARAGRAPH.RIGHT: "right"}


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _text(text: str) -> str:
    """A run's text as WordprocessingML: a tab and a line break are elements of their own (as python-docx writes)."""
    if not text:
        return ""
    text = escape(_xml(text), quote=False)
    text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">').replace("\r\n", "\n").replace(
        "\r", "\n").replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return f'<w:t xml:space="preserve">{text}</w:t>'


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
        if report.page_mark:  # a marked report's every page says it (a real one has no header, as always)
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(header.add_run(_xml(report.page_mark)), "楷体_GB2312", 12)
        normal = self.document.styles["Normal"]
        normal.font.name, normal.font.size = BODY_FONT, Pt(16)
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        self.table_styles = {align: self._table_style(align).style_id for align in ("left", "center", "right")}
        self.document.core_properties.title = _xml(report.title)
        self.document.core_properties.author = "jixiao"
        self.body_end = self.document.element.body.sectPr

    def _table_style(self, align: str):
        """Table text set once in a style (宋体 9 pt, no spacing), so that thousands of cells need no run formatting."""
        from docx.enum.style import WD_STYLE_TYPE

        style = self.document.styles.add_style(f"JxTable{align.title()}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.document.styles["Normal"]
        style.font.name, style.font.size = TABLE_FONT, Pt(9)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute, font in (("w:ascii", TABLE_LATIN_FONT), ("w:hAnsi", TABLE_LATIN_FONT), ("w:eastAsia", TABLE_FONT)):
            fonts.set(qn(attribute), font)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                         "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        return style

    def paragraph(self, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
                  align=WD_ALIGN_PARAGRAPH.LEFT, indent: bool = True, style: str | None = None, spacing: float = 28,
                  keep_next: bool = False) -> None:
        """One paragraph of one run, written as XML: what python-docx's setters wrote, at a tenth of the cost.

        Running text is set flush left, as the PDF sets it, not justified: Word and LibreOffice justify a Chinese line
        by spreading its every character, and a line left short — its figure and unit kept whole on the next line,
        a full stop that may not begin a line — read letter-spaced (元 。 从 评 价 情 况 看 ，)."""
        properties = (f'<w:pStyle w:val="{style.replace(" ", "")}"/>' if style else "") + ("<w:keepNext/>" if keep_next else "")
        properties += f'<w:spacing w:lineRule="exact" w:line="{round(spacing * 20)}" w:before="0" w:after="0"/>'
        properties += (f'<w:ind w:firstLine="{round(size * 40)}"/>' if indent else "") + f'<w:jc w:val="{_JUSTIFY[align]}"/>'
        run = (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
               f'{"<w:b/>" if bold else _NOT_BOLD}<w:color w:val="000000"/><w:sz w:val="{round(size * 2)}"/></w:rPr>')
        self._add(f'<w:p {_W}><w:pPr>{properties}</w:pPr><w:r>{run}{_text(text)}</w:r></w:p>')

    def _add(self, xml: str) -> None:
        self.body_end.addprevious(parse_xml(xml))  # before the section properties, as python-docx adds

    def write(self) -> bytes:
        report = self.report
        if report.cover is not None:
            self.cover()
        else:
            self.paragraph(report.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, spacing=36)
            if report.subtitle:
                self.paragraph(report.subtitle, font="楷体_GB2312", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            if report.note:
                self.paragraph(report.note, font="楷体_GB2312", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            self.paragraph("", indent=False)
        for section in report.sections:
            self.section(section)
        if report.signed or report.date:
            self.paragraph("", indent=False)
            for line in (report.signed, report.date):
                if line:
                    self.paragraph(line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        for annex in report.annexes:  # 附件 follow the signed body, each from a new page
            self.page_break()
            self.section(annex)
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
            self.paragraph(section.heading, font=font, bold=bold, indent=True, style=f"Heading {level}", keep_next=True)
        for block in section.blocks:
            self.block(block)

    def block(self, block) -> None:
        if isinstance(block, Section):
            self.section(block)
        elif isinstance(block, Paragraph) and block.style == "note":  # a note on figures above: as a table's note
            self.paragraph(block.text, size=12, indent=False)
        elif isinstance(block, Paragraph):
            # a figure is never parted from its unit at a line's end (“9.40 万” / “元”), as in the PDF
            self.paragraph(joining_figures(typeset(block.text)), size=16 if block.style == "body" else 14)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Chart):
            self.chart(block)
        elif isinstance(block, Signature):
            self.signature(block)
        elif isinstance(block, PageBreak):
            self.page_break()

    def table(self, table: Table) -> None:
        # kept with the table's first row: a caption alone at a page's foot, its table overleaf, reads as lost
        self.paragraph(table.title, font="黑体", size=12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, spacing=20,
                       keep_next=True)
        columns = max(table.columns, 1)
        twips = column_twips(table)
        # written as XML in one piece: python-docx's cell objects and merge() walk the table for every cell, which
        # made tables nine tenths of a report's time. A form as one table per run of indicators, as the PDF prints
        # it (form_parts): Word repeats only a table's leading rows on the pages it runs on to, and a form's indicator
        # headings are rows in its middle. The parts read as one table: the same columns, and between them only a
        # paragraph of 0.05 pt (_join), without which Word would join them again, and their facing rules at half width.
        parts = form_parts(table)
        for i, part in enumerate(parts):
            if i:
                self._add(_join(keep=keeps_with_next_part(i - 1, len(parts), headless(parts, i))))
            self._add(table_xml(table, columns, twips, self.table_styles, part, index=i, parts=len(parts),
                                next_headless=headless(parts, i + 1)))
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


# between two parts of one table: an empty paragraph of exactly 1 twip (0.05 pt), so that the bottom rule of one part
# and the top rule of the next meet as one line (before: 1 pt apart, a double rule). Not 0: Word cannot hold an exact
# height of 0 (MS-DOC stores “exact” as a negative dyaLine) and reads it as single spacing; LibreOffice honours 1 twip.
def _join(keep: bool) -> str:
    """The paragraph between two parts; `keep`: it keeps with the part after it, as the part before keeps with it
    (keeps_with_next_part)."""
    return (f'<w:p {_W}><w:pPr>{"<w:keepNext/>" if keep else ""}<w:spacing w:lineRule="exact" w:line="1" '
            'w:before="0" w:after="0"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')


def column_twips(table: Table) -> list[int]:
    """The table's columns in twips across the text's width, by the share of it the core gives each (widths.py), as
    the PDF gives it (html_report.column_percents)."""
    return [round(USABLE_MM * share / 25.4 * 1440) for share in column_shares(table)]


def table_xml(table: Table, columns: int, twips: list[int], styles: dict[str, str],
              part: tuple[int, int, int] | None = None, index: int = 0, parts: int = 1,
              next_headless: bool = False) -> str:
    """A report table, or the part `part` of it (form_parts: body rows start…end, the first of them up to `body` its
    head; the part `index` of `parts`), as a w:tbl element: 宋体 9 pt through the table styles, as wide as the text with fixed column widths
    (LibreOffice ignores widths of an autofit table), a colspan as gridSpan, a rowspan as vMerge.

    The header rows, or the part's head, repeat at the top of each page the table runs on to (w:tblHeader); no row
    is cut by a page (w:cantSplit); and the rows the PDF keeps on one page (row_groups: a table's opening rows,
    rows a rowspan joins, a heading row with its neighbours, a part's head with its first rows) keep with the next
    (w:keepNext on their paragraphs), so that a table's title and first rows are never left at a page's foot; a
    form's first part keeps with the next part as a whole (keeps_with_next_part)."""
    start, head, end = part or (0, 0, len(table.body))
    first, last = index == 0, index == parts - 1
    rows = (table.header if first else []) + table.body[start:end]
    header_rows = len(table.header) if first and table.header else head - start
    shaded = len(table.header) if first else 0  # a form's head: its rows as they were in the body
    keep = set(_kept_rows(rows, header_rows, part_opening(index, head > start)))
    if keeps_with_next_part(index, parts, next_headless):  # its last row too, with the paragraph joining it to the next part
        keep.add(len(rows) - 1)
    grid = _grid(rows, columns)
    # cell margins of 1 mm, the PDF's 3 pt: Word's default 1.9 mm left a 16 mm column 12 mm of text, and
    # 项目名称 / 一级指标 broke after three characters
    out = [(f'<w:tbl {_W}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="pct" w:w="5000"/>'
            f'<w:jc w:val="center"/>{_borders(first, last)}<w:tblLayout w:type="fixed"/><w:tblCellMar>'
            f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" '
            'w:noVBand="1"/></w:tblPr><w:tblGrid>'),
           "".join(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"]
    for r, row in enumerate(grid):
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if r < header_rows
                   else "<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        column = 0
        while column < columns:
            cell, span, merge = row.get(column, (None, 1, ""))
            width = sum(twips[column:column + span])
            properties = f'<w:tcW w:w="{width}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
            properties += {"": "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[merge]
            paragraph = _cell_paragraph(cell, r < shaded, styles, merge, r in keep, _room(width))
            out.append(f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraph}</w:tc>")
            column += span
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _borders(first: bool, last: bool) -> str:
    """A part's rules where it meets the part before or after it half as wide (0.25 pt): the two meet 0.05 pt apart
    (_join) and read as one rule of the table's width (0.5 pt), not two; a part that begins or ends a page keeps its
    thinner rule there. Nothing for a table of one part, which keeps its style's rules."""
    if first and last:
        return ""
    rules = {"top": _RULE if first else _HALF_RULE, "left": _RULE, "bottom": _RULE if last else _HALF_RULE,
             "right": _RULE, "insideH": _RULE, "insideV": _RULE}
    return "<w:tblBorders>" + "".join(f'<w:{edge} w:val="single" w:sz="{size}" w:space="0" w:color="auto"/>'
                                      for edge, size in rules.items()) + "</w:tblBorders>"


_RULE, _HALF_RULE = 4, 2  # eighths of a point: TableGrid's 0.5 pt rule, and half of it


def _grid(rows: list, columns: int) -> list[dict[int, tuple]]:
    """Per row, grid column → (cell or None, columns spanned, vertical merge: "", "restart" or "continue")."""
    grid: list[dict[int, tuple]] = [{} for _ in rows]
    for r, placed in enumerate(placements(rows)):
        for column, cell in placed:
            if column >= columns or column in grid[r]:
                continue  # a cell past the table's last column, or on one a rowspan from above holds
            span = min(cell.colspan, columns - column)
            down = min(cell.rowspan, len(rows) - r)
            grid[r][column] = (cell, span, "restart" if down > 1 else "")
            for below in range(r + 1, r + down):
                grid[below][column] = (None, span, "continue")
    for row in grid:  # columns no cell reaches: an empty cell each, so that every row fills the grid
        covered = {c + k for c, (_, span, _) in row.items() for k in range(span)}
        row.update({c: (None, 1, "") for c in range(columns) if c not in covered})
    return grid


def _kept_rows(rows: list, header_rows: int, opening: int) -> list[int]:
    """The rows that keep with the row after them: the header rows, and within the rows below them each of the
    PDF's row groups (row_groups) but its last row."""
    groups = row_groups(rows[header_rows:], opening)
    return list(range(header_rows)) + [header_rows + r for start, end in groups for r in range(start, end - 1)]


def _room(width: int) -> float:
    """The ems of table text (9 pt, 180 twips an em) a line of a cell `width` twips wide holds: less its margins and
    2 pt (40 twips) to spare, as the PDF's cells keep from their right rule."""
    return (width - 2 * CELL_MARGIN - 40) / 180


def _cell_paragraph(cell, header: bool, styles: dict[str, str], merge: str, keep: bool = False,
                    room: float | None = None) -> str:
    keep_next = "<w:keepNext/>" if keep else ""
    if cell is None:
        return f'<w:p><w:pPr><w:pStyle w:val="{styles["left"]}"/>{keep_next}</w:pPr></w:p>'
    align = "right" if cell.is_number else "center" if header or cell.align == "center" else "left"
    bold = "<w:rPr><w:b/></w:rPr>" if cell.bold or header else ""
    return (f'<w:p><w:pPr><w:pStyle w:val="{styles[align]}"/>{keep_next}</w:pPr>'
            f'<w:r>{bold}{_text(_cell_text(cell, room))}</w:r></w:p>')


def _cell_text(cell, room: float | None) -> str:
    """A cell's text, each figure held to its unit where they fit the cell's line (joining_figures), as the
    narrative holds them: a figure cell of the kinds table_layout rounds has no unit."""
    text = format_cell(cell)
    return text if cell.is_number else joining_figures(text, room)


def docx_bytes(report: Report) -> bytes:
    return _Writer(report).write()
