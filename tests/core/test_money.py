from decimal import Decimal as D

from jixiao.core.money import (IMPLAUSIBLE_RATE, UNIT_SLIP_HINT, fmt_percent, fmt_score, fmt_total, fmt_wan, half_unit,
                               implausibly_large, parse_decimal, percent_typed_as_fraction, places_shown, ratio,
                               round_half_up, unit_slip_hint, wan_from_yuan)


def test_round_half_up_rounds_halves_away_from_zero():
    assert round_half_up(D("2.345"), 2) == D("2.35")  # banker's rounding would give 2.34
    assert round_half_up(D("-18.935"), 2) == D("-18.94")
    assert round_half_up(D("0.9902960585"), 4) == D("0.9903")


def test_places_and_half_unit_follow_the_digits_shown():
    assert places_shown(D("2366.08")) == 2
    assert places_shown(D("16")) == 0
    assert places_shown(D("0.763117")) == 6  # seed 000 states amounts to six places
    assert half_unit(D("18.92")) == D("0.005")
    assert half_unit(D("16")) == D("0.5")
    assert half_unit(D("0")) == D(0)  # "0" in a finance table means none


def test_ratio_has_no_meaning_without_a_denominator():
    assert ratio(D(5), D(0)) is None
    assert ratio(None, D(5)) is None
    assert ratio(D("27081.25"), D("27346.62")) == D("27081.25") / D("27346.62")


def test_display_rounds_once_to_the_format():
    # seed 000: 27081.25 / 27346.62 is stated as 99.03%
    assert fmt_percent(D("27081.25") / D("27346.62")) == "99.03%"
    assert fmt_wan(D("25387.755855")) == "25,387.76"
    assert fmt_score(D("92.7")) == "92.7"
    assert fmt_score(D("100.00")) == "100"
    assert fmt_score(D("1.5")) == "1.5"


def test_a_total_score_and_a_risk_score_always_show_two_places():
    # one rule for the kind: an evaluation's 78.2 reads "78.20" beside another's "92.73", a risk of 2/23 × 100 "8.70"
    assert fmt_total(D("78.2")) == "78.20" and fmt_total(D("92.725")) == "92.73"
    assert fmt_total(D(2) / D(23) * 100) == "8.70" and fmt_total(D("100")) == "100.00"
    assert fmt_total(None) == "—"


def test_yuan_and_wan():
    # seed 002: "比上年减少14,293.93元" is 1.429393 万元
    assert wan_from_yuan(D("14293.93")) == D("1.429393")


def test_parse_decimal_accepts_separators_and_full_width_digits():
    assert parse_decimal("1,209.14") == D("1209.14")
    assert parse_decimal("１２") == D(12)
    assert parse_decimal("明显提高") is None
    assert parse_decimal("") is None


def test_places_shown_reads_figures_written_with_an_exponent():
    # str() writes these with an exponent: the places are the exponent's, as the digits tuple has them
    cases = {"1E+3": 0, "1E-7": 7, "0E-8": 8, "-1.5E-10": 11, "0.000001": 6, "-0.50": 2, "8.0": 1, "NaN": 0,
             "-Infinity": 0, "123456789012345678901234567890.12": 2}
    for text, places in cases.items():
        value = D(text)
        exponent = value.as_tuple().exponent
        assert places_shown(value) == places == (-exponent if isinstance(exponent, int) and exponent < 0 else 0)


def test_a_percentage_typed_as_a_fraction_is_one_rule():
    """Strictly between 0 and 1 on its own (a completion, a goal's target: 1% is a real rate, 差错率≤1%); 1 as well
    against a target above 1% (seed 003's 招聘率 of 100%, typed “1”); nothing below 1 against a target of 1% or less."""
    alone = [percent_typed_as_fraction(D(v)) for v in ("0.95", "0.005", "1", "0", "95")]
    assert alone == [True, True, False, False, False]
    assert percent_typed_as_fraction(None) is False
    against_100 = [percent_typed_as_fraction(D(v), against=D(100)) for v in ("0.95", "1", "1.5", "0")]
    assert against_100 == [True, True, False, False]
    assert [percent_typed_as_fraction(D(v), against=D(1)) for v in ("0.5", "1")] == [False, False]


def test_implausible_spending_is_ten_times_the_budget_or_more_and_one_rule():
    """IMPLAUSIBLE_RATE (10×, CHECKS: EXECUTION.OVER/LOW) decides the hint, the engine's withheld grade and the
    checks alike; seed 003's 2366.08 万元 budget, spent typed in 元 (×10 000) or at the edge."""
    budget = D("2366.08")
    assert implausibly_large(budget * IMPLAUSIBLE_RATE, budget) and implausibly_large(budget * 10000, budget)
    assert not implausibly_large(budget * IMPLAUSIBLE_RATE - D("0.01"), budget)
    assert not implausibly_large(budget, D(0)) and not implausibly_large(None, budget)
    assert not implausibly_large(budget, None)
    assert unit_slip_hint(budget * 10000, budget) == UNIT_SLIP_HINT and unit_slip_hint(budget, budget) == ""
