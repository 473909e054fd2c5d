"""Scans (image-only PDFs and .png/.jpg/.tif) read by OCR: pages rendered by poppler's `pdftoppm -r 300`, straightened,
ruling lines found and erased, speckles removed, then Debian's `tesseract` (chi_sim+eng, installed, never downloaded)
gives word boxes. Lines are rebuilt from the boxes; a line crossing the page's vertical ruling lines is a table row
split into cells at those lines, and a cell's text wrapped onto the next line (no ruling line between) joins it.
Typical OCR confusions are mended only inside figures (O→0, l/I→1, 。→. between digits, spaces inside numbers).
A cell whose figure was read with little confidence, or with ink in it left unread, is doubtful (`Source.doubtful`,
said 识别存疑): the audit turns an error resting on it into a warning asking the reviewer to check the original."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .furniture import Line, clean
from .limits import EMPTY, MAX_OCR_PAGES, UploadError, damaged
from .model import Block, Cell, Layout, Source, Table
from .relook import second_look, unread_ink
from .text import block_of_line

DPI = 300
LANGUAGES = "chi_sim"  # chi_sim reads figures well; adding eng turned Chinese words into Latin garbage on the scans
FIGURES = "eng"  # a lone figure chi_sim cannot read (25.5 read as 2, or nothing) is read again with eng
PSM = "6"  # one uniform block: table rows stay lines (4 lost columns of the scanned forms)
MEDIAN = True
TESSERACT_SECONDS = 180
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
NOISE = "“”\"'。，,、:：;；|_-—~`^*<>.·"  # what speckles and the stubs of erased lines are read as
SURE = 70  # a cell's figure read with less confidence than this is doubtful (its source says 识别存疑)


def _figure(text: str) -> bool:
    return bool(re.search(r"\d", text))


@dataclass
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float = 100.0

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Rules:
    """The ruling lines of a page as boolean masks (numpy arrays) and the x of its vertical lines."""

    horizontal: object
    vertical: object
    columns: list[int] = field(default_factory=list)
    erased: object = None  # the lines erased before reading


@dataclass
class Timing:
    pages: int = 0
    seconds: float = 0.0


LAST = Timing()  # pages and seconds of the last OCR run, for bench/ocr.py


def require_tesseract() -> str:
    binary = shutil.which("tesseract")
    if not binary:
        raise UploadError("读取扫描件需要 tesseract-ocr（含中文简体 chi_sim），本机未安装；"
                          "请以 root 运行 apt-get install tesseract-ocr tesseract-ocr-chi-sim，或提供文字版文件")
    return binary


def read_scanned_pdf(name: str, content: bytes, pages: int) -> Layout:
    require_tesseract()
    if not shutil.which("pdftoppm"):
        raise UploadError("读取扫描件 PDF 需要 poppler-utils（pdftoppm），本机未安装")
    start = time.monotonic()
    images, unread = [], []
    with tempfile.TemporaryDirectory(prefix="jixiao-ocr-") as tmp:
        source = Path(tmp) / "scan.pdf"
        source.write_bytes(content)
        last = min(pages, MAX_OCR_PAGES)
        if pages > last:
            unread.append(f"扫描件共 {pages} 页，只识别了前 {last} 页，第 {last + 1}–{pages} 页未识别")
        try:
            subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-l", str(last), str(source),
                            str(Path(tmp) / "page")], capture_output=True, timeout=60 + 10 * last, check=True)
        except (subprocess.SubprocessError, OSError):
            raise damaged("PDF") from None
        for number in range(1, last + 1):
            found = sorted(Path(tmp).glob(f"page-*{number}.png"))
            match = [p for p in found if int(p.stem.rsplit("-", 1)[1]) == number]
            if match:
                images.append((number, match[0].read_bytes()))
            else:
                unread.append(f"第 {number} 页无法转为图像")
    return _layout(name, images, unread, start)


def read_image(name: str, content: bytes) -> Layout:
    require_tesseract()
    start = time.monotonic()
    try:
        from PIL import Image, ImageSequence

        Image.MAX_IMAGE_PIXELS = 120_000_000  # a decompression bomb is refused by Pillow beyond this
        picture = Image.open(io.BytesIO(content))
        frames = []
        for index, frame in enumerate(ImageSequence.Iterator(picture)):
            if index >= MAX_OCR_PAGES:
                break
            frames.append((index + 1, _to_png(frame)))
    except UploadError:
        raise
    except Exception:  # Pillow's many errors for a broken or hostile image
        raise damaged("图片") from None
    return _layout(name, frames, [], start)


def _to_png(frame) -> bytes:
    """An image page at about 300 dpi, in grey (a 150 dpi scan is enlarged: tesseract reads Chinese best then)."""
    from PIL import Image

    image = frame.convert("L")
    dpi = frame.info.get("dpi", (0, 0))[0] or 0
    if dpi and dpi < 250 or not dpi and image.width < 2000:
        scale = (DPI / dpi) if dpi else 2
        image = image.resize((int(image.width * scale), int(image.height * scale)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _layout(name: str, images: list[tuple[int, bytes]], unread: list[str], start: float) -> Layout:
    lines: list[Line] = []
    for number, result in zip((n for n, _ in images), _each_page(images)):
        if isinstance(result, UploadError):
            raise result
        if isinstance(result, Exception):
            unread.append(f"第 {number} 页文字识别失败")
        else:
            lines.extend(result)
    LAST.pages, LAST.seconds = len(images), time.monotonic() - start
    kept, removed = clean(lines, bare_page_numbers=True)
    layout = Layout(name=name, kind="scan", removed=removed, unread=unread)
    layout.blocks = _blocks(name, kept)
    if not layout.blocks:
        if unread:
            raise UploadError("扫描件文字识别失败：" + "；".join(unread))
        raise UploadError(EMPTY + "（扫描件中没有识别出文字）")
    return layout


def _each_page(images: list[tuple[int, bytes]]) -> list:
    """Pages read side by side, one tesseract per processor (each single-threaded): a page's lines or its error."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    def one(item: tuple[int, bytes]):
        try:
            return page_lines(item[1], item[0])
        except Exception as error:  # reported per page by the caller
            return error

    workers = max(1, min(len(images), os.cpu_count() or 1))
    if workers == 1:
        return [one(item) for item in images]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, images))


def page_lines(png: bytes, page: int) -> list[Line]:
    """One page's text lines; a table row is a Line whose payload is its cells [(column, text)]. A page scanned
    sideways or upside down is turned first, as tesseract's orientation detection says."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    words, rules, unread = _read(image)
    turn = _orientation(image)
    if turn:  # checked, not trusted: the turned page must read as more Chinese than the page as it came
        turned = _read(image.rotate(-turn, expand=True, fillcolor=255))
        if _chinese(turned[0]) > _chinese(words):
            words, rules, unread = turned
    return _lines(words, rules, page, unread)


def _chinese(words: list[Word]) -> int:
    return sum(len(CJK.findall(w.text)) for w in words)


def _orientation(image) -> int:
    """Degrees clockwise that set the page upright (0, 90, 180, 270), from `tesseract --psm 0` on a smaller copy;
    0 when it is unsure."""
    scale = 1600 / max(image.size)
    small = image.resize((int(image.width * scale), int(image.height * scale))) if scale < 1 else image
    with tempfile.TemporaryDirectory(prefix="jixiao-osd-") as tmp:
        path = Path(tmp) / "page.png"
        small.save(path)
        try:
            done = subprocess.run([require_tesseract(), str(path), "stdout", "--psm", "0"], capture_output=True,
                                  timeout=60, check=False, env=_environment())
        except subprocess.TimeoutExpired:
            return 0
    said = done.stdout.decode("utf-8", "replace")
    rotate = re.search(r"Rotate:\s*(\d+)", said)
    confidence = re.search(r"Orientation confidence:\s*([\d.]+)", said)
    if not rotate or not confidence or float(confidence.group(1)) < 2.0:
        return 0
    return int(rotate.group(1)) % 360


def _read(image) -> tuple[list[Word], Rules, list[tuple[int, int, int, int]]]:
    """The page's words, its ruling lines, and the boxes of ink no word covers (a glyph the OCR did not read)."""
    import numpy as np
    from PIL import Image, ImageFilter

    image = _straighten(image)
    pixels = np.asarray(image)
    rules = _rules(pixels < 150)
    cleaned = pixels.copy()
    cleaned[_grow(rules.erased, 2)] = 255
    picture = Image.fromarray(cleaned)
    if MEDIAN:
        picture = picture.filter(ImageFilter.MedianFilter(3))
    words = _tesseract(picture)
    if len(words) < FEW:
        words = _by_bands(picture, rules, words)
    ink = np.asarray(picture) < 150
    words = second_look(picture, words, _tesseract, lambda strip: _tesseract(strip, FIGURES),
                        lambda word: _unsure_lead(word, ink, rules))
    words = [w for w in _split_at_lines(words, rules, ink) if _inked(w, ink)]
    words = _lost_relations([_relation(w, ink) for w in words], rules, ink)
    return words, rules, unread_ink(ink, words)


FEW = 5  # a page read as fewer words than this is read again row by row


def _by_bands(picture, rules: Rules, words: list[Word]) -> list[Word]:
    """A page tesseract read as a word or two though it holds a table (a lone row 自评等级 | 优 at the top of an
    otherwise blank page, read as one 人 over the whole cell): each band between two horizontal ruling lines read on
    its own, kept when it reads more Chinese than the page did."""
    import numpy as np

    ys = np.nonzero(rules.horizontal.any(axis=1))[0]
    lines: list[int] = []
    for y in ys:
        if not lines or y - lines[-1] > 8:
            lines.append(int(y))
        else:
            lines[-1] = int(y)
    found: list[Word] = []
    for top, bottom in list(zip(lines, lines[1:]))[:MAX_BANDS]:
        if bottom - top < 25:
            continue
        for word in _tesseract(picture.crop((0, max(0, top - 6), picture.width, bottom + 6))):
            found.append(Word(word.text, word.left, word.top + max(0, top - 6), word.right,
                              word.bottom + max(0, top - 6), word.confidence))
    return found if _chinese(found) > _chinese(words) else words


MAX_BANDS = 12


def _straighten(image):
    """The small rotation of a hand-fed scan, found as the angle at which rows of ink are sharpest."""
    import numpy as np

    small = image.resize((image.width // 4, image.height // 4))
    ink = np.asarray(small) < 150
    best, best_score = 0.0, -1.0
    from PIL import Image

    mask = Image.fromarray((ink * 255).astype("uint8"))
    for angle in [a / 4 for a in range(-12, 13)]:
        rows = np.asarray(mask.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)).sum(axis=1)
        score = float(np.square(np.diff(rows.astype(float))).sum())
        if score > best_score:
            best, best_score = angle, score
    if best == 0:
        return image
    return image.rotate(best, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)


def _runs(dark, length: int, axis: int):
    """Pixels inside a run of at least `length` dark pixels along `axis` (a ruling line, not a stroke of a
    character): windows of `length` fully dark, then every pixel such a window covers. Slices only, no gathers."""
    import numpy as np

    a = dark if axis == 1 else dark.T
    a = np.ascontiguousarray(a, dtype=np.int32)
    counts = np.cumsum(a, axis=1, dtype=np.int32)
    counts = np.concatenate([np.zeros((a.shape[0], 1), np.int32), counts], axis=1)
    full = ((counts[:, length:] - counts[:, :-length]) == length).astype(np.int32)  # window starting at j
    padded = np.concatenate([np.zeros((a.shape[0], length), np.int32), full,
                             np.zeros((a.shape[0], length - 1), np.int32)], axis=1)
    windows = np.cumsum(padded, axis=1, dtype=np.int32)
    covered = (windows[:, length:] - windows[:, :-length]) > 0  # some window starting in (j-length, j] covers j
    covered = covered[:, : a.shape[1]]
    return covered if axis == 1 else covered.T


def _grow(mask, size: int):
    out = mask.copy()
    for shift in range(1, size + 1):
        out[shift:, :] |= mask[:-shift, :]
        out[:-shift, :] |= mask[shift:, :]
        out[:, shift:] |= mask[:, :-shift]
        out[:, :-shift] |= mask[:, shift:]
    return out


def _rules(dark) -> Rules:
    import numpy as np

    height, width = dark.shape
    horizontal = _runs(dark, max(150, width // 20), axis=1)
    vertical = _runs(dark, max(100, height // 25), axis=0)
    # x of vertical lines: columns where a long stretch of the vertical mask lies
    profile = vertical.sum(axis=0)
    xs = {int(x) for x in np.nonzero(profile > height // 40)[0]}
    erased = horizontal | vertical
    alone = not xs  # a page with no long vertical line
    for x, top, bottom in _short_borders(dark, horizontal, vertical):
        vertical[top:bottom, x] = True  # a one-row table's borders (自评等级 | 优 alone at a page's top)
        xs.add(x)
    if alone:  # erased only where the page has no other table: erasing them changes how the rest is read
        erased = horizontal | vertical
    xs = sorted(xs)
    columns: list[int] = []
    for x in xs:
        if columns and x - columns[-1] <= 8:
            continue
        columns.append(x)
    return Rules(horizontal, vertical, columns, erased)


def _short_borders(dark, horizontal, vertical) -> list[tuple[int, int, int]]:
    """Vertical lines too short to be told from a character's stroke by length alone (the borders of a table's lone
    row, one row high): (x, top, bottom) of the runs of dark pixels at least a row high that end on a horizontal
    ruling line at both ends and lie beside no long vertical line. A stroke inside a cell never reaches both lines."""
    import numpy as np

    height = dark.shape[0]
    low = max(36, height // 70)
    bridged = dark.copy()  # a gap of a pixel or two in a scanned line is bridged
    bridged[1:-1] |= dark[:-2] & dark[2:]
    bridged[1:-2] |= dark[:-3] & dark[3:]
    short = _runs(bridged, low, axis=0) & ~_grow(vertical, 3)

    def near(y: int, x: int) -> bool:  # a scanned line may break up near its corner
        return bool(horizontal[max(0, y - 6):y + 7, max(0, x - 30):x + 31].any())
    out: list[tuple[int, int, int]] = []
    for x in np.nonzero(short.sum(axis=0) >= low)[0]:
        column = np.concatenate([[False], short[:, x], [False]])
        edges = np.nonzero(column[1:] != column[:-1])[0]
        for top, bottom in zip(edges[::2], edges[1::2]):
            if bottom - top < low or bottom - top > height // 25 + 10:
                continue
            if near(int(top), int(x)) and near(int(bottom) - 1, int(x)):
                out.append((int(x), int(top), int(bottom)))
    return out


def _tesseract(picture, languages: str = LANGUAGES) -> list[Word]:
    binary = require_tesseract()
    with tempfile.TemporaryDirectory(prefix="jixiao-tess-") as tmp:
        path = Path(tmp) / "page.png"
        picture.save(path)
        try:
            done = subprocess.run([binary, str(path), "stdout", "-l", languages, "--psm", PSM, "-c",
                                   "preserve_interword_spaces=1", "tsv"], capture_output=True,
                                  timeout=TESSERACT_SECONDS, check=False, env=_environment())
        except subprocess.TimeoutExpired:
            raise UploadError(f"扫描件一页的文字识别超过 {TESSERACT_SECONDS} 秒，已停止") from None
    if done.returncode != 0:
        raise RuntimeError("tesseract failed")
    words = []
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        left, top, w, h = (int(v) for v in parts[6:10])
        conf = float(parts[10])
        text = parts[11].strip()
        if h < 12 or conf < 5 and len(text) <= 2:
            continue  # a speckle or a line's remains read as a character (real words are read with some doubt)
        if not text.strip(NOISE):
            continue
        words.append(Word(text, left, top, left + w, top + h, conf))
    return words


def _environment() -> dict[str, str]:
    import os

    # tesseract's OpenMP threads spin against each other on a small machine: one thread is faster
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _rows(words: list[Word]) -> list[list[Word]]:
    if not words:
        return []
    heights = sorted(w.bottom - w.top for w in words)
    tolerance = max(8, heights[len(heights) // 2] * 0.5)
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.middle):
        if rows and abs(sum(x.middle for x in rows[-1]) / len(rows[-1]) - word.middle) <= tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.left) for row in rows]


def _lines(words: list[Word], rules: Rules, page: int, unread: list | None = None) -> list[Line]:
    lines: list[Line] = []
    previous_middle = 0
    for row in _rows(words):
        top, bottom = min(w.top for w in row), max(w.bottom for w in row)
        cells = _cells(row, rules, top, bottom)
        if len(cells) >= 2 or cells and _inside_table(rules, row[0], top, bottom):
            middle = (top + bottom) // 2
            ruled = [_ruled(rules, previous_middle, middle, cell[2]) for cell in cells]
            doubtful = [_doubtful(cell, row, rules, top, bottom, unread or []) for cell in cells]
            cells = [cell[:3] for cell in cells]
            text = "  ".join(t for _, t, _ in cells)
            lines.append(Line(text, page=page, payload=("row", cells, top, bottom, ruled, doubtful)))
            previous_middle = middle
        else:
            text = mend(_join(row))
            doubtful = any(w.confidence < SURE for w in row if _figure(w.text))  # a figure of the line read with doubt
            lines.append(Line(text, page=page, payload=("text", top, bottom, doubtful)))
            previous_middle = (top + bottom) // 2
    return lines


def _doubtful(cell: tuple, row: list[Word], rules: Rules, top: int, bottom: int, unread: list) -> bool:
    """A cell holding a figure is in doubt when a word of it was read with little confidence, or when ink inside
    it was left unread (a ≤ the OCR dropped before 1.6, a digit it missed): its value may not be what is printed.
    So is a mark of one or two characters read with little confidence (10 read as ER or 十)."""
    column, text, (left, right), confidence = cell
    if not re.search(r"\d", text):
        return len(text) <= 2 and confidence < SURE
    if confidence < SURE:
        return True
    lines = [0] + list(rules.columns) + [10 ** 9]
    start, end = lines[column], lines[column + 1]  # the cell's column: between the ruling lines around it
    return any(start < (l + r) / 2 < end and top - 4 <= (t + b) / 2 <= bottom + 4 for l, t, r, b in unread)


def _ruled(rules: Rules, above: int, middle: int, span: tuple[int, int]) -> bool:
    """Whether a ruling line runs between the middle of the line above and this cell's text's middle (else the
    cell's text is the wrapped rest of the cell above)."""
    if above == 0 or middle - above < 10:
        return True
    left, right = span
    band = rules.horizontal[above + 4:middle - 4, left:max(right, left + 1)]
    return bool(band.size) and float(band.any(axis=0).mean()) > 0.5


def _cells(row: list[Word], rules: Rules, top: int, bottom: int) -> list[tuple[int, str, tuple[int, int], float]]:
    """Words split at the vertical lines crossing this row: (column index, text, (left, right), the least confidence
    of its figures' words)."""
    middle = (top + bottom) // 2
    crossing = [x for x in rules.columns if rules.vertical[max(0, min(middle, rules.vertical.shape[0] - 1)),
                                                          max(0, x - 3):x + 4].any()]
    groups: list[list[Word]] = []
    size = sorted(w.bottom - w.top for w in row)[len(row) // 2]
    for word in row:
        if groups:
            previous = groups[-1][-1]
            gap = word.left - previous.right
            if any(previous.right - 4 <= x <= word.left + 4 for x in crossing) or gap > 1.5 * max(size, 20):
                groups.append([word])
                continue
            groups[-1].append(word)
        else:
            groups.append([word])
    if len(crossing) < 2:
        return []
    out = []
    for group in groups:
        left = min(w.left for w in group)
        first = group[0]
        # by the first word's centre: a box widened by the stub of an erased line still falls in its own column
        column = sum(1 for x in rules.columns if x <= (first.left + first.right) / 2)
        text = tidy(mend(_join(group)))
        if text:
            sure = min((w.confidence for w in group if _figure(w.text) or len(text) <= 2), default=100.0)
            out.append((column, text, (left, max(w.right for w in group)), sure))
    return out


def _relation(word: Word, ink) -> Word:
    """≥ and ≤ read as > and <: the glyph is looked at again. Down the middle of it, > meets ink twice (its two
    arms), ≥ (and the slanted ⩾ of Chinese fonts) three times, the bar under it included. The glyph is the first
    stretch of ink in the box wider than a speckle (a speckle before it is often read as a quote mark)."""
    text = word.text.lstrip("“”\"'。.,，")
    if text[:1] not in ("<", ">"):
        return word
    band = ink[word.top:word.bottom, word.left:word.right]
    columns = band.any(axis=0) if band.size else []
    height, start = word.bottom - word.top, None
    glyph = None
    for x, dark in enumerate(list(columns) + [False]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            if x - start >= 0.15 * height:
                glyph = (start, x)
                break
            start = None
    if glyph is None:
        return word
    runs = 0
    for x in range(glyph[0] + (glyph[1] - glyph[0]) * 3 // 10, glyph[0] + (glyph[1] - glyph[0]) * 7 // 10 + 1):
        column = band[:, x]
        runs = max(runs, int((column[1:] & ~column[:-1]).sum()) + int(column[0]))
    if runs >= 3:
        word.text = {">": "≥", "<": "≤"}[text[0]] + text[1:]
    return word


RELATION = "≥≤><"


def _inked(word: Word, ink) -> bool:
    """Whether a word read with doubt has ink in its box once speckles are filtered out: tesseract reads the faint
    dots of a scan's blank margin or empty cell as 网, 1 or 13, with little confidence, in a box with no dark pixel
    (a sure word's box may be drawn beside its ink: 值 read surely, its box over the gap after it)."""
    if word.confidence >= 50:
        return True
    return int(ink[max(0, word.top):word.bottom, max(0, word.left):word.right].sum()) >= (word.bottom - word.top) // 2


def _lost_relations(words: list[Word], rules: Rules, ink) -> list[Word]:
    """A ≥ or ≤ before a figure the OCR dropped (left its ink unread, read it as 兰 or a comma, or took it into the
    figure's box as nothing): the first glyph of ink at the start of the figure is looked at again and, when its
    shape is a relation's (see `relation_glyph`), written before the figure."""
    gone: set[int] = set()
    for word in sorted(words, key=lambda w: w.left):
        text = word.text.lstrip(NOISE)
        figure = re.match(r"(\D?)\d", text)
        if id(word) in gone or not figure or text[:1] in RELATION + "≧≦⩾⩽":
            continue
        height = word.bottom - word.top
        before = [w for w in words if id(w) not in gone and w is not word and w.right <= word.left + 4
                  and min(w.bottom, word.bottom) - max(w.top, word.top) > 0.5 * height
                  and word.left - w.right < 1.5 * height]
        previous = max(before, key=lambda w: w.right, default=None)
        loose = previous is not None and len(previous.text.strip(NOISE)) <= 1 and not _figure(previous.text)
        start = max([x + 5 for x in _lines_crossing(rules, word) if x < word.left]
                    + [int(word.left - 1.5 * height), 0] + ([previous.right] if previous and not loose else []))
        top, bottom = max(0, word.top - height // 5), word.bottom + height // 5
        glyph = _first_glyph(ink[top:bottom, start:word.right], height)
        said = relation_glyph(glyph[2]) if glyph else ""
        if not said:
            continue
        left, right = glyph[0] + start, glyph[1] + start
        if loose and previous.left >= left - 6 and (previous.left + previous.right) / 2 <= right:
            gone.add(id(previous))  # the relation read as 兰: its word gives way
        ahead = figure.group(1)
        word.text = said + text[len(ahead):]
        word.left = min(word.left, left)
    return [w for w in words if id(w) not in gone]


def _unsure_lead(word: Word, ink, rules: Rules) -> bool:
    """Whether the first glyph in a word's box may be no digit: none found, the shape of a relation (≥ ≤ > <), or
    hard by a vertical ruling line (the stub of an erased border, read as 1)."""
    height = word.bottom - word.top
    top, bottom = max(0, word.top - height // 5), word.bottom + height // 5
    glyph = _first_glyph(ink[top:bottom, max(0, word.left):word.right], height)
    if glyph is None or relation_glyph(glyph[2]):
        return True
    left = max(0, word.left) + glyph[0]
    return any(0 <= left - x <= 16 for x in _lines_crossing(rules, word))


def _lines_crossing(rules: Rules, word: Word) -> list[int]:
    middle = int(min(max(word.middle, 0), rules.vertical.shape[0] - 1))
    return [x for x in rules.columns if rules.vertical[middle, max(0, x - 3):x + 4].any()]


def _first_glyph(band, height: int):
    """The first glyph across `band`: the first stretch of ink columns (a gap of one or two white columns does not
    end it) whose ink is taller than a speckle's; (left, right, its ink cropped to its rows)."""
    import numpy as np

    if not band.size:
        return None
    columns = list(band.any(axis=0)) + [False] * 3
    start = None
    for x, dark in enumerate(columns):
        if dark and start is None:
            start = x
        elif start is not None and not dark and not any(columns[x:x + 3]):
            piece = band[:, start:x]
            rows = np.nonzero(piece.any(axis=1))[0]
            if rows[-1] - rows[0] + 1 >= 0.45 * height:
                return start, x, piece[rows[0]:rows[-1] + 1]
            start = None
    return None


def relation_glyph(glyph) -> str:
    """"≥", "≤", ">", "<" when a glyph's ink (cropped to it) has a relation's shape, else "". A chevron's upper arm
    runs from the open side's top to the point at mid-height: down the top rows its ink's edge crosses the glyph,
    its top row's ink is narrow, and the middle rows' ink reaches the point's side. ≥ and ≤ (upright, or the slanted
    ⩾ of Chinese fonts) add a bar under it, so that down the middle the ink is met three times, not twice."""
    import numpy as np

    height, width = glyph.shape
    if height < 12 or not 0.6 * height <= width <= 1.3 * height:  # a chevron is about as wide as it is high
        return ""
    top = np.nonzero(glyph[: max(1, height // 5)].any(axis=0))[0]
    middle = np.nonzero(glyph[int(height * 0.4):int(height * 0.6) + 1].any(axis=0))[0]
    upper = [np.nonzero(row)[0] for row in glyph[: int(height * 0.45)]]
    upper = [row for row in upper if len(row)]
    if not len(top) or not len(middle) or len(upper) < 3 or top[-1] - top[0] > 0.6 * width:
        return ""
    lefts, rights = [row[0] for row in upper], [row[-1] for row in upper]
    if lefts[0] <= 0.3 * width and max(lefts) >= 0.55 * width and middle[-1] >= 0.75 * width:
        opens = ">"
    elif rights[0] >= 0.7 * width and min(rights) <= 0.45 * width and middle[0] <= 0.25 * width:
        opens = "<"
    else:
        return ""
    runs = 0
    for x in range(int(width * 0.3), int(width * 0.7) + 1):
        column = glyph[:, x]
        runs = max(runs, int((column[1:] & ~column[:-1]).sum()) + int(column[0]))
    if runs >= 3:
        return {">": "≥", "<": "≤"}[opens]
    return opens if runs == 2 else ""


def _split_at_lines(words: list[Word], rules: Rules, ink) -> list[Word]:
    """Word boxes tesseract drew across a column's ruling line cut at the line (13.33 in one cell and 部 of the next
    cell's text read as one word). A side with hardly any ink (a speckle read as a quote mark) is not a word: the
    box is narrowed to the other side instead, so that the word falls in its own column."""
    out: list[Word] = []
    for word in words:
        middle = int(min(max(word.middle, 0), rules.vertical.shape[0] - 1))
        inside = [x for x in rules.columns if word.left + 8 < x < word.right - 8
                  and rules.vertical[middle, max(0, x - 3):x + 4].any()]
        out.extend(_cut(word, inside, ink) if inside else [word])
    return out


def _cut(word: Word, lines: list[int], ink) -> list[Word]:
    x, height = lines[0], word.bottom - word.top
    band = ink[word.top:word.bottom]
    left_ink = int(band[:, word.left:x - 3].any(axis=0).sum())
    right_ink = int(band[:, x + 4:word.right].any(axis=0).sum())
    if right_ink < 0.4 * height or left_ink < 0.4 * height:
        keep_left = left_ink >= right_ink
        text = word.text.rstrip(NOISE) if keep_left else word.text.lstrip(NOISE)
        narrowed = Word(text or word.text, word.left if keep_left else x + 4, word.top,
                        x - 3 if keep_left else word.right, word.bottom, word.confidence)
        return _cut(narrowed, lines[1:], ink) if lines[1:] and not keep_left else [narrowed]
    if len(word.text) < 2:
        return [word]
    # the text is cut where its share on the left matches the ink's: Chinese characters count as wide as high,
    # figures and letters about half that
    widths = [1.0 if CJK.match(c) else 0.55 for c in word.text]
    share = left_ink / (left_ink + right_ink)
    cut = min(range(1, len(widths)), key=lambda k: abs(sum(widths[:k]) / sum(widths) - share))
    left = Word(word.text[:cut], word.left, word.top, x - 3, word.bottom, word.confidence)
    right = Word(word.text[cut:], x + 4, word.top, word.right, word.bottom, word.confidence)
    return [left] + (_cut(right, lines[1:], ink) if lines[1:] else [right])


def _inside_table(rules: Rules, word: Word, top: int, bottom: int) -> bool:
    middle = (top + bottom) // 2
    lefts = [x for x in rules.columns if x <= word.left and rules.vertical[middle, max(0, x - 3):x + 4].any()]
    return bool(lefts)


def _join(words: list[Word]) -> str:
    out = ""
    for word in words:
        if out and not (CJK.search(out[-1]) or CJK.search(word.text[0])):
            out += " "
        out += word.text
    return out


FIGURE = re.compile(r"(?<![A-Za-z])[0-9OolIi|.。,，% ]*\d[0-9OolIi|.。,，% ]*(?![A-Za-z])")


def mend(text: str) -> str:
    """OCR confusions mended only inside figures: a run of digits with O/o, l/I/|, 。 and stray spaces in it."""

    def fix(match: re.Match) -> str:
        figure = match.group(0)
        core = figure.strip()
        if not re.search(r"\d", core):
            return figure
        lead = figure[: len(figure) - len(figure.lstrip())]
        trail = figure[len(figure.rstrip()):]
        core = core.translate(str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1", "|": "1"}))
        core = re.sub(r"(?<=\d)[。，,](?=\d{1,2}(?:%|$|\D))", ".", core)
        core = re.sub(r"(?<=\d)[。](?=\d)", ".", core)
        core = re.sub(r"(?<=[\d.])\s+(?=[\d.%])", "", core)
        return lead + core + trail

    return FIGURE.sub(fix, text)


def tidy(cell: str) -> str:
    """A cell without the quote marks and commas speckles next to its figure are read as; 97:82 read for 97.82."""
    cell = cell.strip()
    if cell.startswith("“") and "”" not in cell or cell.startswith("”"):
        cell = cell[1:].strip()
    if cell.endswith("“") or cell.endswith("”") and "“" not in cell:
        cell = cell[:-1].strip()
    if re.search(r"\d", cell):
        cell = cell.strip("“”\"'。，,、:：;；|_~`^*·").strip()
        cell = re.sub(r"^(\d{1,3})[:：](\d{1,2})$", r"\1.\2", cell)
        cell = re.sub(r"^[之过]\s*(?=\d)", "≥", cell)
        cell = re.sub(r"^[《〈.]\s*(?=\d)", "", cell)  # a border's stub or a speckle before a figure
        cell = re.sub(r"^([>≥])[>=≥]+(?=\d)", "≥", re.sub(r"^([<≤])[<=≤]+(?=\d)", "≤", cell))  # ⩾'s bar read as >
        cell = re.sub(r"^(\d+(?:\.\d+)?%)\d$", r"\1", cell)  # a speckle after a percentage read as a digit
    else:  # a speckle before a cell's first character read as a mark (.实际完成值): no word begins with one
        cell = re.sub(r"^[.。,，、:：;；|_~`^*·'\"]+(?=[\u4e00-\u9fff])", "", cell)
    return cell.strip(NOISE) if len(cell.strip(NOISE)) == 0 else cell


def _blocks(name: str, lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    run: list[Line] = []

    def flush() -> None:
        if run:
            blocks.append(_table(name, run, sum(isinstance(b, Table) for b in blocks) + 1))
            run.clear()

    for line in lines:
        if line.payload and line.payload[0] == "row":
            run.append(line)
            continue
        flush()
        block = block_of_line(name, Line(line.text, page=line.page))
        if block:
            doubtful = bool(line.payload and line.payload[3:4] == (True,))
            block.source = Source(file=name, page=line.page, doubtful=doubtful)
            blocks.append(block)
    flush()
    return blocks


def _table(name: str, run: list[Line], number: int) -> Table:
    """Rows of cells by column; a cell on a line with no ruling line above it continues the cell above (wrapped)."""
    rows: list[dict[int, str]] = []
    doubts: list[set[int]] = []  # per row, the columns whose reading is in doubt
    pages: list[int | None] = []
    for line in run:
        _, cells, top, bottom, ruled = line.payload[:5]
        doubtful = line.payload[5] if len(line.payload) > 5 else [False] * len(cells)
        loose = sum(len(text) for (_, text, _), r in zip(cells, ruled) if not r)
        if rows and loose >= sum(len(text) for _, text, _ in cells) / 2:
            for (column, text, _), r, doubt in zip(cells, ruled, doubtful):
                if not r or column in rows[-1]:
                    rows[-1][column] = rows[-1].get(column, "") + text
                    if doubt:
                        doubts[-1].add(column)
            continue
        row: dict[int, str] = {}
        for column, text, _ in cells:  # pieces split by a gap under one column rejoin
            row[column] = row[column] + text if column in row else text
        rows.append(row)
        doubts.append({column for (column, _, _), doubt in zip(cells, doubtful) if doubt})
        pages.append(line.page)
    columns = sorted({c for row in rows for c in row})
    index = {c: i for i, c in enumerate(columns)}
    out = []
    for r, row in enumerate(rows):
        for column, text in sorted(row.items()):
            c = index[column]
            where = Source(file=name, page=pages[r], cell=f"表 {number} 第 {r + 1} 行第 {c + 1} 列",
                           doubtful=column in doubts[r])
            out.append(Cell(text, r, c, source=where))
    return Table(out, source=Source(file=name, page=pages[0] if pages else None, cell=f"表 {number}"))


