"""The demo's quarter of monitoring: for each demo department, a report at the end of the third quarter of its
evaluation year. THE SPENDING FIGURES ARE DEMO FIGURES, not from the seeds: each row spends a fraction of its own
budget, chosen so that the shipped rules give red and yellow warnings (CYCLE.md §2). The first department's report
stays a draft (its preparer still has to explain the warnings); the others are submitted, with reasons and actions.
Cheap: one report per department, no scoring."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from jixiao.core.money import round_half_up
from jixiao.web.evaluations.models import Evaluation

from . import services
from .models import MonitoredIndicator, MonitoringRow, Status

MONTH = 9  # the third quarter's end: time progress 75%
# Demo figures: the department spends half its budget (50 ÷ 75 × 100 = 66.67: yellow) while stating 70% of its goals
# done (20 points ahead of spending: red); its projects spend in turn 30%, 55% and 70% of their budgets (40, 73.33 and
# 93.33 against time: red, yellow, green).
DEPARTMENT_SPENT, DEPARTMENT_GOALS = Decimal("0.5"), Decimal(70)
PROJECT_SPENT = (Decimal("0.3"), Decimal("0.55"), Decimal("0.7"))
INDICATOR_BEHIND = Decimal(30)  # % done of the department's first indicator: 45 points behind time (yellow)
REASON = "（演示数据）部分资金需待第四季度项目验收后集中支付，前三季度支出进度偏慢。"
ACTION = "（演示数据）督促实施单位加快验收和结算，按月报送支出进度，第四季度末前完成支付。"


def load() -> None:
    # Each department's evaluation year: its latest with a budget (the years before are history; a skeleton made
    # from approved goals has no budget figures yet, so there is no spending to measure against).
    latest: dict[int, Evaluation] = {}
    for evaluation in Evaluation.objects.select_related("department").order_by("department_id", "-year"):
        if ((evaluation.document or {}).get("budget") or {}).get("total"):
            latest.setdefault(evaluation.department_id, evaluation)
    for index, evaluation in enumerate(latest.values()):
        report, _ = services.start_report(evaluation.department, evaluation.year, MONTH)
        _fill(report)
        services.assess(report)
        if index:  # the first stays a draft
            _explain_and_submit(report)


def _fill(report) -> None:
    rows, projects = [r for r in report.rows.all() if r.budget is not None], 0
    for row in rows:
        if row.kind == MonitoringRow.Kind.DEPARTMENT:
            row.spent_to_date, row.goal_completion = _wan(row.budget * DEPARTMENT_SPENT), DEPARTMENT_GOALS
            MonitoredIndicator.objects.filter(row=row, position=0).update(completion=INDICATOR_BEHIND)
        else:
            row.spent_to_date = _wan(row.budget * PROJECT_SPENT[projects % len(PROJECT_SPENT)])
            projects += 1
    MonitoringRow.objects.bulk_update(rows, ["spent_to_date", "goal_completion"])


def _explain_and_submit(report) -> None:
    report.rows.exclude(colour__in=("", "green")).update(deviation_reason=REASON, corrective_action=ACTION)
    report.status, report.submitted = Status.SUBMITTED, timezone.now()
    report.submitted_by = _preparer_of(report.department_id)  # who would have pressed 提交
    report.save(update_fields=["status", "submitted", "submitted_by"])


def _preparer_of(department_id: int):
    from jixiao.web.accounts.models import Membership, Role

    found = Membership.objects.filter(department_id=department_id, role=Role.PREPARER).select_related("user").first()
    return found.user if found else None


def _wan(amount: Decimal) -> Decimal:
    """A demo amount as a report states it: 万元 to 2 places."""
    return round_half_up(amount, 2)
