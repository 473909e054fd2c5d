"""Where the PDF's pages end, read from the laid-out pages: no heading or table title left at a page's foot with its
content on the next page, no figure split from its unit across two lines, no rows a rowspan joins cut by a page."""

from __future__ import annotations

import re

import pytest
from weasyprint.formatting_structure import boxes

from jixiao.core.engine import score_evaluation
from jixiao.core.reports.model import Cell
from jixiao.core.reports.shapes import build_report
from jixiao.io.html_report import laid_out
from jixiao.io.table_layout import row_groups

HEADINGS = {"h2", "h3", "h4", "h5", "caption"}
BLOCKS = HEADINGS | {"p", "td", "th", "figure"}
UNIT_FIRST = re.compile(r"^(?:个|万元|元|分|人|例|份|天|日|次|项|%)")


def _content(page) -> list[tuple[str | None, str]]:
    """(tag of the nearest heading, paragraph, cell or figure, text) of everything on a page, in reading order;
    an image counts as content with no text. The page number in the margin is not content."""
    found: list[tuple[str | None, str]] = []

    def walk(box, tag):
        if isinstance(box, boxes.MarginBox):
            return
        tag = box.element_tag if getattr(box, "element_tag", None) in BLOCKS else tag
        if isinstance(box, boxes.TextBox):
            found.append((tag, box.text))
        elif isinstance(box, boxes.ReplacedBox):
            found.append(("figure", ""))
        for child in getattr(box, "children", None) or []:
            walk(child, tag)

    walk(page._page_box, None)
    return found


def _lines_by_block(page) -> list[list[str]]:
    """The lines of each paragraph or cell on a page."""
    blocks: list[list[str]] = []

    def walk(box):
        if isinstance(box, boxes.MarginBox):
            return
        lines = [child for child in getattr(box, "children", None) or [] if isinstance(child, boxes.LineBox)]
        if lines:
            blocks.append(["".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox)) for line in lines])
            return
        for child in getattr(box, "children", None) or []:
            walk(child)

    walk(page._page_box)
    return blocks


@pytest.fixture(scope="module")
def documents(library, tongcheng, changli, jingzhou):
    """The shapes in which a title was stranded or a figure broken before (seed 003 S4: 年度收入情况（万元）at the foot of
    page 1; seed 000 S1: “优”项目37 / 个)."""
    wanted = {"003-S1": (tongcheng, "S1"), "003-S4": (tongcheng, "S4"), "003-S5": (tongcheng, "S5"),
              "000-S1": (changli, "S1"), "000-S4": (changli, "S4"), "002-S5": (jingzhou, "S5")}
    return {name: laid_out(build_report(e, score_evaluation(e, library), shape=shape))
            for name, (e, shape) in wanted.items()}


def test_no_heading_or_table_title_ends_a_page(documents):
    stranded = []
    for name, document in documents.items():
        for number, page in enumerate(document.pages[:-1], 1):
            content = _content(page)
            if content and content[-1][0] in HEADINGS:
                stranded.append((name, number, content[-1][1]))
    assert stranded == []


def test_a_figure_stays_on_one_line_with_its_unit(documents):
    broken = []
    for name, document in documents.items():
        for number, page in enumerate(document.pages, 1):
            for lines in _lines_by_block(page):
                broken += [(name, number, f"{a[-8:]} / {b[:4]}") for a, b in zip(lines, lines[1:])
                           if re.search(r"\d$", a) and UNIT_FIRST.match(b)]
    assert broken == []


def test_a_tables_title_and_its_first_rows_share_a_page(documents):
    # seed 003 S4: the department table began at the foot of page 8 and its execution row, under a two-row label,
    # was cut in half by the page break
    pages = [" ".join(text for _, text in _content(page)) for page in documents["003-S4"].pages]
    [page] = [p for p in pages if "2023 年度部门整体绩效自评表" in p and "单位名称" in p]
    assert "21468.30" in page and "100.00%" in page


def test_rows_joined_by_a_rowspan_are_one_group():
    label = Cell("预算执行情况", kind="text", bold=True, rowspan=2)
    rows = [[Cell("单位名称", kind="text", bold=True), Cell("某局", kind="text")],
            [label, Cell("预算数", kind="text", bold=True)],
            [Cell(1, kind="wan")],
            [Cell("合计", kind="text")], [Cell("说明", kind="text")]]
    rows += [[Cell(f"指标{n}", kind="text"), Cell(n, kind="int")] for n in range(4)]
    # the first row joins the rowspan's two rows, and the table's opening runs join up to six rows (trial 10: a
    # project table's three identity rows were left alone at a page's foot); later rows each may end a page
    assert row_groups(rows) == [(0, 6), (6, 7), (7, 8), (8, 9)]
    assert row_groups(rows[:4]) == [(0, 4)]


def _overflowing_numbers(page) -> list[str]:
    """The figures in table cells of a page whose text runs past the cell's content box (into the next cell)."""
    out: list[str] = []

    def walk(box):
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.TableCellBox) and "num" in (box.element.get("class") or "").split():
            right = box.content_box_x() + box.width
            texts = [t for t in box.descendants() if isinstance(t, boxes.TextBox)]
            out.extend(t.text for t in texts if t.position_x + t.width > right + 0.01)
            return
        for child in getattr(box, "children", None) or []:
            walk(child)

    walk(page._page_box)
    return out


def test_every_figure_fits_its_cell(documents):
    # seed 003 S4: the project tables' 总分 row printed “100.00” over the grade beside it (“100.00优”)
    overflowing = [(name, number, text) for name, document in documents.items()
                   for number, page in enumerate(document.pages, 1) for text in _overflowing_numbers(page)]
    assert overflowing == []


def _cells_lines(page) -> list[tuple[list[str], float]]:
    """Each table cell of a page: its lines, and how far its text runs past the cell's padding box less 1 pt (> 0:
    the text touches or crosses the cell's rule)."""
    out: list[tuple[list[str], float]] = []

    def walk(box):
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.TableCellBox):
            lines = [line for line in box.descendants() if isinstance(line, boxes.LineBox)]
            texts = [t for t in box.descendants() if isinstance(t, boxes.TextBox)]
            edge = box.content_box_x() + box.width + box.padding_right - 1
            over = max((t.position_x + t.width - edge for t in texts), default=0.0)
            out.append((["".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox)) for line in lines],
                        over))
            return
        for child in getattr(box, "children", None) or []:
            walk(child)

    walk(page._page_box)
    return out


def test_an_amount_in_a_cell_keeps_its_unit_on_its_line(documents):
    # seed 003: 农民工工资清欠涉及金额's target, “2547.2077 万元”, printed as “2547.2077 万” / “元” in the department
    # table's 年初目标值 column
    amounts, broken, over = [], [], []
    for name, document in documents.items():
        for number, page in enumerate(document.pages, 1):
            for lines, past in _cells_lines(page):
                text = "".join(lines)
                if re.fullmatch(r"2547\.2077 ?万元", text):
                    amounts.append((name, number, lines))
                    over += [(name, number, text, past)] if past > 0 else []
                broken += [(name, number, f"{a} / {b}") for a, b in zip(lines, lines[1:])
                           if re.search(r"\d\s*[万亿千百]?$", a) and re.match(r"[万亿元个人例份次项%]", b)]
    assert amounts and all(len(lines) == 1 for _, _, lines in amounts), amounts
    assert broken == [] and over == []


def _continued_tables(pdf: bytes) -> list[tuple[int, list[str]]]:
    """(page, first row) of each table a page begins with, no title or text above it: a table run on from the page
    before. The PDF as written, read back by pdfplumber; a cell's text without its line breaks."""
    import io

    import pdfplumber

    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages[1:], 2):
            tables = page.find_tables()
            if not tables:
                continue
            top = min(tables, key=lambda table: table.bbox[1])
            if any(word["bottom"] <= top.bbox[1] for word in page.extract_words()):
                continue  # a table that begins on this page, under its title
            found.append((number, ["".join((cell or "").split()) for cell in top.extract()[0]]))
    return found


def test_a_forms_indicators_run_on_to_a_page_under_their_headings(documents):
    """Seed 003 S4: the project tables and the department table ran on to the next page with an indicator's row at
    its top, their headings left on the page before (a body row of the form, which WeasyPrint does not repeat).
    Each run of indicators is now a table of its own, headed by its label and headings; the rows after them (总分,
    偏差大或…, 改进措施…) keep with the last indicators, so that no page begins with them."""
    body_rows = ("产出指标", "效益指标", "满意度指标", "成本指标")
    firsts = [(name, number, row) for name in ("003-S4", "003-S5") for number, row in
              _continued_tables(documents[name].write_pdf())]
    assert [(name, number, row[0]) for name, number, row in firsts if row[0].startswith(body_rows)] == []
    # the project tables' 年度绩效指标 and the department table's goals, each over the headings
    # two project tables ran on to pages 18 and 20 with only 改进措施及结果应用方案, under 年度绩效指标 and the headings
    # repeated (trial 12), then with that row alone, naming no project (trial 13): now with indicators above it
    tails = ("总分", "偏差大或", "改进措施")
    assert [(name, row[0]) for name, _, row in firsts if row[0].startswith(tails)] == []
    assert any(re.fullmatch(r"年度目标\d+（\d+分）", row[0]) for _, _, row in firsts)


def _page_texts(document) -> list[str]:
    return ["".join(box.text for box in page._page_box.descendants() if isinstance(box, boxes.TextBox))
            for page in document.pages]


@pytest.mark.parametrize("lines", [16, 17])
def test_a_forms_opening_part_keeps_with_its_first_indicators(library, tongcheng, lines):
    """Seed 003's 农民工工资清欠 project table under `lines` paragraphs of two lines: before, its title and opening rows
    (项目名称 … 预算执行) ended the page, 年度绩效指标 and every indicator on the next. Its first part keeps with the
    next part's head and first HEADED_ROWS indicators (table.keeps; tr.kn, as a row group that avoids breaks first in
    a table with a thead is cut by WeasyPrint rather than moved), or the whole goes to the next page."""
    from jixiao.core.reports.model import Paragraph, Report, Section
    from jixiao.io.html_report import table_html
    from jixiao.io.table_layout import HEADED_ROWS

    result = score_evaluation(tongcheng, library)
    table = next(t for t in build_report(tongcheng, result, shape="S4").tables if t.title.startswith("农民工工资清欠"))
    html = table_html(table)
    assert html.count("<table class='continues keeps'>") == 1 and html.count("<tr class='kn'>") == HEADED_ROWS - 1
    filler = [Paragraph(f"第{n}段，两行文字，把表格推向页脚：看表格的开头是否独自留在页面的最下方，而指标在下一页。")
              for n in range(1, lines + 1)]
    pages = _page_texts(laid_out(Report("S4", "测试", sections=[Section("", 1, filler + [table])])))
    page = next(text for text in pages if table.title in text)
    opening = page[page.index(table.title):]
    assert "年度绩效指标" in opening and opening.count("产出指标") >= HEADED_ROWS  # the first three are 产出指标


@pytest.mark.parametrize("lines", [22, 23, 32])
def test_the_rows_after_a_forms_indicators_keep_with_its_last_indicators(library, tongcheng, lines):
    """Seed 003's 农民工工资清欠 project table under `lines` one-line paragraphs: its 总分, 偏差大或目标未完成原因分析
    or 改进措施及结果应用方案 row began the next page under the repeated 年度绩效指标 and 一级指标 … 偏差原因, headings
    of no indicator there (trial 12); made a part without a head, it began a page alone, naming no project (trial
    13). Those rows are a last part of the form without a head, kept whole and with the indicators above them: where
    the page breaks, it breaks among the indicators, under their repeated headings."""
    from jixiao.core.reports.model import Paragraph, Report, Section
    from jixiao.io.html_report import table_html

    result = score_evaluation(tongcheng, library)
    table = next(t for t in build_report(tongcheng, result, shape="S4").tables if t.title.startswith("农民工工资清欠"))
    assert [cell.value for cell in table.body[table.tail_row]][0] == "总分"
    tables = table_html(table).split("<table")
    last = tables[-1]  # the tail: its own table, continuing the form's, with no thead; the one before keeps with it
    assert last.startswith(" class='continued'>") and "<thead>" not in last
    assert "keeps" in tables[-2].split(">")[0]
    assert re.findall(r"<td[^>]*>(总分|偏差大或目标未完成原因分析|改进措施及结果应用方案)</td>", last) == [
        "总分", "偏差大或目标未完成原因分析", "改进措施及结果应用方案"]
    filler = [Paragraph(f"第{n}段。") for n in range(1, lines + 1)]
    pages = _page_texts(laid_out(Report("S4", "测试", sections=[Section("", 1, filler + [table])])))
    tail = ("总分100100.00优", "偏差大或目标未完成原因分析", "改进措施及结果应用方案")
    assert not any(page.startswith(tail) for page in pages), [page[:40] for page in pages]
    ends = next(page for page in pages if tail[0] in page)
    assert all(row in ends for row in tail)  # the three together
    assert 0 <= ends.find("一级指标") < ends.index(tail[0])  # under the indicators' headings, first or repeated
