"""The demo's part of 结果应用: for the first bureau with evaluations the bureau has accepted (or that wait for it),
decisions on some suggestions of one evaluation, a rectification notice its department answered and one left
overdue, so that every page of the app is reachable. Without such evaluations there is nothing to add."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from jixiao.web.accounts.models import Membership, Role

from . import services
from .models import Choice, Decision, RectificationItem, RectificationNotice


def load() -> None:
    qualifying = services.Evaluation.objects.filter(status__in=services.QUALIFYING).select_related("department")
    from jixiao.web.demo import SHOWCASE_BUREAU

    ordered = qualifying.order_by("department__finance_bureau__name", "-year", "department__name")
    evaluation = ordered.filter(department__finance_bureau__name=SHOWCASE_BUREAU).first() or ordered.first()
    if evaluation is None:
        return
    reviewer = _member(Role.FINANCE_REVIEWER, finance_bureau=evaluation.department.finance_bureau)
    preparer = _member(Role.PREPARER, department=evaluation.department)
    _decisions(evaluation, reviewer)
    _notices(evaluation, reviewer, preparer)


def _member(role: str, **scope):
    found = Membership.objects.filter(role=role, **scope).select_related("user").first()
    return found.user if found else None


def _decisions(evaluation, reviewer) -> None:
    """Adopt the department's suggestion, adjust the first project's, reject the second's."""
    rows = services.rows_of(evaluation)
    choices = [(Choice.ADOPT, None, ""), (Choice.ADJUST, "adjust", "项目已进入收尾阶段，按实际需要安排"),
               (Choice.REJECT, None, "该项目为法定支出，下年继续按标准安排")]
    for row, (choice, adjust, reason) in zip(rows, choices):
        amount = None
        if adjust and row.suggestion.subject.budget is not None:
            amount = row.suggestion.subject.budget / 2  # half this year's budget: a round figure a bureau might set
        Decision.objects.create(
            evaluation=evaluation, key=row.key, subject=row.suggestion.subject.name[:300],
            choice=choice if amount is not None or not adjust else Choice.ADOPT, amount=amount, reason=reason,
            suggested_action=row.suggestion.action, suggested_amount=row.suggestion.amount, decided_by=reviewer)


def _notices(evaluation, reviewer, preparer) -> None:
    today = timezone.localdate()
    findings = services.notice_findings(evaluation)
    answered = _notice(evaluation, reviewer, "自评问题整改", today + dt.timedelta(days=30), [
        "核实并更正自评表中与决算数不一致的金额", "补充未达成指标的偏差原因和改进措施"], findings)
    for item in answered.items.all():
        item.reply = f"已按要求整改：{item.demand[:20]}，修改后的材料已报送。"
        item.replied_by, item.replied = preparer, timezone.now()
        item.save()
    overdue = _notice(evaluation, reviewer, "预算执行进度偏慢整改", today - dt.timedelta(days=10),
                      ["说明预算执行率偏低的原因，提出加快执行的措施"], [])
    RectificationNotice.objects.filter(pk=overdue.pk).update(issued=timezone.now() - dt.timedelta(days=40))


def _notice(evaluation, reviewer, title: str, deadline: dt.date, demands: list[str], findings) -> RectificationNotice:
    notice = RectificationNotice.objects.create(evaluation=evaluation, department=evaluation.department, title=title,
                                                deadline=deadline, issued_by=reviewer)
    for number, demand in enumerate(demands, start=1):
        finding = findings[number - 1] if number <= len(findings) else None
        RectificationItem.objects.create(
            notice=notice, number=number, demand=demand, finding_code=finding.code if finding else "",
            finding_location=finding.location[:300] if finding else "",
            finding_place=services.finding_place(finding.location, evaluation.document, finding.subject)[:300]
            if finding else "",
            finding_text=finding.message[:1000] if finding else "")
    return notice
