"""Demo: 通城县财政局 publishes every accepted evaluation of its departments (as its finance reviewer would), so
that the public portal shows something without login. Evaluations not yet accepted stay unpublished."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import Actor

from . import services

BUREAU = "通城县财政局"
REVIEWER = "tongcheng_finance"


def load() -> None:
    reviewer = get_user_model().objects.filter(username=REVIEWER).first()
    accepted = Evaluation.objects.filter(department__finance_bureau__name=BUREAU, status=Status.ACCEPTED,
                                         publication__isnull=True)
    for evaluation in accepted:
        services.publish(evaluation, Actor(reviewer), prepare=False)
