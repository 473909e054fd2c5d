"""A generated evaluation put in its status directly, with the trail the workflow would have left: the frozen
versions and the events of submit → approve → accept, by the department's demo preparer and reviewer and the
bureau's finance reviewer, each saying that it is generated demo data. (Real submission refuses a document with
errors, `services.transition`; generated demo data is not submitted by anyone.)"""

from __future__ import annotations

import json
from dataclasses import dataclass

from jixiao.web.evaluations.models import (
    Evaluation,
    Revision,
    Status,
    Version,
    WorkflowEvent,
)
from jixiao.web.evaluations.services import (
    SUMMARY_FIELDS,
    TRANSITIONS,
    analyse,
    normalised,
    summarise,
)

from .texts import GENERATED_COMMENT, RETURN_REASON

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


_SCORED: dict[str, tuple[str, dict]] = {}


def scored(document: dict) -> tuple[dict, dict]:
    """The document as stored and the core's summary of it, once per process for the same document: every web
    test loads the small demo, whose generated documents are always the same."""
    key = json.dumps(document, sort_keys=True, ensure_ascii=False)
    found = _SCORED.get(key)
    if found is None:
        data = normalised(document)
        probe = Evaluation(document=data)
        summarise(probe, analyse(data))
        found = _SCORED[key] = (json.dumps(data, ensure_ascii=False),
                                {name: getattr(probe, name) for name in SUMMARY_FIELDS})
        if len(_SCORED) > 16:  # the small demo's three; the full demo's are each used once
            _SCORED.pop(next(iter(_SCORED)))
    return json.loads(found[0]), found[1]  # a fresh copy (faster than deepcopy)


def create_generated(department, document: dict, status: str, actors: Actors) -> Evaluation:
    """A stored evaluation of `document` (scored by the core) in `status`, with its versions and events, marked
    generated (Evaluation.generated)."""
    data, summary = scored(document)
    # generated: marked as the demo's also where its department is a real (seed) one, whose own year is not
    evaluation = Evaluation(department=department, year=data["year"], document=data, updated_by=actors.preparer,
                            generated=True, **summary)
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
                                     to_status=target, user=user,
                                     comment=GENERATED_COMMENT + (RETURN_REASON if action.startswith("return") else ""))
        evaluation.status = target
    if evaluation.status != Status.DRAFT:
        evaluation.save(update_fields=["status", "updated"])
    return evaluation
