"""The rules a report states for itself: its grade scale, and the weight and formula of budget execution."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.model import StatedBand

from .lexicon import Lexicon, lexicon
from .text import Piece

NUM = r"(\d+(?:\.\d+)?)"
AT_LEAST = r"(?:[≥>＞]=?|大于等于|大于或等于|不低于|不少于)"
AT_MOST = r"(?:[≤<＜]=?|小于等于|不高于)"
BELOW = r"(?:[<＜≤]=?|小于|低于|不足)"
INCLUDED = r"\s*分?\s*(?:[（(]\s*含\s*(?:\d+(?:\.\d+)?\s*分?)?\s*[)）])?\s*"  # 85分（含）, 90分（含90分）


@dataclass
class StatedRules:
    grade_scale: list[StatedBand]
    execution_weight: Decimal | None = None
    execution_formula: str = ""
    where: str = ""


def _band_patterns(lex: Lexicon) -> list[tuple[re.Pattern, bool]]:
    """Compiled once per lexicon (grade_scale runs on every paragraph)."""
    return lex.derived(_compile_bands)


def _any_grade(lex: Lexicon) -> re.Pattern:
    return re.compile("|".join(re.escape(g) for g in lex.grades))


def _compile_bands(lex: Lexicon) -> list[tuple[re.Pattern, bool]]:
    grades = "|".join(lex.grades)
    tail = rf"\s*(?:的)?\s*(?:为|评为|定为|属于|是)?\s*[“\"]?({grades})"
    head = rf"[“\"]?({grades})[”\"]?\s*[:：（(]\s*(?:得分)?\s*"
    return [
        # 优：90分以上；良：80-89分；差：60分以下 (the grade first)
        (re.compile(rf"{head}{NUM}{INCLUDED}(?:及|或)?以上"), "first"),
        (re.compile(rf"{head}{NUM}{INCLUDED}(?:至|到|[-–—~～])\s*{NUM}"), "first"),
        (re.compile(rf"{head}{NUM}{INCLUDED}(?:以下|之下)"), "first-lowest"),
        # 优秀（≥85分）；良好（75分≤得分<85分）；较差（<60分）: the band written as an inequality in brackets
        (re.compile(rf"{head}{AT_LEAST}\s*{NUM}"), "first"),
        (re.compile(rf"{head}{NUM}{INCLUDED}{AT_MOST}\s*(?:得分|分数|总分)?\s*{BELOW}\s*{NUM}"), "first"),
        (re.compile(rf"{head}{BELOW}\s*{NUM}"), "first-lowest"),
        # 85分（含）以上为优秀 / 90分以上为优 / 85 分及以上 / 90分以上（含90分）为优
        (re.compile(rf"{NUM}{INCLUDED}(?:及|或)?以上{INCLUDED}{tail}"), False),
        # 75分（含）至85分为良好 / 75（含）–85 分 / 80-90分
        (re.compile(rf"{NUM}{INCLUDED}(?:至|到|[-–—~～])\s*{NUM}{INCLUDED}(?:[（(]\s*不含\s*[)）])?\s*(?:之间)?{tail}"), False),
        # 得分 ≥ 85 分为优秀 / 大于等于85分为优秀 / 不低于85分
        (re.compile(rf"(?:[≥>＞]=?|大于等于|大于或等于|不低于|不少于)\s*{NUM}{INCLUDED}{tail}"), False),
        # 75分≤得分<85分为良好 / 80≤总分＜90 为良
        (re.compile(rf"{NUM}{INCLUDED}(?:≤|<=|＜=|≦)\s*(?:得分|分数|总分|综合得分)?\s*(?:<|＜|≤|<=)\s*{NUM}{INCLUDED}{tail}"),
         False),
        # 60分以下为较差 / 59分及以下为差 / 得分<60分为较差 / 低于60分
        (re.compile(rf"{NUM}{INCLUDED}(?:及|或)?(?:以下|之下){tail}"), True),
        (re.compile(rf"(?:[<＜]|小于|低于)\s*{NUM}{INCLUDED}{tail}"), True),
    ]


def grade_scale(text: str, lex: Lexicon | None = None) -> list[StatedBand]:
    lex = lex or lexicon()
    bands: dict[str, Decimal] = {}
    if not lex.derived(_any_grade).search(text):  # no grade named, no scale stated
        return []
    for pattern, how in _band_patterns(lex):
        for match in pattern.finditer(text):
            if how in ("first", "first-lowest"):
                name, low = match.group(1), Decimal(0) if how == "first-lowest" else Decimal(match.group(2))
            else:
                name, low = match.groups()[-1], Decimal(0) if how else Decimal(match.group(1))
            bands.setdefault(name, low)
    if len(bands) < 2:  # one band alone is a sentence about a score, not a scale
        return []
    return [StatedBand(name=n, min=m) for n, m in sorted(bands.items(), key=lambda item: -item[1])]


EXEC_WEIGHT = [re.compile(r"(?:预算)?执行率?\s*[（(]?\s*" + NUM + r"\s*分\s*[)）]?"),
               re.compile(NUM + r"\s*分?\s*[×xX*]\s*执行率"),
               re.compile(r"执行率?得分\s*[=＝]\s*" + NUM)]
FORMULA = re.compile(r"(?:执行率?得分|得分)\s*[=＝][^。；;]{2,40}|得分\s*[（(][^）)]*执行率[^）)]*[)）]")


def _as_sentence(cells: tuple[str, ...], lex: Lexicon) -> str:
    """A row of a scale table as the sentence it stands for: 优秀 | 85分（含）—100分 → 优秀：85分（含）—100分;
    90分（含）以上 | 优 → 90分（含）以上为优."""
    cells = tuple(c for c in cells if c.strip())
    if len(cells) < 2:
        return ""
    grades = set(lex.grades)
    if cells[0] in grades:
        return f"{cells[0]}：{' '.join(cells[1:])}"
    if cells[-1] in grades:
        return f"{' '.join(cells[:-1])}为{cells[-1]}"
    return ""


def _table_runs(pieces: list[Piece], lex: Lexicon):
    """Each run of table rows as one text (one row per clause), with the source of its first row: a scale printed as a
    table states one band a row."""
    run: list[Piece] = []
    for piece in pieces + [None]:
        if piece is not None and piece.kind == "row":
            run.append(piece)
            continue
        if len(run) >= 2:
            text = "；".join(t for t in (_as_sentence(p.cells, lex) for p in run) if t)
            if text:
                yield text, run[0]
        run = []


def stated_rules(pieces: list[Piece], lex: Lexicon | None = None) -> StatedRules:
    lex = lex or lexicon()
    rules = StatedRules([])
    for piece in pieces:
        if not rules.grade_scale:
            scale = grade_scale(piece.text, lex)
            if scale:
                rules.grade_scale, rules.where = scale, str(piece.source)
        if "执行" in piece.text and rules.execution_weight is None:
            for pattern in EXEC_WEIGHT:
                match = pattern.search(piece.text)
                if match and Decimal(match.group(1)) <= 100:
                    rules.execution_weight = Decimal(match.group(1))
                    break
        if not rules.execution_formula and "执行" in piece.text:
            formula = FORMULA.search(piece.text)
            if formula and "执行" in formula.group(0):
                rules.execution_formula = formula.group(0).strip()
    if not rules.grade_scale:
        for text, first in _table_runs(pieces, lex):
            scale = grade_scale(text, lex)
            if scale:
                rules.grade_scale, rules.where = scale, str(first.source)
                break
    return rules
