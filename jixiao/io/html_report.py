"""A report as one HTML page styled for print (GB/T 9704 on A4), the source of the PDF and of the web preview."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from jixiao.core.reports.model import Chart, PageBreak, Paragraph, Report, Section, Signature, Table
from jixiao.core.reports.widths import column_shares, column_widths

from . import charts
from .table_layout import form_parts, format_cell, headless, keeps_with_next_part, part_opening, placements, row_groups
from .typography import html_keeping_figures, html_one_figure, is_one_figure, typeset

CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
        @bottom-center { content: "— " counter(page) " —"; font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 14pt; } }
body { font-family: "FangSong", "仿宋_GB2312", "仿宋", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 28pt; color: #000; }
h1.title { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "Noto Serif CJK SC", serif; font-weight: 700; font-size: 22pt;
           line-height: 36pt; text-align: center; margin: 0 0 28pt; }
.subtitle { text-align: center; font-family: "KaiTi", "楷体_GB2312", "Noto Serif CJK SC", serif; }
p.note { text-align: center; text-indent: 0; font-size: 14pt; margin: 0 0 14pt; font-family: "KaiTi", "楷体_GB2312", "Noto Serif CJK SC", serif; }
h2, h3, h4, h5 { font-size: 16pt; margin: 0; text-indent: 2em; page-break-after: avoid; break-after: avoid; }
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-weight: 400; }
h3 { font-family: "KaiTi", "楷体_GB2312", "Noto Serif CJK SC", serif; font-weight: 400; }
h4 { font-weight: 700; } h5 { font-weight: 400; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.right { text-align: right; }
p.signed { break-before: avoid; page-break-before: avoid; }  /* the signature never alone at a page's top */
table { border-collapse: separate; border-spacing: 0; border: 0.3pt solid #000; box-decoration-break: clone; width: 100%; table-layout: fixed; margin: 6pt 0 14pt; font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif;
        font-size: 9pt; line-height: 13pt; page-break-inside: auto; }
caption { font-family: "SimHei", "黑体", "Noto Sans CJK SC", sans-serif; font-size: 12pt; line-height: 20pt; padding-bottom: 4pt;
          break-after: avoid; }  /* a table's title never ends a page without the table's first rows */
tr, tbody.keep { break-inside: avoid; page-break-inside: avoid; }  /* no row, nor rows a rowspan joins, cut by a page */
tr.kn { break-after: avoid; page-break-after: avoid; }  /* a part's first rows under its head (_body_html) */
p.table-note { font-family: "SimSun", "宋体", "Noto Serif CJK SC", serif; font-size: 9pt; line-height: 13pt;
               text-indent: 0; margin: -10pt 0 14pt; break-before: avoid; }  /* under its table, in the table's type */
p.figures-note { font-size: 10.5pt; line-height: 16pt; text-indent: 0; margin: 0 0 8pt; }  /* under stated figures */
.nb { white-space: nowrap; }  /* a figure and its unit: “25 个” is never broken into “25” / “个” */
th, td { border: 0.3pt solid #000; padding: 2pt 3pt; vertical-align: middle; overflow-wrap: anywhere; }
/* each rule 0.6pt as two halves, a cell's own 0.3pt beside its neighbour's or the table's: the same lines as collapsed
   borders, drawn as one rectangle per cell where collapsing resolved and drew every side of every cell on its own */
thead { display: table-header-group; }
/* a form's parts (table_html) as one table: a part that goes on ends without its bottom margin, and the next begins
   0.6 pt higher, its top rule (the table's and its first row's 0.3 pt) drawn over the last row's; at a page's top
   that margin, as any, is dropped and the part's top rule stands alone. */
table.continues { margin-bottom: 0; }
table.continued { margin-top: -0.6pt; }
table.keeps { break-after: avoid; page-break-after: avoid; }  /* a form's identity block with its first indicators */
th { font-weight: 700; background: #f0f0f0; text-align: center; }
td.num { text-align: right; white-space: nowrap; } td.b { font-weight: 700; } td.c { text-align: center; }
figure { margin: 8pt 0; page-break-inside: avoid; }
.chart { position: relative; margin: 0 auto; }
.chart svg { display: block; }
.chart span { position: absolute; white-space: nowrap; line-height: 1; color: #222;
              font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei", sans-serif; }
.cover { page-break-after: always; padding-top: 60mm; }
.cover h1 { margin-bottom: 60pt; } .cover p { text-indent: 0; margin-left: 20mm; }
.cover .issuer { text-align: center; margin: 80pt 0 0; }
.break { page-break-after: always; }
.signature p { text-indent: 0; } .signature table { font-size: 11pt; } .signature td { height: 24pt; }
"""


def report_html(report: Report) -> str:
    """The report as HTML, its charts inline SVG: the same page for WeasyPrint and for a browser. Written as
    well-formed XML too (void elements closed), so that the PDF's parser can be the XML one (`_tree`)."""
    parts = ["<!DOCTYPE html><html lang='zh-Hans'><head><meta charset='utf-8'/>",
             f"<title>{escape(report.title)}</title><style>{CSS}{_page_mark_css(report.page_mark)}</style></head><body>"]
    if report.cover is not None:
        cover = report.cover
        parts.append(f"<section class='cover'><h1 class='title'>{escape(cover.title)}</h1>")
        parts += [f"<p>{escape(label)}：{escape(value)}</p>" for label, value in cover.lines]
        if cover.issuer:
            parts.append(f"<p class='issuer'>{escape(cover.issuer)}</p>")
        parts.append("</section>")
    else:
        parts.append(f"<h1 class='title'>{escape(report.title)}</h1>")
        if report.subtitle:
            parts.append(f"<p class='subtitle'>{escape(report.subtitle)}</p>")
        if report.note:
            parts.append(f"<p class='note'>{escape(report.note)}</p>")
    for section in report.sections:
        parts.append(_section(section))
    for line in (report.signed, report.date):
        if line:
            parts.append(f"<p class='right signed'>{escape(line)}</p>")
    for annex in report.annexes:  # 附件 follow the signed body, each from a new page
        parts.append("<div class='break'></div>" + _section(annex))
    parts.append("</body></html>")
    return "".join(parts)


def _page_mark_css(mark: str) -> str:
    """A marked report's mark (演示生成：…) at the top of every printed page, in the margin above the text: a page
    printed or copied on its own says it too. Nothing for a real report, whose pages stay as they were."""
    if not mark:
        return ""
    return ("@page { @top-center { content: " + _css_string(mark) + "; vertical-align: bottom; padding-bottom: 8mm; "
            'font-family: "KaiTi", "楷体_GB2312", "Noto Serif CJK SC", serif; font-size: 12pt; color: #000; } }')


def _css_string(text: str) -> str:
    """`text` as a CSS string: quotes, backslashes, line ends and what the page's XML parser would take for markup
    (< &) as CSS escapes."""
    return '"' + "".join(f"\\{ord(ch):x} " if ch in '"\\<>&' or ord(ch) < 0x20 else ch for ch in text) + '"'


def _section(section: Section) -> str:
    out = []
    if section.heading:
        level = min(max(section.level, 1), 4) + 1
        out.append(f"<h{level}>{escape(section.heading)}</h{level}>")
    for block in section.blocks:
        if isinstance(block, Section):
            out.append(_section(block))
        elif isinstance(block, Paragraph) and block.style == "note":  # a note on figures above: as a table's note
            out.append(f"<p class='figures-note'>{escape(block.text)}</p>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{html_keeping_figures(typeset(block.text))}</p>")
        elif isinstance(block, Table):
            out.append(table_html(block))
        elif isinstance(block, Chart):
            # shapes as inline SVG, words as text of the page in its CJK font (charts.html says why)
            out.append(f"<figure>{charts.html(block, width_mm=150)}</figure>")
        elif isinstance(block, Signature):
            out.append(_signature(block))
        elif isinstance(block, PageBreak):
            out.append("<div class='break'></div>")
    return "".join(out)


def table_html(table: Table) -> str:
    """A table; a form (no header, its indicator headings a row of its body) as one table per run of indicators, its
    headings and the row over them (年度绩效指标, or the goal's) in a <thead>: a page the indicators run on to begins
    with them, as a header repeats (WeasyPrint repeats a thead, never a body row). The parts join as one table: no
    gap, each rule once, the same columns."""
    widths = column_widths(table)
    # fixed layout from the table's own widths: measuring every cell's text for an automatic layout is slow
    colgroup = "<colgroup>" + "".join(f"<col style='width:{p:.2f}%'/>" for p in column_percents(table)) + "</colgroup>"
    parts = form_parts(table)
    out = []
    for i, (start, body, end) in enumerate(parts):
        joins = " ".join(c for c in ("continued" if i else "", "continues" if i < len(parts) - 1 else "",
                                     "keeps" if keeps_with_next_part(i, len(parts), headless(parts, i + 1)) else "") if c)
        out.append(f"<table class='{joins}'>" if joins else "<table>")
        if i == 0:
            out.append(f"<caption>{escape(table.title)}</caption>")
        out.append(colgroup)
        if table.header:
            out.append("<thead>" + "".join("<tr>" + "".join(_cell(c, "th") for c in row) + "</tr>"
                                           for row in table.header) + "</thead>")
        elif body > start:  # the rows as they were in the body: bold, unshaded
            out.append("<thead>" + _rows_html(table.body[start:body], widths) + "</thead>")
        # a table's opening rows, or a later part's first indicators under its head, on one page (part_opening)
        headed = bool(table.header) or body > start
        out.append(_body_html(table.body[body:end], widths, part_opening(i, body > start), headed=headed))
        out.append("</table>")
    if table.note:  # e.g. 尾差: the total is computed from figures the rows show rounded
        out.append(f"<p class='table-note'>{escape(table.note)}</p>")
    return "".join(out)


def column_percents(table: Table) -> list[float]:
    """The table's columns in percent of its width, by the share of it the core gives each (widths.py), as Word
    gives it (docx_writer.column_twips)."""
    return [share * 100 for share in column_shares(table)]


def _rows_html(rows: list[list], widths: list[float], joined: int = 0) -> str:
    """The rows as <tr>, the first `joined` of them kept with the row after them (tr.kn)."""
    return "".join(("<tr class='kn'>" if r < joined else "<tr>") +
                   "".join(_cell(c, "td", _room(widths, column, c.colspan)) for column, c in row) + "</tr>"
                   for r, row in enumerate(placements(rows)))


def _body_html(rows: list[list], widths: list[float], opening: int, headed: bool = False) -> str:
    out = []
    loose = False  # inside a tbody of rows that may each end a page
    for start, end in row_groups(rows, opening):
        # rows a rowspan joins are one group that no page break may cut (a label above, its figures on the next
        # page); so is the first group with the next row, so that a table never starts with one row at a page's foot.
        # Rows between such groups share one tbody: a page may end after any of them all the same, with fewer boxes.
        # Under a head (`headed`: the table has a thead) the first group is kept row by row instead: WeasyPrint lays
        # out a table's first row group that avoids breaks inside as on an empty page, and cut it rather than move
        # the table, head and all, to the next page.
        by_rows = headed and start == 0
        keep = end - start > 1 and not by_rows
        if keep or not loose:
            out.append(("</tbody>" if loose else "") + ("<tbody class='keep'>" if keep else "<tbody>"))
        out.append(_rows_html(rows[start:end], widths, end - start - 1 if by_rows else 0))
        if keep:
            out.append("</tbody>")
        loose = not keep
    out.append("</tbody>" if loose else "")
    return "".join(out)


# The table's text, 9 pt, in columns sharing the A4 page's 156 mm between its 28 and 26 mm margins, less the body's
# 8 px a side (WeasyPrint's user-agent stylesheet) and the table's own rules (0.3 pt a side)
TABLE_POINTS, TABLE_WIDTH_POINTS = 9, 156 / 25.4 * 72 - 12 - 0.6


def _room(widths: list[float], column: int, colspan: int) -> float:
    """The ems of table text a line of the cell holds, up to 2 pt from its right rule: its columns' share of the
    table less the rules (0.3 pt a side), the left padding (3 pt) and those 2 points — a figure with its unit may
    take a point of the right padding rather than break."""
    share = sum(widths[column:column + colspan]) / sum(widths) * TABLE_WIDTH_POINTS
    return (share - 0.6 - 3 - 2) / TABLE_POINTS


def _cell(cell, tag: str, room: float | None = None) -> str:
    spans = (f" colspan='{cell.colspan}'" if cell.colspan > 1 else "") + (f" rowspan='{cell.rowspan}'" if cell.rowspan > 1 else "")
    classes = " ".join(c for c in ("num" if cell.is_number else "", "b" if cell.bold and tag == "td" else "",
                                   "c" if cell.align == "center" and tag == "td" else "") if c)
    text = format_cell(cell)
    # a cell holding just one figure (2547.2077 万元) keeps it whole when the column holds it, or else breaks it only
    # between the figure and its unit (html_one_figure); in a sentence, a figure and its unit are never broken
    content = (escape(text) if cell.is_number else html_one_figure(text, room) if is_one_figure(text)
               else html_keeping_figures(text))
    content = content.replace("\n", "<br/>")  # a cell's own lines, as the .docx keeps them (w:br)
    return f"<{tag}{spans}{f' class={chr(39)}{classes}{chr(39)}' if classes else ''}>{content}</{tag}>"


def _signature(signature: Signature) -> str:
    out = [f"<div class='signature'><p>{escape(signature.title)}</p>"]
    if signature.rows:
        out.append("<table><tbody>" + "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>"
                                              for row in signature.rows) + "</tbody></table>")
    if signature.closing:
        out.append(f"<p class='right'>{escape(signature.closing)}</p>")
    out.append("</div>")
    return "".join(out)


def laid_out(report: Report):
    """The report laid out on its pages (a WeasyPrint Document): what the PDF prints, and what tests read to see
    where each page ends. Nothing is fetched from outside: the charts are inline SVG, anything else is refused."""
    charts.font_family()  # the page text needs a CJK font as much as the charts do: FontMissing when there is none

    def fetch(url: str, *args, **kwargs):
        raise ValueError(f"不允许访问外部资源：{url}")

    return _report_html_class()(string=report_html(report), url_fetcher=fetch).render()


@lru_cache(maxsize=1)
def _report_html_class():
    """WeasyPrint's HTML, changed in two ways that leave the pages as they were:

    - its user-agent stylesheet less the rules for pseudo-elements of every element (::marker, ::footnote-call,
      ::note-call …): a report has no lists and no footnotes, yet those rules gave each of its thousands of elements
      six pseudo-element styles to compute — 40% of the layout's time;
    - the page parsed by the XML parser written in C (`_tree`), not the HTML5 one written in Python.

    If a WeasyPrint release moves these names, the plain HTML class is used (slower, same result)."""
    import cssselect2

    from .weasyprint_ffi import import_weasyprint

    import_weasyprint()  # before `from weasyprint import …`: C declarations from the cache (weasyprint_ffi says why)
    from weasyprint import CSS, HTML

    try:
        from weasyprint.html import UA, UA_COUNTER_STYLE
    except ImportError:  # pragma: no cover - a WeasyPrint whose internals moved
        return HTML
    # the counter styles are already in UA_COUNTER_STYLE, from WeasyPrint's own parse of the same sheet
    sheet = CSS(string="\n".join(line for line in UA.splitlines()
                                 if not line.lstrip().startswith(("::", "@counter-style"))),
                counter_style=UA_COUNTER_STYLE)

    class ReportHTML(HTML):
        def __init__(self, string: str, url_fetcher):
            root = _tree(string)
            super().__init__(string="<html></html>" if root is not None else string, url_fetcher=url_fetcher)
            if root is not None:
                self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
                self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms=False):
            return [sheet]

    return ReportHTML


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _tree(html: str):
    """The page as an element tree, by the XML parser; None if it is not well-formed (then the HTML5 parser reads
    it). Characters XML cannot hold (a NUL typed into a form) are left out; a PDF cannot show them either."""
    from xml.etree.ElementTree import ParseError, XMLParser

    parser = XMLParser()
    try:
        parser.feed(_NOT_XML.sub("", html))
        return parser.close()
    except ParseError:
        return None


def pdf_bytes(report: Report) -> bytes:
    """The report as a PDF with the Chinese fonts embedded (subset)."""
    return laid_out(report).write_pdf()
