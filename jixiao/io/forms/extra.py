"""Forms read by position rather than by rows of typed cells: the indicator framework table (each row of a Word
table: 一级 | 二级 | 三级 | 分值 | 得分 | 解释 | 细则 | 来源, the level cells merged down) and the questionnaire's
figures (发放 / 收回 / 有效 and its score, in the table or the sentences around it)."""

from __future__ import annotations

import re

from .blocks import Cell, Read, _header, find, label_key
from .indicators import carry_down
from .schema import Template
from .stream import Token
from .values import clean, figure, is_blank, key


def framework(part: list[Token], template: Template, read: Read) -> None:
    block = template.blocks.get("framework")
    if block is None:
        return
    found = _header(part, block, 0, set(), anchor="name")
    if not found or len(found[0]) < 4:
        return
    names, i = found
    rows: dict[int, list[Token]] = {}
    end_line = None
    for token in part[i:]:
        if token.key in set(template.total):
            end_line = token.source.line
            total = [t for t in part[part.index(token) + 1:part.index(token) + 4] if figure(t.text) is not None]
            if len(total) >= 2:
                read.values["total_weight"] = Cell(figure(total[0].text), total[0].source)
                read.values["stated_score"] = Cell(figure(total[1].text), total[1].source)
            break
        rows.setdefault(token.row, []).append(token)
    table_rows = list(rows.values())
    lined = _cell_per_line(part, i, block, set(template.total), end_line) if table_rows and \
        not any(t.table for cells in table_rows for t in cells) else None
    if lined is not None:  # one cell per line: its rows rebuilt from the columns' types
        names, table_rows = lined
    previous: list[Token] = []
    first = len(read.rows)
    for cells in table_rows:
        cells = _carried(cells, previous, names)
        if len(cells) < len(names) or all(is_blank(c.text) for c in cells):
            if any(not is_blank(c.text) for c in cells):
                read.rows_total += 1
                read.unread.append(f"指标体系表一行的单元格少于表头的列，未读（{cells[0].source}）")
            continue
        read.rows_total += 1
        row = {n: Cell(None if is_blank(c.text) else c.text, c.source) for n, c in zip(names, cells)}
        if row.get("name") is None or row["name"].text is None:
            continue
        read.rows_read += 1
        read.rows.append(row)
        previous = cells
    carry_down(read.rows[first:])  # a level label printed once per group, the cells below it left blank


def _cell_per_line(part: list[Token], i: int, block, total: set[str], end_line: int | None):
    """(columns, rows) of a table written one cell per line whose header ends before part[i], or None. The header is
    its lines again (得分说明 was cut at its label 得分: the line is one column, not a word of the template's)."""
    words = {w: c.name for c in block.columns for w in c.words}
    start = i
    while start > 0 and not part[start - 1].table and (label_key(part[start - 1], words) in words or
                                                       start < len(part) and part[start - 1].row == part[start].row):
        start -= 1
    end = i
    while end < len(part) and part[end].row == part[i - 1].row:
        end += 1
    head = lines_of(part[start:end])
    if len(head) < 4 or any(not line.text for line in head):
        return None
    names = [words.get(label_key(line, words)) or f"?{k}" for k, line in enumerate(head)]
    if "name" not in names or len(set(names)) < len(names):
        return None
    body = []
    for token in part[end:]:
        if token.key in total:
            break
        body.append(token)
    types = {c.name: c.type for c in block.columns}
    rows = cell_rows(lines_of(body, end_line), names, types, [line.key for line in head], block.relations)
    return (names, rows) if rows is not None else None


def lines_of(tokens: list[Token], end_line: int | None = None) -> list[Token]:
    """Text written one cell per line, one token per line again (a cell's words were cut at its spaces), and an empty
    token for each empty line between two (an empty cell leaves an empty line)."""
    lines: list[Token] = []
    for token in tokens:
        if lines and token.row == lines[-1].row and not token.table:
            lines[-1] = Token(lines[-1].text + " " + token.text, lines[-1].source, lines[-1].row)
            continue
        if lines and token.source.line and lines[-1].source.line:
            lines.extend(Token("", lines[-1].source, -1) for _ in range(token.source.line - lines[-1].source.line - 1))
        lines.append(Token(token.text, token.source, token.row))
    if lines and end_line and lines[-1].source.line:  # the last cells of the last row, left empty
        lines.extend(Token("", lines[-1].source, -1) for _ in range(end_line - lines[-1].source.line - 1))
    return lines


_FIGURES = ("money", "score", "rate", "count")


def cell_rows(cells: list[Token], names: list[str], types: dict[str, str], header: list[str],
              relations: list) -> list[list[Token]] | None:
    """A table written one cell per line, cut back into its rows: each row holds the columns from some level column
    on (a level label merged down is written once, in its group's first row) to the last, each cell of its column's
    type (a figure column a figure or blank, a level or name a text that is not a figure) and its figures in their
    relations (得分 ≤ 分值); a repeated header (under a caption line: 续表) is no row. The one way of cutting every line into such rows is
    the table; when none or several cut it, None: nothing is guessed."""
    from .relations import failing

    if "name" not in names:
        return None
    leading = names.index("name")
    n = len(names)
    kinds = [types.get(name, "text") for name in names]

    def fits(cut: list[Token], start: int) -> bool:
        row: dict[str, str | None] = {}
        for cell, name, type_ in zip(cut, names[start:], kinds[start:]):
            text = None if is_blank(cell.text) else cell.text
            if type_ in _FIGURES:
                if text is not None and figure(text) is None:
                    return False
            elif name == "name" and (text is None or figure(text) is not None):
                return False
            elif names.index(name) < leading and text is not None and figure(text) is not None:
                return False
            row[name] = figure(text) if type_ in _FIGURES and text is not None else text
        return not failing(relations, row, types)

    ways = [0] * (len(cells) + 1)  # how many cuts of cells[p:] (2 means several)
    choice: list[int | None] = [None] * (len(cells) + 1)
    ways[len(cells)] = 1
    for p in range(len(cells) - 1, -1, -1):
        options = []
        for caption in (0, 1):  # a header repeated where the table goes on, perhaps under its caption (续表)
            if [c.key for c in cells[p + caption:p + caption + len(header)]] == header:
                options.append(-len(header) - caption)
        for start in range(leading + 1):
            end = p + n - start
            if end <= len(cells) and fits(cells[p:end], start):
                options.append(start)
        total = 0
        for option in options:
            end = p - option if option < 0 else p + n - option
            if ways[end]:
                total += ways[end]
                choice[p] = option
        ways[p] = min(total, 2)
    if ways[0] != 1:
        return None
    rows: list[list[Token]] = []
    p = 0
    while p < len(cells):
        option = choice[p]
        if option < 0:
            p -= option
            continue
        end = p + n - option
        rows.append([Token("", cells[p].source, -1) for _ in range(option)] + cells[p:end])
        p = end
    return rows


def _carried(cells: list[Token], previous: list[Token], names: list[str]) -> list[Token]:
    """A row of a table copied as text lacks the level cells merged down from the row above (a merged cell is
    written once): its name, weight and score stand one or two cells left of their columns. Shifted back, the
    missing level cells are the previous row's. A text copy may pad the row with blank cells at its end, or drop its
    blank last cells (an empty 扣分说明): the shift is the one whose weight and score are plain figures, the score
    given rather than blank, nothing but blanks pushed past the last column."""
    if not {"name", "weight", "score"} <= set(names) or not previous:
        return cells
    name, weight, score = names.index("name"), names.index("weight"), names.index("score")
    at = lambda k: cells[k].text if 0 <= k < len(cells) else None  # noqa: E731

    def fits(shift: int) -> bool:
        return not is_blank(at(name - shift)) and figure(at(name - shift)) is None \
            and _plain(at(weight - shift)) and (_plain(at(score - shift)) or is_blank(at(score - shift)))

    def rank(shift: int) -> tuple:
        pushed_out = [t for t in cells[len(cells) - max(0, len(cells) + shift - len(names)):] if not is_blank(t.text)]
        return (not _plain(at(score - shift)), len(pushed_out), shift)

    shifts = [shift for shift in range(0, name + 1) if fits(shift)]
    if not shifts:
        return cells
    shift = min(shifts, key=rank)
    shifted = (previous[:shift] + cells if shift else cells)[:max(len(names), len(cells))]
    if score < len(shifted) < len(names) and all(_textual(n) for n in names[len(shifted):]):
        shifted = shifted + [Token("", shifted[-1].source, shifted[-1].row, shifted[-1].table)
                             for _ in names[len(shifted):]]  # the blank text cells after the score, given back
    return shifted


def _plain(text: str | None) -> bool:
    """A cell holding a figure alone (4, 2.5): not a note that opens with one (3项指标未量化)."""
    return text is not None and re.fullmatch(r"\s*\d+(?:\.\d+)?\s*(?:分)?\s*", text) is not None


def _textual(name: str) -> bool:
    """A column that holds words, left blank on many rows (扣分说明, 备注, a column the template does not know)."""
    return name not in ("level1", "level2", "name", "weight", "score")


_COUNT = {"issued": r"发放[^0-9，,。；]{0,6}?(\d+)\s*份", "returned": r"(?:收回|回收)[^0-9，,。；]{0,6}?(\d+)\s*份",
          "valid": r"有效[^0-9，,。；]{0,6}?(\d+)\s*份",
          # 问卷综合得分为 X 分; 问卷综合得分 = Σ（…）÷ 有效问卷数 = X 分 (the formula's result)
          "stated_score": r"(?:综合|平均|问卷)?得分(?:[为是:：]|\s*[=＝][^。；]*?[=＝为])?\s*(\d+(?:\.\d+)?)\s*分"}


def questionnaire(part: list[Token], template: Template, read: Read) -> None:
    """The survey's counts and score as the document states them near its statistics."""
    block = template.blocks.get("survey")
    anchor = find(part, block.label) if block else None
    window = part[max(0, (anchor or 0) - 30):(anchor or 0) + 400] if anchor is not None else part
    _counts_table(part, read)
    if block is not None:
        _questions(part, block, read)
    lines = _lines(window)
    for name, pattern in _COUNT.items():
        if f"survey:{name}" in read.values:
            continue
        for text, source in lines:
            found = re.search(pattern, text)
            if found:
                read.values[f"survey:{name}"] = Cell(found.group(1), source)
                break


def _lines(tokens: list[Token]) -> list[tuple[str, object]]:
    """The window's paragraphs whole again: the stream cuts a paragraph at its labels (问卷综合得分 = Σ… ÷ 有效问卷数 =
    91.26分 comes as five tokens), a sentence's figure is read in the sentence. Table cells stay one by one."""
    lines: list[tuple[str, object]] = []
    for token in tokens:
        if lines and not token.table and not lines[-1][2] and lines[-1][1] == token.source:
            lines[-1] = (lines[-1][0] + " " + token.text, token.source, False)
        else:
            lines.append((token.text, token.source, bool(token.table)))
    return [(text, source) for text, source, _ in lines]


_HEADS = {"issued": re.compile(r"^发放(?:问卷)?(?:份数|数量|数)?$"),
          "returned": re.compile(r"^(?:收回|回收)(?:问卷)?(?:份数|数量|数)?$"),
          "valid": re.compile(r"^有效(?:问卷)?(?:份数|数量|数)?$")}


def _counts_table(part: list[Token], read: Read) -> None:
    """发放份数 | 收回份数 | 有效份数 as a table's header, the counts in the row below at the same places."""
    rows: dict[int, list[Token]] = {}
    for token in part:
        if token.table:
            rows.setdefault(token.row, []).append(token)
    ordered = sorted(rows)
    for here, below in zip(ordered, ordered[1:]):
        for k, token in enumerate(rows[here]):
            for name, pattern in _HEADS.items():
                if pattern.match(token.key) and k < len(rows[below]):
                    cell = rows[below][k]
                    count = figure(cell.text)
                    if count is not None and count.isdigit():
                        read.values.setdefault(f"survey:{name}", Cell(count, cell.source))


# an option column's header: its label and the points it earns, A（10分）, 满意（8分）, B.比较满意(5分)
_OPTION = re.compile(r"^(?P<label>[^（()）]{1,12}?)\s*[（(]\s*(?P<points>\d+(?:\.\d+)?)\s*分\s*[）)]$")


def _table_rows(part: list[Token]) -> list[list[Token]]:
    rows: dict[int, list[Token]] = {}
    for token in part:
        if token.table:
            rows.setdefault(token.row, []).append(token)
    return [rows[r] for r in sorted(rows)]


def _questions(part: list[Token], block, read: Read) -> None:
    """The questions' table: under a header with the question column and two or more option columns that print
    their points, each row is a question with one count per option, until a row that is not one."""
    if not _question_rows(_table_rows(part), block, read):
        _question_rows(_line_table(part, block), block, read)


def _line_table(part: list[Token], block) -> list[list[Token]]:
    """The questions' table written one cell per line: its header is the question column's line with the option
    lines after it (A（10分）, 满意（8分）…) and the short word lines either side (序号, 合计); each row is as many
    lines as the header."""
    lines = lines_of([t for t in part if not t.table])
    short = lambda t: bool(t.key) and len(t.key) <= 6 and figure(t.text) is None and \
        not any(p in t.text for p in "。，,；;")  # noqa: E731
    for a, line in enumerate(lines):
        if line.key not in block.label:
            continue
        end = a + 1
        while end < len(lines) and _OPTION.match(clean(lines[end].text)):
            end += 1
        if end - a - 1 < 2:
            continue
        start = a
        while start > 0 and short(lines[start - 1]) and not _OPTION.match(clean(lines[start - 1].text)):
            start -= 1
        while end < len(lines) and short(lines[end]):
            end += 1
        n = end - start
        return [lines[start:end]] + [lines[k:k + n] for k in range(end, len(lines), n)]
    return []


def _question_rows(rows: list[list[Token]], block, read: Read) -> bool:
    """Whether the rows hold the questions' header (its rows read into read.questions)."""
    for h, header in enumerate(rows):
        asked = next((k for k, t in enumerate(header) if t.key in block.label), None)
        options = [(k, m["label"].strip(), m["points"]) for k, t in enumerate(header)
                   if (m := _OPTION.match(clean(t.text)))]
        if asked is None or len(options) < 2:
            continue
        for row in rows[h + 1:]:
            counts = [figure(row[k].text) if k < len(row) else None for k, _, _ in options]
            if len(row) != len(header) or is_blank(row[asked].text) or not all(c and c.isdigit() for c in counts):
                if any(not is_blank(t.text) for t in row) and len(read.questions) == 0:
                    read.unread.append(f"问卷统计表一行与表头的列对不上，未读（{row[0].source}）")
                break
            read.rows_total += 1
            read.rows_read += 1
            read.questions.append((Cell(clean(row[asked].text), row[asked].source),
                                   [(label, points, _satisfied(label, points, block), Cell(count, row[k].source))
                                    for (k, label, points), count in zip(options, counts)]))
        return True
    return False


def _satisfied(label: str, points: str, block) -> bool:
    """Whether choosing the option counts as satisfied: by its words, else (a letter) by earning points."""
    words = key(label)
    if any(w in words for w in block.options.get("unsatisfied", [])):
        return False
    if any(w in words for w in block.options.get("satisfied", [])):
        return True
    return float(points) > 0


def figures(part: list[Token], template: Template, read: Read) -> None:
    """Tables whose header row names each figure: 项目 | 合计 | 财政拨款 … over 收入 | 1096.80 | 1050.30 …, or 项目 |
    决算数 | 预算数 … over one row per item. A row label of the template followed by as many cells as the header has
    labels gives one figure per label the template knows."""
    for spec in template.figures:
        columns = {w: c.name for c in spec.columns for w in c.words if c.type != "stated"}
        stated = {w: c.name for c in spec.columns for w in c.words if c.type == "stated"}
        rows = {w: path for path, ws in spec.rows.items() for w in ws}
        header: list[str] = []
        last: int | None = None  # the table row of the header or of the last row read: a header is its table's
        i = 0
        while i < len(part):
            token = part[i]
            if header and token.table and last is not None and token.row > last + 1:
                header = []  # another table (text came between): its rows are not under this header
            if token.key == "项目":
                header, i = _labels(part, i + 1, rows)
                last = part[i - 1].row if part[i - 1].table else None
                continue
            if token.key in rows and header and any(label in columns for label in header):
                last = token.row if token.table else None
                cells = part[i + 1:i + 1 + len(header)]
                read.rows_total += 1
                if all(is_blank(c.text) or figure(c.text) is not None for c in cells) and len(cells) == len(header):
                    read.rows_read += 1
                    for label, cell in zip(header, cells):
                        if label in columns and figure(cell.text) is not None:
                            path = f"{rows[token.key]}.{columns[label]}"
                            read.values.setdefault(f"path:{path}", Cell(figure(cell.text), cell.source))
                        elif label in stated and figure(cell.text) is not None:
                            _statement(read, rows[token.key], stated[label], token, label, cell)
                else:
                    read.unread.append(f"表格“{token.text}”一行的数字与表头对不上（{token.source}）")
                i += 1 + len(header)
                continue
            i += 1


def _statement(read: Read, path: str, name: str, row: Token, label: str, cell: Token) -> None:
    """A figure the table states and the checks recompute (节约比例 = 节约数 ÷ 预算数, 减少比例 = 减少数 ÷ 上年数)."""
    value = figure(cell.text)
    unit = "%" if "%" in cell.text or name.endswith("rate") else "万元"
    read.statements.append(({"fact": f"{path}.{name}", "value": value, "unit": unit, "where": str(cell.source),
                             "text": f"{row.text}{label} {cell.text}"}, cell.source))


def _labels(part: list[Token], i: int, rows: dict[str, str]) -> tuple[list[str], int]:
    labels = []
    # a header of two rows prints 项目 again on its second (项目 | 决算数 | 与年初预算对比 over 项目 | 决算数 | 预算数 |
    # 节约数 …): the second row's labels are the columns', read from there
    while i < len(part) and part[i].key not in rows and figure(part[i].text) is None and not part[i].heading \
            and part[i].key != "项目":
        if not is_blank(part[i].text):
            labels.append(part[i].key)
        i += 1
    return labels, i
