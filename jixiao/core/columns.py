"""Exact column scoring of the quantitative methods (RULES.md §4.1–4.3): a whole column of indicators at once.

A row is (method, target A, actual B, weight W, whether the target is a percentage). Its figures become integers —
scaled by a power of ten (a column's A and B by 10^k, W by 10^kw), or as the exact ratios `Decimal.as_integer_ratio`
gives row by row — so every decision the Decimal path takes (full marks, nothing, a fraction of the weight;
over-achievement beyond the scheme's threshold) is an exact integer comparison, and the score as shown (2 places,
ROUND_HALF_UP, RULES.md §8) is an integer division rounded half up. A row beyond the guards below takes the Decimal
path. The fraction a leaf keeps at full precision is the Decimal path's own expression, computed only for the rows
that have one, so a LeafResult is identical whichever path made it (tests/core/test_column_path.py).

`decide_one` decides one row on exact ratios (`decide_rows`, tests/core/test_column_path.py). The engine does not
use it: row by row, the integer guards cost more than the Decimal comparisons they stand for, and the engine decides
each distinct (target, actual) once (`methods.quantitative.quick_leaf`). For batches, `column` + `decide` do a whole
column in plain ints and `decide_arrays` in int64 numpy arrays when numpy is installed and the column fits
(`fits_int64`); bench/province.py times that beside a float floor. numpy is optional: the core never imports it.
"""

from __future__ import annotations

from decimal import Decimal
from math import gcd
from typing import NamedTuple

HIGHER, LOWER, EXACT = 0, 1, 2
FULL, NOTHING, FRACTION = 0, 1, 2
CODES = {"higher_better": HIGHER, "lower_better": LOWER, "exact": EXACT}
MAX_PLACES = 12
# Inputs at or beyond this (as integers or ratios) take the Decimal path: no table states such figures, and the
# integers stay small enough for the bounds below and for int64 after scaling (`fits_int64`).
BOUND = 10**20
PRECISION = 10**28  # the default decimal context's 28 digits
# A fraction N / D not on a halfway point of 2 places is at least 1 / (200·D) from one; the Decimal path's score is
# within a few units of its 28th digit of N / D, i.e. well under 10^-27·N / D. Below this bound on N the two round
# half up to the same figure (for the exact method the bound is on W·|A|, as 1 − q loses q's last digits).
FRACTION_BOUND = 10**24


class Column(NamedTuple):
    """Scaled rows: value = integer / 10^scale (targets, actuals) or / 10^weight_scale (weights)."""

    methods: list[int]
    targets: list[int]
    actuals: list[int]
    weights: list[int]
    percent_hundred: list[bool]  # an exact target of 100%: scored as higher is better (RULES.md §4.3)
    scale: int
    weight_scale: int


class Decisions(NamedTuple):
    kinds: list[int]  # FULL, NOTHING or FRACTION
    shown: list[int]  # the score × 100, rounded half up: what is shown and exported
    over: list[bool]  # higher is better and the actual exceeds the target by more than the threshold


def places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# the denominators of decimal fractions of up to MAX_PLACES places (2^x·5^y), with the places they need
_PLACES_OF = {2**x * 5**y: max(x, y) for x in range(MAX_PLACES + 1) for y in range(MAX_PLACES + 1)}
_POWERS = [10**n for n in range(MAX_PLACES + 1)]


def _scaled(values: list[Decimal]) -> tuple[list[int], int] | None:
    """The values × 10^k as ints for the fewest places k that holds them all exactly (8.0 needs none), or None."""
    ratios, scale = [], 0
    for value in values:
        try:
            numerator, denominator = value.as_integer_ratio()
        except (ValueError, OverflowError):  # NaN, infinity
            return None
        needed = _PLACES_OF.get(denominator)
        if needed is None:
            return None
        if needed > scale:
            scale = needed
        ratios.append((numerator, denominator))
    unit = _POWERS[scale]
    return [n * (unit // d) if d != 1 else n * unit for n, d in ratios], scale


def column(methods: list[str], targets: list[Decimal], actuals: list[Decimal], weights: list[Decimal],
           percent: list[bool]) -> Column | None:
    """The rows in scaled integers, or None when they cannot all be represented exactly within the guard."""
    values = _scaled(targets + actuals)
    scaled_weights = _scaled(weights)
    if values is None or scaled_weights is None:
        return None
    (ab, scale), (w, weight_scale) = values, scaled_weights
    a, b = ab[:len(targets)], ab[len(targets):]
    limit = BOUND // _POWERS[weight_scale]
    if max(map(abs, ab), default=0) >= limit or min(w, default=0) < 0 or max(w, default=0) >= BOUND:
        return None
    hundred = 100 * _POWERS[scale]
    flags = [p and m == "exact" and t == hundred for p, m, t in zip(percent, methods, a)]
    return Column([CODES[m] for m in methods], a, b, w, flags, scale, weight_scale)


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for numerator ≥ 0 < denominator."""
    return (2 * numerator + denominator) // (2 * denominator)


def decide(col: Column, threshold: Decimal) -> Decisions:
    """Every row's outcome in integer arithmetic (see the module's docstring). A column within `column`'s guard; rows
    beyond `decide_one`'s finer guards (28-digit products, huge fractions) are the Decimal path's to decide."""
    ratio_n, ratio_d = (100 + threshold).as_integer_ratio()  # over when B / A > (100 + threshold) / 100
    unit = 10**col.weight_scale
    kinds, shown, over = [], [], []
    for m, a, b, w, hundred in zip(col.methods, col.targets, col.actuals, col.weights, col.percent_hundred):
        is_over = False
        if m == HIGHER or hundred:
            if b >= a:
                kind, numerator, denominator = FULL, w, unit
                is_over = a > 0 and b * 100 * ratio_d > a * ratio_n
            elif a <= 0 or b <= 0:
                kind, numerator, denominator = NOTHING, 0, 1
            else:
                kind, numerator, denominator = FRACTION, w * b, a * unit
        elif m == LOWER:
            if b <= a:
                kind, numerator, denominator = FULL, w, unit
            elif a <= 0:
                kind, numerator, denominator = NOTHING, 0, 1
            else:
                kind, numerator, denominator = FRACTION, w * a, b * unit
        else:
            gap, size = abs(b - a), abs(a)
            if gap == 0:
                kind, numerator, denominator = FULL, w, unit
            elif gap >= size:
                kind, numerator, denominator = NOTHING, 0, 1
            else:
                kind, numerator, denominator = FRACTION, w * (size - gap), size * unit
        kinds.append(kind)
        shown.append(_half_up(numerator * 100, denominator))
        over.append(is_over)
    return Decisions(kinds, shown, over)


class Threshold(NamedTuple):
    """The scheme's over-achievement threshold as the rows use it: over when B / A > n / (100·d)."""

    n: int
    d: int
    factor: int | None  # the coefficient of the Decimal path's ONE + threshold / HUNDRED


def prepare(threshold: Decimal) -> Threshold:
    n, d = (100 + threshold).as_integer_ratio()
    return Threshold(n, d, _coefficient(n, 100 * d))


def decide_one(method: str, a: Decimal, b: Decimal, w: Decimal, is_percent: bool,
               threshold: Threshold) -> tuple[int, int, int, bool] | None:
    """One row on exact integer ratios (n / d, what `Decimal.as_integer_ratio` gives: a scaled integer over its own
    power of ten, reduced): (kind, the score as numerator and denominator, over), or None for a row beyond the guard
    (left to the Decimal path). This is what the engine uses, row by row as it walks a table; `shown` rounds the
    score half up to 2 places. One function, not two: it runs for every quantitative leaf of a province."""
    try:
        na, da = a.as_integer_ratio()
        nb, db = b.as_integer_ratio()
        nw, dw = w.as_integer_ratio()
    except (ValueError, OverflowError):  # NaN, infinity
        return None
    if not (0 <= nw < BOUND and -BOUND < na < BOUND and -BOUND < nb < BOUND and da < BOUND and db < BOUND
            and dw < BOUND):
        return None
    big_a, big_b = na * db, nb * da  # A and B over their common denominator
    is_over = False
    if method == "higher_better" or (is_percent and method == "exact" and na == 100 * da):
        if big_b >= big_a:
            kind, numerator, denominator = FULL, nw, dw
            if big_a > 0 and big_b * 100 * threshold.d > big_a * threshold.n:
                # the Decimal path compares with A × (1 + threshold) rounded to 28 digits: exact below that
                digits = _coefficient(na, da)
                if threshold.factor is None or digits is None or digits * threshold.factor >= PRECISION:
                    return None
                is_over = True
        elif big_a <= 0 or big_b <= 0:
            kind, numerator, denominator = NOTHING, 0, 1
        else:
            kind, numerator, denominator = FRACTION, nw * big_b, dw * big_a
    elif method == "lower_better":
        if big_b <= big_a:
            kind, numerator, denominator = FULL, nw, dw
        elif big_a <= 0:
            kind, numerator, denominator = NOTHING, 0, 1
        else:
            kind, numerator, denominator = FRACTION, nw * big_a, dw * big_b
    else:
        gap, size = abs(big_b - big_a), abs(big_a)
        if gap == 0:
            kind, numerator, denominator = FULL, nw, dw
        elif gap >= size:
            kind, numerator, denominator = NOTHING, 0, 1
        else:
            kind, numerator, denominator = FRACTION, nw * (size - gap), dw * size
            if nw * size >= FRACTION_BOUND:  # 1 − |B − A| / |A| loses its last digits to the 28-digit quotient
                return None
    if kind == FRACTION and numerator >= FRACTION_BOUND:
        return None
    return kind, numerator, denominator, is_over


def decide_rows(methods: list[str], targets: list[Decimal], actuals: list[Decimal], weights: list[Decimal],
                percent: list[bool], threshold: Decimal) -> list[tuple[int, int, bool] | None]:
    """`decide_one` for each row, with the score as shown: (kind, shown × 100, over)."""
    prepared = prepare(threshold)
    found: list[tuple[int, int, bool] | None] = []
    for row in zip(methods, targets, actuals, weights, percent):
        decision = decide_one(*row, prepared)
        found.append(None if decision is None else (decision[0], shown(decision[1], decision[2]), decision[3]))
    return found


def shown(numerator: int, denominator: int) -> int:
    """numerator / denominator × 100 rounded half up (ROUND_HALF_UP to 2 places, in integers), for numerator ≥ 0."""
    return (200 * numerator + denominator) // (2 * denominator)


def _coefficient(numerator: int, denominator: int) -> int | None:
    """The shortest coefficient of the decimal numerator / denominator (17/2 → 85), or None beyond MAX_PLACES."""
    needed = _PLACES_OF.get(denominator // gcd(numerator, denominator))
    if needed is None:
        return None
    return abs(numerator) * _POWERS[needed] // denominator


def fits_int64(col: Column, threshold: Decimal) -> bool:
    """Whether `decide_arrays` can compute this column in int64 without overflow."""
    ratio_n, ratio_d = (100 + threshold).as_integer_ratio()
    top = max([abs(x) for x in col.targets + col.actuals] + [1])
    weight = max(col.weights + [1])
    unit = 10**col.weight_scale
    return 400 * weight * 2 * top < 2**62 and 2 * top * unit * 200 < 2**62 and top * 100 * max(ratio_n, ratio_d) < 2**62


def decide_arrays(np, methods, targets, actuals, weights, hundred, weight_scale: int, threshold: Decimal):
    """`decide` over int64 numpy arrays (the caller checked `fits_int64`): kinds, shown × 100, over."""
    ratio_n, ratio_d = (100 + threshold).as_integer_ratio()
    a, b, w = targets, actuals, weights
    unit = 10**weight_scale
    higher = (methods == HIGHER) | hundred
    lower = methods == LOWER
    gap, size = np.abs(b - a), np.abs(a)
    full = np.where(higher, b >= a, np.where(lower, b <= a, gap == 0))
    nothing = ~full & np.where(higher, (a <= 0) | (b <= 0), np.where(lower, a <= 0, gap >= size))
    kinds = np.where(full, FULL, np.where(nothing, NOTHING, FRACTION))
    numerator = np.where(higher, w * b, np.where(lower, w * a, w * (size - gap)))
    denominator = np.where(higher, a, np.where(lower, b, size)) * unit
    fraction = kinds == FRACTION
    numerator = np.where(full, w, np.where(fraction, numerator, 0))
    denominator = np.where(full, unit, np.where(fraction, denominator, 1))
    shown = (200 * numerator + denominator) // (2 * denominator)
    over = higher & full & (a > 0) & (b * 100 * ratio_d > a * ratio_n)
    return kinds, shown, over
