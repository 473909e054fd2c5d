"""The scoring engine: an evaluation in, score cards out (RULES.md §1–§4, §7).

Pipeline: for the department and for each project, pick the scheme, score the execution item and every leaf by its
method, sum leaves into their goal or category, and derive the grade from the rounded total. Nothing here reads
files; schemes arrive as a `SchemeLibrary`-like object with `.scheme(id)` and `.grade_scale(id)`.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from typing import Protocol

import msgspec

from .errors import Problem, SchemeError
from .grades import grade_for, tally
from .labels import LEVEL1
from .methods import METHODS, Context, decide, decisions, infer_method, infer_method_and_target, quantitative
from .model import BudgetLine, Criterion, Evaluation, Indicator, Project
from .money import IMPLAUSIBLE_RATE, ONE, UNIT_SLIP, ZERO, fmt_normalised, implausibly_large
from .phrasing import shorten
from .results import EvaluationResult, ExecutionResult, LeafResult, Node, ProjectResult, ScoreCard
from .scheme import FrameworkNode, GradeScale, Scheme

DEFAULT_PROJECT_SCHEME = "mof-2020-project"
DEFAULT_GRADE_SCALE = "grades-90-80-60"
MAX_TABLES = 4096  # table paths formatted once and kept (`row_paths`, `_project_paths`); beyond, formatted each time


class Library(Protocol):
    def scheme(self, scheme_id: str) -> Scheme: ...

    def grade_scale(self, scale_id: str) -> GradeScale: ...


def score_evaluation(evaluation: Evaluation, library: Library) -> EvaluationResult:
    department = None
    if evaluation.scheme:
        scheme = library.scheme(evaluation.scheme)
        if scheme.applies_to != "department":
            raise SchemeError([Problem("scheme", f"方案“{scheme.id}”用于项目评价，不能用于部门整体评价")])
        department = score_department(evaluation, scheme, library)
    scale = _project_scale(evaluation, library)
    projects = [_project_result(i, p, evaluation, library, scale) for i, p in enumerate(evaluation.projects)]
    found = tally((result.grade for result in projects), (band.name for band in scale.bands), scale.excellent)
    return EvaluationResult(department, projects, found.counts, found.excellent, found.share, found.graded)


def _project_scale(evaluation: Evaluation, library: Library) -> GradeScale:
    scheme_id = evaluation.project_scheme or DEFAULT_PROJECT_SCHEME
    return library.grade_scale(library.scheme(scheme_id).grade_scale)


def _project_result(index: int, project: Project, evaluation: Evaluation, library: Library,
                    scale: GradeScale | None = None) -> ProjectResult:
    """`scale`: the evaluation's project grade scale, when the caller has it (the same for all its projects)."""
    scale = scale if scale is not None else _project_scale(evaluation, library)
    card = None
    if project.indicators:
        scheme = library.scheme(project.scheme or evaluation.project_scheme or DEFAULT_PROJECT_SCHEME)
        if scheme.applies_to != "project":
            raise SchemeError([Problem(f"projects[{index}].scheme", f"方案“{scheme.id}”不是项目评价方案")])
        card = score_project(project, index, scheme, evaluation, library)
    if card is not None and card.complete and card.grade is not None:
        return ProjectResult(index, project, card, card.total, card.grade.name, "computed")
    if card is not None and card.grade_withheld:
        return ProjectResult(index, project, card, card.total, None, "withheld")
    if project.stated_grade:
        return ProjectResult(index, project, card, project.stated_score, project.stated_grade.strip(), "stated")
    if project.stated_score is not None:
        return ProjectResult(index, project, card, project.stated_score, grade_for(project.stated_score, scale).name,
                             "from_stated_score")
    return ProjectResult(index, project, card, None, None, "none")


def score_project(project: Project, index: int, scheme: Scheme, evaluation: Evaluation | None,
                  library: Library) -> ScoreCard:
    path, execution_path, budget_path, table = _project_paths(index)
    context = Context(scheme, evaluation)
    line, field = project.execution_line()
    where = execution_path if field == "execution" else budget_path
    execution = score_execution(line, scheme, where)
    groups = _by_category(project.indicators, scheme, context, table)
    # a category holds leaves only: the card's leaves are its groups' children, without walking the tree for them
    leaves = [leaf for group in groups for leaf in group.children]
    return _finish(ScoreCard(project.name, path, scheme, execution, groups, leaf_cache=leaves), library)


@lru_cache(maxsize=MAX_TABLES)
def _project_paths(index: int) -> tuple[str, str, str, str]:
    """A project's path and those of its execution line, its budget line and its table (formatted once each)."""
    path = f"projects[{index}]"
    return path, f"{path}.execution", f"{path}.budget", f"{path}.indicators"


def score_department(evaluation: Evaluation, scheme: Scheme, library: Library) -> ScoreCard:
    context = Context(scheme, evaluation)
    line, execution_path = evaluation.execution_line()
    execution = score_execution(line, scheme, execution_path) if scheme.execution else None
    if scheme.framework:
        groups = _framework(scheme.framework, evaluation.indicators, context)
    elif scheme.goals:
        groups = [
            Node(f"goals[{i}]", goal.name, goal.weight,
                 _leaves(goal.indicators, context, f"goals[{i}].indicators"), f"goals[{i}]")
            for i, goal in enumerate(evaluation.goals)
        ]
    else:
        groups = _by_category(evaluation.indicators, scheme, context, "indicators")
    return _finish(ScoreCard(evaluation.department.name, "", scheme, execution, groups), library)


def score_execution(line: BudgetLine | None, scheme: Scheme, path: str) -> ExecutionResult | None:
    """Budget execution (RULES.md §2): weight × min(spent / adjusted budget, cap); no budget, no rate."""
    if scheme.execution is None:
        return None
    weight, source = scheme.execution.weight, scheme.execution.source
    adjusted = line.budget_adjusted if line else None
    spent = line.spent if line else None
    if adjusted is None:
        return ExecutionResult(path, weight, adjusted, spent, None, None, "缺少调整后预算数", source)
    if spent is None:
        return ExecutionResult(path, weight, adjusted, spent, None, None, "缺少执行数", source)
    if adjusted == ZERO:
        return ExecutionResult(path, weight, adjusted, spent, None, None, "预算数为 0，执行率无意义，不计分", source)
    score = execution_points(weight, spent, adjusted, scheme.execution.cap)
    return ExecutionResult(path, weight, adjusted, spent, spent / adjusted, score, None, source)


def execution_points(weight: Decimal, spent: Decimal, adjusted: Decimal, cap: Decimal) -> Decimal:
    """weight × min(spent / adjusted, cap) (RULES.md §2), divided last, as the methods are: weight × rate with the
    rate cut at 28 digits can miss a half (30 × 1/48 is exactly 0.625, 30 × 0.0208333… is 0.6249…, shown 0.62).
    The engine, EXECUTION.SCORE's stated 分值 and SCORE.ABOVE_EXECUTION's ceiling all score it here."""
    return weight * spent / adjusted if spent / adjusted < cap else weight * cap


def score_leaf(indicator: Indicator, path: str, context: Context) -> LeafResult:
    """One leaf by its method, on Decimals (the path `score_leaves` must agree with)."""
    return _score_leaf(indicator, path, infer_method(indicator), context)


def score_leaves(indicators: list[Indicator], context: Context, path: str) -> list[LeafResult]:
    """`score_leaf` for each indicator of one table. A row that names no method (nor a survey, formula or criteria) is
    decided once for the texts it states (`methods.decide`: its method and, when quantitative, its outcome) and its
    leaf built from its own weight (`quantitative.leaf_of`); a quantitative row naming its method goes through
    `quantitative.quick_leaf`; the others, and any quantitative row that is not scored, one by one."""
    threshold = context.over_threshold
    quantitative_methods = quantitative.SOURCE
    quick_leaf, leaf_of = quantitative.quick_leaf, quantitative.leaf_of
    decided = decisions(threshold)
    leaves: list[LeafResult] = []
    append = leaves.append
    paths = row_paths(path, len(indicators))
    for j, indicator in enumerate(indicators):
        method = indicator.method
        if method is None and decided is not None and not (indicator.survey or indicator.formula or indicator.criteria):
            texts = (indicator.target, indicator.actual)
            method, outcome = decided.get(texts) or decide(texts, threshold, decided)
            if outcome is not None and indicator.weight is not None:
                append(leaf_of(indicator, paths[j], method, outcome))
            else:
                append(_score_leaf(indicator, paths[j], method, context))
            continue
        if method is None:
            # `infer_method`, for a row naming a survey, formula or criteria (or under a threshold that is no key)
            method = infer_method_and_target(indicator)[0]
        where = paths[j]
        leaf = quick_leaf(indicator, where, method, threshold) if method in quantitative_methods else None
        append(leaf if leaf is not None else _score_leaf(indicator, where, method, context))
    return leaves


# the paths of a table's rows, by the table's path: a province's tables are the same few (projects[i].indicators,
# goals[i].indicators), and formatting `projects[3].indicators[7]` again for each of its leaves cost a twentieth of
# scoring. Bounded: a table path beyond MAX_TABLES known ones is formatted each time, as before.
_ROW_PATHS: dict[str, list[str]] = {}


def row_paths(path: str, count: int) -> list[str]:
    """`f"{path}[{j}]"` for j in range(count) (the list may be longer: read it by index only)."""
    known = _ROW_PATHS.get(path)
    if known is not None and len(known) >= count:
        return known
    rows = [f"{path}[{j}]" for j in range(count)]
    if len(_ROW_PATHS) < MAX_TABLES or known is not None:
        _ROW_PATHS[path] = rows
    return rows


def _score_leaf(indicator: Indicator, path: str, method: str, context: Context) -> LeafResult:
    if indicator.weight is None:
        return LeafResult(indicator, path, method, ZERO, None, missing="缺少分值（权重）")
    return METHODS[method].score(indicator, indicator.weight, path, context, method)


def _leaves(indicators: list[Indicator], context: Context, path: str) -> list[Node | LeafResult]:
    return list(score_leaves(indicators, context, path))


def _by_category(indicators: list[Indicator], scheme: Scheme, context: Context, path: str) -> list[Node]:
    nodes: dict[str, Node] = {
        c.key: Node(c.key, c.name, c.weight, [], path) for c in scheme.categories
    }
    for indicator, leaf in zip(indicators, score_leaves(indicators, context, path)):
        node = nodes.get(indicator.level1)
        if node is None:
            node = nodes[indicator.level1] = Node(indicator.level1, LEVEL1.get(indicator.level1, indicator.level1),
                                                  None, [], path)
        node.children.append(leaf)
    return [node for node in nodes.values() if node.children or (node.weight and not _optional(scheme, node.key))]


def _optional(scheme: Scheme, key: str) -> bool:
    category = scheme.category(key)
    return category is not None and category.optional


def _framework(spec: list[FrameworkNode], answers: list[Indicator], context: Context) -> list[Node]:
    by_code = {answer.code: (j, answer) for j, answer in enumerate(answers) if answer.code}

    def build(node: FrameworkNode, level1: str) -> Node | LeafResult:
        if node.children:
            return Node(node.code, node.name, node.weight, [build(child, level1) for child in node.children],
                        f"framework:{node.code}")
        j, answer = by_code.get(node.code, (None, None))
        indicator = _merge(node, level1, answer)
        path = f"indicators[{j}]" if j is not None else f"framework:{node.code}"
        return score_leaf(indicator, path, context)

    return [build(top, top.key or top.code) for top in spec]  # type: ignore[misc]


def _merge(spec: FrameworkNode, level1: str, answer: Indicator | None) -> Indicator:
    """A framework leaf with what the evaluator entered for it: ticks, judgement, tier, values."""
    ticks = answer.criteria if answer else []
    criteria = [
        Criterion(text=c.text, points=c.points, met=ticks[i].met if i < len(ticks) else None)
        for i, c in enumerate(spec.criteria)
    ]
    base = Indicator(
        name=spec.name, level1=level1, weight=spec.weight, method=spec.method, formula=spec.formula,
        rule=spec.rule, survey=spec.survey, criteria=criteria, definition=spec.definition or None,
        data_source=spec.data_source or None, code=spec.code,
    )
    if answer is None:
        return base
    return msgspec.structs.replace(
        base, target=answer.target, actual=answer.actual, score=answer.score, reason=answer.reason,
        tier=answer.tier, survey=answer.survey or spec.survey, deviation_reason=answer.deviation_reason,
        improvement=answer.improvement,
    )


def _finish(card: ScoreCard, library: Library) -> ScoreCard:
    leaves = card.leaves()
    # one walk over the leaves for what is missing, the total and the weights (a province has millions of them)
    missing, total, weights = [], ZERO, ZERO
    for leaf in leaves:
        score = leaf.score
        if score is None:
            missing.append(leaf.path)
        else:
            total += score
        weights += leaf.weight
    execution = card.execution
    execution_ok = execution is None or execution.score is not None
    if not execution_ok:
        missing.insert(0, execution.path)
    elif execution is not None:
        total += execution.score
    card.missing = missing
    card.total = total
    card.leaf_weight = weights
    card.complete = execution_ok and not (missing or not leaves)
    card.grade_withheld = _weights_in_error(card, weights) or _execution_implausible(execution)
    if card.complete and not card.grade_withheld:
        card.grade = grade_for(total, library.grade_scale(card.scheme.grade_scale))
    return card


def _execution_implausible(execution: ExecutionResult | None) -> str | None:
    """Why no grade may be given while spending is IMPLAUSIBLE_RATE times the budget or more: the rate is capped at
    100% by the rules, so 2 亿 typed in 元 against a budget of 2 万 scored full marks and read 优 (a trial). EXECUTION.OVER
    reports the same with its figures and the 元/万元 hint."""
    if execution is None or execution.rate is None or not implausibly_large(execution.spent, execution.budget_adjusted):
        return None
    return (f"执行数是调整后预算的 {fmt_normalised(execution.rate.quantize(ONE, ROUND_DOWN))} 倍以上，"
            f"请先核对{UNIT_SLIP}，改正后才能评定等级")


def _weights_in_error(card: ScoreCard, leaves_total: Decimal) -> str | None:
    """Why no grade may be given while the weights do not add up (a total over weights that sum to 120 is not a
    score out of 100); None when they do. The WEIGHT checks report the same errors with their places."""
    scheme = card.scheme
    if scheme.framework:
        return None  # the scheme fixes a framework's weights and validated them on load
    if scheme.indicators_total is not None and leaves_total != scheme.indicators_total:
        return (f"各指标分值之和为 {fmt_normalised(leaves_total)}，应为 {fmt_normalised(scheme.indicators_total)}，"
                "改正后才能评定等级")
    if not scheme.goals:
        return None  # only a department scheme with goals groups leaves by goal (`score_department`)
    for group in card.groups:
        if group.path.startswith("goals") and (group.weight is None or group.weight != group.leaf_weight):
            return f"年度目标“{shorten(group.name)}”的分值与其下指标分值之和不符，改正后才能评定等级"
    return None
