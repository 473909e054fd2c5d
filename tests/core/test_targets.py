from decimal import Decimal as D

import pytest

from jixiao.core.targets import EQ, GE, LE, comparable, has_operator, parse_quantity


@pytest.mark.parametrize("text, operator, value, unit", [
    ("≥90%", GE, D(90), "%"),            # seed 003 satisfaction targets
    ("≤60 日", LE, D(60), "日"),
    ("≤5 万元", LE, D(5), "万元"),
    ("100 例", None, D(100), "例"),
    ("25.29 万人", None, D("25.29"), "万人"),
    ("2547.2077万元", None, D("2547.2077"), "万元"),
    ("=100%", EQ, D(100), "%"),
    ("5%以内", LE, D(5), "%"),            # seed 000: 城镇登记失业率控制在 5% 以内
    ("30家以上", GE, D(30), "家"),
    ("不低于95%", GE, D(95), "%"),
])
def test_quantities(text, operator, value, unit):
    q = parse_quantity(text)
    assert q is not None
    assert (q.operator, q.value, q.unit) == (operator, value, unit)


@pytest.mark.parametrize("text", ["明显提高", "长期", "满意", "及时", "12 月底前", "", None])
def test_words_are_not_quantities(text):
    assert parse_quantity(text) is None


def test_an_actual_with_an_operator_states_a_bound():
    assert has_operator("≥96%")
    assert not has_operator("96%")


def test_multiplied_units_compare_in_the_base_unit():
    assert comparable(parse_quantity("7.34 万人"), parse_quantity("73400 人")) == (D("73400.00"), D(73400))
    assert comparable(parse_quantity("≤5 万元"), parse_quantity("5万元")) == (D(5), D(5))  # same unit: as written
    assert comparable(parse_quantity("5 万元"), parse_quantity("50000 元")) == (D(50000), D(50000))
    assert comparable(parse_quantity("100 例"), parse_quantity("100 人")) is None


@pytest.mark.parametrize("text", [
    "≥٣ 人",        # Arabic-Indic 3: int("٣") and Decimal("٣") read it as 3
    "≥١٠٠%",        # Arabic-Indic 100
    "≥۵۰ 人",       # Extended Arabic-Indic (Persian) 50
    "≥३० 家",       # Devanagari 30
    "≥𝟗𝟎%",         # mathematical bold 90
    "≥3٣ 人",       # ASCII then another script's digit
    "≥1,٣00 人",
    "≥3.٣ 人",
    "≥３٣ 人",      # full-width then another script's digit
])
def test_a_target_in_another_scripts_digits_is_no_quantity(text):
    """Only ASCII and full-width digits (a Chinese input method's, as web.params reads them) are a number: another
    script's digits make the target unmeasurable, as words do, rather than silently a quantity."""
    assert parse_quantity(text) is None


def test_full_width_digits_are_still_read():
    assert parse_quantity("≥９０％") == parse_quantity("≥90%")
    assert (parse_quantity("≥１,２００ 人").operator, parse_quantity("≥１,２００ 人").value) == (GE, D(1200))
    assert parse_quantity("３．５ 万人").value == D("3.5")


@pytest.mark.parametrize("text, value", [("1,234.50", D("1234.50")), ("１２", D(12)), ("－３．５", D("-3.5")),
                                         ("٣", None), ("1٣", None), ("𝟑", None), ("३.५", None)])
def test_parse_decimal_reads_ascii_and_full_width_digits_only(text, value):
    """The money reader the target parser ends in (and the monitoring pages read document amounts with): Decimal()
    alone takes any script's digits (Decimal("٣") == 3)."""
    from jixiao.core.money import parse_decimal

    assert parse_decimal(text) == value
