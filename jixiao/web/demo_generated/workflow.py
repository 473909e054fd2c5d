"""A generated evaluation put in its status directly, with the trail the workflow would have left: the frozen
versions and the events of submit → approve → accept, by the department's demo preparer and reviewer and the
bureau's finance reviewer, each saying that it is generated demo data. (Real submission refuses a document with
errors, `services.transition`; generated demo data is not submitted by anyone.)"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.web.evaluations.models import Evaluation, Revision, Status, Version, WorkflowEvent
from jixiao.web.evaluations.services import TRANSITIONS, analyse, normalised, summarise

from .texts import GENERATED_COMMENT

# The actions that lead from a draft to each status, in order; who acts: the department's preparer, its reviewer,
# the bureau's finance reviewer.
PATHS = {
    Status.DRAFT: (),
    Status.SUBMITTED: (("submit", "preparer"),),
    Status.RETURNED: (("submit", "preparer"), ("return_department", "reviewer")),
    Status.WITH_FINANCE: (("submit", "preparer"), ("approve", "reviewer")),
    Status.ACCEPTED: (("submit", "preparer"), ("approve", "reviewer"), ("accept", "finance")),
}


@dataclass(frozen=True)
class Actors:
    preparer: object
    reviewer: object
    finance: object


def create_generated(department, document: dict, status: str, actors: Actors) -> Evaluation:
    """A stored evaluation of `document` (scored by the core) in `status`, with its versions and events."""
    data = normalised(document)
    evaluation = Evaluation(department=department, year=data["year"], document=data, updated_by=actors.preparer)
    summarise(evaluation, analyse(data))
    evaluation.save()
    Revision.objects.create(evaluation=evaluation, number=1, document=data, user=actors.preparer)
    versions = 0
    for action, who in PATHS[Status(status)]:
        _, target, label, freezes = TRANSITIONS[action]
        user = getattr(actors, who)
        if freezes:
            versions += 1
            Version.objects.create(evaluation=evaluation, number=versions, status=target, document=data,
                                   score=evaluation.score, grade=evaluation.grade, created_by=user, note=label)
        WorkflowEvent.objects.create(evaluation=evaluation, action=action, from_status=evaluation.status,
                                     to_status=target, user=user, comment=GENERATED_COMMENT)
        evaluation.status = target
    if evaluation.status != Status.DRAFT:
        evaluation.save(update_fields=["status", "updated"])
    return evaluation
