"""Dates the report states (its own date, the date its figures are as of), the dates it writes wrongly ("202年3月5日",
"2023年13月"), and the years its titles and headings name."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from jixiao.core.model import StatedDate, StatedText, StatedYear

from .text import Piece

DATE = re.compile(r"(?<!\d)(\d{1,5})\s*年\s*(\d{1,3})\s*月(?:\s*(\d{1,3})\s*[日号])?")
YEAR_END = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(?:底|末|年底|年末)")
AS_OF = re.compile(r"(?:截至|截止|截止到|截至到|数据截至|统计截至)\s*(?:日期)?\s*[:：]?\s*$")
REPORT_LABEL = re.compile(r"(?:报告日期|报告时间|填报日期|评价日期|出具日期|日期)\s*[:：]?\s*$")
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?[^。；，,]{0,30}?(?:报告|自评表|评价表|决算|预算|说明|绩效自评|绩效评价)")
HEADING_YEAR = re.compile(r"^[\u4e00-\u9fff（）]{2,30}((?:19|20)\d{2})\s*年度[\u4e00-\u9fff]{0,6}$")
QUOTED = re.compile(r"《[^》]*》")
CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_DATE = re.compile(r"([〇○零Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
# a signature on the date's own line: 评价组组长（签字）：邓华　2021年4月2日, 单位负责人签章：… 2023年3月2日
SIGNED = re.compile(r"(?:签字|签名|签章|盖章)[)）]?\s*[:：]?[^。；;，,:：]{0,20}$")
LABELLED_NUMERIC = re.compile(r"(?:报告日期|报告时间|填报日期|评价日期|出具日期|日期)\s*[:：]?\s*((?:19|20)\d{2})[.\-/](\d{1,2})[.\-/](\d{1,2})")
# 2023.3.15 ending a short line (alone, or after the signature the PDF ran into it): a date, where within a sentence
# it could be a figure
END_NUMERIC = re.compile(r"(?<![\d.])((?:19|20)\d{2})([.\-/])(\d{1,2})\2(\d{1,2})\s*$")
SHORT_LINE = 30
ALONE = re.compile(r"^\s*\S{0,1}\s*$")  # what else a line holding a date alone may hold
COVER = 8  # the pieces a cover spans: title, department, year, evaluator, date


def _cn_number(text: str) -> int:
    """十二 → 12, 二十 → 20, 三十一 → 31, 五 → 5."""
    if "十" not in text:
        return CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)


def _other_forms(piece: Piece, last: set[int]) -> list[tuple[int, int, int, str, int]]:
    """二〇二三年三月二十日 and 填报日期：2023.3.2 as (year, month, day, written, start)."""
    found = []
    for match in CN_DATE.finditer(piece.text):
        year = int("".join(str(CN_DIGITS[c]) for c in match.group(1)))
        found.append((year, _cn_number(match.group(2)), _cn_number(match.group(3)), match.group(0), match.start()))
    for match in LABELLED_NUMERIC.finditer(piece.text):
        found.append((int(match.group(1)), int(match.group(2)), int(match.group(3)), match.group(0),
                      match.start(1)))
    ending = END_NUMERIC.search(piece.text) if piece.kind != "row" and len(piece.text) <= SHORT_LINE else None
    if ending and not any(start == ending.start(1) for *_, start in found):
        found.append((int(ending.group(1)), int(ending.group(3)), int(ending.group(4)), ending.group(0).strip(),
                      ending.start(1)))
    return found


def _valid(year: int, month: int, day: int | None) -> bool:
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def _kind(before: str, after: str, piece: Piece, last_pieces: set[int], cover: frozenset[int] = frozenset()) -> str:
    if AS_OF.search(before[-12:]):
        return "as_of"
    if REPORT_LABEL.search(before[-12:]):
        return "table" if "填报" in before[-12:] else "report"
    if piece.index in last_pieces and len(piece.text) <= 20:
        return "report"  # a date alone under the signature
    if piece.index in cover and ALONE.match(before) and ALONE.match(after):
        return "report"  # a date alone on its line on the cover (二〇二三年三月十五日 under the title)
    if SIGNED.search(before[-40:]):
        return "report"  # a date beside the signature, on its line
    if re.search(r"于\s*$", before) and re.search(r"完成[^。]{0,20}自评", after):
        return "report"  # 于2024年3月20日完成了2023年度绩效自评
    return "other"


def stated_dates(pieces: list[Piece]) -> tuple[list[StatedDate], list[StatedText]]:
    dates, malformed = [], []
    text_pieces = [p for p in pieces if p.kind != "row"]
    last = {p.index for p in text_pieces[-4:]}
    # a cover line, unless the line before is a label whose value it is (填报日期 / 2023年12月20日, one cell a line)
    cover = frozenset(p.index for i, p in enumerate(text_pieces[:COVER])
                      if i == 0 or not (REPORT_LABEL.search(text_pieces[i - 1].text[-12:]) or
                                        AS_OF.search(text_pieces[i - 1].text[-12:])))
    for piece in pieces:
        text = piece.text
        if "年" not in text and "日期" not in text and "报告时间" not in text and not END_NUMERIC.search(text[-14:]):
            continue  # every pattern below needs 年, a date label (日期, 报告时间), or a numeric date ending the line
        for match in DATE.finditer(text):
            year, month = int(match.group(1)), int(match.group(2))
            day = int(match.group(3)) if match.group(3) else None
            written = match.group(0)
            if not _valid(year, month, day):
                if len(match.group(1)) == 5 and _valid(int(match.group(1)[1:]), month, day):
                    continue  # a figure run into a date (时间 | 分值 5 | 2024年8月底前 written together): not a typo
                if len(match.group(1)) in (3, 4, 5) or month > 12:
                    malformed.append(StatedText(text=re.sub(r"\s+", "", written), where=str(piece.source)))
                continue
            if day is None:
                continue  # a month alone (报告时间：2024年3月) is not a date
            kind = _kind(text[:match.start()], text[match.end():], piece, last, cover)
            dates.append(StatedDate(kind=kind, date=dt.date(year, month, day), where=str(piece.source),
                                    text=written))
        for year, month, day, written, start in _other_forms(piece, last):
            if not _valid(year, month, day):
                malformed.append(StatedText(text=written, where=str(piece.source)))
                continue
            kind = _kind(text[:start], text[start + len(written):], piece, last, cover)
            dates.append(StatedDate(kind=kind, date=dt.date(year, month, day), where=str(piece.source), text=written))
        for match in YEAR_END.finditer(text):
            if AS_OF.search(text[:match.start()][-12:]):
                year = int(match.group(1))
                dates.append(StatedDate(kind="as_of", date=dt.date(year, 12, 31), where=str(piece.source),
                                        text=match.group(0)))
    return dates, malformed


def stated_years(pieces: list[Piece]) -> list[StatedYear]:
    """Years of titles: the report's own title, a second report's title copied in, a section "关于2021年度…的说明"."""
    years = []
    for piece in pieces:
        if piece.kind == "row" or len(piece.text) > 60 or "年" not in piece.text:
            continue  # both year patterns need 年
        text = QUOTED.sub("", piece.text)
        match = TITLE_YEAR.search(text) or HEADING_YEAR.search(text)
        if match and (re.search(r"(?:比|较|与|同)\s*$", text[:match.start(1)]) or "万元" in text):
            continue  # a comparison's base year (比2022年度决算数增加…), not a title
        if match and not re.search(r"\d{1,2}\s*月", text[match.end(1):match.end(1) + 5]):
            years.append(StatedYear(year=int(match.group(1)), where=str(piece.source), text=piece.text))
    return years
