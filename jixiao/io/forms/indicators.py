"""The indicator block: 一级 / 二级 / 三级指标 and the value columns in the order the document prints them. Rows are
read from a stream of cells: a level-1 or level-2 label opens a row or carries down to the rows that omit it (merged
cells, one cell per line), the name follows, then one cell per value column; a trailing free-text column may be absent
when a flattened text dropped its empty cells. The stream is cut into rows in the one way the column types allow;
when two cuts fit, the block is not read. A run-together row is cut by the aligner."""

from __future__ import annotations

import re

from dataclasses import dataclass
from decimal import Decimal
from itertools import product

from jixiao.core.labels import LEVEL1

from .align import Alignment, align
from .phrases import qualitative_cut
from .blocks import Cell, Read, _header, label_key
from .schema import Block, Template
from .stream import Token
from .values import POINTS, clean, decimal, figure, is_blank

MODEL_LEVEL1 = set(LEVEL1.values())  # the level-1 labels the model knows (产出指标, 满意度指标 …)

_MAX_COMBINATIONS = 2000  # a few rows of a few cuts each

_MAX_WAYS = 2
# 目标1, 目标l (a scan's l for 1), 年度目标1:保障防汛抗旱安全 (a goal's label that names it, its 分值 in brackets)
_GOAL = re.compile(r"^(?:年度)?(?:绩效)?目标(?:\d|[lI](?=\d|$))[\dOolI]*(?:[:：].+)?$")


def _goal_cell(token: Token) -> Cell:
    """A goal's label as printed when it names the goal (its 分值 stays: 年度目标1：保障…（20分）), else its key."""
    return Cell(token.text if re.search(r"[:：]", token.key) else token.key, token.source)


def _fits(type_: str, text: str) -> bool:
    if is_blank(text):
        return True
    if type_ in ("score", "money", "count", "rate"):
        return figure(text) is not None
    if type_ == "name":
        return figure(text) is None
    return True


def read_indicators(part: list[Token], template: Template, read: Read, start: int) -> int:
    """Rows into read.rows; returns where the block ended."""
    block = template.blocks.get("indicators")
    if block is None:
        return start
    found = _header(part, block, start, set(template.block_labels), anchor="name")
    if (not found or "name" not in found[0]) and block.name_else:
        # a form that prints one level less (一级指标 / 二级指标 / 指标值, no 三级指标) names its indicators in its
        # deepest level column
        found = _header(part, block, start, set(template.block_labels), anchor=block.name_else)
        if found and "name" not in found[0]:
            found = (["name" if n == block.name_else else n for n in found[0]], found[1])
    if not found or "name" not in found[0]:
        return start
    names, i = found
    end_words = set(block.end)
    j = i
    while j < len(part) and part[j].key not in end_words:
        j += 1
    body = without_repeated_headers([t for t in part[i:j] if t.key not in set(template.block_labels)], block)
    values = [n for n in names if n not in ("level1", "level2", "name", "goal")]
    read.value_columns = list(values)
    run_together = any(t.split for t in part[max(0, i - len(names)):i])
    labels = _all_labels(block)
    while not run_together and len(body) > 1 and not any(t.table for t in body) and body[0].key not in labels and \
            not _GOAL.match(body[0].key) and figure(body[0].text) is None and \
            (body[1].key in labels or _GOAL.match(body[1].key)):
        # one cell per line: a header cell the template does not know (未完成原因和改进措施) stands before the first
        # row's labels; it is a column of text, not a row
        values.append(f"?{len(names) + len(values)}")
        body = body[1:]
    if run_together:
        rows = _aligned_rows(body, block, values, read, _label_weight(part[max(start, i - len(names) - 2):i],
                                                                      set(template.block_labels)))
    else:
        rows = _stream_rows(body, block, values, read, _goal_over_header(part, start, i, block, template))
    carry_down(rows)
    read.rows.extend(rows)
    return j




def _label_weight(header: list[Token], block_labels: set[str]) -> Decimal | None:
    """The points a block label prints over the indicators' header (绩效指标(90分)): what their weights add up to."""
    for token in header:
        found = POINTS.search(token.text)
        if token.key in block_labels and found:
            return Decimal(found.group(1))
    return None


def without_repeated_headers(body: list[Token], block: Block) -> list[Token]:
    """The block's rows without its header printed again where the table goes on over a page (一级指标 / 二级指标 /
    三级指标 / 指标值 … repeated at the top of the next page, or of a second Word table): a run of three or more header
    words, one of them the indicator name's (三级指标), is never a row's cells."""
    words = {w: c.name for c in block.columns for w in c.words}
    out: list[Token] = []
    k = 0
    while k < len(body):
        m = k
        while m < len(body) and label_key(body[m], words) in words:
            m += 1
        if m - k >= 3 and any(words[label_key(t, words)] == "name" for t in body[k:m]):
            k = m  # the header again
            continue
        out.extend(body[k:m + 1])
        k = m + 1
    return out


def _types(block: Block, values: list[str]) -> dict[str, str]:
    """The columns' types; a header cell a scan garbled (?n) is a column of text, kept for the positions."""
    return {**{v: "text" for v in values if v.startswith("?")}, **block.types()}


def _labels(block: Block) -> tuple[set[str], set[str]]:
    """The level-1 and level-2 labels; a level-1 label may be printed short (产出 / 效益 / 满意度 / 成本 for 产出指标 …),
    as tables without a 二级指标 column do. The short words are labels only as a whole cell: they are not words the
    run-together lines are cut at (群众满意度 holds 满意度)."""
    level1, level2 = set(block.level1), set(block.level2)
    short = {w[:-2]: w for w in level1 if w.endswith("指标") and len(w) > 3}
    # a short word whose full word the model files as a level-2 only (成本 for 成本指标, in the national form under
    # 产出指标) is a level-2 label, under the level-1 label above it; the others (产出, 效益, 满意度) are level-1
    lower = {s for s, w in short.items() if w in level2 and w not in MODEL_LEVEL1}
    return level1 | (set(short) - lower), level2 | lower


def _all_labels(block: Block) -> set[str]:
    level1, level2 = _labels(block)
    return level1 | level2


def _stream_rows(body: list[Token], block: Block, values: list[str], read: Read,
                 goal: Cell | None = None) -> list[dict[str, Cell]]:
    """A table of several rows gives each indicator its row, read alone (a row that does not fit is that row not
    read); a stream of cells (one per line, one long line) is cut into rows in the one way the types allow. A table's
    row that is a goal of its own (年度目标 2（10 分） and its words) puts the rows after it under that goal."""
    rows_of = {}
    for token in body:
        rows_of.setdefault(token.row, []).append(token)
    rowed = len({t.row for t in body if t.table}) >= 3
    parts = list(rows_of.values()) if rowed else [body]
    rows: list[dict[str, Cell]] = []
    for part in parts:
        if all(is_blank(t.text) for t in part):
            continue
        if rowed and _caption(part):
            continue
        if rowed and rows and _continued(part, rows[-1], values):
            continue
        if rowed and _goal_row(part) is not None:
            goal = _goal_row(part)
            continue
        ways = _parse(_trim(part) if rowed else part, block, values)
        if len(ways) != 1:
            why = "有多种切分" if ways else "与表头的列对不上"
            what = "一行" if rowed else "整块"
            read.unread.append(f"绩效指标表的单元格{why}，{what}未读（{part[0].source}）")
            read.rows_total += 1 if rowed else sum(1 for t in part if _fits("name", t.text)
                                                    and t.key not in _all_labels(block))
            continue
        got = [_row(part if not rowed else _trim(part), way, block, values) for way in ways[0] if way[1] is not None]
        if goal is not None and got and got[0].get("goal") is None:
            got[0]["goal"] = goal  # carried down to the goal's other rows
        goal = None
        read.rows_total += len(got)
        read.rows_read += len(got)
        rows.extend(got)
    return rows


def _continued(part: list[Token], previous: dict[str, Cell], values: list[str]) -> bool:
    """A table row whose cells are blank but for its last text columns, after a row read: the previous row's cells
    going on over a page break (a PDF prints the header again, then the rest of 完成情况). Their words join that
    row's cells; the row is not a row of its own."""
    if not all(t.table for t in part) or len(part) < len(values) + 2:
        return False
    tail = part[len(part) - len(values):]
    if any(not is_blank(t.text) for t in part[:len(part) - len(values)]) or all(is_blank(t.text) for t in tail):
        return False
    if any(not is_blank(t.text) and figure(t.text) is not None for t in tail):
        return False  # a figure under a value column is a row's value, not words running on
    for name, token in zip(values, tail):
        if is_blank(token.text):
            continue
        cell = previous.get(name)
        if cell is None or cell.text is None:
            return False
    for name, token in zip(values, tail):
        if not is_blank(token.text):
            previous[name] = Cell(previous[name].text + token.text, previous[name].source)
    return True


def _caption(part: list[Token]) -> bool:
    """A line of text among a table's rows that is a caption or a heading (自评结果 over the score's own table): not
    a row of the table, and not a row left unread."""
    texts = [t for t in part if not is_blank(t.text)]
    return len(texts) == 1 and not texts[0].table and len(texts[0].key) <= 20 and figure(texts[0].text) is None


def _goal_row(part: list[Token]) -> Cell | None:
    """A table row that is a goal of its own: its label (年度目标 2（10 分）, 目标2) and the goal's words in one merged
    cell, or the two in one cell (年度目标2：保障防汛抗旱安全（20分）), over the indicators of that goal (Hubei's
    department table prints each goal so, the indicators' header again under it). The goal as its label names it.
    An indicator row has a name and its values: never two cells, the first a goal's label."""
    texts = [t for t in part if not is_blank(t.text)]
    if not 1 <= len(texts) <= 2 or not texts[0].table or not _GOAL.match(texts[0].key):
        return None
    label = texts[0]
    if re.search(r"[:：]", label.key):
        return Cell(label.text, label.source) if len(texts) == 1 else None
    if len(texts) == 1:
        return Cell(label.key, label.source)
    points = POINTS.search(label.text)
    return Cell(f"{label.key}：{clean(texts[1].text)}" + (f"（{points.group(1)}分）" if points else ""), label.source)


def _goal_over_header(part: list[Token], start: int, header_end: int, block: Block, template: Template) -> Cell | None:
    """The goal row printed just over the indicators' header (the first goal's, the others' coming in the rows
    after it): the table row before the header's rows."""
    words = {w for c in block.columns for w in c.words} | set(template.block_labels)
    k = header_end - 1
    while k >= start and (label_key(part[k], {w: w for w in words}) in words or is_blank(part[k].text)):
        k -= 1
    if k < start or not part[k].table:
        return None
    row = [t for t in part[start:k + 1] if t.row == part[k].row]
    return _goal_row(row)


def _trim(part: list[Token]) -> list[Token]:
    """A scanned table's row without the stray marks OCR left in its block-label column (one character before the
    row's cells)."""
    i = 0
    while i < len(part) and (is_blank(part[i].text) or (len(part[i].text) == 1 and figure(part[i].text) is None)):
        i += 1
    return part[i:]


def _parse(body: list[Token], block: Block, values: list[str]) -> list[tuple]:
    """Every way (at most two) of cutting the cells into rows: labels*, name, one cell per value column; trailing
    free-text columns may be absent; empty cells between rows are skipped."""
    types = _types(block, values)
    labels = _all_labels(block)
    optional = 0
    for name in reversed(values):
        if types[name] not in ("reason", "text"):
            break
        optional += 1
    memo: dict[int, list[tuple]] = {}

    def rows_from(i: int) -> list[tuple]:
        if i in memo:
            return memo[i]
        if i == len(body):
            return [()]
        ways: list[tuple] = list(rows_from(i + 1)) if is_blank(body[i].text) else []
        heads, j = _heads(body, i, labels)
        if j < len(body) and body[j].key not in labels and _fits("name", body[j].text) and not is_blank(body[j].text):
            for drop in range(0, optional + 1):
                width = len(values) - drop
                cells = body[j + 1:j + 1 + width]
                if len(cells) < width or any(c.key in labels or _GOAL.match(c.key) or not _fits(types[v], c.text)
                                             for c, v in zip(cells, values)):  # a goal's label opens a row
                    continue
                if drop and j + 1 + width < len(body) and not _starts_row(body, j + 1 + width, labels):
                    continue
                row = (tuple(heads), j, tuple(range(j + 1, j + 1 + width)))
                ways.extend((row,) + rest for rest in rows_from(j + 1 + width))
        elif heads and j == len(body):
            ways.append(((tuple(heads), None, ()),))  # a label row with no indicator (经济效益指标 left empty)
        memo[i] = list(dict.fromkeys(ways))[:_MAX_WAYS]
        return memo[i]

    return rows_from(0)


def _heads(body: list[Token], i: int, labels: set[str]) -> tuple[list[int], int]:
    """The goal (目标1) and up to two level labels that open a row."""
    heads, j = [], i
    if j < len(body) and _GOAL.match(body[j].key):
        heads.append(j)
        j += 1
    first = len(heads)
    while j < len(body) and body[j].key in labels and len(heads) - first < 2:
        heads.append(j)
        j += 1
    return heads, j


def _row(body: list[Token], way: tuple, block: Block, values: list[str]) -> dict[str, Cell]:
    heads, name, cells = way
    level1, level2 = _labels(block)
    row: dict[str, Cell] = {}
    pair = [k for k in heads if not _GOAL.match(body[k].key)]
    for h in heads:
        if _GOAL.match(body[h].key):
            row["goal"] = _goal_cell(body[h])
            continue
        # a word of both lists (成本指标) is level 1 only when a level-2 label follows it; one the model knows as a
        # level 1 (满意度指标) standing alone opens its own level 1, not a level 2 under the one above it
        first_of_two = len(pair) == 2 and h == pair[0]
        alone = len(pair) == 1 and body[h].key in MODEL_LEVEL1
        level = ("level1" if body[h].key in level1 and (body[h].key not in level2 or first_of_two or alone)
                 else "level2")
        row[level] = Cell(body[h].text, body[h].source)
    row["name"] = Cell(body[name].text, body[name].source)
    types = _types(block, values)
    for index, value in zip(cells, values):
        text = body[index].text
        row[value] = Cell(None if is_blank(text) and not _said_none(types.get(value), text) else text,
                          body[index].source)
    return row


def _said_none(type_: str | None, text: str | None) -> bool:
    """偏差原因 “无” is an answer the document wrote (a reviewer weighs it: a deviation with no reason), not an empty
    cell; in the figure columns "无" is as blank as "—"."""
    return type_ == "reason" and clean(text or "") == "无"


def _starts_row(body: list[Token], i: int, labels: set[str]) -> bool:
    return body[i].key in labels or (_fits("name", body[i].text) and not is_blank(body[i].text))


def _aligned_rows(body: list[Token], block: Block, values: list[str], read: Read,
                  label_weight: Decimal | None = None) -> list[dict[str, Cell]]:
    """A run-together block: the level labels were cut off its lines; what lies between two labels is one or more
    rows, cut into the typed columns (as many rows as give a cut, the fewest first). A row several cuts fit waits
    for the rest of the table to decide (see `_settle`)."""
    types = _types(block, values)
    level1, level2 = _labels(block)
    row_columns = [("name", "name")] + [(v, types[v] if types[v] != "text" else "reason") for v in values]
    rows: list[dict[str, Cell]] = []
    labels: dict[str, Cell] = {}
    segment: list[Token] = []

    pending: list[_Pending] = []

    def flush() -> None:
        if segment:
            got = _segment_rows(segment, row_columns, block, read, dict(labels), pending, len(rows) + len(pending))
            rows.extend(got)
            if got:  # labels of a segment not read stay for the next rows
                labels.clear()
            segment.clear()

    previous_row = None
    seen_level1 = False
    for i, token in enumerate(body):
        if token.row != previous_row or token.key in level1 | level2 or _GOAL.match(token.key):
            flush()
        previous_row = token.row
        # a word of both lists (成本指标) is a level-2 label under a level-1 one, unless a level-2 label follows it
        followed = i + 1 < len(body) and body[i + 1].key in level2
        if _GOAL.match(token.key):  # 目标2: the rows after it are that goal's, under their own labels
            labels.clear()
            labels["goal"] = _goal_cell(token)
        elif token.key in level1 and (token.key not in level2 or not seen_level1 or followed):
            goal = labels.get("goal")
            labels.clear()  # a new level-1 label starts its own level-2 labels (within the goal it is under)
            if goal is not None:
                labels["goal"] = goal
            labels["level1"] = Cell(token.text, token.source)
            seen_level1 = True
        elif token.key in level2:
            labels["level2"] = Cell(token.text, token.source)
        elif not is_blank(token.text):
            segment.append(token)
    flush()
    if pending:
        _settle(rows, pending, row_columns, block, read, label_weight)
    return rows


@dataclass
class _Pending:
    """A row (one indicator) several cuts fit, with its place among the rows read and what it needs to be read."""
    at: int
    labels: dict[str, Cell]
    text: str
    source: object
    got: Alignment


def _settle(rows: list[dict[str, Cell]], pending: list[_Pending], row_columns: list, block: Block, read: Read,
            label_weight: Decimal | None) -> None:
    """Rows several cuts fit ("发放优抚对象人数≥1850人18603030": 1860 | 30 | 30, or 186030 | 3 | 0, or 186030 | 30
    and no score) are decided by the table they stand in, in tiers, each only as long as more than one combination
    remains: the table's 得分 column is filled in for every row or for none (as the rows read for certain show),
    then the weights add up to the points the block's label prints (绩效指标(90分)). One combination left: read;
    else those rows are not read (nothing is guessed)."""
    options = [[{k.partition("#")[0]: v for k, v in option.items()} for option in p.got.options] for p in pending]
    combos: list[tuple] = []
    if _count(options) <= _MAX_COMBINATIONS:
        combos = list(product(*options))
    certain = [{name: cell.text for name, cell in row.items()} for row in rows if row.get("weight") is not None]
    tiers = [lambda combo: len({bool(r.get("score")) for r in list(combo) + certain if r.get("weight")}) == 1]
    if label_weight is not None:
        tiers.append(lambda combo: _weights(list(combo) + certain) == label_weight)
    for tier in tiers:
        if len(combos) <= 1:
            break
        narrowed = [combo for combo in combos if tier(combo)]
        if narrowed:
            combos = narrowed
    chosen = combos[0] if len(combos) == 1 else None
    missing = 0  # rows of the table not read before this one: the places counted them
    for k, p in enumerate(pending):  # p.at: its place among all the table's rows, in order
        read.rows_total += 1
        if chosen is not None:
            read.rows_read += 1
            row = dict(p.labels)
            for name, _ in row_columns:
                row[name] = Cell(chosen[k].get(name), p.source)
            rows.insert(p.at, row)
            continue
        got = _agreed_rows(p.got.agreed or {}, p.got.sample or {}, 1, row_columns, p.labels, p.source, read)
        rows[p.at - missing:p.at - missing] = got[0]
        missing += 1 - len(got[0])
        what = "指标名称、年度指标值与实际完成值未能分开（整段作为指标名称读取），其后各列已读取" if got[1] else "未读"
        read.unread.append(f"绩效指标“{p.text}”的单元格连写在一起，有 {p.got.candidates} 种切分都说得通，{what}"
                           f"（{p.source}）")


def _weights(rows: list[dict]) -> Decimal | None:
    total = Decimal(0)
    for row in rows:
        weight = decimal(row.get("weight"))
        if weight is None:
            return None
        total += weight
    return total


def _count(options: list[list]) -> int:
    count = 1
    for cuts in options:
        count *= len(cuts)
    return count


def _segment_rows(segment: list[Token], row_columns: list, block: Block, read: Read,
                  labels: dict[str, Cell], pending: list[_Pending] | None = None, at: int = 0) -> list[dict[str, Cell]]:
    text = "".join(t.text for t in segment)
    source = segment[0].source
    for count in range(1, 4):
        columns = [(f"{name}#{k}", type_) for k in range(count) for name, type_ in row_columns]
        relations = [_renamed(r, k) for k in range(count) for r in block.relations]
        types = dict(columns)
        got = align(text, columns, relations, prefer=lambda row: qualitative_cut(row, types))  # noqa: B023
        if got.ok or got.candidates:
            break
    if not got.ok and count == 1 and got.options and pending is not None:
        pending.append(_Pending(at, labels, text, source, got))  # the table decides, once all its rows are cut
        return []
    read.rows_total += count
    if not got.ok:
        why = "没有一种切分符合各列的类型" if got.candidates == 0 else f"有 {got.candidates} 种切分都说得通"
        rows, joined = _agreed_rows(got.agreed or {}, got.sample or {}, count, row_columns, labels, source, read)
        what = "指标名称、年度指标值与实际完成值未能分开（整段作为指标名称读取），其后各列已读取" if joined else "未读"
        read.unread.append(f"绩效指标“{text}”的单元格连写在一起，{why}，{what}（{source}）")
        return rows
    read.rows_read += count
    rows = []
    for k in range(count):
        row = dict(labels) if k == 0 else {}
        for name, _ in row_columns:
            row[name] = Cell(got.values[f"{name}#{k}"], source)
        rows.append(row)
    return rows


def _agreed_rows(agreed: dict, sample: dict, count: int, row_columns: list, labels: dict, source,
                 read: Read) -> tuple[list, bool]:
    """The leading rows whose name and weight every cut agrees on: those are certain and read; the cells the cuts
    disagree on (a qualitative target and actual run together, a deviation text) are left out, and the rows after
    the first uncertain one are not read. A row whose figures every cut agrees on while its words (name, target,
    actual: "持续提升提升不明显") can be cut in many ways keeps those words as one name: its 分值 and 得分 are certain,
    and the table's sums need them. Returns the rows and whether one of them was read so."""
    rows, joined = [], False
    words = _word_columns(row_columns)
    for k in range(count):
        needed = [f"{name}#{k}" for name, _ in row_columns if name in ("name", "weight")]
        row = dict(labels) if k == 0 else {}
        if not all(n in agreed for n in needed):
            others = [c for c in _all_columns(row_columns, count) if c.partition("#")[0] not in words
                      or not c.endswith(f"#{k}")]
            if f"weight#{k}" not in agreed or not all(c in agreed for c in others) or not sample:
                break
            row["name"] = Cell("".join(sample.get(f"{name}#{k}") or "" for name in words), source)
            joined = True
        for name, type_ in row_columns:
            if f"{name}#{k}" in agreed and not (joined and name in words):
                row[name] = Cell(agreed[f"{name}#{k}"], source)
        rows.append(row)
        if joined:
            break
    read.rows_read += len(rows)
    return rows, joined


def _word_columns(row_columns: list) -> list[str]:
    """The row's leading columns of words (name, target, actual) before its first figure."""
    words = []
    for name, type_ in row_columns:
        if type_ in ("score", "money", "rate", "count"):
            break
        words.append(name)
    return words


def _all_columns(row_columns: list, count: int) -> list[str]:
    return [f"{name}#{k}" for k in range(count) for name, _ in row_columns]


def _renamed(relation, k: int):
    from dataclasses import replace
    rename = lambda name: f"{name}#{k}" if name and not name.replace(".", "").isdigit() else name  # noqa: E731
    return replace(relation, left=rename(relation.left), a=rename(relation.a), b=rename(relation.b))


def carry_down(rows: list[dict[str, Cell]]) -> None:
    """A row that omits its level-1 or level-2 label, or leaves its cell blank (a label printed once per group, not
    merged), is under the last one printed; a new level-1 label starts its own level-2 labels."""
    last1: Cell | None = None
    last2: Cell | None = None
    goal: Cell | None = None
    printed = lambda name: row.get(name) is not None and row[name].text  # noqa: E731
    for row in rows:
        if printed("goal"):
            goal = row["goal"]
        elif goal is not None:
            row["goal"] = goal
        if printed("level1"):
            if last1 is None or row["level1"].text != last1.text:
                last2 = None
            last1 = row["level1"]
        elif last1 is not None:
            row["level1"] = last1
        if printed("level2"):
            last2 = row["level2"]
        elif last2 is not None:
            row["level2"] = last2

