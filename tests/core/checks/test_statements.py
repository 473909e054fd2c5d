from decimal import Decimal as D

from jixiao.core.model import Statement

from .helpers import codes, findings, replace


def test_seed_002_reception_change_is_recomputed(jingzhou, library):
    found = {f.location: f for f in findings(jingzhou, library, "RATE")}
    reception = found["statements[3]"]
    assert (reception.stated, reception.recomputed) == ("-18.92%", "-18.94%")
    assert reception.severity == "warning"  # the rounding of 5.18 and 6.39 could explain it
    # 8.67% for (2.32 − 2.54) / 2.54 = 8.66% is the same kind of slip
    assert found["statements[7]"].recomputed == "-8.66%"
    # the other eleven figures of the table and text add up and raise nothing
    assert set(found) == {"statements[3]", "statements[7]"}


def test_a_rate_no_rounding_explains_is_an_error(jingzhou, library):
    statements = [Statement(fact="three_public_expenses.reception.change_rate", value=D("-28.92"), unit="%")]
    [finding] = findings(replace(jingzhou, statements=statements), library, "RATE")
    assert finding.severity == "error"


def test_seed_003_rates_add_up(tongcheng, library):
    # 完成年初预算的 119%, 三公 62% / 46% / 74%, 机关运行经费增长 16%, shares 90% / 10%, execution 100.00%
    assert codes(tongcheng, library, "RATE") == []


def test_a_rate_ten_times_off_asks_about_the_unit(tongcheng, library):
    """Seed 003's 支出合计 决算数 2820.06 万元 typed in 元 (28200600): 增长 8 % recomputes to 1083259.26 %, and the
    message asks about 元 before anything else (a new user read only “增长 1083259.26%”)."""
    budget = replace(tongcheng.budget, total=replace(tongcheng.budget.total, spent=D("28200600")))
    found = {f.location: f for f in findings(replace(tongcheng, budget=budget), library, "RATE")}
    growth = next(f for f in found.values() if f.stated == "8%")
    assert growth.recomputed == "1083259.26%" and growth.severity == "error"
    assert growth.message.endswith("（相差百倍以上，请先核对所依据的金额是否把“元”当作“万元”填写或多写了位数）。")


def test_seed_000_counts_and_excellent_share_add_up(changli, library):
    assert codes(changli, library, "RATE", "FACT") == []
    wrong = replace(changli, statements=[Statement(fact="projects.excellent_share", value=D("95"), unit="%")])
    assert codes(wrong, library, "RATE") == ["RATE.MISMATCH"]


def test_one_fact_two_values_in_seed_003(tongcheng, library):
    found = findings(tongcheng, library, "FACT")
    assert [(f.stated, f.recomputed) for f in found] == [("2366.07 万元", "2366.08 万元"), ("73 万", "730 万")]
    assert all(f.severity == "error" for f in found)
    assert found[1].subject == "弥补工伤保险基金缺口73万"


def test_one_fact_stated_twice_without_data_compares_the_statements(jingzhou, library):
    statements = [Statement(fact="budget.total.budget_adjusted", value=D("1001.50"), where="第 1 页"),
                  Statement(fact="budget.total.budget_adjusted", value=D("1001.5"), where="第 3 页"),
                  Statement(fact="budget.total.budget_adjusted", value=D("1010.50"), where="第 5 页")]
    [finding] = findings(replace(jingzhou, statements=statements), library, "FACT")
    assert finding.location == "statements[2]" and "“第 1 页”处" in finding.message


# ---------------------------------------------- FACT.CONFLICT: an error only for a figure that looks mistyped (520137a)
def test_figures_that_differ_by_a_slip_are_mistyped():
    from jixiao.core.checks.statements import mistyped

    # CHECKS.md · One fact, one value: a last digit changed, a digit dropped
    assert mistyped(D("2366.08"), D("2366.07")) and mistyped(D("730"), D("73"))
    # two digits swapped, a digit added, the same figure shown to fewer places
    assert mistyped(D("1508.36"), D("1580.36")) and mistyped(D("45"), D("450")) and mistyped(D("88.4"), D("88.47"))
    # figures of two different things
    assert not mistyped(D("4092.35"), D("4318.60"))
    assert not mistyped(D("612.40"), D("587.95")) and not mistyped(D("120"), D("96.5"))


def _dept(**changes):
    from jixiao.core.model import Department, Evaluation

    return Evaluation(year=2023, department=Department(name="青岭县农业农村局"), **changes)


def test_a_conflict_between_unlike_figures_is_a_warning_naming_the_scope(library):
    from jixiao.core.model import Budget, BudgetLine

    # 860.40 in the data, 1015.75 in the text: more likely last year's, or the budget of another line, than a slip
    evaluation = _dept(budget=Budget(total=BudgetLine(budget_adjusted=D("860.40"))),
                       statements=[Statement(fact="budget.total.budget_adjusted", value=D("1015.75"), unit="万元",
                                             where="第 2 页")])
    [finding] = findings(evaluation, library, "FACT")
    assert (finding.code, finding.severity) == ("FACT.CONFLICT", "warning")
    assert (finding.stated, finding.recomputed) == ("1015.75 万元", "860.40 万元")
    assert "口径" in finding.message and "数据中为 860.40 万元" in finding.message


def test_a_conflict_between_figures_a_slip_apart_is_an_error(library):
    from jixiao.core.model import Budget, BudgetLine

    evaluation = _dept(budget=Budget(total=BudgetLine(budget_adjusted=D("860.40"))),
                       statements=[Statement(fact="budget.total.budget_adjusted", value=D("806.40"), unit="万元")])
    [finding] = findings(evaluation, library, "FACT")
    assert finding.severity == "error" and "前后不一致" in finding.message and "口径" not in finding.message
    # two statements without data: the later one is judged against the first
    stated = [Statement(fact="budget.total.spent", value=D("837.60"), where="第 1 页"),
              Statement(fact="budget.total.spent", value=D("837.06"), where="第 4 页"),
              Statement(fact="budget.total.spent", value=D("702.15"), where="第 6 页")]
    found = findings(_dept(statements=stated), library, "FACT")
    assert [(f.location, f.severity) for f in found] == [("statements[1]", "error"), ("statements[2]", "warning")]


def test_a_fall_stated_in_words_is_quoted_in_its_words(jingzhou, library):
    """zhejiang-narrative-2023-web-tabs.txt: 其中公务接待费9.86万元，比上年11.35万元下降15.13% — (11.35 − 9.86) ÷ 11.35
    is a fall of 13.13 %; the reviewer quotes the text's 下降 15.13 %, the fields keep the signed figures."""
    reception = replace(jingzhou.three_public_expenses.reception, spent=D("9.86"), last_year=D("11.35"))
    expenses = replace(jingzhou.three_public_expenses, reception=reception)
    statements = [Statement(fact="three_public_expenses.reception.change_rate", value=D("-15.13"), unit="%",
                            text="其中公务接待费9.86万元，比上年11.35万元下降15.13%")]
    [finding] = findings(replace(jingzhou, three_public_expenses=expenses, statements=statements), library, "RATE")
    assert (finding.stated, finding.recomputed) == ("-15.13%", "-13.13%")
    assert "所列为下降 15.13%，按所列数字重算为下降 13.13%" in finding.message
