"""Word's automatic numbering written back in front of the paragraph's text ("一、", "（二）", "3."), so that an
auto-numbered heading is recognised by its numbering as a typed one is. Only the paragraph's own numbering (w:numPr)
is followed; bullets give nothing."""

from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DIGITS = "零一二三四五六七八九"
CHINESE = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
           "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"}


def chinese(n: int) -> str:
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    return str(n)


def shown(n: int, fmt: str) -> str:
    if fmt in CHINESE:
        return chinese(n)
    if fmt == "upperLetter":
        return chr(64 + (n - 1) % 26 + 1)
    if fmt == "lowerLetter":
        return chr(96 + (n - 1) % 26 + 1)
    if fmt in ("upperRoman", "lowerRoman"):
        return str(n)  # roman section numbers are rare in these reports; the number itself is enough
    if fmt in ("decimalEnclosedCircleChinese", "decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return str(n)


class Numbering:
    """The numbering definitions of a document and the counters as its paragraphs are read in order."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: nothing is auto-numbered
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1)
            abstract[node.get(f"{W}abstractNumId", "")] = levels
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{W}numId", "")] = abstract.get(ref.get(f"{W}val", ""), {})

    def prefix(self, paragraph) -> str:
        """The numbering Word shows before this paragraph, counting it."""
        num = paragraph.find(f"{W}pPr/{W}numPr")
        if num is None:
            return ""
        num_id = num.find(f"{W}numId")
        ilvl = num.find(f"{W}ilvl")
        key = num_id.get(f"{W}val", "") if num_id is not None else ""
        level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        levels = self.levels.get(key)
        if not levels or level not in levels:
            return ""
        fmt, text, start = levels[level]
        if fmt in ("bullet", "none") or not text:
            return ""
        counts = self.counters.setdefault(key, [0] * 9)
        counts[level] = counts[level] + 1 if counts[level] else start
        for deeper in range(level + 1, 9):
            counts[deeper] = 0

        def fill(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            f = levels.get(k, ("decimal", "", 1))[0]
            return shown(counts[k] or levels.get(k, ("", "", 1))[2], f)

        return re.sub(r"%(\d)", fill, text)
