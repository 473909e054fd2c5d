"""Every quantity the prose states, with its unit, subject, year qualifier, scope and comparison.

A year comes from its qualifier in the same sentence (本年, 上年, 2022年度), carried to the clauses after it, never
from where the sentence stands in the document. The subject is the noun phrase of the clause the figure is in (a
specific one — 项目支出 — before a generic one — 支出), else the one the sentence named last before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.io.layout.model import Source

from .lexicon import Lexicon, Subject, lexicon
from .text import Sentence

NUMBER = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
YEAR = re.compile(r"((?:19|20)\d{2})\s*年(度)?(?!\s*\d{1,2}\s*月)")
AS_OF_YEAR_END = re.compile(r"(?:截至|截止|至)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日(?:止)?")
BASE_YEAR = re.compile(r"(?:与|比|较)\s*((?:19|20)\d{2})\s*年度?(?:相比|同期)?")
QUOTED = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]|[（(]\s*(?:含|包括|不含)[^（()）]*[)）]")
EXPLICIT_TOTAL = re.compile(r"合计|总|部门|整体|全部")
COUNT_ONLY = ("", "projects.count")
SUBJECT_REACH = 30
CHANGE_REACH = 8
CLAUSE_MARKS = "，,：:、。；;"  # a clause ends at any of these (a full stop too: sentences are read joined, 其中 after 。)
HAN = re.compile(r"[\u4e00-\u9fff]")
NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")
DATE_AFTER = re.compile(r"\s*[年月日号]")
LEADING_PART = re.compile(r"\s*其中")
# a numbered item that names its own thing before a colon (1.城市照明运行维护经费：全年预算数 X 万元，
# 执行数 Y 万元): the figures after the colon are that thing's, not the department's, unless it names the department
NAMED_ITEM = re.compile(r"^\s*(?:\d{1,2}[、.．]|[（(][\d一二三四五六七八九十]{1,3}[）)])\s*"
                        r"(?P<name>[^：:，,。；;\d]{2,40})[：:]")
# the OCR confusions 1/l/I/|, 0/O between digits, or opening a figure after Chinese (支出l209.14万元)
MISREAD_BEFORE = re.compile(r"\d[lIO|]$|(?<![A-Za-z])[lIO]$")


class WordList(list):
    """(word, value) pairs in their order, indexed by first character: a clause of 30 characters holds few of the
    lexicon's words, and only those need a search (the reader looks words up around every figure)."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.first: dict[str, list[int]] = {}
        for i, (word, _) in enumerate(self):
            self.first.setdefault(word[0], []).append(i)
        # one search says whether the text holds any of the words at all (most clauses hold none)
        self.any = re.compile("|".join(re.escape(word) for word, _ in self))

    def in_text(self, text: str) -> list:
        """The pairs whose first character the text holds, in the list's order (ties keep going to the first)."""
        if not self.any.search(text):
            return []
        found = [i for char in set(text) for i in self.first.get(char, ())]
        found.sort()
        return [self[i] for i in found]


@dataclass
class Comparison:
    kind: str  # change (an amount), change_rate (%), change_points (个百分点), share (%), execution_rate (%),
    # completion_of_initial (%)
    direction: int = 0  # +1 up, -1 down, 0 not said
    base: str = ""  # 上年 / 2021年 / 支出合计 … as written
    operands: list["Mention"] = field(default_factory=list)


@dataclass
class Mention:
    value: Decimal  # money in 万元
    unit: str
    written: str  # the figure with its unit as written ("1.2亿元")
    subject: str = ""  # the subject's name in the lexicon, "" when the sentence gives none
    path: str = ""  # where the subject's figures go in the core model
    year: int | None = None
    year_word: str = ""  # the qualifier as written
    scope: str = ""  # 年初预算, 调整预算, 决算, 执行, 收入
    comparison: Comparison | None = None
    text: str = ""  # the sentence
    where: Source = field(default_factory=Source)
    start: int = 0  # offset in the sentence


def _unit_pattern(lex: Lexicon) -> re.Pattern:
    """Compiled once per lexicon: the reader calls this for every sentence."""
    return lex.derived(_compile_units)


def _compile_units(lex: Lexicon) -> re.Pattern:
    units = "|".join(re.escape(u) for u in sorted(lex.units, key=len, reverse=True))
    return re.compile(rf"({NUMBER})\s*({units})")


def _masked(text: str) -> str:
    """Titles of documents and file numbers (《…》〔2021〕) and asides (（含所属预算单位）) replaced by blanks: their
    years, figures and nouns are not the sentence's."""
    return QUOTED.sub(lambda m: "　" * len(m.group(0)), text)


def _years(text: str, evaluated: int | None, lex: Lexicon) -> list[tuple[int, int | None, str]]:
    """(offset, year, word) of every year qualifier, in order; comparison bases (与2021年相比) are not qualifiers."""
    bases = {m.start(1) for m in BASE_YEAR.finditer(text)}
    found = [(m.start(), int(m.group(1)), m.group(0)) for m in YEAR.finditer(text) if m.start(1) not in bases]
    # 截至2021年12月31日实际支出 X 万元: spending up to the end of a year is that year's
    found += [(m.start(), int(m.group(1)), m.group(0)) for m in AS_OF_YEAR_END.finditer(text)]
    words = _year_words(lex)
    if not words["any"].search(text):  # most sentences name no year word nor base: nothing more to find
        return sorted(found)
    base_spans = [(m.start(), m.end()) for m in _finditer_overlapping(words["bases"], text)]
    for kind, delta in (("current", 0), ("previous", -1)):
        for word in lex.years[kind]:
            if word not in text:
                continue
            for m in re.finditer(re.escape(word), text):
                if any(s <= m.start() < s + len(w) for s, _, w in found) or \
                        any(a <= m.start() < b for a, b in base_spans):  # 较上年增长: a base, not a qualifier
                    continue
                found.append((m.start(), None if evaluated is None else evaluated + delta, word))
    for word in lex.years.get("weak", ()):
        if word not in text:
            continue
        for m in re.finditer(re.escape(word), text):
            if any(s <= m.start() < s + len(w) for s, _, w in found):
                continue
            if any(0 <= m.start() - (s + len(w)) <= 1 for s, _, w in found):
                continue  # 上年年初预算: the year is the one before
            found.append((m.start(), evaluated, word))
    return sorted(found)


def _year_words(lex: Lexicon) -> dict[str, list[re.Pattern]]:
    """The comparison bases (较上年) and the subjects holding a previous-year word (上年结转, this year's income),
    compiled once per lexicon; each is searched on its own so that overlapping words are all found, as before."""
    return lex.derived(_compile_year_words)


def _compile_year_words(lex: Lexicon) -> dict[str, list[re.Pattern]]:
    bases = list(lex.comparisons["base_previous"])
    bases += [w for s in lex.subjects for w in s.words if any(y in w for y in lex.years["previous"])]
    qualifiers = [w for kind in ("current", "previous", "weak") for w in lex.years.get(kind, ())]
    return {"bases": [(w, re.compile(re.escape(w))) for w in bases],
            "any": re.compile("|".join(re.escape(w) for w in qualifiers))}


def _finditer_overlapping(patterns, text: str):
    for word, pattern in patterns:
        if word in text:
            yield from pattern.finditer(text)


def _rightmost(text: str, groups: list[tuple[str, object]], prefer_specific: bool = False):
    best, best_key = None, None
    if isinstance(groups, WordList):
        groups = groups.in_text(text)
    for word, value in groups:
        position = text.rfind(word)
        if position < 0:
            continue
        specific = prefer_specific and not getattr(value, "generic", False)
        key = (specific, position + len(word), len(word))
        if best_key is None or key > best_key:
            best, best_key = (word, value), key
    return best


def _scope_words(lex: Lexicon) -> list[tuple[str, str]]:
    return lex.derived(_sorted_scope_words)


def _sorted_scope_words(lex: Lexicon) -> WordList:
    return WordList(sorted(((w, scope) for scope, words in lex.scopes.items() for w in words), key=lambda p: -len(p[0])))


def _comparison(clause: str, sentence: str, unit: str, lex: Lexicon) -> Comparison | None:
    if unit == "%" and any(w in clause for w in lex.comparisons["execution_rate"]):
        return Comparison("execution_rate")
    if unit == "%" and "完成年初预算" in clause:
        return Comparison("completion_of_initial", base="年初预算")
    share = next((w for w in lex.comparisons["share"] if w in clause), None)
    if unit == "%" and share:
        base = clause[clause.index(share) + len(share):]
        return Comparison("share", base=re.sub(rf"{NUMBER}.*$", "", base).rstrip("的为达"))
    near = clause[-CHANGE_REACH:]  # 增加32.26万元, 比上年减少…元: the word right before its figure
    up_words, down_words = lex.derived(_direction_words)
    direction = 1 if _rightmost(near, up_words) else 0
    down = _rightmost(near, down_words)
    if down and (not direction or near.rfind(down[0]) > max(near.rfind(w) for w in lex.comparisons["up"])):
        direction = -1
    if not direction:
        return None
    base_year = BASE_YEAR.search(sentence)
    base = base_year.group(0) if base_year else next((w for w in lex.comparisons["base_previous"] if w in sentence), "")
    if not base and "预算" in sentence and "比" in sentence:
        base = "预算"
    kind = "change_rate" if unit == "%" else "change_points" if unit == "个百分点" else "change"
    return Comparison(kind, direction, base)  # base "": between the figures the sentence gives (2020年…，2019年…，增加)


OPERAND_OF_BASE = re.compile(r"(?:的|为)?(?:金额|数额|数)?\s*$")


def _base_operand(clause: str, evaluated: int | None, lex: Lexicon) -> tuple[int | None, str] | None:
    """The figure right after a comparison's base (比上年的 X 万元, 较2022年 X 万元, 上年同期 X 万元) is the base year's
    figure, the operand the sentence compares with, not one of the year the sentence is about."""
    head = OPERAND_OF_BASE.sub("", clause)
    scope = _rightmost(head, _scope_words(lex))  # 较上年年初预算 X 万元: last year's initial budget
    if scope is not None and head.endswith(scope[0]):
        head = OPERAND_OF_BASE.sub("", head[:-len(scope[0])])
    found = BASE_YEAR.search(head)
    if found and found.end() == len(head.rstrip()):
        return int(found.group(1)), found.group(0)
    word = next((w for w in lex.comparisons["base_previous"] if head.endswith(w) and w != "同比"), None)
    if word is None:
        return None
    return (None if evaluated is None else evaluated - 1), word


def _direction_words(lex: Lexicon) -> tuple[WordList, WordList]:
    return WordList((w, 1) for w in lex.comparisons["up"]), WordList((w, -1) for w in lex.comparisons["down"])


def _default_scope(subject: Subject | None, word: str) -> str:
    if subject is None:
        return ""
    if subject.path.startswith("income"):
        return "收入"
    if ("支出" in word or "经费" in word) and not subject.path.startswith("three_public"):
        return "执行"  # 基本支出 X 万元 is spent; 公务接待费 X 万元 alone may be the budget of a table row
    return ""


GENERIC_GAP = re.compile(r"^\s*(?:合计|总额|总计|总数|数|额|为|是|达|达到|共|共计|安排|预算|调整后|执行|决算|全年|年初|年中|"
                         r"实际|完成|批复|执行率|支出率|完成率|率|进度|的|[:：]|"
                         r"(?:比|较)(?:上年度?|上一年度|去年))*\s*$")  # 支出合计比上年的 X: last year's whole


def _whole_or_part(subject, text: str, start: int, lex: Lexicon):
    """A generic subject (支出, 预算, 收入) names the department's whole only when the figure follows it (支出合计 X,
    预算安排 X) and nothing before it in the sentence narrows it to a part (政府性基金…本年支出)."""
    if subject is None or subject[1] is None or not subject[1].generic:
        return subject
    word, generic = subject
    end = text.rfind(word, 0, start) + len(word)
    if not GENERIC_GAP.match(text[end:start]) or any(w in text[:start] for w in lex.partial):
        return (word, Subject(generic.name, "", generic.words, True))
    return subject


# a comparison's base figure inside the clause (比上年11.35万元下降15.13%) names nothing either: its unit goes with it
FILLER = re.compile(r"\d[\d.,]*\s*(?:万元|亿元|元)|"
                    r"为|是|达到|达|共计|共|约|了|的|累计|其中|合计|分别|实现|率|进度|比|较|全年|当年|本年|上年|资金|"
                    r"(?:19|20)\d{2}\s*年度?|[\s，,：:、]")


def _names_nothing(clause: str, lex: Lexicon) -> bool:
    """A clause without a noun of its own (全年执行 X 万元, 执行率 Y%) takes the subject the sentence named before; one
    naming something the lexicon does not know (公务用车 2.32 万元, after 公务接待费 5.18 万元) does not."""
    rest = clause
    # a word whose first character the clause lacks cannot be in it, nor come to be as others are taken out
    for word, _ in lex.derived(_known_words).in_text(clause):
        rest = rest.replace(word, "")
    return len(NOT_HAN.sub("", FILLER.sub("", rest))) < 2


def _known_words(lex: Lexicon) -> WordList:
    """The scope, comparison and year words, in the order _names_nothing takes them out: the longest first, so that
    预算执行率 goes whole and does not leave 预算率 behind once 执行 is out."""
    groups = list(lex.scopes.values()) + list(lex.comparisons.values()) + list(lex.years.values())
    words = sorted({word for words in groups for word in words}, key=lambda w: -len(w))
    return WordList((word, None) for word in words)


def _subject(clause: str, text: str, start: int, clause_start: int, words, lex: Lexicon):
    """The clause's own subject, else — when the clause names nothing else — the one the sentence named before it;
    a generic one in the clause gives way to a specific one before it (项目支出共计40个，年初预算安排X万元)."""
    near = clause[-SUBJECT_REACH:]  # a noun far before the figure (a flattened table's labels) is not its subject
    own = _whole_or_part(_rightmost(near, words, prefer_specific=True), text, start, lex)
    inherited = _rightmost(_inherited(text, clause_start), words, prefer_specific=True)
    if inherited and inherited[1].generic and any(w in text[:start] for w in lex.partial):
        inherited = (inherited[0], Subject(inherited[1].name, "", inherited[1].words, True))
    if own is None:
        return inherited if _names_nothing(clause, lex) else None
    if own[1].generic and not EXPLICIT_TOTAL.search(own[0]) and inherited and not inherited[1].generic \
            and not EXPLICIT_TOTAL.search(clause):
        return inherited
    return own


def _subject_of_total(text: str, clause_start: int, found: list[Mention], lex: Lexicon):
    """比上年减少…, after a 其中 list of several parts, is said of the total before the list (“三公”经费 7.5 万元，其中
    A…，B…，比上年减少…): the parts are each named, the change is not."""
    cut = text.rfind("其中", 0, clause_start)
    before = [m for m in found if m.start < cut and m.comparison is None]
    after = [m for m in found if cut < m.start < clause_start and m.comparison is None]
    if not before or len(after) < 2:
        return None
    total = before[-1]
    return (total.subject, next((s for s in lex.subjects if s.name == total.subject), None))


def _words_for(unit: str, lex: Lexicon) -> WordList:
    """Money and rates are of budget lines, income, 三公经费; counts of units and projects; people of staff."""
    return lex.derived(_money_words if unit in ("万元", "%") else _all_words)


def _money_words(lex: Lexicon) -> WordList:
    return WordList((w, s) for w, s in lex.subject_words()
                    if s.path not in COUNT_ONLY and not s.path.startswith("department."))


def _all_words(lex: Lexicon) -> WordList:
    return WordList(lex.subject_words())


def _inherited(text: str, clause_start: int) -> str:
    if LEADING_PART.match(text, clause_start):
        return ""
    """The part of the sentence a clause without a subject takes its subject from: after the last 其中, whose parts
    each name their own (其中：食品安全抽检经费 120 万元 is not 项目支出)."""
    before = text[:clause_start]
    cut = before.rfind("其中")
    return before[cut + 2:] if cut >= 0 else before


def read_mentions(sentence: Sentence, evaluated: int | None, lex: Lexicon | None = None,
                  sentence_before: Sentence | None = None) -> list[Mention]:
    """`sentence_before` says whether this sentence continues it (a paragraph cut by a blank line)."""
    lex = lex or lexicon()
    text = _masked(sentence.text)
    years = _years(text, evaluated, lex)
    scope_words = _scope_words(lex)
    found: list[Mention] = []
    item_end = _named_item(text, lex)
    for match in _unit_pattern(lex).finditer(text):
        after = text[match.end():match.end() + 2]
        if match.group(2) in ("个", "人", "分", "次") and after[:1] in ("月", "年", "日"):
            continue
        if DATE_AFTER.match(text[match.end(1):match.end(1) + 2]) or text[max(0, match.start() - 1):match.start()] == "第":
            continue
        if MISREAD_BEFORE.search(text, 0, match.start()):
            continue  # 23l6.61万元: a digit misread as a letter cuts the figure; its tail is not a figure
        number = Decimal(match.group(1).replace(",", ""))
        unit, factor = lex.units[match.group(2)]
        value = number * factor if factor is not None else number
        start = match.start()
        # after the last clause mark before the figure; searched backwards, as a long flattened row
        # holds many figures
        clause_start = max(text.rfind(mark, 0, start) for mark in CLAUSE_MARKS) + 1
        clause = text[clause_start:start]
        year = _base_operand(clause, evaluated, lex) or \
            next(((y, w) for s, y, w in reversed(years) if s < start), (None, ""))
        comparison = _comparison(clause, text, unit, lex)
        words = _words_for(unit, lex)
        if found and not HAN.search(text, found[-1].start + len(found[-1].written), start):
            words = []  # figures in a row with no words between: a table row flattened, not a sentence
        subject = _subject(clause, text, start, clause_start, words, lex)
        if item_end is not None and start > item_end and subject and subject[1] is not None and subject[1].generic:
            subject = None  # a generic word (支出, 经费) in an item naming a project is that project's, see NAMED_ITEM
        if comparison and comparison.kind == "share" and found:
            subject = (found[-1].subject, next((s for s in lex.subjects if s.name == found[-1].subject), None))
        elif (comparison or _base_operand(clause, evaluated, lex)) and _names_nothing(clause, lex) \
                and "其中" in text[:clause_start]:  # 比上年 X 万元 after a 其中 list: the total's last year too
            subject = _subject_of_total(text, clause_start, found, lex) or subject
        scope = _rightmost(clause, scope_words) if unit in ("万元", "%") else ("", "")
        if scope and scope[1] in ("调整预算", "预算") and "年初" in clause and "调整" not in clause:
            scope = ("年初", "年初预算")  # 2022年初…预算数为 X: the initial budget
        if scope and subject and subject[0] in clause and scope[0] in subject[0]:
            scope = _scope_of_part(clause, subject[0], text, clause_start, found, unit, scope_words) or scope
        if scope is None:
            previous = [m.scope for m in found if m.scope and m.unit == unit]
            scope = ("", previous[-1]) if previous else None
        subj = subject[1] if subject else None
        if comparison and comparison.kind.startswith("change") and not comparison.base:
            year = (None, "")  # a difference between the sentence's figures belongs to no one year
        elif year[0] is None and not years and _of_the_budget(subj, scope, comparison, lex) and \
                _only_budget_words(text[:start], subj, lex) and _starts_a_sentence(sentence, sentence_before):
            year = (evaluated, "")  # 预算资金 X 万元，实际支出 Y 万元: a report states its own year's budget unless it says
        if year[0] is None and comparison is None:
            year = _year_of_the_whole(text, start, unit, found) or year
        mention = Mention(value, unit, match.group(0), subj.name if subj else "", subj.path if subj else "",
                          year[0], year[1], scope[1] if scope else
                          _default_scope(subj, subject[0] if subject and subject[0] in clause else ""),
                          comparison, sentence.text, sentence.piece.source, start)
        found.append(mention)
    _link_operands(found)
    return found


def _year_of_the_whole(text: str, start: int, unit: str, found: list[Mention]) -> tuple[int, str] | None:
    """A part of a 其中 list (“三公”经费支出18.42万元，其中：…公务接待费5.36万元) is of the year of the whole it
    breaks down, within the sentence."""
    cut = text.rfind("其中", 0, start)
    if cut < 0 or "。" in text[cut:start]:
        return None
    whole = [m for m in found if m.start < cut and m.comparison is None and m.year is not None and m.unit == unit]
    return (whole[-1].year, whole[-1].year_word) if whole else None


def _named_item(text: str, lex: Lexicon) -> int | None:
    """Where the label of a numbered item naming a thing of its own ends (see NAMED_ITEM); None when the text opens
    with no such label, or its label names only what the lexicon knows (1.基本支出：) or the department as a whole."""
    item = NAMED_ITEM.match(text)
    if item is None or EXPLICIT_TOTAL.search(item["name"]) or _names_nothing(item["name"], lex):
        return None
    known = [w for w, s in lex.subject_words() if w == item["name"] and not s.generic]
    return None if known else item.end()


def _scope_of_part(clause: str, word: str, text: str, clause_start: int, found: list[Mention], unit: str,
                   scope_words) -> tuple[str, str] | None:
    """A part of a 其中 list whose only scope word is inside its own name (基本支出, 项目支出) has the scope of the total
    before the list: 调整后全年预算 X 万元，其中：基本支出 A 万元，项目支出 B 万元 gives two parts of the adjusted budget,
    not two figures spent."""
    if _rightmost(clause.replace(word, "　" * len(word)), scope_words) is not None:
        return None
    cut = text.rfind("其中", 0, clause_start)
    totals = [m for m in found if m.start < cut and m.unit == unit and m.scope and m.comparison is None]
    return ("", totals[-1].scope) if cut >= 0 and totals else None


BUDGET_SCOPES = ("年初预算", "调整预算", "预算", "决算", "执行")


def _of_the_budget(subject: Subject | None, scope, comparison: Comparison | None, lex: Lexicon) -> bool:
    """A budget line's budget, spending or execution rate, in a sentence that names no year at all (no 本年, 上年,
    2022年, 较上年): the evaluated year's. A share (占…%) or a change (增长…) is not a figure of the year."""
    if subject is None or not subject.path.startswith("budget.") or not scope or scope[1] not in BUDGET_SCOPES:
        return False
    return comparison is None or comparison.kind == "execution_rate"


FIGURE = re.compile(rf"{NUMBER}\s*(?:万元|亿元|元|%|％)")


def _only_budget_words(before: str, subject: Subject, lex: Lexicon) -> bool:
    """The sentence up to the figure names nothing but its subject and budget words (预算资金 X，实际支出 Y，执行率):
    it is about the department's budget. One naming anything else (某某项目预算 X, 项目全年预算数 X, 资本性支出 X,
    上缴上级支出 X) is about that, and its year is not assumed."""
    rest = FIGURE.sub("，", before)
    for word, _ in lex.derived(_known_words).in_text(rest):  # 实际支出 is a scope word before 支出 is a subject word
        rest = rest.replace(word, "")
    for word, other in lex.derived(_money_words).in_text(rest):
        if word in rest and other.path != subject.path:
            return False
        rest = rest.replace(word, "")
    return not HAN.search(FILLER.sub("", ALSO_FILLER.sub("", rest)))


ALSO_FILLER = re.compile(r"已|实际|资金|金额")
SENTENCE_OPENS = "。；;！!？?：:"
OPENS_MID_SENTENCE = re.compile(r"^\s*(?:\d|为|是|达|共|合计|约|[，,、])")


def _starts_a_sentence(sentence: Sentence, previous: Sentence | None) -> bool:
    """A sentence that opens its paragraph or follows a full stop (or a colon); a line of a paragraph wrapped by hand
    (…共有26个项目\n支出共计 X 万元), or a paragraph after one that stops on a comma (…项目全年预算数为 5 万元，\n\n
    执行数为 5 万元), is the middle of one, whose subject and year are before it."""
    whole = sentence.piece.text
    at = whole.find(sentence.text)
    if at < 0 or OPENS_MID_SENTENCE.match(sentence.text):  # 30 万元，执行数…; 为 70 万元，…: cut from its noun
        return False
    before = whole[:at].rstrip()
    if before:
        return before[-1] in SENTENCE_OPENS
    if previous is None or previous.piece is sentence.piece or previous.piece.kind != "paragraph":
        return True
    last = previous.piece.text.rstrip()
    # a title or heading holds no comma, colon or full stop; a paragraph that does and stops without one was cut
    return not last or last[-1] in SENTENCE_OPENS or not re.search(r"[，,：:；;。]", last)


def _link_operands(found: list[Mention]) -> None:
    """A stated change, share or rate keeps the figures of the same sentence it is computed from."""
    for mention in found:
        if mention.comparison is None:
            continue
        mention.comparison.operands = [m for m in found if m is not mention and m.comparison is None
                                       and m.unit == "万元" and (m.subject == mention.subject or
                                                                mention.comparison.kind == "share")]
