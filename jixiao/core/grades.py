"""Grades (RULES.md §7): derived from the rounded total score shown, under the scheme's grade scale."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Tally:
    """Projects by grade and 评优率 (RULES.md §7)."""

    counts: dict[str, int]  # every band named, in the scale's order (0 where none), a grade outside it after
    excellent: str | None  # the band counted in 评优率
    share: Decimal | None  # a fraction of the graded projects; None when none is graded
    graded: int


def tally(grades: Iterable[str | None], bands: Iterable[str], excellent: str | None) -> Tally:
    """`grades` (None: not graded) counted under the band names `bands`. 评优率 is over the projects that have a
    grade: an unscored project is not evaluated, not "not 优"."""
    counts = {band: 0 for band in bands}
    graded = 0
    for grade in grades:
        if grade is not None:
            counts[grade] = counts.get(grade, 0) + 1
            graded += 1
    share = Decimal(counts.get(excellent, 0)) / graded if graded else None
    return Tally(counts, excellent, share, graded)
