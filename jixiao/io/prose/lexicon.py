"""The words of lexicon.yaml, loaded once and checked: a wrong lexicon stops at load with a Chinese message."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")
REQUIRED = ("units", "subjects", "partial", "scopes", "years", "comparisons", "departments", "grades", "sections")


class LexiconError(ValueError):
    """lexicon.yaml is not what the reader needs; the message says where, in Chinese."""


@dataclass(frozen=True)
class Subject:
    name: str
    path: str
    words: tuple[str, ...]
    generic: bool = False


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, tuple[str, Decimal | None]]  # written → (unit, factor to 万元 or None)
    subjects: tuple[Subject, ...]
    partial: tuple[str, ...]
    scopes: dict[str, tuple[str, ...]]
    years: dict[str, tuple[str, ...]]
    comparisons: dict[str, tuple[str, ...]]
    departments: dict[str, tuple[str, ...]]
    grades: tuple[str, ...]
    sections: dict[str, tuple[str, ...]]
    # what the readers derive from the words (compiled patterns, sorted lists), built once and kept with this lexicon:
    # a cache keyed by id() could serve a collected lexicon's patterns to a new one at the same address
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, build):
        """build(self), computed once per lexicon; `build` (a module-level function) is the key."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]

    @cached_property
    def _subject_words(self) -> list[tuple[str, Subject]]:
        pairs = [(word, s) for s in self.subjects for word in s.words]
        return sorted(pairs, key=lambda p: -len(p[0]))

    def subject_words(self) -> list[tuple[str, Subject]]:
        """Every subject word, longest first, so that 项目支出 is tried before 支出 (sorted once per lexicon)."""
        return self._subject_words


def _words(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
        raise LexiconError(f"词表 {where} 应为非空的词语列表")
    return tuple(sorted(value, key=len, reverse=True))


def _word_groups(value, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict) or not value:
        raise LexiconError(f"词表 {where} 应为“名称: [词语…]”的映射")
    return {str(k): _words(v, f"{where}.{k}") for k, v in value.items()}


def _units(value) -> dict[str, tuple[str, Decimal | None]]:
    if not isinstance(value, dict) or not value:
        raise LexiconError("词表 units 应为“写法: {unit: 单位, factor: 折算系数}”的映射")
    units = {}
    for written, spec in value.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("unit"), str):
            raise LexiconError(f"词表 units.{written} 缺少 unit（计量单位）")
        factor = spec.get("factor")
        try:
            units[str(written)] = (spec["unit"], None if factor is None else Decimal(str(factor)))
        except InvalidOperation:
            raise LexiconError(f"词表 units.{written} 的 factor “{factor}”不是数字") from None
    return units


def _subjects(value) -> tuple[Subject, ...]:
    if not isinstance(value, list) or not value:
        raise LexiconError("词表 subjects 应为主题列表")
    subjects = []
    for i, spec in enumerate(value):
        if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
            raise LexiconError(f"词表 subjects 第 {i + 1} 项缺少 name（主题名称）")
        subjects.append(Subject(spec["name"], str(spec.get("path") or ""), _words(spec.get("words"),
                                f"subjects.{spec['name']}.words"), bool(spec.get("generic", False))))
    return tuple(subjects)


def parse_lexicon(data) -> Lexicon:
    if not isinstance(data, dict):
        raise LexiconError("词表文件应为映射（键: 值）")
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise LexiconError(f"词表缺少：{'、'.join(missing)}")
    for group, keys in (("years", ("current", "previous")), ("comparisons", ("up", "down", "base_previous", "share", "execution_rate")),
                        ("departments", ("suffixes", "labels", "self", "stops", "others"))):
        absent = [k for k in keys if k not in (data.get(group) or {})]
        if absent:
            raise LexiconError(f"词表 {group} 缺少：{'、'.join(absent)}")
    return Lexicon(_units(data["units"]), _subjects(data["subjects"]), _words(data["partial"], "partial"),
                   _word_groups(data["scopes"], "scopes"),
                   _word_groups(data["years"], "years"), _word_groups(data["comparisons"], "comparisons"),
                   _word_groups(data["departments"], "departments"), _words(data["grades"], "grades"),
                   _word_groups(data["sections"], "sections"))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    try:
        data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise LexiconError(f"词表文件 {LEXICON_FILE.name} 不是有效的 YAML：{error}") from None
    return parse_lexicon(data)
