"""The eight ways a leaf indicator is scored (RULES.md §4), one module per family, chosen by name.

Each method has `score(indicator, weight, path, context) -> LeafResult` and `explain(leaf, context) -> list[str]`.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

from ..model import Indicator
from ..targets import EQ, GE, GT, LE, LT, Quantity, parse_quantity
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
    target = parse_quantity(text)
    if target is None:
        return "qualitative", None
    if target.operator in (LE, LT):
        return "lower_better", target
    if target.operator == EQ:
        return "exact", target
    if target.operator in (GE, GT, None):
        return "higher_better", target
    return "qualitative", None  # pragma: no cover - every operator is handled above
