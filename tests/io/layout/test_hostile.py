"""Hostile and broken input: a clear Chinese UploadError, never a traceback."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from jixiao.io.layout import UploadError, read

from .support import DEV

EXTENSIONS = [".docx", ".doc", ".wps", ".xlsx", ".xls", ".et", ".pdf", ".png", ".jpg", ".tif", ".txt", ".md", ".html"]


def chinese(message: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in message)


@pytest.mark.parametrize("suffix", EXTENSIONS)
def test_empty_bytes(suffix):
    with pytest.raises(UploadError) as error:
        read(f"report{suffix}", b"")
    assert chinese(str(error.value))


@pytest.mark.parametrize("suffix", EXTENSIONS)
def test_random_bytes(suffix):
    junk = os.urandom(5000)
    with pytest.raises(UploadError) as error:
        read(f"report{suffix}", b"\x00\x01" + junk)
    assert chinese(str(error.value))


def test_zip_bomb_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * 250_000_000)
    for suffix in (".docx", ".xlsx"):
        with pytest.raises(UploadError) as error:
            read(f"bomb{suffix}", buffer.getvalue())
        assert "压缩炸弹" in str(error.value) or "过大" in str(error.value)


def test_truncated_docx_and_xlsx():
    for name in ("hebei-narrative-2021-s1.docx", "hubei-dept-2022.xlsx"):
        content = (DEV / name).read_bytes()
        with pytest.raises(UploadError) as error:
            read(name, content[: len(content) // 2])
        assert "已损坏" in str(error.value)


def test_unsupported_extension():
    with pytest.raises(UploadError) as error:
        read("report.exe", b"MZ....")
    assert "不支持的文件类型" in str(error.value)


def test_office_names_on_web_pages_and_text_exports():
    page = "<html><body><table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>12.5</td></tr></table></body></html>"
    assert read("export.xls", page.encode()).tables()[0].text_rows() == [["项目", "金额"], ["合计", "12.5"]]
    exported = read("export.xls", "项目\t金额\n合计\t12.5\n".encode("gb18030"))
    assert exported.tables()[0].text_rows()[1] == ["合计", "12.5"]
    # and says so: a text file renamed .xlsx by mistake is not taken for a workbook with nothing recognisable (trial)
    assert exported.unread == ["文件名是 .xls，内容却是纯文本，不是 Excel 文件：已按纯文本读取"]
    assert read("export.html", page.encode()).unread == []


def test_truncated_pdf():
    content = (DEV / "gansu-dept-2021.pdf").read_bytes()
    with pytest.raises(UploadError) as error:
        read("report.pdf", content[:2000])
    assert chinese(str(error.value))


@pytest.mark.parametrize("name", ["hebei-narrative-2021-s1.docx", "hubei-dept-2022.xlsx", "gansu-dept-2021.pdf",
                                  "chongqing-dept-2020-web.txt"])
def test_damaged_copies_give_a_layout_or_a_chinese_error(name):
    """Bytes flipped here and there in a real document (a bad download, a broken disk)."""
    import random

    content = (DEV / name).read_bytes()
    rng = random.Random(9)
    for _ in range(12):
        damaged = bytearray(content)
        for _ in range(rng.randint(1, 40)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        try:
            result = read(name, bytes(damaged))
        except UploadError as error:
            assert chinese(str(error))
        else:
            assert result.blocks
