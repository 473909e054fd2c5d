"""The tables of a Word 97 .doc read from its binary structure, for when LibreOffice's import loses them: a .doc whose
text ends with a table and no paragraph after it (as LibreOffice itself writes one from a .docx ending with a table)
comes back from LibreOffice as one paragraph of all the cells run together.

Read: the compound file's streams (olefile), the FIB, the piece table (the text), the paragraph properties in the FKPs (which
paragraphs are in a table, which mark ends a row) and each row's sprmTDefTable (its cell edges and vertical
merges). Cells are placed on a grid of all the rows' edges, so that a cell spanning columns gets its colspan and a
cell continuing the one above (vertMerge) extends it downwards. Nothing else in the file is interpreted."""

from __future__ import annotations

import struct

CELL = "\x07"


class NotWord97(Exception):
    pass


def streams(content: bytes) -> dict[str, bytes]:
    """The streams Word keeps at the root of its compound file, by name (olefile reads the container; a damaged one
    raises, and the caller keeps LibreOffice's reading)."""
    import io

    import olefile

    if not olefile.isOleFile(io.BytesIO(content)):
        raise NotWord97("not a compound file")
    with olefile.OleFileIO(io.BytesIO(content)) as ole:
        return {name: ole.openstream(name).read() for name in ("WordDocument", "0Table", "1Table", "Data")
                if ole.exists(name)}


def _u16(data: bytes, offset: int) -> int:
    return struct.unpack_from("<H", data, offset)[0]


def _u32(data: bytes, offset: int) -> int:
    return struct.unpack_from("<I", data, offset)[0]


def tables(content: bytes) -> list[list[tuple[int, int, int, int, str]]]:
    """Each table of the main text as its cells (row, column, rowspan, colspan, text), in reading order."""
    files = streams(content)
    word = files.get("WordDocument", b"")
    if len(word) < 0x1AA or _u16(word, 0) != 0xA5EC:
        raise NotWord97("no Word 97 FIB")
    flags = _u16(word, 0x0A)
    if flags & 0x0100:
        raise NotWord97("encrypted")
    table = files.get("1Table" if flags & 0x0200 else "0Table", b"")
    text, positions = _text(word, table, min(_u32(word, 0x4C), len(word)))  # no more characters than bytes
    properties = _paragraph_properties(word, table, files.get("Data", b""))
    return _grids(_rows(text, positions, properties))


def _text(word: bytes, table: bytes, length: int) -> tuple[str, list[int]]:
    """The main text (its first `length` characters) and each character's offset in the WordDocument stream."""
    clx = table[_u32(word, 0x1A2):_u32(word, 0x1A2) + _u32(word, 0x1A6)]
    at = 0
    while at < len(clx) and clx[at] == 1:  # Prc: formatting of pieces, skipped
        at += 3 + _u16(clx, at + 1)
    if at >= len(clx) or clx[at] != 2:
        raise NotWord97("no piece table")
    size = _u32(clx, at + 1)
    plc = clx[at + 5:at + 5 + size]
    count = (size - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    chars: list[str] = []
    positions: list[int] = []
    for i in range(count):
        fc = _u32(plc, 4 * (count + 1) + 8 * i + 2)
        compressed, fc = bool(fc & 0x40000000), fc & 0x3FFFFFFF
        start, end = cps[i], min(cps[i + 1], length, cps[i] + length - len(chars))  # overlapping pieces bounded
        for cp in range(start, end):
            if compressed:
                offset = fc // 2 + (cp - start)
                chars.append(word[offset:offset + 1].decode("cp1252", "replace"))
            else:
                offset = fc + 2 * (cp - start)
                chars.append(word[offset:offset + 2].decode("utf-16-le", "replace"))
            positions.append(offset)
    return "".join(chars), positions


def _paragraph_properties(word: bytes, table: bytes, data: bytes) -> list[tuple[int, int, bytes]]:
    """(first offset, end offset, grpprl) of every run of paragraph properties in the FKPs; properties too long for
    an FKP (a wide row's cell definitions) are in the Data stream, where sprmPHugePapx points."""
    plc = table[_u32(word, 0x102):_u32(word, 0x102) + _u32(word, 0x106)]
    count = (len(plc) - 4) // 8
    runs = []
    for i in range(count):
        page = _u32(plc, 4 * (count + 1) + 4 * i) & 0x3FFFFF
        fkp = word[page * 512:page * 512 + 512]
        if len(fkp) < 512:
            continue
        crun = fkp[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", fkp, 0)
        for j in range(crun):
            offset = 2 * fkp[4 * (crun + 1) + 13 * j]
            grpprl = b""
            if offset:
                cb = fkp[offset]
                if cb == 0:
                    grpprl = fkp[offset + 2:offset + 2 + 2 * fkp[offset + 1]]
                else:
                    grpprl = fkp[offset + 1:offset + 2 * cb]
                grpprl = grpprl[2:]  # istd
                huge = dict(_sprms(grpprl)).get(0x6646)
                if huge and len(huge) == 4 and _u32(huge, 0) + 2 <= len(data):
                    where = _u32(huge, 0)
                    grpprl = data[where + 2:where + 2 + _u16(data, where)]
            runs.append((fcs[j], fcs[j + 1], grpprl))
    return runs


def _sprms(grpprl: bytes):
    """(opcode, operand) of each property in a grpprl."""
    at = 0
    while at + 2 <= len(grpprl):
        opcode = _u16(grpprl, at)
        at += 2
        kind = opcode >> 13
        if kind == 6:
            if opcode in (0xD608, 0xD606):
                size = _u16(grpprl, at) + 1  # cb counts itself short of one byte
            elif opcode == 0xC615 and at < len(grpprl) and grpprl[at] == 255:
                return  # sprmPChgTabs' long form: nothing after it is needed here
            else:
                size = grpprl[at] + 1 if at < len(grpprl) else 1
        else:
            size = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}[kind]
        yield opcode, grpprl[at:at + size]
        at += size


Row = tuple[list[str], list[int], list[tuple[int, int]]]  # cell texts, cell edges (twips), (horz, vert) merges


def _rows(text: str, positions: list[int], runs: list[tuple[int, int, bytes]]) -> list[list[Row]]:
    """The table rows of the text, grouped into tables: a paragraph outside any table ends one."""
    import bisect

    starts = [r[0] for r in runs]
    found: list[list[Row]] = []
    current: list[Row] = []
    cells: list[str] = []
    pieces: list[str] = []
    begin = 0
    for index, char in enumerate(text):
        if char not in "\r" + CELL:
            continue
        paragraph, begin = text[begin:index], index + 1
        at = bisect.bisect_right(starts, positions[index]) - 1
        grpprl = runs[at][2] if at >= 0 and runs[at][0] <= positions[index] < runs[at][1] else b""
        sprms = dict(_sprms(grpprl))
        inside = sprms.get(0x2416, b"\x00")[:1] == b"\x01"
        if not inside:
            if current:
                found.append(current)
                current = []
            cells, pieces = [], []
            continue
        if char == "\r":
            pieces.append(paragraph)
        elif sprms.get(0x2417, b"\x00")[:1] == b"\x01":  # the mark that ends a row
            current.append((cells, *_definition(sprms, len(cells))))
            cells, pieces = [], []
        else:
            cells.append("\n".join(p.strip() for p in pieces + [paragraph] if p.strip()))
            pieces = []
    if current:
        found.append(current)
    return found


def _definition(sprms: dict, count: int) -> tuple[list[int], list[tuple[int, int]]]:
    """A row's cell edges and each cell's (horizontal, vertical) merge from its sprmTDefTable."""
    operand = sprms.get(0xD608)
    if not operand or len(operand) < 3:
        return list(range(count + 1)), [(0, 0)] * count
    columns = operand[2]
    edges = list(struct.unpack_from(f"<{columns + 1}h", operand, 3))
    merges = []
    for i in range(columns):
        at = 3 + 2 * (columns + 1) + 20 * i
        flags = _u16(operand, at) if at + 2 <= len(operand) else 0
        merges.append((flags & 3, (flags >> 5) & 3))
    vertical = sprms.get(0xD62B)
    if vertical and len(vertical) >= 3 and vertical[1] < len(merges):
        merges[vertical[1]] = (merges[vertical[1]][0], vertical[2] & 3)
    return edges, merges


def _grids(found: list[list[Row]]) -> list[list[tuple[int, int, int, int, str]]]:
    out = []
    for rows in found:
        grid = sorted({e for _, edges, _ in rows for e in edges})
        merged: list[int] = []
        for edge in grid:  # edges a few twips apart are one
            if not merged or edge - merged[-1] > 30:
                merged.append(edge)

        cells: list[list] = []
        above: dict[int, list] = {}
        for r, (texts, edges, merges) in enumerate(rows):
            current: dict[int, list] = {}
            for i, text in enumerate(texts[:len(edges) - 1]):
                left, right = _nearest(merged, edges[i]), _nearest(merged, edges[i + 1])
                horizontal, vertical = merges[i] if i < len(merges) else (0, 0)
                if horizontal == 2 and cells and cells[-1][0] == r:  # merged into the cell before it
                    cells[-1][3] = right - cells[-1][1]
                    for c in range(left, right):
                        current[c] = cells[-1]
                    continue
                if vertical == 1 and left in above:
                    cell = above[left]
                    cell[2] = r - cell[0] + 1
                else:
                    cell = [r, left, 1, max(1, right - left), text]
                    cells.append(cell)
                for c in range(left, max(right, left + 1)):
                    current[c] = cell
            above = current
        out.append([tuple(c) for c in cells])
    return out


def _nearest(grid: list[int], edge: int) -> int:
    return min(range(len(grid)), key=lambda i: abs(grid[i] - edge))


def restore_tables(layout, content: bytes) -> None:
    """Tables LibreOffice lost put back in `layout`: a paragraph whose text is exactly a table's cells run together
    is replaced by that table, read from the .doc itself. A file that is not Word 97, or whose structure this reader
    does not follow, leaves the layout as LibreOffice gave it."""
    from .captions import caption_of
    from .model import Cell, Paragraph, Source, Table

    try:
        found = tables(content)
    except Exception:  # noqa: BLE001 — any surprise in a hostile or unusual file: LibreOffice's reading stands
        return
    for cells in found:
        joined = _squeezed("".join(c[4] for c in cells))
        if not joined:
            continue
        for index, block in enumerate(layout.blocks):
            if not isinstance(block, Paragraph) or _squeezed(block.text) != joined:
                continue
            number = sum(isinstance(b, Table) for b in layout.blocks[:index]) + 1
            table = Table([Cell(text, r, c, rowspan, colspan,
                                Source(file=layout.name, cell=f"表 {number} 第 {r + 1} 行第 {c + 1} 列"))
                           for r, c, rowspan, colspan, text in cells],
                          source=Source(file=layout.name, cell=f"表 {number}"))
            table.caption = caption_of(layout.blocks[:index])
            layout.blocks[index] = table
            break


def _squeezed(text: str) -> str:
    return "".join(text.split())
