"""Cell values of a form: what counts as blank, how a label is compared, and the typed columns (money, rate, score,
count, quantity, date, text) with the pattern a value of each type has. The aligner cuts run-together cells with
these patterns, so they are strict: a number has no leading zero ("040" is not a figure a form prints)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from decimal import Decimal, InvalidOperation

BLANKS = {"", "—", "——", "-", "--", "/", "／", "\\", "——/", "无"}
_PAREN = re.compile(r"[（(][^（）()]*[）)]")
_SPACE = re.compile(r"\s+")
# the points a label prints for itself: 产出指标（50分）, 年度目标1：…（20分）
POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]")

NUMBER = r"(?:0|[1-9]\d*)(?:\.\d+)?"
OPERATOR = r"(?:>=|<=|[≥≤><=＞＜≧≦])"  # ASCII forms type ≥ as >= (Shanghai's templates, web pages)
# A unit printed after a figure: short, no digit, no operator, no punctuation a sentence would have.
UNIT = r"[^\d\s≥≤><=＞＜，。；、,.;:：%（）()]{1,5}"

# Forms print money in 万元 to at most 4 places (元 precision is 4 places of 万元), scores and rates to at most 2.
PATTERNS = {
    # money in 元 is printed with thousands separators (360,000.00): groups of three, never a lone comma
    "money": re.compile(r"(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d{1,4})?"),
    "score": re.compile(r"(?:0|[1-9]\d*)(?:\.\d{1,2})?"),
    "count": re.compile(r"0|[1-9]\d*"),
    "rate": re.compile(r"(?:0|[1-9]\d*)(?:\.\d{1,2})?%"),
    "quantity": re.compile(rf"{OPERATOR}?{NUMBER}(?:%|{UNIT})?"),
    # 指标性质 printed in a column of its own: the operator of a figure target, 定性 for a target in words
    "operator": re.compile(rf"{OPERATOR}|定性|定量"),
    "unit": re.compile(rf"%|{UNIT}"),  # 度量单位 printed in a column of its own
    # a grade as forms print it (优/良/中/差, 优秀/良好/一般/较差, 合格, A–D)
    "grade": re.compile(r"优秀?|良好?|中等?|差|较差|一般|合格|不合格|基本合格|[ABCD]级?|[一二三四]档"),
    "date": re.compile(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|前|以前|之前|内|完成|底前|上旬|中旬|下旬)*"),
}
# Units a figure carries; a free text cut just after a figure does not start with one (it would be the figure's).
UNIT_WORDS = ("元", "个", "户", "人", "次", "天", "万", "件", "项", "场", "公里", "米", "平方", "吨", "亩", "台", "套",
              "所", "家", "分", "年", "月", "日", "小时", "百分", "眼", "处", "座", "条", "本", "册", "份", "辆", "株")
# things counted, not dates or points: 22年12月… cut out of 2022年12月 is no explanation
_COUNTED = re.compile(r"[1-9]\d*(?=" + "|".join(w for w in UNIT_WORDS if w not in ("年", "月", "日", "分")) + r")")


def counted(text: str) -> bool:
    """Whether a text opens with a whole count and its unit (2处…, 3项…) and goes on: an explanation may, a figure's
    unit never holds a digit."""
    found = _COUNTED.match(text)
    return bool(found) and len(text) > found.end() + 2


# a figure a scan, or text copied from one, misprinted: O for 0, l or I for 1 — only in a cell that is nothing else
_CONFUSED = re.compile(r"-?[0-9OolI]+(?:\.[0-9OolI]+)?")
_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
NUMERIC_TYPES = {"money", "score", "count", "rate"}


@lru_cache(maxsize=65536)  # labels and cells repeat across the rows and forms of a document
def clean(text: str) -> str:
    """A cell's text as written, without the table rules a web page left around it ("项目名称 |")."""
    text = unicodedata.normalize("NFKC", text).replace("\u3000", " ")
    return text.strip().strip("|").strip()


_HALF_BESIDE_HAN = re.compile(r"(?<=[\u4e00-\u9fff])[,;:?!]|[,;:?!](?=[\u4e00-\u9fff])")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def as_written(text: str) -> str:
    """A text value as the report wrote it: `clean` folds full-width forms (NFKC) so that words match, which also
    turned the report's Chinese commas into ASCII ones; a comma, semicolon or colon beside a Chinese character is
    given back its full width (管护责任，开展), figures (1,234 · 10:30) keep theirs."""
    return _HALF_BESIDE_HAN.sub(lambda m: _FULL[m.group(0)], text)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """A label compared with the template's words: no spaces (预 算 编 码), no bracketed notes ((万元), (盖章),
    (50分)), no colon, no leading 其中."""
    text = _SPACE.sub("", clean(text))
    text = _PAREN.sub("", text)
    text = text.rstrip(":：")
    if text.startswith("其中"):
        text = text[2:].lstrip(":：")
    return text


def is_blank(text: str | None) -> bool:
    return text is None or clean(text) in BLANKS


# a cell's ruled border a scan read as a mark at the edge of its figure (]10, 9.64|): never part of a number
_RULE_MARKS = "[]|｜丨【】"


def figure(text: str | None) -> str | None:
    """A figure as the document writes it, normalised ("1,234.50" → "1234.50", "98.00%" → "98.00"); None when the
    cell holds no figure only."""
    if text is None:
        return None
    value = clean(text).replace(",", "").replace("，", "").replace(" ", "").strip(_RULE_MARKS)
    value = value.removesuffix("%").removesuffix("分").removesuffix("万元")
    # 2O, 9l.5, a 分值 cell "l": a scan's letters for digits (FORMATS.md); a lone l or O is a cell with one figure
    if _CONFUSED.fullmatch(value) and (re.search(r"\d", value) or value in ("l", "O")):
        value = value.translate(_DIGITS)
    if not re.fullmatch(r"-?(?:\d+)(?:\.\d+)?", value):
        return None
    return value


def decimal(text: str | None) -> Decimal | None:
    value = figure(text)
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def matches(type_: str, text: str) -> bool:
    """Whether a piece of text is a whole value of a typed column (text takes anything that is not a bare figure
    run into a quantity: a text cell holding a digit must be a quantity or a date)."""
    if type_ in PATTERNS:
        return bool(PATTERNS[type_].fullmatch(text))
    if type_ == "measure":  # a target or an actual: a quantity, a date, or words without figures
        return bool(PATTERNS["quantity"].fullmatch(text) or PATTERNS["date"].fullmatch(text)) or (
            bool(text) and not re.search(r"[\d≥≤><=]", text))
    if type_ == "name":  # an indicator's name: words, not ending in a figure or an operator
        return bool(text) and not re.search(r"[≥≤><=＞＜]", text) and not text[-1].isdigit() and \
            not text[-1] in ".%"
    if type_ == "reason":  # a free text after the figures: may be empty, never starts with a figure or a unit
        # nor holds a target's operator: "≥400人次" inside it is the next row's target, not an explanation
        # nor with the punctuation that ends the cell before it (…目标1：完成… is a name, not a 1 and a reason)
        # — unless it opens with a count of something (2处工程并入改造项目: what fell short, counted)
        return not text or not ((text[0].isdigit() and not counted(text)) or text[0] in ".%:：,，;；、。"
                                or text.startswith(UNIT_WORDS) or re.search(OPERATOR + r"\s*\d", text))
    return True


def unit_of(text: str | None) -> str | None:
    """The unit of a quantity ("≥150元" → "元", "95%" → "%"); None for words, blanks and bare figures."""
    if not text:
        return None
    found = re.fullmatch(rf"{OPERATOR}?{NUMBER}(%|{UNIT})", text)
    return found.group(1) if found else None
