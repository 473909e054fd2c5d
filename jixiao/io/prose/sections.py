"""Sections whose text a reviewer reads as such (存在问题, 改进措施, 评价结论, 偏差原因 …) as core FormTexts: a heading
with the section's words and the text under it, or a row whose first cell names the section."""

from __future__ import annotations

from jixiao.core.model import FormText

from .lexicon import Lexicon, lexicon
from .text import Piece


def _label(text: str, lex: Lexicon) -> str | None:
    return next((label for label, words in lex.sections.items() if any(w in text for w in words)), None)


def form_texts(pieces: list[Piece], lex: Lexicon | None = None) -> list[FormText]:
    lex = lex or lexicon()
    found = []
    for index, piece in enumerate(pieces):
        if piece.kind == "row":
            cells = [c for c in piece.cells if c]
            label = _label(cells[0], lex) if len(cells) >= 2 and len(cells[0]) <= 16 else None
            if label:
                found.append(FormText(label=cells[0], text=" ".join(cells[1:]), where=str(piece.source)))
            continue
        if piece.kind != "heading" or len(piece.text) > 40 or not _label(piece.text, lex):
            continue
        body = []
        for following in pieces[index + 1:]:
            if following.kind == "heading" and (piece.level is None or following.level is None or
                                                following.level <= piece.level):
                break
            if following.kind != "row":
                body.append(following.text)
        found.append(FormText(label=piece.text, text="\n".join(body), where=str(piece.source)))
    return _without_contents(found)


def _without_contents(found: list[FormText]) -> list[FormText]:
    """A heading met twice (a table of contents left in) keeps the occurrence with text under it."""
    kept: dict[str, FormText] = {}
    for text in found:
        if text.label not in kept or len(text.text) > len(kept[text.label].text):
            kept[text.label] = text
    return [t for t in found if kept[t.label] is t]
