"""The prose reader on sentences of the dev fixtures guangxi-dept-2023-web.txt and neimenggu-narrative-2023.doc: a
comparison's operand (比上年的 X 万元) is the base year's figure, a budget's income total is its initial budget, and
staff numbers carry how they are fixed (核定编制, 实有在职人员)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.layout.model import Layout, Paragraph, Source
from jixiao.io.prose import read_prose
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


def test_staff_said_with_its_subject_kind_and_year_end():
    """jiangsu-narrative-2022.docx, liaoning-narrative-2022.pdf, guangdong-narrative-2021-markdown.md: the department
    names itself (局机关及下属事业单位, 我局), the post's kind follows 核定 (核定事业编制), the count is dated by its
    year's end (2022 年末, 2021年末)."""
    staff = {"department.staff_authorized.total": Decimal(68), "department.staff_actual.total": Decimal(72)}
    text = "截至2022年12月31日，局机关及下属事业单位核定编制68名，实有在职人员72人，退休人员31人。"
    assert facts(text, 2022) == staff
    assert facts("中心内设5 个部门。核定事业编制58名，2022 年末实有在职人员55 人。", 2022) == {
        "department.staff_authorized.total": Decimal(58), "department.staff_actual.total": Decimal(55)}
    assert facts("我局实有编制数48人，2021年末在职人数45人、离退休人数31人。", 2021) == {
        "department.staff_authorized.total": Decimal(48), "department.staff_actual.total": Decimal(45)}
    # jiangxi-final-2022-threepublic.doc: 实有人数 counts the retired too; the staff are its 在职 part
    assert facts("本部门2022年末实有人数138人，其中在职人员112人，退休人员26人。", 2022) == {
        "department.staff_actual.total": Decimal(112)}
    # another body's staff stays its own
    assert facts("下属检测中心编制12名，在职10人。", 2022) == {}


def test_a_part_compared_with_its_own_base_figure_keeps_its_change_rate():
    """zhejiang-narrative-2023-web-tabs.txt: 比上年11.35万元下降15.13% names nothing but its base figure, so the rate
    is the 公务接待费's, also after 其中."""
    assert facts("其中公务接待费9.86万元，比上年11.35万元下降15.13%。", 2023) == {
        "three_public_expenses.reception.last_year": Decimal("11.35"),
        "three_public_expenses.reception.change_rate": Decimal("-15.13")}


def test_a_budget_after_a_count_of_projects_is_theirs():
    """shanxi-narrative-2021.pdf: 纳入自评范围的项目共 5 个，全年预算数 1012.62 万元 — the budget of the projects
    counted (the project expenditure), not the department's 2354.72 stated before; a figure naming the whole stays
    the whole's."""
    text = "纳入自评范围的项目共 5 个，全年预算数 1012.62 万元，全年执行数 920.45 万元，自评结果如下："
    assert facts(text, 2021) == {
        "budget.project_expenditure.budget_adjusted": Decimal("1012.62"),
        "budget.project_expenditure.spent": Decimal("920.45")}
    assert facts("2021 年度部门年初预算数 2186.40 万元，全年预算数 2354.72 万元，全年执行数 2247.03 万元。", 2021) == {
        "budget.total.budget_initial": Decimal("2186.40"), "budget.total.budget_adjusted": Decimal("2354.72"),
        "budget.total.spent": Decimal("2247.03")}


GUANGDONG_THREE_PUBLIC = ("2021年“三公”经费支出18.42万元，其中：因公出国（境）费0万元，"
                          "公务用车购置及运行维护费13.06万元，公务接待费5.36万元。比上年21.60万元减少3.18万元，下降14.72%。"
                          "其中公务接待费比上年6.85万元下降22.75%，主要是严格执行接待标准。")


def test_three_public_parts_of_the_years_total_and_their_bases():
    """guangdong-narrative-2021-markdown.md (here with its year said): the 其中 parts are of the year of the total they
    break down; 公务用车购置及运行维护费 said as one line is held as the vehicles' running costs (as the tables' reader
    holds it); 比上年21.60万元 opening a sentence compares the total before the 其中 list; the base right after 比上年
    is last year's spending."""
    assert facts(GUANGDONG_THREE_PUBLIC, 2021) == {
        "three_public_expenses.total.spent": Decimal("18.42"),
        "three_public_expenses.overseas_travel.spent": Decimal("0"),
        "three_public_expenses.vehicle_operation.spent": Decimal("13.06"),
        "three_public_expenses.reception.spent": Decimal("5.36"),
        "three_public_expenses.total.last_year": Decimal("21.60"),
        "three_public_expenses.total.change": Decimal("-3.18"),
        "three_public_expenses.total.change_rate": Decimal("-14.72"),
        "three_public_expenses.reception.last_year": Decimal("6.85"),
        "three_public_expenses.reception.change_rate": Decimal("-22.75")}


def test_a_sentence_opening_with_its_base_compares_what_the_one_before_named():
    """The same paragraph read as a report is read, sentence by sentence: 比上年21.60万元减少3.18万元 opening the
    second sentence is the 三公 total's, not the 公务接待费's the first sentence ended with."""
    blocks = [Paragraph("2021年度粤岚市司法局部门整体支出绩效自评报告", Source("t.txt", line=1)),
              Paragraph(GUANGDONG_THREE_PUBLIC, Source("t.txt", line=2))]
    reading = read_prose(Layout("t.txt", "text", blocks))
    stated = {s.fact: s.value for s in reading.statements}
    assert stated["three_public_expenses.total.last_year"] == Decimal("21.60")
    assert stated["three_public_expenses.reception.last_year"] == Decimal("6.85")
    assert stated["three_public_expenses.reception.spent"] == Decimal("5.36")


def test_a_part_after_a_semicolon_goes_on_with_the_other_parts():
    """neimenggu-final-2022-toc.doc: 其他收入 after the ； is a part of the 其中 list too, of the year of the 收入合计
    before it, so that the parts add up to 3286.54 (3150.24 + 136.30)."""
    text = "2022年度本年收入合计3286.54万元，其中：财政拨款收入3150.24万元，占95.85%；其他收入136.30万元，占4.15%。"
    blocks = [Paragraph("2022年度部门决算公开说明", Source("t.txt", line=1)), Paragraph(text, Source("t.txt", line=2))]
    stated = {s.fact: s.value for s in read_prose(Layout("t.txt", "text", blocks)).statements}
    assert stated["income.other_income"] == Decimal("136.30")
    assert stated["income.fiscal_appropriation"] == Decimal("3150.24")
