"""read_prose(layout) -> ProseReading: what the running text of a report says, for the assembler to put beside what
the forms say (docs/reading.md §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core.model import FormText, StatedBand, StatedDate, StatedName, StatedText, StatedTotal, StatedYear, \
    Statement
from jixiao.io.layout.model import Layout, Source

from .dates import stated_dates, stated_years
from .department import department_name, mentioned_departments
from .lexicon import lexicon
from .mentions import Mention, read_mentions
from .rules import stated_rules
from .scores import stated_score
from .sections import form_texts
from .statements import budget_data, fact_keys, statements
from .text import Sentence, pieces, sentences
from .totals import stated_totals
from .year import evaluated_year


@dataclass
class ProseReading:
    year: int | None = None
    year_reason: str = ""
    department: str | None = None
    department_reason: str = ""
    title: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    stated_years: list[StatedYear] = field(default_factory=list)
    stated_dates: list[StatedDate] = field(default_factory=list)
    malformed_dates: list[StatedText] = field(default_factory=list)
    stated_score: Decimal | None = None
    stated_grade: str | None = None  # "" when the report leaves its grade blank
    score_of_the_whole: bool = False  # the score's sentence concludes on the department as a whole (部门整体…得分)
    stated_grade_scale: list[StatedBand] = field(default_factory=list)
    stated_execution_weight: Decimal | None = None
    execution_formula: str = ""
    stated_totals: list[StatedTotal] = field(default_factory=list)
    mentioned_departments: list[StatedName] = field(default_factory=list)
    form_texts: list[FormText] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # figures for the evaluated year, in evaluation_from_data's shape
    unplaced: list[Mention] = field(default_factory=list)  # money and rates the text states that no fact took up
    sources: dict[str, Source] = field(default_factory=dict)  # path → where it was read


    def as_data(self) -> dict:
        """Everything read, in the shape of `jixiao.core.build.evaluation_from_data` (the assembler merges it with what
        the forms read); the budget figures are those of `data`, each where all its statements agree."""
        import msgspec

        data = {key: value for key, value in self.data.items() if key != "department"}
        department = dict(self.data.get("department", {}))
        if self.department:
            department["name"] = self.department
        data["department"] = department
        if self.year is not None:
            data["year"] = self.year
        for name in ("title", "stated_score", "stated_grade", "stated_execution_weight"):
            if getattr(self, name) is not None:
                data[name] = msgspec.to_builtins(getattr(self, name))
        for name in ("statements", "stated_years", "stated_dates", "malformed_dates", "stated_grade_scale",
                     "stated_totals", "mentioned_departments", "form_texts"):
            if getattr(self, name):
                data[name] = msgspec.to_builtins(getattr(self, name))
        return data


def _title(all_pieces, year: int | None) -> str | None:
    for piece in all_pieces[:12]:
        if year is not None and str(year) in piece.text and len(piece.text) <= 60 and piece.kind != "row" and \
                re.search(r"报告|自评|评价|决算|绩效", piece.text):
            return piece.text
    return None


_DIGIT = re.compile(r"\d")


def read_prose(layout: Layout) -> ProseReading:
    lex = lexicon()
    all_pieces = pieces(layout)
    year, year_reason = evaluated_year(all_pieces)
    department, department_reason = department_name(all_pieces, lex)
    reading = ProseReading(year=year, year_reason=year_reason, department=department,
                           department_reason=department_reason, title=_title(all_pieces, year))
    previous = None
    for sentence in sentences(all_pieces):
        if _DIGIT.search(sentence.text):  # a sentence without a figure states no quantity
            reading.mentions.extend(_mentions(sentence, previous, year, lex))
        previous = sentence
    project_report = bool(reading.title and "项目" in reading.title and not re.search(r"部门|整体", reading.title))
    reading.statements = statements(reading.mentions, year, project_report)
    where = {}
    for m, key in zip(reading.mentions, fact_keys(reading.mentions, year, project_report)):
        if key and key not in where:
            where[key] = m.where
    reading.data = budget_data(reading.statements, reading.sources, where)
    reading.stated_years = stated_years(all_pieces)
    reading.stated_dates, reading.malformed_dates = stated_dates(all_pieces)
    score = stated_score(all_pieces, lex)
    reading.stated_score, reading.stated_grade = score.score, score.grade
    reading.score_of_the_whole = score.whole
    if score.score is not None:
        reading.sources["stated_score"] = _source_of(score.where, all_pieces)
    rules = stated_rules(all_pieces, lex)
    reading.stated_grade_scale = rules.grade_scale
    reading.stated_execution_weight, reading.execution_formula = rules.execution_weight, rules.execution_formula
    reading.stated_totals = stated_totals(all_pieces, year, lex)
    reading.mentioned_departments = mentioned_departments(all_pieces, department, lex)
    keys = fact_keys(reading.mentions, year, project_report)
    reading.unplaced = unplaced_figures(reading.mentions, keys, reading.stated_totals)
    reading.form_texts = form_texts(all_pieces, lex)
    return reading


# 比上年21.60万元减少3.18万元 opening a sentence compares what the sentence before named (“三公”经费支出18.42万元…)
OPENS_WITH_A_BASE = re.compile(r"^(?:比|较|与)(?:上年度?|上一年度?|去年)")


def _mentions(sentence: Sentence, previous: Sentence | None, year: int | None, lex) -> list[Mention]:
    """A sentence that opens with 其中 lists the parts of the one before it (收入合计 X 万元，比上年增长…；其中：A a 万元):
    read with it, so that the year and subject it qualifies carry to the parts."""
    if previous is None or previous.piece is not sentence.piece:
        return read_mentions(sentence, year, lex, previous)
    if not sentence.text.startswith("其中"):
        own = read_mentions(sentence, year, lex, previous)
        goes_on = _after_semicolon(previous, sentence) or OPENS_WITH_A_BASE.match(sentence.text)
        # 收入合计 X 万元，其中：财政拨款收入 A 万元，占…；其他收入 B 万元: after a semicolon, a part of the 其中 list
        # goes on, of the year of the whole before it
        listed = own and own[0].year is None and "其中" in previous.text and _after_semicolon(previous, sentence)
        if not own or (own[0].subject and not listed) or not goes_on:
            return own
        # …全年预算135万元；截至12月31日实际支出128.25万元: the clause after a semicolon that names nothing goes on
        # speaking of what the one before it named
    joined = Sentence(f"{previous.text}；{sentence.text}", sentence.piece)
    offset = len(previous.text) + 1
    return [m for m in read_mentions(joined, year, lex) if m.start >= offset]


def _after_semicolon(previous: Sentence, sentence: Sentence) -> bool:
    text = sentence.piece.text
    end = text.find(previous.text)
    if end < 0:
        return False
    end += len(previous.text)
    return text[end:text.find(sentence.text, end)].strip()[:1] in ("；", ";")


AUDITED_UNITS = ("万元", "%")


def unplaced_figures(mentions: list[Mention], keys: list[str | None], totals) -> list[Mention]:
    """The money and rates of the running text that became no fact: no statement, no figure of the model, no total
    or part of a sum the text states. Nothing checks them, and the coverage says so."""
    in_sums = {(t.where, v) for t in totals if t.unit == "万元"
               for v in [t.total, *(p.value for p in t.parts)]}
    return [m for m, key in zip(mentions, keys) if key is None and m.unit in AUDITED_UNITS
            and (str(m.where), m.value) not in in_sums]


def _source_of(where: str, all_pieces) -> Source:
    return next((p.source for p in all_pieces if str(p.source) == where), Source())
