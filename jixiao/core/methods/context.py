"""What a method may read besides its indicator: the scheme, the evaluation's facts and its surveys."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..model import Evaluation
from ..scheme import Scheme
from ..survey import SurveyResult, score_survey


@dataclass
class Context:
    scheme: Scheme
    evaluation: Evaluation | None = None
    _surveys: dict[str, SurveyResult] | None = field(default=None, repr=False)

    @property
    def over_threshold(self) -> Decimal:
        return self.scheme.over_achievement_threshold

    def survey(self, survey_id: str) -> SurveyResult | None:
        if self._surveys is None:
            surveys = self.evaluation.surveys if self.evaluation else []
            self._surveys = {s.id: score_survey(s) for s in surveys}
        return self._surveys.get(survey_id)
