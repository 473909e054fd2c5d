"""Chinese typesetting for documents: no spaces between Chinese characters and figures ("2023 年" → "2023年"), which
justified lines would otherwise stretch into gaps; and a figure kept on one line with its unit ("25 个" must not
end one line with 25 and start the next with 个), which Chinese line breaking would otherwise allow."""

from __future__ import annotations

import re
from html import escape

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’（）《》]"
_AROUND = re.compile(rf"(?<={_CJK}) +(?=[0-9A-Za-z%.+\-−≥≤])|(?<=[0-9A-Za-z%.]) +(?={_CJK})")

# A figure (with its sign or comparison) and the unit that follows it, spaces between them included; the parts named,
# for a cell that breaks a figure from its unit only when they cannot share a line (html_one_figure).
_COUNTED = "元|人|人次|个|户|件|次|份|例|项|家|名|所|台|辆|篇|期|场|批|套|张|册|亩|吨|座|公里|平方米"
_FIGURE = r"[≥≤<>＞＜]?[-+−]?\d[\d,]*(?:\.\d+)?"
_UNIT = rf"(?:%|％|[万亿千百]?(?:{_COUNTED})(?:/[人个户次])?|分|天|日|年|月|万|亿)"
_FIGURE_AND_UNIT = re.compile(rf"(?<![0-9A-Za-z.])(?P<figure>{_FIGURE})(?P<space>\s*)(?P<unit>{_UNIT})")

# Word has no run inside which a line may not break (the PDF's white-space: nowrap): there a figure is kept with its
# unit by WORD JOINER, which forbids a line break where it stands (UAX #14 class WJ) and prints nothing — LibreOffice
# honours it. Our readers drop it, and the other marks that only say where a line may break (the zero-width space
# of long codes, U+FEFF as a joiner), so that a document read back says what it printed.
WORD_JOINER = "\u2060"
_BREAK_MARKS = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
_NUMBER = frozenset("0123456789.,")


# Where a Chinese line may break at a quotation mark: before an opening one (not after another opening mark) and after
# a closing one followed by a character or figure. Pango follows UAX #14, which holds “ ” to both neighbours (class QU):
# “优”项目26个，“良”项目 became one unbreakable run, and the line before it ended a third short, mid-sentence.
_QUOTE_BREAK = re.compile(r"(?<=[^\s“‘（《〈【])(?=[“‘])|(?<=[”’])(?=[\u4e00-\u9fff0-9A-Za-z])")


def typeset(text: str) -> str:
    return _AROUND.sub("", text)


def joining_figures(text: str, room: float | None = None) -> str:
    """`text` with each figure held to its unit by WORD_JOINER wherever a line could break between them: after a
    sign, before the unit and between the unit's characters (9.40, a joiner, 万, a joiner, 元); never among the
    figure's own digits, which no line breaks and a reader copies as a number.

    `room`: the ems a line holds (a table cell's, in Word), as html_one_figure keeps a cell's figure in the PDF: a
    figure and its unit wider than the line are held each whole but may part from each other (“2547.2077” / “万元”),
    and one of them wider than the line by itself is left as it is — a run held together that does not fit is broken
    by Word and LibreOffice anywhere, over the cell's rule or after any digit."""
    def join(match: re.Match) -> str:
        if room is None or em_width(match.group(0)) <= room:
            return _joined(match.group(0))
        if em_width(match["figure"]) <= room and em_width(match["unit"]) <= room:
            return _joined(match["figure"]) + match["space"] + _joined(match["unit"])
        return match.group(0)

    return _FIGURE_AND_UNIT.sub(join, text)


def _joined(run: str) -> str:
    """`run` with a WORD_JOINER between each two of its characters but digits and their points."""
    return run[:1] + "".join(b if a in _NUMBER and b in _NUMBER else WORD_JOINER + b for a, b in zip(run, run[1:]))


def without_break_marks(text: str) -> str:
    """`text` as read, without the characters that only say where a line may or may not break."""
    return text.translate(_BREAK_MARKS)


def html_keeping_figures(text: str) -> str:
    """`text` escaped for HTML, each figure with its unit wrapped in a span that does not break
    (`<span class="nb">25 个</span>`; the page's CSS gives .nb `white-space: nowrap`)."""
    out, end = [], 0
    for match in _FIGURE_AND_UNIT.finditer(text):
        out.append(_breaking_at_quotes(text[end:match.start()]))
        out.append(f'<span class="nb">{escape(match.group(0))}</span>')
        end = match.end()
    out.append(_breaking_at_quotes(text[end:]))
    return "".join(out)


def _breaking_at_quotes(text: str) -> str:
    """`text` escaped, with a break opportunity (`<wbr/>`, nothing printed) where Chinese typesetting breaks at a
    quotation mark and Pango would not (_QUOTE_BREAK)."""
    return "<wbr/>".join(escape(part) for part in _QUOTE_BREAK.split(text))


def em_width(text: str) -> float:
    """The width of `text` in ems in the wider of the faces a table is set in: 宋体 (each ASCII character half an
    em) or Noto Serif CJK in its place (its own advances, rounded up: figures 0.56, a point 0.33, a space 0.26).
    A Chinese character, a full-width or math sign (≥) is an em in both."""
    def noto(ch: str) -> float:
        if ch.isupper():
            return 0.75
        return {" ": 0.26, ".": 0.33, ",": 0.33, "%": 0.93, "-": 0.35, "/": 0.36}.get(ch, 0.6 if ch.isalpha() else 0.56)

    wide = sum(1.0 for ch in text if ord(ch) >= 0x2000)
    narrow = [ch for ch in text if ord(ch) < 0x2000]
    return wide + max(0.5 * len(narrow), sum(noto(ch) for ch in narrow))


def html_one_figure(text: str, room: float | None) -> str:
    """A cell holding one figure with its unit (“2547.2077 万元”), as HTML for a line `room` ems wide: on one line
    when it fits, or else broken only between the figure and its unit, each kept whole (“2547.2077” / “万元”, never
    “2547.2077 万” / “元”, which Chinese line breaking allows); a figure wider than the line by itself is left to
    wrap anywhere rather than run over the cell's rule. `room` None: the line's width is not known, as it was."""
    match = _FIGURE_AND_UNIT.fullmatch(text.strip())
    if room is None or match is None:
        return escape(text)
    if em_width(text.strip()) <= room:
        return f'<span class="nb">{escape(text.strip())}</span>'
    if em_width(match["figure"]) > room or em_width(match["unit"]) > room:
        return escape(text)
    between = " " if match["space"] else "<wbr/>"
    return f'<span class="nb">{escape(match["figure"])}</span>{between}<span class="nb">{escape(match["unit"])}</span>'


def is_one_figure(text: str) -> bool:
    """Whether `text` is a single figure with its unit and nothing else ("2547.2077万元", "≥96%")."""
    return _FIGURE_AND_UNIT.fullmatch(text.strip()) is not None
