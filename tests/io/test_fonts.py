"""Fonts for charts and PDFs (issue 8, finding 8): the CJK font is looked up the first time a document is rendered,
as fontconfig lists it (the fonts WeasyPrint's Pango sees); a list taken before the CJK fonts were installed is taken
again once; with no CJK font at all, rendering raises FontMissing with a Chinese message for the page instead of a
server error."""

from __future__ import annotations

import pytest

from jixiao.io import charts
from jixiao.io.documents import FontMissing, render

MESSAGE = "服务器未安装中文字体（如 fonts-noto-cjk），无法生成含图表的 Word/PDF 文档；请联系系统管理员。"


def test_a_font_list_taken_before_the_cjk_fonts_is_taken_again(monkeypatch):
    monkeypatch.setattr(charts, "_family", None)
    monkeypatch.setattr(charts, "_rebuilt", False)
    monkeypatch.setattr(charts, "_listed", {})  # what the first look found before fonts-noto-cjk was installed
    family = charts.font_family()
    assert family in charts.CJK_FAMILIES and charts._rebuilt  # found on the second look
    path, index = charts._font_file
    assert "CJK" in path or "Hei" in path.lower() or "wqy" in path.lower()
    from PIL import ImageFont

    font = ImageFont.truetype(path, 20, index=index)
    assert font.getname()[0] == family  # the face Pillow paints the .docx charts with is the family named
    assert font.getmask("收入决算结构").getbbox() is not None  # and it has the glyphs


def test_without_fontconfig_the_usual_font_folders_are_searched():
    found = charts._fonts_in_folders()
    assert any(family in found for family in charts.CJK_FAMILIES), found


@pytest.fixture
def no_cjk_font(monkeypatch):
    """A server without any CJK font: the lookup finds none, before and after the rebuild (counted, not run)."""
    rebuilds = []
    monkeypatch.setattr(charts, "_family", None)
    monkeypatch.setattr(charts, "_rebuilt", False)
    monkeypatch.setattr(charts, "_cjk_family", lambda: None)
    monkeypatch.setattr(charts, "_rebuild_font_list", lambda: rebuilds.append(1))
    return rebuilds


def test_without_a_cjk_font_documents_raise_a_chinese_message(no_cjk_font, library, tongcheng, jingzhou):
    for evaluation, fmt in ((tongcheng, "docx"), (jingzhou, "pdf"), (jingzhou, "zip")):  # 通城's report has charts
        with pytest.raises(FontMissing) as raised:
            render(evaluation, library, fmt)
        assert str(raised.value) == MESSAGE
    assert no_cjk_font == [1]  # the font list was rebuilt once, not on every download
    assert render(jingzhou, library, "xlsx").content  # the workbook needs no font,
    assert render(jingzhou, library, "docx").content  # nor a Word report without charts (Word draws its own text)


def test_the_command_says_so_in_one_line(no_cjk_font, capsys, tmp_path):
    from jixiao.cli import main

    from ..conftest import EXAMPLES

    code = main(["report", str(EXAMPLES / "seed-002-jingzhou-2022.yaml"), "--format", "pdf", "-o", str(tmp_path) + "/"])
    err = capsys.readouterr().err
    assert code == 2 and err == f"jixiao: {MESSAGE}\n"
