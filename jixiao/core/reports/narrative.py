"""Figures written into sentences, the way the reports state them ("年度实际支出率达 99.03%")."""

from __future__ import annotations

from decimal import Decimal

from ..model import BudgetLine, Evaluation
from ..money import fmt_percent, fmt_total, fmt_wan
from ..results import EvaluationResult, ScoreCard
from .three_public import last_year_missing, last_year_total


def wan(value: Decimal | None) -> str:
    return fmt_wan(value).replace(",", "")


def budget_sentence(year: int, subject: str, line: BudgetLine | None) -> str | None:
    """“2023 年本部门（含所属预算单位）整体年初预算安排 27943.89 万元，年中调整后预算数为 27346.62 万元，决算数 27081.25 万元，
    年度实际支出率达 99.03%。”"""
    if line is None or line.spent is None:
        return None
    parts = [f"{year} 年{subject}"]
    if line.budget_initial is not None:
        parts.append(f"年初预算安排 {wan(line.budget_initial)} 万元，")
    if line.budget_adjusted is not None:
        parts.append(f"年中调整后预算数为 {wan(line.budget_adjusted)} 万元，")
    parts.append(f"决算数 {wan(line.spent)} 万元")
    if line.budget_adjusted:
        parts.append(f"，年度实际支出率达 {fmt_percent(line.spent / line.budget_adjusted)}")
    if line.last_year:
        change = (line.spent - line.last_year) / line.last_year
        verb = "增长" if change >= 0 else "下降"
        parts.append(f"，比上年 {wan(line.last_year)} 万元{verb} {fmt_percent(abs(change))}")
    return "".join(parts) + "。"


def missing_sentence(year: int, what: str) -> str:
    """What a report says for a part the department left blank: one sentence, where a heading stood over nothing or
    an empty table (trial 13): “2023 年本部门未填报人员编制数据。”. Every shape and every format says it alike."""
    return f"{year} 年本部门未填报{what}数据。"


INCOME_SOURCES = (("general_public", "一般公共预算财政拨款"), ("government_fund", "政府性基金预算财政拨款"),
                  ("state_capital", "国有资本经营预算财政拨款"), ("carried_over", "上年结转"),
                  ("superior_subsidy", "上级补助收入"), ("service_income", "事业收入"), ("other_income", "其他收入"))


def income_sources(evaluation: Evaluation) -> list[tuple[str, Decimal]]:
    """Each source of income with a figure other than 0, as the income chart draws them and the sentence states
    them; [] without an income total."""
    income = evaluation.income
    if income is None or not income.total:
        return []
    return [(label, amount) for key, label in INCOME_SOURCES if (amount := getattr(income, key))]


def income_sentence(evaluation: Evaluation) -> str:
    """“2023 年本部门收入合计 2820.06 万元，其中：一般公共预算财政拨款 2820.06 万元，占 100.00%。”, from the figures
    the income chart draws; said plainly where the evaluation has no income figures."""
    income = evaluation.income
    year = evaluation.year
    if income is None or income.total is None:
        return missing_sentence(year, "收入决算")
    text = f"{year} 年本部门收入合计 {wan(income.total)} 万元"
    sources = income_sources(evaluation)
    if not sources:
        return text + "，未分来源填报。" if income.total else text + "。"
    parts = [f"{label} {wan(amount)} 万元，占 {fmt_percent(amount / income.total)}" for label, amount in sources]
    return f"{text}，其中：{'；'.join(parts)}。"


def spending_structure_sentence(evaluation: Evaluation) -> str | None:
    budget = evaluation.budget
    if budget is None or budget.total is None or not budget.total.spent:
        return None
    total = budget.total.spent
    parts = []
    for key, label in (("basic_expenditure", "基本支出"), ("project_expenditure", "项目支出")):
        line = getattr(budget, key)
        if line is not None and line.spent is not None:
            parts.append(f"{label} {wan(line.spent)} 万元，占 {fmt_percent(line.spent / total)}")
    return f"支出合计 {wan(total)} 万元，其中：{'；'.join(parts)}。" if parts else None


def three_public_sentence(evaluation: Evaluation) -> str | None:
    """“三公”经费 spent, against its budget and against last year (上年决算数). Where the evaluation records no
    上年决算数 the sentence says so, rather than leaving the comparison the section's table and chart would make."""
    expenses = evaluation.three_public_expenses
    if expenses is None:
        return None
    parts = [expenses.overseas_travel, expenses.vehicle_purchase, expenses.vehicle_operation, expenses.reception]
    spent = expenses.total.spent if expenses.total and expenses.total.spent is not None else \
        sum((p.spent for p in parts if p is not None and p.spent is not None), Decimal(0))
    budget = expenses.total.budget if expenses.total and expenses.total.budget is not None else None
    last = last_year_total(expenses)
    text = f"“三公”经费支出 {wan(spent)} 万元"
    if budget:
        text += f"，预算 {wan(budget)} 万元，完成预算的 {fmt_percent(spent / budget)}，节约 {wan(budget - spent)} 万元"
    if last is None:
        return text + f"；本次自评{last_year_missing(expenses)}上年决算数，未与上年对比。"
    if last:
        change = (spent - last) / last
        text += f"；上年 {wan(last)} 万元，{'增加' if change >= 0 else '减少'} {fmt_percent(abs(change))}"
    else:
        text += f"；上年 {wan(last)} 万元，" + (f"本年增加 {wan(spent)} 万元" if spent else "与上年持平")
    return text + "。"


def projects_sentence(result: EvaluationResult, total: Decimal | None) -> str | None:
    if not result.projects:
        return None
    counts = "，".join(f"“{grade}”项目 {n} 个" for grade, n in result.grade_counts.items())
    share = fmt_percent(result.excellent_share) if result.excellent_share is not None else "—"
    money = f"，预算资金 {wan(total)} 万元" if total is not None else ""
    return f"共对 {len(result.projects)} 个项目开展绩效自评{money}。从评价情况看，项目支出评价等级为{counts}，评优率为 {share}。"


def score_sentence(card: ScoreCard | None, stated: Decimal | None, stated_grade: str | None) -> str:
    """The 综合得分 as the tables and every page show a total: always 2 places (92.70, 98.00)."""
    if card is not None and card.total is not None:
        if card.grade_withheld:
            return f"部门整体绩效自评结果得分 {fmt_total(card.total)} 分；等级未评定：{card.grade_withheld}。"
        grade = card.grade.name if card.grade else "未评定（尚有未计分指标）"
        return f"部门整体绩效自评结果得分 {fmt_total(card.total)} 分，评价等级为“{grade}”。"
    if stated is not None:
        return f"部门整体绩效自评结果得分 {fmt_total(stated)} 分，评价等级为“{stated_grade or '（未填写）'}”。"
    return "部门整体绩效自评尚未评分。"


def _attained(leaf) -> str:
    """How the actual stands against the target, said beside them: a 完成率 for most indicators; for one where less
    is better (a cost ceiling, a time limit) whether it stayed within — its 完成率 (target ÷ actual) reads 126.58%
    for 1848.60 万元 spent against ≤2340 万元, which a reader takes for an overrun (trial 10)."""
    if leaf.completion is None:
        return ""
    if leaf.method == "lower_better":
        return "（在目标值以内）" if leaf.completion >= 1 else f"（超出目标值，完成率 {fmt_percent(leaf.completion)}）"
    return f"（完成率 {fmt_percent(leaf.completion)}）"


def indicator_sentence(card: ScoreCard) -> list[str]:
    """One sentence per goal: what was achieved against what was set."""
    lines = []
    for group in card.groups:
        done = []
        for leaf in group.leaves():
            ind = leaf.indicator
            if ind.actual and ind.target and ind.actual != ind.target:
                done.append(f"{ind.name}目标 {ind.target}，实际 {ind.actual}{_attained(leaf)}")
            elif ind.actual:
                done.append(f"{ind.name}{ind.actual}")
        if done:
            lines.append(f"{group.name}：{'；'.join(done)}。")
    return lines
