"""A second look at a scanned page: tesseract reading a whole page as one block drops short, lone marks (a cell's
"1", a weight's "30", a header's "分") and misreads some words with little confidence. The ink no word box covers and
the words read with doubt are cut out, stacked one under another on a small strip, and read again by one more
tesseract call; what the strip reads is put back at its place on the page. One strip per page keeps the cost to a
fraction of the page's own reading."""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBT = 50  # words read with less confidence than this are read again
UNSURE = 70  # figures read with less confidence than this are read again by the Latin model (the page's SURE)
FEW = 5  # a page read as fewer words than this (a lone table row at a page's top) ...
TYPICAL = 48  # ... is taken to be printed at most this high (pixels at 300 dpi: body text of 10.5 to 12 points)
SURE_FIGURE = 85  # the Latin model's reading that completes a doubtful figure is this sure at least
LOST = 10  # a word without figures read with less confidence, where the strip reads nothing, is dropped
ACCEPT = 50  # a lone mark read on the strip is kept from this confidence
BLOCK = 4  # pixels per cell of the coarse ink grid the marks are found on
GAP = 40  # white pixels between the pieces on the strip
MAX_PIECES = 120  # a noisy page does not turn the strip into a second page
FIGURE = re.compile(r"[≥≤><]?\d(?:[\d.,]*\d)?%?")
CJK = re.compile(r"[\u3400-\u9fff]")
_SPECKS = "“”\"'。，,、:：;；|_~`^*·"  # what a speckle beside a word is read as: not a character a crop would drop
_DIGIT_LIKE = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1", "|": "1"})  # 1l0 is a figure too


@dataclass
class Piece:
    left: int
    top: int
    right: int
    bottom: int
    replaces: list  # the doubtful words this piece is read again for (empty: ink no word covered)


def second_look(picture, words: list, read, read_figures=None, relation=None) -> list:
    """`words` with the uncovered marks added and the doubtful words replaced when the strip reads them better;
    `read(image)` is the page reader (tesseract) returning words in the image's coordinates; `read_figures` reads
    the doubtful figures again on a strip of their own (a Latin model reads a lone 25.5 that chi_sim does not)."""
    import numpy as np

    if not words:
        return words
    ink = np.asarray(picture) < 150
    height = sorted(w.bottom - w.top for w in words)[len(words) // 2]
    if len(words) < FEW:  # a word or two, maybe one box drawn over a whole cell, give no measure of the text
        height = min(height, TYPICAL)
    pieces = _doubtful(words, ink.shape) + _uncovered(ink, words, height)
    if not pieces:
        return words
    pieces = pieces[:MAX_PIECES]
    strip, offsets = _strip(picture, pieces)
    try:
        found = read(strip)
    except Exception:  # noqa: BLE001 — the second look is a bonus: the page's own reading stands without it
        return words
    kept = list(words)
    wide = 0.8 * height  # a Chinese character is about as wide as the line is high
    for piece, got in zip(pieces, _by_piece(found, pieces, offsets)):
        if not got and piece.replaces and max(w.confidence for w in piece.replaces) < LOST \
                and not any(c.isdigit() for w in piece.replaces for c in w.text):
            kept = [w for w in kept if not any(w is r for r in piece.replaces)]  # a box drawn over a speckle
        if not got:
            continue
        if piece.replaces:
            others = [w for w in kept if not any(w is r for r in piece.replaces)]
            got = [w for w in got if not any(_overlap(w, o) for o in others)]  # a neighbour read again
            if not got or not _better(got, piece.replaces, wide):
                continue
            kept = [w for w in kept if not any(w is r for r in piece.replaces)]
        else:  # each mark on its own: a sure 维修 is kept beside a doubtful scrap of the next character
            got = [w for w in got if w.confidence >= ACCEPT and _whole(w, words, wide, height)]
        kept.extend(got)
    return _figures_again(picture, words, kept, read_figures, wide, relation) if read_figures else kept


def _figures_again(picture, words: list, kept: list, read_figures, wide: float, relation=None) -> list:
    """The page's figures read with some doubt, and narrow marks read as a Chinese character with little confidence
    (1 read as 区), read on a strip of their own by the Latin model. A reading made only of a figure's characters
    replaces them when it has the same digits and is surer, or, read surely, when it completes the old reading
    (7.5 read as 7, 168 as 68 beside the cell's border) or reads the narrow mark as a figure: those stay doubtful.
    A digit added before the old reading is taken only when `relation(word)` says the ink there is no ≥ or ≤ (the
    Latin model reads ≥300 as 2300) and no border's stub."""
    shape = (picture.height, picture.width)
    page = {id(w) for w in words}  # a reading the first strip gave stays: two readings disagreeing keep it doubtful
    chosen = [w for w in kept if id(w) in page and (w.confidence < UNSURE and _figure_like(w) or _narrow_mark(w))]
    pieces = [Piece(max(0, w.left - 6), max(0, w.top - 6), min(shape[1], w.right + 6), min(shape[0], w.bottom + 6),
                    [w]) for w in chosen][:MAX_PIECES]
    if not pieces:
        return kept
    strip, offsets = _strip(picture, pieces)
    try:
        found = read_figures(strip)
    except Exception:  # noqa: BLE001 — e.g. no eng model installed: the first strip's reading stands
        return kept
    for piece, got in zip(pieces, _by_piece(found, pieces, offsets)):
        if not got or not all(FIGURE.fullmatch(w.text) for w in got):
            continue
        old = piece.replaces[0]
        if _better(got, piece.replaces, wide):
            kept = [w for w in kept if w is not old] + got
        elif len(got) == 1 and got[0].confidence >= SURE_FIGURE and _completes(got[0], old, relation):
            got[0].confidence = min(old.confidence, UNSURE - 1)
            kept = [w for w in kept if w is not old] + got
    return kept


def _figure_like(word) -> bool:
    return bool(FIGURE.fullmatch(word.text.strip(_SPECKS).translate(_DIGIT_LIKE)))


def _narrow_mark(word) -> bool:
    """One Chinese character read with little confidence in a box too narrow for one (a lone 1 read as 区)."""
    text = word.text.strip(_SPECKS)
    return len(text) == 1 and bool(CJK.match(text)) and word.confidence < DOUBT and \
        word.right - word.left < 0.5 * (word.bottom - word.top)


def _completes(new, old, relation=None) -> bool:
    """A sure reading of a figure that the doubtful one is part of, with a character or two more at its end (or, when
    `relation` allows, at its start); or a narrow mark's figure of one or two digits."""
    was = old.text.strip(_SPECKS).translate(_DIGIT_LIKE)
    now = new.text
    if _narrow_mark(old):
        return bool(re.fullmatch(r"\d{1,2}", now))
    leading = relation is not None and not relation(old)  # ≥300 is read by the Latin model as 2300
    digits_was, digits_now = re.sub(r"\D", "", was), re.sub(r"\D", "", now)
    if digits_was and digits_was in digits_now and 0 < len(now) - len(was) <= 2 and was[:1] not in "≥≤><":
        return now.startswith(was) or now.endswith(was) and leading  # 7.5 read as 7; 168 read as 68
    return False


def _better(new: list, old: list, wide: float) -> bool:
    """A doubtful word is replaced by a much surer reading with the same figures (a speckle by a figure is not
    read into it, a neighbour's digit not taken in), drops no characters (a crop cut too tight reads fewer, with
    confidence) and whose Chinese characters are whole (a crop that cut off 亻 reads 值 as 直). A figure read with
    hardly any confidence may instead have taken in a cell's border as 1, or read a decimal point or % as digits
    (9.85 as 1985, 98.50% as 90850096): a sure reading of one figure whose digits it holds in order replaces it, and
    stays doubtful (it keeps the old reading's confidence)."""
    digits = re.sub(r"\D", "", "".join(w.text for w in old))
    surer = min(w.confidence for w in new) > max(min(w.confidence for w in old) + 20, 60)
    if surer and _garbled(new, old, digits):
        for word in new:
            word.confidence = min(w.confidence for w in old)
        return True
    return (surer and re.sub(r"\D", "", "".join(w.text for w in new)) == digits
            and sum(len(w.text.strip(_SPECKS)) for w in new) >= sum(len(w.text.strip(_SPECKS)) for w in old)
            and all(_full_width(w, wide) for w in new if _chinese(w)))


def _garbled(new: list, old: list, digits: str) -> bool:
    """A figure read with hardly any confidence that a sure reading of one figure corrects: its digits are the
    doubtful reading's, in order, less those a border or a decimal point made; or the doubtful reading is one or two
    characters with no digit at all (15 read as 司)."""
    found = re.sub(r"\D", "", "".join(w.text for w in new))
    if len(new) != 1 or len(old) != 1 or not FIGURE.fullmatch(new[0].text) or old[0].confidence >= DOUBT:
        return False
    if not digits and len(old[0].text.strip(_SPECKS)) <= 2 and new[0].confidence >= 90:
        return True
    if not found or len(found) >= len(digits) or min(w.confidence for w in new) < 85:
        return False
    rest = iter(digits)
    return all(d in rest for d in found)


def _chinese(word) -> bool:
    return bool(word.text) and all(CJK.match(c) for c in word.text)


def _full_width(word, wide: float) -> bool:
    return word.right - word.left >= wide * len(word.text)


def _overlap(word, other) -> bool:
    across = min(word.right, other.right) - max(word.left, other.left)
    down = min(word.bottom, other.bottom) - max(word.top, other.top)
    return across > 0.3 * (word.right - word.left) and down > 0.3 * (word.bottom - word.top)


def _whole(word, words: list, wide: float, height: int) -> bool:
    """Whether a mark read on the strip is a whole word, not the part of a neighbour's character its box left
    out (亻 of 值 read as "1", half of 填 read as 上): one standing apart from the words of its line, or Chinese
    characters as wide as they are high."""
    if any(_overlap(word, other) for other in words):
        return False  # the strip read a neighbour's character again
    if _chinese(word) and _full_width(word, wide):
        return True
    for other in words:
        if other.bottom < word.top or other.top > word.bottom:
            continue
        if max(other.left - word.right, word.left - other.right) < 0.3 * height:
            return False
    return True


def unread_ink(ink, words: list) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom) of the character-sized ink no word covers once the page is read: what the
    OCR left unread there."""
    if not words:
        return []
    height = sorted(w.bottom - w.top for w in words)[len(words) // 2]
    return [(p.left, p.top, p.right, p.bottom) for p in _uncovered(ink, words, height)]


def _doubtful(words: list, shape) -> list[Piece]:
    pieces = []
    for word in words:
        mixed = re.search(r"\d", word.text) and re.search(r"[A-Za-z|]", word.text) and word.confidence < 70
        if word.confidence < DOUBT or mixed:  # a figure with a letter in it (1l0) is read again too
            pieces.append(Piece(max(0, word.left - 6), max(0, word.top - 6), min(shape[1], word.right + 6),
                                min(shape[0], word.bottom + 6), [word]))
    return pieces


def _uncovered(ink, words: list, height: int) -> list[Piece]:
    """Clusters of ink outside every word box, as tall as a character's stroke at least (speckles are smaller)."""
    rows, cols = ink.shape[0] // BLOCK, ink.shape[1] // BLOCK
    coarse = ink[: rows * BLOCK, : cols * BLOCK].reshape(rows, BLOCK, cols, BLOCK).sum(axis=(1, 3)) >= 2
    for word in words:
        coarse[max(0, word.top // BLOCK - 1): word.bottom // BLOCK + 2,
               max(0, word.left // BLOCK - 1): word.right // BLOCK + 2] = False
    pieces = []
    for top, left, bottom, right, count in _clusters(coarse, reach=max(2, height // (2 * BLOCK))):
        tall = (bottom - top) * BLOCK
        if tall < max(12, height * 0.45) or tall > height * 2.5 or count < 6:
            continue
        pieces.append(Piece(max(0, left * BLOCK - 8), max(0, top * BLOCK - 8), min(ink.shape[1], right * BLOCK + 8),
                            min(ink.shape[0], bottom * BLOCK + 8), []))
    return pieces


def _clusters(mask, reach: int) -> list[tuple[int, int, int, int, int]]:
    """Boxes (top, left, bottom, right, cells) of the groups of marked cells lying within `reach` cells across
    (the characters of one word) and touching down: runs per row, joined with the runs of the row above."""
    import numpy as np

    parent: list[int] = []
    boxes: list[list[int]] = []

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    previous: list[tuple[int, int, int]] = []
    for y in range(mask.shape[0]):
        xs = np.nonzero(mask[y])[0]
        if not len(xs):
            previous = []
            continue
        runs: list[tuple[int, int, int]] = []
        start = last = int(xs[0])
        count = 1
        for x in xs[1:]:
            x = int(x)
            if x - last > reach:
                runs.append(_run(start, last, count, parent, boxes, y))
                start, count = x, 0
            last = x
            count += 1
        runs.append(_run(start, last, count, parent, boxes, y))
        for a0, a1, a in runs:
            for b0, b1, b in previous:
                if a0 <= b1 + 1 and b0 <= a1 + 1:
                    ra, rb = root(a), root(b)
                    if ra != rb:
                        parent[rb] = ra
                        _merge(boxes[ra], boxes[rb])
        previous = runs
    return [tuple(boxes[i]) for i in range(len(parent)) if parent[i] == i]


def _run(start: int, end: int, count: int, parent: list[int], boxes: list[list[int]], y: int):
    parent.append(len(parent))
    boxes.append([y, start, y + 1, end + 1, count])
    return start, end, len(parent) - 1


def _merge(into: list[int], other: list[int]) -> None:
    into[0], into[1] = min(into[0], other[0]), min(into[1], other[1])
    into[2], into[3] = max(into[2], other[2]), max(into[3], other[3])
    into[4] += other[4]


def _strip(picture, pieces: list[Piece]):
    """The pieces pasted one under another on white; the top of each on the strip."""
    from PIL import Image

    width = max(p.right - p.left for p in pieces) + 2 * GAP
    height = sum(p.bottom - p.top + GAP for p in pieces) + GAP
    strip = Image.new("L", (width, height), 255)
    offsets, y = [], GAP
    for piece in pieces:
        strip.paste(picture.crop((piece.left, piece.top, piece.right, piece.bottom)), (GAP, y))
        offsets.append(y)
        y += piece.bottom - piece.top + GAP
    return strip, offsets


def _by_piece(found: list, pieces: list[Piece], offsets: list[int]) -> list[list]:
    """The strip's words given back to their pieces, moved to the page's coordinates."""
    out: list[list] = [[] for _ in pieces]
    for word in found:
        middle = (word.top + word.bottom) / 2
        for index, (piece, top) in enumerate(zip(pieces, offsets)):
            if top - GAP / 2 <= middle <= top + piece.bottom - piece.top + GAP / 2:
                dx, dy = piece.left - GAP, piece.top - top
                word.left, word.right = word.left + dx, word.right + dx
                word.top, word.bottom = word.top + dy, word.bottom + dy
                out[index].append(word)
                break
    return out
