"""Scans read by OCR: the department and most expected figures found; figures mended, words left alone."""

from __future__ import annotations

import shutil

import pytest

from jixiao.io.layout import read
from jixiao.io.layout.ocr import mend, tidy

from .support import DEV, SCANS, expected_values, found, layout_text

needs_tesseract = pytest.mark.skipif(not shutil.which("tesseract"), reason="tesseract-ocr is not installed")


@pytest.fixture(scope="module")
def scans():
    return {name: read(name, (DEV / name).read_bytes()) for name in sorted(SCANS)}


@needs_tesseract
@pytest.mark.parametrize("name", sorted(SCANS))
def test_scan_gives_department_and_most_figures(scans, name):
    layout = scans[name]
    assert layout.kind == "scan" and layout.tables()
    values = expected_values(DEV / name)
    seen = found(values, layout_text(layout))
    print(f"{name}: {len(seen)}/{len(values)} expected values found by OCR; missed {set(values) - set(seen)}")
    assert values[0] in seen
    assert len(seen) >= 0.75 * len(values)


@needs_tesseract
def test_scanned_table_rows_keep_their_columns(scans):
    rows = scans["jiangsu-dept-2023-scan.pdf"].tables()[0].text_rows()
    funds = next(row for row in rows if "年度资金总额" in row)
    at = funds.index("年度资金总额")
    assert funds[at + 1:at + 4] == ["612.4", "640.2", "628.9"]
    assert "98.23%" in funds and "9.82" in funds
    # the third-level indicator wrapped onto a second line inside its cell is one cell
    assert any("办理法律援助案件数" in cell for row in rows for cell in row)


@needs_tesseract
def test_image_files_are_read(scans):
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(DEV / "zhejiang-project-2022-scan.pdf"),
                        f"{tmp}/page"], check=True)
        content = open(f"{tmp}/page.png", "rb").read()
    layout = read("scan.png", content)
    assert layout.kind == "scan"
    assert "钱湾县综合行政执法局" in layout_text(layout)


def test_mend_only_inside_figures():
    assert mend("98。23%") == "98.23%"
    assert mend("1O0") == "100"
    assert mend("l2.5") == "12.5"
    assert mend("628 .9") == "628.9"
    assert mend("Only 一级指标") == "Only 一级指标"
    assert mend("项目总额 4O") == "项目总额 40"
    assert tidy("“612.4") == "612.4"
    assert tidy("97:82") == "97.82"
    assert tidy("“三公”经费") == "“三公”经费"


def test_damaged_image_is_a_chinese_error():
    from jixiao.io.layout import UploadError

    with pytest.raises(UploadError) as error:
        read("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert "图片" in str(error.value)


@needs_tesseract
def test_a_form_scanned_sideways_is_turned():
    import subprocess
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(DEV / "jiangsu-dept-2023-scan.pdf"),
                        f"{tmp}/page"], check=True)
        Image.open(f"{tmp}/page.png").rotate(90, expand=True).save(f"{tmp}/sideways.png", dpi=(150, 150))
        content = open(f"{tmp}/sideways.png", "rb").read()
    layout = read("sideways.png", content)
    values = expected_values(DEV / "jiangsu-dept-2023-scan.pdf")
    assert len(found(values, layout_text(layout))) >= 0.75 * len(values)
