"""A report's text made readable for extraction, without losing where each piece came from.

Text from Word or PDF arrives with sentences broken across lines, page numbers on lines of their own, and spaces
between Chinese characters and figures. `SourceText` keeps the original lines (numbered from 1) and offers
paragraphs: broken lines joined, page numbers dropped, each paragraph knowing the lines it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TEXT_CHARS = 5_000_000

# A page number stands alone, unindented, 1–999, maybe between dashes; an indented figure is a form's cell.
_PAGE_NUMBER = re.compile(r"^(?:[—–-]\s*)?[1-9]\d{0,2}(?:\s*[—–-])?\s*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?\s*$")
_ENDS_SENTENCE = re.compile(r"[。！？；：:;）)\]】”]\s*$")
_STARTS_BLOCK = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+(?:[.．](?!\d)|、)\s*\S|（\d+）|第[一二三四五六七八九十]+部分|附件|图\s*\d|表\s*\d)"
)
_CHINESE_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分)")
_SENTENCE_INSIDE = re.compile(r"[。；;，,]")
_NUMERIC_END = re.compile(r"[\d%％]$")
_NUMERIC_START = re.compile(r"^[-+]?[\d０-９]")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”（）])[ \u00a0]+(?=[0-9A-Za-z%.≥≤]|[\u4e00-\u9fff])|(?<=[0-9A-Za-z%.])[ \u00a0]+(?=[\u4e00-\u9fff])")


@dataclass(frozen=True)
class Paragraph:
    text: str  # joined and tidied
    first_line: int  # 1-based, in the original text
    last_line: int

    @property
    def where(self) -> str:
        return f"第 {self.first_line} 行" if self.first_line == self.last_line else f"第 {self.first_line}–{self.last_line} 行"


_HALF_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                              **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                              **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
                              "％": "%", "．": ".", "(": "（", ")": "）", "\u3000": " ", "\u00a0": " ", "＜": "<", "＞": ">"})

_TRANSLATED = re.compile("[" + re.escape("".join(chr(c) for c in _HALF_WIDTH)) + "]")


def tidy(text: str) -> str:
    """Full-width digits and letters to half-width, parentheses to the full-width ones Chinese text uses, and no
    spaces between Chinese characters and figures. Chinese punctuation (，。：；) is kept as it is."""
    if _TRANSLATED.search(text):  # finding none is much faster than translating character by character
        text = text.translate(_HALF_WIDTH)
    return (_CJK_SPACE.sub("", text) if " " in text else text).strip()  # after translate every space is " "


class SourceText:
    def __init__(self, text: str, name: str = ""):
        if len(text) > MAX_TEXT_CHARS:
            raise ValueError(f"文本超过 {MAX_TEXT_CHARS // 1_000_000} 百万字，请拆分后再审核")
        self.name = name
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.paragraphs = self._paragraphs()

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def _paragraphs(self) -> list[Paragraph]:
        paragraphs: list[Paragraph] = []
        buffer: list[str] = []
        start = 0
        last = 0

        def flush() -> None:
            nonlocal buffer
            if buffer:
                text = tidy("".join(buffer))
                if text:
                    paragraphs.append(Paragraph(text, start, last))
            buffer = []

        for number, raw in enumerate(self.lines, 1):
            line = raw.strip()
            if not line:
                # a blank line ends a paragraph only when the text before it ends a sentence
                if buffer and _ENDS_SENTENCE.search(buffer[-1]):
                    flush()
                continue
            if _PAGE_NUMBER.match(raw.rstrip()):
                continue
            row = _row_cells(raw)
            if row:  # a table row keeps its cells, tab-separated whatever separated them
                flush()
                paragraphs.append(Paragraph(tidy_row("\t".join(row)), number, number))
                continue
            if buffer and (_STARTS_BLOCK.match(line) or _ENDS_SENTENCE.search(buffer[-1]) and len(buffer[-1]) < 30):
                flush()
            if not buffer:
                start = number
            elif _NUMERIC_END.search(buffer[-1]) and _NUMERIC_START.match(line):
                line = " " + line  # figures from cells on separate lines must not run together
            buffer.append(line)
            last = number
            if _CHINESE_HEADING.match(line) and len(line) <= 40 and not _SENTENCE_INSIDE.search(line):
                flush()  # a heading is a paragraph of its own
        flush()
        return paragraphs


def _row_cells(raw: str) -> list[str] | None:
    """The cells of a line that is a table's row: two or more cells between tabs or "|" (a markdown rule is no
    row), or three or more between runs of spaces (two words with a wide gap may be a sentence's)."""
    from jixiao.io.layout.text import MARKDOWN_RULE, cells_of  # the text reader's rules (it imports this module)

    if "\t" not in raw and "|" not in raw and "  " not in raw and "\u3000" not in raw:
        return None
    kind, cells = cells_of(raw)
    filled = sum(1 for cell in cells if cell.strip())
    if kind == "tab" and filled >= 2 or kind == "pipe" and filled >= 2 and not MARKDOWN_RULE.match(raw.strip()) \
            or kind == "spaces" and filled >= 3:
        return cells
    return None


def tidy_row(raw: str) -> str:
    return "\t".join(tidy(cell) for cell in raw.split("\t"))
