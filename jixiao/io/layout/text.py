"""Plain text (.txt, .md, and the text of web pages) into a Layout.

Tables are found in every convention a copied report uses: tab-separated lines, columns aligned by runs of two or
more spaces, "|"-separated cells with or without the outer bars, markdown tables (their ---- row dropped). A table
written one cell per line, or with its cells run together, has no separator to find: it is left as Paragraphs, one per
line, each with its line number, and the forms layer rebuilds it from its header words and typed columns."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .furniture import Line, clean
from jixiao.io.extract.text_source import MAX_TEXT_CHARS

from .limits import EMPTY, UploadError, refuse_empty
from .captions import caption_of
from .model import Block, Heading, Layout, Paragraph, Source, Table
from .numbering import heading_of

MARKDOWN_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
SPACES = re.compile(r"\s{2,}|\u3000+")


def decode(content: bytes) -> str:
    """utf-8, utf-16 (with its byte-order mark) or gb18030, the encodings Chinese text files come in."""
    refuse_empty(content)
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_textual(text):
            return text
    raise UploadError("文本文件编码无法识别，或不是文本文件（请另存为 UTF-8 文本）")


def _looks_textual(text: str) -> bool:
    """Random bytes decode as gb18030 too; text has few control characters."""
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return control <= len(sample) // 100


def read_text(name: str, content: bytes, kind: str = "text") -> Layout:
    return layout_of_text(name, decode(content), kind)


def layout_of_text(name: str, text: str, kind: str = "text") -> Layout:
    if len(text) > MAX_TEXT_CHARS:
        raise UploadError(f"文本超过 {MAX_TEXT_CHARS // 1_000_000} 百万字，请拆分后再审核")
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n")
    lines = [Line(t.rstrip(), number=i + 1) for i, t in enumerate(raw.split("\n"))]
    lines = [line for line in lines if line.text.strip() or line.text == ""]
    if not any(line.text.strip() and line.text.strip() != "\f" for line in lines):
        raise UploadError(EMPTY)
    kept, removed = clean(lines, web=kind in ("html", "text", "markdown"))
    layout = Layout(name=name, kind=kind, removed=removed)
    layout.blocks = blocks_of_lines(name, kept)
    if not layout.blocks:
        raise UploadError(EMPTY)
    return layout


def cells_of(line: str) -> tuple[str, list[str]]:
    """(separator, cells) of one line: "tab", "pipe", "spaces", or "" with the line as its only cell."""
    text = line.strip()
    if "\t" in text:
        return "tab", [c.strip() for c in text.split("\t")]
    if "|" in text:
        parts = [c.strip() for c in text.split("|")]
        if text.startswith("|"):
            parts = parts[1:]
        if text.endswith("|"):
            parts = parts[:-1]
        return "pipe", parts
    # a line with no blank at all (every blank but " " is unprintable) has no run to split at: most lines of prose
    parts = SPACES.split(text) if " " in text or not text.isprintable() else [text]
    if len(parts) >= 2:
        return "spaces", [c.strip() for c in parts]
    return "", [text]


def _width(text: str) -> int:
    """Columns a text takes on screen or on a PDF's grid: a Chinese character two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def spaced_rows(texts: list[str]) -> list[list[str]]:
    """Rows of a table aligned by runs of spaces, with the empty cells the runs stand for: a text copied from a PDF
    pads each cell to its column, so a run wider than a whole column after the cell's own padding is an empty cell
    (年度指标值 left blank between 三级指标 and 实际完成值). The column is the table's commonest pitch — the distance
    from one cell's start to the next where the cell was padded rather than overflowing."""
    rows = [_placed(text.strip()) for text in texts]
    pitches = Counter(b[0] - a[0] for row in rows for a, b in zip(row, row[1:]) if b[0] - a[0] > a[1] + 2)
    pitch = pitches.most_common(1)[0][0] if pitches else 0
    out = []
    for row in rows:
        cells: list[str] = []
        for k, (start, width, cell) in enumerate(row):
            cells.append(cell)
            if pitch and k + 1 < len(row):
                extra = row[k + 1][0] - start - max(width + 2, pitch)
                cells.extend([""] * max(0, (extra + 1) // pitch))
        out.append(cells)
    return out


def _placed(text: str) -> list[tuple[int, int, str]]:
    """(start, width, text) of each cell of a spaced line, in screen columns."""
    cells = []
    at = 0
    for part in SPACES.split(text):
        index = text.index(part, at) if part else at
        cells.append((_width(text[:index]), _width(part), part.strip()))
        at = index + len(part)
    return cells


def blocks_of_lines(name: str, lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        run = _table_run(lines, i)
        if run > i:
            rows = [cells_of(line.text)[1] for line in lines[i:run] if not MARKDOWN_RULE.match(line.text.strip())]
            if cells_of(lines[i].text)[0] == "spaces":
                rows = spaced_rows([line.text for line in lines[i:run]])
            source = Source(file=name, line=lines[i].number, last_line=lines[run - 1].number)
            table = Table.from_rows(rows, source, caption=caption_of(blocks, loose=False))
            for cell in table.cells:
                line = lines[i + _row_line(lines[i:run], cell.row)]
                cell.source = Source(file=name, line=line.number, cell=f"第 {cell.row + 1} 行第 {cell.col + 1} 列")
            blocks.append(table)
            i = run
            continue
        block = block_of_line(name, lines[i])
        if block:
            blocks.append(block)
        i += 1
    return blocks


def _row_line(lines: list[Line], row: int) -> int:
    """The index of the line holding a table's row `row` (markdown rules are not rows)."""
    seen = -1
    for k, line in enumerate(lines):
        if not MARKDOWN_RULE.match(line.text.strip()):
            seen += 1
            if seen == row:
                return k
    return 0


def _table_run(lines: list[Line], i: int) -> int:
    """The end (exclusive) of a table starting at line i, or i when none starts there. Two or more consecutive lines
    with at least two cells each; a single line with tabs or bars and at least two cells is a one-row table."""
    end = i
    kind0 = None
    while end < len(lines):
        text = lines[end].text.strip()
        if not text:
            break
        if MARKDOWN_RULE.match(text) and end > i:
            end += 1
            continue
        kind, cells = cells_of(text)
        bars = kind == "pipe" and text.startswith("|") and text.endswith("|") and len(text) > 1
        if len([c for c in cells if c]) < 2 and not (end > i and (bars or kind == "tab" and len(cells) >= 2)):
            break
        if kind0 and kind != kind0:
            break
        if kind == "spaces" and end == i and _prose(text):
            break
        kind0 = kind0 or kind
        end += 1
    if end - i >= 2 or end - i == 1 and kind0 in ("tab", "pipe"):
        return end
    return i


def _prose(text: str) -> bool:
    """A sentence with two spaces in it is not a table row."""
    return text.count("。") >= 1 and len(SPACES.split(text)) == 2 and len(text) > 60


def block_of_line(name: str, line: Line) -> Block | None:
    text = line.text.strip()
    if not text or text == "\f":
        return None
    source = Source(file=name, line=line.number)
    markdown = MARKDOWN_HEADING.match(text)
    if markdown:
        found = heading_of(markdown.group(2))
        if found:
            return Heading(found[2], found[1], found[0], source)
        return Heading(markdown.group(2).strip(), len(markdown.group(1)) - 1, "", source)
    found = heading_of(text)
    if found:
        return Heading(found[2], found[1], found[0], source)
    return Paragraph(text, source)
