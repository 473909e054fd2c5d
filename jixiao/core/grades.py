"""Grades (RULES.md §7): derived from the rounded total score shown, under the scheme's grade scale."""

from __future__ import annotations

from decimal import Decimal

from .money import SCORE_PLACES, round_half_up
from .scheme import GradeBand, GradeScale


def grade_for(score: Decimal, scale: GradeScale) -> GradeBand:
    return scale.grade_of(round_half_up(score, SCORE_PLACES))


def same_grade(stated: str, band: GradeBand) -> bool:
    """优 and A name the same band where a bureau uses letters; 优 and 优秀 do not (different scales)."""
    stated = stated.strip()
    return stated == band.name or (band.letter is not None and stated.upper() == band.letter)
