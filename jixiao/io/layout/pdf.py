"""Text PDFs into a Layout (pdfplumber): tables rebuilt from their ruling lines, a merged cell one Cell with the spans
its lines give, a table continued on the next page joined to it; the words outside tables grouped into lines (a wide
gap kept as two spaces, so a table drawn without lines is read as an aligned text table), lines into paragraphs joined
across line and page breaks while the sentence goes on; headings by numbering; page in every Source.

A PDF with (almost) no text layer is a scan and goes to OCR."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from jixiao.core.phrasing import WIDE, join_lines

from .aligned import aligned_run, placed
from .captions import caption_of
from .furniture import Line, clean
from .limits import EMPTY, MAX_PDF_PAGES, UploadError, damaged
from .model import Block, Cell, Heading, Layout, Paragraph, Source, Table
from .numbering import heading_of, numbering_of
from .text import _table_run, cells_of

MIN_CHARS_PER_PAGE = 30  # below this on average the PDF is an image with (at most) a stray text layer
SENTENCE_END = "。！？；：!?;:"
CJK = WIDE  # core.phrasing: the same characters join wrapped lines


@dataclass
class Drawn:
    """A table drawn with ruling lines, its cells in document coordinates (pages stacked)."""

    page: int
    left: float
    right: float
    bottom: float
    cells: list[tuple[tuple[float, float, float, float], str, int]] = field(default_factory=list)


def read_pdf(name: str, content: bytes) -> Layout:
    try:
        import pdfplumber

        document = pdfplumber.open(io.BytesIO(content))
        pages = document.pages
        count = len(pages)
    except Exception as error:  # a truncated, encrypted or hostile PDF
        if "password" in type(error).__name__.lower() or "encrypt" in repr(error).lower():
            raise UploadError("PDF 已加密，请提供未加密的文件") from None
        raise damaged("PDF") from None
    if count > MAX_PDF_PAGES:
        raise UploadError(f"PDF 超过 {MAX_PDF_PAGES} 页")
    try:
        scanned = sum(len(page.chars) for page in pages) < MIN_CHARS_PER_PAGE * max(count, 1)
    except Exception:
        document.close()
        raise damaged("PDF") from None
    if scanned:
        document.close()
        from .ocr import read_scanned_pdf

        return read_scanned_pdf(name, content, count)
    try:
        lines: list[Line] = []
        unread: list[str] = []
        offset = 0.0
        for page in pages:
            try:
                if _image_page(page):
                    lines.extend(_scanned_page(content, page.page_number, unread))
                else:
                    lines.extend(_page_lines(page, offset))
                    _note_images(page, unread)
            except UploadError:
                raise
            except Exception:  # one broken page does not lose the others
                unread.append(f"第 {page.page_number} 页无法读取")
            offset += float(page.height)
    except UploadError:
        raise
    except Exception:
        raise damaged("PDF") from None
    finally:
        document.close()
    kept, removed = clean(lines, bare_page_numbers=True)
    layout = Layout(name=name, kind="pdf", removed=removed, unread=unread)
    layout.blocks = _blocks(name, kept)
    if not layout.blocks:
        raise UploadError(EMPTY)
    return layout


def _image_page(page) -> bool:
    """A page of a text PDF that is itself a scan: (almost) no text and an image over most of it."""
    if len(page.chars) >= MIN_CHARS_PER_PAGE:
        return False
    area = float(page.width * page.height) or 1.0
    return any(_image_area(image) > 0.3 * area for image in page.images)


def _image_area(image) -> float:
    return abs(float(image["x1"] - image["x0"]) * float(image["bottom"] - image["top"]))


def _note_images(page, unread: list[str]) -> None:
    """A large picture on a text page (a pasted scan of a table) is said to be unread, not silently skipped."""
    area = float(page.width * page.height) or 1.0
    large = sum(1 for image in page.images if _image_area(image) > 0.15 * area)
    if large:
        unread.append(f"第 {page.page_number} 页有 {large} 张图片（其中文字未识别）")


def _scanned_page(content: bytes, number: int, unread: list[str]) -> list[Line]:
    """One scanned page inside a text PDF, read by OCR; its lines as the text reader's (rows keep their cells)."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    from . import ocr

    if not shutil.which("tesseract") or not shutil.which("pdftoppm"):
        unread.append(f"第 {number} 页是扫描图像，本机未安装 tesseract-ocr，未识别")
        return []
    with tempfile.TemporaryDirectory(prefix="jixiao-ocr-") as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(content)
        subprocess.run(["pdftoppm", "-r", str(ocr.DPI), "-gray", "-png", "-f", str(number), "-l", str(number),
                        "-singlefile", str(source), str(Path(tmp) / "page")], capture_output=True, timeout=120,
                       check=True)
        png = (Path(tmp) / "page.png").read_bytes()
    lines = ocr.page_lines(png, number)
    for line in lines:
        if line.payload[0] == "text":
            line.payload = None
    return lines


def _page_lines(page, offset: float) -> list[Line]:
    """The page's text lines and tables in reading order (top to bottom); a table is one Line carrying a Drawn."""
    number = page.page_number
    found = page.find_tables()
    drawn: list[tuple[float, Line]] = []
    boxes = []
    for t, table in enumerate(found):
        x0, top, x1, bottom = table.bbox
        boxes.append(table.bbox)
        item = Drawn(number, x0, x1, bottom + offset)
        for row, texts in zip(table.rows, table.extract()):
            for bbox, text in zip(row.cells, texts):
                if bbox is not None:
                    cx0, ctop, cx1, cbottom = bbox
                    item.cells.append(((cx0, ctop + offset, cx1, cbottom + offset), join_lines(text or ""), number))
        drawn.append((top, Line(f"\x00table {number}.{t}", 0, number, payload=item)))

    def outside(obj) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    words = page.filter(outside).extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False)
    text_lines = []
    for group in _rows(words):
        text = _join(group)
        if text.strip():
            x1 = max(w["x1"] for w in group)
            x0 = min(w["x0"] for w in group)
            size = max(float(w["bottom"] - w["top"]) for w in group)
            payload = placed(x0, x1, float(page.width), size, _segments(group), float(group[0]["top"]))
            text_lines.append((group[0]["top"], Line(text, 0, number, payload=payload)))
    ordered = sorted(drawn + text_lines, key=lambda item: item[0])
    return [line for _, line in ordered]


def _rows(words: list[dict]) -> list[list[dict]]:
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _segments(words: list[dict]) -> list[tuple[float, float, str]]:
    """A line's pieces between column gaps (the gaps `_join` keeps as two spaces), with their x extents."""
    pieces: list[list[dict]] = []
    for word in words:
        if pieces:
            previous = pieces[-1][-1]
            size = max(float(previous.get("bottom", 0) - previous.get("top", 0)), 4.0)
            if word["x0"] - previous["x1"] <= 0.6 * size:
                pieces[-1].append(word)
                continue
        pieces.append([word])
    return [(float(p[0]["x0"]), float(max(w["x1"] for w in p)), _join(p)) for p in pieces]


def _join(words: list[dict]) -> str:
    """Words of one line; a gap wider than about half a character is a column gap, kept as two spaces."""
    out = ""
    previous = None
    for word in words:
        if previous is not None:
            size = max(float(previous.get("bottom", 0) - previous.get("top", 0)), 4.0)
            gap = word["x0"] - previous["x1"]
            if gap > 0.6 * size:  # Chinese runs with no gap and Latin words are a quarter em apart: wider is a column
                out += "  "
            elif gap > 0.25 * size and not (CJK.search(out[-1:]) and CJK.search(word["text"][:1])):
                out += " "
        out += word["text"]
        previous = word
    return out


def _blocks(name: str, lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    tables = 0
    last_drawn: Drawn | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if isinstance(line.payload, Drawn):
            drawn = line.payload
            if last_drawn and _continues(last_drawn, drawn, blocks):
                last_drawn.cells.extend(drawn.cells)
                last_drawn.bottom = drawn.bottom
                blocks[-1] = table_of(last_drawn, name, tables, blocks[-1].caption)
            else:
                tables += 1
                caption = caption_of(blocks)
                blocks.append(table_of(drawn, name, tables, caption))
                last_drawn = drawn
            i += 1
            continue
        if _ocr_row(line):
            end = i
            while end < len(lines) and _ocr_row(lines[end]):
                end += 1
            from .ocr import _table

            tables += 1
            blocks.append(_table(name, lines[i:end], tables))
            last_drawn = None
            i = end
            continue
        aligned = aligned_run(lines, i)
        if aligned:
            tables += 1
            blocks.append(_rows_table(name, aligned[1], [line.page] * len(aligned[1]), tables, caption_of(blocks)))
            last_drawn = None
            i = aligned[0]
            continue
        run = _table_run(lines, i)
        if run > i and all(not isinstance(x.payload, Drawn) and not _ocr_row(x) for x in lines[i:run]):
            rows = [cells_of(x.text)[1] for x in lines[i:run]]
            tables += 1
            blocks.append(_rows_table(name, rows, [x.page for x in lines[i:run]], tables, caption_of(blocks)))
            last_drawn = None
            i = run
            continue
        found = heading_of(line.text)
        if found and not _wraps(lines, i):
            blocks.append(Heading(found[2], found[1], found[0], Source(file=name, page=line.page)))
            i += 1
            continue
        text, page, i = _paragraph(lines, i)
        blocks.append(Paragraph(text, Source(file=name, page=page)))
    return blocks


def _rows_table(name: str, rows: list[list[str]], pages: list, number: int, caption: str) -> Table:
    table = Table.from_rows(rows, Source(file=name, page=pages[0]), caption)
    for cell in table.cells:
        cell.source = Source(file=name, page=pages[cell.row], cell=f"表 {number} 第 {cell.row + 1} 行第 {cell.col + 1} 列")
    return table


def _ocr_row(line: Line) -> bool:
    return isinstance(line.payload, tuple) and bool(line.payload) and line.payload[0] == "row"


def _wraps(lines: list[Line], i: int) -> bool:
    """A numbered line that runs to the right margin and goes on in the next line is the start of a numbered
    paragraph (a list item wrapped by the page), not a heading: its sentence continues."""
    line = lines[i]
    if i + 1 >= len(lines) or not isinstance(line.payload, tuple) or line.text.strip()[-1:] in SENTENCE_END:
        return False
    nxt = lines[i + 1]
    if isinstance(nxt.payload, Drawn) or _ocr_row(nxt) or numbering_of(nxt.text) or nxt.page != line.page:
        return False
    x0, x1, width, size = line.payload
    return x1 >= width * 0.8 or x1 >= _right_margin(lines, line) - 20


def _paragraph(lines: list[Line], i: int) -> tuple[str, int | None, int]:
    """Lines joined while the sentence goes on: the line reaches the right margin, does not end a sentence, and the
    next line is plain text (not a table, a heading or a numbered item)."""
    text = lines[i].text.strip()
    page = lines[i].page
    i += 1
    while i < len(lines):
        previous, line = lines[i - 1], lines[i]
        if isinstance(line.payload, Drawn) or _ocr_row(line) or not isinstance(previous.payload, tuple):
            break
        if text[-1:] in SENTENCE_END or numbering_of(line.text) or len(cells_of(line.text)[1]) > 1:
            break
        x0, x1, width, size = previous.payload
        if x1 < width * 0.8 and x1 < _right_margin(lines, previous) - 20:
            break
        if isinstance(line.payload, tuple) and abs(line.payload[3] - size) > 0.15 * size:
            break  # a title over its first line of text
        nxt = line.text.strip()
        text += nxt if CJK.search(text[-1:]) or CJK.search(nxt[:1]) else " " + nxt
        i += 1
    return text, page, i


def _right_margin(lines: list[Line], line: Line) -> float:
    edges = [x.payload[1] for x in lines
             if x.page == line.page and isinstance(x.payload, tuple) and isinstance(x.payload[1], float)]
    return max(edges) if edges else 0.0


def _continues(last: Drawn, drawn: Drawn, blocks: list[Block]) -> bool:
    """A table at the top of a page, as wide as the table that ended the page before, continues it."""
    return (drawn.page == last.page + 1 and isinstance(blocks[-1], Table)
            and abs(drawn.left - last.left) < 3 and abs(drawn.right - last.right) < 3)


def table_of(drawn: Drawn, name: str, number: int, caption: str) -> Table:
    """Cells placed on the grid of their edges: a cell whose box spans several column edges spans those columns."""
    xs = _edges([c[0][0] for c in drawn.cells] + [c[0][2] for c in drawn.cells])
    ys = _edges([c[0][1] for c in drawn.cells] + [c[0][3] for c in drawn.cells])
    placed = []
    for (x0, top, x1, bottom), text, page in drawn.cells:
        placed.append((_index(ys, top), _index(ys, bottom), _index(xs, x0), _index(xs, x1), text, page))
    # grid lines no cell starts at (the gap between a page's last row and the next page's first) are not rows
    rows = sorted({p[0] for p in placed})
    cols = sorted({p[2] for p in placed})
    cells = []
    for row0, row1, col0, col1, text, page in placed:
        row, col = rows.index(row0), cols.index(col0)
        rowspan = max(1, sum(1 for r in rows if row0 <= r < row1))
        colspan = max(1, sum(1 for c in cols if col0 <= c < col1))
        where = f"表 {number} 第 {row + 1} 行第 {col + 1} 列"
        cells.append(Cell(text, row, col, rowspan, colspan, Source(file=name, page=page, cell=where)))
    return Table(cells, caption, Source(file=name, page=drawn.page, cell=f"表 {number}"))


def _edges(values: list[float], tolerance: float = 2.0) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > tolerance:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda k: abs(edges[k] - value))
