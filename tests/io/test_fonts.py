"""Fonts for charts and PDFs (issue 8, finding 8): a matplotlib font list cached before the CJK fonts were installed
is rebuilt when a document is first rendered; with no CJK font at all, rendering raises FontMissing with a Chinese
message for the page instead of a server error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from jixiao.io import charts
from jixiao.io.documents import FontMissing, render

MESSAGE = "服务器未安装中文字体（如 fonts-noto-cjk），无法生成含图表的 Word/PDF 文档；请联系系统管理员。"


def python(code: str, config_dir) -> str:
    """Run code in a fresh interpreter whose matplotlib keeps its font list in config_dir."""
    env = {**os.environ, "MPLCONFIGDIR": str(config_dir)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


HIDE_CJK_FONTS = """
    import json, pathlib, matplotlib
    from matplotlib import font_manager
    from jixiao.io.charts import CJK_FAMILIES

    path = pathlib.Path(matplotlib.get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json")
    data = json.loads(path.read_text())
    data["ttflist"] = [f for f in data["ttflist"] if f["name"] not in CJK_FAMILIES and "CJK" not in f["name"]]
    path.write_text(json.dumps(data))
    print(path)
"""

DRAW_A_CHART = """
    import warnings
    from decimal import Decimal
    from matplotlib import font_manager
    from jixiao.core.reports.model import Chart
    from jixiao.io import charts

    listed = {f.name for f in font_manager.fontManager.ttflist}
    print("stale:", not any(family in listed for family in charts.CJK_FAMILIES))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph drawn from a font without it ("Glyph … missing") fails the test
        png = charts.render(Chart("pie", "收入决算结构", ["财政拨款收入", "其他收入"], [("收入", [Decimal("2820.06"), Decimal("1")])]))
    print("family:", charts.font_family())
    print("file:", font_manager.findfont(charts.font_family()))
    print("png:", png[:4] == b"\\x89PNG" and len(png) > 10000)
"""


def test_a_font_list_cached_before_the_cjk_fonts_is_rebuilt(tmp_path):
    cache = python(HIDE_CJK_FONTS, tmp_path).strip()  # a real font list, with every CJK font taken out
    out = python(DRAW_A_CHART, tmp_path)
    assert "stale: True" in out  # matplotlib started from the stale list …
    family = out.split("family: ")[1].split("\n")[0]
    assert family in charts.CJK_FAMILIES  # … and drew with a CJK font after rebuilding it
    assert "CJK" in out.split("file: ")[1].split("\n")[0] and "png: True" in out
    rebuilt = {f["name"] for f in json.load(open(cache))["ttflist"]}
    assert family in rebuilt  # the cache file is right for the next process too


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
