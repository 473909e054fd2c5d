"""The figures a generated document states about itself, taken from the core's own result: the scores a careful
department would write in its tables (indicator, execution, project and department scores, grades) and the counts
and rates its report states. The evaluation's own score and grade are still computed by `summarise(analyse(...))`."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from jixiao.core.checks.score_shape import execution_ceiling
from jixiao.core.facts import fact, is_computed
from jixiao.core.grades import grade_for
from jixiao.core.money import SCORE_PLACES, places_shown, round_half_up
from jixiao.core.results import ScoreCard
from jixiao.web.evaluations.services import analyse, library

from .documents import restate


def _text(value: Decimal, places: int = SCORE_PLACES) -> str:
    return format(round_half_up(value, places).normalize(), "f")


def _sync_card(card: ScoreCard, owner: dict, indicators_of) -> None:
    """Stated indicator scores, execution score, total and grade of one table, as the core scored it."""
    for leaf in card.leaves():
        if leaf.score is not None and leaf.method in ("higher_better", "lower_better", "exact"):
            indicators_of(leaf.path)["score"] = _text(leaf.score)
    if card.execution is not None and card.execution.score is not None and "stated_execution_score" in owner:
        owner["stated_execution_score"] = _text(card.execution.score)
    if card.total is not None and card.complete:
        if "stated_score" in owner:
            owner["stated_score"] = _text(card.total)
        if card.grade is not None and owner.get("stated_grade"):
            owner["stated_grade"] = card.grade.name


def _at(data: dict, path: str) -> dict:
    """The dict at a document path such as projects[2].indicators[3] or goals[0].indicators[1]."""
    node = data
    for step in path.split("."):
        name, _, index = step.partition("[")
        node = node[name]
        if index:
            node = node[int(index.rstrip("]"))]
    return node


def sync_stated(data: dict) -> None:
    """Rewrite in place what `data` states about its own scores and counts from the core's analysis of it."""
    analysis = analyse(data)
    result = analysis.result
    if result.department is not None:
        _sync_card(result.department, data, lambda path: _at(data, path))
        for i, goal in enumerate(data.get("goals", [])):
            if "stated_score" in goal:
                node = next((g for g in result.department.groups if g.path == f"goals[{i}]"), None)
                if node is not None:
                    goal["stated_score"] = _text(sum((leaf.score or 0 for leaf in node.leaves()), Decimal(0)))
    for project_result in result.projects:
        if project_result.card is not None:
            _sync_card(project_result.card, data["projects"][project_result.index], lambda path: _at(data, path))
    _within_execution(data, analysis.document)
    _sync_stated_grades(data)
    _sync_statements(data)


def _within_execution(data: dict, document) -> None:
    """A project listed with a stated score only states no more than its budget execution allows (RULES.md §2, the
    ceiling SCORE.ABOVE_EXECUTION holds it to): one that spent 92% of its budget under Hubei's 20 points lists at most
    98.4, whatever its indicators scored. The ceiling is cut, not rounded, to the 2 places a score shows."""
    for index, project in enumerate(data.get("projects", [])):
        if project.get("indicators") or project.get("stated_score") is None:
            continue
        ceiling = execution_ceiling(document, library(), index)
        if ceiling is not None and Decimal(project["stated_score"]) > ceiling.maximum:
            project["stated_score"] = _text(ceiling.maximum.quantize(Decimal(1).scaleb(-SCORE_PLACES), ROUND_DOWN))


def _sync_stated_grades(data: dict) -> None:
    """A project listed with a stated score only states the grade its score earns on the project scheme's scale."""
    scale = library().grade_scale(library().scheme(data.get("project_scheme") or "mof-2020-project").grade_scale)
    for project in data.get("projects", []):
        if not project.get("indicators") and project.get("stated_grade") and project.get("stated_score"):
            project["stated_grade"] = grade_for(Decimal(project["stated_score"]), scale).name


def _sync_statements(data: dict) -> None:
    """Counts and rates the report states (grade counts, 评优率, execution rates) recomputed at the places shown."""
    analysis = analyse(data)
    for statement in data.get("statements", []):
        key = statement["fact"]
        if not is_computed(key) or statement.get("unit") in ("万元", "元"):
            continue
        found = fact(analysis.document, key, analysis.result)
        if found is not None:
            restate(statement, format(round_half_up(found.value, places_shown(Decimal(statement["value"]))), "f"))
