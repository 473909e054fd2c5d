"""The total score and grade the report states for itself, in every wording: 自评得分NN分, 综合评分为NN分, 自评总分(分)
NN.N, 得分NN分，等级为良, 自评等级：优, and a label line or cell followed by its value (综合得分 / 92).

A score said of something else (a questionnaire, one project in a list, an indicator) is not the report's: the
sentence must say it concludes (经自评, 自评结论, 综合, 总分, 整体) or be the report's only score."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .lexicon import Lexicon, lexicon
from .rules import grade_scale
from .text import Piece

NUM = r"(\d+(?:\.\d+)?)"
# a score in a sentence: the whole figure, its digits as a scan may misprint them (1O0 is 100), never a fragment of
# it — a figure that goes on after a space or a line break (1 00) is not read
SENTENCE_NUM = r"((?:[\dOolI]*\d[\dOolI]*)(?:\.[\dOolI]+)?)(?![\dOolI.%])(?!\s+\d)"
SCORE = re.compile(r"(?:自评|评价|综合|绩效|整体|最终)?(?:总?得分|总分|评分|自评分|综合得分|自评结果|评价结果|自评分数)(?:结果)?\s*(?:\(分\)|（分）)?"
                   r"\s*(?:为|是|达到|:|：)?\s*" + SENTENCE_NUM + r"\s*分?")
_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
LABEL_ONLY = re.compile(r"^(?:绩效自评)?(?:综合得分|自评得分|总分|自评总分|评价得分|综合评分)(?:\(分\)|（分）)?\s*[:：]?$")
GRADE_LABEL = re.compile(r"^(?:自评等级|评价等级|评价等次|等级|等次|自评等次)\s*[:：]?$")
TOTAL_LINE = re.compile(r"^总\s*分\s*(?:100\s*)(\d{1,3}(?:\.\d+)?)$")
SENTENCE_END = re.compile(r"[。；;]")
ROW_MARKS = re.compile(r"\s*[—–/／-]")
SCORE_WORDS = ("分", "结果")  # every wording SCORE reads holds one of these
CONCLUDING = ("经自评", "经评价", "自评结论", "综合", "总分", "整体", "本项目", "我局", "本部门", "部门", "自评结果")
ELSEWHERE = ("问卷", "满意度", "指标", "单项", "平均")
# a sentence concluding on the department as a whole (部门整体支出绩效自评得分95分, 我局整体…): the report's score, before
# any one project's (经自评，该项目自评得分93.5分) that the same report gives in its sections on the projects
WHOLE = re.compile(r"部门整体|单位整体|整体支出|整体绩效|部门自评|本部门|全局|(?:我|本)(?:局|委|办|厅|单位)\S{0,12}整体")


@dataclass
class StatedScore:
    score: Decimal | None = None
    grade: str | None = None
    where: str = ""
    text: str = ""
    whole: bool = False  # the sentence concludes on the department as a whole


def _grade_after(text: str, lex: Lexicon) -> str | None:
    grades = "|".join(lex.grades)
    match = re.search(rf"(?:等级|等次|级别|评级|评定)\s*(?:为|是|:|：)?\s*[“\"「]?({grades})", text)
    return match.group(1) if match else None


def _candidates(pieces: list[Piece], lex: Lexicon) -> list[tuple[int, StatedScore]]:
    found = []
    for index, piece in enumerate(pieces):
        text = piece.text
        if piece.kind == "row":
            cells = [c for c in piece.cells if c]
            for i, cell in enumerate(cells[:-1]):
                numbers = []
                for following in cells[i + 1:]:
                    if not re.fullmatch(NUM, following):
                        break
                    numbers.append(following)
                if LABEL_ONLY.match(cell) and numbers:  # 总分 | 100 | 95.38: the weight, then the score
                    rank = 1 if re.fullmatch(r"总\s*分", cell) else 3
                    if rank == 1 and len(numbers) == 1 and Decimal(numbers[0]) == 100:
                        continue  # 总分 | 100 | (blank): the full marks with the 得分 left blank, no score
                    found.append((rank, StatedScore(Decimal(numbers[-1]), None, str(piece.source), text)))
            continue
        total = TOTAL_LINE.match(text)
        if total:  # a table's total row read as a line: 总分 100 97.2, or run together 总分10095
            found.append((1, StatedScore(Decimal(total.group(1)), None, str(piece.source), text)))
            continue
        if LABEL_ONLY.match(text) and index + 1 < len(pieces) and re.fullmatch(NUM, pieces[index + 1].text.strip(" |")):
            found.append((3, StatedScore(_label_value(pieces[index + 1:index + 3]), None, str(piece.source), text)))
            continue
        for sentence in SENTENCE_END.split(text):
            found.extend(_sentence_scores(sentence, piece, lex))
    return found


def _label_value(following: list[Piece]) -> Decimal:
    """The score after a label line: a table's 总分 row written one cell per line gives the full marks, then the
    score (总分 / 100 / 97), as its row does (总分 | 100 | 97)."""
    first = Decimal(following[0].text.strip(" |"))
    second = following[1].text.strip(" |") if len(following) > 1 else ""
    if re.fullmatch(NUM, second) and first == first.to_integral_value() and Decimal(second) <= first:
        return Decimal(second)
    return first


def _sentence_scores(text: str, piece: Piece, lex: Lexicon) -> list[tuple[int, StatedScore]]:
    found = []
    if not any(w in text for w in SCORE_WORDS):
        return found
    if grade_scale(text, lex):
        return found  # the report's grade scale names scores, not the report's score
    for match in SCORE.finditer(text):
        clause = re.split(r"[，,：:；;\s]", text[:match.start()])[-1] + match.group(0)
        score = Decimal(match.group(1).translate(_DIGITS))
        if any(w in clause for w in ELSEWHERE) or score > 100:
            continue
        if not text[:match.start()].strip() and ROW_MARKS.match(text[match.end():]):
            continue  # 得分10——— : a table's row whose cells ran together (the blank marks of its other cells)
        before = text[:match.start()]
        whole = bool(WHOLE.search(before))
        rank = 4 if any(w in text for w in CONCLUDING) else 2
        if whole:
            rank = 5
        elif "项目" in before and rank == 4:
            rank = 3.5  # one project's result (该项目自评得分…): the report's own only when it says nothing else
        found.append((rank, StatedScore(score, _grade_after(text[match.end():], lex),
                                        str(piece.source), text, whole)))
    return found


def _grade(pieces: list[Piece], lex: Lexicon) -> str | None:
    """A grade stated on its own: 自评等级：优, a 自评等级 cell and its value, or a label line left empty ("")."""
    grades = set(lex.grades)
    for index, piece in enumerate(pieces):
        cells = [c for c in piece.cells if c] if piece.kind == "row" else []
        for i, cell in enumerate(cells):
            if GRADE_LABEL.match(cell):
                following = cells[i + 1] if i + 1 < len(cells) else ""
                return following if following in grades else ""
        if piece.kind != "row":
            grade = re.search(r"(?:自评|评价)(?:结果)?(?:等[级次]|级别)\s*[:：为]?\s*[“\"]?(" + "|".join(lex.grades) + ")", piece.text)
            if grade:
                return grade.group(1)
            if GRADE_LABEL.match(piece.text.strip(" |")) and index + 1 < len(pieces):
                following = pieces[index + 1].text.strip(" |")
                return following if following in grades else ""
    return None


def stated_score(pieces: list[Piece], lex: Lexicon | None = None) -> StatedScore:
    lex = lex or lexicon()
    found = _candidates(pieces, lex)
    if not found:
        return StatedScore(grade=_grade(pieces, lex))
    best = max(found, key=lambda item: item[0])[0]
    chosen = next(s for rank, s in found if rank == best)
    if chosen.grade is None:
        chosen.grade = _grade(pieces, lex)
    return chosen
