"""Word and Excel: merged cells as spans, captions, heading levels, workbook values as a person sees them."""

from __future__ import annotations

import io

import openpyxl

from jixiao.io.layout import read
from jixiao.io.layout.sheet import number

from .support import DEV


def layout(name: str):
    return read(name, (DEV / name).read_bytes())


def test_yunnan_docx_vertically_merged_levels_are_one_cell_with_rowspan():
    result = layout("yunnan-framework-2023-questionnaire.docx")
    framework = result.tables()[0]
    grid = framework.grid()
    decision = grid[1][0]
    assert decision.text == "A 决策（35分）" and decision.rowspan == 5
    assert all(grid[r][0] is decision for r in range(1, 6))
    target = grid[1][1]
    assert target.text == "A1 目标设定" and target.rowspan == 2
    assert grid[1][2].text == "A11 绩效目标合理性" and grid[1][2].source.cell == "表 1 第 2 行第 3 列"
    assert framework.caption == "部门整体支出绩效评价指标体系及评分表"


def test_yunnan_docx_contents_removed_and_headings_once():
    result = layout("yunnan-framework-2023-questionnaire.docx")
    assert "目录 8 行" in result.removed
    titles = [h.text for h in result.headings()]
    assert titles.count("部门概况") == 1 and titles.count("改进建议") == 1
    assert not any("……" in p.text for p in result.paragraphs())
    levels = {h.text: h.level for h in result.headings()}
    assert levels["部门概况"] == 1


def test_docx_horizontal_merges_are_colspans():
    table = layout("hubei-project-2023.docx").tables()[0]
    name = table.grid()[0][1]
    assert name.text == "困难职工帮扶救助资金" and name.colspan == 9


def test_doc_is_converted_and_read():
    result = layout("henan-narrative-2022.doc")
    assert result.kind == "doc" and result.tables()


def test_xlsx_merged_ranges_are_spans_with_sheet_addresses():
    result = layout("hubei-dept-2022.xlsx")
    (table,) = result.tables()
    assert table.caption == "部门整体绩效自评表"
    grid = table.grid()
    block = grid[2][0]
    assert block.text == "年度预算执行情况（万元）" and block.rowspan == 4
    assert block.source.sheet == "部门整体绩效自评表" and block.source.cell == "A3"
    assert grid[3][1:7] == [grid[3][1]] + grid[3][2:7]
    assert [c.text for c in grid[3][1:8]] == ["年度资金总额", "2480.5", "2615.3", "2615.3", "20", "100.00%", "20"]


def test_xls_sheets_each_a_table():
    result = layout("hunan-dept-2022.xls")
    assert result.kind == "xls"
    assert [t.caption for t in result.tables()] == ["基本情况", "收支情况", "绩效目标"]
    merged = result.tables()[0].grid()[0][0]
    assert merged.colspan == 4


def test_numbers_shown_as_a_person_reads_them():
    assert number(40.0) == "40"
    assert number(0.95, "0.00%") == "95.00%"
    assert number(0.5, "0.00") == "0.50"
    assert number(12.34) == "12.34"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["C1"] = "执行率", 0.9517, 40.0
    sheet["B1"].number_format = "0.00%"
    import datetime

    sheet["D1"] = datetime.datetime(2023, 3, 5)
    buffer = io.BytesIO()
    book.save(buffer)
    result = read("book.xlsx", buffer.getvalue())
    assert result.tables()[0].text_rows() == [["执行率", "95.17%", "40", "2023-03-05"]]


def test_formulas_without_saved_results_are_listed_unread():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "自评表"
    sheet["A1"], sheet["B1"], sheet["C1"] = "年度资金总额", 120, "=B1*2"
    buffer = io.BytesIO()
    book.save(buffer)
    result = read("book.xlsx", buffer.getvalue())
    assert result.tables()[0].text_rows() == [["年度资金总额", "120"]]
    assert result.unread == ["工作表“自评表”有 1 个公式单元格没有保存计算结果，读作空白（请在 Excel 或 WPS 中打开后保存，再上传）"]


def test_word_automatic_numbering_gives_heading_levels():
    import docx
    from docx.oxml import parse_xml

    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {namespace} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {namespace} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {namespace}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    numbered("基本情况", 0)
    numbered("部门职能", 1)
    numbered("预算情况", 1)
    document.add_paragraph("正文。")
    numbered("绩效分析", 0)
    numbered("产出", 1)
    buffer = io.BytesIO()
    document.save(buffer)
    headings = read("n.docx", buffer.getvalue()).headings()
    assert [(h.numbering, h.level, h.text) for h in headings] == [
        ("一、", 1, "基本情况"), ("（一）", 2, "部门职能"), ("（二）", 2, "预算情况"), ("二、", 1, "绩效分析"),
        ("（一）", 2, "产出")]


def test_wps_names_read_by_content():
    """WPS Office saves its spreadsheets (.et) and documents (.wps) in the binary Office formats."""
    sheet = read("report.et", (DEV / "xinjiang-project-2023.xls").read_bytes())
    assert sheet.kind == "et" and sheet.tables()[0].grid()[1][1].text == "牧区草原防火物资购置"
    words = read("report.wps", (DEV / "henan-narrative-2022.doc").read_bytes())
    assert words.kind == "doc" and words.tables()


def test_doc_ending_with_a_table_keeps_its_table():
    """LibreOffice reads back a .doc whose text ends with a table (no paragraph after it, as LibreOffice writes one
    from such a .docx) as one paragraph of every cell run together; the table is read from the .doc itself, its
    merged cells as spans."""
    result = layout("guangdong-project-2024.doc")
    (table,) = result.tables()
    assert table.caption == "项目支出绩效自评表（2024年度）"
    rows = table.text_rows()
    row = next(r for r in rows if "培训基层医务人员人次" in r)
    at = row.index("培训基层医务人员人次")
    assert row[at + 1:at + 5] == ["15", "≥400人次", "360人次", "13.5"]
    grid = table.grid()
    assert grid[0][1].colspan == 9 and grid[9][0].text == "绩效指标" and grid[9][0].rowspan == 7
    assert not any("基层就诊人次占比" in p.text for p in result.paragraphs())


def test_doc_reader_refuses_what_is_not_word97():
    import pytest

    from jixiao.io.layout.word97 import NotWord97, tables

    with pytest.raises(NotWord97):
        tables(b"not a compound file" * 40)
