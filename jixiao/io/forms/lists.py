"""A list of projects, one row each (S1's 项目自评得分清单: 序号 | 主管部门（单位） | 项目名称 | 预算金额 | 自评得分 |
自评等级): the template's `list` block names the columns by their header words and the path each fills in a project.

Rows are a table's rows (tabs, spaces, "|", markdown, Word), or cells one per line cut where the next 序号 (1, 2,
3 …) stands. A row is read only when every cell fits its column's type; a header printed again on the next page is
skipped. Cells run together on one line are not cut: two text columns side by side (the unit and the project's
name) have no boundary a type or a relation could find, so such a list is said not read."""

from __future__ import annotations

from .blocks import GRADE, Cell, Read
from .schema import Block, Template
from .stream import Token
from .values import figure, is_blank, key

MIN_COLUMNS = 3


def project_list(part: list[Token], template: Template, read: Read) -> None:
    block = template.blocks.get("list")
    if block is None:
        return
    words = {w: c.name for c in block.columns for w in c.words}
    start = 0
    while start < len(part):
        found = _header(part, start, words)
        if found is None:
            return
        names, i = found
        start = _rows(part, i, names, block, words, read)


def _header(part: list[Token], start: int, words: dict[str, str]) -> tuple[list[str], int] | None:
    """The first run of header cells naming the project's name and at least two other columns: the columns in the
    document's order and where the rows begin."""
    i = start
    while i < len(part):
        names, j = _header_at(part, i, words)
        if "name" in names and len(names) >= MIN_COLUMNS:
            return names, j
        i = max(j, i + 1)
    return None


def _header_at(part: list[Token], i: int, words: dict[str, str]) -> tuple[list[str], int]:
    names: list[str] = []
    j = i
    while j < len(part) and key(part[j].text) in words and words[key(part[j].text)] not in names and (
            j == i or part[j].row == part[i].row or not part[j].table):
        names.append(words[key(part[j].text)])
        j += 1
    return names, j


def _rows(part: list[Token], i: int, names: list[str], block: Block, words: dict[str, str], read: Read) -> int:
    """Read the rows after a header; returns where the list ended."""
    types = block.types()
    tabled = i < len(part) and part[i].table
    chunks: list[list[Token]] = []
    j = i
    while j < len(part):
        token = part[j]
        if key(token.text) in words and _header_at(part, j, words)[0] == names:  # the header again, next page
            j = _header_at(part, j, words)[1]
            continue
        if tabled:
            if not token.table:
                break
            if not chunks or token.row != chunks[-1][0].row:
                chunks.append([])
            chunks[-1].append(token)
        elif token.table or token.heading:
            break
        elif names[0] == "number" and token.key == str(len(chunks) + 1):
            chunks.append([token])  # one cell per line: a row starts at its number
        elif chunks and sum(1 for t in chunks[-1] if not is_blank(t.text)) < len(names):
            chunks[-1].append(token)
        elif not is_blank(token.text):
            break
        j += 1
    for cells in chunks:
        _row(cells, names, types, read)
    return j


def _row(cells: list[Token], names: list[str], types: dict[str, str], read: Read) -> None:
    filled = [c for c in cells if not is_blank(c.text)]
    if not filled:
        return
    if not cells[0].table:
        cells = filled if len(filled) == len(names) else cells
    if len(cells) != len(names) or "name" not in names or any(not _fits(types[n], c.text) for n, c in zip(names, cells)):
        if figure(filled[0].text) is not None:  # a numbered row the columns do not fit
            read.rows_total += 1
            read.unread.append(f"项目清单一行的单元格与表头的列对不上，未读（{filled[0].source}）")
        return
    row = {n: Cell(None if is_blank(c.text) else c.text, c.source) for n, c in zip(names, cells)}
    if row["name"].text is None:
        return
    read.rows_total += 1
    read.rows_read += 1
    read.rows.append(row)


def _fits(type_: str, text: str) -> bool:
    if is_blank(text):
        return True
    if type_ in ("money", "score", "count"):
        return figure(text) is not None
    if type_ == "grade":
        return bool(GRADE.fullmatch(key(text)))
    return figure(text) is None
