"""Properties that hold for every input: a leaf score lies in [0, weight], and rises with the actual value when
higher is better (RULES.md §1, §4.1)."""

from decimal import Decimal as D

from hypothesis import given, settings, strategies as st

from jixiao.core.engine import score_leaf
from jixiao.core.methods import Context
from jixiao.core.model import Indicator
from jixiao.io.scheme_files import load_library

CONTEXT = Context(load_library().scheme("mof-2020-project"))
amounts = st.decimals(min_value=D(0), max_value=D(10**7), places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=D("0.5"), max_value=D(50), places=1, allow_nan=False, allow_infinity=False)
operators = st.sampled_from(["≥", "≤", "=", ""])


def _score(target: str, actual: str, weight: D, method=None, score=None, tier=None):
    indicator = Indicator(name="x", level1="output", weight=weight, target=target, actual=actual, method=method,
                          score=score, tier=tier)
    return score_leaf(indicator, "indicators[0]", CONTEXT)


@settings(max_examples=400, deadline=None)
@given(operators, amounts, amounts, weights)
def test_quantitative_score_lies_between_zero_and_weight(op, target, actual, weight):
    result = _score(f"{op}{target}人", f"{actual}人", weight)
    assert result.score is not None
    assert D(0) <= result.score <= weight


@settings(max_examples=300, deadline=None)
@given(amounts, amounts, amounts, weights)
def test_higher_better_score_never_falls_as_actual_rises(target, a, b, weight):
    low, high = sorted((a, b))
    assert _score(f"≥{target}", str(low), weight).score <= _score(f"≥{target}", str(high), weight).score


@settings(max_examples=300, deadline=None)
@given(amounts, amounts, amounts, weights)
def test_lower_better_score_never_rises_as_actual_rises(target, a, b, weight):
    low, high = sorted((a, b))
    assert _score(f"≤{target}", str(low), weight).score >= _score(f"≤{target}", str(high), weight).score


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["achieved", "partial", "not_achieved"]),
       st.decimals(min_value=D(-20), max_value=D(80), places=2, allow_nan=False, allow_infinity=False), weights)
def test_qualitative_score_is_bounded_whatever_the_evaluator_types(tier, given_score, weight):
    result = _score("明显提高", "有所提高", weight, tier=tier, score=given_score)
    assert D(0) <= result.score <= weight
