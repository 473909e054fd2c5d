"""Money, rates and scores as Decimal.

Everything is computed at full precision; rounding happens once, when a figure is shown or exported
(RULES.md §8): 万元 to 2 places, percentages to 2 places, scores to 2 places, all ROUND_HALF_UP.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
YUAN_PER_WAN = Decimal(10000)

WAN_PLACES = 2
PERCENT_PLACES = 2
SCORE_PLACES = 2

_QUANTS = {n: Decimal(1).scaleb(-n) for n in range(0, 12)}
# A figure with more integer digits than this is shown in scientific notation (1.00E+40): no amount in 万元 is that
# large, and 1E+9999999 written out would be ten million characters in every sentence that states it.
MAX_FIXED_DIGITS = 30


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Round to `places` decimal places, halves away from zero. Exact for every finite value: the default context
    holds 28 digits, so a larger result (a 27-digit amount to 2 places, 1E+30) is rounded in a local context wide
    enough for it instead of failing with InvalidOperation."""
    quantum = _QUANTS[places] if places in _QUANTS else Decimal(1).scaleb(-places)
    try:
        # the rounding given by position: as a keyword, C parses it through a dict built for the call, which cost
        # three times the quantizing (the checks round some 400 000 stated and computed scores per province)
        return value.quantize(quantum, ROUND_HALF_UP)
    except InvalidOperation:
        if not value.is_finite():
            raise
    with localcontext() as context:
        context.prec = max(value.adjusted(), 0) + places + 2
        context.Emax = max(context.Emax, value.adjusted() + 1)
        context.Emin = min(context.Emin, -places - 1)
        return value.quantize(quantum, rounding=ROUND_HALF_UP)


def fixed(value: Decimal, places: int, grouping: bool = False, strip: bool = False) -> str:
    """A figure as text rounded once to `places` (ROUND_HALF_UP), never "-0.00"; `strip` drops trailing zeros.
    Whatever Decimal it is given, it returns text: beyond MAX_FIXED_DIGITS integer digits in scientific notation,
    and "—" for NaN or infinity (which no document can state as a figure)."""
    if not value.is_finite():
        return "—"
    if value.adjusted() >= MAX_FIXED_DIGITS:
        with localcontext() as context:
            context.rounding = ROUND_HALF_UP
            return f"{value:.{places}E}"
    rounded = round_half_up(value, places)
    if rounded.is_zero():
        rounded = rounded.copy_abs()
    text = f"{rounded:,f}" if grouping else f"{rounded:f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def places_shown(value: Decimal) -> int:
    """How many decimal places a stated figure shows (2366.08 → 2, 16 → 0)."""
    # read from the text (a fraction of as_tuple's cost, and the checks ask for every stated score): str() writes
    # every digit after the point unless it uses an exponent (1E+3, 1E-7), which as_tuple reads instead
    text = str(value)
    if "E" not in text and "e" not in text:  # (e: a context with capitals=0)
        point = text.find(".")
        return 0 if point < 0 else len(text) - point - 1
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def half_unit(value: Decimal, places: int | None = None) -> Decimal:
    """Half a unit of the last digit a stated figure shows (or of `places`, when the figure is known to be written
    to more places than it shows): its rounding tolerance. A stated 0 in a finance table means nothing at all, not
    "less than half a 万元", so it carries no tolerance."""
    if value == 0:
        return ZERO
    return Decimal(5).scaleb(-(places_shown(value) if places is None else places) - 1)


def column_places(values: list[Decimal], most: int = WAN_PLACES) -> int:
    """The places the figures of one column of one table are written to. A column is written to one precision and
    trailing zeros are dropped: beside 592.62, the figures 481.8 and 10 are 481.80 and 10.00, not 10 ± 0.5. Read to
    at most `most` places (what the column's kind is shown with), so that one exact figure converted from 元
    (0.763117) does not make the column's other figures, shown to 2 places, exact to 6."""
    return min(max((places_shown(v) for v in values), default=0), most)


def column_half_units(values: list[Decimal]) -> list[Decimal]:
    """Each figure's rounding tolerance as a figure of its column: half a unit of the finer of what it shows and
    what the column shows (`column_places`)."""
    places = column_places(values)
    return [half_unit(v, max(places_shown(v), places)) for v in values]


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator, or None when it has no meaning (missing or zero denominator)."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def percent_typed_as_fraction(value: Decimal | None, against: Decimal | None = None) -> bool:
    """Whether a figure read in % (an actual, a target, a completion) looks typed as a fraction of 1: 0.95 for 95%.
    The one rule of the self-evaluation (MEASURE.PERCENT_FRACTION), the goals (GOAL.PERCENT_FRACTION) and monitoring
    (`fraction_hint`); `against`: the percentage the figure is measured against, when there is one (an actual's
    target).

    Strictly between 0 and 1: no whole percentage lies there, and a rate from a spreadsheet cell formatted as a number
    does. Exactly 1 is 100% typed so just as often, but 1% is also a real rate (差错率≤1%, a completion early in the
    year), so 1 counts only against a target above 1% (an actual of 1 against ≥90%), where 1% is not what was meant.
    Against a target of 1% or less (≤0.5%), a figure below 1 is what the target asks for, never a slip."""
    if value is None or not value.is_finite():
        return False
    if against is not None:
        return against > ONE and ZERO < value <= ONE
    return ZERO < value < ONE


# A figure ten times the other it is measured against is most often one typed in 元 into a 万元 field (×10 000) or a
# slipped digit: spending over its budget (EXECUTION.OVER, monitoring, the engine withholding the grade), a budget
# over what was spent (EXECUTION.LOW), a requested budget over last year's (GOAL.BUDGET_SCALE); `implausibly_large`
# decides it for all of them. UNIT_SLIP is what each of those messages asks; UNIT_SLIP_HINT the sentence spending's
# checks add (EXECUTION.OVER, monitoring's spending_over_budget).
#
# IMPLAUSIBLE_RATE and UNIT_APART (below) are two thresholds for the same slip, used with different confidence.
# IMPLAUSIBLE_RATE (10×) is the point where a figure against an independent one it should stay near (spending
# against its budget, a budget against last year's) deserves a question: the findings ask, and the grade waits,
# since an honest tenfold is rare but possible. UNIT_APART (100×) is the point where jixiao says outright that a
# figure is in the wrong unit: between figures meant to agree (a total and its parts' sum, a stated rate and its
# recomputation), either way round, and for 结果应用's adjusted amount, refused when a hundredfold of the budget or
# suggestion it changes (a bureau's deliberate change may double or halve a budget, or more, but 元 typed as 万元 is
# 10 000×). A partly filled sum, a rate off by one place (0.4% for 4%) or a large real change stay below it.
IMPLAUSIBLE_RATE = Decimal(10)  # spent ÷ budget
UNIT_SLIP = "是否把“元”当作“万元”填写或多写了位数"
UNIT_SLIP_HINT = f"执行数是预算的 {IMPLAUSIBLE_RATE} 倍以上，请先核对{UNIT_SLIP}。"


def implausibly_large(figure: Decimal | None, base: Decimal | None) -> bool:
    """Whether `figure` is IMPLAUSIBLE_RATE times `base` or more: spent against its budget (implausible spending),
    or, the other way round, a budget against what was spent. Compared by multiplying, exactly, never by a rounded
    quotient. A `base` of 0 or less, or a missing figure, has no multiple: nothing to say (a budget of 0 has no
    rate, RULES §2; nothing spent is no figure typed in the wrong unit)."""
    if figure is None or base is None or base <= ZERO:  # ZERO, not 0: an int is converted for each comparison
        return False
    return figure >= base * IMPLAUSIBLE_RATE


def unit_slip_hint(spent: Decimal | None, budget: Decimal | None) -> str:
    """UNIT_SLIP_HINT when the spending is implausible (`implausibly_large`), else ''."""
    return UNIT_SLIP_HINT if implausibly_large(spent, budget) else ""


# figures meant to agree that are a hundred times apart (not IMPLAUSIBLE_RATE's tenfold: see above): a part or a
# total typed in 元 (10 000 times its 万元) among figures in 万元 lands there even when it is a tenth of the sum; a
# partly filled sum, or a rate misread by one place (0.4% for 4%), does not
UNIT_APART = Decimal(100)


def unit_apart(a: Decimal | None, b: Decimal | None) -> bool:
    """Whether two figures meant to agree (a total and its parts' sum, a stated rate and its recomputation) are
    UNIT_APART times apart or more: no rounding or slipped digit does that; 元 typed as 万元 does."""
    if a is None or b is None or not (a.is_finite() and b.is_finite()) or a == 0 or b == 0:
        return False
    low, high = sorted((abs(a), abs(b)))
    return high >= low * UNIT_APART


def wan_from_yuan(yuan: Decimal) -> Decimal:
    return yuan / YUAN_PER_WAN


def yuan_from_wan(wan: Decimal) -> Decimal:
    return wan * YUAN_PER_WAN


def parse_decimal(text: str) -> Decimal | None:
    """A Decimal from user text such as '1,234.50' or '１２'; None when it is not a number. Only ASCII and full-width
    digits are digits here, as in web.params."""
    cleaned = text.strip().replace(",", "").replace("，", "").translate(_FULLWIDTH_DIGITS)
    if not cleaned or not cleaned.isascii():  # Decimal() reads any script's digits ("٣" as 3): those are no number
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


def fmt_wan(value: Decimal | None) -> str:
    """万元 shown to 2 places."""
    return "—" if value is None else fixed(value, WAN_PLACES, grouping=True)


def fmt_percent(rate: Decimal | None) -> str:
    """A rate (0.9903) shown as a percentage to 2 places ('99.03%')."""
    if rate is None or not rate.is_finite():
        return "—"
    return f"{fixed(_percent_points(rate), PERCENT_PLACES)}%"


def fmt_score(score: Decimal | None) -> str:
    """A score shown to 2 places, without trailing zeros beyond what is needed ('100', '1.5', '92.73')."""
    return "—" if score is None else fixed(score, SCORE_PLACES, strip=True)


def fmt_total(score: Decimal | None) -> str:
    """A total score — an evaluation's or a project's 综合得分, a mean of them — a risk score, or a 自评偏差 and the
    sums it is the difference of (jixiao.core.cycle.gaps): always 2 places ('78.20', '8.70', '100.00'), so the same
    figure reads the same on every page and in every export and a column of them lines up. An indicator's score or
    weight keeps `fmt_score` ('10', '1.5')."""
    return "—" if score is None else fixed(score, SCORE_PLACES)


def _percent_points(rate: Decimal) -> Decimal:
    """rate × 100, exactly (a shift of the exponent, which cannot round or overflow as a multiplication can)."""
    if not rate.is_finite():
        return rate
    sign, digits, exponent = rate.as_tuple()
    return Decimal((sign, digits, exponent + 2))


def fmt_plain(value: Decimal | None) -> str:
    """A stated figure exactly as it was given ("81.0" stays "81.0": the document wrote it so)."""
    if value is None or not value.is_finite():
        return "—"
    return f"{value:f}" if value.adjusted() < MAX_FIXED_DIGITS else f"{value:E}"


def fmt_normalised(value: Decimal | None) -> str:
    """A figure jixiao computed (a sum of weights, a difference), exact and written as people write it: no trailing
    zeros, no exponent below MAX_FIXED_DIGITS (81.0 → "81", 80.50 → "80.5", 1E+2 → "100"). A stated figure keeps
    its digits (`fmt_plain`); a score or an amount shown to its rule's places uses `fmt_score` / `fmt_wan`."""
    if value is None or not value.is_finite():
        return "—"
    return fixed(value, places_shown(value), strip=True)
