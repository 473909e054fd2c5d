"""Heading levels from the numbering Chinese reports use: 第一部分 0, 一、 1, （一） 2, 1. / 1、 3, （1） 4, 附件 1.

A numbered line is a heading only when it is short and reads as a title, not a sentence: "十三、关于…的说明：中心对…"
with its full stop is a numbered paragraph."""

from __future__ import annotations

import re
from functools import lru_cache

CN = "一二三四五六七八九十百零〇"
PATTERNS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(rf"^(第[{CN}\d]+(?:部分|章|篇))\s*"), 0),
    (re.compile(r"^(附件\s*\d*)[\s:：、．.]*"), 1),
    (re.compile(rf"^([{CN}]+\s*[、．.])\s*"), 1),
    (re.compile(rf"^([（(]\s*[{CN}]+\s*[）)])\s*[、．.]?\s*"), 2),
    (re.compile(r"^(\d{1,2}\s*[、．.])(?!\d)\s*"), 3),
    (re.compile(r"^([（(]\s*\d{1,2}\s*[）)])\s*[、．.]?\s*"), 4),
    (re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩])\s*"), 5),
]
# what follows "92." when the line is a decimal a scan or a copied scan misprinted (92.O0%, 3.l5): digits with the
# letters OCR reads for them, up to a % or the end — a figure, not a section's title
_FIGURE_REST = re.compile(r"^[0-9OolI]+(?:[.,][0-9OolI]+)*%?$")
# all of them at once: most lines start with no number, and one failed match says so (built from PATTERNS, so a
# pattern added there is tried here too)
ANY_NUMBERING = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in PATTERNS))
MAX_HEADING_CHARS = 40  # titles of sections are short; a longer numbered line is a numbered paragraph


def numbering_of(text: str) -> tuple[str, int, str] | None:
    """(numbering as written, level, text without it) when the line starts with a section number."""
    line = text.strip()
    if not ANY_NUMBERING.match(line):
        return None
    for pattern, level in PATTERNS:
        match = pattern.match(line)
        if match and match.end() < len(line):
            if level == 3 and _FIGURE_REST.match(line[match.end():]) and re.search(r"\d", line[match.end():]):
                return None
            return match.group(1).strip(), level, line[match.end():].strip()
    return None


@lru_cache(maxsize=1 << 16)  # the layout passes (blocks, furniture, contents) ask it of the same lines again
def heading_of(text: str) -> tuple[str, int, str] | None:
    """(numbering, level, title) when the line is a numbered heading, else None."""
    found = numbering_of(text)
    if not found:
        return None
    numbering, level, title = found
    if len(title) > MAX_HEADING_CHARS or not title:
        return None
    body = title.rstrip("。.")
    if "。" in body or "；" in body:  # two sentences: a paragraph that starts with a number
        return None
    if title.endswith("。") and "，" in body or re.search(r"[：:].{8,}", body):
        return None  # a sentence, or a title followed by its text on the same line
    if re.search(r"\d[\d,.]*\s*(万元|元|%|人次|个)", title) and len(title) > 20:
        return None  # a figure with its unit in a long line: a list item that states a result
    return numbering, level, title
