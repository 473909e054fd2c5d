"""How names and figures go into the sentences people read: a long name cut with an ellipsis, a figure with its
unit, a large limit in 万 and 亿. One place for it, so that every message reads the same."""

from __future__ import annotations

import re
from decimal import Decimal

from .money import fmt_normalised

NAME_CHARS = 24  # a name in a message: enough to recognise it, short enough to keep the sentence readable
_TRAILING = " \u3000，、；：。,;:"
_NO_SPACE_UNITS = {"%", "％", "‰", "°", "℃"}


def shorten(text: str | None, limit: int = NAME_CHARS) -> str:
    """`text` whole when it has at most `limit` characters; else its first `limit` characters and "…", never ending
    on a comma or colon before the ellipsis ("年度目标 1：为满足…")."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    return text[:limit].rstrip(_TRAILING) + "…"


def with_unit(figure: str, unit: str | None) -> str:
    """A figure and its unit as Chinese documents write them: "25 个", "730 万元", but "99.03%"."""
    unit = (unit or "").strip()
    if not unit:
        return figure
    return f"{figure}{unit}" if unit in _NO_SPACE_UNITS else f"{figure} {unit}"



_MAGNITUDES = ((Decimal(10) ** 12, "万亿"), (Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))


def magnitude(value: Decimal) -> str:
    """A large round figure as people read it: 10⁹ → "10 亿", 10¹² → "1 万亿"; below 10 000 as it is."""
    for size, word in _MAGNITUDES:
        if abs(value) >= size:
            return f"{fmt_normalised(value / size)} {word}"
    return fmt_normalised(value)


SUBJECT_CHARS = 40


def subject_once(subject: str | None, message: str) -> str:
    """What a finding is about, said once: nothing when its message already names it (a sentence quoted in full
    before a message that quotes it again reads twice), a long sentence shortened."""
    subject = (subject or "").strip()
    if not subject or subject in message or subject[:12] in message:
        return ""
    return subject if len(subject) <= SUBJECT_CHARS else subject[:SUBJECT_CHARS] + "…"


WIDE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")  # CJK, its punctuation and full-width forms


def join_lines(text: str) -> str:
    """A text's lines as one, for text wrapped by a cell's width (a table cell in a PDF, a name pasted from a wrapped
    spreadsheet cell): joined with nothing beside Chinese (执法力度，\n维护 → 执法力度，维护), with a space between
    other words."""
    joined = ""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            joined += ("" if not joined or WIDE.match(joined[-1]) or WIDE.match(line[0]) else " ") + line
    return joined
