"""SUM.BUDGET on a project's sources of funds (其中 rows): with the figures of the dev fixture
jilin-project-2022-tabs.txt — 年度资金总额 150 / 165 / 158.4, 本年财政拨款 120 / 135 / 128.4, 上年结转 30 / 30 / 25,
其他资金 0 / 0 / 0: the budgets add up (135 + 30 + 0 = 165), the 执行数 do not (128.4 + 25 + 0 = 153.4)."""

from decimal import Decimal as D

from jixiao.core.model import BudgetLine, Department, Evaluation, FundSource, Project

from .helpers import findings


def jilin(total_spent: str = "158.4", spent=("128.4", "25", "0"), budgets=("135", "30", "0")) -> Evaluation:
    names = ("本年财政拨款", "上年结转资金", "其他资金")
    funds = [FundSource(name=n, amount=D(b), spent=None if s is None else D(s))
             for n, b, s in zip(names, budgets, spent)]
    project = Project(name="公益性岗位补贴", funds=funds,
                      budget=BudgetLine(budget_initial=D(150), budget_adjusted=D(165), spent=D(total_spent)))
    return Evaluation(year=2022, department=Department(name="松岭县人力资源和社会保障局"), projects=[project])


def test_the_total_rows_spending_is_its_sources_spending(library):
    [finding] = findings(jilin(), library, "SUM.BUDGET")
    assert (finding.location, finding.stated, finding.recomputed) == ("projects[0].budget.spent", "158.4", "153.40")
    assert "执行数" in finding.message and finding.severity == "error"


def test_silent_when_the_sources_spending_adds_up(library):
    assert findings(jilin(total_spent="153.4"), library, "SUM.BUDGET") == []


def test_silent_when_a_source_leaves_its_spending_blank_or_the_sources_are_not_all_listed(library):
    assert findings(jilin(spent=("128.4", "25", None)), library, "SUM.BUDGET") == []
    # budgets 135 + 20 fall short of 165: a source is missing, so its spending may be what is missing too
    assert findings(jilin(budgets=("135", "20", "0")), library, "SUM.BUDGET") == []


def test_sources_above_the_total_budget_stay_one_finding_on_the_budget(library):
    [finding] = findings(jilin(budgets=("145", "30", "0")), library, "SUM.BUDGET")
    assert finding.location == "projects[0].budget.budget_adjusted"
