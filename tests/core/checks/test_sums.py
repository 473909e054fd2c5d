from decimal import Decimal as D

from jixiao.core.model import BudgetLine, StaffCount, ThreePublicExpenses, ThreePublicLine

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


def test_a_part_typed_in_yuan_is_asked_about(tongcheng, library):
    """Seed 003's 公用经费 227.67 万元 typed in 元 (2276700): the sum is 895 times off, which no rounding or slipped
    digit explains; the message asks about the unit. A near miss (217.67) does not."""
    budget = replace(tongcheng.budget, operating_cost=BudgetLine(spent=D("2276700")))
    [finding] = findings(replace(tongcheng, budget=budget), library, "SUM.BUDGET")
    assert finding.code == "SUM.BASIC" and finding.message.endswith("（相差百倍以上，是否把“元”当作“万元”填写或多写了位数）。")
    budget = replace(tongcheng.budget, operating_cost=BudgetLine(spent=D("217.67")))
    [finding] = findings(replace(tongcheng, budget=budget), library, "SUM.BUDGET")
    assert finding.message.endswith("请核对各项或合计。")


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


def test_a_project_missing_from_seed_003s_list_is_not_within_rounding(tongcheng, library):
    # seed 003: 26 projects, 21468.3 万元 (line 461) and the same in the self-evaluation table's header. Taking out
    # 保存人事关系及档案费 (10 万元) leaves 21458.3. The list states "10", "592.62", "481.8": one column written to
    # 2 places with trailing zeros dropped, so its 25 figures are exact to 0.005 each, not 0.5 (12.5 in all).
    projects = list(tongcheng.projects)
    assert projects[3].name == "保存人事关系及档案费" and projects[3].budget.budget_adjusted == D(10)
    del projects[3]
    evaluation = replace(tongcheng, projects=projects)
    [total] = findings(evaluation, library, "SUM.PROJECTS")
    assert (total.severity, total.location, total.stated, total.recomputed) == \
        ("error", "declared_totals.project_expenditure", "21468.3", "21458.30")
    assert "相差 10.00 万元" in total.message
    [stated] = [f for f in findings(evaluation, library, "RATE") if f.stated == "21468.3 万元"]
    assert stated.severity == "error" and "四舍五入不能解释" in stated.message  # not “within rounding”


def test_a_column_is_read_to_the_places_it_shows():
    from jixiao.core.money import column_half_units, column_places
    assert column_places([D(10), D("592.62"), D("481.8")]) == 2
    assert column_places([D(10), D(20)]) == 0  # nothing says these are more than whole 万元
    assert column_places([D("18.71"), D("0.763117")]) == 2  # one exact conversion from 元 does not make all exact
    assert column_half_units([D(10), D("0.763117"), D(0)]) == [D("0.005"), D("0.0000005"), D(0)]


def test_three_public_total_against_one_part_alone_is_not_a_sum(jingzhou, library):
    """zhejiang-narrative-2023-web-tabs.txt: the text names the total (48.50) and 公务接待费 (9.86) only; the other
    three parts unread say nothing, so 9.86 ≠ 48.50 is no finding."""
    expenses = ThreePublicExpenses(total=ThreePublicLine(spent=D("48.50"), last_year=D("71.05")),
                                   reception=ThreePublicLine(spent=D("9.86"), last_year=D("11.35")))
    assert findings(replace(jingzhou, three_public_expenses=expenses), library, "SUM.THREE_PUBLIC") == []
