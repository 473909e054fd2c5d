"""The review's part of the demo: the finance reviewer of the first bureau (the showcase one first) whose risk
ranking has an evaluation with scored project indicators takes a spot-check sample as a reviewer would from the
ranking's first page — the top one by risk ("按风险排名取前 N 名", N = 1) — and scores a few of its indicators below the
department's own scores, so that the ranking, the spot-check and its 自评偏差 all show something. Should the top one
have no project indicators to score, the highest-ranked one that has is ticked instead, and the reason says so.
Nothing when no evaluation is with a bureau yet."""

from __future__ import annotations

from decimal import Decimal

from jixiao.web.accounts.models import Membership, Role
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.services import Actor
from jixiao.web.organisations.models import FinanceBureau

from . import services

# Points the demo bureau takes off the department's own score on the first indicators of the first scored project
# (none on the third: the bureau agrees there).
DEDUCTIONS = (Decimal("0.5"), Decimal("1.5"), Decimal(0), Decimal(2))


def load() -> None:
    from jixiao.web.demo import SHOWCASE_BUREAU

    bureaus = FinanceBureau.objects.filter(departments__evaluations__status__in=services.REVIEWABLE).distinct()
    for bureau in sorted(bureaus, key=lambda b: (b.name != SHOWCASE_BUREAU, b.pk)):
        reviewer = Membership.objects.filter(role=Role.FINANCE_REVIEWER, finance_bureau=bureau).first()
        if reviewer is not None and _sample(reviewer.user):
            return


def _sample(user) -> bool:
    """Take the sample from the ranking's first page as the reviewer sees it (all years, the order `choose_sample`
    ranks by) and score it; False when no evaluation there has scored project indicators."""
    open_rows = [row for row in services.ranking_page(user, None, 1).rows if row.spot_check is None]
    chosen = next((row for row in open_rows if _scored(row.evaluation)), None)
    if chosen is None:
        return False
    # the method and the reason say how it was chosen, with what the ranking says of it (a fixed text stops being true)
    if chosen is open_rows[0]:
        top, picked, how = 1, set(), "取风险排名最高的一份"
    else:
        skipped = "排在前面的自评没有已评分的项目指标，无法逐项复核"
        top, picked, how = 0, {chosen.evaluation.pk}, f"勾选风险排名第 {chosen.rank} 名（{skipped}）"
    actor = Actor(user)
    check = services.choose_sample(user, actor, year=None, top=top, picked=picked,
                                   reason=f"演示：{how}；{chosen.risk.summary()}")[0]
    rows = [row for row in services.rows_of(check) if row.part and row.self_score is not None][:len(DEDUCTIONS)]
    values = {row.path: max(row.self_score - points, Decimal(0)) for row, points in zip(rows, DEDUCTIONS)}
    services.save_bureau_scores(check, values, actor)
    return True


def _scored(evaluation: Evaluation) -> bool:
    from jixiao.web.evaluations.services import analysis_of

    return any(project.card for project in analysis_of(evaluation).result.projects)
