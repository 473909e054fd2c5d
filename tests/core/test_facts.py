"""Facts carry the interval their rounded inputs allow, so a stated figure can be judged fairly."""

from decimal import Decimal as D

import pytest

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


def test_a_projects_execution_rate_is_its_spending_over_its_adjusted_budget():
    # a report on one project: 本项目…预算执行率 95.50% is projects[0].budget.execution_rate (520137a)
    from jixiao.core.facts import is_computed
    from jixiao.core.model import BudgetLine, Department, Evaluation, Project

    evaluation = Evaluation(year=2023, department=Department(name="青岭县水利局"), projects=[
        Project(name="农村饮水安全巩固提升", budget=BudgetLine(budget_initial=D(120), budget_adjusted=D(200),
                                                          spent=D("191"))),
        Project(name="河道清淤", budget=BudgetLine(budget_adjusted=D(80)))])
    rate = fact(evaluation, "projects[0].budget.execution_rate")
    assert rate.value == D("95.5") and rate.agreement(D("95.50")) == "same" and rate.agreement(D("95.05")) != "same"
    assert "农村饮水安全巩固提升" in rate.label and "执行率" in rate.label
    assert is_computed("projects[1].budget.execution_rate") and not is_computed("projects[0].budget.spent")
    assert fact(evaluation, "projects[1].budget.execution_rate") is None  # nothing spent stated
    with pytest.raises(KeyError):  # a project that is not there
        fact(evaluation, "projects[2].budget.execution_rate")
