from decimal import Decimal as D

from jixiao.core.model import BudgetLine, StaffCount, ThreePublicLine

from .helpers import codes, findings, replace, replace_in_list


def test_project_list_against_declared_total_fires_on_seed_000(changli, library):
    [finding] = findings(changli, library, "SUM.PROJECTS")
    assert finding.severity == "error"
    assert (finding.stated, finding.recomputed) == ("25388.90", "25387.76")
    assert "相差 1.14 万元" in finding.message


def test_project_list_is_silent_when_it_adds_up(changli, library):
    budget = replace(changli.budget, project_expenditure=replace(changli.budget.project_expenditure,
                                                                 budget_adjusted=D("25387.76")))
    assert codes(replace(changli, budget=budget), library, "SUM.PROJECTS") == []


def test_seed_003_sums_add_up_within_rounding(tongcheng, library):
    # basic 2544.29 = personnel 2316.61 + operating 227.67 (= 2544.28): within the rounding of three figures
    assert codes(tongcheng, library, "SUM") == []


def test_basic_expenditure_must_be_personnel_plus_operating(tongcheng, library):
    budget = replace(tongcheng.budget, operating_cost=BudgetLine(spent=D("217.67")))
    [finding] = findings(replace(tongcheng, budget=budget), library, "SUM.BUDGET")
    assert finding.code == "SUM.BASIC" and finding.recomputed == "2534.28"


def test_spending_total_must_be_basic_plus_project(jingzhou, library):
    assert codes(jingzhou, library, "SUM") == []
    budget = replace(jingzhou.budget, total=BudgetLine(spent=D("1219.14")))
    assert codes(replace(jingzhou, budget=budget), library, "SUM.BUDGET") == ["SUM.SPENDING"]


def test_three_public_total_is_its_four_parts(jingzhou, library):
    expenses = replace(jingzhou.three_public_expenses,
                       total=ThreePublicLine(budget=D("9.69"), spent=D("7.6"), last_year=D("8.93")))
    [finding] = findings(replace(jingzhou, three_public_expenses=expenses), library, "SUM.THREE_PUBLIC")
    assert finding.location == "three_public_expenses.total.spent"


def test_income_total_is_its_sources(jingzhou, library):
    income = replace(jingzhou.income, carried_over=D(10))
    assert codes(replace(jingzhou, income=income), library, "SUM.INCOME") == ["SUM.INCOME"]


def test_staff_total_is_its_kinds(jingzhou, library):
    # seed 002: 36 = 13 行政 + 23 事业; 40 = 23 + 15 + 2 工勤
    department = replace(jingzhou.department, staff_actual=StaffCount(total=41, administrative=23, institutional=15, other=2))
    assert codes(replace(jingzhou, department=department), library, "SUM.STAFF") == ["SUM.STAFF"]


def test_unit_tables_are_checked_too(jingzhou, library):
    unit = jingzhou.department.units[0]
    units = replace_in_list(jingzhou.department.units, 0, budget=replace(unit.budget, basic_expenditure=BudgetLine(spent=D(700))))
    found = findings(replace(jingzhou, department=replace(jingzhou.department, units=units)), library, "SUM.BUDGET")
    assert {f.code for f in found} == {"SUM.BASIC", "SUM.SPENDING"}
    assert all(f.subject == "单位“局机关”" for f in found)


def test_assets_total(jingzhou, library):
    assets = replace(jingzhou.fixed_assets, leased=D(10))
    assert codes(replace(jingzhou, fixed_assets=assets), library, "SUM.ASSETS") == ["SUM.ASSETS"]


def test_only_selects_findings_by_code_prefix(tongcheng, library):
    budget = replace(tongcheng.budget, operating_cost=BudgetLine(spent=D("217.67")))
    broken = replace(tongcheng, budget=budget)
    assert codes(broken, library, "SUM.BASIC") == ["SUM.BASIC"]
    assert codes(broken, library, "SUM.SPENDING") == []
    assert "SUM.BASIC" in codes(broken, library, "SUM")
