"""The exact column path (jixiao/core/columns.py) gives what the Decimal path gives, on random tables: the same
LeafResults (values and their digits), and the score shown (2 places, ROUND_HALF_UP) computed in integers is the
Decimal score rounded. Ranges are those of real tables and their edges: a target of 0, an actual of 0, huge values,
many decimals, scores that fall exactly on a half (x.xx5), targets of 100%, 万 against a plain unit."""

from decimal import Decimal as D

import msgspec
from hypothesis import example, given, settings, strategies as st

from jixiao.core import columns
from jixiao.core.engine import score_leaf, score_leaves
from jixiao.core.methods import Context
from jixiao.core.model import Indicator
from jixiao.core.money import round_half_up
from jixiao.core.targets import comparable
from jixiao.io.scheme_files import load_library

try:  # optional, as in the core: the int64 batch is checked where numpy is installed
    import numpy
except ImportError:  # pragma: no cover
    numpy = None

CONTEXT = Context(load_library().scheme("mof-2020-project"))

plain = st.integers(min_value=0, max_value=10**7).map(D)
decimals = st.decimals(min_value=D(0), max_value=D(10**6), places=6, allow_nan=False, allow_infinity=False)
huge = st.integers(min_value=10**15, max_value=10**22).map(D)
edges = st.sampled_from([D(0), D("0.0"), D(1), D(100), D("100.00"), D("0.5"), D("99.995"), D("1E+3"), D("-3")])
values = st.one_of(plain, decimals, huge, edges)
weights = st.one_of(st.decimals(min_value=D(0), max_value=D(100), places=2, allow_nan=False, allow_infinity=False),
                    st.sampled_from([D(0), D(1), D("2.5"), D("8"), D("8.0"), D(10), D(20)]))
operators = st.sampled_from(["≥", "≤", "=", ""])
units = st.sampled_from([("人", "人"), ("", ""), ("%", "%"), ("万人", "人"), ("人", "万人"), ("万元", "元")])
methods = st.sampled_from([None, None, "higher_better", "lower_better", "exact"])


@st.composite
def indicators(draw):
    target, actual, weight = draw(values), draw(values), draw(weights)
    op, (target_unit, actual_unit) = draw(operators), draw(units)
    score = draw(st.one_of(st.none(), weights))
    return Indicator(name="x", level1="output", weight=weight, target=f"{op}{target:f}{target_unit}",
                     actual=f"{actual:f}{actual_unit}", method=draw(methods), score=score,
                     deviation_reason=draw(st.sampled_from([None, "无", "目标偏低"])))


@st.composite
def ties(draw):
    """A score exactly on a half of 2 places: weight × b / a = k / 100 + 0.005."""
    k = draw(st.integers(min_value=0, max_value=9_998))
    return Indicator(name="x", level1="output", weight=D(100), target="≥100000", actual=f"{k * 10 + 5}")


def _fields(leaf) -> dict:
    # Decimals compared by their digits too: 7.2 and 7.20 are equal but not the same result
    return {k: (v, str(v)) if isinstance(v, D) else v for k, v in msgspec.structs.asdict(leaf).items()}


def _decimal_path(rows: list[Indicator]) -> list:
    return [score_leaf(ind, f"indicators[{j}]", CONTEXT) for j, ind in enumerate(rows)]


def _shown(leaf) -> int:
    return int(round_half_up(leaf.score, 2) * 100)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(indicators(), ties()), min_size=1, max_size=12))
@example([Indicator(name="x", level1="output", weight=D(1), target="≥1000", actual="5")])  # 0.005 → 0.01
@example([Indicator(name="x", level1="output", weight=D(8), target="=100%", actual="150%")])
@example([Indicator(name="x", level1="output", weight=D(8), target="=0", actual="3")])
def test_column_path_gives_the_decimal_paths_results(rows):
    assert [_fields(x) for x in score_leaves(rows, CONTEXT, "indicators")] == [_fields(x) for x in _decimal_path(rows)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(indicators(), ties()), min_size=1, max_size=12))
# found by this test: 1.82 × (1 − 181.5 / 182) is exactly 0.005, shown 0.01; the Decimal path divided first and read
# 0.004999…, shown 0.00
@example([Indicator(name="x", level1="output", weight=D("1.82"), target="≥182人", actual="0.5人", method="exact")])
def test_integer_half_up_is_the_decimal_score_rounded(rows):
    leaves = [x for x in _decimal_path(rows) if x.score is not None and x.method in columns.CODES]
    leaves = [x for x in leaves if not x.evaluator_deduction]
    pairs = [comparable(x.target, x.actual) for x in leaves]
    decided = columns.decide_rows([x.method for x in leaves], [a for a, _ in pairs], [b for _, b in pairs],
                                  [x.weight for x in leaves], [x.target.is_percent for x in leaves],
                                  CONTEXT.over_threshold)
    for leaf, decision in zip(leaves, decided):
        if decision is None:
            continue  # beyond the guard: the engine leaves the row to the Decimal path
        kind, shown, over = decision
        assert shown == _shown(leaf)
        assert over == leaf.over_achieved
        assert (kind == columns.FULL) == (leaf.score is leaf.weight)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(indicators(), ties()), min_size=1, max_size=20))
def test_whole_column_agrees_with_the_row_path(rows):
    """Plain ints over a column scaled to one power of ten, and numpy's int64 when it is installed (optional)."""
    leaves = [x for x in _decimal_path(rows) if x.score is not None and x.method in columns.CODES]
    pairs = [comparable(x.target, x.actual) for x in leaves]
    args = ([x.method for x in leaves], [a for a, _ in pairs], [b for _, b in pairs], [x.weight for x in leaves],
            [x.target.is_percent for x in leaves])
    col = columns.column(*args)
    if col is None:
        return  # not representable at one scale: the rows take the row path, tested above
    plain_decided = columns.decide(col, CONTEXT.over_threshold)
    for k, decision in enumerate(columns.decide_rows(*args, CONTEXT.over_threshold)):
        if decision is not None:
            assert decision == (plain_decided.kinds[k], plain_decided.shown[k], plain_decided.over[k])
    if numpy is None or not col.methods or not columns.fits_int64(col, CONTEXT.over_threshold):
        return
    kinds, shown, over = columns.decide_arrays(
        numpy, numpy.array(col.methods), numpy.array(col.targets, dtype=numpy.int64),
        numpy.array(col.actuals, dtype=numpy.int64), numpy.array(col.weights, dtype=numpy.int64),
        numpy.array(col.percent_hundred), col.weight_scale, CONTEXT.over_threshold)
    assert (kinds.tolist(), shown.tolist(), over.tolist()) == tuple(plain_decided)
