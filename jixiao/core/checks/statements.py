"""Stated figures against the data (CHECKS.md · Rates and changes; One fact, one value).

Every figure a document states is kept as a Statement naming its fact. A derived fact (a rate, a change, a sum) is
recomputed from the figures the document gives: if the stated value lies outside what any rounding of those figures
allows, it is an error; if rounding could explain it, a warning. A direct fact stated twice with different values
is one fact with two values: an error.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Iterator

from ..facts import Fact, fact, fact_label
from ..model import Statement
from ..errors import field_label
from ..money import UNIT_SLIP, fmt_normalised, fmt_plain, places_shown, round_half_up, unit_apart
from ..phrasing import with_unit
from . import CheckContext, Finding, check
from ._common import subject_of


def _lookup(ctx: CheckContext, key: str) -> Fact | None:
    """The fact a statement names (None when the data does not determine it, or no fact has that key), worked out
    once per context: RATE and FACT both ask for every statement's."""
    memo = ("fact", key)
    if memo in ctx.memo:
        return ctx.memo[memo]
    try:
        found = fact(ctx.evaluation, key, ctx.result)
    except KeyError:
        found = None
    ctx.memo[memo] = found
    return found


def _label(ctx: CheckContext, key: str) -> str:
    label = fact_label(key)
    if label != key:
        return label
    field = field_label(key)
    return f"{subject_of(ctx.evaluation, key.rsplit('.', 1)[0])}的{field or key}"


_TO_TWO_PLACES = {"万元", "元", "亿元", "%", "％"}  # money and rates are shown to 2 places (RULES.md §8)


def _recomputed(value: Decimal, statement: Statement) -> str:
    """A recomputed figure to the places the document shows, at least 2: money and rates keep their 2 places
    ("21458.30", "18.94"); a count or a quantity is written as people write it ("25", not "25.00")."""
    rounded = round_half_up(value, max(places_shown(statement.value), 2))
    return fmt_plain(rounded) if statement.unit.strip() in _TO_TWO_PLACES else fmt_normalised(rounded)


_FALL_WORDS = ("下降", "减少", "降低", "降幅")


def _fall_in_words(statement: Statement) -> bool:
    """A change the text states as a fall (下降12.59%): kept as −12.59, but a reviewer quotes it as written."""
    return statement.value < 0 and ".change" in statement.fact and any(w in statement.text for w in _FALL_WORDS)


def _as_fall_or_rise(figure: str) -> str:
    return f"下降 {figure[1:]}" if figure.startswith("-") else f"增长 {figure}"


@check("RATE", "所列比率、增减幅度与按所列数字重算的结果相符")
def rates(ctx: CheckContext) -> Iterator[Finding]:
    for index, statement in enumerate(ctx.evaluation.statements):
        computed = _lookup(ctx, statement.fact)
        if computed is None or not computed.derived:
            continue
        agreement = computed.agreement(statement.value)
        if agreement == "same":
            continue
        shown = with_unit(_recomputed(computed.value, statement), statement.unit)
        stated = with_unit(fmt_plain(statement.value), statement.unit)
        # a fall the text states in words (下降12.59%) is quoted in its words; stated/recomputed keep the signs
        said, redone = (_as_fall_or_rise(stated), _as_fall_or_rise(shown)) if _fall_in_words(statement) \
            else (f" {stated}", f" {shown}")
        if agreement == "rounding":
            severity, why = "warning", "差异在各数四舍五入可能造成的范围内，请按未取整的数字复核"
        else:
            severity, why = "error", "所列数字的四舍五入不能解释这一差异，请更正"
            if unit_apart(computed.value, statement.value):  # 增长 1083259.26% against 8%: a figure in 元
                why += f"（相差百倍以上，请先核对所依据的金额{UNIT_SLIP}）"
        yield Finding(
            "RATE.MISMATCH", severity, f"statements[{index}]",
            f"{_label(ctx, statement.fact)}所列为{said}，按所列数字重算为{redone}：{why}。",
            stated=stated, recomputed=shown, where=statement.where,
            subject=statement.text or _label(ctx, statement.fact),
        )


@check("FACT", "同一事项在文中各处数值一致")
def one_fact_one_value(ctx: CheckContext) -> Iterator[Finding]:
    groups: dict[str, list[tuple[int, Statement]]] = defaultdict(list)
    for index, statement in enumerate(ctx.evaluation.statements):
        groups[statement.fact].append((index, statement))
    for key, statements in groups.items():
        computed = _lookup(ctx, key)
        if computed is not None and computed.derived:
            continue  # a derived figure is checked by RATE
        reference, first = computed, None
        for index, statement in statements:
            if reference is None:
                reference, first = Fact.stated(statement.value), statement  # later statements must match the first
                continue
            if reference.agreement(statement.value) != "different":
                continue
            other = "数据中" if first is None else f"“{first.where}”处"
            here = with_unit(fmt_plain(statement.value), statement.unit)
            there = with_unit(fmt_plain(reference.value), statement.unit)
            if mistyped(statement.value, reference.value):
                severity, why = "error", "同一事项前后不一致，请核实后统一"
            else:  # two unlike figures are more often two things named alike (本年与上年, 预算与决算) than one mistyped
                severity, why = "warning", "两处数字相差较大，可能并非同一口径（如本年与上年、预算与决算、部门与项目），请核对"
            yield Finding(
                "FACT.CONFLICT", severity, f"statements[{index}]",
                f"{_label(ctx, key)}：此处写作 {here}，{other}为 {there}，{why}。",
                stated=here, recomputed=there, where=statement.where,
                subject=statement.text or _label(ctx, key),
            )


def mistyped(a: Decimal, b: Decimal) -> bool:
    """Whether two figures look like one figure written twice with a slip (CHECKS.md · One fact, one value: 2366.08
    and 2366.07, 730 and 73): their digits, to the same places, differ by at most two edits (a digit changed, dropped
    or added, or two swapped)."""
    places = max(places_shown(a), places_shown(b))
    return _edits(_digits(a, places), _digits(b, places)) <= 2


def _digits(value: Decimal, places: int) -> str:
    return format(abs(value), f".{places}f").replace(".", "").lstrip("0") or "0"


def _edits(x: str, y: str) -> int:
    """Levenshtein distance (a figure has a dozen digits at most)."""
    previous = list(range(len(y) + 1))
    for i, cx in enumerate(x, 1):
        current = [i]
        for j, cy in enumerate(y, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (cx != cy)))
        previous = current
    return previous[-1]
