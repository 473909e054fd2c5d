"""Starting the bureau's year files (the disclosure zip, the suggestions workbook): one job row, audited, built by a
worker once the request's transaction commits. Views of both apps call this; the building is `exports.build`."""

from __future__ import annotations

from django.db import transaction

from jixiao.web.accounts import permissions
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.tasks import enqueue_on_commit

from . import tasks
from .models import ExportJob


def queue_export(request, kind: str, year: int) -> ExportJob:
    """A file of the user's bureaus for `year`, built by a worker once this is committed; audited."""
    with transaction.atomic():
        job = ExportJob.objects.create(user=request.user, kind=kind, year=year)
        record(Action.EXPORT, request, object_type="export", object_id=job.pk,
               detail=f"生成 {year} 年度{job.get_kind_display()}")
        enqueue_on_commit(tasks.build_export, job.pk, sorted(permissions.bureau_ids(request.user)))
    return job
