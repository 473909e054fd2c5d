"""Survey scoring (RULES.md §6): survey score = points of all answers of valid responses / valid responses;
satisfaction share = answers choosing a satisfied option / (valid responses × questions)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import Survey
from .money import ZERO


@dataclass(frozen=True, slots=True)
class SurveyResult:
    survey: Survey
    valid: int | None
    score: Decimal | None  # out of 100 when the options are scored so
    satisfaction_share: Decimal | None  # a fraction
    question_shares: tuple[Decimal | None, ...]


def valid_responses(survey: Survey) -> int | None:
    if survey.valid is not None:
        return survey.valid
    counts = [sum(o.count for o in q.options) for q in survey.questions]
    return max(counts) if counts else None


def score_survey(survey: Survey) -> SurveyResult:
    valid = valid_responses(survey)
    if not valid:
        return SurveyResult(survey, valid, None, None, tuple(None for _ in survey.questions))
    total_points = sum((o.points * o.count for q in survey.questions for o in q.options), ZERO)
    satisfied = sum(o.count for q in survey.questions for o in q.options if o.satisfied)
    shares = tuple(Decimal(sum(o.count for o in q.options if o.satisfied)) / valid for q in survey.questions)
    questions = len(survey.questions)
    share = Decimal(satisfied) / (valid * questions) if questions else None
    return SurveyResult(survey, valid, total_points / valid, share, shares)
