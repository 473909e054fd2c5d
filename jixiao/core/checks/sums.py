"""Sums (CHECKS.md · Arithmetic): a total equals the sum of its parts, within the rounding of the figures shown."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator, NamedTuple

from ..model import Budget, Income, StaffCount
from ..money import UNIT_SLIP, fmt_plain, places_shown, round_half_up, unit_apart
from . import CheckContext, Finding, check
from ._common import department_and_units, sum_tolerance


def _mismatch(code: str, location: str, what: str, parts: list[Decimal], total: Decimal, unit: str = "万元",
              subject: str = "") -> Finding | None:
    computed = sum(parts, Decimal(0))
    if abs(computed - total) <= sum_tolerance(parts, total):
        return None
    places = max(places_shown(total), 2)
    shown, difference = round_half_up(computed, places), round_half_up(abs(computed - total), places)
    return Finding(
        code, "error", location,
        f"{what}：各项之和为 {fmt_plain(shown)} {unit}，所列合计为 {fmt_plain(total)} {unit}，"
        f"相差 {fmt_plain(difference)} {unit}，请核对各项或合计"
        f"{f'（相差百倍以上，{UNIT_SLIP}）' if unit == '万元' and unit_apart(computed, total) else ''}。",
        stated=fmt_plain(total), recomputed=fmt_plain(shown), subject=subject or "部门",
    )


def _stated_in_text(stated_totals, parts: list[Decimal], total: Decimal) -> bool:
    """The text states this total with these parts ("支出合计 X 万元，其中：基本支出 a 万元，项目支出 b 万元"): the
    sentence is SUM.PROSE's to correct, once, not a budget table's row."""
    return any(t.kind == "sum" and t.total == total and sorted(p.value for p in t.parts) == sorted(parts)
               for t in stated_totals)


class BudgetSum(NamedTuple):
    code: str
    name: str  # as the check's title and 尚未审核 say it
    total: tuple[str, str]  # the line's field in Budget, and its name
    parts: tuple[tuple[str, str], ...]


# the budget table's sums, checked column by column (SUM.BUDGET), and named unchecked when a figure is blank
# (core.unchecked): one definition for both
BUDGET_SUMS = (
    BudgetSum("SUM.BASIC", "基本支出 = 人员经费 + 公用经费", ("basic_expenditure", "基本支出"),
              (("personnel_cost", "人员经费"), ("operating_cost", "公用经费"))),
    BudgetSum("SUM.SPENDING", "支出合计 = 基本支出 + 项目支出", ("total", "支出合计"),
              (("basic_expenditure", "基本支出"), ("project_expenditure", "项目支出"))),
)
BUDGET_COLUMNS = (("budget_initial", "年初预算数"), ("budget_adjusted", "调整后预算数"), ("spent", "决算数"))


def budget_figure(budget: Budget, line: str, column: str) -> Decimal | None:
    found = getattr(budget, line)
    return getattr(found, column) if found else None


def _budget_findings(budget: Budget, prefix: str, subject: str, stated_totals=()) -> Iterator[Finding]:
    for column, label in BUDGET_COLUMNS:
        for rule in BUDGET_SUMS:
            (field, name), parts = rule.total, [budget_figure(budget, f, column) for f, _ in rule.parts]
            total = budget_figure(budget, field, column)
            if total is None or None in parts or _stated_in_text(stated_totals, parts, total):
                continue
            words = "与".join(shown for _, shown in rule.parts)
            found = _mismatch(rule.code, f"{prefix}{field}.{column}", f"{name}{label}应等于{words}之和", parts, total,
                              subject=subject)
            if found:
                yield found


@check("SUM.BUDGET", "基本支出 = 人员经费 + 公用经费；支出合计 = 基本支出 + 项目支出")
def budget_sums(ctx: CheckContext) -> Iterator[Finding]:
    for prefix, subject, budget in department_and_units(ctx.evaluation, "budget"):
        stated = ctx.evaluation.stated_totals if prefix == "budget." else ()  # the text speaks of the department
        yield from _budget_findings(budget, prefix, subject, stated)
    for index, project in enumerate(ctx.evaluation.projects):
        if project.funds:  # a project that lists no sources of funds has nothing to add up
            yield from _funds_findings(project, index)


def _funds_findings(project, index: int) -> Iterator[Finding]:
    """A project's sources of funds (其中：本年财政拨款、上年结转、其他资金) cannot add up to more than its 年度资金总额.
    Less is not a finding: a source left blank is not listed, so the listed parts may fall short of the total."""
    total = project.budget.budget_adjusted if project.budget else None
    parts = [f.amount for f in project.funds if f.amount is not None]
    if total is None or not parts:
        return
    if sum(parts, Decimal(0)) <= total + sum_tolerance(parts, total):
        yield from _funds_spent_findings(project, index, parts, total)
        return
    found = _mismatch("SUM.BUDGET", f"projects[{index}].budget.budget_adjusted",
                      "年度资金总额应不小于其中各项资金来源之和", parts, total, subject=f"项目“{project.name}”")
    if found:
        yield found


def _funds_spent_findings(project, index: int, parts: list[Decimal], total: Decimal) -> Iterator[Finding]:
    """Sources whose budgets add up to the total's are all the sources there are: what each of them spent (执行数)
    then adds up to the total's 执行数 too."""
    spent = [f.spent for f in project.funds]
    stated = project.budget.spent
    if stated is None or None in spent or abs(sum(parts, Decimal(0)) - total) > sum_tolerance(parts, total):
        return
    found = _mismatch("SUM.BUDGET", f"projects[{index}].budget.spent",
                      "年度资金总额的执行数应等于其中各项资金来源执行数之和", spent, stated,
                      subject=f"项目“{project.name}”")
    if found:
        yield found


_INCOME_PARTS = ("carried_over", "fiscal_appropriation", "superior_subsidy", "service_income", "business_income",
                 "affiliate_remittance", "other_income")
_APPROPRIATION_PARTS = ("general_public", "government_fund", "state_capital", "social_insurance_fund")


def _income_findings(income: Income, prefix: str, subject: str) -> Iterator[Finding]:
    appropriation = income.fiscal_appropriation
    by_budget = [getattr(income, f) for f in _APPROPRIATION_PARTS if getattr(income, f) is not None]
    if appropriation is not None and by_budget:
        found = _mismatch("SUM.INCOME", f"{prefix}fiscal_appropriation", "财政拨款收入应等于四本预算拨款之和",
                          by_budget, appropriation, subject=subject)
        if found:
            yield found
    if income.total is None:
        return
    parts = [getattr(income, f) for f in _INCOME_PARTS if getattr(income, f) is not None]
    if appropriation is None:
        parts += by_budget
    parts += [item.amount for item in income.other_items]
    if parts:
        found = _mismatch("SUM.INCOME", f"{prefix}total", "收入合计应等于各收入来源之和", parts, income.total, subject=subject)
        if found:
            yield found


@check("SUM.INCOME", "收入合计 = 各收入来源之和")
def income_sums(ctx: CheckContext) -> Iterator[Finding]:
    for prefix, subject, income in department_and_units(ctx.evaluation, "income"):
        yield from _income_findings(income, prefix, subject)


@check("SUM.THREE_PUBLIC", "“三公”经费合计 = 四项之和")
def three_public_sums(ctx: CheckContext) -> Iterator[Finding]:
    expenses = ctx.evaluation.three_public_expenses
    if expenses is None or expenses.total is None:
        return
    lines = [expenses.overseas_travel, expenses.vehicle_purchase, expenses.vehicle_operation, expenses.reception]
    for field, label in (("budget", "预算数"), ("spent", "决算数"), ("last_year", "上年数")):
        total = getattr(expenses.total, field)
        parts = [getattr(line, field) for line in lines if line is not None and getattr(line, field) is not None]
        # one part alone says nothing of the other three (a text naming only 公务接待费 beside the total)
        if total is not None and len(parts) >= 2:
            found = _mismatch("SUM.THREE_PUBLIC", f"three_public_expenses.total.{field}",
                              f"“三公”经费{label}合计应等于因公出国（境）费、公务用车购置费、公务用车运行维护费、公务接待费四项之和",
                              parts, total)
            if found:
                yield found


@check("SUM.PROJECTS", "项目清单合计 = 所列项目支出总额")
def project_sums(ctx: CheckContext) -> Iterator[Finding]:
    e = ctx.evaluation
    if not e.projects:
        return
    budgets = [p.budget.budget_adjusted if p.budget else None for p in e.projects]
    if any(b is None for b in budgets):
        return
    declared = []
    if e.budget and e.budget.project_expenditure and e.budget.project_expenditure.budget_adjusted is not None:
        declared.append(("budget.project_expenditure.budget_adjusted", "项目支出调整后预算数",
                         e.budget.project_expenditure.budget_adjusted))
    if e.declared_totals and e.declared_totals.project_expenditure is not None:
        declared.append(("declared_totals.project_expenditure", "自评表所列项目支出总额", e.declared_totals.project_expenditure))
    for location, label, total in declared:
        found = _mismatch("SUM.PROJECTS", location, f"{len(budgets)} 个项目的调整后预算合计应等于{label}",
                          budgets, total)  # type: ignore[arg-type]
        if found:
            yield found


def _staff_sum(count: StaffCount | None, location: str, what: str, subject: str) -> Finding | None:
    parts = None if count is None or count.total is None else count.parts_sum()
    if parts is None or parts == count.total:
        return None
    return Finding("SUM.STAFF", "error", location,
                   f"{what}合计 {count.total} 人，分类之和为 {parts} 人，请核对。",
                   stated=str(count.total), recomputed=str(parts), subject=subject)


@check("SUM.STAFF", "人数合计 = 分类之和；部门人数 = 各单位之和")
def staff_sums(ctx: CheckContext) -> Iterator[Finding]:
    dept = ctx.evaluation.department
    for count, location, what in ((dept.staff_authorized, "department.staff_authorized", "编制数"),
                                  (dept.staff_actual, "department.staff_actual", "实有人数")):
        found = _staff_sum(count, location, what, "部门")
        if found:
            yield found
    for i, unit in enumerate(dept.units):
        for count, field, what in ((unit.staff_authorized, "staff_authorized", "编制数"),
                                   (unit.staff_actual, "staff_actual", "实有人数")):
            found = _staff_sum(count, f"department.units[{i}].{field}", what, f"单位“{unit.name}”")
            if found:
                yield found


@check("SUM.ASSETS", "固定资产合计 = 在用 + 出租 + 其他")
def asset_sums(ctx: CheckContext) -> Iterator[Finding]:
    assets = ctx.evaluation.fixed_assets
    if assets is None or assets.total is None:
        return
    parts = [p for p in (assets.in_use, assets.leased, assets.other) if p is not None]
    if parts:
        found = _mismatch("SUM.ASSETS", "fixed_assets.total", "固定资产合计应等于在用、出租与其他之和",
                          parts, assets.total, assets.currency_unit)
        if found:
            yield found

