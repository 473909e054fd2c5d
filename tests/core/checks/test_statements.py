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
