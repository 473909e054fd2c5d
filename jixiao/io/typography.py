"""Chinese typesetting for documents: no spaces between Chinese characters and figures ("2023 年" → "2023年"), which
justified lines would otherwise stretch into gaps; and a figure kept on one line with its unit ("25 个" must not
end one line with 25 and start the next with 个), which Chinese line breaking would otherwise allow."""

from __future__ import annotations

import re
from html import escape

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’（）《》]"
_AROUND = re.compile(rf"(?<={_CJK}) +(?=[0-9A-Za-z%.+\-−≥≤])|(?<=[0-9A-Za-z%.]) +(?={_CJK})")

# A figure (with its sign or comparison) and the unit that follows it, spaces between them included.
_COUNTED = "元|人|人次|个|户|件|次|份|例|项|家|名|所|台|辆|篇|期|场|批|套|张|册|亩|吨|座|公里|平方米"
_FIGURE_AND_UNIT = re.compile(
    rf"(?<![0-9A-Za-z.])[≥≤<>＞＜]?[-+−]?\d[\d,]*(?:\.\d+)?\s*(?:%|％|[万亿千百]?(?:{_COUNTED})(?:/[人个户次])?|分|天|日|年|月|万|亿)")


# Where a Chinese line may break at a quotation mark: before an opening one (not after another opening mark) and after
# a closing one followed by a character or figure. Pango follows UAX #14, which holds “ ” to both neighbours (class QU):
# “优”项目26个，“良”项目 became one unbreakable run, and the line before it ended a third short, mid-sentence.
_QUOTE_BREAK = re.compile(r"(?<=[^\s“‘（《〈【])(?=[“‘])|(?<=[”’])(?=[\u4e00-\u9fff0-9A-Za-z])")


def typeset(text: str) -> str:
    return _AROUND.sub("", text)


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


def is_one_figure(text: str) -> bool:
    """Whether `text` is a single figure with its unit and nothing else ("2547.2077万元", "≥96%")."""
    return _FIGURE_AND_UNIT.fullmatch(text.strip()) is not None
