"""Totals stated with what they are made of.

- a sum with its parts: "共完成项目支出 X 万元，其中：A a 万元、B b 万元" (the parts may open the next sentence);
- a count with the items it names: "内设A、B、C等7个科室", "下属单位共3个：A、B、C", "N个，即A、B…";
- a count with its parts: "年初安排5个，年中追加4个，共8个".

A sum whose total and parts are all figures of the core model (收入, 三公经费 and their parts) is left to the checks of
those figures (SUM.INCOME, SUM.THREE_PUBLIC …), so that one slip is not reported twice. The budget's lines are the
exception: 支出合计 and 基本支出 with their parts, written as a sentence, are a total the text states (SUM.PROSE);
SUM.BASIC and SUM.SPENDING are the checks of a budget table's rows, and stay silent on the sum the text states. An item
list that runs past the end of its paragraph (a list broken by the page) is not counted: its items are not all there.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.core.model import StatedPart, StatedTotal

from .lexicon import Lexicon, lexicon
from .mentions import Mention, read_mentions
from .statements import fact_of
from .text import Piece, Sentence

COUNT_UNITS = "个|家|所|项|户|名|人"
LEAD = re.compile(r"^.*?(?:内设|下设|设有|设立|包括|包含|分别为|分别是|即|有|含|设)")
PART_LABEL = re.compile(r"^(?:[\s，,：:、；;]|其中)*")
PARENTHESES = re.compile(r"[（(][^（()）]*[)）]")


def _label(sentence: str, mention: Mention, previous_end: int) -> str:
    text = sentence[previous_end:mention.start]
    text = re.split(r"[，,：:、；;]", text)[-1] if re.search(r"[，,：:、；;]", text) else text
    after = re.split(r"[，,：:、；;。]", sentence[_ends(mention):])[0]  # 其中：a万元用于…
    return PART_LABEL.sub("", text).strip() or after.strip() or mention.subject


def _ends(m: Mention) -> int:
    return m.start + len(m.written)


STAFF_KIND = re.compile(r"^(?!.*退休).*(?:专业技术|管理|工勤|行政|事业|参公|参照公务员|其他)")


def _outside_parentheses(text: str, mentions: list[Mention]) -> tuple[str, list[Mention]]:
    """The text with its asides blanked, and the mentions outside them: （其中建筑工程80万元） breaks down the figure
    before it, not the sentence's total."""
    spans = [(m.start(), m.end()) for m in PARENTHESES.finditer(text)]
    blanked = PARENTHESES.sub(lambda m: "　" * len(m.group(0)), text)
    return blanked, [m for m in mentions if not any(a <= m.start < b for a, b in spans)]


def _parts(text: str, parts: list[Mention], start: int) -> list[StatedPart]:
    labels, end = [], start
    for part in parts:
        labels.append(StatedPart(label=_label(text, part, end), value=part.value))
        end = _ends(part)
    return labels


def _stated(m: Mention, year: int | None) -> bool:
    return fact_of(m, year) is not None


BASE_YEAR_WORD = re.compile(r"^(?:与|比|较)\s*(?:19|20)\d{2}\s*年")


def _base_operand(m: Mention, lex: Lexicon) -> bool:
    """The figure a comparison is made with (收入合计 X 万元，比上年的 Y 万元增加…): the base year's, neither the
    total of the 其中 list nor one of its parts."""
    return bool(m.year_word) and (m.year_word in lex.comparisons["base_previous"] or
                                  bool(BASE_YEAR_WORD.match(m.year_word)))


def _earlier(part: Mention, total: Mention, year: int | None) -> bool:
    """A part its own qualifier gives to a year before the total's (；上年“三公”经费 X, the total of the evaluated
    year being unqualified) is said beside the list, not in it."""
    of_total = total.year if total.year is not None else year
    return part.year is not None and of_total is not None and part.year < of_total


# the budget's lines, as fact keys: 支出合计 = 基本支出 + 项目支出, 基本支出 = 人员经费 + 公用经费
BUDGET_LINE = re.compile(r"^budget\.(?:total|basic_expenditure|project_expenditure|personnel_cost|operating_cost)\.")


def _left_to_the_model(mentions: list[Mention], year: int | None) -> bool:
    """A total and parts that are all figures of the model are checked as those figures — unless they are the
    budget's lines, whose sum written in a sentence is the text's (SUM.PROSE), not a table's (SUM.SPENDING)."""
    keys = [fact_of(m, year) for m in mentions]
    return all(keys) and not all(BUDGET_LINE.match(k) for k in keys)


def _sums(text: str, piece: Piece, year: int | None, lex: Lexicon) -> list[StatedTotal]:
    """其中 parts of money, and of staff (专业技术人员、管理人员、工勤人员 make up the whole; other counts broken down
    — 立案 and 结案 of 案件 — often do not)."""
    totals = []
    if "其中" not in text and not STAFF_KIND.search(text):
        return totals  # neither parts after 其中 nor staff kinds: nothing to add up (and no mentions to read)
    blanked, plain = _outside_parentheses(text, [m for m in read_mentions(Sentence(text, piece), year, lex)
                                                 if m.comparison is None and not _base_operand(m, lex)])
    cut = blanked.find("其中")
    for unit in {m.unit for m in plain if m.unit in ("万元", "人")}:
        same = [m for m in plain if m.unit == unit]
        if cut >= 0:
            before, parts = [m for m in same if m.start < cut], [m for m in same if m.start > cut]
            if before and before[-1].scope and unit == "万元":  # 其中 parts of an adjusted budget, not its spending
                parts = [p for p in parts if not p.scope or p.scope == before[-1].scope]
        else:  # 在职人员46人，专业技术人员31人、管理人员3人…: staff kinds without 其中
            before = same[:1]
            parts = [m for m in same[1:] if STAFF_KIND.search(_label(text, m, 0))]
        if unit == "人":  # staff kinds only: 离退休人员 after a ； are not among the staff
            parts = [m for m in parts if STAFF_KIND.search(_label(text, m, 0))]
        if not before or len(parts) < 2:
            continue
        total = before[-1]
        parts = [p for p in parts if not _earlier(p, total, year)]
        if len(parts) < 2:
            continue
        if unit == "人" and not total.path.startswith("department.staff_"):
            continue
        if _left_to_the_model([total, *parts], year):
            continue  # figures of the model: their own checks (SUM.INCOME, SUM.THREE_PUBLIC …) add them up
        totals.append(StatedTotal(kind="sum" if unit == "万元" else "count", total=total.value, unit=unit,
                                  subject=total.subject or _label(text, total, 0),
                                  parts=_parts(text, parts, cut + 2 if cut >= 0 else _ends(total)),
                                  where=str(piece.source), text=text))
    return totals


ITEMS_BEFORE = re.compile(rf"((?:[^，。；、,:：]{{2,30}}、)+[^，。；、,:：]{{2,30}}?)(等)?\s*(\d+)\s*({COUNT_UNITS})"
                          r"([\u4e00-\u9fff]{0,6})")
ITEMS_AFTER = re.compile(rf"([\u4e00-\u9fff]{{0,12}}?)(?:共|合计|计)?\s*(\d+)\s*({COUNT_UNITS})([\u4e00-\u9fff]{{0,6}}?)"
                         r"\s*(?:[:：]|[，,]\s*(?:即|包括|分别是|分别为)|[（(]\s*(?:含|包括))")


def _items_after(text: str, start: int, lex: Lexicon) -> list[str] | None:
    rest = text[start:]
    opened = text[:start].rstrip().endswith(("含", "包括")) and re.search(r"[（(]\s*(?:含|包括)$", text[:start])
    rest = re.sub(r"[（(][^（()）]*[)）]", "", rest) if not opened else rest  # 法规仲裁股（加挂…牌子）is one item
    end = re.search(r"[。）)]" if opened else r"[。]", rest)
    if end is None:
        return None  # the list runs on past the paragraph
    body = rest[:end.start()]
    first_semicolon = body.find("；")
    if 0 <= body.find("、") < first_semicolon:
        body = body[:first_semicolon]  # A、B、C；下属单位3个：… — a list by 、 ends at the ；, where the next begins
    separator = "；" if "；" in body else "、"
    items = []
    for chunk in re.split(rf"[{separator};]", body):
        chunk = re.split(r"[，,]", chunk.strip())[0]
        chunk = re.sub(r"等$", "", chunk.strip())
        if chunk:
            items.append(chunk)
    return items if len(items) >= 2 else None


ORGANISATION = re.compile(r"(?:科|股|室|处|单位|机构|部门|中心|站|所|院|局|队|馆|项目|乡镇|街道|学校|医院|委|办)$")


def _named(items: list[str], noun: str) -> bool:
    """Items that are names of bodies or projects: no figures in them, short, and counted as such."""
    if any(re.search(r"\d", i) or len(i) > 20 or not i for i in items):
        return False
    return bool(ORGANISATION.search(noun)) or all(ORGANISATION.search(i) for i in items)


COUNTED = re.compile(rf"\d\s*(?:{COUNT_UNITS})")  # what both item patterns need: a figure and its count unit


def _counts(text: str, piece: Piece) -> list[StatedTotal]:
    totals = []
    if not COUNTED.search(text):
        return totals  # the item patterns try a dozen lengths at every character: skip a sentence that counts nothing
    for match in ITEMS_BEFORE.finditer(text):
        items = [i.strip() for i in match.group(1).split("、")]
        items[0] = LEAD.sub("", items[0]) or items[0]
        if not _named(items, match.group(5) or ""):
            continue
        totals.append(StatedTotal(kind="count", total=Decimal(match.group(3)), unit=match.group(4),
                                  subject=match.group(5) or "", items=items, where=str(piece.source),
                                  text=match.group(0)))
    for match in ITEMS_AFTER.finditer(text):
        items = _items_after(text, match.end(), lexicon())
        subject = (match.group(1) + match.group(4)).strip() or match.group(4)
        if items and _named(items, subject):
            totals.append(StatedTotal(kind="count", total=Decimal(match.group(2)), unit=match.group(3),
                                      subject=subject, items=items, where=str(piece.source),
                                      text=text[match.start():match.end()] + "…"))
    return totals


AFTER_FULL_STOP = re.compile(r"(?<=。)")
ALTOGETHER = re.compile(r"(?:共|合计|共计|总计)[\u4e00-\u9fff]{0,8}?\s*(\d+(?:\.\d+)?)\s*(个|项|家|所|万元)")
ADDED = re.compile(r"年初|年中|新增|追加|增加|调增|结转|续建|新建|上年")


def _added(m: Mention) -> bool:
    """年中增加2个项目: a count added within the year, compared with nothing (no 比上年) — a part, not a change."""
    return m.unit != "万元" and m.comparison.kind == "change" and not m.comparison.base


def _count_sums(text: str, piece: Piece, year: int | None, lex: Lexicon) -> list[StatedTotal]:
    """Parts then their total (年初安排5个，年中追加4个，共8个; 一批…a万元，二批…b万元，合计批复总投资X万元), or the
    total then parts that add to it (共N个（含…），年初批复a个项目…，年中增加b个项目)."""
    totals = []
    if not ALTOGETHER.search(text):
        return totals
    written = text
    text, mentions = _outside_parentheses(text, [m for m in read_mentions(Sentence(text, piece), year, lex)
                                                 if m.comparison is None or _added(m)])
    for match in ALTOGETHER.finditer(text):
        if "其中" in text[:match.start()]:
            continue
        unit = match.group(2)
        same = [m for m in mentions if m.unit == unit and (m.unit != "万元" or m.start != match.start(1))]
        parts = [m for m in same if _ends(m) <= match.start()]
        start = 0
        if len(parts) < 2:
            parts = [m for m in same if m.start > match.end() and ADDED.search(_label(text, m, 0))]
            start = match.end()
        if len(parts) < 2 or (unit == "万元" and all(_stated(p, year) for p in parts)):
            continue
        totals.append(StatedTotal(kind="sum" if unit == "万元" else "count", total=Decimal(match.group(1)),
                                  unit=unit, subject=re.split(r"[，,　]", text[match.end():match.end() + 4])[0] or
                                  re.split(r"[，,：:；;]", text[:match.start()])[-1].strip(),  # 实施项目共9个（含…）
                                  parts=_parts(text, parts, start), where=str(piece.source), text=written))
    return totals


def stated_totals(pieces: list[Piece], year: int | None, lex: Lexicon | None = None) -> list[StatedTotal]:
    lex = lex or lexicon()
    totals: list[StatedTotal] = []
    for piece in pieces:
        if piece.kind == "row":
            continue
        sentences = [s for s in AFTER_FULL_STOP.split(piece.text) if s.strip()]
        for i, sentence in enumerate(sentences):
            text = sentence
            if sentence.lstrip().startswith("其中") and i > 0:
                text = "".join(sentences[:i + 1])  # 共…X万元。(同比…。)其中：…
            if not sentence.rstrip().endswith(("。", "；", ";")):
                continue  # a sentence cut by the page: its parts or items are not all there
            totals.extend(_sums(text, piece, year, lex))
            totals.extend(_counts(sentence, piece))
            totals.extend(_count_sums(sentence, piece, year, lex))
    return totals
