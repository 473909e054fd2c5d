"""Surveys (RULES.md §6): issued ≥ returned ≥ valid; no option chosen by more than the valid responses; a stated
survey score matches its recomputation."""

from __future__ import annotations

from typing import Iterator

from ..money import fmt_plain, fmt_score, places_shown, round_half_up
from ..survey import score_survey
from . import CheckContext, Finding, check


@check("SURVEY", "满意度调查数量与得分相符")
def surveys(ctx: CheckContext) -> Iterator[Finding]:
    for i, survey in enumerate(ctx.evaluation.surveys):
        location, subject = f"surveys[{i}]", f"调查“{survey.title or survey.id}”"
        counts = [("发放", survey.issued), ("收回", survey.returned), ("有效", survey.valid)]
        for (upper_label, upper), (lower_label, lower) in zip(counts, counts[1:]):
            if upper is not None and lower is not None and lower > upper:
                yield Finding("SURVEY.COUNTS", "error", location,
                              f"{lower_label}问卷 {lower} 份多于{upper_label} {upper} 份。",
                              stated=str(lower), recomputed=f"≤ {upper}", subject=subject)
        result = score_survey(survey)
        for q, question in enumerate(survey.questions):
            answered = sum(o.count for o in question.options)
            if result.valid is not None and answered > result.valid:
                yield Finding("SURVEY.ANSWERS", "error", f"{location}.questions[{q}]",
                              f"第 {q + 1} 题各选项人数之和 {answered} 超过有效问卷 {result.valid} 份。",
                              stated=str(answered), recomputed=f"≤ {result.valid}", subject=subject)
        if survey.stated_score is not None and result.score is not None and survey.questions:
            # a survey given without its questions (counts and score only) has nothing to recompute the score from
            if round_half_up(result.score, places_shown(survey.stated_score)) != survey.stated_score:
                yield Finding("SURVEY.SCORE", "error", f"{location}.stated_score",
                              f"所列问卷综合得分 {fmt_plain(survey.stated_score)}，按各选项分值与人数重算为 {fmt_score(result.score)}。",
                              stated=fmt_plain(survey.stated_score), recomputed=fmt_score(result.score), subject=subject)
