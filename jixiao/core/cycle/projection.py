"""The figures of one scored evaluation as flat records, for analytics across departments and years (issue 10 §5).

Everything here is read off the core's own results (`EvaluationResult`, `ScoreCard`, `Finding`): nothing is scored
again. Figures stay at full precision; whoever shows them rounds them once (`money.fmt_*`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..labels import LEVEL1, LEVEL2
from ..locations import describe
from ..model import BudgetLine, Evaluation, Indicator
from ..money import ratio
from ..results import EvaluationResult, ExecutionResult, LeafResult, ScoreCard


@dataclass(frozen=True)
class Execution:
    budget_adjusted: Decimal | None
    spent: Decimal | None
    rate: Decimal | None  # spent / budget_adjusted, a fraction


@dataclass(frozen=True)
class EvaluationFigures:
    score: Decimal | None
    grade: str
    score_source: str  # computed (the department's score card) / stated (the document's own) / none
    complete: bool
    execution: Execution
    errors: int
    warnings: int
    notices: int
    project_count: int
    excellent_share: Decimal | None  # share of graded projects graded 优 (or the scale's top grade)


@dataclass(frozen=True)
class ProjectFigures:
    index: int
    name: str
    budget_category: str
    execution: Execution
    score: Decimal | None
    grade: str
    grade_source: str  # as ProjectResult.grade_source


@dataclass(frozen=True)
class IndicatorFigures:
    path: str
    project_index: int | None  # None: the department's own indicator
    level1: str  # code name (output, outcome …)
    level1_name: str
    level2: str
    level2_name: str
    name: str  # the 三级指标
    weight: Decimal | None
    target: str
    actual: str
    score: Decimal | None  # None: not scored


@dataclass(frozen=True)
class FindingFigures:
    code: str
    severity: str
    location: str
    subject: str
    where: str
    message: str


@dataclass(frozen=True)
class Figures:
    evaluation: EvaluationFigures
    projects: list[ProjectFigures]
    indicators: list[IndicatorFigures]
    findings: list[FindingFigures]


def figures(document: Evaluation, result: EvaluationResult, findings: list) -> Figures:
    return Figures(evaluation_figures(document, result, findings), project_figures(result),
                   indicator_figures(document, result), finding_figures(document, findings))


def evaluation_figures(document: Evaluation, result: EvaluationResult, findings: list) -> EvaluationFigures:
    """The department's total, as the evaluation's summary takes it (web `services.summarise`), but unrounded: the
    score card's total when it has one, else the score and grade the document states."""
    card = result.department
    if scored_total(card) is not None:
        score, grade, source, complete = card.total, card.grade.name if card.grade else "", "computed", card.complete
    else:
        score, grade = document.stated_score, (document.stated_grade or "").strip()
        source, complete = ("stated" if score is not None or grade else "none"), False
    line = document.execution_line()[0]
    severities = [f.severity for f in findings]
    return EvaluationFigures(
        score, grade, source, complete, _execution(card, line), severities.count("error"),
        severities.count("warning"), severities.count("notice"), len(document.projects), result.excellent_share)


def scored_total(card: ScoreCard | None) -> Decimal | None:
    """The card's total when it scores something; None when nothing is scored yet. The engine adds up the scored
    leaves, so a skeleton built from goals (no actual values) totals 0: that 0 is no score, and counting it as one
    ranks, averages and bins a draft that nobody has scored."""
    if card is None or card.total is None:
        return None
    if any(leaf.score is not None for leaf in card.leaves()):
        return card.total
    return card.total if card.execution is not None and card.execution.score is not None else None


def project_figures(result: EvaluationResult) -> list[ProjectFigures]:
    rows = []
    for found in result.projects:
        project = found.project
        line = project.execution_line()[0]
        rows.append(ProjectFigures(found.index, project.name, project.budget_category or "",
                                   _execution(found.card, line), found.score, found.grade or "", found.grade_source))
    return rows


def _execution(card: ScoreCard | None, line: BudgetLine | None) -> Execution:
    """The execution the score card scored; without a card (or a scheme without an execution item), the same line
    the card would score, with its rate where it has one."""
    scored: ExecutionResult | None = card.execution if card is not None else None
    if scored is not None:
        return Execution(scored.budget_adjusted, scored.spent, scored.rate)
    if line is None:
        return Execution(None, None, None)
    return Execution(line.budget_adjusted, line.spent, ratio(line.spent, line.budget_adjusted))


def indicator_figures(document: Evaluation, result: EvaluationResult) -> list[IndicatorFigures]:
    """Every scored leaf of every score card; the department's indicators that no scheme scores (a department
    without a scheme) as leaves without a score."""
    rows: list[IndicatorFigures] = []
    if result.department is not None:
        rows += [_indicator(leaf.indicator, leaf.path, None, leaf) for leaf in result.department.leaves()]
    else:
        rows += [_indicator(indicator, f"goals[{i}].indicators[{j}]", None, None)
                 for i, goal in enumerate(document.goals) for j, indicator in enumerate(goal.indicators)]
        rows += [_indicator(indicator, f"indicators[{j}]", None, None)
                 for j, indicator in enumerate(document.indicators)]
    for found in result.projects:
        if found.card is not None:  # a project without indicators has no card, and nothing to list here
            rows += [_indicator(leaf.indicator, leaf.path, found.index, leaf) for leaf in found.card.leaves()]
    return rows


def _indicator(indicator: Indicator, path: str, project: int | None, leaf: LeafResult | None) -> IndicatorFigures:
    level2 = indicator.level2 or ""
    return IndicatorFigures(
        path, project, indicator.level1, LEVEL1.get(indicator.level1, indicator.level1), level2,
        LEVEL2.get(level2, level2), indicator.name, indicator.weight, indicator.target or "", indicator.actual or "",
        leaf.score if leaf is not None else None)


def finding_figures(document: Evaluation, findings: list) -> list[FindingFigures]:
    return [FindingFigures(f.code, f.severity, f.location, f.subject or describe(f.location, document),
                           f.where or describe(f.location, document), f.message) for f in findings]
