"""Building the bureau's files of a year: the zip of each accepted evaluation's disclosure package (PDF, xlsx, JSON) in
its own folder, or the workbook of next year's budget suggestions, a sheet per qualifying evaluation.

A background task (tasks.py) runs `build`; the finished file is kept in the database in chunks (ExportChunk), so that
the worker may run on another machine than the web server, and a download streams it piece by piece.
"""

from __future__ import annotations

import logging
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from jixiao.core.errors import InputError
from jixiao.io.charts import FontMissing
from jixiao.io.documents import base_name, render
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import library, report_document
from jixiao.web.worker.process import heartbeat

from .models import ExportChunk, ExportJob

CHUNK_BYTES = 4_000_000
log = logging.getLogger(__name__)


def legacy_file(job: ExportJob) -> Path | None:
    """A zip built before exports were kept in the database, written to the data folder."""
    path = Path(settings.DATA_DIR) / "exports" / job.file
    return path if job.file and path.is_file() else None


def build(job_id: int, bureau_ids: list[int]) -> None:
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    ids, write = (_suggestions(bureau_ids, job.year) if job.kind == ExportJob.Kind.SUGGESTIONS
                  else _packages(bureau_ids, job.year))
    ExportChunk.objects.filter(job_id=job_id).delete()  # a build run again after its worker died starts afresh
    ExportJob.objects.filter(pk=job_id).update(state=ExportJob.State.RUNNING, total=len(ids), done=0, error="")
    with tempfile.TemporaryFile() as spool:
        try:
            write(job_id, ids, spool)
        except _Failed as failed:
            ExportJob.objects.filter(pk=job_id).update(state=ExportJob.State.FAILED, error=str(failed)[:1000])
            return
        with transaction.atomic():
            _store(job_id, spool)
            ExportJob.objects.filter(pk=job_id).update(state=ExportJob.State.DONE)


class _Failed(Exception):
    """Why the file could not be built, in Chinese."""


def _packages(bureau_ids: list[int], year: int):
    ids = _of_year(bureau_ids, year).filter(status=Status.ACCEPTED).order_by("pk").values_list("pk", flat=True)
    return list(ids), _write_zip


def _of_year(bureau_ids, year: int):
    return Evaluation.objects.filter(department__finance_bureau_id__in=list(bureau_ids), year=year)


def nothing_to_pack(bureau_ids, year: int) -> str:
    """Why the zip of `year` would be empty, in Chinese; "" when the year has accepted evaluations to pack."""
    evaluations = _of_year(bureau_ids, year)
    if evaluations.filter(status=Status.ACCEPTED).exists():
        return ""
    waiting = evaluations.count()
    if waiting:
        return (f"{year} 年度没有财政已接收的自评，未生成压缩包：压缩包只收财政已接收的自评"
                f"（该年度的 {waiting} 份自评尚未接收）。")
    return f"{year} 年度没有自评，未生成压缩包。"


def _suggestions(bureau_ids: list[int], year: int):
    from jixiao.web.result_application.services import of_bureaus

    ids = of_bureaus(bureau_ids).filter(year=year).order_by("department__name", "pk").values_list("pk", flat=True)
    return list(ids), _write_suggestions


def _write_suggestions(job_id: int, ids: list[int], spool) -> None:
    """The workbook's rows need each evaluation's analysis (what takes the time); progress counts evaluations, and
    each sheet is written as its evaluation is analysed."""
    from jixiao.web.result_application.exports import write_suggestions

    write_suggestions(spool, _analysed(job_id, ids))


def _analysed(job_id: int, ids: list[int]):
    from jixiao.web.result_application.services import rows_of

    for done, pk in enumerate(ids, 1):
        evaluation = Evaluation.objects.select_related("department").get(pk=pk)
        try:
            rows = rows_of(evaluation)
        except InputError as error:  # the analysis refused the stored document: say which
            raise _Failed(f"{evaluation.department.name} {evaluation.year} 年度的建议无法生成：{error}") from error
        yield evaluation, rows
        ExportJob.objects.filter(pk=job_id).update(done=done)
        heartbeat()


def _write_zip(job_id: int, ids: list[int], spool) -> None:
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, pk in enumerate(ids, 1):
            evaluation = Evaluation.objects.select_related("department").get(pk=pk)
            try:
                document = report_document(evaluation)
                folder = base_name(document)
                for fmt in ("pdf", "xlsx", "json"):
                    rendered = render(document, library(), fmt, mark=evaluation.document_mark)
                    archive.writestr(f"{folder}/{rendered.filename}", rendered.content)
            except Exception as error:  # the page must say which evaluation failed, not spin for ever
                log.exception("export %s: evaluation %s failed", job_id, pk)
                # the core's and the writers' own reasons are Chinese; any other is a bug, not for the user to read
                reason = str(error) if isinstance(error, (InputError, FontMissing)) else "生成时出现内部错误，已记录"
                raise _Failed(f"{evaluation.department.name} {evaluation.year} 年度的文件无法生成：{reason}") from error
            ExportJob.objects.filter(pk=job_id).update(done=done)
            heartbeat()


def _store(job_id: int, spool) -> None:
    spool.seek(0)
    index = 0
    while chunk := spool.read(CHUNK_BYTES):
        ExportChunk.objects.create(job_id=job_id, index=index, data=chunk)
        index += 1


def chunks(job: ExportJob):
    """The file's bytes, one chunk at a time (each read when it is sent)."""
    for pk in job.chunks.order_by("index").values_list("pk", flat=True):
        yield bytes(ExportChunk.objects.values_list("data", flat=True).get(pk=pk))
