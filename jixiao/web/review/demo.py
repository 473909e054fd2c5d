"""The review's part of the demo: the finance reviewer of the first bureau that has a submitted evaluation with scored
indicators takes it as a spot-check sample from the risk ranking and scores a few of its indicators below the
department's own scores, so that the ranking, the spot-check and its 自评偏差 all show something. Nothing when no
evaluation is with the bureau yet."""

from __future__ import annotations

from decimal import Decimal

from jixiao.web.accounts.models import Membership, Role
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.services import Actor

from . import services

# Points the demo bureau takes off the department's own score on the first indicators of the first scored project
# (none on the third: the bureau agrees there).
DEDUCTIONS = (Decimal("0.5"), Decimal("1.5"), Decimal(0), Decimal(2))


def load() -> None:
    from jixiao.web.demo import SHOWCASE_BUREAU

    candidates = Evaluation.objects.filter(status__in=services.REVIEWABLE).select_related("department__finance_bureau")
    for evaluation in sorted(candidates, key=lambda e: e.department.finance_bureau.name != SHOWCASE_BUREAU):
        reviewer = Membership.objects.filter(role=Role.FINANCE_REVIEWER,
                                             finance_bureau_id=evaluation.department.finance_bureau_id).first()
        if reviewer is None or not _scored(evaluation):
            continue
        actor = Actor(reviewer.user)
        # the reason is what the ranking says of this evaluation (a fixed text stopped being true of it)
        risk = services.ranked_one(reviewer.user, evaluation.pk).risk
        services.choose_sample(reviewer.user, actor, year=evaluation.year, top=0, picked={evaluation.pk},
                               reason=f"演示：按风险排名抽取；{risk.summary()}")
        check = evaluation.spot_check
        rows = [row for row in services.rows_of(check) if row.part and row.self_score is not None][:len(DEDUCTIONS)]
        values = {row.path: max(row.self_score - points, Decimal(0)) for row, points in zip(rows, DEDUCTIONS)}
        services.save_bureau_scores(check, values, actor)
        return


def _scored(evaluation: Evaluation) -> bool:
    from jixiao.web.evaluations.services import analysis_of

    return any(project.card for project in analysis_of(evaluation).result.projects)
