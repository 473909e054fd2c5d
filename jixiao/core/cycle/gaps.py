"""自评偏差 (CYCLE.md §4): the department's own score minus the finance bureau's, for each indicator the bureau scored
in a spot-check, added up per part (the department as a whole, each project) and in total, and over the years.

Positive: the department scored itself higher than the bureau found. Only indicators that both scored count in a
sum; the others are listed, so that nobody reads a partial sum as the whole.

Shown: an indicator's own scores and weight by the indicator rule (`fmt_score`: '10', '4.5'); every 自评偏差, of one
indicator or summed, and every sum of scores always to 2 places (`fmt_total`: '0.50', '2.00', '22.55'), so that a
column of gaps or sums lines up and a gap reads the same on its row, in its part's sum and in the history.

Explained ("自评 a − 复核 b = c"): a reader checks the sentence by subtracting, so its a and b are written with the
places they are stored with (up to 4, as the bureau's and the department's scores are kept) and c is exactly a − b as
written: "自评 5.1571 − 复核 3.5 = 1.6571" beside a row that shows 5.16 and a gap of 1.66, each the one rounding of
those figures. Rounded to 2 places first, the sentence would say 5.16 − 3.5 = 1.66 here, but 5.15 − 3.01 = 2.14 for
5.1549 − 3.0051 beside the row's 2.15."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.money import ZERO, fixed, fmt_normalised, fmt_score, fmt_total, places_shown, round_half_up

STORED_PLACES = 4  # a score is kept to 4 places (the bureau's, and the department's when the bureau scores)


@dataclass(frozen=True)
class IndicatorGap:
    path: str  # the indicator's path in the evaluation, e.g. projects[0].indicators[2]
    part: str  # the part it belongs to: '' (the department) or projects[i]
    part_name: str
    name: str
    weight: Decimal
    self_score: Decimal | None
    bureau_score: Decimal | None

    @property
    def gap(self) -> Decimal | None:
        if self.self_score is None or self.bureau_score is None:
            return None
        return self.self_score - self.bureau_score

    @property
    def shown(self) -> str:
        return fmt_total(self.gap)

    @property
    def shown_weight(self) -> str:
        return fmt_score(self.weight)

    @property
    def shown_self(self) -> str:
        return fmt_score(self.self_score)

    def explanation(self) -> str:
        if self.bureau_score is None:
            return "财政尚未复核"
        if self.self_score is None:
            return "自评未评分，无法计算偏差"
        self_shown, bureau_shown, gap_shown = arithmetic(self.self_score, self.bureau_score, 0, strip=True)
        return f"自评 {self_shown} − 复核 {bureau_shown} = {gap_shown}"


@dataclass(frozen=True)
class Sum:
    """Self and bureau totals over the indicators both scored, and how many the bureau scored of how many."""

    self_total: Decimal
    bureau_total: Decimal
    compared: int
    indicators: int

    @property
    def gap(self) -> Decimal | None:
        return None if self.compared == 0 else self.self_total - self.bureau_total

    @property
    def shown(self) -> str:
        return fmt_total(self.gap)

    @property
    def shown_self(self) -> str:
        return fmt_total(self.self_total) if self.compared else "—"

    @property
    def shown_bureau(self) -> str:
        return fmt_total(self.bureau_total) if self.compared else "—"

    def explanation(self) -> str:
        if self.compared == 0:
            return f"{self.indicators} 项指标均未复核"
        self_shown, bureau_shown, gap_shown = arithmetic(self.self_total, self.bureau_total, 2)
        return f"已复核 {self.compared}/{self.indicators} 项：自评 {self_shown} − 复核 {bureau_shown} = {gap_shown}"


def arithmetic(high: Decimal, low: Decimal, places: int, strip: bool = False) -> tuple[str, str, str]:
    """high, low and high − low as a sentence writes them so that the subtraction checks by hand: high and low with
    the places they have (at least `places`, at most STORED_PLACES; `strip`: no trailing zeros, an indicator's
    scores as its rule writes them) and the difference of the figures so written, to at least 2 places like every
    gap. Within STORED_PLACES that difference is the exact gap; a longer figure (a score computed, not yet stored)
    is rounded once, half up, and the sentence still adds up."""
    places = min(max(places, _places(high), _places(low)), STORED_PLACES)
    difference = round_half_up(high, places) - round_half_up(low, places)
    return fixed(high, places, strip=strip), fixed(low, places, strip=strip), fixed(difference, max(places, 2))


def _places(value: Decimal) -> int:
    """The places a figure has without its trailing zeros (a stored 5.1500 has 2)."""
    return places_shown(value.normalize()) if value.is_finite() and value else 0


def total(rows: Iterable[IndicatorGap]) -> Sum:
    rows = list(rows)
    both = [r for r in rows if r.gap is not None]
    return Sum(sum((r.self_score for r in both), ZERO), sum((r.bureau_score for r in both), ZERO), len(both),
               len(rows))


@dataclass(frozen=True)
class PartGaps:
    part: str
    name: str
    rows: tuple[IndicatorGap, ...]

    @property
    def sum(self) -> Sum:
        return total(self.rows)


@dataclass(frozen=True)
class GapReport:
    parts: tuple[PartGaps, ...]

    @property
    def rows(self) -> list[IndicatorGap]:
        return [row for part in self.parts for row in part.rows]

    @property
    def sum(self) -> Sum:
        return total(self.rows)

    def project_gaps(self) -> dict[str, Decimal]:
        """Project name → its gap, for the projects with at least one indicator compared."""
        return {p.name: p.sum.gap for p in self.parts if p.part and p.sum.gap is not None}


def report(rows: Iterable[IndicatorGap]) -> GapReport:
    """Rows grouped by part, in the order they come (the evaluation's table order)."""
    parts: dict[str, list[IndicatorGap]] = {}
    names: dict[str, str] = {}
    for row in rows:
        parts.setdefault(row.part, []).append(row)
        names.setdefault(row.part, row.part_name)
    return GapReport(tuple(PartGaps(part, names[part], tuple(found)) for part, found in parts.items()))


def part_of(path: str) -> str:
    """projects[3].indicators[2] → projects[3]; a department indicator → ''."""
    return path.split(".", 1)[0] if path.startswith("projects[") else ""


def score_problem(score: Decimal, weight: Decimal) -> str | None:
    """Why a bureau score cannot stand for an indicator of this weight, or None."""
    if not score.is_finite() or score < 0 or score > weight:
        return f"复核得分应在 0 到 {fmt_normalised(weight)} 分（该指标的分值）之间"
    return None


@dataclass(frozen=True)
class YearGap:
    year: int
    sum: Sum


def history(years: Sequence[tuple[int, GapReport]]) -> list[YearGap]:
    """The department's gap year by year, oldest first."""
    return [YearGap(year, found.sum) for year, found in sorted(years, key=lambda pair: pair[0])]
