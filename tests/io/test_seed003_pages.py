"""What a new user saw on the pages of seed 003's 自评报告 (通城县人力资源和社会保障局 2023), each as it is now."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal as D

import msgspec
import openpyxl
import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from weasyprint.formatting_structure import boxes

from jixiao.core import labels
from jixiao.core.reports import tables
from jixiao.core.reports.model import Chart
from jixiao.io import charts, documents
from jixiao.io.documents import render, report_for
from jixiao.io.html_report import laid_out
from jixiao.io.table_layout import HEADED_ROWS, OPENING_ROWS
from jixiao.io.typography import WORD_JOINER, html_keeping_figures
from jixiao.io.xlsx_writer import LINE_POINTS, ROW_POINTS

RATE_NOTE = "注：未填写调整后预算数，不计算执行率。"


@pytest.fixture(scope="module")
def made(library, tongcheng):
    return {fmt: render(tongcheng, library, fmt).content for fmt in ("pdf", "docx", "xlsx")}


@pytest.fixture(scope="module")
def pages(library, tongcheng):
    return laid_out(report_for(tongcheng, library)).pages


def _blocks(page) -> list[list[str]]:
    """The lines of each paragraph or cell of a laid-out page."""
    found: list[list[str]] = []

    def walk(box):
        if isinstance(box, boxes.MarginBox):
            return
        lines = [child for child in getattr(box, "children", None) or [] if isinstance(child, boxes.LineBox)]
        if lines:
            # without the break opportunities (<wbr/>, a zero-width space) that print nothing
            found.append(["".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox)).replace("\u200b", "")
                          for line in lines])
            return
        for child in getattr(box, "children", None) or []:
            walk(child)

    walk(page._page_box)
    return found


# 1. "“优”项目⏎26个": Pango held “ ” to both neighbours (UAX #14 QU), so 26个，“良”项目 could not be parted
def test_a_line_breaks_before_an_opening_quote_not_before_its_figure(pages):
    lines = next(block for page in pages for block in _blocks(page) if any("评优率为" in line for line in block))
    assert "从评价情况看，项目支出评价等级为“优”项目26个，" in lines
    assert not any(line.endswith("项目") for line in lines[:-1])


def test_quotes_get_a_break_opportunity_and_figures_keep_theirs():
    html = html_keeping_figures("等级为“优”项目26个，“良”项目0个")
    assert html == '等级为<wbr/>“优”<wbr/>项目<span class="nb">26个</span>，<wbr/>“良”<wbr/>项目<span class="nb">0个</span>'
    assert html_keeping_figures("（“三公”经费）") == "（“三公”<wbr/>经费）"  # none after an opening bracket


# 2. 执行率 = 决算 ÷ 调整后预算: seed 003 states 年初预算 and 决算 only
def test_no_rate_without_an_adjusted_budget_and_a_note_says_why(tongcheng):
    table = tables.budget_execution_table(tongcheng)
    first = table.body[0]
    assert [first[0].value, first[1].value, first[2].value, first[3].value] == ["部门整体支出", D("2366.08"), None, D("2820.06")]
    assert [row[4].value for row in table.body] == ["—"] * 5
    assert table.note == RATE_NOTE


def test_a_rate_where_the_adjusted_budget_is_stated(tongcheng):
    total = msgspec.structs.replace(tongcheng.budget.total, budget_adjusted=D("2820.06"))
    evaluation = msgspec.structs.replace(tongcheng, budget=msgspec.structs.replace(tongcheng.budget, total=total))
    table = tables.budget_execution_table(evaluation)
    assert table.body[0][4].value == D("100") and table.body[0][4].kind == "percent"
    assert table.body[1][4].value == "—" and table.note == RATE_NOTE  # 基本支出 still has none


def test_the_rate_dash_and_note_in_every_format(made, tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(made["pdf"])
    pdf = subprocess.run(["pdftotext", "-layout", "-l", "1", str(path), "-"], capture_output=True, text=True).stdout
    assert RATE_NOTE in pdf
    assert "2366.08" in pdf and next(line for line in pdf.splitlines() if "部门整体支出" in line).rstrip().endswith("—")
    word = Docx(io.BytesIO(made["docx"]))
    budget = next(t for t in word.tables if t.rows[0].cells[-1].text == "执行率")
    assert [row.cells[-1].text for row in budget.rows[1:]] == ["—"] * 5
    assert RATE_NOTE in [p.text for p in word.paragraphs]
    sheet = openpyxl.load_workbook(io.BytesIO(made["xlsx"]))["预算执行"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert values.count("—") == 5 and RATE_NOTE in values


# 3. 图2 收入决算结构: one part, all 一般公共预算财政拨款
def test_a_one_part_pie_is_small_and_has_no_legend():
    chart = Chart("pie", "图 2 收入决算结构", ["一般公共预算财政拨款", "上年结转"], [("收入", [D("2820.06"), D("0")])], unit="万元")
    drawing = charts.layout(chart)
    assert drawing.height < charts.HEIGHT / 2
    assert [type(s).__name__ for s in drawing.shapes].count("Wedge") == 1
    assert not [s for s in drawing.shapes if isinstance(s, charts.Rect)]  # no legend swatch
    words = [s.text for s in drawing.shapes if isinstance(s, charts.Text)]
    assert words == ["图 2 收入决算结构", "一般公共预算财政拨款 2820.06 万元（100.00%）"]
    several = charts.layout(Chart("pie", "构成", ["甲", "乙"], [("支出", [D(1), D(3)])], unit="万元"))
    assert several.height == charts.HEIGHT and len([s for s in several.shapes if isinstance(s, charts.Rect)]) == 2


def test_seed_003s_income_pie_in_the_pdf_is_half_as_tall_as_the_others(pages):
    figures = {}

    def texts(box):
        yield from [box.text] if isinstance(box, boxes.TextBox) else []
        for child in getattr(box, "children", None) or []:
            yield from texts(child)

    def walk(box):
        if getattr(box, "element_tag", None) == "figure":
            figures[next(texts(box))] = box.height  # its first words: the chart's title
        else:
            for child in getattr(box, "children", None) or []:
                walk(child)

    for page in pages:
        walk(page._page_box)
    assert figures["图 2 收入决算结构"] < 0.55 * figures["图 3 支出决算结构"]
    assert figures["图 3 支出决算结构"] == figures["图 1 支出决算总计变动情况"]


# 4. Word: a table's caption on the page of its table
def test_word_captions_keep_with_their_table(made):
    body = Docx(io.BytesIO(made["docx"])).element.body
    captions = {"".join(t.text for t in table.getprevious().iter(qn("w:t"))): table.getprevious()
                for table in body.iter(qn("w:tbl")) if table.getparent() is body}
    captions.pop("", None)  # the empty paragraph between two parts of a form (test 9), no caption
    assert "年度支出和结余情况（万元）" in captions and "2023 年度部门整体绩效自评表" in captions
    loose = [text for text, p in captions.items() if p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is None]
    assert loose == []


def _word_tables(made) -> list[tuple[str, list]]:
    """Each table of the .docx's body as (the title over it, its parts): a part after the first follows the one
    before with only an empty paragraph between them."""
    body = Docx(io.BytesIO(made["docx"])).element.body
    found: list[tuple[str, list]] = []
    for table in body.iterchildren(qn("w:tbl")):
        before = table.getprevious()
        said = "".join(t.text for t in before.iter(qn("w:t")))
        if said or before.getprevious() is None or before.getprevious().tag != qn("w:tbl"):
            found.append((said, [table]))
        else:
            found[-1][1].append(table)
    return found


def _row_texts(part) -> list[str]:
    return ["".join(t.text for t in row.iter(qn("w:t"))) for row in part.iterchildren(qn("w:tr"))]


def _keeps(row) -> bool:
    return all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in row.iter(qn("w:p")))


@pytest.fixture(scope="module")
def word_pdf(made, tmp_path_factory):
    """The .docx as LibreOffice prints it (a PDF file)."""
    from ..support.recalc import convert

    folder = tmp_path_factory.mktemp("word")
    (folder / "report.docx").write_bytes(made["docx"])
    (pdf,) = convert([folder / "report.docx"], folder, "pdf", "打印 Word 报告")
    return pdf


@pytest.fixture(scope="module")
def word_pages(word_pdf):
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(word_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


# 8. Word: a project table's title and 项目名称 at a page's foot, the rest of the table overleaf (a trial). Its
# opening rows keep with the next, as the PDF keeps them on one page (OPENING_ROWS), and no row is cut by a page.
def test_word_tables_keep_their_opening_rows_with_their_title(made):
    tables = _word_tables(made)
    projects = [parts for title, parts in tables if title.endswith("项目自评表")]
    assert len(projects) == 8
    for title, parts in tables:
        rows = list(parts[0].iterchildren(qn("w:tr")))
        opening = min(OPENING_ROWS, len(rows)) - 1
        assert all(_keeps(row) for row in rows[:opening]), title
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
                   for part in parts for row in part.iterchildren(qn("w:tr"))), title


def test_libreoffice_starts_a_project_table_where_its_opening_rows_fit(word_pages):
    """Before: 农民工工资清欠… and 扩面征缴… ended pages 15 and 17 with 项目名称 to 项目属性, 预算执行 overleaf."""
    titles = 0
    for page in word_pages:
        for at, line in enumerate(page):
            if line.endswith("项目自评表") and "年度项目" not in line:  # a table's title, not the part's heading
                titles += 1
                assert any(below.startswith("预算执行") for below in page[at:]), line
    assert titles == 8


# 9. Word: a page the department table ran on to began with indicator rows and no headings (a trial). A form is
# written as one table per run of indicators (form_parts, as the PDF prints it), each part's label and headings
# its header rows, which Word and LibreOffice repeat on each page the part runs on to.
def test_word_forms_are_one_table_per_run_of_indicators_their_headings_the_header(made, library, tongcheng):
    report = report_for(tongcheng, library)
    model = next(t for t in report.tables if t.key == "department-table")
    parts = dict(_word_tables(made))[model.title]
    # its identity block, each goal's indicators, and the rows after them (总分 …), which no headings head
    assert len(parts) == 1 + len(tongcheng.goals) + 1 == 9
    assert sum(len(_row_texts(part)) for part in parts) == len(model.body)
    headings = "一级指标二级指标三级指标年初目标值（A）实际完成值（B）分值得分偏差原因"
    assert _row_texts(parts[-1])[0].startswith("总分")
    assert [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") for row in parts[-1].iterchildren(qn("w:tr"))] == [None] * 3
    for goal, part in enumerate(parts[1:-1], start=1):
        rows = list(part.iterchildren(qn("w:tr")))
        header = [row for row in rows if row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
        assert header == rows[:2]
        assert _row_texts(part)[0].startswith(f"年度目标 {goal}（") and _row_texts(part)[1] == headings
    assert [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") for row in parts[0].iterchildren(qn("w:tr"))] == [None] * 3
    joins = [part.getprevious() for part in parts[1:]]  # an empty paragraph, or Word joins the tables
    assert all(p.tag == qn("w:p") and not "".join(p.itertext()) for p in joins)


def test_libreoffice_begins_each_page_a_form_runs_on_to_with_its_headings(word_pages):
    """Before: pages 9 to 12 began with 效益指标 or 产出指标 rows of the department table."""
    indicator = ("产出指标", "效益指标", "满意度指标", "满意度指")
    assert [i + 1 for i, page in enumerate(word_pages) if page and page[0].startswith(indicator)] == []
    continued = [page[:2] for page in word_pages if page and page[0].startswith(("年度目标", "年度绩效指标"))]
    assert len(continued) >= 4 and all(second.startswith("一级指标") or first.startswith("年度目标")
                                      for first, second in continued)


# 11. Word: where two parts of a form meet, a double rule 1 pt apart (a trial). The paragraph between them is 1 twip
# (0.05 pt) high, and the rules facing each other are half the table's (0.25 pt of 0.5 pt): together one rule. A part
# that begins or ends a page keeps its own rule there.
def _rules(part) -> dict[str, str]:
    return {edge.tag.split("}")[1]: edge.get(qn("w:sz"))
            for edge in part.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}")}


def test_word_parts_of_a_form_meet_on_one_rule(made):
    tables = _word_tables(made)
    forms = [parts for _, parts in tables if len(parts) > 1]
    assert len(forms) == 9  # the department table and 8 project tables
    for parts in forms:
        joins = [part.getprevious() for part in parts[1:]]
        spacing = [p.find(f"{qn('w:pPr')}/{qn('w:spacing')}") for p in joins]
        assert {(s.get(qn("w:lineRule")), s.get(qn("w:line"))) for s in spacing} == {("exact", "1")}
        rules = [_rules(part) for part in parts]
        middle = [("2", "2")] * (len(parts) - 2)
        assert [(r["top"], r["bottom"]) for r in rules] == [("4", "2"), *middle, ("2", "4")]
        assert all(r["left"] == r["right"] == r["insideH"] == r["insideV"] == "4" for r in rules)
    one_part = next(parts for title, parts in tables if title == "年度支出和结余情况（万元）")
    assert len(one_part) == 1 and one_part[0].find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}") is None  # its style's


def _horizontal_rules(pdf) -> list[list[tuple[float, float]]]:
    """Per page, (centre, width) in points of each horizontal rule as wide as a table (300 pt or more)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [sorted((round((line["top"] + line["bottom"]) / 2, 3), line["linewidth"]) for line in page.lines
                       if line["x1"] - line["x0"] > 300 and line["bottom"] - line["top"] < 1)
                for page in document.pages]


def test_libreoffice_draws_where_two_parts_meet_one_rule(word_pdf):
    """Before: 12 double rules on seed 003's pages, two rules of 0.5 pt 1.5 pt apart (1 pt of white between them).
    Now each join is two rules of 0.25 pt at most 0.1 pt of white apart: one band no wider than a rule of 0.6 pt."""
    joins, doubles = 0, []
    for number, rules in enumerate(_horizontal_rules(word_pdf), 1):
        for (y1, w1), (y2, w2) in zip(rules, rules[1:]):
            if y2 - y1 < 3:  # closer than any two rows
                joins += 1
                white, band = y2 - y1 - (w1 + w2) / 2, y2 - y1 + (w1 + w2) / 2
                if white > 0.1 or band > 0.65:
                    doubles.append((number, y1, round(white, 2), round(band, 2)))
    assert joins >= 10 and doubles == []


# 12. A form's first part (its identity block, 项目名称 … 预算执行) at a page's foot, its indicators overleaf: LibreOffice
# ended pages 16 and 18 so (社会保险基金监督…, 保存人事关系…), and the PDF can too. The part keeps with the next part's
# head and first indicators (table_layout: keeps_with_next_part, part_opening); its 总分 and the rows after it, a
# last part without a head, keep whole and with the indicators before them (trial 13: one began a page alone).
def test_word_keeps_a_forms_first_part_with_its_headings_and_first_indicators(made):
    forms = [(title, parts) for title, parts in _word_tables(made) if len(parts) > 1]
    for title, (first, second, *later) in forms:
        assert all(_keeps(row) for row in first.iterchildren(qn("w:tr"))), title  # its last row too
        join = second.getprevious()
        assert join.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, title
        rows = list(second.iterchildren(qn("w:tr")))
        head = [row for row in rows if row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
        kept = len(head) + HEADED_ROWS - 1  # the head, and the indicators but the last of the first HEADED_ROWS
        assert [_keeps(row) for row in rows[:kept + 1]] == [True] * kept + [False], title
        for part in later:  # a later part with a head may begin a page: its join does not keep; the tail keeps
            headed = part.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
            keeps = part.getprevious().find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
            assert keeps != headed, title
        tail = later[-1] if later else second
        assert tail.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:tblHeader')}") is None, title  # 总分 … without a head
        assert all(_keeps(row) for row in list(tail.iterchildren(qn("w:tr")))[:-1]), title  # and whole


def test_libreoffice_prints_a_project_tables_opening_with_its_first_indicators(word_pages):
    indicator = ("产出指标", "效益指标", "满意度指标", "满意度指")
    checked = 0
    for page in word_pages:
        for at, line in enumerate(page):
            if line.endswith("项目自评表") and "年度项目" not in line:
                below = page[at:]
                assert any(row.startswith("年度绩效指标") for row in below), line
                assert sum(row.startswith(indicator) for row in below) >= HEADED_ROWS, line
                checked += 1
    assert checked == 8


# 13. Word: “2547.2077 万元” in a table cell could end a line with 2547.2077 万 and begin the next with 元. A table
# cell's figure is held to its unit by word joiners, as the narrative's are, where the two fit the cell's line.
def test_word_table_cells_hold_figures_to_their_units(made):
    body = Docx(io.BytesIO(made["docx"])).element.body
    texts = ["".join(t.text for t in cell.iter(qn("w:t"))) for table in body.iter(qn("w:tbl"))
             for cell in table.iter(qn("w:tc"))]
    joined = "2547.2077" + WORD_JOINER + " " + WORD_JOINER + "万" + WORD_JOINER + "元"
    # 年初目标值 and 实际完成值 in the department table, 实际完成值 in its project's table; its target is stated without
    # a space (2547.2077万元)
    assert texts.count(joined) == 3 and texts.count("2547.2077" + WORD_JOINER + "万" + WORD_JOINER + "元") == 1
    assert "250" + WORD_JOINER + " " + WORD_JOINER + "例" in texts
    assert "≥" + WORD_JOINER + "90" + WORD_JOINER + "%" in texts
    assert "2547.2077 万元" not in texts


def test_a_figure_is_held_to_its_unit_as_far_as_the_line_holds_them():
    from jixiao.io.docx_writer import _room
    from jixiao.io.typography import joining_figures

    def shown(text, room):
        return joining_figures(text, room).replace(WORD_JOINER, "|")

    # the department table's 年初目标值 column (1460 twips): 7.26 ems of 9 pt, “2547.2077 万元” 7.07
    assert round(_room(1460), 2) == 7.26 and shown("2547.2077 万元", _room(1460)) == "2547.2077| |万|元"
    assert shown("2547.2077 万元", 5.5) == "2547.2077 万|元"  # parted between figure and unit only, as the PDF
    assert shown("2547.2077 万元", 3) == "2547.2077 万元"  # the figure alone is wider: Word breaks it where it must
    assert shown("实际受理317例，全部处理", 4) == "实际受理317|例，全部处理"
    assert shown("250 例", None) == joining_figures("250 例").replace(WORD_JOINER, "|") == "250| |例"


def test_the_cells_joiners_are_not_read_back(made):
    from jixiao.io.extract.readers import docx_text
    from jixiao.io.layout.docx import read_docx

    tables = [block for block in read_docx("报告.docx", made["docx"]).blocks if hasattr(block, "cells")]
    cells = [cell.text for table in tables for cell in table.cells]
    assert cells.count("2547.2077 万元") == 3 and cells.count("2547.2077万元") == 1
    assert not any(WORD_JOINER in text for text in cells)
    assert "2547.2077 万元\t2547.2077 万元" in docx_text(made["docx"])


# 5. Excel: each row as tall as its text wraps in 宋体 10 pt
def test_project_summary_rows_are_one_line_unless_their_name_needs_two(made):
    sheet = openpyxl.load_workbook(io.BytesIO(made["xlsx"]))["项目自评结果"]
    heights = {row[0].value: sheet.row_dimensions[row[0].row].height for row in sheet.iter_rows(min_row=3)
               if isinstance(row[0].value, int)}
    assert len(heights) == 26
    assert sheet.cell(3, 2).value == "通城县人力资源和社会保障局（本级）"
    # 通城县人力资源和社会保障局（本级） and 事业单位公开招聘工作人员及引进高层次人才考试招聘费 fit one line; only
    # 城乡居民养老保险 2022 年提高缴费年限养老金、丧抚费增加县级配套资金 needs two (xlsxwriter rounds to whole pixels)
    one = heights[1]
    assert ROW_POINTS <= one < ROW_POINTS + 1
    assert [n for n, h in heights.items() if h != one] == [24] and heights[24] >= 2 * LINE_POINTS


# 6. 年度目标 4（15 分）: its number on the line of 年度目标
def test_a_goals_label_keeps_its_number_in_the_pdf(pages):
    cells = [block for page in pages for block in _blocks(page) if block and block[0].startswith("年度目标") and "分）" in block[-1]]
    # each of the 7 goals, and again at the top of a page its indicators run on to (their table's head)
    assert [cells[0] for cells in dict.fromkeys(map(tuple, cells))] == [f"年度目标 {n}" for n in range(1, 8)]
    assert ["年度目标 4", "（15 分）"] in cells
    assert all(len(block) == 2 for block in cells)


# 7. one word for a demo's documents and the web
def test_generated_is_defined_once():
    from jixiao.web.organisations.models import GENERATED, GENERATED_OPTION

    assert documents.GENERATED is labels.GENERATED is GENERATED and GENERATED == "演示生成"
    assert GENERATED_OPTION == "（演示生成）"



# 10. Word: 三级指标 wrapped to 4-5 lines beside an empty, wide 偏差原因 (a trial)
def test_word_gives_the_indicator_names_the_room_of_the_empty_reason_column(made):
    """Characters of 宋体 9 pt (180 twips) a line of each column holds, less the cell's margins (57 twips a side)."""
    def per_line(part) -> list[int]:
        return [(int(col.get(qn("w:w"))) - 114) // 180 for col in part.iter(qn("w:gridCol"))]

    tables = dict(_word_tables(made))
    department = per_line(tables["2023 年度部门整体绩效自评表"][0])
    project = per_line(tables["农民工工资清欠专项工作经费项目自评表"][0])
    assert department[2] == 7 and project[2] == 8  # 三级指标: 6 and 7 before
    assert department[7] == project[7] == 4  # 偏差原因 on one line
    assert min(department[5:7] + project[5:7]) >= 3  # 分值, 得分: “100.00” (6 figures of half an em)
