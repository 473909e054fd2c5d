"""The prose reader on sentences of the dev fixtures guangxi-dept-2023-web.txt and neimenggu-narrative-2023.doc: a
comparison's operand (比上年的 X 万元) is the base year's figure, a budget's income total is its initial budget, and
staff numbers carry how they are fixed (核定编制, 实有在职人员)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.layout.model import Source
from jixiao.io.prose.mentions import read_mentions
from jixiao.io.prose.statements import statements
from jixiao.io.prose.text import Piece, Sentence

GUANGXI = "2023年部门年初预算收入合计2186.45万元，比上年的2052.30万元增加134.15万元，增长6.54%。"


def sentence(text: str) -> Sentence:
    return Sentence(text, Piece(text, Source("test", line=1), "paragraph", 0))


def facts(text: str, year: int) -> dict[str, Decimal]:
    return {s.fact: s.value for s in statements(read_mentions(sentence(text), year), year)}


def test_the_figure_after_a_comparisons_base_is_the_base_years():
    this, last, change, rate = read_mentions(sentence(GUANGXI), 2023)
    assert (this.value, this.year) == (Decimal("2186.45"), 2023)
    assert (last.value, last.year, last.comparison) == (Decimal("2052.30"), 2022, None)
    assert change.comparison.kind == "change" and rate.comparison.kind == "change_rate"
    # a base named by its year works alike; a change right after the base stays a change of this year
    named = read_mentions(sentence("2023年项目支出决算1266.85万元，较2022年的1180.00万元增加86.85万元。"), 2023)
    assert [(m.value, m.year) for m in named[:2]] == [(Decimal("1266.85"), 2023), (Decimal("1180.00"), 2022)]
    (spent, up) = read_mentions(sentence("2023年项目支出决算1266.85万元，比上年增加86.85万元。"), 2023)
    assert (up.year, up.comparison.kind) == (2023, "change")


def test_a_budgets_income_total_is_the_initial_budget_not_final_income():
    assert facts(GUANGXI, 2023) == {"budget.total.budget_initial": Decimal("2186.45")}


def test_staff_with_how_the_number_is_fixed():
    assert facts("核定编制38名，实有在职人员36人。", 2023) == {
        "department.staff_authorized.total": Decimal(38), "department.staff_actual.total": Decimal(36)}
