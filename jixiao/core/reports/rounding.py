"""尾差: where scores shown rounded do not add up to a total shown beside them.

Scores are computed at full precision and rounded once when shown (RULES.md §8), so the parts a reader adds
(1.41 + 1.26 + 0.67 + 2 + 1.2 + 0.8 + 5 = 12.34) may miss the subtotal shown (12.35, from 12.347969…). The figures are
right; a Chinese accountant expects the conventional note under such a table, and only there: a table whose shown
parts add up carries none. The decision is made here, once, for the public page and every document.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from ..money import SCORE_PLACES, ZERO, round_half_up
from ..results import ScoreCard

TAIL_NOTE = "注：各项得分四舍五入保留两位小数，合计按未舍入的得分计算，与所列分项之和可能存在尾差。"
# the same for a spot-check (core.cycle.gaps): its 自评偏差 and sums are the exact scores', rounded once
GAP_TAIL = "各项得分四舍五入保留两位小数，自评偏差按未舍入的得分计算，与所列两数之差存在尾差"
GAP_TAIL_NOTE = ("注：各项得分和自评偏差四舍五入保留两位小数，合计和自评偏差按未舍入的得分计算，"
                 "与所列分项之和（之差）可能存在尾差。")
HALF = Decimal("0.005")  # half a unit of the last shown digit of a score (2 places)


def shown_gap(parts: Iterable[Decimal | None], total: Decimal | None, places: int = SCORE_PLACES) -> Decimal:
    """The total as shown minus the sum of the parts as shown (each rounded once, ROUND_HALF_UP), where rounding
    alone makes it: 0 when they add up, when a part or the total is missing, or when the gap is more than half a
    unit per part (CHECKS.md: a sum of n rounded figures may differ by n halves; a larger gap is a finding)."""
    known = [p for p in parts if p is not None]
    if total is None or not known:
        return ZERO
    gap = round_half_up(total, places) - sum((round_half_up(p, places) for p in known), ZERO)
    return gap if abs(gap) <= HALF * len(known) else ZERO


def _execution(card: ScoreCard) -> list[Decimal | None]:
    return [card.execution.score] if card.execution else []


def total_parts(card: ScoreCard) -> list[Decimal | None]:
    """What a card's total adds up as its tables show it: its execution score and its groups' subtotals."""
    return _execution(card) + [g.score for g in card.groups]


def parts_tail(card: ScoreCard | None) -> bool:
    """Whether the card's total shown misses its execution score and group subtotals shown."""
    return card is not None and bool(shown_gap(total_parts(card), card.total))


def groups_tail(card: ScoreCard | None) -> bool:
    """Whether some group's subtotal shown misses its indicators' scores shown."""
    return card is not None and any(shown_gap([leaf.score for leaf in g.leaves()], g.score) for g in card.groups)


def leaves_tail(card: ScoreCard | None) -> bool:
    """Whether the card's total shown misses its execution score and every indicator's shown."""
    return card is not None and bool(shown_gap(_execution(card) + [leaf.score for leaf in card.leaves()], card.total))


def card_tail(card: ScoreCard | None) -> bool:
    """Whether any total of the card a reader can add up, shown, is not the sum of its parts shown."""
    return parts_tail(card) or groups_tail(card) or leaves_tail(card)
