"""Reading target and actual values as people write them: `≥100例`, `≤60 日`, `=100%`, `25.29 万人`, `明显提高`.

A value is either a quantity (operator, number, unit) or words. Words are judged in tiers (RULES.md §4.4).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import msgspec

from .money import parse_decimal

GE, LE, EQ, GT, LT = "≥", "≤", "=", ">", "<"

_PREFIX_OPERATORS = {
    "≥": GE, ">=": GE, "＞=": GE, "不低于": GE, "不少于": GE, "大于等于": GE, "达到": GE,
    "≤": LE, "<=": LE, "＜=": LE, "不高于": LE, "不超过": LE, "小于等于": LE, "控制在": LE,
    "=": EQ, "＝": EQ, "等于": EQ,
    ">": GT, "＞": GT, "大于": GT,
    "<": LT, "＜": LT, "小于": LT,
}
_SUFFIX_OPERATORS = {"以上": GE, "及以上": GE, "以内": LE, "以下": LE, "及以下": LE}

_prefix = "|".join(sorted((re.escape(k) for k in _PREFIX_OPERATORS), key=len, reverse=True))
_suffix = "|".join(sorted((re.escape(k) for k in _SUFFIX_OPERATORS), key=len, reverse=True))
_QUANTITY = re.compile(
    rf"^\s*(?P<op>{_prefix})?\s*(?P<num>[-+]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)\s*"
    rf"(?P<unit>[^\d\s.]{{0,4}}?)\s*(?P<suffix>{_suffix})?\s*$"
)
# Figures typed in full-width forms (an input method left on 全角: “≥１８００ 人”, “９５％”) kept as people read figures
# in every table and report, half-width; the words around them are left as typed.
_HALFWIDTH_FIGURES = str.maketrans("０１２３４５６７８９．％＋－＝＞＜", "0123456789.%+-=><")


def halfwidth_figures(text: str) -> str:
    """A target or actual with its full-width digits, point, percent and comparison signs made half-width."""
    return text.translate(_HALFWIDTH_FIGURES)


# Units that are really deadlines or phrases ("12月底前") make the value words, not a quantity.
_NOT_A_UNIT = re.compile(r"[前后底内中初末]")
# What most targets and actuals look like ("12345 人", "≥85%", "=100%", "1234.5万元"): a one-character operator, ASCII
# digits, at most one space, a unit with nothing _QUANTITY reads otherwise (no space, digit, separator, point, nor the
# 以/及 a suffix starts with). Whatever this matches, _QUANTITY matches with the same operator, number and unit and no
# suffix (tests/core/test_targets.py compares the two); anything else is left to _QUANTITY.
_SIMPLE = re.compile(r"([≥≤=＝>＞<＜]?)([0-9]+(?:\.[0-9]+)?) ?([^\d\s.．,，以及]{0,4})\Z")


class Quantity(msgspec.Struct, frozen=True, gc=False):
    """A Struct, not a dataclass: a province parses hundreds of thousands of them, and a frozen dataclass is built
    field by field through object.__setattr__ (six times slower)."""

    operator: str | None  # GE, LE, EQ, GT, LT or None for a plain number
    value: Decimal
    unit: str  # '' when none was written

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "％")

    def __str__(self) -> str:
        return f"{self.operator or ''}{self.value:f}{self.unit}"


@lru_cache(maxsize=65536)
def parse_quantity(text: str | None) -> Quantity | None:
    """The quantity a target or actual states, or None when it is written in words."""
    return read_quantity(text)


def read_quantity(text: str | None) -> Quantity | None:
    """`parse_quantity` without its cache, for a caller that keeps what it read (`methods.decide`)."""
    if not text:
        return None
    simple = _SIMPLE.match(text)
    if simple is not None:
        operator, number, unit = simple.groups()
        if unit:
            try:
                unit = _UNITS[unit]
            except KeyError:
                unit = _unit_of(unit)
            if unit is None:
                return None
        return Quantity(_PREFIX_OPERATORS[operator] if operator else None, Decimal(number), unit)
    return _parse_fully(text)


# a unit _SIMPLE read → the unit kept ("％" kept as "%"), or None for a deadline's word that makes the value words
# (_NOT_A_UNIT: 12月底前): a province writes a few dozen units, and looking one up costs a fraction of searching it
_UNITS: dict[str, str | None] = {}
MAX_UNITS = 4096  # bounded: a unit may be any four characters


def _unit_of(unit: str) -> str | None:
    """The unit kept for a unit `_SIMPLE` read (see `_UNITS`, where it is kept while there is room)."""
    kept = None if _NOT_A_UNIT.search(unit) else "%" if unit == "％" else unit
    if len(_UNITS) < MAX_UNITS:
        _UNITS[unit] = kept
    return kept


def _parse_fully(text: str) -> Quantity | None:
    """`parse_quantity` by the whole grammar: any operator or suffix, spaces, full-width digits, separators."""
    match = _QUANTITY.match(text)
    if match is None:
        return None
    unit = match["unit"] or ""
    if unit and _NOT_A_UNIT.search(unit):
        return None
    number = match["num"]
    if number.isascii() and "," not in number:
        value = Decimal(number)  # the common case, without the clean-up of full-width digits and separators
    else:
        value = parse_decimal(number.replace("．", "."))
        if value is None:
            return None
    operator = _PREFIX_OPERATORS.get(match["op"]) if match["op"] else None
    if match["suffix"]:
        operator = _SUFFIX_OPERATORS[match["suffix"]]
    return Quantity(operator, value, "%" if unit == "％" else unit)


def has_operator(text: str | None) -> bool:
    """An actual value written with an operator (`≥96%`) states a bound, not what was achieved."""
    quantity = parse_quantity(text)
    return quantity is not None and quantity.operator is not None


# Units written with a multiplier: 25.29 万人 against 252900 人 must compare as the same quantity.
_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000), "百": Decimal(100)}


def base_unit(unit: str) -> tuple[str, Decimal]:
    """Split a unit into (base unit, multiplier): '万人' → ('人', 10000); '万元' stays a currency unit."""
    if unit in ("万元", "亿元", "元"):
        factor = {"万元": Decimal(10000), "亿元": Decimal(100000000), "元": Decimal(1)}[unit]
        return "元", factor
    if len(unit) >= 2 and unit[0] in _MULTIPLIERS:
        return unit[1:], _MULTIPLIERS[unit[0]]
    if unit in _MULTIPLIERS:  # "730 万" in a money context: a bare multiplier
        return "", _MULTIPLIERS[unit]
    return unit, Decimal(1)


def comparable(target: Quantity, actual: Quantity) -> tuple[Decimal, Decimal] | None:
    """Target and actual values in the same unit, or None when their units cannot be compared."""
    if target.unit == actual.unit or not actual.unit or not target.unit:
        return target.value, actual.value
    target_base, target_factor = base_unit(target.unit)
    actual_base, actual_factor = base_unit(actual.unit)
    if target_base != actual_base and target_base and actual_base:
        return None
    return target.value * target_factor, actual.value * actual_factor
