"""A marked document (演示生成) says so on every printed page, not only under the heading of its first: a page of the
PDF, of the printed workbook or of the printed Word file, read or copied on its own, carries the mark in its header.
A real document has no such header: its pages are as they were."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document as Docx

from jixiao.io.documents import render

from ..support.printed import printed_pages

MARK = ("演示生成", "演示用的部门，由示例数据按种子文件的结构生成，并非真实部门")
HEADER = "演示生成：演示用的部门，由示例数据按种子文件的结构生成，并非真实部门"


def pdf_pages(content: bytes) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def first_line(page: str) -> str:
    return next(line for line in page.splitlines() if line.strip()).strip()


@pytest.fixture(scope="module")
def marked(library, tongcheng):
    return {fmt: render(tongcheng, library, fmt, mark=MARK).content for fmt in ("pdf", "xlsx", "docx")}


@pytest.fixture(scope="module")
def plain(library, tongcheng):
    return {fmt: render(tongcheng, library, fmt).content for fmt in ("pdf", "xlsx", "docx")}


def test_every_page_of_a_marked_pdf_opens_with_the_mark(marked, plain):
    pages = pdf_pages(marked["pdf"])
    assert len(pages) > 10  # 通城's S4: the cover, the tables, the annexes
    assert [first_line(page) for page in pages] == [HEADER] * len(pages)
    # the heading still says it, and the note is still the line under it, as before
    assert "（演示生成）" in pages[0] and MARK[1] in pages[0].replace(HEADER, "")
    unmarked = pdf_pages(plain["pdf"])
    assert not any("演示" in page for page in unmarked)
    assert len(unmarked) == len(pages)  # the header stands in the top margin: no page runs on further


def test_every_printed_page_of_a_marked_workbook_opens_with_the_mark(marked, plain):
    book = openpyxl.load_workbook(io.BytesIO(marked["xlsx"]))
    sheets = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert len(sheets) > 5
    assert all(sheet.oddHeader.center.text == HEADER for sheet in sheets)
    pages = printed_pages(marked["xlsx"])  # as LibreOffice prints it: each sheet's pages, 部门整体自评表's five
    assert len(pages) > len(sheets)
    assert [first_line(page) for page in pages] == [HEADER] * len(pages)
    real = openpyxl.load_workbook(io.BytesIO(plain["xlsx"]))
    assert all(sheet.oddHeader.center.text is None for sheet in real.worksheets)  # no header, as before


def test_every_printed_page_of_a_marked_word_file_opens_with_the_mark(marked, plain):
    section = Docx(io.BytesIO(marked["docx"])).sections[0]
    assert [p.text for p in section.header.paragraphs] == [HEADER]
    pages = printed_pages(marked["docx"], "docx")
    assert len(pages) > 10
    assert [first_line(page) for page in pages] == [HEADER] * len(pages)
    real = Docx(io.BytesIO(plain["docx"])).sections[0]
    assert real.header.is_linked_to_previous  # no header of its own, as before


def test_a_mark_with_quotes_and_markup_is_printed_as_written(library, jingzhou):
    """The PDF's header is a CSS string inside the page's <style>: quotes, a backslash, < and & are written as
    escapes, so they neither end the string nor make the page unreadable as XML."""
    mark = ("演示生成", 'A "B" \\ <C> & D')
    pages = pdf_pages(render(jingzhou, library, "pdf", mark=mark).content)
    assert {first_line(page) for page in pages} == {'演示生成：A "B" \\ <C> & D'}


def test_a_workbook_header_beginning_with_a_figure_or_holding_an_ampersand_is_printed_as_written():
    """Excel's header codes: &10 sets the size (a figure right after it would be read as more of the size) and & starts
    a code (a literal one is &&)."""
    from jixiao.core.reports.model import Report, Table, text
    from jixiao.io.xlsx_writer import workbook_bytes

    report = Report("xlsx", "表", page_mark="2023 演示生成：A & B")
    report.tables = [Table("表", [], [[text("甲"), text("乙")]], sheet="表")]
    assert [first_line(page) for page in printed_pages(workbook_bytes(report))] == ["2023 演示生成：A & B"]
