"""The layout as pieces of text in reading order: headings, paragraphs, and table rows (their cells joined), each split
into sentences that keep where they came from. Every other module of the prose reader reads these."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.io.layout.model import Heading, Layout, Paragraph, Source, Table

SENTENCE_END = re.compile(r"[。；;！!？?\n]")
FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
HAS_FULL_WIDTH = re.compile("[０１２３４５６７８９．％]")  # translate is slow on Chinese text: only where needed
SPACE_IN_NUMBER = re.compile(r"(?<=\d)\s+(?=\.\d)|(?<=\d\.)\s+(?=\d)")
BLANKS = re.compile(r"[ \t\u3000\xa0]+")


@dataclass(frozen=True)
class Piece:
    text: str
    source: Source
    kind: str  # heading, paragraph, row
    index: int  # position in reading order
    level: int | None = None  # a heading's level
    cells: tuple[str, ...] = ()  # a table row's cells, merged cells once


@dataclass(frozen=True)
class Sentence:
    text: str
    piece: Piece


def normalise(text: str) -> str:
    """Full-width digits as ASCII; runs of blanks as one space (PDF copies put spaces inside numbers and words)."""
    if HAS_FULL_WIDTH.search(text):
        text = text.translate(FULL_WIDTH)
    if "." in text:  # both of its branches hold a point (the pattern opens with a lookbehind: tried everywhere)
        text = SPACE_IN_NUMBER.sub("", text)
    return BLANKS.sub(" ", text).strip()


def _row_cells(row: list) -> tuple[str, ...]:
    cells, seen = [], set()
    for cell in row:
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        cells.append(normalise(cell.text))
    return tuple(cells)


def pieces(layout: Layout) -> list[Piece]:
    found: list[Piece] = []
    for block in layout.blocks:
        if isinstance(block, Heading):
            text = normalise(f"{block.numbering}{block.text}")
            found.append(Piece(text, block.source, "heading", len(found), block.level))
        elif isinstance(block, Paragraph):
            found.append(Piece(normalise(block.text), block.source, "paragraph", len(found)))
        elif isinstance(block, Table):
            if block.caption:
                found.append(Piece(normalise(block.caption), block.source, "heading", len(found), 9))
            for r, row in enumerate(block.grid()):
                cells = _row_cells(row)
                source = next((c.source for c in row if c is not None), block.source)
                found.append(Piece(" ".join(c for c in cells if c), source, "row", len(found), cells=cells))
    return [p for p in found if p.text or p.cells]


def sentences(all_pieces: list[Piece]) -> list[Sentence]:
    out = []
    for piece in all_pieces:
        if piece.kind == "row":
            continue
        for part in SENTENCE_END.split(piece.text):
            if part.strip():
                out.append(Sentence(part.strip(), piece))
    return out
