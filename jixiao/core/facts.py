"""Facts: every figure an evaluation's data determines, by a key a statement can name.

`budget.total.execution_rate`, `three_public_expenses.reception.change_rate`, `projects.budget_adjusted`,
`staff.control_rate` … Each fact is computed at full precision from the figures the document states, together with
the interval the true value must lie in given that those figures were rounded to the digits shown. A stated rate
outside that interval cannot be explained by rounding; one inside it but different from the recomputed figure may be.

Rates are in percent, as documents state them. A key that is not registered is read as a path into the evaluation
(`goals[6].indicators[0].actual`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable

import msgspec

from .labels import BUDGET_LINES, THREE_PUBLIC_PARTS
from .model import Evaluation, headcount
from .money import HUNDRED, ZERO, column_places, half_unit, places_shown, round_half_up
from .targets import parse_quantity


class Fact(msgspec.Struct, frozen=True, gc=False):
    """A figure with the interval [low, high] its rounded inputs allow. A Struct, built in C: a frozen dataclass is
    built field by field through object.__setattr__, and the checks build a few dozen facts for every department."""

    value: Decimal
    low: Decimal
    high: Decimal
    label: str = ""
    derived: bool = False  # computed from other figures (a rate, a sum), not stated directly
    # For amounts: the decimal places the figure is exact to (a sum of figures shown to 2 places is exact to 2).
    # None for rates and exact counts: they are compared at the precision the document states them.
    places: int | None = None

    @classmethod
    def stated(cls, value: Decimal, label: str = "", places: int | None = None) -> Fact:
        """A figure as the document states it, rounded to the places it shows (or to `places`, those of its
        column: see `money.column_places`)."""
        places = places_shown(value) if places is None else max(places, places_shown(value))
        h = half_unit(value, places)
        return cls(value, value - h, value + h, label, places=places)

    @classmethod
    def exact(cls, value: Decimal, label: str = "", derived: bool = True) -> Fact:
        """A figure with no rounding: a count, or one computed from the scoring (derived unless said otherwise)."""
        return cls(value, value, value, label, derived)

    def __add__(self, other: Fact) -> Fact:
        return Fact(self.value + other.value, self.low + other.low, self.high + other.high, derived=True,
                    places=_finest(self.places, other.places))

    def __sub__(self, other: Fact) -> Fact:
        return Fact(self.value - other.value, self.low - other.high, self.high - other.low, derived=True,
                    places=_finest(self.places, other.places))

    def __truediv__(self, other: Fact) -> Fact | None:
        if other.value == 0:
            return None
        value = self.value / other.value
        if other.low <= 0 <= other.high:  # the denominator could be 0 within rounding: no bound
            return Fact(value, Decimal("-Infinity"), Decimal("Infinity"), derived=True)
        corners = [a / b for a in (self.low, self.high) for b in (other.low, other.high)]
        return Fact(value, min(corners), max(corners), derived=True)

    def scaled(self, factor: Decimal, offset: Decimal = ZERO) -> Fact:
        ends = sorted((self.low * factor + offset, self.high * factor + offset))
        return Fact(self.value * factor + offset, ends[0], ends[1], self.label, derived=True)

    def labelled(self, label: str) -> Fact:
        return Fact(self.value, self.low, self.high, label, self.derived, self.places)

    def agreement(self, stated: Decimal) -> str:
        """How a stated figure agrees with this one: 'same', 'rounding' (the rounding of the figures could explain
        the difference) or 'different'.

        Compared at the precision the document states; an amount stated more finely than the figures it derives
        from (14,293.93 元 for 7.5 − 8.93 万元) is compared at the coarser of the two.
        """
        places = places_shown(stated) if self.places is None else min(places_shown(stated), self.places)
        if round_half_up(stated, places) == round_half_up(self.value, places):
            return "same"
        h = half_unit(stated)
        if stated - h < self.high and self.low < stated + h:  # strict: touching intervals cannot both round right
            return "rounding"
        return "different"


def _finest(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else max(a, b)


def _f(value: Decimal | None) -> Fact | None:
    return None if value is None else Fact.stated(value)


def _sum(values: list[Decimal | None]) -> Fact | None:
    """The sum of figures of one column: each read to the places the column shows."""
    given = [v for v in values if v is not None]
    places = column_places(given)
    present = [Fact.stated(v, places=places) for v in given]
    if not present:
        return None
    total = present[0]
    for item in present[1:]:
        total = total + item
    return total


def _percent(numerator: Fact | None, denominator: Fact | None) -> Fact | None:
    if numerator is None or denominator is None:
        return None
    quotient = numerator / denominator
    return None if quotient is None else quotient.scaled(HUNDRED)


FactFunction = Callable[[Evaluation, Any], "Fact | None"]
_REGISTRY: dict[str, tuple[str, FactFunction]] = {}


def register(key: str, label: str) -> Callable[[FactFunction], FactFunction]:
    def wrap(function: FactFunction) -> FactFunction:
        _REGISTRY[key] = (label, function)
        return function

    return wrap


def known_facts() -> dict[str, str]:
    return {key: label for key, (label, _) in _REGISTRY.items()}


GRADE_COUNT_PREFIX = "projects.grade_count."


def _all_graded(result: Any) -> bool:
    """How many projects earned a grade is known only when every project has one (computed or stated)."""
    return result is not None and bool(result.projects) and all(p.grade is not None for p in result.projects)


def fact(evaluation: Evaluation, key: str, result: Any = None) -> Fact | None:
    """The fact named `key`, or None when the data does not determine it. Unknown keys raise KeyError."""
    if key.startswith(GRADE_COUNT_PREFIX):
        grade = key[len(GRADE_COUNT_PREFIX):]
        if not _all_graded(result):
            return None
        return Fact(Decimal(result.grade_counts.get(grade, 0)), Decimal(result.grade_counts.get(grade, 0)),
                    Decimal(result.grade_counts.get(grade, 0)), f"评为“{grade}”的项目个数", derived=True)
    entry = _REGISTRY.get(key)
    if entry is not None:
        label, function = entry
        found = function(evaluation, result)
        return None if found is None else found.labelled(label)
    project_rate = PROJECT_EXECUTION_RATE.fullmatch(key)
    if project_rate:
        return _project_execution_rate(evaluation, int(project_rate[1]))
    return resolve_path(evaluation, key)


# a project's execution rate, as a report on that project states it (本项目…预算执行率 95.50%)
PROJECT_EXECUTION_RATE = re.compile(r"projects\[(\d+)\]\.budget\.execution_rate")


def _project_execution_rate(evaluation: Evaluation, index: int) -> Fact | None:
    if index >= len(evaluation.projects):
        raise KeyError(f"projects[{index}].budget.execution_rate")
    project = evaluation.projects[index]
    budget = project.budget
    found = _percent(_f(budget.spent if budget else None), _f(budget.budget_adjusted if budget else None))
    return None if found is None else found.labelled(f"项目“{project.name}”预算执行率（%）")


def is_computed(key: str) -> bool:
    """Whether `key` names a fact computed by a function of the registry (a rate, a change, a count), rather than
    a figure read directly at its path."""
    return key.startswith(GRADE_COUNT_PREFIX) or key in _REGISTRY or bool(PROJECT_EXECUTION_RATE.fullmatch(key))


def fact_label(key: str) -> str:
    if key.startswith(GRADE_COUNT_PREFIX):
        return f"评为“{key[len(GRADE_COUNT_PREFIX):]}”的项目个数"
    entry = _REGISTRY.get(key)
    return entry[0] if entry else key


# ------------------------------------------------------------------------------------------------ budget lines
def _budget_line(evaluation: Evaluation, line: str):
    if line == "execution":
        return evaluation.execution_line()[0]
    return getattr(evaluation.budget, line, None) if evaluation.budget else None


def _register_budget(line: str, name: str) -> None:
    for field_name, field_label in (("budget_initial", "年初预算数"), ("budget_adjusted", "调整后预算数"), ("spent", "决算数")):
        register(f"budget.{line}.{field_name}", f"{name}{field_label}")(
            lambda e, r, f=field_name: _f(getattr(_budget_line(e, line), f, None))
        )
    register(f"budget.{line}.execution_rate", f"{name}预算执行率（%）")(
        lambda e, r: _percent(_f(getattr(_budget_line(e, line), "spent", None)),
                              _f(getattr(_budget_line(e, line), "budget_adjusted", None)))
    )
    register(f"budget.{line}.completion_of_initial", f"{name}完成年初预算（%）")(
        lambda e, r: _percent(_f(getattr(_budget_line(e, line), "spent", None)),
                              _f(getattr(_budget_line(e, line), "budget_initial", None)))
    )
    register(f"budget.{line}.control_rate", f"{name}控制率（%）")(
        lambda e, r: _percent(_f(getattr(_budget_line(e, line), "spent", None)),
                              _f(getattr(_budget_line(e, line), "budget_adjusted", None)
                                 or getattr(_budget_line(e, line), "budget_initial", None)))
    )

    def adjustment(e: Evaluation, r: Any) -> Fact | None:
        budget = _budget_line(e, line)
        initial, adjusted = _f(getattr(budget, "budget_initial", None)), _f(getattr(budget, "budget_adjusted", None))
        return None if initial is None or adjusted is None else _percent(adjusted - initial, initial)

    register(f"budget.{line}.adjustment_rate", f"{name}预算调整率（%）")(adjustment)

    def saving(e: Evaluation, r: Any) -> Fact | None:
        budget = _budget_line(e, line)
        adjusted, spent = _f(getattr(budget, "budget_adjusted", None)), _f(getattr(budget, "spent", None))
        return None if adjusted is None or spent is None else _percent(adjusted - spent, adjusted)

    register(f"budget.{line}.saving_rate", f"{name}预算节约率（%）")(saving)
    register(f"budget.{line}.last_year", f"{name}上年决算数")(lambda e, r: _f(getattr(_budget_line(e, line), "last_year", None)))

    def change(e: Evaluation, r: Any) -> Fact | None:
        budget = _budget_line(e, line)
        spent, last = _f(getattr(budget, "spent", None)), _f(getattr(budget, "last_year", None))
        return None if spent is None or last is None else _percent(spent - last, last)

    register(f"budget.{line}.change_rate", f"{name}比上年增减（%）")(change)


for _line, _name in {**BUDGET_LINES, "execution": "自评表"}.items():
    _register_budget(_line, _name)


@register("budget.balance_rate", "结转结余率（%）")
def _balance_rate(e: Evaluation, r: Any) -> Fact | None:
    total = _budget_line(e, "total")
    return _percent(_f(e.budget.balance if e.budget else None), _f(getattr(total, "budget_adjusted", None)))


@register("budget.spent_share.basic_expenditure", "基本支出占支出合计（%）")
def _basic_share(e: Evaluation, r: Any) -> Fact | None:
    return _percent(_f(getattr(_budget_line(e, "basic_expenditure"), "spent", None)),
                    _f(getattr(_budget_line(e, "total"), "spent", None)))


@register("budget.spent_share.project_expenditure", "项目支出占支出合计（%）")
def _project_share(e: Evaluation, r: Any) -> Fact | None:
    return _percent(_f(getattr(_budget_line(e, "project_expenditure"), "spent", None)),
                    _f(getattr(_budget_line(e, "total"), "spent", None)))


# ---------------------------------------------------------------------------------------------- three public
def _three_public_line(e: Evaluation, part: str, field_name: str) -> Fact | None:
    expenses = e.three_public_expenses
    if expenses is None:
        return None
    if part == "vehicle":
        parts = [expenses.vehicle_purchase, expenses.vehicle_operation]
    elif part == "total":
        if expenses.total is not None and getattr(expenses.total, field_name) is not None:
            return _f(getattr(expenses.total, field_name))
        parts = [expenses.overseas_travel, expenses.vehicle_purchase, expenses.vehicle_operation, expenses.reception]
    else:
        parts = [getattr(expenses, part)]
    values = [getattr(p, field_name) for p in parts if p is not None]
    return _sum(values)


def _register_three_public(part: str, name: str) -> None:
    for field_name, label in (("spent", "决算数"), ("budget", "预算数"), ("last_year", "上年数")):
        register(f"three_public_expenses.{part}.{field_name}", f"{name}{label}")(
            lambda e, r, f=field_name: _three_public_line(e, part, f)
        )

    def pair(e: Evaluation, a: str, b: str) -> tuple[Fact | None, Fact | None]:
        return _three_public_line(e, part, a), _three_public_line(e, part, b)

    def saving(e: Evaluation, r: Any) -> Fact | None:
        budget, spent = pair(e, "budget", "spent")
        return None if budget is None or spent is None else budget - spent

    def change(e: Evaluation, r: Any) -> Fact | None:
        spent, last = pair(e, "spent", "last_year")
        return None if spent is None or last is None else spent - last

    def decrease(e: Evaluation, r: Any) -> Fact | None:
        spent, last = pair(e, "spent", "last_year")
        return None if spent is None or last is None else last - spent

    register(f"three_public_expenses.{part}.saving", f"{name}节约数")(saving)
    register(f"three_public_expenses.{part}.saving_rate", f"{name}节约比例（%）")(
        lambda e, r: _percent(saving(e, r), pair(e, "budget", "spent")[0]))
    register(f"three_public_expenses.{part}.change", f"{name}比上年增减")(change)
    register(f"three_public_expenses.{part}.change_rate", f"{name}比上年增减（%）")(
        lambda e, r: _percent(change(e, r), pair(e, "last_year", "spent")[0]))
    # a table's 减少数 / 减少比例 columns state a fall as a positive figure (上年 − 本年, over 上年)
    register(f"three_public_expenses.{part}.decrease", f"{name}比上年减少")(decrease)
    register(f"three_public_expenses.{part}.decrease_rate", f"{name}比上年减少（%）")(
        lambda e, r: _percent(decrease(e, r), pair(e, "last_year", "spent")[0]))
    register(f"three_public_expenses.{part}.control_rate", f"{name}控制率（%）")(
        lambda e, r: _percent(*pair(e, "spent", "budget")))
    register(f"three_public_expenses.{part}.spent_to_last_year", f"{name}本年与上年之比（%）")(
        lambda e, r: _percent(*pair(e, "spent", "last_year")))


for _part, _name in THREE_PUBLIC_PARTS.items():
    _register_three_public(_part, _name)


# ----------------------------------------------------------------------------------------------------- other
@register("running_cost.change_on_budget_rate", "机关运行经费比预算增减（%）")
def _running_cost_change(e: Evaluation, r: Any) -> Fact | None:
    line = e.running_cost
    if line is None:
        return None
    spent, budget = _f(line.spent), _f(line.budget_initial or line.budget_adjusted)
    return None if spent is None or budget is None else _percent(spent - budget, budget)


@register("income.total", "收入合计")
def _income_total(e: Evaluation, r: Any) -> Fact | None:
    return _f(e.income.total) if e.income else None


@register("staff.control_rate", "在职人员控制率（%）")
def _staff_control(e: Evaluation, r: Any) -> Fact | None:
    authorized, actual = staff_totals(e)
    if authorized is None or actual is None:
        return None
    return _percent(Fact.exact(Decimal(actual)), Fact.exact(Decimal(authorized)))


def staff_totals(e: Evaluation) -> tuple[int | None, int | None]:
    """Authorized and actual headcount of the department: its own figures, else the sum over its units."""
    dept = e.department

    authorized, actual = headcount(dept.staff_authorized), headcount(dept.staff_actual)
    if authorized is None and dept.units:
        values = [headcount(u.staff_authorized) for u in dept.units]
        authorized = sum(v for v in values if v is not None) if all(v is not None for v in values) else None
    if actual is None and dept.units:
        values = [headcount(u.staff_actual) for u in dept.units]
        actual = sum(v for v in values if v is not None) if all(v is not None for v in values) else None
    return authorized, actual


@register("fixed_assets.in_use_rate", "固定资产在用率（%）")
def _assets_in_use(e: Evaluation, r: Any) -> Fact | None:
    assets = e.fixed_assets
    return None if assets is None else _percent(_f(assets.in_use), _f(assets.total))


@register("procurement.execution_rate", "政府采购执行率（%）")
def _procurement(e: Evaluation, r: Any) -> Fact | None:
    p = e.procurement
    return None if p is None else _percent(_f(p.spent), _f(p.budget))


@register("projects.count", "项目个数")
def _project_count(e: Evaluation, r: Any) -> Fact | None:
    return Fact.exact(Decimal(len(e.projects))) if e.projects else None


@register("projects.budget_adjusted", "项目调整后预算合计")
def _projects_budget(e: Evaluation, r: Any) -> Fact | None:
    values = [p.budget.budget_adjusted if p.budget else None for p in e.projects]
    return _sum(values) if values and all(v is not None for v in values) else None


@register("projects.spent", "项目执行数合计")
def _projects_spent(e: Evaluation, r: Any) -> Fact | None:
    values = [p.budget.spent if p.budget else None for p in e.projects]
    return _sum(values) if values and all(v is not None for v in values) else None


@register("projects.excellent_share", "评优率（%）")
def _excellent_share(e: Evaluation, result: Any) -> Fact | None:
    if not _all_graded(result) or result.excellent_share is None:
        return None
    return Fact.exact(result.excellent_share * HUNDRED)


@register("score.total", "综合得分")
def _total_score(e: Evaluation, result: Any) -> Fact | None:
    card = getattr(result, "department", None)
    return None if card is None or card.total is None else Fact.exact(card.total)


# ------------------------------------------------------------------------------------------------------ paths
_STEP = re.compile(r"([A-Za-z_]\w*)((?:\[\d+\])*)")


def resolve_path(evaluation: Evaluation, path: str) -> Fact | None:
    """`goals[6].indicators[0].actual` → the figure stored there (a quantity written as text is read)."""
    value: Any = evaluation
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if match is None:
            raise KeyError(path)
        if not hasattr(value, match[1]):
            raise KeyError(path)
        value = getattr(value, match[1])
        for index in re.findall(r"\[(\d+)\]", match[2]):
            if not isinstance(value, list):
                raise KeyError(path)
            position = int(index)
            if position >= len(value):
                raise KeyError(path)
            value = value[position]
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Fact.exact(Decimal(value), derived=False)
    if isinstance(value, Decimal):
        return Fact.stated(value)
    if isinstance(value, str):
        quantity = parse_quantity(value)
        return None if quantity is None else Fact.stated(quantity.value)
    return None
