"""Reports a finance reviewer uploads: kept and queued in the request, read and audited by `jixiao.io.extract` in a
background task, kept with what the audit found, and turned into a draft evaluation on request. No extraction or
check logic lives here."""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from jixiao.core.errors import InputError
from jixiao.io.extract.audit import audit_bytes
from jixiao.io.reading.assemble import UNKNOWN as UNKNOWN_DEPARTMENT
from jixiao.io.reading.tiers import editable_data
from jixiao.io.extract.readers import MAX_FILE_BYTES, UploadError
from jixiao.io.terminal import finding_json
from jixiao.web import params
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.evaluations import services
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.tasks import enqueue_on_commit

from .models import ReportAudit, ReportUpload
from .tasks import audit_report

MAX_FILES = 20  # per upload; a bureau with more reports uploads them in batches
MAX_UPLOAD_BYTES = 100_000_000  # the whole request, refused before Django reads the files to disk
SUFFIXES = (".docx", ".doc", ".wps", ".xlsx", ".xls", ".et", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff",
            ".txt", ".md", ".html", ".htm")  # what jixiao.io.layout reads

log = logging.getLogger(__name__)


def receive(upload, *, request, bureau=None, department=None) -> ReportAudit:
    """Keep one uploaded file and queue its audit (tasks.audit_report) for when this transaction commits: a report a
    finance reviewer audits (`bureau`), or a department's own tables a preparer imports (`department`). A file refused
    for its type or size is kept too, as failed with the reason, so the user sees it in the list."""
    name = Path(upload.name or "未命名").name[:200]
    report = ReportAudit(user=request.user, finance_bureau=bureau, department=department, name=name,
                         size=upload.size or 0)
    if not name.lower().endswith(SUFFIXES):
        report.error = f"不支持的文件类型（可读：{'、'.join(SUFFIXES)}）"
    elif report.size > MAX_FILE_BYTES:
        report.error = f"文件 {report.size / 1_000_000:.1f} MB，超过 {MAX_FILE_BYTES // 1_000_000} MB 的上限"
    with transaction.atomic():
        if report.error:
            report.state, report.finished = ReportAudit.State.FAILED, timezone.now()
            report.save()
        else:
            report.save()
            ReportUpload.objects.create(report=report, content=upload.read())
            enqueue_on_commit(audit_report, report.pk)
        record(Action.IMPORT, request, object_type="report_audit", object_id=report.pk,
               detail=f"{name}：{report.error or '已上传，排队审核'}")
    return report


def audit_stored(report: ReportAudit, content: bytes) -> None:
    """Audit the stored file and fill in what was found (or why it could not be read); the caller saves."""
    try:
        audit = audit_bytes(report.name, content, services.library())
    except (UploadError, InputError) as error:  # what is wrong with the file, in Chinese
        report.error = str(error)
    except Exception:  # a reader's own bug must not stop the queue, nor show the user a library's English
        log.exception("audit of %s failed", report.name)
        report.error = "文件无法读取：解析时出现内部错误，已记录"
    else:
        report.seconds = Decimal(f"{min(audit.seconds, 99999):.3f}")
        report.findings = [finding_json(f) for f in audit.findings]
        report.missing = list(audit.missing)
        report.facts = len(audit.facts)
        # a department the readers could not find is no name: nothing to show nor to compare with the importer's
        named = audit.evaluation.department.name or ""
        report.department_name = "" if named == UNKNOWN_DEPARTMENT else named[:200]
        report.sources = dict(audit.sources)
        if audit.coverage is not None:
            report.coverage = audit.coverage.summary()[:2000]
            report.unauditable = "" if audit.coverage.auditable else audit.coverage.why_not_auditable()[:500]
        report.year = params.year(audit.evaluation.year)
        try:
            # a draft made from it is entered data: the tiers the report's scores chose are written down
            report.document = services.normalised(editable_data(audit.evaluation, services.library()))
        except InputError as error:
            report.missing.append(f"提取的数据无法直接建立评价：{error}")
    report.state = ReportAudit.State.FAILED if report.error else ReportAudit.State.DONE
    report.finished = timezone.now()


class ImportRefused(ValueError):
    """Why an evaluation cannot be built from this report, in Chinese; `existing` is the evaluation in the way."""

    def __init__(self, message: str, existing=None, confirm: bool = False, confirm_year: bool = False):
        super().__init__(message)
        self.existing = existing
        self.confirm = confirm  # the user may go on by confirming (the report names another department)
        self.confirm_year = confirm_year  # … or another year than the one asked for


def _same_name(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def create_evaluation(report: ReportAudit, *, department, year: int, request, other_department_confirmed=False,
                      other_year_confirmed=False):
    """A draft evaluation of `department` from the report's extracted data, each value with where it was read, for
    its preparers (or the reviewer who imported it) to correct and score. A report that names another department
    (another county's report, a unit of another bureau) goes into this department's list only when the user says so:
    its figures would otherwise sit among the department's own as if they were."""
    if report.document is None:
        raise ImportRefused("这份报告没有可用的提取数据，无法建立评价。")
    if report.evaluation_id is not None:
        raise ImportRefused("已据这份报告建立过评价。")
    named = (report.department_name or "").strip()
    if named and not _same_name(named, department.name) and not other_department_confirmed:
        raise ImportRefused(f"报告所载部门为“{named}”，与所选部门“{department.name}”不同。如确属同一部门（如名称变更），"
                            "请勾选确认后再建立。", confirm=True)
    if report.year and year != report.year and not other_year_confirmed:
        # a slip of the keyboard (２０２５ for 2023) would file last year's figures as another year's
        raise ImportRefused(f"文件所述年度为 {report.year} 年，所填年度为 {year} 年。如确要建立 {year} 年度的草稿"
                            f"（如以上年报告为底稿），请勾选确认后再建立。", confirm_year=True)
    document = dict(report.document)
    document["year"] = year
    document["department"] = {**(document.get("department") or {}), "name": department.name}
    try:
        with transaction.atomic():
            evaluation = services.create_evaluation(department=department, year=year, document=document,
                                                    actor=services.Actor.of(request), imported=report.department_id is None,
                                                    sources=report.sources)
            report.evaluation = evaluation
            report.save(update_fields=["evaluation"])
    except IntegrityError:
        existing = Evaluation.objects.filter(department=department, year=year).first()
        raise ImportRefused(f"{department.name} {year} 年度的评价已经存在，请在该评价中核对。", existing) from None
    except InputError as error:
        raise ImportRefused(f"提取的数据不完整，无法建立评价：{error}") from None
    return evaluation
