"""Money, rates and scores as Decimal.

Everything is computed at full precision; rounding happens once, when a figure is shown or exported
(RULES.md §8): 万元 to 2 places, percentages to 2 places, scores to 2 places, all ROUND_HALF_UP.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
YUAN_PER_WAN = Decimal(10000)

WAN_PLACES = 2
PERCENT_PLACES = 2
SCORE_PLACES = 2

_QUANTS = {n: Decimal(1).scaleb(-n) for n in range(0, 12)}


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to `places` decimal places, halves away from zero."""
    return value.quantize(_QUANTS[places], rounding=ROUND_HALF_UP)


def places_shown(value: Decimal) -> int:
    """How many decimal places a stated figure shows (2366.08 → 2, 16 → 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last digit a stated figure shows: its rounding tolerance. A stated 0 in a finance table
    means nothing at all, not "less than half a 万元", so it carries no tolerance."""
    if value == 0:
        return ZERO
    return Decimal(5).scaleb(-places_shown(value) - 1)


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator, or None when it has no meaning (missing or zero denominator)."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def wan_from_yuan(yuan: Decimal) -> Decimal:
    return yuan / YUAN_PER_WAN


def yuan_from_wan(wan: Decimal) -> Decimal:
    return wan * YUAN_PER_WAN


def parse_decimal(text: str) -> Decimal | None:
    """A Decimal from user text such as '1,234.50' or '１２'; None when it is not a number."""
    cleaned = text.strip().replace(",", "").replace("，", "").translate(_FULLWIDTH_DIGITS)
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


def fmt_wan(value: Decimal | None) -> str:
    """万元 shown to 2 places."""
    return "—" if value is None else f"{round_half_up(value, WAN_PLACES):,.2f}"


def fmt_percent(rate: Decimal | None) -> str:
    """A rate (0.9903) shown as a percentage to 2 places ('99.03%')."""
    return "—" if rate is None else f"{round_half_up(rate * HUNDRED, PERCENT_PLACES)}%"


def fmt_score(score: Decimal | None) -> str:
    """A score shown to 2 places, without trailing zeros beyond what is needed ('100', '1.5', '92.73')."""
    if score is None:
        return "—"
    rounded = round_half_up(score, SCORE_PLACES)
    text = f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_plain(value: Decimal | None) -> str:
    """A stated figure exactly as it was given."""
    return "—" if value is None else f"{value:f}"
