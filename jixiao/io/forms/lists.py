"""A list of projects, one row each (S1's 项目自评得分清单: 序号 | 主管部门（单位） | 项目名称 | 预算金额 | 自评得分 |
自评等级): the template's `list` block names the columns by their header words and the path each fills in a project.

Rows are a table's rows (tabs, spaces, "|", markdown, Word), cells one per line cut where the next 序号 (1, 2,
3 …) stands, or lines whose cells were run together after their 序号: there a unit's name (a column whose template
says how such names end: 局, 中心 …) ends where the same name recurs in another row, and the rest is cut into the
typed columns by the aligner. A row is read only when every cell fits its column's type and one cut fits; a header
printed again on the next page is skipped."""

from __future__ import annotations

import re
from decimal import Decimal

from . import relations as rel
from .align import align
from .blocks import GRADE, Cell, Read
from .schema import Block, Template
from .stream import Token
from .values import clean, figure, is_blank, key

MIN_COLUMNS = 3
TOTAL_ROWS = {"合计", "总计", "小计"}


def project_list(part: list[Token], template: Template, read: Read) -> None:
    block = template.blocks.get("list")
    if block is None:
        return
    words = {w: c.name for c in block.columns for w in c.words}
    # the header holds a column the template is recognised by besides the name (a score list's 自评得分 or 自评等级):
    # 序号 | 项目名称 | 预算数 | 执行数 heads a list of funds, not a score list whose words the text says elsewhere
    own = {words[w] for group in template.identify.get("all", [])[1:] for w in group if w in words}
    start = 0
    while start < len(part):
        found = _header(part, start, words, own)
        if found is None:
            return
        names, i = found
        start = _rows(part, i, names, block, words, read)


def _header(part: list[Token], start: int, words: dict[str, str], own: set[str]) -> tuple[list[str], int] | None:
    """The first run of header cells naming the project's name, one of the template's `own` columns and at least
    two other columns: the columns in the document's order and where the rows begin."""
    i = start
    while i < len(part):
        names, j = _header_at(part, i, words)
        if "name" in names and len(names) >= MIN_COLUMNS and (not own or own & set(names)):
            if "number" not in names and _unnamed_first(part, i):
                names = ["number"] + names
            return names, j
        i = max(j, i + 1)
    return None


def _unnamed_first(part: list[Token], i: int) -> bool:
    """The header row opens with a blank cell before its first header word: a table's first column left unnamed,
    which in a list of projects is its 序号 (its cells 1, 2, 3 …; a 合计 row in it is then no project)."""
    return i > 0 and part[i].table and part[i - 1].table and part[i - 1].row == part[i].row and \
        is_blank(part[i - 1].text) and (i < 2 or part[i - 2].row != part[i].row)


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
    runs: list[Token] = []
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
        elif names[0] == "number" and _number(token.key) == str(len(chunks) + len(runs) + 1):
            chunks.append([token])  # one cell per line: a row starts at its number
        elif names[0] == "number" and not chunks and _numbered_run(token.text, len(runs) + 1):
            runs.append(token)  # a row whose cells were run together: 1昌黎县…资金18.7198优
        elif chunks and sum(1 for t in chunks[-1] if not is_blank(t.text)) < len(names):
            chunks[-1].append(token)
        elif not is_blank(token.text):
            if runs and not chunks and token.text.startswith(str(len(runs) + 1)):
                # the next row by its number, its cells run together in a way not cut (3516-59周岁…): the list
                # goes on unread, and its sum is not judged
                read.rows_total += 1
                read.unread.append(f"项目清单“{token.text[:30]}”起的行未读（{token.source}）")
            break
        j += 1
    totals = [cells for cells in chunks if _total_row(cells)]
    for cells in chunks:
        if _total_row(cells):
            continue
        if not _wrapped(cells, names, types, read):
            _row(cells, names, types, read)
    if len(totals) == 1:
        _total(totals[0], names, types, read)
    if runs:
        _run_together_rows(runs, names, block, read)
    return j


_SCAN_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


def _number(text: str) -> str:
    """A row's 序号 as a scan may read it: l7 is 17, 2O is 20."""
    return text.translate(_SCAN_DIGITS) if len(text) <= 4 and re.fullmatch(r"[\dOolI]+", text) else text


def _numbered_run(text: str, number: int) -> bool:
    """1昌黎县…, and 12022年度…资金 (a project named by its year after the row's number 1)."""
    rest = text[len(str(number)):]
    return text.startswith(str(number)) and bool(rest) and (not rest[0].isdigit() or bool(_YEAR_FIRST.match(rest))) \
        and rest[0] not in ".、．"


_YEAR_FIRST = re.compile(r"(?:19|20)\d{2}年")


def _run_together_rows(runs: list[Token], names: list[str], block: Block, read: Read) -> None:
    """Rows whose cells were run together, after their 序号: a name column the template says how to end (a unit's
    name ends in 局, 中心 …) is cut where a name ending so recurs in another row — a unit lists several projects —
    and the rest is cut into the typed columns by the aligner; a row with no such cut, or several, is not read."""
    columns = [c for c in block.columns if c.name in names[1:]]
    columns.sort(key=lambda c: names.index(c.name))
    bodies = [t.text[len(str(k + 1)):].replace(" ", "") for k, t in enumerate(runs)]
    for k, (token, body) in enumerate(zip(runs, bodies)):
        read.rows_total += 1
        got = _cut_row(body, columns, bodies[:k] + bodies[k + 1:])
        if got is None:
            read.unread.append(f"项目清单“{token.text}”的单元格连写在一起，无法唯一切分，未读（{token.source}）")
            continue
        read.rows_read += 1
        read.rows.append({"number": Cell(str(k + 1), token.source)} | {n: Cell(v, token.source) for n, v in got.items()})


def _cut_row(body: str, columns: list, others: list[str]) -> dict[str, str | None] | None:
    lead: dict[str, str | None] = {}
    if len(columns) > 1 and not columns[0].ends and columns[0].type == "text" and columns[1].ends:
        # 项目名称 before 主管部门: the unit is the run ending in its words that most other rows share, the longest
        # of those (a name's last words shared by some rows, 资金 in 资金昌黎县…局, are not the unit's)
        shared = [(sum(1 for o in others if body[s:e] in o), e - s, s, e)
                  for e in (_with_note(body, m.end()) for m in re.finditer("|".join(map(re.escape, columns[1].ends)), body))
                  for s in range(1, e)]
        shared = [c for c in shared if c[0]]
        if not shared:
            return None
        *_, start, end = max(shared)
        lead = {columns[0].name: body[:start], columns[1].name: body[start:end]}
        body, columns = body[end:], columns[2:]
    while columns and columns[0].ends:  # a unit's name: the longest one ending in its words that another row shares
        ends = [m.end() for m in re.finditer("|".join(map(re.escape, columns[0].ends)), body)]
        ends = [_with_note(body, e) for e in ends]
        shared = [e for e in ends if any(o.startswith(body[:e]) for o in others)]
        if not shared:
            return None
        lead[columns[0].name] = body[:max(shared)]
        body, columns = body[max(shared):], columns[1:]
    typed = [(c.name, "name" if c.type == "text" else c.type) for c in columns]
    got = align(body, typed, [rel.parse("stated_score <= 100")] if "stated_score" in dict(typed) else [],
                accept=_grade_agrees)
    return lead | got.values if got.ok else None


def _with_note(body: str, end: int) -> int:
    """A unit's name keeps the bracketed note after it: 昌黎县人力资源和社会保障局（本级）."""
    note = re.match(r"[（(][^（）()]{1,8}[）)]", body[end:])
    return end + note.end() if note else end


def _grade_agrees(row: dict) -> bool:
    """A grade lies on its side of the pass line every scale draws at 60 (优/良/中/合格 at or above, 差 and 不合格
    below): 18.7198优 is 18.71 | 98, not 18.719 | 8."""
    score, grade = figure(row.get("stated_score")), row.get("stated_grade")
    if score is None or not grade:
        return True
    failing = grade in ("差", "较差", "不合格", "D", "D级", "四档")
    return (Decimal(score) < 60) == failing


def _row(cells: list[Token], names: list[str], types: dict[str, str], read: Read) -> None:
    filled = [c for c in cells if not is_blank(c.text)]
    if not filled:
        return
    if not cells[0].table:
        cells = filled if len(filled) == len(names) else cells
        missing = names[len(cells):]
        if missing and len(cells) >= 3 and all(types[n] in ("grade", "text") for n in missing):
            # one cell per line: a last cell left blank (no grade) is no line at all; the next row's number ends it
            cells = cells + [Token("", cells[-1].source, cells[-1].row)] * len(missing)
    if len(cells) != len(names) or "name" not in names or any(not _fits(types[n], c.text) for n, c in zip(names, cells)):
        if figure(filled[0].text) is not None:  # a numbered row the columns do not fit
            read.rows_total += 1
            read.unread.append(f"项目清单一行的单元格与表头的列对不上，未读（{filled[0].source}）")
        return
    row = {n: Cell(None if is_blank(c.text) else c.text, c.source) for n, c in zip(names, cells)}
    if row["name"].text is None or key(row["name"].text) in TOTAL_ROWS:
        return  # the list's total row (合计 merged over 序号 and 项目名称) is no project
    read.rows_total += 1
    read.rows_read += 1
    read.rows.append(row)


def _total_row(cells: list[Token]) -> bool:
    """A table row that is the list's total: its first cell that says anything is 合计 or 总计, under the 序号 or the
    name (merged over both, or one of them left blank); a 小计 adds up a group, not the list."""
    filled = [(k, c) for k, c in enumerate(cells) if not is_blank(c.text)]
    return bool(filled) and filled[0][0] <= 1 and key(filled[0][1].text) in ("合计", "总计")


def _total(cells: list[Token], names: list[str], types: dict[str, str], read: Read) -> None:
    """The total row's money figures, by column: the cells after its label stand under the last columns (the label
    merged over 序号 and 项目名称, or over those and the unit, is one cell), each read where it is a figure, as what
    the listed projects' funds add up to (budget.project_expenditure: assembly lets a budget table's win)."""
    label = next(k for k, c in enumerate(cells) if not is_blank(c.text))
    rest = cells[label + 1:]
    while rest and key(rest[0].text) == key(cells[label].text):
        rest = rest[1:]  # the label printed again in each cell it is merged over (a PDF's or a text's copy)
    if not rest or len(rest) > len(names) - 1:
        return
    for name, cell in zip(names[len(names) - len(rest):], rest):
        if name.startswith("budget.") and types.get(name) == "money" and figure(cell.text) is not None:
            field = name.removeprefix("budget.")
            read.values[f"path:budget.project_expenditure.{field}"] = Cell(figure(cell.text), cell.source)


def _wrapped(cells: list[Token], names: list[str], types: dict[str, str], read: Read) -> bool:
    """A table row that is the row above it going on: its 序号 blank, no figure, its words under the text columns
    only (a PDF wraps a long project name onto a second line, 政策性粮油库存检 / 验). Its words end those cells of the
    row read before it, and it is no project of its own."""
    if not read.rows or not cells[0].table or len(cells) != len(names) or "number" not in names:
        return False
    filled = [(n, c) for n, c in zip(names, cells) if not is_blank(c.text)]
    if not filled or any(types.get(n) != "text" or n == "number" or figure(c.text) is not None for n, c in filled):
        return False
    previous = read.rows[-1]
    if any(previous.get(n) is None or previous[n].text is None for n, _ in filled):
        return False
    for name, cell in filled:
        previous[name] = Cell(previous[name].text + clean(cell.text), previous[name].source)
    return True


def _fits(type_: str, text: str) -> bool:
    if is_blank(text):
        return True
    if type_ in ("money", "score", "count"):
        return figure(text) is not None
    if type_ == "rate":
        return figure(text.rstrip("%％")) is not None
    if type_ == "grade":
        return bool(GRADE.fullmatch(key(text)))
    return figure(text) is None
