"""Keeping the projection (models.py) in step with the evaluations: after every committed save of an evaluation its
rows are rebuilt from the core's analysis of the saved revision (`analysis_of`, shared with the pages, so a save is
scored once); `rebuild_all` rebuilds every evaluation's (the `reproject` command, the demo).

The figures come from `jixiao.core.cycle.projection`: nothing is scored here."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction

from jixiao.core.cycle.projection import Execution, Figures, figures
from jixiao.core.cycle.reviewed import own
from jixiao.core.money import round_half_up
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.services import analysis_of
from jixiao.web.review.counted import CountedScores, counted_scores

from .models import DIGITS, PLACES, REVIEWED, EvaluationRow, FindingRow, IndicatorRow, ProjectRow

log = logging.getLogger(__name__)


def on_evaluation_saved(sender, instance: Evaluation, **kwargs) -> None:
    """post_save of an evaluation: refresh once the save is committed (a rolled-back save leaves the rows as they
    were, and the refresh reads what was committed)."""
    pk = instance.pk
    transaction.on_commit(lambda: refresh_quietly(pk))


def refresh_quietly(evaluation_id: int, force: bool = False) -> None:
    """A refresh that fails must not turn a save that succeeded into an error page: it is logged, the rows stay as
    they were, and `reproject` rebuilds them. `force`: the evaluation is unchanged but what counts for it is not (the
    bureau's scores of its spot-check, review.counted)."""
    try:
        refresh(evaluation_id, force)
    except Exception:  # logged with its traceback; the save itself succeeded
        log.exception("统计分析：自评 %s 的统计数据未能更新", evaluation_id)


def refresh(evaluation_id: int, force: bool = False) -> EvaluationRow | None:
    """Rebuild the rows of one evaluation from its saved state; nothing when they already describe that state
    (unless `force`). The evaluation's row is locked meanwhile, so two refreshes of one evaluation take turns."""
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update(of=("self",)).filter(pk=evaluation_id).order_by().first()
        if evaluation is None:  # deleted since: its rows went with it (CASCADE)
            return None
        row = EvaluationRow.objects.filter(evaluation_id=evaluation_id).first()
        if row is not None and not force and _describes(row, evaluation):
            return row
        analysis = analysis_of(evaluation)
        return _write(evaluation, row is not None, figures(analysis.document, analysis.result, analysis.findings),
                      counted_scores(evaluation, analysis))


def _describes(row: EvaluationRow, evaluation: Evaluation) -> bool:
    return (row.source_revision, row.source_updated, row.status, row.department_id, row.year) == \
        (evaluation.revision, evaluation.updated, evaluation.status, evaluation.department_id, evaluation.year)


def rebuild_all() -> tuple[int, list[int]]:
    """Every evaluation's rows, rebuilt (idempotent: the same evaluations give the same rows). Returns how many were
    rebuilt and the ids of those whose analysis failed (logged; their rows are left as they were)."""
    count, failed = 0, []
    for pk in list(Evaluation.objects.order_by("pk").values_list("pk", flat=True)):
        try:
            refresh(pk, force=True)
            count += 1
        except Exception:  # one document the core refuses must not stop the others
            log.exception("统计分析：自评 %s 的统计数据未能重建", pk)
            failed.append(pk)
    return count, failed


def rewrite(evaluation: Evaluation, analysis) -> EvaluationRow:
    """The rows of `evaluation` (its saved state, `analysis` its `analysis_of`) rebuilt unconditionally, inside the
    caller's transaction, which holds the evaluation's row lock: a rescoring, which has just moved the save time on
    and has the analysis in hand, need not read the evaluation again nor compare the old row."""
    return _write(evaluation, True, figures(analysis.document, analysis.result, analysis.findings),
                  counted_scores(evaluation, analysis))


def _write(evaluation: Evaluation, replace: bool, found: Figures, counted: CountedScores) -> EvaluationRow:
    if replace:
        _delete_rows(evaluation.pk)
    built = rows_of(evaluation, found, counted)
    save_rows([built])
    return built.row


def _delete_rows(evaluation_id: int) -> None:
    """The evaluation's row, projects, indicators and findings: one DELETE per table, children first. Django's own
    delete() would first read the row and its projects' ids to cascade by hand (two more queries per refresh); no
    other table refers to these four and none has delete signals, so there is nothing for it to find."""
    row = EvaluationRow.objects.filter(evaluation_id=evaluation_id)
    for model in (IndicatorRow, FindingRow, ProjectRow):
        model.objects.filter(row__in=row.values("pk"))._raw_delete(model.objects.db)
    row._raw_delete(row.db)


@dataclass
class Built:
    """One evaluation's projection rows, made but not yet saved (`save_rows` saves any number of them at once)."""

    row: EvaluationRow
    projects: list[ProjectRow]
    indicators: list[IndicatorRow]
    findings: list[FindingRow]


def rows_of(evaluation: Evaluation, found: Figures, counted: CountedScores | None = None) -> Built:
    """The rows that describe `evaluation` (saved, with its pk) as the core's figures `found` say, with the score
    and grade that count (`counted`, review.counted) where the bureau's spot-check rescored a table: rankings and
    distributions read `score` and `grade` (and why they count, `score_reason`), the department's own stay in
    `self_score` and `self_grade`. Without `counted` (a province's bulk load: nothing spot-checked yet) the
    department's own count."""
    summary = found.evaluation
    line = counted.department if counted is not None else own(summary.score, summary.grade)
    department = line if line.reviewed else None
    score, grade = (department.score, department.grade or "") if department else (summary.score, summary.grade)
    row = EvaluationRow(
        evaluation=evaluation, department_id=evaluation.department_id, year=evaluation.year,
        status=evaluation.status, score=_stored(score), grade=_fit(EvaluationRow, "grade", grade),
        self_score=_stored(summary.score), self_grade=_fit(EvaluationRow, "self_grade", summary.grade),
        score_source=REVIEWED if department else summary.score_source,
        score_reason=_fit(EvaluationRow, "score_reason", line.reason), complete=summary.complete,
        **_execution(summary.execution),
        errors=summary.errors, warnings=summary.warnings, notices=summary.notices,
        findings=summary.errors + summary.warnings + summary.notices, project_count=summary.project_count,
        excellent_share=_stored(summary.excellent_share), source_revision=evaluation.revision,
        source_updated=evaluation.updated)
    projects = [_project_row(row, p, counted.projects.get(p.index) if counted is not None else None)
                for p in found.projects]
    by_index = {p.index: p for p in projects}
    indicators = [
        IndicatorRow(row=row, project=by_index.get(i.project_index) if i.project_index is not None else None,
                     path=_fit(IndicatorRow, "path", i.path), level1=_fit(IndicatorRow, "level1", i.level1),
                     level1_name=_fit(IndicatorRow, "level1_name", i.level1_name),
                     level2=_fit(IndicatorRow, "level2", i.level2),
                     level2_name=_fit(IndicatorRow, "level2_name", i.level2_name),
                     name=_fit(IndicatorRow, "name", i.name), weight=_stored(i.weight),
                     target=_fit(IndicatorRow, "target", i.target), actual=_fit(IndicatorRow, "actual", i.actual),
                     score=_stored(i.score))
        for i in found.indicators]
    findings = [
        FindingRow(row=row, code=_fit(FindingRow, "code", f.code), severity=f.severity,
                   location=_fit(FindingRow, "location", f.location), subject=_fit(FindingRow, "subject", f.subject),
                   where=_fit(FindingRow, "where", f.where), message=f.message)
        for f in found.findings]
    return Built(row, projects, indicators, findings)


def _project_row(row: EvaluationRow, found, counted) -> ProjectRow:
    """A project's row: its own score and grade, or the bureau's where its spot-check rescored the project."""
    reviewed = counted is not None and counted.reviewed
    score, grade = (counted.score, counted.grade or "") if reviewed else (found.score, found.grade)
    return ProjectRow(row=row, index=found.index, name=_fit(ProjectRow, "name", found.name),
                      budget_category=found.budget_category, **_execution(found.execution), score=_stored(score),
                      grade=_fit(ProjectRow, "grade", grade),
                      grade_source=REVIEWED if reviewed else found.grade_source,
                      self_score=_stored(found.score), self_grade=_fit(ProjectRow, "self_grade", found.grade))


BATCH = 2000  # rows per INSERT: large enough to amortise a round trip, small enough for SQLite's variable limit


def save_rows(built: list[Built], write: Callable[[type[models.Model], list], None] | None = None) -> None:
    """Save the rows of any number of evaluations, table by table, parents first: each child was made with its
    parent object, whose primary key the parents' INSERT has just set (both databases return it, and Django copies it
    into the child's column when the child is saved). `write` stores a list of one model's instances (default:
    `bulk_create`; the province's bulk load passes COPY)."""
    write = write or _bulk_create
    write(EvaluationRow, [b.row for b in built])
    write(ProjectRow, [p for b in built for p in b.projects])
    write(IndicatorRow, [i for b in built for i in b.indicators])
    write(FindingRow, [f for b in built for f in b.findings])


def _bulk_create(model: type[models.Model], objs: list) -> None:
    model.objects.bulk_create(objs, batch_size=BATCH)


def _execution(execution: Execution) -> dict:
    return {"budget_adjusted": _stored(execution.budget_adjusted), "spent": _stored(execution.spent),
            "execution_rate": _stored(execution.rate)}


# What the columns can hold: a figure beyond it (10¹⁸ 万元, which the entry pages refuse but an imported file might
# state) is left out rather than failing the refresh.
_LIMIT = Decimal(10) ** (DIGITS - PLACES)


def _stored(value: Decimal | None) -> Decimal | None:
    """Rounded half up, once, to the places the columns keep; None for what no column can hold."""
    if value is None or not value.is_finite() or value.adjusted() >= DIGITS:
        return None
    rounded = round_half_up(value, PLACES)
    return rounded if abs(rounded) < _LIMIT else None


def _fit(model: type[models.Model], field: str, text: str) -> str:
    return text[: model._meta.get_field(field).max_length]
