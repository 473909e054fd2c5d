"""Which parts of a report were read only in part, and which findings wait for them.

A table whose rows or weights were not all read cannot have its totals, grades or blank columns judged: the findings
that follow from the missing rows are held back and the audit says what it could not read, instead of accusing the
document of what the reader missed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.core.checks import Finding
from jixiao.core.model import Evaluation
from jixiao.core.money import fmt_normalised

HELD_BACK = (  # the checks that judge a table as a whole
    "FORM.UNFILLED", "WEIGHT", "SCORE.TOTAL", "SCORE.SUBTOTAL", "SCORE.ABOVE_PARTS", "SCORE.ABOVE_EXECUTION",
    "SCORE.NOT_SCORED", "FULL_MARKS", "GRADE.MISMATCH", "EXECUTION")


def incomplete_parts(reading) -> list[tuple[str, str]]:
    """(path, message) of each form read in part: the findings that would follow from its missing rows wait."""
    departments = [f for f in reading.coverage.forms if not f.subject]
    # a department table every row of which was read: a goal whose indicators do not make its 分值 is the table's
    # own mismatch (WEIGHT.GROUP), not indicators the reading missed
    # likewise a project table every row of which was read: weights short of its total are the table's own (WEIGHT.TOTAL)
    read_whole = {f.subject for f in reading.coverage.forms if f.subject and f.complete and f.weights_verified}
    out = _incomplete_tables(reading.evaluation, bool(departments) and all(f.complete for f in departments), read_whole)
    for index, project in enumerate(reading.evaluation.projects):
        for form in reading.coverage.forms:
            if form.subject and form.subject == project.name and not form.complete:
                out.append((f"projects[{index}]", f"{form.name}“{form.subject}”{form.read_as}，其合计与分值未核对"))
    evaluation = reading.evaluation
    if any(x.weight is None for g in evaluation.goals for x in g.indicators) or any(
            g.weight is None for g in evaluation.goals if g.indicators):
        out.append(("goals", "部门整体自评表的分值未能全部读出，其合计与得分未核对"))
    for index, project in enumerate(evaluation.projects):
        if any(x.weight is None for x in project.indicators):
            out.append((f"projects[{index}]", f"项目“{project.name}”自评表的分值未能全部读出，其合计与得分未核对"))
    if evaluation.goals and evaluation.indicators and not any(g.indicators == [] for g in evaluation.goals):
        # indicators read beside the goals rather than under them: the goals block was not read as the form has it
        out.append(("goals", f"部门整体自评表有 {len(evaluation.indicators)} 项指标未能归入年度目标，其合计与分值未核对"))
    # a list some of whose rows were read (a list none of whose rows were read gave no projects of its own)
    if any(f.template == "project_score_list" and 0 < f.rows_read < f.rows_total for f in reading.coverage.forms):
        out.append(("project_list", "项目清单只读取了部分行，其合计未核对"))
    if any(not f.subject and not f.complete for f in reading.coverage.forms):
        out.append(("goals", "部门整体自评表只读取了部分行，其合计与分值未核对"))
    return list(dict.fromkeys(out))


def _incomplete_tables(evaluation: Evaluation, goals_read: bool = False,
                       projects_read: set[str] = frozenset()) -> list[tuple[str, str]]:
    """(path, message) of each score table whose indicators read do not add up to the table's points."""
    out = []
    for i, project in enumerate(evaluation.projects):
        if not project.indicators or any(x.weight is None for x in project.indicators) or project.name in projects_read:
            continue
        points = sum(x.weight for x in project.indicators) + (project.stated_execution_weight
                                                             or project.stated_execution_score or Decimal(0))
        total = project.stated_score if project.stated_score is not None and project.stated_execution_weight is None \
            else Decimal(100)
        if points != total and not (project.stated_execution_weight and points == Decimal(100)):
            out.append((f"projects[{i}]", _points_read(project.name, points, total)))
    short = [g for g in evaluation.goals if g.indicators and g.weight is not None
             and g.weight != sum((x.weight or Decimal(0)) for x in g.indicators)]
    if short and not goals_read:
        out.append(("goals", f"部门整体自评表有 {len(short)} 个年度目标的指标未能全部提取，其合计与分值未核对"))
    return out


def _points_read(name: str, points: Decimal, total: Decimal) -> str:
    """Why a project table is not checked: fewer points read than the table's total (rows not read), or more (a row
    read twice, or a figure read into the wrong column)."""
    side = "少于" if points < total else "多于"
    return (f"项目“{name}”的自评表提取到的指标分值合计 {fmt_normalised(points)} 分，{side}表中总分 "
            f"{fmt_normalised(total)} 分，其中的合计与分值未核对")


_STATEMENT = re.compile(r"^statements\[(\d+)\]$")


def held_back(finding: Finding, incomplete: list[tuple[str, str]], evaluation: Evaluation) -> bool:
    statement = _STATEMENT.match(finding.location)
    if statement and any(path == "goals" for path, _ in incomplete):
        # a stated total score cannot be recomputed from a table read only in part
        fact = evaluation.statements[int(statement[1])].fact
        return fact.startswith("score.")
    if finding.code == "SUM.PROJECTS" and any(path == "project_list" for path, _ in incomplete):
        return True  # the projects listed add up to less than the total only because some rows were not read
    if not finding.code.startswith(HELD_BACK):
        return False
    for path, _ in incomplete:
        if path == "goals" and (finding.location.startswith(("goals", "stated_score", "stated_grade", "budget.total", "execution"))):
            return True
        if finding.location == path or finding.location.startswith(path + "."):
            return True
    return False
