"""Checks on a report's text (CHECKS.md · Text): copied blocks, text pasted into the middle of a sentence, empty
sections. They read paragraphs with their locations; they know nothing of files."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .checks import Finding
from .phrasing import shorten

# What each text check verifies, as the registered checks' titles say it (they run on paragraphs, not the model, so
# they are not in the registry; core.checks.title_of reads these)
TITLES = {"TEXT.COPIED": "正文没有照抄重复的大段表述", "TEXT.PASTED": "正文句子完整，没有被粘贴打断",
          "TEXT.EMPTY": "各章节标题下写有内容"}

MIN_COPIED = 60  # characters: shorter repeats are formulas of speech, not copied blocks


@dataclass(frozen=True)
class TextParagraph:
    text: str
    where: str


def copied_blocks(paragraphs: list[TextParagraph]) -> list[Finding]:
    """The same paragraph, or a long passage of it, stated again elsewhere in the report."""
    findings = []
    seen: dict[str, list[str]] = {}
    for paragraph in paragraphs:
        for sentence in _sentences(paragraph.text):
            if len(sentence) >= MIN_COPIED and not _FORM.search(sentence):
                seen.setdefault(sentence, []).append(paragraph.where)
    reported: set[str] = set()
    for sentence, places in seen.items():
        places = list(dict.fromkeys(places))
        if len(places) >= 2 and not any(sentence in other or other in sentence for other in reported):
            reported.add(sentence)
            findings.append(Finding(
                "TEXT.COPIED", "notice", places[0],
                f"同一段文字在报告中出现 {len(places)} 次（{'、'.join(places[:5])}{'…' if len(places) > 5 else ''}）："
                f"“{shorten(sentence, 40)}”。除摘要外，重复的段落请合并或改写为针对该部分的内容。",
                stated=str(len(places)), where="、".join(places[:5]), subject="重复段落"))
    return findings


_FORM = re.compile(r"[□√☑☐■]|\t")  # a form's boxes and table rows repeat by design


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。！？；])", text) if s.strip()]


# A comparison that should end in a figure (“比去年同期增长”) runs straight into other words, and a stray percentage
# sits glued to another figure further on (“4045次2.8%”): a passage was pasted into the sentence.
_OPEN_COMPARISON = re.compile(r"(比(?:上年|去年|上年度|去年同期)[^，。；]{0,6}?(?:增长|下降|提高|减少|增加))(?![\d.%约近超达了])([\u4e00-\u9fff]{2,})")
_STRAY_PERCENT = re.compile(r"(\d+(?:\.\d+)?[\u4e00-\u9fff]{1,2})(\d+(?:\.\d+)?%)")


def pasted_fragments(paragraphs: list[TextParagraph]) -> list[Finding]:
    findings = []
    for paragraph in paragraphs:
        opened = _OPEN_COMPARISON.search(paragraph.text)
        stray = _STRAY_PERCENT.search(paragraph.text, opened.end()) if opened else None
        if opened and stray:
            findings.append(Finding(
                "TEXT.PASTED", "warning", paragraph.where,
                f"“{opened[1]}”后面没有数字，紧接着是另一段文字，而“{stray[2]}”却出现在后面的“{stray[1]}”之后："
                "疑似粘贴时打断了句子，请把数字放回原句。",
                stated=f"{opened[1]}……{stray.group(0)}", where=paragraph.where, subject="句子被打断"))
    return findings


_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^。；，]{2,30}$")
_NAMES_A_TABLE = re.compile(r"(?:表|图\s*\d*|情况表)$")  # a table or chart that was an image leaves only its caption
# a table of contents' entry: the heading, leader dots or a tab, its page number ("一、部门概况……………1")
_CONTENTS_ENTRY = re.compile(r"(?:[…⋯‥\.·．•_—\-]{2,}|…|\t)\s*\d{1,4}$")


def empty_sections(paragraphs: list[TextParagraph]) -> list[Finding]:
    """A heading followed at once by another heading of the same or a higher level. (A section answered “无” where
    the data shows deviations is the deviation check's finding, which knows the data.)"""
    findings = []
    for current, following in zip(paragraphs, paragraphs[1:]):
        if not _HEADING.match(current.text) or _NAMES_A_TABLE.search(current.text) or _CONTENTS_ENTRY.search(
                current.text):
            continue
        level = 1 if current.text[0] in "一二三四五六七八九十" else 2
        next_level = 1 if _HEADING.match(following.text) and following.text[0] in "一二三四五六七八九十" else \
            2 if _HEADING.match(following.text) else 0
        if next_level and next_level <= level:
            findings.append(Finding("TEXT.EMPTY", "notice", current.where,
                                    f"“{current.text}”一节没有内容，请补写或说明无此项的原因。",
                                    where=current.where, subject=current.text))
    return findings


def text_findings(paragraphs: list[TextParagraph]) -> list[Finding]:
    return copied_blocks(paragraphs) + pasted_fragments(paragraphs) + empty_sections(paragraphs)
