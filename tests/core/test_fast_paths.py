"""The shortcuts the engine takes for a province give what the long way gives, on the seeds' own rows: the simple
reading of a target or actual (`targets._SIMPLE`) reads what the whole grammar reads, and a quantitative row decided
once for its texts (`quantitative._outcome`) and scored from its own weight scores as `quantitative.score` scores it,
digits included, however the rows before it filled the caches."""

from __future__ import annotations

import random
from decimal import Decimal as D

import msgspec
import pytest
from hypothesis import given, settings, strategies as st

from bench.generate_province import PROJECT_LAYOUT, indicator as generated_indicator
from jixiao.core import methods, targets
from jixiao.core.engine import score_leaf, score_leaves
from jixiao.core.methods import Context, infer_method, method_of_target
from jixiao.core.methods import judgement, quantitative, qualitative
from jixiao.core.model import Indicator
from jixiao.core.money import ZERO
from jixiao.io.scheme_files import load_library

from ..conftest import EXAMPLES
from jixiao.io.evaluation_file import read_evaluation

SEEDS = sorted(EXAMPLES.glob("seed-*.yaml"))


def _rows(evaluation) -> list[Indicator]:
    return ([i for g in evaluation.goals for i in g.indicators] + list(evaluation.indicators)
            + [i for p in evaluation.projects for i in p.indicators])


def _generated(count: int = 600) -> list[Indicator]:
    rng = random.Random(7)
    rows = []
    for i in range(count):
        kind, weight, level1, level2 = PROJECT_LAYOUT[i % len(PROJECT_LAYOUT)]
        rows.append(msgspec.convert(generated_indicator(rng, i, kind, weight, level1, level2), Indicator))
    return rows


@pytest.fixture(scope="module")
def seed_rows() -> list[Indicator]:
    return [row for path in SEEDS for row in _rows(read_evaluation(path))]


def _full(text):
    return targets._parse_fully(text) if text else None


EDGES = ["5%以内", "30家以上", "100人及以上", "12月底前", "≥ 90%", " 90%", "90% ", "90%\n", "＞=5", ">=5", "1,000人",
         "1，000人", "１２人", "12．5人", "12.人", "12.5.3", "-5", "+5", "≥", "", "5 万元", "5万 元", "7.34 万人",
         "0.5", "＝100％", "≤60 日", "大于5", "5人次以上", "5以及", "12345", "1e5", "5\u3000人", "5  人", "5以下",
         "5 及以下", "5元/人", "5人.", "5人,"]


def test_the_simple_reading_is_the_whole_grammars(seed_rows):
    texts = {t for row in seed_rows + _generated() for t in (row.target, row.actual) if t} | set(EDGES)
    simple = [t for t in texts if targets._SIMPLE.match(t)]
    assert len(simple) > 100  # the seeds and the province mostly take the short way
    for text in texts:
        assert targets.parse_quantity.__wrapped__(text) == _full(text), text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789.．,，%％ 人万元日以及上下内前≥≤=＝<>＜＞-+１\n\u3000", max_size=9))
def test_the_simple_reading_on_any_text(text):
    assert targets.parse_quantity.__wrapped__(text) == _full(text)


def _fields(leaf) -> dict:
    # Decimals compared by their digits too: 8 and 8.0 are equal but not the same score
    return {k: (v, str(v)) if isinstance(v, D) else v for k, v in msgspec.structs.asdict(leaf).items()}


@pytest.mark.parametrize("scheme_id", ["mof-2020-project", "hubei-project"])
def test_decided_once_scores_as_the_decimal_path(seed_rows, scheme_id):
    context = Context(load_library().scheme(scheme_id))
    rows = seed_rows + _generated()
    # the same texts again with the weight written to other places: they share an outcome, not their scores' digits
    rows += [msgspec.structs.replace(r, weight=D(f"{r.weight:f}0") if "." in f"{r.weight:f}" else D(f"{r.weight}.0"))
             for r in rows if r.weight is not None and r.weight.is_finite()]
    # and the quantitative ones again naming their method (no seed row does)
    rows += [msgspec.structs.replace(r, method=infer_method(r)) for r in rows
             if r.method is None and infer_method(r) in quantitative.SOURCE]
    for cold in (True, False):
        if cold:
            quantitative._outcome.cache_clear()
            targets.parse_quantity.cache_clear()
            method_of_target.cache_clear()
            qualitative._bounds.cache_clear()
            methods._DECIDED.clear()
        fast = [_fields(x) for x in score_leaves(rows, context, "indicators")]
        slow = [_fields(score_leaf(r, f"indicators[{j}]", context)) for j, r in enumerate(rows)]
        assert fast == slow
    assert quantitative._outcome.cache_info().hits > 0  # rows naming their method
    assert methods._DECIDED[context.over_threshold]  # rows naming none, decided by their texts


def test_tier_bounds_by_value_place_scores_as_tier_bounds(seed_rows):
    scheme = load_library().scheme("hubei-project")
    rows = [r for r in seed_rows + _generated() if r.weight is not None and r.score is not None]
    for row in rows:
        for tier in scheme.tiers:
            low, high, top = qualitative.tier_bounds(tier, row.weight, tier.high == 100)
            cached = qualitative._bounds(tier.low, tier.high, row.weight)
            inside = low <= row.score and (row.score <= high if top else row.score < high)
            assert inside == (cached[0] <= row.score and (row.score <= cached[1] if cached[2] else row.score < cached[1]))


def test_row_paths_are_the_formatted_paths(monkeypatch):
    """The row paths kept per table are what formatting each row's path gives, whatever was asked before: a longer
    table first, a shorter one, a table path beyond the ones kept; and a project's paths likewise."""
    from jixiao.core import engine

    monkeypatch.setattr(engine, "_ROW_PATHS", {})
    monkeypatch.setattr(engine, "MAX_TABLES", 2)
    for path, count in [("projects[3].indicators", 12), ("projects[3].indicators", 5), ("projects[3].indicators", 30),
                        ("goals[0].indicators", 6), ("indicators", 40), ("indicators", 41), ("goals[0].indicators", 0)]:
        rows = engine.row_paths(path, count)
        assert rows[:count] == [f"{path}[{j}]" for j in range(count)]
    assert len(engine._ROW_PATHS) == 2  # the third table path was formatted, not kept
    for index in (0, 7, 12345):
        path = f"projects[{index}]"
        assert engine._project_paths(index) == (path, f"{path}.execution", f"{path}.budget", f"{path}.indicators")



BOUNDED = [D(0), D("-0"), D("0.0"), D(-1), D("-0.01"), D(3), D("3.0"), D("3.00"), D(8), D("8.0"), D("8.5"), D(10),
           D("1E+2"), D("Infinity"), D("-Infinity"), D("NaN"), D("sNaN")]


def _picked(function, candidates):
    """Which of the candidates a bounding returns (by identity: 8.0 is not 8), or the exception it raises."""
    try:
        value = function()
    except Exception as error:  # a NaN raises InvalidOperation either way
        return type(error)
    return next(i for i, c in enumerate(candidates) if c is value)


@pytest.mark.parametrize("module", [qualitative, judgement])
def test_scores_bounded_as_min_of_max(module):
    """qualitative.score and judgement.score bound the given score as min(max(given, 0), weight) does: the same
    object kept (8.0 stays 8.0 under a weight of 8, -0 stays -0), the same exception for a NaN."""
    context = Context(load_library().scheme("hubei-project"))
    for weight in [D(8), D("8.0"), D(0), D("2.5")]:
        for stated in BOUNDED:
            row = Indicator(name="x", level1="output", weight=weight, score=stated, tier="achieved")
            candidates = (stated, ZERO, weight)
            long_way = _picked(lambda: min(max(stated, ZERO), weight), candidates)
            short_way = _picked(lambda: module.score(row, weight, "indicators[0]", context, "judgement").score,
                                candidates)
            assert short_way == long_way, (module.__name__, weight, stated)


def test_decisions_kept_within_their_bound(seed_rows, monkeypatch):
    """The texts' decisions are emptied when full (`methods.MAX_DECIDED`); scoring goes on as the long way scores."""
    monkeypatch.setattr(methods, "MAX_DECIDED", 3)
    monkeypatch.setattr(methods, "_DECIDED", {})
    context = Context(load_library().scheme("hubei-project"))
    rows = seed_rows + _generated(60)
    fast = [_fields(x) for x in score_leaves(rows, context, "indicators")]
    assert fast == [_fields(score_leaf(r, f"indicators[{j}]", context)) for j, r in enumerate(rows)]
    assert 0 < len(methods._DECIDED[context.over_threshold]) <= 3


def test_a_blank_actual_decided_by_its_texts_scores_as_the_decimal_path():
    """`methods.decide` reads an actual without stripping it first: a blank one ("", spaces, a wide space, a line
    break) reads as no quantity, and the row is scored, and reported missing, as the long way scores it."""
    context = Context(load_library().scheme("hubei-project"))
    rows = [Indicator(name=f"指标{i}", level1="output", weight=D(5), target=target, actual=actual)
            for i, (target, actual) in enumerate((t, a) for t in ("≥90%", "≤30 日", "=100%", "  ", "明显提高")
                                                  for a in ("", " ", "\u3000", "\n", "  ", _actual_given(t)))]
    methods._DECIDED.clear()
    fast = [_fields(x) for x in score_leaves(rows, context, "indicators")]
    assert fast == [_fields(score_leaf(r, f"indicators[{j}]", context)) for j, r in enumerate(rows)]
    assert sum(1 for leaf in fast if leaf["missing"] == "缺少实际完成值") >= 15


def _actual_given(text: str) -> str:
    """An actual that is not blank, for the rows beside the blank ones."""
    return text if text.strip() else "95%"


@pytest.mark.parametrize("room", [0, 4096])
def test_a_unit_looked_up_reads_as_a_unit_searched(monkeypatch, room):
    """`read_quantity` keeps what it made of each unit (`targets._UNITS`): read again from there, or with no room left
    to keep it, a text reads as the whole grammar reads it (％ as %, 月底前 as words)."""
    monkeypatch.setattr(targets, "_UNITS", {})
    monkeypatch.setattr(targets, "MAX_UNITS", room)
    for _ in range(2):
        for text in EDGES + ["95％", "12月底前", "3 月底", "≥90%", "12345 人"]:
            assert targets.read_quantity(text) == _full(text), text
    assert ("人" in targets._UNITS, targets._UNITS.get("％"), targets._UNITS.get("月底前", "")) == \
        ((False, None, "") if room == 0 else (True, "%", None))
