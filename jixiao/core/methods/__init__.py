"""The eight ways a leaf indicator is scored (RULES.md §4), one module per family, chosen by name.

Each method has `score(indicator, weight, path, context) -> LeafResult` and `explain(leaf, context) -> list[str]`.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from types import ModuleType

from ..model import Indicator
from ..targets import EQ, GE, GT, LE, LT, Quantity, parse_quantity, read_quantity
from . import checklist, judgement, qualitative, quantitative, survey, thresholds
from .context import Context

__all__ = ["Context", "METHODS", "infer_method", "infer_method_and_target", "method_module"]

METHODS: dict[str, ModuleType] = {
    "higher_better": quantitative,
    "lower_better": quantitative,
    "exact": quantitative,
    "qualitative": qualitative,
    "thresholds": thresholds,
    "checklist": checklist,
    "judgement": judgement,
    "survey": survey,
}


def method_module(method: str) -> ModuleType:
    return METHODS[method]


def infer_method(indicator: Indicator) -> str:
    """The method a leaf names, or the one its target implies: ≥ or a plain number → higher is better,
    ≤ → lower is better, = → exact, words → qualitative tiers."""
    return infer_method_and_target(indicator)[0]


def infer_method_and_target(indicator: Indicator) -> tuple[str, Quantity | None]:
    """`infer_method`, with the target as it parsed it when it had to (None when the method is named or implied
    otherwise): the engine scores a quantitative leaf on that parse instead of reading the target again."""
    if indicator.method is not None:
        return indicator.method, None
    if indicator.survey:
        return "survey", None
    if indicator.formula:
        return "thresholds", None
    if indicator.criteria and any(c.points is not None for c in indicator.criteria):
        return "checklist", None
    return method_of_target(indicator.target)


@lru_cache(maxsize=1 << 12)
def method_of_target(text: str | None) -> tuple[str, Quantity | None]:
    """The method a target implies when nothing else names one, with the target as parsed (see `infer_method`).
    Looked up by the text: a province writes the same few thousand targets again and again."""
    return _method_of(parse_quantity(text))


_METHOD_OF_OPERATOR = {LE: "lower_better", LT: "lower_better", EQ: "exact", GE: "higher_better", GT: "higher_better",
                       None: "higher_better"}


def _method_of(target: Quantity | None) -> tuple[str, Quantity | None]:
    if target is None:
        return "qualitative", None
    if target.operator in (LE, LT):
        return "lower_better", target
    if target.operator == EQ:
        return "exact", target
    if target.operator in (GE, GT, None):
        return "higher_better", target
    return "qualitative", None  # pragma: no cover - every operator is handled above


# What a row that names no method is scored by and how, by its (target, actual) texts: the method its target implies
# (`method_of_target`) and, for a quantitative one with an actual, `quantitative._outcome`; one dict per
# over-achievement threshold. One lookup for each of a province's rows where there were two caches to ask (the
# method's, the outcome's); a plain dict, emptied when full, costs less to ask than an LRU cache that reorders itself
# on each hit.
_DECIDED: dict[Decimal, dict[tuple[str | None, str | None], tuple[str, tuple | None]]] = {}
MAX_DECIDED = 1 << 12  # as many as `_outcome` kept: a province has some 340 000 distinct pairs, most seen once


def decisions(threshold: Decimal) -> dict | None:
    """The texts' decisions kept for this threshold (see `decide`), or None for one that cannot be a key (sNaN)."""
    try:
        found = _DECIDED.get(threshold)
    except TypeError:  # a signalling NaN cannot be hashed
        return None
    if found is None:
        found = _DECIDED[threshold] = {}
    return found


def decide(texts: tuple[str | None, str | None], threshold: Decimal, kept: dict) -> tuple[str, tuple | None]:
    """(the method the target implies, `quantitative._outcome` for a quantitative row with an actual, else None),
    kept in `kept` (what `decisions` gave for this threshold). The texts are read here without the caches of
    `parse_quantity`, `method_of_target` and `_outcome`: a pair not decided yet mostly holds texts new to them too
    ("12345 人"), and filling three caches cost more than reading the texts."""
    target_text, actual_text = texts
    target = read_quantity(target_text)
    # `_method_of`'s answer by one lookup (an operator is one of the five `read_quantity` gives, or None)
    method = "qualitative" if target is None else _METHOD_OF_OPERATOR[target.operator]
    outcome = None
    if method in quantitative.SOURCE and actual_text:
        # an actual written as its target is ("12345 人" in both columns: a count met exactly) is read once; a blank
        # one reads as no quantity, and `outcome_of` gives None for it as for words (not stripped first: nearly no
        # actual is blank, and every call costs)
        actual = target if actual_text == target_text else read_quantity(actual_text)
        outcome = quantitative.outcome_of(method, target, actual, threshold)
    if len(kept) >= MAX_DECIDED:
        kept.clear()
    kept[texts] = found = (method, outcome)
    return found
