"""Reading the blocks of a form from its part of the stream: head fields, the funds block, the goal, the indicator
block, the total and the grade. Each reader finds its header by the template's words, takes the columns in the order
the document prints them, and reads the rows after it; a run-together row goes to the aligner."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import takewhile

from jixiao.io.layout.model import Source

from .align import align
from .parts import resolve_parts
from . import relations as rel
from . import units
from .relations import failing
from .schema import Block, Template
from .stream import Token
from decimal import Decimal

from .values import clean, decimal, figure, is_blank, key


@dataclass
class Cell:
    text: str | None
    source: Source


@dataclass
class Read:
    """What the blocks gave: values with their sources, and the rows read, not read, and left blank."""

    values: dict[str, Cell] = field(default_factory=dict)
    rows: list[dict[str, Cell]] = field(default_factory=list)  # indicator rows
    goals: list[dict[str, Cell]] = field(default_factory=list)  # a department's annual goals
    funds: dict[str, dict[str, Cell]] = field(default_factory=dict)  # row → column → cell
    fund_labels: dict[str, Cell] = field(default_factory=dict)  # row → its printed label (年度资金总额, 其中：…)
    rows_read: int = 0
    rows_total: int = 0
    unread: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)  # cells that may be blank: which is not known (a lone 总分 figure)
    checks: list[str] = field(default_factory=list)
    # figures a table states that follow from its others (节约比例, 减少数): kept as the model's statements, which
    # the checks recompute from the figures they follow from
    statements: list[tuple[dict, Source]] = field(default_factory=list)
    # a questionnaire's questions: the question's cell and its options (label, points, satisfied, count cell)
    questions: list[tuple[Cell, list[tuple[str, str, bool, Cell]]]] = field(default_factory=list)
    # the indicator block's value columns in the order its header prints them (分值 | 指标值 | 实际值 | 得分 …): where
    # the 总分 row's cells stand
    value_columns: list[str] = field(default_factory=list)


# The grade words forms print (优/良/中/差, 优秀/良好/一般/较差, 合格, A–D): anything else after 自评等级 is the
# next part of the document, and the grade was left empty.
GRADE = re.compile(r"优秀?|良好?|中等?|差|较差|一般|合格|不合格|基本合格|[ABCD]级?|[一二三四]档")


def find(part: list[Token], words: list[str], start: int = 0) -> int | None:
    wanted = set(words)
    return next((i for i in range(start, len(part)) if part[i].key in wanted), None)


def _value_after(part: list[Token], i: int, vocabulary: set[str]) -> Token | None:
    """The cell after a label: the next one that is neither blank nor another label."""
    for token in part[i + 1:i + 20]:
        if token.key in vocabulary:
            return None
        if not is_blank(token.text):
            return token
    return None


def _in_row(part: list[Token], i: int, vocabulary: set[str]) -> Token | None:
    """A table's text label with its text in its own row (偏差大或目标未完成原因分析 | 无): that cell, 无 included — the
    form says there is none, and the next row's label (改进措施及结果应用方案) is not its text."""
    label = part[i]
    if not label.table:
        return None
    for token in part[i + 1:i + 20]:
        if token.row != label.row or token.key in vocabulary:
            return None
        if token.text.strip():
            return token
    return None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _spaced_value(part: list[Token], i: int, vocabulary: set[str]) -> str:
    """A head row's value from its first word on: PDF text puts a space either side of a figure (城乡居民养老保险 2022
    年提高缴费年限养老金…), so the words of the same line that follow, as long as each begins with a figure or follows
    one and none is a label, are the same value, joined as written without the spaces a figure brought. A word that
    neither begins with nor follows a figure (a label the template does not know: 项目实施单位) ends the value."""
    first = part[i]
    text = first.text
    for token in part[i + 1:i + 8]:
        if token.table or first.table or token.row != first.row or token.key in vocabulary or is_blank(token.text):
            break
        if not (token.text[:1].isdigit() or text[-1:].isdigit()):
            break
        cjk = _CJK.match(text[-1:]) or _CJK.match(token.text[:1])
        text += ("" if cjk else " ") + token.text
    return text


def head(part: list[Token], template: Template, vocabulary: set[str], read: Read) -> None:
    known = {w: w for w in vocabulary}
    for name, labels in template.fields.items():
        i = find(part, labels)
        if i is None:  # a field's label of four characters a scan read with one lost at an edge (主管部 for 主管部门)
            i = next((i for i, t in enumerate(part) if t.table and len(t.key) == 3
                      and label_key(t, known, shortest=3) in labels), None)
        if i is None:
            inline = _inline(part, labels)  # 部门(单位)名称：湘岭县市场监督管理局 in one cell
            if inline is not None:
                read.values[name] = inline
            continue
        token = _value_after(part, i, vocabulary)
        if token is not None:
            read.values[name] = Cell(_spaced_value(part, part.index(token, i + 1), vocabulary), token.source)
    i = find(part, template.grade)
    if i is None:  # 自评等级 read with a character lost at an edge (自评等)
        i = next((i for i, t in enumerate(part) if t.table and len(t.key) == 3
                  and label_key(t, {w: w for w in template.grade}, shortest=3) in template.grade), None)
    if i is not None:
        token = _value_after(part, i, vocabulary)
        if token is not None and GRADE.fullmatch(token.key):
            read.values["stated_grade"] = Cell(token.key, token.source)
        else:  # the form prints the grade's cell and leaves it empty
            read.values["stated_grade"] = Cell(None, part[i].source)
    for label, labels in template.texts.items():
        i = find(part, labels)
        token = (_in_row(part, i, vocabulary) or _value_after(part, i, vocabulary)) if i is not None else None
        if token is not None:
            read.values[f"text:{label}"] = Cell(token.text, token.source)


def label_key(token: Token, words: dict[str, str], shortest: int = 4) -> str:
    """The template word a cell holds: its key, or, for a scanned table's cell of four characters or more, the one
    word it is with a character lost at either edge (OCR drops the 年 of 年度资金总额 at a cell's border)."""
    if token.key in words or not token.table or len(token.key) < shortest:
        return token.key
    near = {w for w in words if len(w) == len(token.key) + 1 and (w[1:] == token.key or w[:-1] == token.key)}
    return near.pop() if len(near) == 1 else token.key


_ROW_NUMBER = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．](?!\d))")


def _row_key(token: Token, labels: dict[str, str]) -> str:
    """A funds row's label, its list numbering aside (一、基本支出, 2.项目支出: the label of a report's budget table)."""
    found = label_key(token, labels)
    if found in labels or not token.table:
        return found
    plain = _ROW_NUMBER.sub("", token.key)
    return plain if plain in labels else found


def _lost_word(part: list[Token], i: int, words: dict[str, str]) -> bool:
    """A short table cell between two header words that is none of them: a header word OCR garbled."""
    token = part[i]
    return token.table and 0 < len(token.key) <= 2 and figure(token.text) is None and i + 1 < len(part) and \
        label_key(part[i + 1], words) in words and part[i + 1].row == token.row


def _inline(part: list[Token], labels: list[str]) -> Cell | None:
    wanted = set(labels)
    for token in part:
        label, colon, value = token.text.partition("：" if "：" in token.text else ":")
        if colon and value.strip() and key(label) in wanted:
            return Cell(value.strip(), token.source)
    return None


def _header(part: list[Token], block: Block, start: int, skip: set[str],
            anchor: str = "") -> tuple[list[str], int] | None:
    """The block's columns in the document's order and where its rows begin, found at its first header word (or at
    the anchor column's word, e.g. 三级指标, and back to the first header word before it)."""
    words = {w: c.name for c in block.columns for w in c.words}
    i = start
    while i < len(part):
        if label_key(part[i], words) in words and (not anchor or words[label_key(part[i], words)] == anchor):
            break
        i += 1
    else:
        return None
    while anchor and i > start and (part[i - 1].key in words or part[i - 1].key in skip) and \
            words.get(part[i - 1].key) != anchor:
        i -= 1
    names: list[str] = []
    while i < len(part) and (label_key(part[i], words) in words or part[i].key in skip or is_blank(part[i].text)
                             or _lost_word(part, i, words)):
        name = words.get(label_key(part[i], words))
        if name is None and _lost_word(part, i, words):
            names.append(f"?{i}")  # a header cell a scan garbled (值 for 分值): its column is kept, unread
            i += 1
            continue
        if name and (not names or names[-1] != name):
            if name in names:
                break
            names.append(name)
        i += 1
    return names, i


def funds(part: list[Token], template: Template, read: Read, stop_words: set[str],
          before: list[Token] = ()) -> None:
    block = template.blocks.get("funds")
    if block is None:
        return
    skip = set(template.block_labels)
    found = _header(part, block, 0, skip)
    if not found or len(found[0]) < 3:
        return
    names, i = found
    while 0 < i < len(part) and part[i].table and part[i - 1].table and part[i].row == part[i - 1].row and \
            figure(part[i].text) is None:
        i += 1  # the header row's last cells the block does not read (得分计算方法): its rows' cells there are dropped
    labels = {w: row for row, ws in block.rows.items() for w in ws}
    types = block.types()
    current = _unlabelled_total(part, i, labels, stop_words)
    values: list[Token] = []
    rows: list[tuple[str, Token, list[Token]]] = []
    for token in part[i:]:
        if current and current[1].table and not token.table and not is_blank(token.text):
            break  # the table's rows ended: the text after it (a caption over the next table) is none of them
        if _row_key(token, labels) in labels:
            if current:
                rows.append((*current, values))
            current, values = (labels[_row_key(token, labels)], token), []
        elif token.key in stop_words or (not token.table and not token.split and len(token.text) > 30):
            # a long paragraph is prose after the table; a row's figures cut from its label are not
            break
        elif current and token.key not in skip:
            values.append(token)
    if current:
        rows.append((*current, values))
    scale = _money_scale(part[:i], before, block, skip, [label for _, label, _ in rows])
    printed: dict[str, dict] = {}  # each row read, as printed in the block's own unit: relations and parts compare these
    pending: dict[str, tuple[Token, list[Token], list[dict]]] = {}  # rows several cuts fit, with those cuts
    # rows of a parts group whose cut only its number format chose (490.65 | 65.64 | 71.34 over 490.6 | 565.6 |
    # 471.34): the parts adding up to their total decide first, the number format only when they cannot
    soft: dict[str, tuple[Token, list[Token], list[dict], dict]] = {}
    in_parts = {row for group in block.parts for row in group}
    for row, label, cells in rows:
        read.rows_total += 1
        options: list[dict] = []
        loose: list[dict] = []
        got = _fund_row(names, types, cells, block, printed.get("total", {}), options, loose)
        if got is None:
            pending[row] = (label, cells, options)
            continue
        if row in in_parts and len(loose) > 1:
            soft[row] = (label, cells, loose, got)
            continue
        _keep_fund_row(read, block, names, row, label, cells, got, scale, printed)
    decided = resolve_parts(block.parts, {**pending, **{r: v[:3] for r, v in soft.items()}}, printed, types) \
        if soft else {}
    if soft and not decided:  # the parts cannot decide among every cut: the number format's cuts stand
        for row, (label, cells, _, got) in soft.items():
            _keep_fund_row(read, block, names, row, label, cells, got, scale, printed)
        soft = {}
    for row, (label, cells, _, got) in soft.items():
        _keep_fund_row(read, block, names, row, label, cells, decided.pop(row, got), scale, printed)
    for row, got in decided.items():
        label, cells, _ = pending.pop(row)
        _keep_fund_row(read, block, names, row, label, cells, got, scale, printed)
    for row, got in resolve_parts(block.parts, pending, printed, types).items():
        label, cells, _ = pending.pop(row)
        _keep_fund_row(read, block, names, row, label, cells, got, scale, printed)
    for label, _, _ in pending.values():
        read.unread.append(f"资金表“{label.text}”一行的数字连写在一起，无法唯一切分（{label.source}）")
    if "total" in read.funds and "weight" not in names:
        _printed_weight(part[max(0, i - 12):i], read)


def _unlabelled_total(part: list[Token], i: int, labels: dict[str, str],
                      stop_words: set[str]) -> tuple[str, Token] | None:
    """A funds block whose one row of figures has no label of its own: the block's label (预算执行情况（万元）, a
    merged cell down the header and the figures) stands in its first column, so the row is the block's whole funds —
    its total. Only a table's row right under the header, and only when no row below is labelled the total."""
    if i >= len(part) or not part[i].table or figure(part[i].text) is None:
        return None
    row = part[i].row
    label = next((t for t in reversed(part[:i]) if t.row == row and t.table), part[i])
    after = takewhile(lambda t: t.table and t.key not in stop_words, part[i:])
    if any(_row_key(t, labels) in labels and labels[_row_key(t, labels)] == "total" for t in after):
        return None
    return "total", label


PRINTED_WEIGHT = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*(?:[）)]|[×*xX])")


def _printed_weight(head: list[Token], read: Read) -> None:
    """A funds block without a 分值 column gives its weight in its title or its score's header: 预算执行情况（万元）
    （20分）, 得分（20分×执行率）."""
    for token in head:
        found = PRINTED_WEIGHT.search(token.text)
        if found and ("执行" in token.text or "得分" in token.text):
            read.funds["total"]["weight"] = Cell(found.group(1), token.source)
            return


def _keep_fund_row(read: Read, block: Block, names: list[str], row: str, label: Token, cells: list[Token],
                   got: dict[str, str | None], scale: Decimal, printed: dict[str, dict]) -> None:
    """A funds row read: kept in 万元 with its cells' sources; its relations checked on the figures as printed."""
    types = block.types()
    total = printed.get("total", {}) if row != "total" else {}
    relations = list({r.text: r for r in block.relations + block.scoring}.values())
    if failing(relations, got, types, total):
        got = _spurious_one(got, relations, types, total, lambda k: _cell_source(k, names, cells, label)) or got
    printed[row] = dict(got)
    read.rows_read += 1
    read.funds[row] = {k: Cell(units.in_wan(v, scale) if types.get(k) == "money" else v,
                               _cell_source(k, names, cells, label)) for k, v in got.items()}
    read.fund_labels[row] = Cell(label.text, label.source)
    for relation in failing(relations, got, types, total):
        read.checks.append(f"资金表“{label.text}”一行不满足 {relation.text}（{label.source}）")


def _spurious_one(got: dict, relations: list, types: dict, total: dict, source_of) -> dict | None:
    """A row breaking its relations because a scan's figure read with doubt took in a 1 it does not have (a cell's
    border or a doubled stroke read as 1: 110 for a weight of 10): the one reading without that 1 that makes every
    relation hold, when there is exactly one; else None (the row is kept as read, its relations reported)."""
    fixes: dict[tuple, dict] = {}
    for name, value in got.items():
        if not value or types.get(name) not in ("money", "score", "rate") or not source_of(name).doubtful:
            continue
        for at in (i for i, c in enumerate(value) if c == "1"):
            fewer = value[:at] + value[at + 1:]
            if figure(fewer) is None or fewer[:1] in ".%" or fewer.startswith("0") and fewer[1:2].isdigit():
                continue
            trial = {**got, name: fewer}
            if not failing(relations, trial, types, total):
                fixes[tuple(sorted((k, str(v)) for k, v in trial.items()))] = trial
    return next(iter(fixes.values())) if len(fixes) == 1 else None


def _money_scale(head: list[Token], before: list[Token], block: Block, skip: set[str],
                 labels: list[Token]) -> Decimal:
    """How many 万元 one unit of the block's money is, as its labels (项目资金（元）, a row's or a column's note) or
    a caption over the form (单位：元) state it."""
    words = skip | {w for c in block.columns for w in c.words} | {w for ws in block.rows.values() for w in ws}
    own = [t.text for t in head if t.key in words] + [t.text for t in labels]
    lines: dict[tuple[bool, int], str] = {}  # a caption cut into words (单位： 元) is read as its line
    for token in list(before) + head:
        lines[(token.table, token.row)] = lines.get((token.table, token.row), "") + token.text
    return units.stated_scale(own, [t.text for t in list(before) + head] + list(lines.values()))


def _cell_source(name: str, names: list[str], cells: list[Token], label: Token) -> Source:
    """Where a funds value was read: its own cell when the row kept its cells, else the one cell it was cut from."""
    if len(cells) > 1 and name in names and names.index(name) < len(cells):
        return cells[names.index(name)].source
    return cells[0].source if cells else label.source


_BLANK_MARKS = re.compile(r"[/／\\—–-]{2,}")


def _fund_row(names: list[str], types: dict[str, str], cells: list[Token], block: Block,
              total: dict, options: list | None = None, loose: list | None = None) -> dict[str, str | None] | None:
    texts = [c.text for c in cells]
    if len(texts) == 1 and len(names) > 1 and _BLANK_MARKS.fullmatch(texts[0].replace(" ", "")):
        # nothing but blank marks run together (其他资金 //): whichever cells they stood in, the row has no figure
        return {n: None for n in names if not n.startswith("?")}
    if len(texts) == 1 and len(names) > 1 and not is_blank(texts[0]) and figure(texts[0]) is None and \
            not any(n.startswith("?") for n in names):
        columns = [(n, types[n] if types[n] != "text" else "reason") for n in names]
        relations = [r for r in block.relations if not r.left.startswith("total.")]
        # a row given a weight has its rate (其中 rows print — under 分值, 执行率, 得分; its score may be left empty)
        weighted = lambda row: row.get("weight") is None or row.get("rate") is not None  # noqa: E731
        got = align(texts[0], columns, relations, total, block.scoring, accept=weighted)
        if options is not None and got.options:
            options.extend(got.options)
        if loose is not None and got.loose:
            loose.extend(got.loose)
        return got.values
    return {n: None if i >= len(texts) or is_blank(texts[i]) or _misread(cells[i], types.get(n)) else clean(texts[i])
            for i, n in enumerate(names) if not n.startswith("?")}


def _misread(cell: Token, type_: str | None) -> bool:
    """A scan's cell read with doubt that holds no figure under a column of figures (10 read as ER): not read."""
    return cell.source.doubtful and type_ in ("money", "score", "rate", "count") and figure(cell.text) is None


def goal(part: list[Token], template: Template, read: Read, vocabulary: set[str]) -> None:
    block = template.blocks.get("goal")
    if block is None:
        return
    i = find(part, block.label)
    if i is None:
        return
    j = find(part, block.actual, i)
    if j is None or j - i > 6:
        return
    texts = []
    for token in part[j + 1:j + 40]:
        if (token.key in vocabulary and token.key not in block.label) or len(texts) == 2:
            break
        if not is_blank(token.text) and token.key not in block.label:
            texts.append(token)
    read.rows_total += 1
    if not texts:  # both cells left empty: the row is read, it says nothing (not a row the reader missed)
        read.rows_read += 1
    elif len(texts) >= 2:
        read.rows_read += 1
        read.values["goal"] = Cell(texts[0].text, texts[0].source)
        read.values["goal_actual"] = Cell(texts[1].text, texts[1].source)
    elif len(texts) == 1 and len(_sentences(texts[0].text)) == 2:  # each cell one sentence: the cut is where it ends
        read.rows_read += 1
        first, second = _sentences(texts[0].text)
        read.values["goal"] = Cell(first, texts[0].source)
        read.values["goal_actual"] = Cell(second, texts[0].source)
    elif len(texts) == 1:
        read.unread.append(f"年度总体目标的预期目标与实际完成情况连写在一起，未能分开（{texts[0].source}）")


def _typed_row(names: list[str], texts: list[Token], types: dict[str, str]) -> dict[str, Token]:
    """A goal row's filled cells given to the columns in order, each to the first column whose type it fits (a
    number, a weight left empty or lost by a scan leave their column empty)."""
    row: dict[str, Token] = {}
    k = 0
    for name in names:
        if k >= len(texts):
            break
        type_ = types.get(name, "text")
        numeric = type_ in ("count", "score", "money", "rate")
        if (figure(texts[k].text) is not None) == numeric:
            row[name] = texts[k]
            k += 1
    return row


def _numbered(lines: list[list[Token]]) -> list[list[Token]]:
    """Cells one per line cut into rows where the next number (1, 2, 3 …) of the 序号 column stands."""
    rows: list[list[Token]] = []
    expected = 1
    for (token,) in lines:
        if token.key == str(expected):
            rows.append([])
            expected += 1
        if rows:
            rows[-1].append(token)
    return rows


def _sentences(text: str) -> list[str]:
    return [s for s in re.findall(r"[^。]+。?", text) if s.strip()]


def _weights(read: Read) -> tuple[Decimal, bool]:
    """The weights read (indicators and budget execution) and whether every row was read (then they are full marks)."""
    weights = [decimal(row["weight"].text) for row in read.rows if row.get("weight") is not None]
    execution = decimal(read.funds.get("total", {}).get("weight", Cell(None, Source())).text)
    found = sum((w for w in weights + [execution] if w is not None), Decimal(0))
    return found, read.rows_read == read.rows_total


def _full_marks(value: Decimal | None, weights: Decimal) -> bool:
    """Whether a figure can be a form's full marks: a whole number, at least the weights read."""
    return value is not None and value == value.to_integral_value() and value >= weights


def total(part: list[Token], template: Template, read: Read, start: int) -> None:
    i = find(part, template.total, start)
    if i is None:
        return
    cells = []
    if part[i].table:  # a table's row: its cells after the label, from the first figure on (merged label cells)
        row = [t for t in part[i + 1:] if t.row == part[i].row]
        if _under_columns(row, read):
            return
        first = next((k for k, t in enumerate(row) if figure(t.text) is not None), None)
        if len(row) == 2:  # 总分 | 分值 | 得分, either left empty
            cells = row
        else:
            # the total's cells run from its first figure to the next word: 综合得分 | 86 | 评价等次 | 优 | (blank)
            # gives 86 alone, the blank after 优 being no 得分
            run = list(takewhile(lambda t: figure(t.text) is not None or is_blank(t.text), row[first:])) \
                if first is not None else []
            cells = run[:2]
            if first and is_blank(row[first - 1].text) and sum(figure(c.text) is not None for c in cells) == 1:
                # 总分 | (分值 left blank) | 97.92 | (remarks left blank): the blank after the figure is the remarks
                # column, not its 得分. One blank cell right after the label is the 分值 column (as in a two-cell row);
                # after several, which column the figure is in is unknown: it is weighed below as full marks or score
                cells = [row[0], row[1]] if first == 1 else cells[:1]
    else:
        for token in part[i + 1:i + 6]:
            if figure(token.text) is None and not is_blank(token.text):
                break
            cells.append(token)
    figures = [c for c in cells if figure(c.text) is not None]
    weights, complete = _weights(read)
    if len(cells) == 2 and figures == cells[:1] and not _full_marks(decimal(cells[0].text), weights):
        # 总分  97.92 with blanks after it (a table copied with runs of spaces shows no blank cell): a figure that
        # cannot be full marks is the score, not a 分值 whose 得分 was left blank
        cells = cells[:1]
    if len(figures) <= 1 and i + 1 < len(part) and part[i + 1].split:  # 总分10095: full marks and score together
        relations = [rel.parse("stated_score <= total_weight"), rel.parse("total_weight <= 100")]
        def full_marks(row: dict) -> bool:  # full marks are a whole number, at least the weights read
            marks = decimal(row["total_weight"])
            return marks is not None and marks == marks.to_integral_value() and marks >= weights
        got = align(part[i + 1].text, [("total_weight", "score"), ("stated_score", "score")], relations,
                    accept=full_marks)
        # one figure only (总分100) is full marks with the 得分 left blank, or the 得分 with the 分值 left blank: a
        # blank cell leaves no trace in run-together text, so it is weighed below as a lone figure
        if got.ok and got.values.get("stated_score") is not None:
            for name, value in got.values.items():
                read.values[name] = Cell(value, part[i + 1].source)
            return
    if len(cells) >= 2:  # 总分 | 分值 | 得分 as a table prints them
        read.values["total_weight"] = Cell(figure(cells[0].text), cells[0].source)
        read.values["stated_score"] = Cell(figure(cells[1].text) if figure(cells[1].text) else None,
                                           cells[1].source)
    elif len(figures) == 1:
        value = decimal(figures[0].text)
        whole = value is not None and value == value.to_integral_value()  # full marks are a whole number
        if whole and ((complete and value == weights) or (not complete and value >= weights)):
            # the one figure may be the 分值 column's full marks with the 得分 cell left out: not read
            read.unread.append(f"总分一行只有一个数字“{figures[0].text}”，分不清是满分还是得分（{figures[0].source}）")
            read.unclear.append("stated_score")
            return
        read.values["stated_score"] = Cell(figure(figures[0].text), figures[0].source)


def _under_columns(row: list[Token], read: Read) -> bool:
    """A 总分 row with one cell under each value column of the indicators' header (its label merged over the level
    and name columns): its full marks are the cell under 分值 and its score the one under 得分, wherever the form
    prints them (参考分值 | 指标值 | 实际值 | 得分 | 原因 puts two columns between the two). Only when the row's
    figures stand under those two columns alone; else the row is read as its figures run."""
    columns = read.value_columns
    if not row or len(row) != len(columns) or "weight" not in columns or "score" not in columns:
        return False
    by_column = dict(zip(columns, row))
    if any(figure(t.text) is not None for name, t in by_column.items() if name not in ("weight", "score")):
        return False
    weight, score = by_column["weight"], by_column["score"]
    if figure(weight.text) is None or (figure(score.text) is None and not is_blank(score.text)):
        return False
    read.values["total_weight"] = Cell(figure(weight.text), weight.source)
    read.values["stated_score"] = Cell(figure(score.text), score.source)
    return True


def goals(part: list[Token], template: Template, read: Read, start: int, stop: set[str]) -> int:
    """A department's annual goals: 序号 | 目标内容 | 分值 | 完成情况, one table row each."""
    block = template.blocks.get("goals")
    if block is None:
        return start
    i = find(part, block.label, start)
    if i is None:
        return start
    found = _header(part, block, i, set(template.block_labels) | set(block.label))
    if not found or "name" not in found[0]:
        return start
    names, j = found
    by_row: dict[int, list[Token]] = {}
    k = j
    while k < len(part) and part[k].key not in stop:
        if part[k].key not in set(block.label) | set(template.block_labels):
            by_row.setdefault(part[k].row, []).append(part[k])
        k += 1
    chunks = list(by_row.values())
    run_together = any(t.split for t in part[i:j])  # the header's words were cut out of one line
    if chunks and all(len(c) == 1 for c in chunks) and "number" in names and not run_together:
        chunks = _numbered(chunks)  # one cell per line: a goal starts at its number (1, 2, 3 …)
    for cells in chunks:
        texts = [c for c in cells if not is_blank(c.text)]
        if not texts:
            continue
        read.rows_total += 1
        if run_together and len(names) > 2 and (len(texts) == 1 or not texts[0].table):
            # the row's cells run together, its words split only where a cell held a space (年度目标 1：…)
            whole = texts[0] if len(texts) == 1 else replace(texts[0], text=" ".join(t.text for t in texts))
            _run_together_goal(names, whole, block, read)
            continue
        row = _typed_row(names, texts, block.types())
        if "name" not in row or is_blank(row["name"].text):
            read.unread.append(f"年度目标一行未能按表头读出（{cells[0].source}）")
            continue
        read.rows_read += 1
        read.goals.append({n: Cell(None if is_blank(c.text) else c.text, c.source) for n, c in row.items()})
    return k


def _run_together_goal(names: list[str], token: Token, block: Block, read: Read) -> None:
    """A goal row whose cells ran together (1完成国土空间规划编制阶段性任务30已完成): cut into the header's columns,
    the goal's words as a name (never ending in a figure), its 完成情况 as a free text after the weight."""
    types = block.types()
    last_text = max((k for k, n in enumerate(names) if types.get(n, "text") == "text"), default=-1)
    columns = [(n, "reason" if k == last_text and k > 0 and types.get(n, "text") == "text"
                else "name" if types.get(n, "text") == "text" else types[n]) for k, n in enumerate(names)]
    # a weight left empty would let the name run on into the 完成情况: such a row is not read, not guessed
    weighted = (lambda row: row.get("weight") is not None) if "weight" in names else None  # noqa: E731
    got = align(token.text, columns, [rel.parse("weight <= 100")] if "weight" in names else [], accept=weighted)
    if not got.ok or is_blank(got.values.get("name")):
        why = "没有一种切分符合各列的类型" if not got.candidates else f"有 {got.candidates} 种切分都说得通"
        read.unread.append(f"年度目标“{token.text}”的单元格连写在一起，{why}，未读（{token.source}）")
        return
    read.rows_read += 1
    read.goals.append({n: Cell(v, token.source) for n, v in got.values.items() if v is not None})

