"""The score and grade that count for one table of an evaluation (the department as a whole, or one project) once the
finance bureau has spot-checked it (CYCLE.md §4–5): the department's own, unless the bureau rescored every indicator
of the table; then the bureau's — the table's total with each indicator's score replaced by the bureau's (the
execution item, which the bureau does not rescore, kept as scored), graded on the table's own grade scale. What
counts is what rankings and 结果应用 use; the department's own score and the 自评偏差 are kept beside it.

A table the bureau rescored only in part keeps the department's score: a sum of some rescored and some self-scored
indicators is neither side's verdict."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from jixiao.core.grades import grade_for
from jixiao.core.money import ZERO, fmt_total
from jixiao.core.results import ScoreCard
from jixiao.core.scheme import GradeScale

from .gaps import shown_difference

SELF = "self"
BUREAU = "bureau"
BY_SELF = "按自评得分"  # why the department's own score counts (Counted.reason): not rescored in whole


@dataclass(frozen=True)
class Counted:
    """What counts for a table, where it comes from (`source`), and the department's own score and grade."""

    score: Decimal | None
    grade: str | None
    source: str  # SELF / BUREAU
    self_score: Decimal | None
    self_grade: str | None
    # (rescored, indicators) of a table the bureau rescored only in part: why its own score still counts is then worth
    # saying (a reviewer reading 按自评得分 alone took the spot-check for not done)
    partly: tuple[int, int] | None = None

    @property
    def reviewed(self) -> bool:
        return self.source == BUREAU

    @property
    def shown_gap(self) -> Decimal | None:
        """自评偏差 of the table: the exact totals' difference rounded once, by the function that gives the
        spot-check's (gaps.shown_difference), so that every page says one figure; None unless reviewed."""
        if not self.reviewed or self.score is None or self.self_score is None:
            return None
        return shown_difference(self.self_score, self.score)

    @property
    def reason(self) -> str:
        """Why this score counts, as the pages say it beside the score."""
        if not self.reviewed:
            if self.partly is None:
                return BY_SELF
            return f"{BY_SELF}；抽查复核了 {self.partly[1]} 项指标中的 {self.partly[0]} 项，未全部复核"
        own = f"自评 {fmt_total(self.self_score)} 分" if self.self_score is not None else "自评未计分"
        own += f"（{self.self_grade}）" if self.self_grade else ""
        gap = f"，自评偏差 {fmt_total(self.shown_gap)} 分" if self.shown_gap is not None else ""
        return f"按抽查复核得分；{own}{gap}"


def own(score: Decimal | None, grade: str | None) -> Counted:
    """The department's own verdict, counted as it is."""
    return Counted(score, grade or None, SELF, score, grade or None)


def bureau_total(card: ScoreCard, bureau: Mapping[str, Decimal]) -> Decimal | None:
    """The table's total with every indicator at the bureau's score (path → score); None unless the bureau scored
    every indicator of it and the execution item, if the scheme has one, is scored."""
    leaves = card.leaves()
    if not leaves or any(leaf.path not in bureau for leaf in leaves):
        return None
    execution = card.execution
    if execution is not None and execution.score is None:
        return None
    return sum((bureau[leaf.path] for leaf in leaves), ZERO) + (execution.score if execution is not None else ZERO)


def _partly(found: Counted, card: ScoreCard | None, bureau: Mapping[str, Decimal]) -> Counted:
    """`found` (the department's own) with how many of the table's indicators the bureau rescored, if any."""
    leaves = card.leaves() if card is not None and bureau else []
    rescored = sum(1 for leaf in leaves if leaf.path in bureau)
    return replace(found, partly=(rescored, len(leaves))) if rescored else found


def counted(card: ScoreCard | None, self_score: Decimal | None, self_grade: str | None,
            bureau: Mapping[str, Decimal], scale_of: Callable[[str], GradeScale]) -> Counted:
    """What counts for the table `card` whose own verdict is (`self_score`, `self_grade`): the bureau's total graded
    on the card's scale (`scale_of`: scale id → GradeScale, the library's) where it rescored the whole table; no
    grade while the card's grade is withheld (weights in error: a total over them is not out of 100)."""
    total = bureau_total(card, bureau) if card is not None and bureau else None
    if total is None:
        return _partly(own(self_score, self_grade), card, bureau)
    grade = None if card.grade_withheld else grade_for(total, scale_of(card.scheme.grade_scale)).name
    return Counted(total, grade, BUREAU, self_score, self_grade or None)
