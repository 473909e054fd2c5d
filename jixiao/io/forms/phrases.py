"""Qualitative targets and actuals as forms write them (持续提升, 提升不明显, 达成预期指标): the words are data
(qualitative.yaml). A run-together row with words only between its name and its score is cut where both the target
and the actual are such phrases and the name does not end in a modifier (…能力持续 | 提升 is not a cut a form makes)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_FILE = Path(__file__).parent / "qualitative.yaml"


@lru_cache(maxsize=1)
def _words() -> dict[str, tuple[str, ...]]:
    data = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in data.items()}


@lru_cache(maxsize=4096)
def is_phrase(text: str) -> bool:
    """modifier* change qualifier? — or an outcome word."""
    words = _words()
    if text in words["outcomes"]:
        return True
    return _phrase(text, words)


def _phrase(text: str, words: dict) -> bool:
    rest = text
    while True:  # modifiers before the change word (持续 / 有所 / 进一步), longest first
        modifier = next((m for m in words["modifiers"] if rest.startswith(m) and len(rest) > len(m)), None)
        if modifier is None or _ends_phrase(rest, words):
            break
        rest = rest[len(modifier):]
    return _ends_phrase(rest, words)


def _ends_phrase(text: str, words: dict) -> bool:
    change = next((c for c in words["changes"] if text.startswith(c)), None)
    if change is None:
        return False
    tail = text[len(change):]
    return tail == "" or tail in words["qualifiers"]


def ends_in_modifier(text: str) -> bool:
    """…能力持续 (a modifier wanting its change word) or …保障基本保障 (a whole phrase led by a modifier): the end
    of a name is a noun's (…率, …数, …能力提升), never the start of a target's words."""
    if not text:
        return False
    modifiers = _words()["modifiers"]
    if text.endswith(modifiers):
        return True
    return any(text[i:].startswith(modifiers) and is_phrase(text[i:]) for i in range(1, len(text) - 1))


def is_words(text: str | None) -> bool:
    """A cell of words only (no figure, no operator): the cells phrases are about."""
    return bool(text) and not re.search(r"[\d≥≤><=＞＜%]", text)


_NAME_END = re.compile(r"\d[\d.]*\D?(?:底|前|内|完成)*$")  # …时间2024年 / …10月底前: the start of a value, not a name's end
_BARE = re.compile(r"[≥≤><=＞＜]?\d+(?:\.\d+)?")


def qualitative_cut(row: dict[str, str | None], types: dict[str, str]) -> bool:
    """Whether a cut reads as forms write their cells: every target's and actual's cell of words a phrase, a target
    in words not met by a bare figure (持续改善 | 15), a name ending neither in a modifier nor in a figure or date."""
    measures: dict[str, list[str | None]] = {}
    for name, type_ in types.items():
        value = row.get(name)
        if type_ == "name" and value and (ends_in_modifier(value) or _NAME_END.search(value)):
            return False
        if type_ == "measure":
            if is_words(value) and not is_phrase(value):
                return False
            measures.setdefault(name.partition("#")[2], []).append(value)
    for values in measures.values():  # rows cut together are named column#k
        if any(is_words(v) for v in values) and any(v and _BARE.fullmatch(v) for v in values):
            return False
    return True
