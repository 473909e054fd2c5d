"""Page furniture, found and taken out before anything reads the text: tables of contents, running headers and
footers, page numbers and web navigation. Every reader turns its file into Lines, passes them through `clean`, and
records what was removed (in Chinese) in Layout.removed, so nobody mistakes a contents line for an empty section or a
page header for a paragraph."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .numbering import heading_of


@dataclass
class Line:
    text: str
    number: int = 0  # 1-based line of a text file, or the position of a paragraph in a document
    page: int | None = None
    payload: Any = None  # what the reader needs to rebuild its block (a docx table, a pdf line's words)
    page_break_before: bool = False  # a page starts here (a form feed, a removed page number, a new PDF page)


DASHES = "—–\\-－~～"
PAGE_NUMBER = [
    re.compile(rf"^[{DASHES}]+\s*[\dlIO]{{1,4}}\s*[{DASHES}]+$"),  # — 2 —, — l — as a scan reads — 1 —
    # 第 1 页 共 13 页, 第 l 页 共 l3 页 as a scan reads it
    re.compile(r"^第\s*[\dlIO]{1,4}\s*页\s*[,，/、]?\s*(共\s*[\dlIO]{1,4}\s*页)?$"),
    re.compile(r"^共\s*[\dlIO]{1,4}\s*页\s*[,，]?\s*第\s*[\dlIO]{1,4}\s*页$"),
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),
    re.compile(r"^[Pp]age\s*\d{1,4}(\s*of\s*\d{1,4})?$"),
]
ANY_PAGE_NUMBER = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in PAGE_NUMBER))  # one match per line
BARE_NUMBER = re.compile(r"^\d{1,4}$")
WEB_START = re.compile(
    r"首页|当前位置|您的位置|索引号|发文字号|发布机构|发布日期|发布时间|字体[:：]|【字体|无障碍|长者模式|"
    r"^(?:登录|注册|搜索|English|繁體)|[|｜]\s*(?:登录|注册|搜索|English|繁體)|"
    r"分享到|打印本页|关闭窗口|浏览次数|阅读[:：]|信息来源[:：]|文章来源[:：]|^来源[:：]")
WEB_END = re.compile(
    r"打印本页|关闭窗口|上一篇|下一篇|主办单位|承办单位|版权所有|ICP|技术支持|网站标识码|分享到|联系我们|网站地图|"
    r"公网安备|主办$|扫一扫|【纠错】|相关链接|收藏本页|返回顶部|【打印】|【关闭】")
LEADER = re.compile(r"^(?P<title>.+?)\s*(?:[.．·•…‥_\-—]{3,}|…+|·{2,})\s*(?P<page>[\dlIO]{1,4})\s*$")
SPACED_PAGE = re.compile(r"^(?P<title>.+?)(?:\s{2,}|\t)\s*(?P<page>\d{1,4})\s*$")
CONTENTS = re.compile(r"^目\s*录$|^目\s*次$|^CONTENTS$", re.IGNORECASE)
MAX_HEADER_CHARS = 50
CELLS = re.compile(r"\t|\s{2,}|\|")  # a line of three cells or more is a table row, not a running header


_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
_SPACE = re.compile(r"\s+")
_LEADER_END = re.compile(r"[.．·•…‥_\-—]{2,}\d*$")
_MISREAD_YEAR_DIGITS = re.compile(r"(?<=\d)[OolI]+(?=\d)|[OolI]+(?=\d{2,}年)")


_LEADER_CHARS = frozenset(".．·•…‥_-—")  # _LEADER_END's characters


def key(text: str) -> str:
    """A line as compared with another: without spaces, leaders and a trailing page number."""
    text = "".join(text.split())  # as _SPACE.sub("", text): str.split and \s take the same characters for blanks
    if _ends_in_leader(text):  # each pattern only where it can match: every line of a document gets a key
        text = _LEADER_END.sub("", text)
    # a running header a scan misread on one page (2O23年度) is the same header
    if "O" in text or "o" in text or "l" in text or "I" in text:
        text = _MISREAD_YEAR_DIGITS.sub(lambda m: m.group(0).translate(_DIGITS), text)
    return text


def _ends_in_leader(text: str) -> bool:
    r"""What _LEADER_END needs: a leader character before the line's trailing digits (\d is str.isdecimal)."""
    end = len(text)
    while end and text[end - 1].isdecimal():
        end -= 1
    return text[end - 1:end] in _LEADER_CHARS


def clean(lines: list[Line], web: bool = False, bare_page_numbers: bool = False) -> tuple[list[Line], list[str]]:
    """The lines without furniture, and what was removed, in Chinese."""
    removed: list[str] = []
    if web:
        lines = _web_navigation(lines, removed)
    lines = _page_numbers(lines, removed, bare_page_numbers)
    lines = _running_lines(lines, removed)
    lines = _periodic_title(lines, removed)
    lines = _contents(lines, removed)
    return lines, removed


def _web_navigation(lines: list[Line], removed: list[str]) -> list[Line]:
    texts = [line.text.strip() for line in lines]
    start = 0
    for i, text in enumerate(texts[:25]):
        if text and WEB_START.search(text) and len(text) <= 160 and "。" not in text:
            start = i + 1
    if start and any("。" in t or len(t) > 160 or "\t" in t for t in texts[:start]):
        start = 0  # a sentence or a table row above it: not a web page's banner
    end = len(lines)
    while end > start and (not texts[end - 1] or WEB_END.search(texts[end - 1]) and len(texts[end - 1]) <= 100):
        end -= 1
    # the page's own title, printed between the breadcrumb and the 发布日期 line, is the document's title, not
    # navigation: 您当前位置：首页 > … / 某某局2023年度部门整体支出绩效自评表 / 发布日期：2024-03-11
    # a menu line above the breadcrumb (政务公开 预算决算 绩效管理) is navigation even when it holds a title's word
    crumbs = [i for i in range(start) if BREADCRUMB.search(texts[i])]
    after = crumbs[-1] if crumbs else next((i for i in range(start) if WEB_START.search(texts[i])), -1)
    titles = [i for i in range(after + 1, start) if texts[i] and len(texts[i]) <= 80 and not WEB_START.search(texts[i])
              and not WEB_END.search(texts[i]) and WEB_TITLE.search(texts[i])]
    gone = [t for i, t in enumerate(texts[:start]) if t and i not in titles] + [t for t in texts[end:] if t]
    if gone:
        head = len(gone) - sum(1 for t in texts[end:] if t)
        removed.append(f"网页导航和页脚 {len(gone)} 行（开头 {head} 行，结尾 {len(gone) - head} 行）")
    return [lines[i] for i in titles] + lines[start:end]


BREADCRUMB = re.compile(r"当前位置|您的位置")
WEB_TITLE = re.compile(r"自评报告|自评表|评价报告|评价表|绩效|决算|(?:19|20)\d{2}\s*年度?预算")


def is_page_number(text: str, bare: bool = False) -> bool:
    text = text.strip()
    return bool(ANY_PAGE_NUMBER.match(text)) or bare and bool(BARE_NUMBER.match(text))


def _page_numbers(lines: list[Line], removed: list[str], bare: bool) -> list[Line]:
    kept: list[Line] = []
    count, pending_break = 0, False
    for line in lines:
        text = line.text.strip()
        if text == "\f":
            pending_break = True
            continue
        if is_page_number(text, bare and _at_page_edge(line, lines)):
            count += 1
            pending_break = True
            continue
        if pending_break and text:
            line.page_break_before = True
            pending_break = False
        kept.append(line)
    if count:
        removed.append(f"页码 {count} 个")
    return kept


def _at_page_edge(line: Line, lines: list[Line]) -> bool:
    """A bare number is a page number only as the first or last line of a PDF page."""
    if line.page is None:
        return False
    same = [other for other in lines if other.page == line.page and other.text.strip()]
    return bool(same) and (same[0] is line or same[-1] is line)


def _running_lines(lines: list[Line], removed: list[str]) -> list[Line]:
    """A short line at the same place by most page breaks (first or second line of a page, or last or second to
    last): a running header or footer. The document's start and end count as page breaks. Its first occurrence
    is kept (a report's title is often also its running header)."""
    starts = [0] + [i for i, line in enumerate(lines) if i > 0 and (
        line.page_break_before or line.page is not None and line.page != lines[i - 1].page)]
    if len(starts) < 2:
        return lines
    ends = [i - 1 for i in starts[1:]] + [len(lines) - 1]
    places: dict[str, list[int]] = {}
    for kind, anchors, steps in (("head", starts, (0, 1)), ("foot", ends, (0, -1))):
        for step in steps:
            counted: dict[str, list[int]] = {}
            for anchor in anchors:
                j = anchor + step
                if 0 <= j < len(lines) and _header_like(lines[j].text):
                    counted.setdefault(key(lines[j].text), []).append(j)
            for text, found in counted.items():
                if len(found) >= max(2, (len(anchors) + 1) // 2):
                    places.setdefault(text, []).extend(found)
    counts = Counter(key(line.text) for line in lines)
    drop: set[int] = set()
    for text, found in places.items():
        if len(set(found)) * 2 < counts[text]:
            continue  # a line repeated all through the body is the body's, even where it meets a break
        first = next(i for i, line in enumerate(lines) if key(line.text) == text)
        gone = {j for j in found if j != first}
        if gone:
            drop |= gone
            removed.append(f"页眉页脚“{text[:30]}” {len(gone)} 处")
    if not drop:
        return lines
    kept = []
    for i, line in enumerate(lines):
        if i in drop:
            if i + 1 < len(lines) and line.page_break_before:
                lines[i + 1].page_break_before = True
            continue
        kept.append(line)
    return kept


def _periodic_title(lines: list[Line], removed: list[str]) -> list[Line]:
    """Text copied from a PDF without its page numbers: the title repeated every so many lines as the running
    header. Taken out when it comes back at least twice at nearly even intervals, each time followed by running text
    (a title followed by a table row is the next table's caption)."""
    first = next((i for i, line in enumerate(lines) if line.text.strip()), None)
    if first is None or not _header_like(lines[first].text):
        return lines
    title = key(lines[first].text)
    # a line whose key is the title starts with the title's first character: the others need no key
    again = [i for i, line in enumerate(lines)
             if i > first and line.text.lstrip()[:1] == title[:1] and key(line.text) == title]
    if len(again) < 2:
        return lines
    gaps = [b - a for a, b in zip([first] + again, again)]
    if max(gaps) > 1.3 * min(gaps) or min(gaps) < 5:
        return lines
    for i in again:
        following = next((line.text for line in lines[i + 1:] if line.text.strip()), "")
        if len(CELLS.split(following.strip())) >= 2:
            return lines
    removed.append(f"页眉页脚“{title[:30]}” {len(again)} 处")
    gone = set(again)
    return [line for i, line in enumerate(lines) if i not in gone]


def _header_like(text: str) -> bool:
    text = text.strip()
    return (4 <= len(key(text)) <= MAX_HEADER_CHARS and not heading_of(text) and len(CELLS.split(text)) < 3
            and not text.startswith("\x00"))


def _contents(lines: list[Line], removed: list[str]) -> list[Line]:
    texts = [line.text.strip() for line in lines]
    keys = [key(t) for t in texts]
    last_seen = {k: i for i, k in enumerate(keys)}
    drop: set[int] = set()
    i = 0
    while i < len(lines):
        span = _contents_at(texts, keys, last_seen, i)
        if span:
            drop.update(range(i, span))
            i = span
        else:
            i += 1
    if not drop:
        return lines
    entries = sum(1 for j in drop if not CONTENTS.match(texts[j]) and texts[j])
    removed.append(f"目录 {entries} 行")
    return [line for j, line in enumerate(lines) if j not in drop]


def _contents_at(texts: list[str], keys: list[str], last_seen: dict[str, int], i: int) -> int | None:
    """The end (exclusive) of a table of contents starting at line i, or None."""
    titled = bool(CONTENTS.match(texts[i]))
    if not titled and not heading_of(texts[i]) and not (_may_end_in_page(texts[i]) and LEADER.match(texts[i])):
        return None  # contents without a title start with a heading
    start = i + 1 if titled else i
    # entries with leaders and page numbers (spaces before the page number count only under a 目录 title)
    end = start
    while end < len(texts) and (LEADER.match(texts[end]) or titled and SPACED_PAGE.match(texts[end])
                                or not texts[end] and end > start):
        if not texts[end] or _entry_like(texts[end]):
            end += 1
        else:
            break
    if titled and end - start >= 1 or end - start >= 3:
        return end
    # entries without page numbers: the same headings again as the body's headings
    end = start
    while end < len(texts) and texts[end] and len(texts[end]) <= 40 and "。" not in texts[end]:
        end += 1
        if end < len(texts) and (start < end - 1 or titled) and keys[end] == keys[start]:
            break
        if end - start > 200:
            return None
    entries = [k for k in keys[start:end] if k]
    if len(entries) < (1 if titled else 2) or end >= len(texts) or keys[end] != entries[0]:
        return None
    repeated = sum(1 for e in entries if last_seen.get(e, -1) >= end)
    if titled and repeated >= 0.8 * len(entries):
        return end
    headings = sum(1 for t in texts[start:end] if t and heading_of(t))
    if len(entries) >= 3 and repeated == len(entries) and headings == len(entries):
        return end
    return None


def _may_end_in_page(text: str) -> bool:
    """What LEADER needs at the end of a line, a page number ([\\dlIO]), tested before the pattern."""
    last = text.rstrip()[-1:]
    return last.isdecimal() or last in ("l", "I", "O")


def _entry_like(text: str) -> bool:
    match = LEADER.match(text) or SPACED_PAGE.match(text)
    title = match.group("title") if match else text
    return len(title.strip()) <= 60 and "。" not in title
