"""Publishing: a finance reviewer publishes accepted evaluations of its bureau's departments and withdraws them;
both are audited. What the public may see is asked here and only here (`published`)."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from jixiao.web.accounts import permissions
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.datafiles import private_dir
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import Actor, library, previous_year_of, report_document

from .models import Publication

PUBLIC_FORMATS = {"pdf": "PDF", "xlsx": "Excel"}


class PublicationError(Exception):
    """Said to the reviewer: why this evaluation cannot be published or withdrawn."""


def published() -> QuerySet:
    """Evaluations the public may see: published, and still accepted."""
    return Evaluation.objects.filter(publication__isnull=False, status=Status.ACCEPTED).select_related(
        "department__finance_bureau", "publication").order_by("department__finance_bureau__name", "-year",
                                                              "department__name")


def manageable(user) -> QuerySet:
    """Evaluations this user may publish: those of its finance bureaus' departments (never its own department's)."""
    return permissions.visible_evaluations(user, Evaluation.objects.select_related(
        "department__finance_bureau")).filter(department__finance_bureau_id__in=permissions.bureau_ids(user))


def _audit(actor: Actor, evaluation: Evaluation, what: str) -> None:
    record(Action.WORKFLOW, actor, object_type="evaluation", object_id=evaluation.pk, detail=f"{what}：{evaluation}")


@transaction.atomic
def publish(evaluation: Evaluation, actor: Actor, prepare: bool = True) -> Publication:
    """Published from now on; `prepare` renders its documents on the task queue (the demo skips it: every test
    loading the demo would otherwise queue seconds of PDF)."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != Status.ACCEPTED:
        raise PublicationError(f"{evaluation} 尚未被财政接收，不能公开。")
    if Publication.objects.filter(evaluation=evaluation).exists():
        raise PublicationError(f"{evaluation} 已经公开。")
    publication = Publication.objects.create(evaluation=evaluation, revision=evaluation.revision,
                                             published_by=actor.user)
    _audit(actor, evaluation, "公开发布")
    if prepare:
        from jixiao.web.tasks import enqueue_on_commit

        from .tasks import prepare_documents

        enqueue_on_commit(prepare_documents, evaluation.pk)
    return publication


@transaction.atomic
def withdraw(evaluation: Evaluation, actor: Actor) -> None:
    deleted, _ = Publication.objects.filter(evaluation=evaluation).delete()
    if not deleted:
        raise PublicationError(f"{evaluation} 未公开，无需撤回。")
    _audit(actor, evaluation, "撤回公开")
    transaction.on_commit(lambda: forget(evaluation))


# ------------------------------------------------------------------------------------------- public documents
def cache_dir() -> Path:
    return private_dir(Path(settings.DATA_DIR) / "public-documents")


def without_people(core):
    """The evaluation as the public may download it: the department's contact person, phone and preparer and the
    members of its evaluation group are left out (the portal names no person; the bureau keeps them in the
    evaluation itself)."""
    core.department.contact = core.department.contact_phone = core.department.preparer = None
    core.evaluation_group = []
    return core


def document(evaluation: Evaluation, fmt: str) -> tuple[str, bytes]:
    """(file name, content) of the published evaluation in `fmt`, rendered by the documents' own path once per
    revision and kept in the data folder: a PDF takes seconds, and the public asks for the same one again."""
    from jixiao.io.documents import marked_name, name_of
    from jixiao.io.documents import render as render_document

    previous = previous_year_of(evaluation)  # its 决算数 are this year's 上年决算数 (report_document)
    # demo figures (a generated department's, or a year the demo generated for a real one): the file's name and the
    # report's heading say so; the name from the stored document as it is (a file kept is served without parsing it)
    generated = evaluation.demo_generated
    stated = evaluation.document.get("department") or {}
    named = name_of(stated.get("name") or evaluation.department.name, evaluation.document.get("year", evaluation.year))
    name = f"{marked_name(named, evaluation.document_mark)}.{fmt}"
    # kept per revision, save time and scheme files: a rescoring that changed no figure leaves the save time, while
    # an indicator's score or its explanation in the document may have changed with the scheme; a generated
    # evaluation's under a name of its own ("-g2"; "-g" before its workbook was marked too), so that no file rendered
    # before it was marked is served; and last year's evaluation, as saved, whose figures it states
    before = f"-p{previous.pk}r{previous.revision}-{previous.updated.timestamp():.0f}" if previous else ""
    cached = cache_dir() / (f"{evaluation.pk}-r{evaluation.revision}-{evaluation.updated.timestamp():.0f}{before}"
                            f"-s{_schemes_key()}{'-g2' if generated else ''}.{fmt}")
    if not cached.exists():
        core = without_people(report_document(evaluation, previous))
        content = render_document(core, library(), fmt, mark=evaluation.document_mark).content  # FontMissing: view's
        partial = cached.with_name(f"{cached.name}.{uuid.uuid4().hex}.part")  # one per writer
        partial.write_bytes(content)
        partial.replace(cached)  # atomic: a request never reads half a file
        forget(evaluation, keep=cached)
    return name, cached.read_bytes()


def _schemes_key() -> str:
    """The scheme files in force (path, size, time of each), as eight hex digits for a file name."""
    import hashlib

    from jixiao.io.scheme_files import files_signature

    return hashlib.blake2b(repr(files_signature()).encode(), digest_size=4).hexdigest()


def forget(evaluation: Evaluation, keep: Path | None = None) -> None:
    """Remove the evaluation's cached documents (older revisions', or all once it is withdrawn)."""
    for path in cache_dir().glob(f"{evaluation.pk}-r*"):
        if path != keep and path.suffix != ".part" and (keep is None or path.suffix == keep.suffix):
            path.unlink(missing_ok=True)
