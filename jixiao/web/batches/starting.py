"""The three kinds of batch, started from a page or the command line: which items each has. Permission is the
caller's (views.py checks the user's bureaus; the command line is the operator's)."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from . import kinds, services
from .models import Batch


def start_rescore(*, bureau=None, user=None, request=None) -> Batch:
    """Every evaluation of `bureau` (or of every bureau) scored again under the scheme files in force."""
    return services.start(Batch.Kind.RESCORE, kinds.rescore_items(bureau.pk if bureau else None), user=user,
                          bureau=bureau, request=request)


def start_disclosure(*, bureau, year: int, user=None, request=None) -> Batch:
    """The public PDF and Excel of each of `bureau`'s evaluations published for `year`."""
    return services.start(Batch.Kind.DISCLOSURE, kinds.disclosure_items(bureau.pk, year), user=user, bureau=bureau,
                          parameters={"year": year}, request=request)


def start_audit(*, bureau, files: list[tuple[str, bytes]], user=None) -> Batch:
    """Many report files audited as the bureau's upload page audits one (bureau.tasks.audit_report), one item each.
    A file refused for its type or size is kept as a failed audit with the reason, as the upload page keeps it."""
    from jixiao.io.extract.readers import MAX_FILE_BYTES
    from jixiao.web.bureau.imports import SUFFIXES
    from jixiao.web.bureau.models import ReportAudit, ReportUpload

    with transaction.atomic():
        items = []
        for name, content in files:
            name = Path(name or "未命名").name[:200]
            report = ReportAudit(user=user, finance_bureau=bureau, name=name, size=len(content))
            if not name.lower().endswith(SUFFIXES):
                report.error = f"不支持的文件类型（可读：{'、'.join(SUFFIXES)}）"
            elif len(content) > MAX_FILE_BYTES:
                report.error = f"文件 {len(content) / 1_000_000:.1f} MB，超过 {MAX_FILE_BYTES // 1_000_000} MB 的上限"
            if report.error:
                report.state, report.finished = ReportAudit.State.FAILED, timezone.now()
            report.save()
            if not report.error:
                ReportUpload.objects.create(report=report, content=content)
            items.append((str(report.pk), name))
        return services.start(Batch.Kind.AUDIT, items, user=user, bureau=bureau)
