"""Cells whose separators were lost ("40.0040.0040.00100.00%2020"): every way of cutting the text into the block's
typed columns is tried, and the one cut that satisfies the types and the relations wins. When none or several do, the
row is not read: nothing is guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .relations import Relation, failing
from .values import BLANKS, PATTERNS, UNIT_WORDS, counted, figure, matches, unit_of

_MAX_CUTS = 2000  # a row of a form has a few columns; this bounds the work on a paragraph that is not a row


@dataclass
class Alignment:
    values: dict[str, str] | None  # column → text, when exactly one cut fits
    candidates: int  # how many cuts fit the types and relations
    agreed: dict[str, str | None] | None = None  # when several fit: the columns on which every one of them agrees
    sample: dict[str, str | None] | None = None  # when several fit: one of them (for what all cuts share, joined)
    options: list[dict[str, str | None]] | None = None  # when several fit: each distinct cut, for a caller that
    # can decide between them with what lies outside the row (parts that add up to their total)
    loose: list[dict[str, str | None]] | None = None  # when one number format alone chose the cut: every cut
    # before it, for a caller that can decide with what lies outside the row (a document may drop trailing zeros)

    @property
    def ok(self) -> bool:
        return self.values is not None


def cuts(text: str, types: list[str]) -> list[list[str]]:
    """All cuts of text into len(types) pieces, each a whole value of its type or a blank mark ("—", "/"); the
    columns from the last figure on may be empty."""
    found: list[list[str]] = []
    figures = [i for i, t in enumerate(types) if t in ("money", "score", "rate", "count")]
    last_figure = figures[-1] if figures else len(types)
    # (start, column) from which no cut completes: what a walk from there adds depends on nothing else, so it is
    # not walked again (a long run of text was tried in every way from every earlier cut: exponential)
    dead: set[tuple[int, int]] = set()

    def walk(start: int, index: int, pieces: list[str]) -> None:
        if (start, index) in dead:
            return
        before = len(found)
        step(start, index, pieces)
        if len(found) == before < _MAX_CUTS:
            dead.add((start, index))

    def step(start: int, index: int, pieces: list[str]) -> None:
        if len(found) >= _MAX_CUTS:
            return
        if index == len(types):
            if start == len(text):
                found.append(list(pieces))
            return
        if start == len(text) and index >= last_figure:  # the last cells (a score, a reason) were left empty,
            found.append(list(pieces) + [""] * (len(types) - index))  # and an empty cell leaves no trace
            if types[index] != "reason":
                return
        last = index == len(types) - 1
        ends = [len(text)] if last else range(start, len(text) + 1)
        for end in ends:
            # an operator or a unit in a column of its own is cut from its figure (指标性质 ≥ | 指标值 1850 |
            # 度量单位 人, or % · a 序号 before a name that starts with a unit's character)
            own = types[index] == "operator" or (not last and types[index + 1] in ("unit", "name") and
                                                 types[index] == "count" and _may_cut(text, end, unit=False)) or (
                not last and types[index + 1] == "unit" and _may_cut(text, end, unit=False, percent=False))
            if not last and not own and not _may_cut(text, end):
                continue
            piece = text[start:end]
            if types[index] in ("name", "reason") and piece and piece[0].isdigit() and start and \
                    text[start - 1].isdigit() and not (types[index] == "reason" and counted(piece)):
                continue  # words never start inside a run of digits (but 9.5 | 2处…: a reason may count what fell
                # short; where the digits could end the score elsewhere, the cuts are several and the table decides)
            if _fits(types[index], piece):
                pieces.append(piece)
                walk(end, index + 1, pieces)
                pieces.pop()

    walk(0, 0, [])
    return found


def _may_cut(text: str, at: int, unit: bool = True, percent: bool = True) -> bool:
    """Whether a cell may end at this position: a figure keeps its unit (unless it is a 序号, which has none and
    is followed by a name that may start with a unit's character: 1年度目标1：…), its percent sign and its decimals,
    and an operator (≥) its figure."""
    if at <= 0 or at >= len(text):
        return True
    before, after = text[at - 1], text[at:]
    if before in "≥≤><=＞＜≧≦." or (before.isdigit() and after[0] == "."):
        return False
    return not (before.isdigit() and (percent and after[0] == "%" or unit and after.startswith(UNIT_WORDS)))


def _fits(type_: str, piece: str) -> bool:
    if piece in BLANKS and piece:
        return True
    if not piece:  # an empty cell leaves no trace: a reason, or the unit of a target in words (定性 | 有效保障 |  |)
        return type_ in ("reason", "unit")
    return matches(type_, piece)


def _units_agree(row: dict[str, str | None], types: dict[str, str]) -> bool:
    """A target and its actual, both quantities, are in one unit (≥150元 / 132元): a cut giving them different
    units has moved a unit's characters into a neighbouring cell."""
    by_row: dict[str, set] = {}
    kinds: dict[str, set] = {}
    for name, type_ in types.items():
        if type_ == "measure":  # rows cut together are named column#k
            value = row.get(name)
            # a bare figure is a quantity without a unit: it disagrees with one that has a unit
            unit = unit_of(value) or ("" if value and figure(value.lstrip("≥≤><=＞＜")) is not None else None)
            by_row.setdefault(name.partition("#")[2], set()).add(unit)
            kinds.setdefault(name.partition("#")[2], set()).add(_kind(value))
    # a date target is met by a date (or words), never by a bare quantity: 2024年10月底前 | 1010 is a cut too far
    dated = all(not {"date", "quantity"} <= found for found in kinds.values())
    return dated and all(len(units - {None}) <= 1 for units in by_row.values()) and _unit_beside_figure(row, types)


def _unit_beside_figure(row: dict[str, str | None], types: dict[str, str]) -> bool:
    """A 度量单位 in a column of its own is the unit of the figure before it (指标值 1850 | 人): the cell stays empty
    beside a target in words (有效保障 |  | 基本保障), and a figure beside it does not carry a unit of its own."""
    names = list(types)
    for i, name in enumerate(names):
        if types[name] != "unit" or i == 0 or not row.get(name) or row.get(name) in BLANKS:
            continue
        before = row.get(names[i - 1])
        if before and before not in BLANKS and figure(before.lstrip("≥≤><=＞＜")) is None:
            return False
    return True


def _kind(value: str | None) -> str | None:
    if not value or value in BLANKS:
        return None
    if PATTERNS["date"].fullmatch(value):
        return "date"
    return "quantity" if PATTERNS["quantity"].fullmatch(value) else None


def align(text: str, columns: list[tuple[str, str]], relations: list[Relation],
          context: dict[str, str | None] | None = None, scoring: list[Relation] | None = None,
          accept=None, prefer=None) -> Alignment:
    """Cut text into the named, typed columns. The cuts the types allow are narrowed in tiers — bounds (weight ≤ 20),
    then the relations between columns (score ≤ weight, rate = spent ÷ budget), then the form's scoring rule — only
    as long as more than one remains: a cut that is the only one the types allow is read even when its figures break
    a relation (a score above its weight is a finding, not a reason to leave the row unread). `prefer` is a last tier:
    how the form writes its words (持续提升 | 提升不明显), for cuts the figures cannot tell apart."""
    names = [name for name, _ in columns]
    types = dict(columns)
    found = cuts(_mended(text.replace(" ", "")), [t for _, t in columns])
    if len(found) >= _MAX_CUTS:  # too many ways to count: as good as ambiguous
        return Alignment(None, len(found))
    # a reason "无" is the document's answer (no reason given), kept; elsewhere "无" is a blank cell
    rows = [{name: (None if piece in BLANKS and not (types[name] == "reason" and piece == "无") else piece)
             for name, piece in zip(names, pieces)} for pieces in found]
    rows = [row for row in rows if _units_agree(row, types) and (accept is None or accept(row))]
    bounds = [r for r in relations if r.kind == "plain" and r.a.replace(".", "").isdigit()]
    tiers = [bounds, [r for r in relations if r not in bounds], scoring or []]
    for tier in tiers:
        if len(_distinct(rows)) <= 1:
            break
        narrowed = [row for row in rows if not failing(tier, row, types, context)]
        if narrowed:
            rows = narrowed
    loose = None
    if len(_distinct(rows)) > 1:  # a row of money is printed in one number format (2480.5 | 2615.3 | 2615.3)
        precise = [row for row in rows if _one_precision(row, types)]
        if precise and len(_distinct(precise)) < len(_distinct(rows)):
            loose = list({tuple(sorted((k, v or "") for k, v in row.items())): row for row in rows}.values())
        rows = precise or rows
    if prefer is not None and len(_distinct(rows)) > 1:
        preferred = [row for row in rows if prefer(row)]
        if not _figures_agree(rows, types):  # only cuts with evidence in their words or units choose the figures
            preferred = [row for row in preferred if _measures_in_words(row, types)]
        rows = preferred or rows
        # phrases that read the name two ways (窗口服务 | 提升一般 | 一般, 窗口服务提升 | 一般 | 一般): not decided below
        phrased = len({tuple(v for k, v in row.items() if types[k] == "name") for row in preferred}) > 1
    else:
        phrased = False
    if len(_distinct(rows)) > 1 and not phrased:
        # an actual in words that repeats its target (明显提升 | 明显提升): the words written twice are the two cells,
        # when the phrases do not read the name two ways and the cuts that read them so agree on the words (its
        # figures then follow when they can: 及时及时1010 is 10 | 10, not 及时 | 10 | 1 | 0; else the table decides)
        repeated = [row for row in rows if _repeats_target(row, types)]
        words = {tuple(row.get(name) for name, type_ in types.items() if type_ in ("name", "measure"))
                 for row in repeated}
        if len(words) == 1:  # the words are decided; figures several cuts still read differently are not
            rows = repeated
    if len(_distinct(rows)) > 1:
        near = [row for row in rows if _actuals_near_targets(row, types)]
        if len(_distinct(near)) == 1 and all(_actuals_near_targets(row, types) is False
                                            for row in rows if row not in near):
            rows = near
    distinct = _distinct(rows)
    if len(distinct) == 1:
        return Alignment(dict(rows[0]), 1, loose=loose)
    agreed = {k: v for k, v in rows[0].items() if all(row.get(k) == v for row in rows)} if rows else None
    options = list({tuple(sorted((k, v or "") for k, v in row.items())): row for row in rows}.values())
    return Alignment(None, len(distinct), agreed, dict(rows[0]) if rows else None, options)


# a scan's letters for digits inside a run of figures (l20120110.4, 率l5≥9O%): an O, o, l or I touching a digit,
# with no Latin letter beside it, is the digit it looks like
_CONFUSED = re.compile(r"(?<![A-Za-z])[OolI]+(?=[\d.%])|(?<=[\d.])[OolI]+(?![A-Za-z])")
_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


def _mended(text: str) -> str:
    return _CONFUSED.sub(lambda m: m.group(0).translate(_DIGITS), text)


def _one_precision(row: dict, types: dict[str, str]) -> bool:
    """Whether a row's money cells (two or more, each with decimals) all have the same number of decimals, as one
    number format prints them: 2480.52 | 615.32 | 615.3 is a cut no spreadsheet printed."""
    money = [row.get(name) for name, type_ in types.items() if type_ == "money" and row.get(name)]
    places = {value.partition(".")[2].__len__() for value in money}
    return len(money) >= 2 and len(places) == 1 and 0 not in places


def _figures_agree(rows: list[dict], types: dict[str, str]) -> bool:
    """Whether every cut reads the same figures (分值, 得分, amounts): how a form writes its words may choose where
    the words are cut, never which figures the row has — "…初步建立107" is 10 | 7 after words or 1 | 0 | 7 after a
    name, and a phrase list cannot tell which (two cuts: the row is not read)."""
    figures = [name for name, type_ in types.items() if type_ in ("money", "score", "rate", "count")]
    return len({tuple(row.get(name) for name in figures) for row in rows}) <= 1


def _measures_in_words(row: dict, types: dict[str, str]) -> bool:
    """A cut whose targets and actuals are words or figures with their units: the phrase list and the units are
    evidence for its figures too (…有效保障基本保障107 is 10 | 7, since the name cannot end in a phrase). A cut that
    passes only because its targets are bare figures (1 | 0, cut out of 107) has no such evidence."""
    measures = [row.get(name) for name, type_ in types.items() if type_ == "measure"]
    return bool(measures) and not any(value and _BARE_FIGURE.fullmatch(value) for value in measures)


def _repeats_target(row: dict, types: dict[str, str]) -> bool:
    """Whether every target of the row is in words (no figure) and its actual is the same words."""
    pairs = [(row.get(name), row.get(name.replace("target", "actual", 1))) for name, type_ in types.items()
             if type_ == "measure" and name.partition("#")[0] == "target"]
    return bool(pairs) and all(t and t == a and not re.search(r"\d", t) for t, a in pairs)


_BARE_FIGURE = re.compile(r"[≥≤><=＞＜]?\d+(?:\.\d+)?")


_NEAR = Decimal(3)  # an actual within a factor of 3 of its target is of its order; 15.2 against ≥15, not 2015.2


def _actuals_near_targets(row: dict, types: dict[str, str]) -> bool | None:
    """Whether every actual that is a quantity in its target's unit is within a factor of 3 of that target (None when
    no pair can be compared). When the figures cannot be cut apart otherwise ("≥15万亩202015.2万亩": 20 | 20 | 15.2万亩
    or 2 | 0 | 2015.2万亩, a 分值 and 得分 printed between the target and the actual), the one cut whose actuals are of
    their targets' order is the row, provided every other cut puts some actual beyond that factor."""
    compared = False
    for name, type_ in types.items():
        base, _, k = name.partition("#")
        if type_ != "measure" or base != "target":
            continue
        target, actual = row.get(name), row.get(f"actual#{k}" if k else "actual")
        if not target or not actual or _kind(target) != "quantity" or _kind(actual) != "quantity" or \
                unit_of(target) != unit_of(actual):
            continue
        a, b = _leading_number(target), _leading_number(actual)
        if a is None or b is None or a <= 0 or b <= 0:
            continue
        compared = True
        if max(a, b) > _NEAR * min(a, b):
            return False
    return True if compared else None


_LEADING = re.compile(r"[≥≤><=＞＜≧≦]?(\d+(?:\.\d+)?)")


def _leading_number(text: str) -> Decimal | None:
    found = _LEADING.match(text)
    return Decimal(found.group(1)) if found else None


def _distinct(rows: list[dict]) -> set[tuple]:
    return {tuple(sorted((k, v or "") for k, v in row.items())) for row in rows}
