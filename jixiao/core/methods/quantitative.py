"""Quantitative methods (RULES.md §4.1–4.3): higher is better, lower is better, exact."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from ..model import Indicator
from ..money import HUNDRED, ONE, ZERO, fmt_normalised, fmt_plain, fmt_score
from ..results import LeafResult
from ..targets import Quantity, comparable, parse_quantity
from .context import Context

SOURCE = {
    "higher_better": "正向指标：实际值 B ≥ 目标值 A 得满分，否则 分值 × B / A",
    "lower_better": "反向指标：实际值 B ≤ 目标值 A 得满分，否则 分值 × A / B",
    "exact": "等于目标值的指标：B = A 得满分，否则 分值 × (1 − |B − A| / A)，不低于 0；上限为 100% 的比率按正向计分",
}


def score(indicator: Indicator, weight: Decimal, path: str, context: Context, method: str) -> LeafResult:
    leaf = LeafResult(indicator, path, method, weight, None)
    if not indicator.actual or not indicator.actual.strip():
        leaf.missing = "缺少实际完成值"
        return leaf
    target, actual = parse_quantity(indicator.target), parse_quantity(indicator.actual)
    leaf.target, leaf.actual = target, actual
    if target is None:
        leaf.missing = "年度指标值不是数值，无法按定量方法计分"
        return leaf
    if actual is None:
        leaf.missing = "实际完成值不是数值，无法按定量方法计分"
        return leaf
    pair = comparable(target, actual)
    if pair is None:
        leaf.missing = f"目标值单位“{target.unit}”与实际值单位“{actual.unit}”不一致"
        return leaf
    a, b = pair
    if method == "exact" and target.is_percent and a == HUNDRED:
        method = "higher_better"  # a rate whose ceiling is 100% scores like higher-is-better
    if method == "higher_better":
        leaf.score = _higher_better(a, b, weight)
        if a > 0:
            leaf.completion = b / a
            leaf.over_achieved = b > a * (ONE + context.over_threshold / HUNDRED)
        if leaf.over_achieved and _evaluator_deducts(indicator, weight):
            leaf.score = indicator.score
            leaf.evaluator_deduction = True
    elif method == "lower_better":
        leaf.score = weight if b <= a else (weight * a / b if a > 0 else ZERO)
        leaf.completion = a / b if b > 0 else ONE
    else:
        if b == a:
            leaf.score = weight
        elif a == 0:
            leaf.score = ZERO
        else:
            leaf.score = _exact_share(a, b, weight)
        leaf.completion = b / a if a else None
    return leaf


def quick_leaf(indicator: Indicator, path: str, method: str, threshold: Decimal) -> LeafResult | None:
    """`score` for one row, its decisions looked up by the row's texts (`_outcome`), or None for a row `score` must
    see for itself (no weight, no actual, a target or actual in words, units that do not compare): what it reports."""
    weight, text = indicator.weight, indicator.actual
    if weight is None or not text:
        return None
    try:
        outcome = _outcome(method, indicator.target, text, threshold)
    except TypeError:  # a signalling NaN threshold cannot be hashed
        outcome = _outcome.__wrapped__(method, indicator.target, text, threshold)
    return None if outcome is None else leaf_of(indicator, path, method, outcome)


def leaf_of(indicator: Indicator, path: str, method: str, outcome: tuple) -> LeafResult:
    """The LeafResult of a row that has a weight, from what `_outcome` decided for its texts."""
    weight = indicator.weight
    target, actual, a, b, kind, over, completion, scored_as = outcome
    # the score from this row's own weight, by `score`'s own expressions: rows share an outcome, not their scores'
    # digits (full marks are the weight as written, 8 or 8.0; a fraction has the exponent its operands give it)
    if kind == FULL:
        value = weight
    elif kind == NOTHING:
        value = ZERO
    elif scored_as == "higher_better":
        value = weight * b / a
    elif scored_as == "lower_better":
        value = weight * a / b
    else:
        value = _exact_share(a, b, weight)
    leaf = LeafResult(indicator, path, method, weight, value, None, target, actual, completion, over)
    if over and _evaluator_deducts(indicator, weight):
        leaf.score = indicator.score
        leaf.evaluator_deduction = True
    return leaf


FULL, NOTHING, FRACTION = "full", "nothing", "fraction"


@lru_cache(maxsize=1 << 12)
def _outcome(method: str, target_text: str | None, actual_text: str, threshold: Decimal) -> tuple | None:
    """What `score` decides for a row from its target and actual as written, before the weight comes in: (target,
    actual, A, B, full marks / nothing / a fraction of the weight, over-achieved, completion, the method it is scored
    as), or None where `score` reports the row as not scored. The same comparisons as `score`, in the same order:
    rows that state the same target and actual (=100% and 98.5%, ≥90% and 93%, ≤30 日 …) are decided once, and
    their scores then take each row's own weight. The texts are compared as written: they alone fix A's and B's
    digits."""
    if not actual_text.strip():
        return None
    return outcome_of(method, parse_quantity(target_text), parse_quantity(actual_text), threshold)


def outcome_of(method: str, target: Quantity | None, actual: Quantity | None, threshold: Decimal) -> tuple | None:
    """`_outcome` for a target and an actual already read (an actual that is not blank)."""
    if target is None or actual is None:
        return None
    # `comparable`'s first case written out (one unit, or one side without a unit: most rows), and the comparisons
    # with ZERO, not 0 (a Decimal compared with an int converts it): a province's rows are mostly decided here once
    # each ("12345 人" is rarely written twice)
    if target.unit == actual.unit or not actual.unit or not target.unit:
        a, b = target.value, actual.value
    else:
        pair = comparable(target, actual)
        if pair is None:
            return None
        a, b = pair
    scored_as = "higher_better" if method == "exact" and target.is_percent and a == HUNDRED else method
    over, completion = False, None
    if scored_as == "higher_better":
        kind = FULL if b >= a else NOTHING if a <= ZERO or b <= ZERO else FRACTION  # as `_higher_better`
        if a > ZERO:
            completion = b / a
            try:  # the factor kept for the threshold, looked up here: `_over_factor` is called for a new one only
                factor = _OVER_FACTORS[threshold]
            except (KeyError, TypeError):  # not kept yet, or a signalling NaN (which cannot be hashed)
                factor = _over_factor(threshold)
            over = b > a * factor
    elif scored_as == "lower_better":
        kind = FULL if b <= a else FRACTION if a > ZERO else NOTHING
        completion = a / b if b > ZERO else ONE
    else:
        kind = FULL if b == a else NOTHING if a == ZERO else FRACTION
        completion = b / a if a else None
    return target, actual, a, b, kind, over, completion, scored_as


def _over_factor(threshold: Decimal) -> Decimal:
    """1 + threshold / 100, what a target is multiplied by to be exceeded beyond the threshold: the same few
    thresholds for every row a province decides, so worked out once each (a signalling NaN, which cannot be hashed,
    each time)."""
    try:
        return _OVER_FACTORS[threshold]
    except KeyError:
        factor = _OVER_FACTORS[threshold] = ONE + threshold / HUNDRED
        return factor
    except TypeError:
        return ONE + threshold / HUNDRED


_OVER_FACTORS: dict[Decimal, Decimal] = {}


def _higher_better(a: Decimal, b: Decimal, weight: Decimal) -> Decimal:
    if b >= a:
        return weight
    if a <= 0 or b <= 0:
        return ZERO
    return weight * b / a


def _exact_share(a: Decimal, b: Decimal, weight: Decimal) -> Decimal:
    """weight × (1 − |B − A| / A) (RULES.md §4.3), not below 0, divided last: 1 − 181.5 / 182 is a repeating
    decimal cut at 28 digits, and 1.82 × it gave 0.004999…, shown 0.00, where the score is exactly 0.005, shown 0.01
    (the integer column path's, found by its property test)."""
    return max(ZERO, weight * (abs(a) - abs(b - a)) / abs(a))


def _evaluator_deducts(indicator: Indicator, weight: Decimal) -> bool:
    """Over-achievement keeps full marks, but the rules let the evaluator deduct when the target was set too low,
    provided a deviation reason says why."""
    return (
        indicator.score is not None
        and ZERO <= indicator.score < weight
        and bool(indicator.deviation_reason and indicator.deviation_reason.strip() not in ("无", "/"))
    )


def explain(leaf: LeafResult, context: Context) -> list[str]:
    lines = [f"目标值 A = {leaf.indicator.target or '—'}，实际值 B = {leaf.indicator.actual or '—'}，分值 {fmt_plain(leaf.weight)}"]
    if leaf.missing:
        return lines + [f"未计分：{leaf.missing}。"]
    assert leaf.target is not None and leaf.actual is not None
    # in one unit: 25.29 万人 against 252900 人 compares as 252900 and 252900, written without the .00 of 25.29 × 10000
    a, b = comparable(leaf.target, leaf.actual) or (leaf.target.value, leaf.actual.value)
    w, s = fmt_plain(leaf.weight), fmt_score(leaf.score)
    a_text, b_text = fmt_normalised(a), fmt_normalised(b)
    method = leaf.method
    if method == "exact" and leaf.target.is_percent and a == HUNDRED:
        lines.append("目标为 100% 的比率，按正向指标计分。")
        method = "higher_better"
    if method == "higher_better":
        if b >= a:
            lines.append(f"B = {b_text} ≥ A = {a_text}，得满分 {w} 分。")
            if leaf.over_achieved:
                lines.append(
                    f"完成率 {fmt_score(leaf.completion * HUNDRED)}%，超过目标 {fmt_plain(context.over_threshold)}% 以上，"
                    "须说明偏差原因；目标明显偏低的，评价人可酌情扣分。"
                )
            if leaf.evaluator_deduction:
                lines.append(f"评价人已说明原因并酌情扣分，按所给 {s} 分计。")
        elif a <= 0 or b <= 0:
            lines.append(f"B = {b_text}，得 0 分。")
        else:
            lines.append(f"B = {b_text} < A = {a_text}：{w} × {b_text} / {a_text} = {s} 分。")
    elif method == "lower_better":
        if b <= a:
            lines.append(f"B = {b_text} ≤ A = {a_text}，得满分 {w} 分。")
        else:
            lines.append(f"B = {b_text} > A = {a_text}：{w} × {a_text} / {b_text} = {s} 分。")
    else:
        if b == a:
            lines.append(f"B = A = {a_text}，得满分 {w} 分。")
        else:
            lines.append(f"B ≠ A：{w} × (1 − |{b_text} − {a_text}| / {a_text}) = {s} 分（不低于 0）。")
    return lines
