"""Finding forms in a stream of cells by their header words: the stream is cut where a form opens (项目名称, 部门名称 …:
one form per project), and each part is the form whose every group of header words it holds — the most specific such
template (a province's form adds words to the national one it extends)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import Template
from .stream import Token


@dataclass
class Match:
    template: Template
    start: int
    end: int  # the part of the stream [start, end) the form occupies


def _present(words: list[str], keys: set[str], texts: str) -> bool:
    return any(w in keys or w in texts for w in words)


@dataclass
class Words:
    """What a part of the stream offers the templates' header words, gathered once for all the templates."""
    keys: set[str]
    texts: str
    # the clauses with a figure of longer sentences (…的方式，共发放问卷150份，收回146份，…有效问卷140份。): where a form
    # without a head block gives its counts
    clauses: str = ""

    def extend(self, other: Words) -> None:
        self.keys |= other.keys
        self.texts += other.texts
        self.clauses += other.clauses


CLAUSE_CUT = re.compile(r"[，,。；;：:]")
HAS_DIGIT = re.compile(r"\d")


def words_of(part: list[Token]) -> Words:
    keys = {t.key for t in part} | {t.label for t in part if len(t.text) < 60}
    texts = "".join(t.text for t in part if len(t.text) < 40)  # labels with notes: 得分（20分×执行率）
    clauses = "".join(c for t in part if len(t.text) >= 40 and HAS_DIGIT.search(t.text)
                      for c in CLAUSE_CUT.split(t.text) if len(c) < 40 and HAS_DIGIT.search(c))
    return Words(keys, texts, clauses)


def identifies(template: Template, part: list[Token] | Words, refused: Words | None = None) -> int:
    """How specifically the template recognises this part: 0 when it does not. `refused`: the words its `none`
    list is weighed against, when not all of the part's (a list's column header 项目名称 refuses no table)."""
    words = part if isinstance(part, Words) else words_of(part)
    keys, texts = words.keys, words.texts
    ident = template.identify
    # a form without a head block (a questionnaire) may give its words in a sentence: 共发放问卷120份，收回112份
    inside = texts + words.clauses if not ident["start"] else ""
    if not all(_present(group, keys, inside) for group in ident["all"]):
        return 0
    if ident["none"] and _present(ident["none"], (refused or words).keys, ""):
        return 0
    if ident["any"] and not _present(ident["any"], keys, texts):
        return 0
    return len(ident["all"]) + (2 if ident["any"] else 0)


def find(stream: list[Token], templates: list[Template]) -> list[Match]:
    """Forms with a head block (项目名称 …) one per part; forms without (a framework table, a questionnaire) once
    in the whole document."""
    columns = _column_words(templates)
    found = _parts(stream, [t for t in templates if t.identify["start"]], columns)
    whole = words_of(stream) if any(not t.identify["start"] for t in templates) else None
    # a department report's list of its projects (序号 | 项目名称 | 预算数 …) is no project's form: its 项目名称
    # column header does not refuse the department's own tables (its indicator table beside the list)
    headers = {i for i, t in enumerate(stream) if t.key == "项目名称" and _heads_a_column(stream, i, columns)}
    bare = words_of([t for i, t in enumerate(stream) if i not in headers]) if whole and headers else None
    for template in templates:
        if not template.identify["start"] and identifies(template, whole, bare):
            found.append(Match(template, 0, len(stream)))
    return found


def _column_words(templates: list[Template]) -> set[str]:
    """The header words of the columns of money and scores the forms print (预算数, 执行数, 执行率, 得分 …) and of
    their lists (序号, 预算金额, 自评等级): what stands beside 项目名称 when 项目名称 heads a column of a list."""
    words: set[str] = set()
    for template in templates:
        for name in ("funds", "list"):
            block = template.blocks.get(name)
            if block is not None:
                words |= {w for c in block.columns if c.name != "name" for w in c.words}
    return words


def _heads_a_column(stream: list[Token], i: int, columns: set[str]) -> bool:
    """A table's 项目名称 that is one column header of a list of projects (序号 | 项目名称 | 预算数 | 执行数 …): two
    or more cells of its row are other columns' header words. A form's 项目名称 has its value beside it."""
    token = stream[i]
    if not token.table:
        return False
    row = [t for t in stream[max(0, i - 12):i + 13] if t.table and t.row == token.row and t is not token]
    return sum(1 for t in row if t.key in columns) >= 2


def _parts(stream: list[Token], templates: list[Template], columns: set[str]) -> list[Match]:
    start_words = {w for tp in templates for w in tp.identify["start"]}
    # a list's column header 项目名称 opens no project's form: the list is no form of one project
    opening = [i for i, t in enumerate(stream) if t.key in start_words or t.label in start_words]
    headers = {i for i in opening if _heads_a_column(stream, i, columns)}
    starts = [i for i in opening if i not in headers]
    bounds = [0] + [s for s in starts if s > 0] + [len(stream)]
    parts = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
    found: list[Match] = []
    since_last = Words(set(), "")  # the words from the last match's start to here, gathered part by part
    for a, b in parts:
        # nor does its 项目名称 count as the head of a project's form among the part's words
        words = words_of([t for k, t in enumerate(stream[a:b], a) if k not in headers] if headers else stream[a:b])
        best = max(templates, key=lambda tp: identifies(tp, words))
        if identifies(best, words):
            found.append(Match(best, a, b))
            since_last = Words(set(words.keys), words.texts)
        elif found:
            since_last.extend(words)
            if identifies(found[-1].template, since_last):
                found[-1].end = b  # a form whose parts are separated by a start word of another form's head
    return found
