"""A Layout as one stream of cells in reading order. A table gives its rows (a merged cell once per row); a paragraph
gives its words (a web page's "one cell per line" gives one cell per paragraph, a flattened Word file one long line
of words); a line whose cells were run together is cut at the forms' label words, and what is left between two labels
is one cell for the aligner."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from jixiao.io.layout.model import Heading, Layout, Paragraph, Source, Table

from .values import clean, key

_PAREN_ONLY = re.compile(r"^[（(][^（）()]*[）)]$")
_NUMBERED = re.compile(r"^\d+\s*[:：]")
_PART_OF = re.compile(r"^(?:其中[:：]?|目标\d+)")  # 目标1产出指标…: a goal's row opens with its number


class _kept:  # functools.cached_property without the lock Python 3.11 takes on every first read
    """A value computed on its first read and kept in the instance's __dict__, which later reads find first."""

    def __init__(self, function):
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __set_name__(self, owner, name) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


@dataclass
class Token:
    text: str
    source: Source
    row: int  # rows of a table; a paragraph is one row
    table: bool = False  # a table's cell (its position is the document's), else a word or line of text
    split: bool = False  # cut out of a run-together line at a label word
    heading: bool = False

    # key and label are asked millions of times while forms are matched: computed once per token (a token's text is
    # not changed after it is made; a token cut from another is a new one, with its own)
    @_kept
    def key(self) -> str:
        return key(self.text)

    @_kept
    def label(self) -> str:
        """The label of a cell that holds its value after a colon (预 算 编 码：318001 → 预算编码), else its key."""
        for colon in ("：", ":"):
            if colon in self.text:
                return key(self.text.partition(colon)[0])
        return self.key


def tokens(layout: Layout) -> list[Token]:
    out: list[Token] = []
    row = 0
    for number, block in enumerate(layout.blocks):
        if isinstance(block, Table):
            for r, cells in enumerate(block.grid()):
                previous = None
                for c, cell in enumerate(cells):
                    if cell is not None and cell is previous:
                        continue
                    previous = cell
                    source = cell.source if cell is not None else block.source
                    if not source.cell:
                        source = replace(source, cell=f"表格第 {r + 1} 行第 {c + 1} 列")
                    out.append(Token(clean(cell.text) if cell else "", source, row, table=True))
                row += 1
        elif isinstance(block, (Paragraph, Heading)):
            heading = isinstance(block, Heading)
            out.extend(Token(word, block.source, row, heading=heading) for word in _words(block.text))
            row += 1
    return out


def _words(text: str) -> list[str]:
    """A paragraph's words; a bracketed note alone ("(盖章)") stays with the word before it."""
    words: list[str] = []
    spaced = False  # the word before was one character of a letter-spaced label (预 算 编 码)
    for word in clean(text).split():
        word = word.strip("|").strip()
        if words and (_PAREN_ONLY.match(word) or spaced):
            words[-1] += word
        elif word:
            words.append(word)
        spaced = len(word) == 1 and "\u4e00" <= word <= "\u9fff" and len(words[-1] if words else "") <= 4
    if len(words) == 2 and _FIGURE_FIRST.match(words[0]) and "\u4e00" <= words[1][:1] <= "\u9fff":
        # a line that is a figure and the words after it ("118 人", "12 月底前", "2023 年…案件数") is one cell that
        # a PDF spaced, not two: a line of cells ends in figures, it does not open with one
        words = [f"{words[0]} {words[1]}"]
    elif (len(words) == 3 and _cjk(words[0][-1:]) and _FIGURE_FIRST.match(words[1]) and len(words[2]) >= 2
          and _cjk(words[2][:1])):
        words = [" ".join(words)]  # 保障 7.34 万到龄人员…: a name with a figure in it, spaced on both sides
    return words or [""]


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# a figure, a scan's O for 0 and l for 1 included (l18, 2O23)
_FIGURE_FIRST = re.compile(r"^[≥≤><=＞＜]{0,2}(?=[\dOlI.]*\d)[\dOlI]+(?:\.[\dOlI]+)?%?$")


def split_labels(stream: list[Token], vocabulary: list[str]) -> list[Token]:
    """Cut words of text at the label words they hold ("主管部门荆岭县农业农村局实施单位…"), longest label first."""
    words = set(vocabulary)
    openings = tuple(vocabulary)
    by_first = _by_first(vocabulary)
    out: list[Token] = []
    for token in stream:
        # only a line that begins with a label is a run of cells; a sentence that mentions 得分 is a sentence
        start = _PART_OF.sub("", token.text)
        if token.table:  # a table cell holding two header words is two columns a scan ran together (三级指标.分值)
            pieces = [p for p in _cut(token.text, vocabulary, by_first) if p.strip(".,，、·:： ")]
            if len(pieces) > 1 and all(key(p) in words for p in pieces):
                out.extend(replace(token, text=p) for p in pieces)
            else:
                out.append(token)
            continue
        # a line opens with a label as printed, or with one whose bracketed note the vocabulary leaves out
        # (部门（单位）名称：… for 部门名称), its value after the colon
        if token.key in words or start[:1] not in by_first or not (start.startswith(openings) or token.label in words):
            out.append(token)
            continue
        pieces = _cut(token.text, vocabulary, by_first)
        if len(pieces) == 1 or len(pieces) == 2 and _NUMBERED.match(pieces[1]):
            out.append(token)  # 年度目标1：保障防汛抗旱安全（20分） alone on its line is a goal's cell, not a label and a value
            continue
        out.extend(Token(p, token.source, token.row, split=True, heading=token.heading) for p in pieces)
    return out


def _by_first(vocabulary: list[str]) -> dict[str, list[str]]:
    """The label words by their first character, each list in the vocabulary's order (longest first)."""
    by_first: dict[str, list[str]] = {}
    for word in vocabulary:
        by_first.setdefault(word[0], []).append(word)
    return by_first


def _cut(text: str, vocabulary: list[str], by_first: dict[str, list[str]] | None = None) -> list[str]:
    pieces: list[str] = []
    rest = ""
    i = 0
    # most positions start no label, and a label is tried only where its first character is
    by_first = by_first if by_first is not None else _by_first(vocabulary)
    while i < len(text):
        found = next((w for w in by_first.get(text[i], ()) if text.startswith(w, i)), None)
        if found:
            end = i + len(found)
            # a label keeps its bracketed note and colon: 预算执行情况（万元）, 年度资金总额：
            while end < len(text) and text[end] in "：:":
                end += 1
            note = re.match(r"[（(][^（）()]*[）)]", text[end:])
            if note:
                end += note.end()
            label = text[i:end]
            lead = re.search(r"其中[:：]?$", rest.strip())
            if lead:  # 其中：财政拨款 is one label
                label, rest = lead.group(0) + label, rest.strip()[:lead.start()]
            if rest.strip():
                pieces.append(rest.strip())
            rest = ""
            pieces.append(label)
            i = end
        else:
            rest += text[i]
            i += 1
    if rest.strip():
        pieces.append(rest.strip())
    return pieces
