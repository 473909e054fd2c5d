"""Building the bureau's zip: each accepted evaluation's disclosure package (PDF, xlsx, JSON) in its own folder."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection

from jixiao.io.documents import base_name, render
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import core_document, library

from .models import ExportJob


def exports_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "exports"
    folder.mkdir(exist_ok=True)
    return folder


def start(job: ExportJob, bureau_ids: set[int]) -> None:
    ids = list(Evaluation.objects.filter(department__finance_bureau_id__in=bureau_ids, year=job.year,
                                         status=Status.ACCEPTED).values_list("pk", flat=True))
    ExportJob.objects.filter(pk=job.pk).update(total=len(ids))
    threading.Thread(target=build, args=(job.pk, ids), daemon=True, name=f"export-{job.pk}").start()


def build(job_id: int, evaluation_ids: list[int]) -> None:
    close_old_connections()
    path = exports_dir() / f"export-{job_id}.zip"
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for done, pk in enumerate(evaluation_ids, 1):
                evaluation = Evaluation.objects.select_related("department").get(pk=pk)
                document = core_document(evaluation.document)
                folder = base_name(document)
                for fmt in ("pdf", "xlsx", "json"):
                    rendered = render(document, library(), fmt)
                    archive.writestr(f"{folder}/{rendered.filename}", rendered.content)
                ExportJob.objects.filter(pk=job_id).update(done=done)
        ExportJob.objects.filter(pk=job_id).update(state=ExportJob.State.DONE, file=path.name)
    except Exception as error:  # the page must say it failed, not spin forever
        ExportJob.objects.filter(pk=job_id).update(state=ExportJob.State.FAILED, error=str(error)[:1000])
    finally:
        connection.close()
