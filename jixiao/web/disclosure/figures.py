"""The published figures of one evaluation as flat rows, read from the core's analysis (`analysis_of`): the portal's
tables, the open data (JSON, CSV) and the API's detail all show these rows, so they cannot disagree.

Figures are text, rounded once here at display (ROUND_HALF_UP): amounts in 万元, scores and weights to 2 places,
rates as percentage points to 2 places; "" when the core has no figure. docs/open-data.md states the schema."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import timezone

from jixiao.core.cycle.projection import project_figures
from jixiao.core.labels import LEVEL1, LEVEL2
from jixiao.core.money import HUNDRED, PERCENT_PLACES, SCORE_PLACES, WAN_PLACES, fixed
from jixiao.core.reports.rounding import TAIL_NOTE, groups_tail, leaves_tail, parts_tail
from jixiao.core.results import ScoreCard
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.services import Analysis, analysis_of, summarise

DEPARTMENT, PROJECT = "department", "project"


def _text(value: Decimal | None, places: int) -> str:
    return "" if value is None or not value.is_finite() else fixed(value, places)


def score_text(value: Decimal | None) -> str:
    return _text(value, SCORE_PLACES)


def wan_text(value: Decimal | None) -> str:
    return _text(value, WAN_PLACES)


def rate_text(rate: Decimal | None) -> str:
    """A rate (0.9903) as percentage points ("99.03")."""
    return _text(None if rate is None else rate * HUNDRED, PERCENT_PLACES)


def headline(analysis: Analysis) -> tuple[Decimal | None, str]:
    """The evaluation's score and grade as the lists show them (`summarise`: computed, else as stated)."""
    probe = Evaluation()
    summarise(probe, analysis)
    return probe.score, probe.grade


def evaluation_row(evaluation: Evaluation, published) -> dict[str, str | int | bool]:
    """`generated`: the evaluation's figures were made up by the demo: its department is one the demo generated
    (Department.generated), or the demo generated this year of a real department (Evaluation.generated)."""
    analysis = analysis_of(evaluation)
    score, grade = headline(analysis)
    department = evaluation.department
    return {"evaluation_id": evaluation.pk, "bureau": department.finance_bureau.name, "department": department.name,
            "department_code": department.code, "year": evaluation.year, "score": score_text(score), "grade": grade,
            "project_count": len(analysis.document.projects),
            "published": timezone.localdate(published).isoformat() if published else "",
            "generated": department.generated or evaluation.generated}


def part_rows(evaluation: Evaluation) -> list[dict[str, str | int]]:
    """The department's score by part: budget execution, then each goal or level-1 group."""
    card = analysis_of(evaluation).result.department
    if card is None:
        return []
    rows = []
    if card.execution is not None:
        rows.append({"evaluation_id": evaluation.pk, "part": LEVEL1["execution"],
                     "weight": score_text(card.execution.weight), "score": score_text(card.execution.score)})
    for group in card.groups:
        weight = group.weight if group.weight is not None else group.leaf_weight
        rows.append({"evaluation_id": evaluation.pk, "part": group.name, "weight": score_text(weight),
                     "score": score_text(group.score)})
    return rows


def project_rows(evaluation: Evaluation) -> list[dict[str, str | int]]:
    """Each project's budget, spending, rate, score and grade, all three figures of the one line the core scores
    execution on (`project_figures`): the score card's where the project has one, else the same line, since a
    project listed without indicators (seed 003's 9–26) has no score card but has a rate all the same; a table whose
    年度资金总额 row was left blank is scored on its sources' sum, and shows that sum beside its rate."""
    result = analysis_of(evaluation).result
    rows = []
    for project, figures in zip(result.projects, project_figures(result)):
        execution = figures.execution
        rows.append({"evaluation_id": evaluation.pk, "project_no": project.index + 1, "project": project.project.name,
                     "budget_adjusted": wan_text(execution.budget_adjusted), "spent": wan_text(execution.spent),
                     "execution_rate": rate_text(execution.rate),
                     "score": score_text(project.score), "grade": project.grade or ""})
    return rows


def indicator_rows(evaluation: Evaluation) -> list[dict[str, str | int]]:
    """Every scored indicator: the department's first, then each project's, in table order."""
    result = analysis_of(evaluation).result
    cards: list[tuple[str, int | str, str, ScoreCard]] = []
    if result.department is not None:
        cards.append((DEPARTMENT, "", "", result.department))
    cards += [(PROJECT, p.index + 1, p.project.name, p.card) for p in result.projects if p.card is not None]
    rows = []
    for scope, number, name, card in cards:
        for leaf in card.leaves():
            indicator = leaf.indicator
            rows.append({"evaluation_id": evaluation.pk, "scope": scope, "project_no": number, "project": name,
                         "goal_no": _goal_number(leaf.path),
                         "level1": LEVEL1.get(indicator.level1, indicator.level1),
                         "level2": LEVEL2.get(indicator.level2 or "", indicator.level2 or ""),
                         "indicator": indicator.name, "target": indicator.target or "",
                         "actual": indicator.actual or "", "weight": score_text(leaf.weight),
                         "score": score_text(leaf.score)})
    return rows


def tail_notes(evaluation: Evaluation) -> dict[str, str]:
    """The 尾差 note (`rounding.TAIL_NOTE`) each table of the page prints under it, "" where its shown scores add up:
    "parts", the department's execution and goal subtotals against its total; "indicators", the indicators' scores
    against those subtotals and that total, and against each project's score."""
    result = analysis_of(evaluation).result
    card = result.department
    parts = parts_tail(card)
    indicators = groups_tail(card) or leaves_tail(card) or any(
        leaves_tail(p.card) or groups_tail(p.card) for p in result.projects if p.card is not None)
    return {"parts": TAIL_NOTE if parts else "", "indicators": TAIL_NOTE if indicators else ""}


_GOAL = re.compile(r"goals\[(\d+)\]\.")


def _goal_number(path: str) -> int | str:
    """The annual goal (年度目标, from 1) a department's indicator belongs to, '' for one of no goal: four goals
    each measuring 资金拨付及时率 are four rows of one name, told apart by it."""
    found = _GOAL.match(path)
    return int(found.group(1)) + 1 if found else ""
