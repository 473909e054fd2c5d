"""The bureau's background tasks: auditing an uploaded report, building a year's zip. Each keeps its own row
(ReportAudit, ExportJob) up to date, so the pages read progress and outcome from there, never from the queue.

A task that fails inside the queue rather than in its own code (its worker died twice: worker/recovery.py) is
reported through `task_finished`, and its row is marked failed with the reason.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from jixiao.web.tasks import TaskResultStatus, task, task_finished
from jixiao.web.worker.process import heartbeat
from jixiao.web.worker.recovery import LOST_REASON, is_lost

from .models import ExportJob, ReportAudit, ReportUpload

log = logging.getLogger(__name__)
INTERNAL_ERROR = "后台任务出现内部错误，已记录；请重新上传或稍后再试"


@task()
def audit_report(report_id: int) -> str:
    report = ReportAudit.objects.filter(pk=report_id).first()
    if report is None or not report.pending:
        return "skipped"
    report.state, report.started = ReportAudit.State.RUNNING, timezone.now()
    report.save(update_fields=["state", "started"])
    heartbeat()
    upload = ReportUpload.objects.filter(pk=report_id).first()
    if upload is None:
        report.error = "上传的文件已不在，无法审核，请重新上传"
        report.state, report.finished = ReportAudit.State.FAILED, timezone.now()
    else:
        from . import imports  # the readers are loaded in the worker, not by every process at start

        imports.audit_stored(report, bytes(upload.content))
    with transaction.atomic():
        report.save()
        ReportUpload.objects.filter(pk=report_id).delete()  # the file is not kept once audited
    return report.state


@task()
def build_export(job_id: int, bureau_ids: list[int]) -> None:
    from . import exports  # the document writers are loaded in the worker, not by every process at start

    exports.build(job_id, bureau_ids)


@receiver(task_finished)
def _mark_failed(sender, task_result, **kwargs) -> None:
    if task_result.status != TaskResultStatus.FAILED:
        return
    reason = LOST_REASON if is_lost(task_result) else INTERNAL_ERROR
    path = task_result.task.module_path
    if path == audit_report.module_path:
        report_id = task_result.args[0]
        with transaction.atomic():
            ReportAudit.objects.filter(pk=report_id, state__in=(ReportAudit.State.QUEUED, ReportAudit.State.RUNNING)) \
                .update(state=ReportAudit.State.FAILED, error=reason, finished=timezone.now())
            ReportUpload.objects.filter(pk=report_id).delete()
    elif path == build_export.module_path:
        ExportJob.objects.filter(pk=task_result.args[0], state__in=(ExportJob.State.QUEUED, ExportJob.State.RUNNING)) \
            .update(state=ExportJob.State.FAILED, error=reason)
