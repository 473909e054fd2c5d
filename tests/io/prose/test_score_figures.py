"""The report's own score in a sentence is the whole figure: a scan's letters for its digits (1O0) are read as the
digits, and a figure broken by a space or a line wrap (1 00) is not read as its first piece. Sentences of the seed-003
(通城) conclusion as its variants print them."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.layout.model import Source
from jixiao.io.prose.scores import stated_score
from jixiao.io.prose.text import Piece


def _score(text: str):
    return stated_score([Piece(text, Source(file="t.txt", line=1), "paragraph", 0)])


def test_a_score_misprinted_by_a_scan_is_the_whole_figure():
    got = _score("经自评，自评得分1O0分，评价等级为“优”。")
    assert got.score == Decimal(100) and got.grade == "优"


def test_a_score_broken_by_a_wrap_is_not_read_as_its_fragment():
    assert _score("经自评，自评得分1 00分，评价等级为“优”。").score is None
    assert _score("经自评，评价总得分98分，评价等级为“优”。").score == Decimal(98)


def test_the_narrative_extractor_takes_no_fragment_either():
    from jixiao.io.extract.report_text import extract
    from jixiao.io.extract.text_source import SourceText

    got = extract(SourceText("三、自评结论\n经自评，评价总得分1 00分，评价等级为“优”。\n", "t.txt"))
    assert "stated_score" not in got.data and got.data.get("stated_grade") == "优"


def test_a_title_that_puts_the_year_first_names_the_department():
    from jixiao.io.prose.department import department_name

    title = Piece("2023年度昌黎县人力资源和社会保障局部门整体支出绩效自评报告", Source(file="t.txt", line=1), "heading", 0)
    assert department_name([title])[0] == "昌黎县人力资源和社会保障局"
    untitled = Piece("2023年度部门整体支出绩效自评报告", Source(file="t.txt", line=1), "heading", 0)
    assert department_name([untitled])[0] is None
    last = Piece("昌黎县人力资源和社会保障局部门整体支出绩效自评报告（2023年）", Source(file="t.txt", line=1), "heading", 0)
    assert department_name([last])[0] == "昌黎县人力资源和社会保障局"
