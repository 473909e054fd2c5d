"""A plain-text report stating its budget, spending and execution rate in a sentence, in the wordings people write
(found by a new user: 预算资金1000万元，实际支出980万元，执行率95% was called clean), and the coverage saying which
money figures and rates of the text no fact took up."""

from __future__ import annotations

import pytest

from jixiao.io.extract.audit import audit_bytes
from jixiao.io.reading import Coverage

TITLE = "某县某局2023年度部门整体支出绩效自评报告\n"


def _audit(library, body: str):
    return audit_bytes("报告.txt", (TITLE + body + "\n").encode("utf-8"), library)


@pytest.mark.parametrize("sentence", [
    "预算资金1000万元，实际支出980万元，执行率95%。",
    "预算数1000万元，决算数980万元，执行率95%。",
    "调整后预算数1000万元，支出决算数980万元，执行率95%。",
    "全年预算1000万元，已支付980万元，预算执行率95%。",
    "调整后预算1000万元，执行数980万元，资金执行率95%。",
    "预算数1000万元，支出数980万元，支出进度95%。",
])
def test_a_rate_beside_the_budget_and_spending_is_checked(library, sentence):
    audit = _audit(library, sentence)
    assert audit.coverage.auditable
    rates = [f for f in audit.findings if f.code == "RATE.MISMATCH"]
    assert len(rates) == 1 and "98.00%" in str(rates[0].recomputed)
    budget = audit.evaluation.budget.total
    assert str(budget.budget_adjusted) == "1000" and str(budget.spent) == "980"


def test_a_right_rate_is_no_finding(library):
    audit = _audit(library, "预算资金1000万元，实际支出980万元，执行率98%。")
    assert not [f for f in audit.findings if f.code.startswith("RATE")]


@pytest.mark.parametrize("sentence", [
    "上年预算数1000万元，决算数980万元，执行率95%。",  # last year's
    "2022年预算资金1000万元，实际支出980万元，执行率95%。",
    "某某项目预算数1000万元，决算数980万元，执行率95%。",  # a project's, not the department's
])
def test_figures_of_another_year_or_subject_are_not_the_departments(library, sentence):
    audit = _audit(library, sentence)
    assert not [f for f in audit.findings if f.code == "RATE.MISMATCH"]
    total = audit.evaluation.budget.total if audit.evaluation.budget else None
    assert total is None or total.budget_adjusted is None


def test_an_execution_rate_against_the_initial_budget_only_is_said_not_checked(library):
    audit = _audit(library, "年初预算1000万元，执行数980万元，资金执行率95%。")
    assert any("执行率" in line and "未核对" in line for line in audit.missing)


def test_figures_no_fact_took_up_are_listed_and_nothing_checkable_is_unauditable(library):
    audit = _audit(library, "我局统筹资金1000万元，完成率95%。")
    assert not audit.coverage.auditable and audit.findings == []
    assert audit.coverage.unplaced == ["第 2 行“我局统筹资金1000万元”", "第 2 行“完成率95%”"]
    assert "正文中 2 个金额或比率未能归入任何事实，未核对：第 2 行“我局统筹资金1000万元”、第 2 行“完成率95%”" \
        in audit.missing


def test_the_coverage_lists_unplaced_figures_beside_what_was_read():
    coverage = Coverage(prose_figures=3, unplaced=[f"第 {n} 行“投入{n}万元”" for n in range(1, 8)])
    assert coverage.summary() == "正文数字 3 项；正文中另有 7 个金额或比率未能读取、未核对"
    assert coverage.lines()[1] == ("正文中 7 个金额或比率未能归入任何事实，未核对：第 1 行“投入1万元”、第 2 行“投入2万元”、"
                                   "第 3 行“投入3万元”、第 4 行“投入4万元”、第 5 行“投入5万元”等")


def test_the_command_says_clean_only_as_far_as_it_read(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "报告.txt"
    path.write_text(TITLE + "预算资金1000万元，实际支出980万元，执行率98%。另安排培训投入50万元。\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "jixiao.cli", "audit", str(path)], capture_output=True, text=True,
                         check=False).stdout
    assert "已读取的内容中未发现问题" in out and "\n未发现问题。" not in out
    assert "正文中 1 个金额或比率未能归入任何事实，未核对：第 2 行“另安排培训投入50万元”" in out
