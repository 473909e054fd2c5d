"""The evaluated year: the year the title or cover names ("2022年度…自评报告", "(2023年度)"), weighed against the
other years the document mentions. A report written in 2024 about 2023 is 2023: dates say when, titles say what."""

from __future__ import annotations

import re
from collections import Counter
from itertools import takewhile

from .text import Piece

TITLE_WORDS = r"(?:自评报告|评价报告|自评表|评价表|评表|绩效|自评|决算|预算|自评结果)"  # 评表: 自 lost to a scan
TITLE_YEAR = re.compile(rf"((?:19|20)\d{{2}})\s*年{{1,2}}度?[^。；，]{{0,40}}?{TITLE_WORDS}")
BROKEN_TITLE_YEAR = re.compile(rf"((?:19|20)\d{{2}})\s*年{{1,2}}(?!\s*\d{{1,2}}\s*月)度?[^。；，\d]{{0,40}}?{TITLE_WORDS}")
BRACKET_YEAR = re.compile(r"[（(〈<]\s*((?:19|20)\d{2})\s*年{1,2}度?\s*[)）〉>]")  # 〈2022年年度): a scan's reading
YEAR_OF = re.compile(r"((?:19|20)\d{2})\s*年度")
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")
QUOTED = re.compile(r"《[^》]*》|〔[^〕]*〕")
NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|（[一二三四五六七八九十]+）|\d+[、.])")
HEAD_PIECES = 12
# a year a scan misprinted (2O22年, 2O2l年度): O and l for digits in a four-figure year before 年
_MISREAD_YEAR = re.compile(r"(?<![A-Za-z0-9])[12][0-9OolI]{3}(?=\s*年)")
_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


def _mended(text: str) -> str:
    return _MISREAD_YEAR.sub(lambda m: m.group(0).translate(_DIGITS), text)
TITLE_LENGTH = 60  # a title is a short line; a longer piece names its year in brackets if at all (一行的网页抽取)  # the cover and title lie in the first pieces; a heading further down names a part, not the report


def _title_years(pieces: list[Piece]) -> list[tuple[int, Piece, str]]:
    found = []
    for piece in pieces[:HEAD_PIECES]:
        text = _mended(QUOTED.sub("", piece.text))
        if re.search(r"通知|办法", text) or (re.search(r"关于|说明", text) and NUMBERED.match(text)):
            continue  # a document cited, or a numbered section about another year (十三、关于2021年度…的说明)
        for pattern in ((TITLE_YEAR, BRACKET_YEAR) if len(text) <= TITLE_LENGTH else (BRACKET_YEAR,)):
            found.extend((int(m.group(1)), piece, m.group(0)) for m in pattern.finditer(text))
    return found


def _broken_title_years(pieces: list[Piece]) -> list[tuple[int, Piece, str]]:
    """A title a scan broke over lines (湘沅市2023年部门整体支出 / 度 / 绩效评价自评报告): each short head piece read
    with the short pieces after it while together they stay a title's length, a year counted where it begins in that
    piece and not a date's (2024年3月5日). Asked only when no piece is a title alone."""
    head = [_mended(QUOTED.sub("", p.text)) for p in pieces[:HEAD_PIECES]]
    found = []
    for at, first in enumerate(head):
        joined = ""
        for text in takewhile(lambda t: len(t) <= TITLE_LENGTH, head[at:at + 5]):
            if len(joined) + len(text) > TITLE_LENGTH:
                break
            joined += text
        if re.search(r"通知|办法|关于|说明", joined):
            continue
        found.extend((int(m.group(1)), pieces[at], m.group(0)) for m in BROKEN_TITLE_YEAR.finditer(joined)
                     if m.start() < len(first))
    return found


def evaluated_year(pieces: list[Piece]) -> tuple[int | None, str]:
    """The year and why, in Chinese."""
    titles = _title_years(pieces) or _broken_title_years(pieces)
    # 年度 needs 年 and 度 in the piece as written (the quotes taken out may bring them together): only there
    mentioned = Counter(int(m.group(1)) for p in pieces if "年" in p.text and "度" in p.text
                        for m in YEAR_OF.finditer(_mended(QUOTED.sub("", p.text))))
    if titles:
        votes = Counter(year for year, _, _ in titles)
        year, _ = max(votes.items(), key=lambda item: (item[1], mentioned[item[0]], -titles.index(
            next(t for t in titles if t[0] == item[0]))))
        piece, written = next((p, w) for y, p, w in titles if y == year)
        others = sorted(y for y in mentioned if y != year)
        reason = f"标题“{written[:40]}”（{piece.source}）写明 {year} 年度"
        if others:
            reason += f"；文中另提到 {'、'.join(map(str, others))} 年度，不是标题所评价的年度"
        return year, reason
    if mentioned:
        year, count = mentioned.most_common(1)[0]
        return year, f"标题未写年度；文中“{year}年度”出现 {count} 次，最多"
    dates = Counter(int(m.group(1)) for p in pieces for m in DATE.finditer(p.text))
    if dates:
        latest = max(dates)
        return latest - 1, f"标题与正文均未写年度；按最晚日期 {latest} 年推定评价的是上一年度 {latest - 1} 年"
    return None, "标题与正文均未写明评价年度"
