"""Each batch item is its own task on the queue, so that workers on any number of machines share a batch."""

from __future__ import annotations

from django.dispatch import receiver

from jixiao.web.tasks import TaskResultStatus, task, task_finished
from jixiao.web.worker.recovery import LOST_REASON, is_lost

INTERNAL_ERROR = "后台任务出现内部错误，已记录在系统日志中"


@task(takes_context=True)
def run_item(context, item_id: int) -> str:
    from . import services

    with services.commits_flushed_by_the_queue(context.task_result.backend):
        return services.run_item(item_id, str(context.task_result.id))


@receiver(task_finished)
def _mark_failed(sender, task_result, **kwargs) -> None:
    """run_item catches its handlers' exceptions itself: a task that failed in the queue lost its worker."""
    if task_result.status != TaskResultStatus.FAILED or task_result.task.module_path != run_item.module_path:
        return
    from . import services

    services.fail_lost(task_result.args[0], LOST_REASON if is_lost(task_result) else INTERNAL_ERROR)
