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
