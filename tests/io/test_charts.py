"""The report's charts, drawn by our own code (issue 11): the seed's figures as bars and wedges of the right size, every
word present, valid SVG; the same chart in the PDF (as vector shapes and text) and in the .docx (as a PNG)."""

from __future__ import annotations

import io
import math
from decimal import Decimal as D

import pdfplumber
import pytest
from defusedxml import ElementTree
from docx import Document as Docx
from PIL import Image

from jixiao.core.engine import score_evaluation
from jixiao.core.reports.model import Chart
from jixiao.core.reports.shapes import charts_for
from jixiao.io import charts
from jixiao.io.documents import render

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seed_charts(library, tongcheng):
    """通城's charts as the report carries them: change on last year, income, spending, 三公, scores."""
    made = {chart.key: chart for chart in charts_for(tongcheng, score_evaluation(tongcheng, library))}
    assert set(made) == {"change", "income", "spending", "three-public", "scores"}
    return made


def parsed(chart: Chart):
    return ElementTree.fromstring(charts.svg(chart))  # defusedxml: well-formed, no entities


def bars(root, colour: str) -> list[float]:
    return [float(rect.get("height")) for rect in root.iter(f"{SVG}rect")
            if rect.get("fill") == colour and float(rect.get("width")) > 20]  # legend squares are 12 wide


def words(root) -> list[str]:
    return [text.text for text in root.iter(f"{SVG}text")]


def test_bar_heights_are_proportional_to_the_seeds_figures(seed_charts):
    change = seed_charts["change"]  # 2022: 2603.07 万元, 2023: 2820.06 万元
    heights = bars(parsed(change), charts.COLOURS[0])
    assert change.series[0][1] == [D("2603.07"), D("2820.06")]
    assert heights[0] / heights[1] == pytest.approx(2603.07 / 2820.06, abs=0.002)
    three = seed_charts["three-public"]  # budget and spent per item, second series in the second colour
    root = parsed(three)
    for k, (_, values) in enumerate(three.series):
        drawn = bars(root, charts.COLOURS[k])
        scale = [h / float(v) for h, v in zip(drawn, [v for v in values if v])]
        assert scale and max(scale) == pytest.approx(min(scale), rel=0.01)  # one scale for every bar
        assert len([v for v in values if v]) == len(drawn)  # a zero is no bar (its label still says 0)


def test_wedges_are_the_shares_of_the_whole(seed_charts):
    spending = seed_charts["spending"]  # 人员经费 2316.61, 公用经费 227.67, 项目支出 275.77
    drawing = charts.layout(spending)
    sweeps = [w.end - w.start for w in drawing.shapes if isinstance(w, charts.Wedge)]
    values = [float(v) for v in spending.series[0][1]]
    assert sweeps == pytest.approx([v / sum(values) * 360 for v in values], abs=1e-6)
    assert math.isclose(sum(sweeps), 360)
    assert "人员经费 2316.61 万元（82.15%）" in words(parsed(spending))


def test_every_word_is_there(seed_charts):
    for chart in seed_charts.values():
        said = " ".join(words(parsed(chart)))
        assert chart.title in said and chart.unit in said
        for label in chart.labels:
            assert label in said
        if len(chart.series) > 1:  # the legend names each series
            assert all(name in said for name, _ in chart.series)
    scores = " ".join(words(parsed(seed_charts["scores"])))
    assert "预算执行" in scores and "目标 7" in scores


def values_said(chart: Chart) -> list[str]:
    """The labels on the bars (10 units high; the axis and the names are larger), in the SVG written."""
    return [text.text for text in parsed(chart).iter(f"{SVG}text") if text.get("font-size") == "10"]


def test_labels_read_as_the_tables_show_their_figures(seed_charts):
    """万元 always to 2 places, as the tables show money (通城's 公务接待 budget 20.80, not 20.8; nothing spent 0.00);
    a part's score and 分值 by the indicator rule, as the tables show them (15, 10); a total to 2 places."""
    assert values_said(seed_charts["three-public"]) == ["0.00", "0.00", "14.16", "20.80", "0.00", "0.00", "6.46",
                                                        "15.29"]
    assert values_said(seed_charts["change"]) == ["2603.07", "2820.06"]
    scores = seed_charts["scores"]
    assert scores.figures == "score" and scores.series[1][1][3] == D("15.0")  # the goal's 15.0 reads as its 分值 15
    assert values_said(scores) == ["20", "10", "10", "15", "15", "10", "10", "10"] * 2
    totals = Chart("hbars", "得分", ["甲", "乙"], [("得分", [D("27.5"), D("92.7")])], unit="分", figures="total")
    assert values_said(totals) == ["27.50", "92.70"]


def test_a_pies_shares_are_rounded_once_half_up():
    # 1 of 800 is 0.125%: half up 0.13% (a float's 0.12499… printed to 2 places read 0.12%)
    root = parsed(Chart("pie", "构成", ["甲", "乙"], [("支出", [D(1), D(799)])]))
    assert words(root)[1:] == ["甲 1.00 万元（0.13%）", "乙 799.00 万元（99.88%）"]


def test_unusual_figures_draw_without_error():
    """Negative parts (a pie cannot show them: bars), nothing at all, a figure no float holds, a long label, many bars."""
    cases = [Chart("pie", "负数", ["甲", "乙"], [("收入", [D(-5), D(10)])]),
             Chart("pie", "全零", ["甲"], [("收入", [D(0)])]),
             Chart("bars", "极大", ["甲", "乙"], [("支出", [D("1e400"), D("NaN")])]),
             Chart("hbars", "二级指标", ["社会效益指标（含可持续影响与满意度的综合评价）"] + [f"指标{i}" for i in range(20)],
                   [("分值", [D(5)] * 21), ("得分", [D(4)] * 21)], unit="分")]
    for chart in cases:
        root = parsed(chart)
        assert chart.title in words(root)
        for shape in charts.layout(chart).shapes:
            if isinstance(shape, charts.Rect):
                assert shape.h >= 0 and shape.w >= 0 and all(map(math.isfinite, (shape.x, shape.y, shape.w, shape.h)))
    tall = charts.layout(cases[-1])
    assert tall.height > charts.HEIGHT  # 21 labels: the chart grows rather than crushing its rows
    assert charts.wrap("社会效益指标（含可持续影响与满意度的综合评价）", 80, 11.5, 2)[-1].endswith("…")


def test_the_png_is_painted_in_the_cjk_font(seed_charts):
    png = charts.png(seed_charts["scores"])
    image = Image.open(io.BytesIO(png))
    assert image.size == (832, 468) and image.format == "PNG"
    grey = image.convert("L")
    title = grey.crop((300, 5, 532, 40))  # the title's band, centred: ink there, not an empty box
    assert title.getextrema()[0] < 80
    red = {colour: count for count, colour in image.convert("RGB").getcolors(1 << 20)}.get((0xB3, 0x26, 0x1E), 0)
    assert red > 10_000  # the 分值 bars


def test_the_pdf_carries_the_charts_as_shapes_and_text(library, tongcheng):
    pdf = pdfplumber.open(io.BytesIO(render(tongcheng, library, "pdf").content))
    pages = {n: page for n, page in enumerate(pdf.pages) if "图 5 各部分得分" in (page.extract_text() or "")}
    assert len(pages) == 1
    page = next(iter(pages.values()))
    text = page.extract_text()
    assert "预算执行" in text and "目标 7" in text and "分值" in text and "得分" in text
    red = [rect for rect in page.rects if rect["non_stroking_color"] and
           tuple(round(c, 2) for c in rect["non_stroking_color"]) == (0.70, 0.15, 0.12)]  # #b3261e
    assert len(red) >= 8  # 预算执行 and 7 goals, each a bar (and the legend's square)
    pie = next(page for page in pdf.pages if "图 3 支出决算结构" in (page.extract_text() or ""))
    assert pie.curves  # the wedges' arcs
    assert "人员经费 2316.61 万元（82.15%）" in pie.extract_text()
    fonts = {char["fontname"] for char in page.chars if char["text"] in "预算执行"}
    assert any("CJK" in font for font in fonts)


def test_the_docx_carries_one_picture_per_chart(library, tongcheng, seed_charts):
    document = Docx(io.BytesIO(render(tongcheng, library, "docx").content))
    assert len(document.inline_shapes) == len(seed_charts)
    for shape in document.inline_shapes:
        assert round(shape.width.cm) == 15


def test_hostile_text_reaches_both_documents_as_text(library, tongcheng):
    """What a form may carry (markup, an ampersand, a NUL, a tab, a line break, 10 000 characters) is text in the
    .docx and the PDF, both written as XML now: escaped, or left out where XML cannot hold it."""
    from jixiao.core.build import evaluation_from_data, evaluation_to_data

    data = evaluation_to_data(tongcheng)
    data["projects"][0]["name"] = "<script>alert(1)</script> & =HYPERLINK(\"x\")\x00\t项目\n甲"
    data["projects"][0]["deviation_reason"] = "偏差" * 5000
    evaluation = evaluation_from_data(data)
    docx = Docx(io.BytesIO(render(evaluation, library, "docx").content))
    cells = {cell.text for table in docx.tables for row in table.rows for cell in row.cells}
    assert any("<script>alert(1)</script> & =HYPERLINK(\"x\")\t项目\n甲" == text for text in cells)
    pdf = pdfplumber.open(io.BytesIO(render(evaluation, library, "pdf").content))
    text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "<script>alert(1)</script>" in text and "偏差偏差偏差" in text


def test_the_pdf_page_is_read_by_the_xml_parser_and_else_by_the_html_one(library, tongcheng):
    from jixiao.io.documents import report_for
    from jixiao.io.html_report import _tree, report_html

    page = report_html(report_for(tongcheng, library))
    root = _tree(page.replace("通城", "通城\x00"))  # a NUL is left out, not a parse error
    assert root is not None and root.tag == "html" and "\x00" not in "".join(root.itertext())
    assert _tree("<p>不是 XML<br></p>") is None  # the HTML5 parser reads such a page instead
