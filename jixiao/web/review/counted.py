"""The score and grade that count for an evaluation, and for each of its projects (core.cycle.reviewed): the
department's own, or the finance bureau's where its spot-check rescored the whole table. One function for every
reader — the analytics projection (rankings, distributions) and 结果应用 — so that they never disagree. Kept apart
from `services` (the pages' module) so that the projection can import it without importing the pages' world."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core import docpath
from jixiao.core.cycle.projection import evaluation_figures
from jixiao.core.cycle.reviewed import Counted, counted, own
from jixiao.core.grades import Tally, tally
from jixiao.core.money import fmt_total
from jixiao.web import lookups
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.services import analysis_of, library

from .models import BureauScore


@dataclass(frozen=True)
class CountedScores:
    department: Counted  # the evaluation's own line: the department as a whole
    projects: dict[int, Counted] = field(default_factory=dict)  # by the project's index

    @property
    def reviewed(self) -> bool:
        return self.department.reviewed or any(p.reviewed for p in self.projects.values())

    def of_part(self, part: str) -> Counted | None:
        """What counts for a spot-check's part ('' the department, projects[i] a project: core.cycle.gaps)."""
        if not part:
            return self.department
        index = docpath.index_in(part, "projects")
        return self.projects.get(index) if index is not None else None

    def project_tally(self, result) -> Tally:
        """The projects of `result` (its EvaluationResult) by the grade that counts for each, and 评优率 over them:
        the result's own tally with each rescored project at the bureau's grade."""
        grades = (self.projects[p.index].grade if p.index in self.projects else p.grade for p in result.projects)
        return tally(grades, result.grade_counts, result.excellent_grade)

    def said_of(self, part: str) -> str:
        """What rankings and 结果应用 count for the part, in words: the bureau's score once it rescored the whole
        table, which includes the execution item the bureau does not rescore (said, beside the indicators' sums)."""
        counted = self.of_part(part)
        if counted is None or not counted.reviewed:
            return "自评得分（全部指标复核后改按复核得分）"
        grade = f"，{counted.grade}" if counted.grade else "，未评定等级"
        return f"复核得分 {fmt_total(counted.score)} 分（含预算执行得分{grade}）"


def _bureau_scores_of(evaluation_id):
    return BureauScore.objects.filter(spot_check__evaluation_id=evaluation_id).values_list("path", "score")


def bureau_scores(evaluation_id: int) -> dict[str, Decimal]:
    """The bureau's score of each indicator it rescored (path → score); empty when not spot-checked. Read by a
    statement compiled once per process (lookups.kept): a list of 结果应用 asks it of every evaluation on its page,
    and building and compiling the join cost more than the rest of a line."""
    return dict(lookups.kept(_bureau_scores_of, (evaluation_id,)))


def counted_scores(evaluation: Evaluation, analysis=None) -> CountedScores:
    """The score and grade that count for `evaluation` (saved, its `analysis_of` when the caller has it), for the
    department as a whole — its own verdict as the rankings take it (the score card's total, else the document's
    stated score) — and for each project, with where each comes from (`Counted.source`, `.reason`)."""
    analysis = analysis if analysis is not None else analysis_of(evaluation)
    result = analysis.result
    summary = evaluation_figures(analysis.document, result, [])
    bureau = bureau_scores(evaluation.pk) if evaluation.pk else {}
    if not bureau:  # not spot-checked (nearly every evaluation): nothing to read in the library
        return CountedScores(own(summary.score, summary.grade),
                             {p.index: own(p.score, p.grade) for p in result.projects})
    scales = library().grade_scale
    return CountedScores(counted(result.department, summary.score, summary.grade, bureau, scales),
                         {p.index: counted(p.card, p.score, p.grade, bureau, scales) for p in result.projects})
