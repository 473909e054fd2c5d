"""Totals stated with what they are made of.

- a sum with its parts: "共完成项目支出 X 万元，其中：A a 万元、B b 万元" (the parts may open the next sentence);
- a count with the items it names: "内设A、B、C等7个科室", "下属单位共3个：A、B、C", "N个，即A、B…";
- a count with its parts: "年初安排5个，年中追加4个，共8个".

A sum whose total and parts are all figures of the core model (收入, 支出, 三公经费 and their parts) is left to the
checks of those figures (SUM.INCOME, SUM.THREE_PUBLIC …), so that one slip is not reported twice. An item list that
runs past the end of its paragraph (a list broken by the page) is not counted: its items are not all there.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.core.model import StatedPart, StatedTotal

from .lexicon import Lexicon, lexicon
from .mentions import Mention, read_mentions
from .text import Piece, Sentence

COUNT_UNITS = "个|家|所|项|户|名|人"
LEAD = re.compile(r"^.*?(?:内设|下设|设有|设立|包括|包含|分别为|分别是|即|有|含|设)")
PART_LABEL = re.compile(r"^[\s，,：:、；;其中]*")


def _label(sentence: str, mention: Mention, previous_end: int) -> str:
    text = sentence[previous_end:mention.start]
    text = re.split(r"[，,：:、；;]", text)[-1] if re.search(r"[，,：:、；;]", text) else text
    after = re.split(r"[，,：:、；;。]", sentence[_ends(mention):])[0]  # 其中：a万元用于…
    return PART_LABEL.sub("", text).strip() or after.strip() or mention.subject


def _ends(m: Mention) -> int:
    return m.start + len(m.written)


def _sums(text: str, piece: Piece, year: int | None, lex: Lexicon) -> list[StatedTotal]:
    totals = []
    found = read_mentions(Sentence(text, piece), year, lex)
    cut = text.find("其中")
    if cut < 0:
        return totals
    plain = [m for m in found if m.comparison is None]
    for unit in {m.unit for m in plain if m.unit == "万元"}:  # counts broken down are often not exhaustive
        before = [m for m in plain if m.unit == unit and m.start < cut]
        parts = [m for m in plain if m.unit == unit and m.start > cut]
        if not before or len(parts) < 2:
            continue
        total = before[-1]
        if total.path and all(p.path for p in parts):
            continue  # figures of the model: their own checks add them up
        labels, end = [], cut + 2
        for part in parts:
            labels.append(StatedPart(label=_label(text, part, end), value=part.value))
            end = _ends(part)
        totals.append(StatedTotal(kind="sum" if unit == "万元" else "count", total=total.value, unit=unit,
                                  subject=total.subject or _label(text, total, 0), parts=labels,
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


def _counts(text: str, piece: Piece) -> list[StatedTotal]:
    totals = []
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


ALTOGETHER = re.compile(r"(?:共|合计|共计|总计)\s*(\d+)\s*(个|项|家|所)")


def _count_sums(text: str, piece: Piece, year: int | None, lex: Lexicon) -> list[StatedTotal]:
    totals = []
    for match in ALTOGETHER.finditer(text):
        before = text[:match.start()]
        if "其中" in before:
            continue
        found = [m for m in read_mentions(Sentence(before, piece), year, lex) if m.unit in (match.group(2),)
                 and m.comparison is None]
        if len(found) < 2:
            continue
        parts, end = [], 0
        for m in found:
            parts.append(StatedPart(label=_label(before, m, end), value=m.value))
            end = _ends(m)
        totals.append(StatedTotal(kind="count", total=Decimal(match.group(1)), unit=match.group(2),
                                  subject=text[match.end():match.end() + 4].split("，")[0], parts=parts,
                                  where=str(piece.source), text=text[:match.end() + 6]))
    return totals


def stated_totals(pieces: list[Piece], year: int | None, lex: Lexicon | None = None) -> list[StatedTotal]:
    lex = lex or lexicon()
    totals: list[StatedTotal] = []
    for piece in pieces:
        if piece.kind == "row":
            continue
        sentences = [s for s in re.split(r"(?<=。)", piece.text) if s.strip()]
        for i, sentence in enumerate(sentences):
            text = sentence
            if sentence.lstrip().startswith("其中") and i > 0:
                text = sentences[i - 1] + sentence  # 共…X万元。其中：…
            if not re.search(r"[。；;]\s*$", sentence):
                continue  # a sentence cut by the page: its parts or items are not all there
            totals.extend(_sums(text, piece, year, lex))
            totals.extend(_counts(sentence, piece))
            totals.extend(_count_sums(sentence, piece, year, lex))
    return totals
