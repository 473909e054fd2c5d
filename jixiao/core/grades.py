"""Grades (RULES.md §7): derived from the rounded total score shown, under the scheme's grade scale."""

from __future__ import annotations

from decimal import Decimal

from .money import SCORE_PLACES, round_half_up
from .scheme import GradeBand, GradeScale


def grade_for(score: Decimal, scale: GradeScale) -> GradeBand:
    return scale.grade_of(round_half_up(score, SCORE_PLACES))


def same_grade(stated: str, band: GradeBand) -> bool:
    """优 and A name the same band where a bureau uses letters, 优 and 优秀 where the scale lists 优秀 among the band's
    words (a report that states its own 85/75/60 scale is graded on that scale instead)."""
    stated = stated.strip()
    return stated == band.name or (band.letter is not None and stated.upper() == band.letter) or stated in band.words


def in_words_of(stated: str, band: GradeBand, scale: GradeScale) -> str:
    """The band named as the report names its grades: 良好, not 良, to a report that wrote 优秀 (the same place in
    the bands' words); the band's own name when the report's grade is not one of those words."""
    stated = stated.strip()
    for other in scale.bands:
        if stated in other.words:
            place = other.words.index(stated)
            return band.words[place] if place < len(band.words) else band.name
    return band.name
