"""Word .docx into a Layout: paragraphs and tables in body order; a paragraph's heading level from its numbering, else
from its style (Heading N / 标题 N, Title); tables with merged cells resolved (gridSpan across, vMerge down) into
one Cell with its spans; a table's caption from the paragraph just above it when that names a table.

Only the main document part is read: macros, embedded objects, headers, footers and external links are never opened;
python-docx parses without resolving external entities."""

from __future__ import annotations

import io
import re

from ..typography import without_break_marks
from .captions import caption_of
from .furniture import Line, clean
from .limits import EMPTY, UploadError, check_zip, damaged
from .model import Block, Cell, Heading, Layout, Paragraph, Source, Table
from .numbering import heading_of, numbering_of
from .wordnumbers import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STYLE_LEVEL = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def read_docx(name: str, content: bytes, kind: str = "docx") -> Layout:
    check_zip(content, "Word")
    try:
        from docx import Document

        document = Document(io.BytesIO(content))
        body = document.element.body
        lines = _lines(body, document)
    except UploadError:
        raise
    except Exception:  # python-docx raises many kinds for a broken package
        raise damaged("Word") from None
    kept, removed = clean(lines)
    layout = Layout(name=name, kind=kind, removed=removed)
    pictures = sum(1 for _ in body.iter(f"{W}drawing", f"{W}pict"))
    if pictures:  # a table pasted as a picture, a scanned page: said to be unread, not silently skipped
        layout.unread.append(f"文档中有 {pictures} 张图片（其中文字未识别）")
    tables = 0
    for line in kept:
        what, value = line.payload
        if what == "tbl":
            tables += 1
            table = table_of(value, name, tables)
            table.caption = caption_of(layout.blocks)
            if table.cells:
                layout.blocks.append(table)
        elif line.text.strip():
            layout.blocks.append(_paragraph(name, line, value))
    if not layout.blocks:
        raise UploadError(EMPTY)
    return layout


def _lines(body, document) -> list[Line]:
    """Body elements in order (content controls such as Word's table of contents opened), tables as placeholders
    that match no furniture pattern and never repeat."""
    lines: list[Line] = []
    numbering = Numbering(document)

    def walk(parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                text = _text(child)
                prefix = numbering.prefix(child)
                if prefix and text.strip() and not numbering_of(text):
                    text = prefix + text.strip()
                lines.append(Line(text, len(lines) + 1, payload=("p", _style(child, document))))
            elif tag == "tbl":
                lines.append(Line(f"\x00table {len(lines)}", len(lines) + 1, payload=("tbl", child)))
            elif tag == "sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    walk(content)

    walk(body)
    return lines


def _text(element) -> str:
    parts = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br"):
        tag = node.tag.rsplit("}", 1)[-1]
        parts.append(node.text or "" if tag == "t" else "\t" if tag == "tab" else "\n")
    return without_break_marks("".join(parts))  # the word joiners that hold our figures to their units


def _style(paragraph, document) -> str:
    style_id = paragraph.find(f"{W}pPr/{W}pStyle")
    if style_id is None:
        return ""
    value = style_id.get(f"{W}val", "")
    try:
        from docx.enum.style import WD_STYLE_TYPE

        style = document.styles.get_by_id(value, WD_STYLE_TYPE.PARAGRAPH)
        return style.name if style is not None else value
    except Exception:  # an unknown style id: its id is often its name
        return value


def _paragraph(name: str, line: Line, style: str) -> Block:
    text = line.text.strip()
    source = Source(file=name, line=line.number)
    found = heading_of(text)
    if found:
        return Heading(found[2], found[1], found[0], source)
    level = STYLE_LEVEL.match(style.strip())
    if level:
        return Heading(text, int(level.group(1)), "", source)
    if style.strip().lower() in ("title", "标题") and len(text) <= 80:
        return Heading(text, 0, "", source)
    return Paragraph(text, source)


def table_of(tbl, name: str, number: int) -> Table:
    """A w:tbl as a grid: gridSpan widens a cell, vMerge="restart" starts a cell that the "continue" cells below
    extend downwards."""
    cells: list[Cell] = []
    above: dict[int, Cell] = {}  # grid column → the cell covering it in the row above
    for r, tr in enumerate(tbl.findall(f"{W}tr")):
        col = _grid_before(tr)
        current: dict[int, Cell] = {}
        for tc in tr.findall(f"{W}tc"):
            span = _int(tc.find(f"{W}tcPr/{W}gridSpan"), 1)
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            continues = merge is not None and merge.get(f"{W}val", "continue") == "continue"
            if continues and col in above:
                cell = above[col]
                cell.rowspan = r - cell.row + 1
            else:
                text = "\n".join(t for t in (_text(p).strip() for p in tc.iter(f"{W}p")) if t)
                where = f"表 {number} 第 {r + 1} 行第 {col + 1} 列"
                cell = Cell(text, r, col, 1, span, Source(file=name, cell=where))
                cells.append(cell)
            for c in range(col, col + span):
                current[c] = cell
            col += span
        above = current
    return Table(cells, source=Source(file=name, cell=f"表 {number}"))


def _grid_before(tr) -> int:
    return _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)


def _int(element, default: int) -> int:
    if element is None:
        return default
    try:
        return max(1, int(element.get(f"{W}val", default))) if default else max(0, int(element.get(f"{W}val", 0)))
    except ValueError:
        return default
