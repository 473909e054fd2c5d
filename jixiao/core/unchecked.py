"""What an entered evaluation gives the checks nothing to read yet, and why: the entered counterpart of a reading's
coverage (`jixiao.io.reading.coverage`).

An audit never says 未发现问题 about parts it did not read (issue 9), nor about parts not filled in: a new year's draft
with three projects pasted and no scoring scheme, goals or indicators has nothing wrong in what it has, and most of
what the checks read missing. Each part a check needs and the evaluation lacks is named with what therefore was not
checked (尚未审核); an evaluation that has nothing a check reads cannot be audited at all (无法审核), and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks.sums import BUDGET_COLUMNS, BUDGET_SUMS, budget_figure
from .facts import fact, fact_label
from .model import Budget, BudgetLine, Evaluation
from .results import EvaluationResult

NAMES_SHOWN = 3  # the projects a line names; the rest are counted


@dataclass(frozen=True)
class Unchecked:
    """`parts`: (path, what was not checked and why) of each part the checks had nothing to read in; `nothing`: why
    nothing at all could be checked ("" when something could)."""

    parts: list[tuple[str, str]] = field(default_factory=list)
    nothing: str = ""

    @property
    def auditable(self) -> bool:
        return not self.nothing

    def __bool__(self) -> bool:
        return bool(self.parts or self.nothing)


def unchecked(evaluation: Evaluation, result: EvaluationResult) -> Unchecked:
    """The parts of `evaluation` (scored as `result`) that the checks could not look at, each with its reason."""
    parts: list[tuple[str, str]] = []
    if result.department is None:
        parts.append(("scheme", "部门整体未选择评分方案：部门的得分、等级和预算执行得分未计算，尚未审核"))
    if not evaluation.indicators and not any(goal.indicators for goal in evaluation.goals):
        parts.append(("goals", "部门整体未填写年度目标和绩效指标：指标的分值、目标值、完成值、得分和偏差原因尚未审核"))
    without = [p.project.name for p in result.projects if p.card is None]
    if without:
        parts.append(("projects", f"{_projects(without)}未填写绩效指标：其指标及得分尚未审核"))
    unmeasured = [p.name for p in evaluation.projects if not _measured(p.execution_line()[0])]
    if unmeasured:
        parts.append(("projects", f"{_projects(unmeasured)}未填写调整后预算或执行数：其预算执行率尚未审核"))
    if not _measured(evaluation.execution_line()[0]):
        parts.append(("budget", "部门预算的调整后预算数或执行数未填写：部门整体的预算执行率尚未审核"))
    if evaluation.budget is not None:
        parts.extend(("budget", line) for line in _unsummed(evaluation.budget))
    blank = _statements_without_data(evaluation, result)
    if blank:
        parts.append(("statements", f"所列数字核对中 {len(blank)} 处（{_names(blank)}）所依据的数据未填写：尚未审核"))
    return Unchecked(parts, nothing_to_check(evaluation, result))


def nothing_to_check(evaluation: Evaluation, result: EvaluationResult) -> str:
    """Why the checks have nothing at all to read in `evaluation`, or "" when they have: `unchecked(...).nothing`
    without naming every part (a save and a province's rescoring ask only this)."""
    return "" if _has_anything(evaluation, result) else NOTHING


NOTHING = "尚未选择评分方案，也没有填写预算、项目、年度目标或绩效指标，没有可以审核的内容"


def _unsummed(budget: Budget) -> list[str]:
    """Each budget sum (checks.sums.BUDGET_SUMS) left unchecked because one figure of it is blank in a column where
    the others are filled (the total and one part, a part cleared after a save): SUM.BUDGET needs every figure of the
    sum, and its finding went away with the figure. A column with the total alone, or none, states no sum. Each
    blank line is named with its own columns."""
    lines = []
    for rule in BUDGET_SUMS:
        blank: dict[str, list[str]] = {}  # each line left blank, in table order, with the columns it is blank in
        for column, label in BUDGET_COLUMNS:
            missing = [shown for field, shown in (rule.total, *rule.parts)
                       if budget_figure(budget, field, column) is None]
            if len(missing) == 1:  # the rest of the sum is there: a column with the total alone states no sum
                blank.setdefault(missing[0], []).append(label)
        if blank:
            named = "、".join(f"{line}（{'、'.join(columns)}）" for line, columns in blank.items())
            lines.append(f"部门预算的{named}未填写：“{rule.name}”尚未审核")
    return lines


def _statements_without_data(evaluation: Evaluation, result: EvaluationResult) -> list[str]:
    """The facts of the stated figures (所列数字) that the data does not determine: RATE and FACT pass over them, so
    clearing 支出合计's 年初预算数 made the conflict of its two stated values vanish without a word. Each fact once."""
    blank: dict[str, None] = {}
    for statement in evaluation.statements:
        try:
            found = fact(evaluation, statement.fact, result)
        except KeyError:
            continue  # a fact no rule knows: the reader's to name, not a blank figure
        if found is None:
            blank[fact_label(statement.fact)] = None
    return list(blank)


def _names(names: list[str]) -> str:
    return "、".join(names[:NAMES_SHOWN]) + ("等" if len(names) > NAMES_SHOWN else "")


def _measured(line: BudgetLine | None) -> bool:
    return line is not None and line.budget_adjusted is not None and line.spent is not None


def _projects(names: list[str]) -> str:
    """N 个项目（甲、乙、丙等）: names as written, unquoted (a name may hold quotes of its own: “三支一扶”)."""
    shown = "、".join(names[:NAMES_SHOWN]) + ("等" if len(names) > NAMES_SHOWN else "")
    return f"{len(names)} 个项目（{shown}）"


def _has_anything(evaluation: Evaluation, result: EvaluationResult) -> bool:
    """Whether anything a check reads was entered: a scheme, goals or indicators, a figure of the department, or a
    project with a figure, an indicator or a stated score."""
    if result.department is not None or evaluation.indicators or any(g.indicators for g in evaluation.goals):
        return True
    figures = (evaluation.budget, evaluation.income, evaluation.three_public_expenses, evaluation.running_cost,
               evaluation.procurement, evaluation.fixed_assets, evaluation.execution, evaluation.declared_totals,
               evaluation.department.staff_actual, evaluation.department.staff_authorized, evaluation.stated_score,
               evaluation.stated_grade)
    if any(value is not None for value in figures) or evaluation.surveys or evaluation.statements:
        return True
    return any(p.budget is not None or p.execution is not None or p.indicators or p.funds or
               p.stated_score is not None or p.stated_grade for p in evaluation.projects)


def unfilled(result: EvaluationResult) -> set[str]:
    """The paths of the items left unscored (SCORE.NOT_SCORED) only because the department has not filled them in
    yet: an indicator without a weight, or without an actual value and a score or 定性档次 of its own, and a budget
    execution line without its adjusted budget or spending. A draft built from approved goals has one per row: those
    are still to be filled (未计分), not problems; a value that is there and cannot be read is one."""
    cards = ([result.department] if result.department else []) + [p.card for p in result.projects if p.card]
    paths = set()
    for card in cards:
        execution = card.execution
        if execution is not None and execution.missing and None in (execution.budget_adjusted, execution.spent):
            paths.add(execution.path)
        for leaf in card.leaves():
            if leaf.missing and _not_filled(leaf.indicator):
                paths.add(leaf.path)
    return paths


def _not_filled(indicator) -> bool:
    if indicator.weight is None:
        return True
    return not (indicator.actual or "").strip() and indicator.score is None and not indicator.tier
