"""Tables laid out sideways, turned back before the forms are matched.

Some reports print a block of a form transposed: the field labels down the first column (一级指标 / 二级指标 / 三级指标
/ 年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因) and one indicator per column, or a budget block with 年初预算数 /
全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 down a column and the fund rows (年度资金总额, 其中：财政拨款 …) across.
The rest of the pipeline reads a form's header across a row and its rows below it, so such a run of rows is turned
back here, and nothing downstream knows it was sideways.

A run is sideways when, in the same column, three or more consecutive rows open with distinct column words of one
block (the template's own header words), the words the block cannot do without among them (the indicator's name, or
the budget and spending), and the cells to their right are values, not more header words (a normal header row holds
its column words across). A budget block's row of fund names just above the run (项目资金（万元） | 年度资金总额 |
其中：财政拨款 …) goes with it, and becomes the block's first column. Cells keep the Source of where the document
printed them. A table with no such run is returned as it is."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.io.layout.model import Cell, Layout, Table

from .schema import Template
from .values import figure, is_blank, key


@dataclass
class _Kind:
    """One block's column words, and what a sideways run of it must hold."""
    name: str
    words: dict[str, str]  # column word → column
    needed: list[set[str]]  # each set: one of these columns must be among the run's labels
    row_words: set[str]  # the block's row labels (a budget block's 年度资金总额 …), which head a sideways block


def kinds(templates: list[Template]) -> list[_Kind]:
    """The indicator and budget blocks of the forms with a head block (project and department tables)."""
    indicator: dict[str, str] = {}
    funds: dict[str, str] = {}
    fund_rows: set[str] = set()
    for template in templates:
        if not template.identify.get("start"):
            continue
        block = template.blocks.get("indicators")
        if block is not None:
            indicator.update({w: c.name for c in block.columns for w in c.words if c.name != "goal"})
        block = template.blocks.get("funds")
        if block is not None:
            funds.update({w: c.name for c in block.columns for w in c.words})
            fund_rows |= {w for ws in block.rows.values() for w in ws}
    return [_Kind("indicators", indicator, [{"name"}, {"target", "actual", "weight", "score"}], set()),
            _Kind("funds", funds, [{"spent"}, {"budget_initial", "budget_adjusted"}], fund_rows)]


def restore(layout: Layout, templates: list[Template]) -> Layout:
    """The layout with every sideways block of its tables turned back; the same layout when there is none."""
    found = kinds(templates)
    blocks, changed = [], False
    for block in layout.blocks:
        if isinstance(block, Table):
            turned = turn(block, found)
            if turned is not None:
                blocks.append(turned)
                changed = True
                continue
        blocks.append(block)
    if not changed:
        return layout
    return Layout(layout.name, layout.kind, blocks, layout.removed, layout.unread)


def turn(table: Table, kinds_: list[_Kind]) -> Table | None:
    """The table with its sideways runs turned back, or None when it has none."""
    grid = table.grid()
    runs = _runs(grid, kinds_)
    if not runs:
        return None
    rows: list[list[tuple | None]] = []  # each position: (piece, original cell) — a cell is one cell within a piece
    r = 0
    for piece, (start, end, col, kind) in enumerate(runs, start=1):
        while r < start:
            rows.append([(0, c) if c is not None else None for c in grid[r]])
            r += 1
        lost = _lost_spans(grid, start, end, col, kind)
        left = {id(c): c for row in grid[start:end] for c in row[:col] if c is not None and not is_blank(c.text)}
        if left:  # a block label left of the labels (绩效指标 merged down the run): a line over the turned block
            rows.append([(-piece, c) for c in left.values()])
        width = len(grid[0])
        for c in range(col, width):
            rows.append([(piece, grid[k][c]) if grid[k][c] is not None and (k not in lost or c == col) else None
                         for k in range(start, end)])
        r = end
    while r < len(grid):
        rows.append([(0, c) if c is not None else None for c in grid[r]])
        r += 1
    rows = [row for row in rows if any(ref is not None for ref in row)]  # a column left empty is no row
    return Table(_cells(rows), table.caption, table.source)


def _lost_spans(grid: list[list[Cell | None]], start: int, end: int, col: int, kind: _Kind) -> set[int]:
    """The level rows of a sideways indicator block whose labels lost their spans: fewer labels than indicators, all
    packed to the left with blanks after them (一级指标 | 产出指标 | 效益指标 | 满意度指标 | | | over six indicators, a
    text that dropped the merged cells' widths). Which indicators each label heads cannot be known, so those labels
    are not read (a label printed once at its group's first column, blanks between, is carried down as usual)."""
    if kind.name != "indicators":
        return set()
    labels = {kind.words.get(key(grid[r][col].text)): r for r in range(start, end) if grid[r][col] is not None}
    if "name" not in labels:
        return set()
    filled = lambda r: [c is not None and not is_blank(c.text) for c in grid[r][col + 1:]]  # noqa: E731
    names = sum(filled(labels["name"]))
    lost = set()
    for level in ("level1", "level2"):
        if level not in labels:
            continue
        marks = filled(labels[level])
        count = sum(marks)
        if 2 <= count < names and marks[:count] == [True] * count:
            lost.add(labels[level])
    return lost


def _cells(rows: list[list[tuple | None]]) -> list[Cell]:
    """Cells from a grid of (piece, cell) positions: each one cell over the rectangle its positions cover."""
    boxes: dict[tuple, list[int]] = {}
    originals: dict[tuple, Cell] = {}
    for r, row in enumerate(rows):
        for c, ref in enumerate(row):
            if ref is None:
                continue
            handle = (ref[0], id(ref[1]))
            originals[handle] = ref[1]
            box = boxes.setdefault(handle, [r, c, r, c])
            box[0], box[1], box[2], box[3] = min(box[0], r), min(box[1], c), max(box[2], r), max(box[3], c)
    return [Cell(originals[h].text, b[0], b[1], b[2] - b[0] + 1, b[3] - b[1] + 1, source=originals[h].source)
            for h, b in boxes.items()]


def _label(grid: list[list[Cell | None]], r: int, kind: _Kind) -> tuple[int, str] | None:
    """The column and the block column a row's label names, when the row opens with one of the block's column words
    (in its first column, or its second after a block label merged down) and has values to its right."""
    row = grid[r]
    for col in (0, 1):
        if col >= len(row) or row[col] is None:
            return None
        if col == 1 and not (row[0] is None or is_blank(row[0].text) or row[0].rowspan > 1):
            return None
        name = kind.words.get(key(row[col].text))
        if name is None:
            continue
        values = list({id(c): c for c in row[col + 1:] if c is not None and c is not row[col]}.values())
        filled = [c for c in values if not is_blank(c.text)]
        if not values or sum(1 for c in filled if key(c.text) in kind.words) >= 2:
            return None  # a label spanning the row, or a header row across: not sideways
        return col, name
    return None


def _runs(grid: list[list[Cell | None]], kinds_: list[_Kind]) -> list[tuple[int, int, int, _Kind]]:
    """The sideways runs of rows: (first row, end, label column), in order; a budget block's row of fund names just
    above its run is taken in. The budget block is looked for first, as forms print it first: its 分值 and 得分 rows
    are words of the indicator block too, and are not the start of the indicators' run."""
    runs: list[tuple[int, int, int, _Kind]] = []
    claimed: set[int] = set()
    for kind in sorted(kinds_, key=lambda k: k.name != "funds"):
        r = 0
        while r < len(grid):
            got = _label(grid, r, kind) if r not in claimed else None
            if got is None:
                r += 1
                continue
            col, names = got[0], [got[1]]
            end = r + 1
            while end < len(grid) and end not in claimed:
                nxt = _label(grid, end, kind)
                if nxt is None or nxt[0] != col or nxt[1] in names:
                    break
                names.append(nxt[1])
                end += 1
            if len(names) >= 3 and all(set(names) & need for need in kind.needed) and _wide(grid, r, end, col):
                start = r - 1 if r > 0 and r - 1 not in claimed and kind.row_words and \
                    _fund_names(grid[r - 1], col, kind) else r
                runs.append((start, end, col, kind))
                claimed |= set(range(start, end))
            r = end
    return sorted(runs, key=lambda run: run[0])


def _wide(grid: list[list[Cell | None]], start: int, end: int, col: int) -> bool:
    """A sideways block has values in two columns or more (one indicator, or one fund row, per column): a list of
    labels with one value each (年初预算数 | 120) is a form's own vertical layout, read as it is."""
    for r in range(start, end):
        distinct = {id(c) for c in grid[r][col + 1:] if c is not None and not is_blank(c.text)}
        if len(distinct) >= 2:
            return True
    return False


def _fund_names(row: list[Cell | None], col: int, kind: _Kind) -> bool:
    """A row that names a budget block's fund rows across (项目资金（万元） | 年度资金总额 | 其中：本年财政拨款 …)."""
    cells = [c for c in row[col + 1:] if c is not None and not is_blank(c.text)]
    return bool(cells) and any(key(c.text) in kind.row_words for c in cells) and \
        all(figure(c.text) is None for c in cells)
