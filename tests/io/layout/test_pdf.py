"""Text PDFs: tables from ruling lines with merged cells as spans, a table continued on the next page joined."""

from __future__ import annotations

from jixiao.io.layout import read

from .support import DEV


def layout(name: str):
    return read(name, (DEV / name).read_bytes())


def test_gansu_table_continues_on_page_two_and_merged_cells_span():
    result = layout("gansu-dept-2021.pdf")
    assert result.kind == "pdf"
    (table,) = result.tables()
    grid = table.grid()
    block = grid[1][0]
    assert block.text == "年度预算执行情况（万元）" and block.rowspan == 4  # its wrapped line joined
    assert grid[0][1].text == "陇西川县民政局" and grid[0][1].colspan == 4
    assert [c.text for c in grid[2][1:8]] == ["年度资金总额", "3260.4", "3410.8", "3352.6", "10", "98.29%", "9.83"]
    last = grid[-1]
    assert last[0].text == "偏差原因分析" and last[0].source.page == 2
    assert table.caption == "2021年度部门整体支出绩效自评表"


def test_gansu_note_below_the_table_is_one_paragraph_across_its_line_break():
    result = layout("gansu-dept-2021.pdf")
    note = result.paragraphs()[-1]
    assert note.text.startswith("填表说明：1.得分85分（含）以上为优秀")
    assert "执行率超过100%的按100%计算。" in note.text and note.source.page == 2


def test_guizhou_indicator_rows():
    table = layout("guizhou-project-2022.pdf").tables()[0]
    rows = table.text_rows()
    assert ["产出指标", "数量指标", "培训农村劳动力人数", "15", "≥500人", "420人", "12.6"] == rows[10][1:8]


def test_running_header_and_page_numbers_of_a_pdf_removed_and_paragraphs_joined_across_pages(tmp_path):
    """A Word report with a running header and "— n —" footers, printed to PDF by LibreOffice."""
    import shutil
    import subprocess

    import docx
    import pytest
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    title = "某县财政局2023年度部门整体支出绩效自评报告"
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = title
    footer = section.footer.paragraphs[0]
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" —")
    document.add_paragraph("一、基本情况")
    sentence = "本局预算执行情况良好，各项工作按计划推进，绩效目标基本完成，群众满意度较高，相关制度建设进一步完善。"
    for i in range(60):
        document.add_paragraph(f"第{i + 1}段：全年支出{100 + i}.5万元，{sentence}")
    document.save(tmp_path / "report.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "report.docx")], capture_output=True, timeout=120)
    result = read("report.pdf", (tmp_path / "report.pdf").read_bytes())
    pages = {p.source.page for p in result.paragraphs()}
    assert len(pages) >= 3
    assert any(r.startswith("页码 ") for r in result.removed)
    assert any(title in r for r in result.removed)
    texts = [p.text for p in result.paragraphs()]
    assert texts.count(title) == 1  # kept once, as the first page's header
    body = texts[1:]
    assert len(body) == 60 and all(t.endswith("完善。") for t in body)  # none cut at a page break
    assert not any("—" in t for t in texts)


def test_a_scanned_page_inside_a_text_pdf_is_read_by_ocr(tmp_path):
    import shutil
    import subprocess

    import pytest

    if not (shutil.which("pdfunite") and shutil.which("tesseract")):
        pytest.skip("poppler-utils or tesseract-ocr is not installed")
    mixed = tmp_path / "mixed.pdf"
    subprocess.run(["pdfunite", str(DEV / "guizhou-project-2022.pdf"), str(DEV / "zhejiang-project-2022-scan.pdf"),
                    str(mixed)], check=True)
    result = read("mixed.pdf", mixed.read_bytes())
    assert result.kind == "pdf" and [t.source.page for t in result.tables()] == [1, 2]
    scanned = {cell.text for cell in result.tables()[1].cells}
    assert "钱湾县综合行政执法局" in scanned and "88.89" in scanned


def test_the_yunnan_report_printed_to_pdf_reads_as_its_word_file(tmp_path):
    """Paragraphs joined back across their line breaks, title apart from the text under it, contents removed."""
    import re
    import shutil
    import subprocess

    import pytest

    from jixiao.io.layout import Table

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    name = "yunnan-framework-2023-questionnaire"
    shutil.copy(DEV / f"{name}.docx", tmp_path)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / f"{name}.docx")], capture_output=True,
                   timeout=120)
    printed = read(f"{name}.pdf", (tmp_path / f"{name}.pdf").read_bytes())
    word = layout(f"{name}.docx")

    def texts(result):
        return [re.sub(r"\s+", "", b.text) for b in result.blocks if not isinstance(b, Table)]

    assert texts(printed) == texts(word)
    assert printed.removed == word.removed == ["目录 8 行"]
    assert [t.shape[1] for t in printed.tables()] == [t.shape[1] for t in word.tables()]


def test_a_table_drawn_without_ruling_lines_is_rebuilt_from_word_positions(tmp_path):
    """A borderless Word table printed to PDF: an empty cell stays empty (the next cell keeps its column) and a name
    wrapped by its cell's width is one cell. Names and figures invented for this test."""
    import shutil
    import subprocess

    import docx
    import pytest

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    rows = [["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"],
            ["产出指标", "数量指标", "新建村级文化广场个数", "20", "≥8个", "7个", "17.5"],
            ["", "", "送戏下乡场次", "20", "≥40场", "42场", "20"],
            ["", "质量指标", "设施验收合格率", "10", "100%", "100%", "10"],
            ["满意度指标", "服务对象满意度指标", "村民满意度", "10", "≥85%", "88%", "10"]]
    document = docx.Document()
    document.add_paragraph("一、绩效指标完成情况")
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))  # the default style draws no lines
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    document.add_paragraph("以上指标由县文化和旅游局据实填报。")
    document.save(tmp_path / "borderless.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(tmp_path / "borderless.docx")], capture_output=True,
                   timeout=120)
    result = read("borderless.pdf", (tmp_path / "borderless.pdf").read_bytes())
    (table,) = result.tables()
    assert table.text_rows() == rows
    assert result.paragraphs()[-1].text == "以上指标由县文化和旅游局据实填报。"
