"""绩效运行监控（双监控, `dual_monitoring`）: spending progress and goal progress watched together during the year
(CYCLE.md §2). Pure functions from plain data and the parsed rules of `jixiao/rules/monitoring.yaml` to each warning
(`warning`: red / yellow / green) and its Chinese explanation with the figures.

All figures are Decimal percentages (75 means 75%), computed at full precision; the messages round once, at display
(ROUND_HALF_UP, rates 2 places of a percent, amounts in 万元 2 places)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Sequence

from jixiao.core.errors import InputError, Problem
from jixiao.core.money import (HUNDRED, fixed, fmt_normalised, fmt_wan, percent_typed_as_fraction, round_half_up,
                               unit_slip_hint)
from jixiao.core.phrasing import with_unit
from jixiao.core.targets import LE, LT, Quantity, base_unit, parse_quantity

RED, YELLOW, GREEN = "red", "yellow", "green"
COLOURS = {RED: "红色", YELLOW: "黄色", GREEN: "绿色"}
SEVERITY = {GREEN: 0, YELLOW: 1, RED: 2}
MONTHS = 12
# The rules' codes, as they appear in the rule file and in each warning.
SPENDING, GOAL_AHEAD, INDICATOR_BEHIND = "spending_behind_time", "goal_ahead_of_spending", "indicator_behind"
OVER_BUDGET, PROJECTS_OVER = "spending_over_budget", "projects_over_department"
INDICATOR_OVER = "indicator_over_limit"
CONSISTENCY, UNSPENT = "year_end.consistency", "year_end.unspent"


# ------------------------------------------------------------------------------------------------------------ rules
@dataclass(frozen=True)
class Band:
    below: Decimal | None  # the band holds values below this (None: everything from the previous band up)
    colour: str


@dataclass(frozen=True)
class BandRule:
    name: str
    bands: tuple[Band, ...]

    def band(self, value: Decimal) -> tuple[int, Band]:
        for index, band in enumerate(self.bands):
            if band.below is None or value < band.below:
                return index, band
        raise AssertionError("the last band has no upper bound")  # pragma: no cover - validated on load

    def describe(self, index: int) -> str:
        """The band in words: 低于 60 / 不低于 60、低于 80 / 不低于 80."""
        low = self.bands[index - 1].below if index else None
        high = self.bands[index].below
        parts = ([f"不低于 {fmt_normalised(low)}"] if low is not None else []) + \
            ([f"低于 {fmt_normalised(high)}"] if high is not None else [])
        return "、".join(parts) or "任何值"

    def summary(self) -> str:
        """Every band in words: 低于 60 为红色，不低于 60、低于 80 为黄色，不低于 80 为绿色."""
        return "，".join(f"{self.describe(i)} 为{COLOURS[band.colour]}" for i, band in enumerate(self.bands))


@dataclass(frozen=True)
class LimitRule:
    """Fires with `colour` when the measured gap is more than `limit` percentage points."""

    name: str
    limit: Decimal
    colour: str


@dataclass(frozen=True)
class SignalRule:
    """Fires with `colour` when what it checks is so: no threshold to set."""

    name: str
    colour: str


@dataclass(frozen=True)
class MonitoringRules:
    spending: BandRule
    over_budget: LimitRule
    projects_over: SignalRule
    goal_ahead: LimitRule
    indicator_behind: LimitRule
    indicator_over: SignalRule
    year_end_month: int
    consistency: LimitRule
    unspent: LimitRule


def rules_from_data(data: Any, source: str = "") -> MonitoringRules:
    """The rule file's data, validated: every problem named by its path, in Chinese (lines are added by the loader,
    `jixiao.io.rule_files.load_rules`)."""
    reader = _Reader()
    root = reader.mapping(data, "")
    year_end = reader.mapping(root.get("year_end"), "year_end")
    rules = MonitoringRules(
        spending=reader.band_rule(root.get(SPENDING), SPENDING),
        over_budget=reader.limit_rule(root.get(OVER_BUDGET), OVER_BUDGET, "max_progress"),
        projects_over=reader.signal_rule(root.get(PROJECTS_OVER), PROJECTS_OVER),
        goal_ahead=reader.limit_rule(root.get(GOAL_AHEAD), GOAL_AHEAD, "max_gap"),
        indicator_behind=reader.limit_rule(root.get(INDICATOR_BEHIND), INDICATOR_BEHIND, "max_lag"),
        indicator_over=reader.signal_rule(root.get(INDICATOR_OVER), INDICATOR_OVER),
        year_end_month=reader.month(year_end.get("month"), "year_end.month"),
        consistency=reader.limit_rule(year_end.get("consistency"), CONSISTENCY, "max_gap"),
        unspent=reader.limit_rule(year_end.get("unspent"), UNSPENT, "max_unspent"),
    )
    reader.unknown(root, "", {SPENDING, OVER_BUDGET, PROJECTS_OVER, GOAL_AHEAD, INDICATOR_BEHIND, INDICATOR_OVER,
                              "year_end"})
    reader.unknown(year_end, "year_end", {"month", "consistency", "unspent"})
    if reader.problems:
        raise InputError(reader.problems, source)
    return rules


class _Reader:
    """Reads the parts of the rule file, collecting every problem instead of stopping at the first."""

    def __init__(self):
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value: Any, path: str) -> dict:
        if isinstance(value, dict):
            return value
        self.fail(path, "缺少此规则" if value is None else "应为键值表")
        return {}

    def unknown(self, data: dict, path: str, known: set[str]) -> None:
        for key in data:
            if key not in known:
                self.fail(f"{path}.{key}" if path else key, f"不认识的规则项（可用：{'、'.join(sorted(known))}）")

    def percent(self, value: Any, path: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            self.fail(path, "应为数字（百分点，如 60）")
            return Decimal(0)
        number = Decimal(value)
        if not number.is_finite() or not 0 <= number <= 1000:
            self.fail(path, "应在 0 到 1000 个百分点之间")
        return number

    def colour(self, value: Any, path: str) -> str:
        if value not in COLOURS:
            self.fail(path, f"颜色应为 red、yellow 或 green，不是“{value}”")
            return GREEN
        return value

    def name(self, data: dict, path: str) -> str:
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            self.fail(f"{path}.name", "缺少规则名称（中文，预警中显示）")
            return path
        return name.strip()

    def month(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MONTHS:
            self.fail(path, "应为 1 到 12 的整数月份")
            return MONTHS
        return value

    def limit_rule(self, value: Any, path: str, key: str) -> LimitRule:
        data = self.mapping(value, path)
        rule = LimitRule(self.name(data, path), self.percent(data.get(key), f"{path}.{key}"),
                         self.colour(data.get("colour"), f"{path}.colour"))
        self.unknown(data, path, {"name", key, "colour"})
        return rule

    def signal_rule(self, value: Any, path: str) -> SignalRule:
        data = self.mapping(value, path)
        rule = SignalRule(self.name(data, path), self.colour(data.get("colour"), f"{path}.colour"))
        self.unknown(data, path, {"name", "colour"})
        return rule

    def band_rule(self, value: Any, path: str) -> BandRule:
        data = self.mapping(value, path)
        self.unknown(data, path, {"name", "bands"})
        items = data.get("bands")
        if not isinstance(items, list) or not items:
            self.fail(f"{path}.bands", "应为至少一个区间的列表")
            return BandRule(self.name(data, path), (Band(None, GREEN),))
        bands = tuple(self.band(item, f"{path}.bands[{i}]", i == len(items) - 1) for i, item in enumerate(items))
        for i in range(1, len(bands) - 1):
            if bands[i].below is not None and bands[i - 1].below is not None and bands[i].below <= bands[i - 1].below:
                self.fail(f"{path}.bands[{i}].below", "区间应从低到高排列：below 必须大于上一个区间的 below")
        return BandRule(self.name(data, path), bands)

    def band(self, value: Any, path: str, last: bool) -> Band:
        data = self.mapping(value, path)
        self.unknown(data, path, {"below", "colour"})
        if last and data.get("below") is not None:
            self.fail(f"{path}.below", "最后一个区间不写 below（它包含以上所有的值）")
        if not last and data.get("below") is None:
            self.fail(f"{path}.below", "除最后一个区间外，每个区间都要写 below")
        below = None if last or data.get("below") is None else self.percent(data["below"], f"{path}.below")
        return Band(below, self.colour(data.get("colour"), f"{path}.colour"))


# ----------------------------------------------------------------------------------------------------- the figures
@dataclass(frozen=True)
class IndicatorProgress:
    name: str
    target: str | None  # as written in the goals: 100 例, ≥90%, 明显提高
    value_to_date: Decimal | None = None  # in the target's unit
    completion: Decimal | None = None  # completion % stated directly; takes precedence over value_to_date


@dataclass(frozen=True)
class RowProgress:
    """One row of a report: the department as a whole or one project."""

    name: str
    budget: Decimal | None  # 万元, the year's (adjusted) budget
    spent_to_date: Decimal | None = None  # 万元
    goal_completion: Decimal | None = None  # % stated for the row as a whole; else the indicators' mean
    indicators: tuple[IndicatorProgress, ...] = ()


@dataclass(frozen=True)
class MonitoringWarning:
    rule: str  # the rule's code in the rule file
    colour: str
    message: str  # Chinese, with the figures
    indicator: int | None = None  # the indicator's position in the row, for an indicator's warning


@dataclass(frozen=True)
class RowAssessment:
    spending_progress: Decimal | None
    spending_ratio: Decimal | None
    goal_completion: Decimal | None
    goal_completion_stated: bool
    indicator_completions: tuple[Decimal | None, ...]
    signals: tuple[MonitoringWarning, ...]  # every rule that gave a result, green included

    @property
    def warnings(self) -> tuple[MonitoringWarning, ...]:
        return tuple(s for s in self.signals if s.colour != GREEN)

    @property
    def colour(self) -> str | None:
        """The worst colour of the row; None when nothing could be judged yet (no spending entered)."""
        if not self.signals:
            return None
        return max((s.colour for s in self.signals), key=SEVERITY.__getitem__)


@dataclass(frozen=True)
class RowFigures:
    """A row's progress figures, which need no rules: what a report page shows beside the warnings its last save
    stored (`assess_row` gives both)."""

    spending_progress: Decimal | None
    goal_completion: Decimal | None
    goal_completion_stated: bool
    indicator_completions: tuple[Decimal | None, ...]


def time_progress(month: int) -> Decimal:
    """时间进度: month ÷ 12, as a percentage."""
    if not 1 <= month <= MONTHS:
        raise ValueError(f"month {month} is not 1–12")
    return Decimal(month) * HUNDRED / MONTHS


def spending_progress(spent: Decimal | None, budget: Decimal | None) -> Decimal | None:
    """支出进度: spent to date ÷ the year's budget, as a percentage; None without both or with a budget of 0."""
    if spent is None or budget is None or budget == 0:
        return None
    return spent * HUNDRED / budget


def indicator_completion(indicator: IndicatorProgress) -> Decimal | None:
    """The indicator's completion %: as stated, or its value to date over a numeric target that more is better for
    (a ≤ target, a deadline or words cannot be measured by a value to date: their completion is stated)."""
    if indicator.completion is not None:
        return indicator.completion
    target = parse_quantity(indicator.target)
    if indicator.value_to_date is None or target is None or target.value <= 0 or target.operator in (LE, LT):
        return None
    return indicator.value_to_date * HUNDRED / target.value


# A target that is a time limit, not a quantity: 12月底前, ≤ 12月底前, 2025年6月前, 6月30日前完成, 年底前.
_TIME_LIMIT = re.compile(r"\d\s*[年月日号]|[年月]底|[年月]末|[年月]初")


def is_time_limit(target: str | None) -> bool:
    """Whether a target states a time limit (by when), which no value to date measures: its progress is stated."""
    return bool(target) and parse_quantity(target) is None and _TIME_LIMIT.search(target) is not None


def _stated_instead(target: str | None) -> str:
    """What to type for an indicator whose completion no value to date gives: the completion itself."""
    if is_time_limit(target):
        return "请在“完成进度（%）”填写进度，已按时完成的填 100"
    return "请在“完成进度（%）”填写"


def value_in_target_unit(text: str, target: str | None) -> tuple[Decimal | None, str | None]:
    """(a value to date in the target's unit, or None and why in Chinese), from what was typed: a number; the number
    with the target's own unit (60 例 against 100 例, 3.8% against ≥5%); or with a unit the target's converts to
    (2.5 万人 against 30000 人, as the self-evaluation compares them: `targets.base_unit`). Read by
    `targets.parse_quantity`, the reader of the self-evaluation's 实际完成值. Another unit, a bound (≥60) or words are
    refused, saying what to write; against a time limit or words (12月底前, 明显提高), what was typed that is not a
    number (完成, 6月) is refused saying that the completion is stated, not computed."""
    goal = parse_quantity(target)
    unit = goal.unit if goal is not None else ""
    example = f"如 60 或 60{'' if unit == '%' else ' '}{unit}" if unit else "如 60"
    typed = parse_quantity(text)
    if goal is None and target and (typed is None or typed.unit):
        kind = "是时限" if is_time_limit(target) else "不是数值"
        return None, (f"年度指标值“{target}”{kind}，截至本期完成值无从计算进度，不必填写："
                      f"{_stated_instead(target)}")
    if typed is None:
        return None, f"请输入数字（{example}），不是“{_short(text)}”"
    if typed.operator is not None:
        return None, f"请填写截至本期实际完成的数，不带“{typed.operator}”等符号（{example}）"
    if not typed.unit or typed.unit == unit:
        return typed.value, None
    if unit:
        (have, have_factor), (want, want_factor) = base_unit(typed.unit), base_unit(unit)
        if have and have == want:
            return typed.value * have_factor / want_factor, None
        return None, f"单位“{typed.unit}”与年度指标值“{target}”的单位“{unit}”不同，请按“{unit}”填写（{example}）"
    said = f"年度指标值“{target}”没有计量单位" if target else "年度指标值未填"
    return None, f"{said}，请只填数字（如 60），不带“{typed.unit}”；或直接填写完成进度（%）"


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


@dataclass(frozen=True)
class ValueNote:
    """Why a value to date typed gives no completion % (the page shows it where the % would be), and what to type;
    `over`: a ≤ target's limit already exceeded."""

    message: str
    over: bool = False


def value_note(indicator: IndicatorProgress) -> ValueNote | None:
    """For a value to date typed whose completion is neither stated nor computed: a ≤ (or <) target judged by
    whether the value exceeds it (a ceiling is met by staying under it, so no share of it is a progress), or why
    nothing could be judged (a time limit, words, a target of 0 or none) — each saying what to type instead. None
    when there is nothing to say: no value typed, or a completion stated or computed."""
    if indicator.value_to_date is None or indicator_completion(indicator) is not None:
        return None
    target = parse_quantity(indicator.target)
    if target is not None and target.operator in (LE, LT):
        value = with_unit(fmt_normalised(indicator.value_to_date), target.unit)
        within = not beyond(indicator.value_to_date, target)
        judged = (f"未超过：截至本期 {value}，在年度指标值“{indicator.target}”以内" if within
                  else f"已超过：截至本期 {value}，不在年度指标值“{indicator.target}”以内")
        return ValueNote(f"{judged}。“≤”类指标不按比例计算完成进度，不计入目标完成程度；需计入的，"
                         "请在“完成进度（%）”填写", over=not within)
    if target is not None:  # a target of 0 or below: no share of it is a progress
        why = f"年度指标值“{indicator.target}”不大于 0，无从按比例计算"
    elif not indicator.target:
        why = "年度指标值未填，无从计算"
    else:
        why = f"年度指标值“{indicator.target}”{'是时限' if is_time_limit(indicator.target) else '不是数值'}，无从由完成值计算"
    return ValueNote(f"{why}：{_stated_instead(indicator.target)}")


def ceiling(indicator: IndicatorProgress) -> Quantity | None:
    """The indicator's target when it is a limit, ≤ (or <); None for any other target. Parsed once by each rule that
    judges a row, which then reads the limit's unit from it too."""
    target = parse_quantity(indicator.target)
    return target if target is not None and target.operator in (LE, LT) else None


def beyond(value: Decimal | None, limit: Quantity | None) -> bool:
    """Whether a value to date is already beyond a ≤ (or <) `limit` (60 日 against ≤60 日 is not; 61 is; 60 against
    <60 is): the year's target can no longer be met, whatever completion % is stated."""
    if value is None or limit is None or limit.operator not in (LE, LT):
        return False
    return value > limit.value if limit.operator == LE else value >= limit.value


def goal_completion(row: RowProgress) -> tuple[Decimal | None, bool]:
    """(the row's goal completion %, whether it was stated): stated for the row, or else the mean of its indicators'
    completions, each counted at most 100 (an indicator far over its target must not hide one behind)."""
    if row.goal_completion is not None:
        return row.goal_completion, True
    known = [min(c, HUNDRED) for c in map(indicator_completion, row.indicators) if c is not None]
    return (sum(known, Decimal(0)) / len(known), False) if known else (None, False)


def fraction_hint(completion: Decimal | None, field: str) -> str:
    """A completion % strictly between 0 and 1 (0.95) was most often a fraction meant as a percentage (95%), as the
    self-evaluation's MEASURE.PERCENT_FRACTION says of an actual: a hint on its row, never a refusal nor a colour (0.5%
    can be true early in a year, and a yellow would ask for a deviation reason). `field` names the field and its row
    (“扩面征缴工作经费”的目标完成程度). '' when there is nothing to ask."""
    if not percent_typed_as_fraction(completion):  # 1 is not asked about: 1% can be a true early completion
        return ""
    typed, meant = fmt_normalised(completion), fmt_normalised(completion * HUNDRED)
    return (f"{field}填写为 {typed}%，是否应为 {meant}%？完成进度按百分数填写（{meant}% 填 {meant}）；"
            f"确为 {typed}% 的不必修改。")


def pct(value: Decimal) -> str:
    """A percentage shown to 2 places (75 → 75.00%)."""
    return f"{fixed(value, 2)}%"


def points(high: Decimal, low: Decimal) -> str:
    """How far `high` is above `low`, two rates the same message shows with `pct`: the difference of the rates as
    shown (each rounded once to 2 places, half up), so that a reader subtracting them by hand gets this figure
    (55.01% − 50.00% = 5.01, where the exact 55.005 − 50.004 rounds to 5.00). Whether a rule fires is decided on
    the exact figures, never on these."""
    return f"{fixed(round_half_up(high, 2) - round_half_up(low, 2), 2)} 个百分点"


def _head(rule_name: str, colour: str) -> str:
    return f"【{rule_name}】{COLOURS[colour]}{'预警' if colour != GREEN else ''}："


# ------------------------------------------------------------------------------------------------------ the rules
def spending_signal(row: RowProgress, month: int, rules: MonitoringRules) -> MonitoringWarning | None:
    """Spending progress against time progress, banded (green included): None when it cannot be computed."""
    progress = spending_progress(row.spent_to_date, row.budget)
    if progress is None:
        return None
    elapsed = time_progress(month)
    ratio = progress * HUNDRED / elapsed
    index, band = rules.spending.band(ratio)
    return MonitoringWarning(SPENDING, band.colour, (
        f"{_head(rules.spending.name, band.colour)}截至 {month} 月支出 {fmt_wan(row.spent_to_date)} 万元，"
        f"预算 {fmt_wan(row.budget)} 万元，支出进度 {pct(progress)}；时间进度 {pct(elapsed)}（{month} ÷ 12）；"
        f"支出进度 ÷ 时间进度 × 100 = {fixed(ratio, 2)}，{rules.spending.describe(index)}。"))


def over_budget_warning(row: RowProgress, month: int, rules: MonitoringRules) -> MonitoringWarning | None:
    """Spending to date above the rule's share of the year's budget (100: above the budget), naming the row and both
    amounts; at ten times the budget or more, the self-evaluation's hint of a figure typed in 元
    (money.unit_slip_hint)."""
    progress = spending_progress(row.spent_to_date, row.budget)
    rule = rules.over_budget
    if progress is None or progress <= rule.limit:  # exact figures decide; the message shows them rounded once
        return None
    return MonitoringWarning(OVER_BUDGET, rule.colour, (
        f"{_head(rule.name, rule.colour)}“{row.name}”截至 {month} 月支出 {fmt_wan(row.spent_to_date)} 万元，"
        f"超过全年预算 {fmt_wan(row.budget)} 万元（支出进度 {pct(progress)}），请说明超预算支出的依据。"
        f"{unit_slip_hint(row.spent_to_date, row.budget)}"))


def projects_over_department_warning(department: RowProgress, projects: Sequence[RowProgress], month: int,
                                     rules: MonitoringRules) -> MonitoringWarning | None:
    """The projects' spending to date summed above the department's as a whole, which holds them: both figures named.
    Checked only where the budgets say the department's row holds its projects (their budgets summed are not above
    the department's): a department total written without some projects (通城's 2,366.08 万元 is “不含基金项目”,
    its projects' budgets sum to 21,468.30) cannot be compared with them."""
    spent = [p.spent_to_date for p in projects if p.spent_to_date is not None]
    if department.spent_to_date is None or department.budget is None or not spent:
        return None
    if sum((p.budget for p in projects if p.budget is not None), Decimal(0)) > department.budget:
        return None
    total, rule = sum(spent, Decimal(0)), rules.projects_over
    if total <= department.spent_to_date:
        return None
    return MonitoringWarning(PROJECTS_OVER, rule.colour, (
        f"{_head(rule.name, rule.colour)}截至 {month} 月各项目支出合计 {fmt_wan(total)} 万元（{len(spent)} 个项目），"
        f"超过“{department.name}”支出 {fmt_wan(department.spent_to_date)} 万元；部门整体支出包含各项目支出，"
        f"请核对部门整体和各项目的截至本期支出。"))


def goal_ahead_warning(row: RowProgress, month: int, rules: MonitoringRules) -> MonitoringWarning | None:
    """In the year: goal completion claimed more than the rule's gap above the spending progress."""
    progress = spending_progress(row.spent_to_date, row.budget)
    completion, stated = goal_completion(row)
    if progress is None or completion is None:
        return None
    gap = completion - progress
    rule = rules.goal_ahead
    # decided on the exact figures (the rule's threshold is exact; rounding first could move a row across it); the
    # message states the difference of the figures it shows (`points`)
    if gap <= rule.limit:
        return None
    source = "填报的目标完成程度为" if stated else "目标完成程度（各指标完成进度的平均数）为"
    return MonitoringWarning(GOAL_AHEAD, rule.colour, (
        f"{_head(rule.name, rule.colour)}截至 {month} 月{source} {pct(completion)}，支出进度为 {pct(progress)}，"
        f"高出 {points(completion, progress)}，超过 {fmt_normalised(rule.limit)} 个百分点。"))


def indicator_warnings(row: RowProgress, month: int, rules: MonitoringRules) -> list[MonitoringWarning]:
    """Each indicator whose completion lags time progress by more than the rule allows, and each ≤ indicator whose
    value to date is already beyond its limit (no completion % measures a ceiling: `value_note`)."""
    rule, elapsed, found = rules.indicator_behind, time_progress(month), []
    for position, indicator in enumerate(row.indicators):
        limit = ceiling(indicator)
        if limit is not None and beyond(indicator.value_to_date, limit):
            over = rules.indicator_over
            value = with_unit(fmt_normalised(indicator.value_to_date), limit.unit)
            found.append(MonitoringWarning(INDICATOR_OVER, over.colour, (
                f"{_head(over.name, over.colour)}指标“{indicator.name}”截至 {month} 月完成值 {value}，"
                f"已超过年度指标值“{indicator.target}”，全年目标已无法完成。"), position))
        completion = indicator_completion(indicator)
        if completion is None or elapsed - completion <= rule.limit:  # exact figures decide; `points` shows
            continue
        found.append(MonitoringWarning(INDICATOR_BEHIND, rule.colour, (
            f"{_head(rule.name, rule.colour)}指标“{indicator.name}”完成进度 {pct(completion)}，"
            f"落后时间进度（{pct(elapsed)}）{points(elapsed, completion)}，超过 {fmt_normalised(rule.limit)} 个百分点。"),
            position))
    return found


def consistency_warning(row: RowProgress, rules: MonitoringRules) -> MonitoringWarning | None:
    """At the year's end: indicator completion (indicator score ÷ 90) ahead of execution (execution score ÷ 10, the
    execution rate counted at most 100%) by more than the rule's gap."""
    progress = spending_progress(row.spent_to_date, row.budget)
    completion, _ = goal_completion(row)
    if progress is None or completion is None:
        return None
    execution = min(progress, HUNDRED)
    gap, rule = completion - execution, rules.consistency
    if gap <= rule.limit:  # exact figures decide, as in the year (goal_ahead_warning); `points` shows
        return None
    capped = "（超过 100% 按 100% 计）" if progress > HUNDRED else ""
    return MonitoringWarning(CONSISTENCY, rule.colour, (
        f"{_head(rule.name, rule.colour)}年末目标完成程度 {pct(completion)}，预算执行率 {pct(execution)}{capped}，"
        f"完成程度高出执行率 {points(completion, execution)}，超过 {fmt_normalised(rule.limit)} 个百分点。"))


def unspent_warning(row: RowProgress, rules: MonitoringRules) -> MonitoringWarning | None:
    """At the year's end: a budget of 0, or more of it unspent than the rule allows."""
    rule = rules.unspent
    if row.budget is not None and row.budget == 0:
        return MonitoringWarning(UNSPENT, rule.colour, f"{_head(rule.name, rule.colour)}年末预算为 0。")
    progress = spending_progress(row.spent_to_date, row.budget)
    if progress is None or HUNDRED - progress <= rule.limit:
        return None
    return MonitoringWarning(UNSPENT, rule.colour, (
        f"{_head(rule.name, rule.colour)}年末预算 {fmt_wan(row.budget)} 万元，支出 {fmt_wan(row.spent_to_date)} 万元，"
        f"未支出 {pct(HUNDRED - progress)}，超过 {fmt_normalised(rule.limit)}%。"))


def assess_row(row: RowProgress, month: int, rules: MonitoringRules) -> RowAssessment:
    """Every rule applied to one row at the end of `month`. At the year-end month the consistency rule takes the
    place of the in-year comparison of goals with spending (both would say the same thing twice). Spending over the
    budget takes the place of a green spending band: “不低于 80 为绿色” beside spending thousands of times the budget
    read as all is well (a yellow or red band still shows)."""
    over, band = over_budget_warning(row, month, rules), spending_signal(row, month, rules)
    signals: list[MonitoringWarning | None] = [over, None if over and band and band.colour == GREEN else band]
    if month >= rules.year_end_month:
        signals += [consistency_warning(row, rules), unspent_warning(row, rules)]
    else:
        signals.append(goal_ahead_warning(row, month, rules))
    signals += indicator_warnings(row, month, rules)
    figures = row_figures(row)
    progress = figures.spending_progress
    return RowAssessment(
        spending_progress=progress,
        spending_ratio=None if progress is None else progress * HUNDRED / time_progress(month),
        goal_completion=figures.goal_completion, goal_completion_stated=figures.goal_completion_stated,
        indicator_completions=figures.indicator_completions,
        signals=tuple(s for s in signals if s is not None))


def assess_report(department: RowProgress | None, projects: Sequence[RowProgress], month: int,
                  rules: MonitoringRules) -> tuple[RowAssessment | None, list[RowAssessment]]:
    """Every row of a report: the department as a whole (if any) and its projects, each by `assess_row`, and the
    department's row also against its projects' total (`projects_over_department_warning`)."""
    assessed = [assess_row(p, month, rules) for p in projects]
    if department is None:
        return None, assessed
    whole = assess_row(department, month, rules)
    found = projects_over_department_warning(department, projects, month, rules)
    if found is not None:
        whole = replace(whole, signals=(found, *whole.signals))
    return whole, assessed


def row_figures(row: RowProgress) -> RowFigures:
    """The row's spending progress, goal completion (and whether it was stated) and each indicator's completion,
    without applying the rules: a page that shows the stored warnings need not word them all again."""
    completion, stated = goal_completion(row)
    return RowFigures(spending_progress(row.spent_to_date, row.budget), completion, stated,
                      tuple(indicator_completion(i) for i in row.indicators))


def period_label(year: int, month: int) -> str:
    """2023年第3季度 for a quarter's end, 2023年5月 otherwise."""
    return f"{year}年第{month // 3}季度" if month % 3 == 0 else f"{year}年{month}月"


def worst(colours) -> str | None:
    present = [c for c in colours if c]
    return max(present, key=SEVERITY.__getitem__) if present else None

