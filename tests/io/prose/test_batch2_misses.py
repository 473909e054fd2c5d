"""Conventions 520137a brought in from batch 2's misses, each on a sentence written for the test: the parts of a 其中
list take the scope of their total, 预算执行率 after the list is the total's, 较上年年初预算 X is last year's, 截至
YYYY年12月31日 names the year, a clause after a semicolon that names nothing goes on with the one before, a report on
one project states that project's figures and rate, 项目单位 labels the department."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.layout.model import Layout, Paragraph, Source
from jixiao.io.prose import ProseReading, read_prose
from jixiao.io.prose.mentions import read_mentions
from jixiao.io.prose.statements import statements
from jixiao.io.prose.text import Piece, Sentence


def sentence(text: str) -> Sentence:
    return Sentence(text, Piece(text, Source("test", line=1), "paragraph", 0))


def facts(text: str, year: int | None, project_report: bool = False) -> list[tuple[str, Decimal]]:
    return [(s.fact, s.value) for s in statements(read_mentions(sentence(text), year), year, project_report)]


def _reading_of(lines: list[str]) -> ProseReading:
    return read_prose(Layout("t.txt", "text", [Paragraph(t, Source("t.txt", line=i + 1)) for i, t in enumerate(lines)]))


def _stated(lines: list[str]) -> list[tuple[str, Decimal]]:
    return [(s.fact, s.value) for s in _reading_of(["2023年度部门整体支出绩效自评报告"] + lines).statements]


def test_the_parts_of_a_budget_take_the_budgets_scope():
    # 基本支出 and 项目支出 name 支出 in their own names: they are parts of the adjusted budget, not figures spent
    assert facts("2023年调整后全年预算为860.40万元，其中：基本支出512.30万元，项目支出348.10万元。", 2023) == [
        ("budget.total.budget_adjusted", Decimal("860.40")),
        ("budget.basic_expenditure.budget_adjusted", Decimal("512.30")),
        ("budget.project_expenditure.budget_adjusted", Decimal("348.10"))]
    # parts of the spending stay spending
    assert facts("2023年全年实际支出837.60万元，其中：基本支出500.00万元，项目支出337.60万元。", 2023)[1:] == [
        ("budget.basic_expenditure.spent", Decimal("500.00")), ("budget.project_expenditure.spent", Decimal("337.60"))]
    # a part with a scope word of its own keeps it
    assert facts("2023年调整后全年预算为860.40万元，其中：项目支出实际支出337.60万元。", 2023)[1:] == [
        ("budget.project_expenditure.spent", Decimal("337.60"))]


def test_the_list_after_a_full_stop_takes_the_scope_too():
    # clauses end at 。: the 其中 sentence is read joined to the one before it
    assert _stated(["2023年调整后全年预算为860.40万元。其中：基本支出512.30万元，项目支出348.10万元。"]) == [
        ("budget.total.budget_adjusted", Decimal("860.40")),
        ("budget.basic_expenditure.budget_adjusted", Decimal("512.30")),
        ("budget.project_expenditure.budget_adjusted", Decimal("348.10"))]


def test_an_execution_rate_after_a_list_of_parts_is_the_totals():
    # 预算执行率 is one word: taking out 执行 once left 预算率 behind, which named the last part's line
    stated = facts("2023年全年预算860.40万元，实际支出837.60万元，其中：基本支出500.00万元，项目支出337.60万元，"
                   "预算执行率97.35%。", 2023)
    assert stated[-1] == ("budget.total.execution_rate", Decimal("97.35"))
    assert not any(key == "budget.project_expenditure.execution_rate" for key, _ in stated)


def test_the_figure_after_last_years_initial_budget_is_last_years():
    (this, last, change) = read_mentions(sentence("2023年年初预算940.00万元，较上年年初预算885.20万元增加54.80万元。"),
                                         2023)
    assert (this.year, last.year, last.scope) == (2023, 2022, "年初预算")
    assert change.comparison.kind == "change"
    assert facts("2023年年初预算940.00万元，较上年年初预算885.20万元增加54.80万元。", 2023) == [
        ("budget.total.budget_initial", Decimal("940.00"))]


def test_spending_up_to_the_last_day_of_a_year_is_that_years():
    (spent,) = read_mentions(sentence("截至2023年12月31日，实际支出837.60万元。"), 2023)
    assert spent.year == 2023
    assert facts("截至2023年12月31日，实际支出837.60万元。", 2023) == [("budget.total.spent", Decimal("837.60"))]
    assert read_mentions(sentence("截止2022年12月31日止，累计支出612.00万元。"), 2023)[0].year == 2022
    assert facts("截至2022年12月31日，实际支出612.00万元。", 2023) == [("budget.total.last_year", Decimal("612.00"))]
    # a date within the year is no year's end: the figure is not the year's spending
    assert read_mentions(sentence("截至2023年6月30日，实际支出420.00万元。"), 2023)[0].year is None


def test_a_clause_after_a_semicolon_that_names_nothing_goes_on_with_the_one_before():
    assert _stated(["2023年全年预算135.00万元；已执行128.25万元，执行率95.00%。"]) == [
        ("budget.total.budget_adjusted", Decimal("135.00")), ("budget.total.spent", Decimal("128.25")),
        ("budget.total.execution_rate", Decimal("95.00"))]


def test_a_report_on_one_project_states_that_projects_rate():
    assert facts("本项目年初预算120万元，全年实际支出114.6万元，预算执行率95.50%。", 2023, True) == [
        ("projects[0].budget.budget_initial", Decimal("120")), ("projects[0].budget.spent", Decimal("114.6")),
        ("projects[0].budget.execution_rate", Decimal("95.50"))]
    # a department report keeps the total's rate
    assert facts("本年度部门预算执行率95.50%。", 2023) == [("budget.total.execution_rate", Decimal("95.50"))]


def test_the_project_unit_labels_the_department():
    assert _reading_of(["2023年度项目支出绩效自评报告", "项目名称：高标准农田建设",
                        "项目单位：青岭县农业农村局"]).department == "青岭县农业农村局"
    # run together with the next label, it is cut there
    assert _reading_of(["项目单位青岭县农业农村局联系人王某"]).department == "青岭县农业农村局"
