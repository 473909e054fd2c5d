"""What each kind of batch does with one item, and which items a batch of it has. The work itself is the other
apps' own: the core scores (rescoring.py), the disclosure app renders its public documents, the bureau app audits a
report. A handler returns a short summary, raises ItemRefused with a Chinese reason for an item that cannot be done,
and anything else for a failure worth another attempt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jixiao.web.evaluations.models import Evaluation

from .errors import ItemRefused
from .models import Batch
from .rescoring import GOAL_SET_KEY, rescore

Items = list[tuple[str, str]]  # (key, label)


@dataclass(frozen=True)
class Kind:
    run: Callable[[str, dict], str]
    # the item's end is committed together with the handler's own writes: one commit (one wait for the disk) less
    # per item, for a handler whose work is one short transaction anyway. Not for one that renders or reads files
    # for seconds: its transaction would be held open across that work, and its rows' progress hidden meanwhile
    together: bool = False


def rescore_items(bureau_id: int | None) -> Items:
    """Every evaluation, then every goal set (its weight checks read the schemes' totals: rescoring.recount_goals)."""
    from jixiao.web.goals.models import GoalSet

    evaluations, goal_sets = Evaluation.objects.order_by("pk"), GoalSet.objects.order_by("pk")
    if bureau_id is not None:
        evaluations = evaluations.filter(department__finance_bureau_id=bureau_id)
        goal_sets = goal_sets.filter(department__finance_bureau_id=bureau_id)
    return [(str(pk), f"{name} {year} 年度") for pk, name, year in
            evaluations.values_list("pk", "department__name", "year")] + \
        [(f"{GOAL_SET_KEY}{pk}", f"{name} {year} 年度绩效目标") for pk, name, year in
         goal_sets.values_list("pk", "department__name", "year")]


def disclosure_items(bureau_id: int, year: int) -> Items:
    from jixiao.web.disclosure.services import published

    evaluations = published().filter(department__finance_bureau_id=bureau_id, year=year).order_by("pk")
    return [(str(pk), f"{name} {year} 年度") for pk, name in evaluations.values_list("pk", "department__name")]


def disclose(key: str, parameters: dict) -> str:
    """The published evaluation's public PDF and Excel, rendered and kept as the portal serves them."""
    from jixiao.io.charts import FontMissing
    from jixiao.web.disclosure import services

    evaluation = services.published().filter(pk=int(key)).first()
    if evaluation is None:
        raise ItemRefused("该自评已撤回公开或不再处于“已接收”状态，未生成公开文件")
    sizes = []
    for fmt, label in services.PUBLIC_FORMATS.items():
        try:
            _, content = services.document(evaluation, fmt)
        except FontMissing as error:
            raise ItemRefused(f"生成 {label} 时缺少字体：{error}") from error
        sizes.append(f"{label} {len(content) / 1024:.0f} KB")
    return "，".join(sizes)


def audit(key: str, parameters: dict) -> str:
    """One uploaded report audited by the bureau's own task (run here, in this item's task)."""
    from jixiao.web.bureau.models import ReportAudit
    from jixiao.web.bureau.tasks import audit_report

    audit_report.call(int(key))  # does nothing for a report already audited
    report = ReportAudit.objects.filter(pk=int(key)).first()
    if report is None:
        raise ItemRefused("该报告审核记录已被删除")
    if report.state == ReportAudit.State.FAILED:
        raise ItemRefused(f"《{report.name}》无法审核：{report.error}")
    if report.pending:
        raise RuntimeError(f"report {key} still {report.state} after its audit")
    if report.unauditable:
        return f"无法审核：{report.unauditable}"[:300]
    return f"错误 {report.errors} 个，警告 {report.warnings} 个"


KINDS: dict[str, Kind] = {
    Batch.Kind.RESCORE: Kind(rescore, together=True),
    Batch.Kind.DISCLOSURE: Kind(disclose),
    Batch.Kind.AUDIT: Kind(audit),
}
