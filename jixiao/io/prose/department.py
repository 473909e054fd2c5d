"""The reporting department's name, and every name the text uses for itself.

The name comes from a labelled line or cell (部门名称, 单位名称), else the title ("XX局2022年度…"), else 主管部门,
else the signature at the end. The names the text uses for itself are kept with where they stand: a report copied
from another department's keeps the other's name somewhere (DEPT.OTHER). An abbreviation of the department's own
name (人社局 for 人力资源和社会保障局) is the same body and is not listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.core.model import StatedName

from .lexicon import Lexicon, lexicon
from .text import Piece

CODE_PREFIX = re.compile(r"^[\dA-Za-z]+\s*[-－—_]\s*")
STAMP = re.compile(r"[（(]\s*(?:盖章|公章|章)\s*[)）]")
# verbs and prepositions before a name; one-character ones (和, 经, 对) are left out: they occur inside names
LEAD_WORDS = re.compile(r"^.*?(?:根据|按照|依据|关于|对照|结合|组织|以及|纳入|列入|报送|上报|提交|参照|会同|配合|联合|"
                        r"协助|我局|本局|对象为|单位为|主体为|为|是|对)(?=[\u4e00-\u9fff]{4})")
YEAR_AFTER = r"\s*(?:19|20)\d{2}\s*年"
HEAD_PIECES = 12
# a title that puts the year first or last (…报告（2023年）): the name runs to the kind of report (部门整体支出 …)
YEAR_BEFORE = r"\s*(?:19|20)\d{2}\s*年度?\s*"
KIND_AFTER = r"(?=部门整体|整体支出|项目支出|部门预算|预算绩效|绩效自评|绩效评价|财政支出)"
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class NameFound:
    name: str
    how: str  # label, title, supervisor, signature, self
    piece: Piece


def _name_pattern(lex: Lexicon) -> str:
    """Built once per lexicon (as the patterns below): the reader runs them on every piece."""
    return lex.derived(_build_name_pattern)


def _build_name_pattern(lex: Lexicon) -> str:
    suffixes = "|".join(re.escape(s) for s in lex.departments["suffixes"])
    return rf"[\u4e00-\u9fff（）()]{{2,30}}?(?:{suffixes})"


def _label_patterns(label: str, lex: Lexicon) -> tuple[re.Pattern, re.Pattern, re.Pattern | None]:
    """(label followed by a name, label alone on its line, a long label with one stray character inside followed by
    a name) for one label of the lexicon."""
    return lex.derived(_compile_label_patterns)[label]


LOOSE_LABEL = 6  # a label this long keeps its meaning with one stray character a scan put inside (部门(单位)和名称)


def _compile_label_patterns(lex: Lexicon) -> dict[str, tuple[re.Pattern, re.Pattern, re.Pattern | None]]:
    patterns = {}
    # the name ends where the words end, or where the next label begins (cells run together: 主管部门XX局实施单位XX局)
    stops = "|".join(re.escape(s) for s in lex.departments["stops"])
    name = rf"\s*[:：|]?\s*(?:[\dA-Za-z]+\s*[-－—])?({_name_pattern(lex)})(?=\s*(?:{stops})|(?![\u4e00-\u9fff]))"
    for label in lex.departments["labels"]:
        chars = [re.escape(ch) for ch in label]
        spaced = r"\s*".join(chars)
        strays = [r"\s*".join(chars[:at]) + r"\s*[^\s:：|]\s*" + r"\s*".join(chars[at:]) for at in range(1, len(chars))]
        patterns[label] = (re.compile(spaced + name), re.compile(rf"{spaced}\s*[:：|]?"),
                           re.compile("(?:" + "|".join(strays) + ")" + name) if len(label) >= LOOSE_LABEL else None)
    return patterns


def clean_name(text: str, lex: Lexicon | None = None) -> str | None:
    """A department-like name from a cell or a labelled value, or None."""
    lex = lex or lexicon()
    text = STAMP.sub("", CODE_PREFIX.sub("", text.strip(" |"))).strip(" ：:|")
    for stop in lex.departments["stops"]:  # cells run together: 主管部门XX局实施单位XX局
        text = text.split(stop)[0]
    text = re.sub(r"\s+", "", text)
    return text if re.fullmatch(_name_pattern(lex), text) and len(text) >= 4 else None


def _labelled(pieces: list[Piece], lex: Lexicon) -> list[NameFound]:
    found = []
    labels = set(lex.departments["labels"])
    label_chars = [(label, set(label)) for label in lex.departments["labels"]]
    label_ends = re.compile("[" + "".join(sorted({re.escape(label[-1]) for label in labels})) + "]" if labels else "(?!)")
    for index, piece in enumerate(pieces):
        if piece.kind == "row":
            cells = [SPACES.sub("", c) for c in piece.cells]
            for i, cell in enumerate(cells):
                label = _label_cell(cell.rstrip("：:"), labels)
                value = next((c for c in cells[i + 1:] if c), "") if label else ""
                inside = None if label else re.match(r"([^:：]+)[:：](.+)", cell)
                if inside and _label_cell(inside.group(1), labels):  # a cover's cell holds both: 部门名称：XX局
                    label, value = _label_cell(inside.group(1), labels), inside.group(2)
                name = clean_name(value, lex) if label else None
                if name:
                    found.append(NameFound(name, "supervisor" if label == "主管部门" else "label", piece))
            continue
        text = piece.text
        if not label_ends.search(text):  # no label's last character: no label, spaced or not
            continue
        chars = set(text)
        for label, needed in label_chars:
            if not needed <= chars:  # the label's characters must all be there, spaced or not
                continue
            with_name, alone, loose = _label_patterns(label, lex)
            match = with_name.search(text) or (loose.search(text) if loose else None)
            name = clean_name(match.group(1), lex) if match else None
            if not name and alone.fullmatch(text.strip(" |")) and index + 1 < len(pieces):
                name = clean_name(pieces[index + 1].text, lex)  # one cell per line: the value is the next line
            if name:
                found.append(NameFound(name, "supervisor" if label == "主管部门" else "label", piece))
                break
    return found


def _label_cell(cell: str, labels: list[str]) -> str | None:
    """A table cell that is a label, or one whose last character a scan lost (主管部 for 主管部门): a whole cell, so a
    word that merely begins like a label in a sentence is not one."""
    if cell in labels:
        return cell
    return next((label for label in labels if len(label) >= 4 and cell == label[:-1]), None)


def _titled(pieces: list[Piece], lex: Lexicon) -> list[NameFound]:
    found = []
    for piece in pieces[:HEAD_PIECES]:
        text = re.sub(r"^[#\s]+|^(?:附件\s*\d*[:：]?)|^关于", "", piece.text)
        match = re.match(rf"({_name_pattern(lex)}){YEAR_AFTER}", text) or \
            re.match(rf"(?:{YEAR_BEFORE})?({_name_pattern(lex)}){KIND_AFTER}", text)  # (2023年度)XX局部门整体支出…
        if match and clean_name(match.group(1), lex):
            found.append(NameFound(clean_name(match.group(1), lex), "title", piece))
    return found


def _signed(pieces: list[Piece], lex: Lexicon) -> list[NameFound]:
    tail = [p for p in pieces if p.kind != "row"][-6:]
    signed = []
    for piece in tail:
        last = piece.text.split(" ")[-1] if len(piece.text) <= 40 else ""
        name = clean_name(last, lex) if not re.search(r"主办|承办|协办|技术支持", piece.text) else None
        if name:
            signed.append(NameFound(name, "signature", piece))
    return signed


def department_name(pieces: list[Piece], lex: Lexicon | None = None) -> tuple[str | None, str]:
    lex = lex or lexicon()
    for how, found in (("label", _labelled(pieces, lex)), ("title", _titled(pieces, lex)),
                       ("signature", _signed(pieces, lex))):
        wanted = [f for f in found if f.how == how] or ([f for f in found if f.how == "supervisor"]
                                                         if how == "label" else [])
        if how == "label" and not [f for f in found if f.how == "label"]:
            continue  # 主管部门 only after the title: a project table's supervisor is the department reporting
        if wanted:
            return wanted[0].name, f"{_HOW[how]}（{wanted[0].piece.source}）"
    supervisors = [f for f in _labelled(pieces, lex) if f.how == "supervisor"]
    if supervisors:
        return supervisors[0].name, f"{_HOW['supervisor']}（{supervisors[0].piece.source}）"
    return None, "未找到部门名称"


_HOW = {"label": "部门（单位）名称一栏", "title": "标题", "signature": "落款", "supervisor": "主管部门一栏"}


def abbreviates(short: str, full: str) -> bool:
    """人社局 of 人力资源和社会保障局, 区规划自然资源局 of 重庆市云溪区规划和自然资源局: the short name's characters in order
    in the full name, ending alike."""
    if short == full or short[-1] != full[-1]:
        return short == full
    position = 0
    for char in short:
        position = full.find(char, position) + 1
        if position == 0:
            return False
    return True


def mentioned_departments(pieces: list[Piece], department: str | None, lex: Lexicon | None = None
                          ) -> list[StatedName]:
    """Names the text uses for the body reporting: labelled, titled, signed, "我局（XX）", and a name followed by the
    year of a report of its own ("《XX局2022年度…绩效目标》")."""
    lex = lex or lexicon()
    selves = "|".join(re.escape(w) for w in lex.departments["self"])
    pattern = _name_pattern(lex)
    found = [(f.name, f.piece) for f in _labelled(pieces, lex) + _titled(pieces, lex) + _signed(pieces, lex)
             if f.how != "supervisor"]
    self_named = re.compile(rf"(?:{selves})\s*[（(]({pattern})[)）]")
    own_report = re.compile(rf"({pattern}){YEAR_AFTER}度?[^。；]{{0,20}}?(?:绩效|自评|评价|报告|目标)")
    # the name pattern tries thirty lengths at every character: first what each pattern cannot do without
    self_word, year = re.compile(selves), re.compile(YEAR_AFTER)
    for piece in pieces:
        if piece.kind == "row":
            continue
        for match in (self_named.finditer(piece.text) if self_word.search(piece.text) else ()):
            found.append((match.group(1), piece))
        for match in (own_report.finditer(piece.text) if year.search(piece.text) else ()):
            name = clean_name(LEAD_WORDS.sub("", match.group(1)), lex)
            if name:
                found.append((name, piece))
    names, seen = [], set()
    for name, piece in found:
        if department and name != department and (abbreviates(name, department) or
                                                   name.endswith(lex.departments["others"])):
            continue  # 县财政局2022年度绩效自评工作要求: the bureau that asks, not a name for the one reporting
        key = (name, str(piece.source))
        if key not in seen:
            seen.add(key)
            names.append(StatedName(name=name, where=str(piece.source), text=piece.text[:120]))
    return names
