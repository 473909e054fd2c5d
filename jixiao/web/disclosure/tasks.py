"""Rendering a newly published evaluation's PDF and Excel ahead of the first visitor, on the task queue: a PDF
takes seconds, and a visitor should not wait for it. The portal renders on request what is not ready yet."""

from __future__ import annotations

from jixiao.web.tasks import task


@task()
def prepare_documents(evaluation_id: int) -> str:
    from . import services  # the document writers are loaded in the worker, not by every process at start

    evaluation = services.published().filter(pk=evaluation_id).first()
    if evaluation is None:  # withdrawn before the worker came to it
        return "skipped"
    for fmt in services.PUBLIC_FORMATS:
        services.document(evaluation, fmt)
    return "done"
