"""What a reader says about a file it cannot read: in Chinese, what is wrong with the file, never the name of the
exception a library raised (a broken PDF once said "PDF 文件无法读取：PdfStreamError"); an empty file is refused."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from jixiao.cli import main
from jixiao.io.documents import render
from jixiao.io.extract.audit import audit_bytes, read_workbook
from jixiao.io.extract.readers import UploadError, text_of


def message(library, name: str, content: bytes) -> str:
    with pytest.raises(UploadError) as refused:
        audit_bytes(name, content, library)
    return str(refused.value)


def no_exception_names(text: str) -> bool:
    """No identifier a library would use (PdfStreamError, KeyError, BadZipFile, Expecting value …)."""
    return not re.search(r"[A-Za-z]*(Error|Exception)\b|[a-z][A-Z]|\b[A-Z][a-z]+[A-Z]|[a-z]{4,} [a-z]{3,}", text)


def test_a_broken_pdf_says_it_is_damaged(library, jingzhou):
    content = render(jingzhou, library, "pdf", shape="S3").content
    for broken in (b"%PDF-1.7\n%%EOF", b"%PDF-1.4\n1 0 obj\n<< /Length 99999 >>\nstream\nxx", content[: len(content) // 3]):
        said = message(library, "报告.pdf", broken)
        assert "文件已损坏或不是有效的 PDF" in said and no_exception_names(said), said


def test_a_broken_word_file_says_it_is_damaged(library):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types")
        archive.writestr("word/document.xml", b"<w:document")
    said = message(library, "报告.docx", buffer.getvalue())
    assert "文件已损坏或不是有效的 Word 文件" in said and no_exception_names(said), said


def test_a_damaged_data_sheet_names_the_cell_without_the_parser_s_english(library, changli):
    book = openpyxl.load_workbook(io.BytesIO(render(changli, library, "xlsx").content))
    book["_jixiao"]["A2"] = book["_jixiao"]["A2"].value[:-40]
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UploadError) as refused:
        read_workbook(buffer.getvalue())
    said = str(refused.value)
    assert "单元格 A2" in said and no_exception_names(said), said


@pytest.mark.parametrize("name", ["x.docx", "x.pdf", "x.xlsx", "x.txt"])
@pytest.mark.parametrize("content", [b"\x00\x01\x02 not a document", b"PK\x03\x04truncated", b"%PDF-1.7\n%%EOF",
                                     b"PK\x05\x06" + b"\x00" * 18])
def test_no_reader_message_names_an_exception(library, name, content):
    try:
        audit_bytes(name, content, library)
    except UploadError as error:
        assert no_exception_names(str(error)), str(error)


@pytest.mark.parametrize("name", ["空.txt", "空.docx", "空.pdf", "空.xlsx"])
@pytest.mark.parametrize("content", [b"", b"  \r\n\t\n"])
def test_an_empty_file_is_refused_as_empty(library, name, content):
    assert "文件为空" in message(library, name, content)


def test_a_text_file_of_a_byte_order_mark_and_full_width_spaces_is_empty(library):
    assert "文件为空" in message(library, "空.txt", "\ufeff\u3000\n\u3000".encode())
    assert "文件为空" in message(library, "空.txt", "\u3000 \n".encode("gb18030"))


def test_a_word_file_without_any_text_is_refused_as_empty(library):
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    with pytest.raises(UploadError, match="文件为空"):
        text_of("空白.docx", buffer.getvalue())


def test_the_command_says_an_empty_file_is_empty(capsys, tmp_path):
    empty = tmp_path / "空报告.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    code = main(["audit", str(empty)])
    _, err = capsys.readouterr()
    assert code == 2 and "文件为空" in err and "Traceback" not in err


def test_the_command_refuses_more_text_than_the_extractor_takes(capsys, tmp_path):
    """More text than the extractor takes was a ValueError outside the readers, which `jixiao audit` did not catch."""
    from jixiao.io.extract.text_source import MAX_TEXT_CHARS

    big = tmp_path / "大.txt"
    big.write_bytes(b"a" * (MAX_TEXT_CHARS + 1))
    code = main(["audit", str(big)])
    _, err = capsys.readouterr()
    assert code == 2 and "百万字" in err and "Traceback" not in err


def test_a_workbook_whose_zip_needs_an_unknown_version_is_refused_as_damaged(library):
    """Found by bench/fuzz.py: a zip whose central directory asks for version 7.6 raised NotImplementedError while
    the audit asked whether the workbook was jixiao's own."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    content = bytearray(buffer.getvalue())
    central = content.find(b"PK\x01\x02")
    content[central + 6:central + 8] = (76).to_bytes(2, "little")  # version needed to extract: 7.6
    with pytest.raises(UploadError) as refused:
        audit_bytes("表.xlsx", bytes(content), library)
    assert "Excel 文件已损坏" in str(refused.value)
