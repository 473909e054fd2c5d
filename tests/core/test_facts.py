"""Facts carry the interval their rounded inputs allow, so a stated figure can be judged fairly."""

from decimal import Decimal as D

from jixiao.core.facts import Fact, fact, known_facts


def test_a_rate_from_rounded_figures_has_an_interval(jingzhou):
    # seed 002: reception 5.18 this year, 6.39 last year → change −18.94%
    change = fact(jingzhou, "three_public_expenses.reception.change_rate")
    assert round(change.value, 4) == D("-18.9358")
    assert change.low < D("-18.92") < change.high  # 18.92% could come from unrounded figures
    assert change.agreement(D("-18.94")) == "same"
    assert change.agreement(D("-18.92")) == "rounding"
    assert change.agreement(D("-17")) == "different"


def test_an_amount_stated_more_finely_than_its_inputs_agrees():
    # seed 002: "比上年减少14,293.93元" for 7.5 − 8.93 万元
    change = Fact.stated(D("7.5")) - Fact.stated(D("8.93"))
    assert change.agreement(D("-1.429393")) == "same"
    assert change.agreement(D("-1.43")) == "same"


def test_two_figures_of_one_quantity_at_the_same_places_must_be_equal():
    # seed 003 states 2366.08 and 2366.07 for one budget
    assert Fact.stated(D("2366.08")).agreement(D("2366.07")) == "different"
    assert Fact.stated(D("2366.08")).agreement(D("2366.08")) == "same"


def test_execution_rates_of_seed_000(changli):
    assert round(fact(changli, "budget.total.execution_rate").value, 2) == D("99.03")
    assert round(fact(changli, "budget.project_expenditure.execution_rate").value, 2) == D("98.95")


def test_paths_read_values_written_as_text(tongcheng):
    assert fact(tongcheng, "goals[6].indicators[0].actual").value == D(730)


def test_every_registered_fact_has_a_chinese_label():
    labels = known_facts()
    assert len(labels) > 80
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in labels.values())


def test_a_decrease_is_last_year_less_this_year_as_a_table_writes_it():
    # hunan-dept-2022.xls: 公务接待费 4.46 this year, 5.26 last year, its 减少数 0.80 and 减少比例 15.12% (15.21% recomputed)
    from jixiao.core.model import Department, Evaluation, ThreePublicExpenses, ThreePublicLine

    evaluation = Evaluation(year=2022, department=Department(name="湘北县自然资源局"),
                            three_public_expenses=ThreePublicExpenses(
                                reception=ThreePublicLine(budget=D(5), spent=D("4.46"), last_year=D("5.26"))))
    assert fact(evaluation, "three_public_expenses.reception.decrease").agreement(D("0.80")) == "same"
    rate = fact(evaluation, "three_public_expenses.reception.decrease_rate")
    assert round(rate.value, 2) == D("15.21") and rate.agreement(D("15.21")) == "same"
    assert rate.agreement(D("15.12")) != "same"
