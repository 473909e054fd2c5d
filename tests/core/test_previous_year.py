"""上年决算数 in the report: taken from last year's evaluation where this year's leaves it empty, and where neither
records it, said so in words: the 三公经费 table has no empty comparison columns and its sentence no missing half."""

from __future__ import annotations

from decimal import Decimal as D

import msgspec
import pytest

from jixiao.core.engine import score_evaluation
from jixiao.core.model import ThreePublicExpenses, ThreePublicLine
from jixiao.core.previous_year import with_previous_year
from jixiao.core.reports.narrative import three_public_sentence
from jixiao.core.reports.shapes import build_report, charts_for
from jixiao.core.reports.tables import three_public_table

PARTS = ("overseas_travel", "vehicle_purchase", "vehicle_operation", "reception", "total")


def without_last_year(evaluation):
    """The evaluation as a department that left every 上年决算数 of its 三公经费 empty."""
    expenses = evaluation.three_public_expenses
    lines = {k: msgspec.structs.replace(getattr(expenses, k), last_year=None) for k in PARTS if getattr(expenses, k)}
    return msgspec.structs.replace(evaluation, three_public_expenses=msgspec.structs.replace(expenses, **lines))


@pytest.fixture
def jingzhou_2021(jingzhou):
    """Last year's evaluation of 靖州: its 三公经费 决算数 are what seed 002 states as 上年数 (2021)."""
    before = ThreePublicExpenses(overseas_travel=ThreePublicLine(spent=D("0")),
                                 vehicle_operation=ThreePublicLine(spent=D("2.54")),
                                 reception=ThreePublicLine(spent=D("6.39")), total=ThreePublicLine(spent=D("8.93")))
    return msgspec.structs.replace(jingzhou, year=2021, three_public_expenses=before)


def test_last_years_spending_is_this_years_last_year_figure(jingzhou, jingzhou_2021):
    filled = with_previous_year(without_last_year(jingzhou), jingzhou_2021)
    assert filled.three_public_expenses == jingzhou.three_public_expenses  # seed 002's 上年数, line by line
    # vehicle_purchase (spent 0) had no line last year: it stays without one
    assert filled.three_public_expenses.vehicle_purchase.last_year is None
    # a figure the evaluation states is kept; an evaluation of another year gives nothing
    stated = with_previous_year(jingzhou, msgspec.structs.replace(jingzhou_2021, three_public_expenses=ThreePublicExpenses(
        total=ThreePublicLine(spent=D("1")))))
    assert stated.three_public_expenses.total.last_year == D("8.93")
    assert with_previous_year(without_last_year(jingzhou), msgspec.structs.replace(jingzhou_2021, year=2020)) == \
        without_last_year(jingzhou)
    assert with_previous_year(jingzhou, None) is jingzhou


def test_the_report_compares_with_last_year_from_last_years_evaluation(jingzhou, jingzhou_2021):
    filled = with_previous_year(without_last_year(jingzhou), jingzhou_2021)
    table = three_public_table(filled)
    assert [c.value for c in table.header[1]] == ["预算数", "节约数", "节约比例", "上年数", "增减数", "增减比例"]
    total = table.body[-1]
    assert [total[5].value, total[6].value] == [D("8.93"), D("-1.43")] and round(total[7].value, 2) == D("-16.01")
    assert three_public_sentence(filled) == ("“三公”经费支出 7.50 万元，预算 9.69 万元，完成预算的 77.40%，节约 2.19 万元；"
                                             "上年 8.93 万元，减少 16.01%。")


def test_without_last_years_figure_the_report_says_so_and_shows_no_empty_columns(library, tongcheng):
    """Seed 003 states its 三公经费 against the budget only (its report compares with no earlier year)."""
    table = three_public_table(tongcheng)
    assert [c.value for c in table.header[0]] == ["项目", "决算数", "与年初预算对比"]
    assert table.columns == 5 and all(sum(c.colspan for c in row) <= 5 for row in table.body)
    assert table.note == "注：本次自评未填报“三公”经费上年决算数，本表未列与上年决算对比。"
    assert three_public_sentence(tongcheng) == ("“三公”经费支出 21.75 万元，预算 34.96 万元，完成预算的 62.21%，"
                                                "节约 13.21 万元；本次自评未填报上年决算数，未与上年对比。")
    chart = next(c for c in charts_for(tongcheng, score_evaluation(tongcheng, library)) if c.key == "three-public")
    assert chart.title == "“三公”经费预算与决算对比" and [name for name, _ in chart.series] == ["预算数", "决算数"]
    report = build_report(tongcheng, score_evaluation(tongcheng, library), shape="S4")
    assert any(t.key == "three-public" and t.note for t in report.tables)


def test_a_last_year_of_nothing_is_stated_as_such(jingzhou):
    expenses = msgspec.structs.replace(jingzhou.three_public_expenses,
                                       total=msgspec.structs.replace(jingzhou.three_public_expenses.total, last_year=D("0")))
    assert three_public_sentence(msgspec.structs.replace(jingzhou, three_public_expenses=expenses)).endswith(
        "；上年 0.00 万元，本年增加 7.50 万元。")


def _three_public_said(evaluation, library) -> tuple[bool, bool, bool]:
    """Whether the table, the chart and the sentence each compare with last year."""
    table = three_public_table(evaluation)
    chart = next(c for c in charts_for(evaluation, score_evaluation(evaluation, library)) if c.key == "three-public")
    return ("上年数" in [c.value for c in table.header[1]], "上年数" in [name for name, _ in chart.series],
            "上年" in three_public_sentence(evaluation).split("；")[-1] and "未与上年对比" not in three_public_sentence(evaluation))


def test_table_chart_and_sentence_compare_with_last_year_alike(library, jingzhou):
    """One decision (three_public.last_year_comparable) for all three. Before, a single part's 上年数 gave the table
    its comparison columns (its 合计 the sum of that one part: a fall of what was merely missing) and the chart its
    上年 bars, while the sentence said nothing was recorded."""
    expenses = jingzhou.three_public_expenses
    only_reception = msgspec.structs.replace(without_last_year(jingzhou).three_public_expenses,
                                             reception=expenses.reception)  # 上年 6.39 for 公务接待费 alone
    partial = msgspec.structs.replace(jingzhou, three_public_expenses=only_reception)
    assert _three_public_said(partial, library) == (False, False, False)
    assert three_public_table(partial).note == "注：本次自评未完整填报“三公”经费上年决算数，本表未列与上年决算对比。"
    assert three_public_sentence(partial).endswith("；本次自评未完整填报上年决算数，未与上年对比。")
    # the total's 上年数 stated (seed 002: 公务用车购置费 has none of its own): all three compare
    assert _three_public_said(jingzhou, library) == (True, True, True)
    # every stated part's 上年数 without a stated total: their sum is last year's total, compared by all three
    parts_only = msgspec.structs.replace(jingzhou, three_public_expenses=msgspec.structs.replace(
        expenses, total=msgspec.structs.replace(expenses.total, last_year=None),
        vehicle_purchase=msgspec.structs.replace(expenses.vehicle_purchase, last_year=D("0"))))
    assert _three_public_said(parts_only, library) == (True, True, True)
    assert three_public_sentence(parts_only).endswith("；上年 8.93 万元，减少 16.01%。")
    # nothing recorded: none compares, and each says 未填报
    assert _three_public_said(without_last_year(jingzhou), library) == (False, False, False)
    assert three_public_sentence(without_last_year(jingzhou)).endswith("；本次自评未填报上年决算数，未与上年对比。")
