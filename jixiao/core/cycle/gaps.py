"""自评偏差 (CYCLE.md §4): the department's own score minus the finance bureau's, for each indicator the bureau scored
in a spot-check, added up per part (the department as a whole, each project) and in total, and over the years.

Positive: the department scored itself higher than the bureau found. Only indicators that both scored count in a
sum; the others are listed, so that nobody reads a partial sum as the whole.

Shown so that a reviewer can check every figure by hand: an indicator's self score is taken as the department's
table states it, rounded once to 2 places (SCORE_PLACES), and so is the bureau's score; an indicator's 自评偏差 on the
page is the difference of those two figures, a part's or the total's sums are sums of the rows' figures as shown, and
their 自评偏差 the difference of those sums — the sum of the rows' gaps. Each indicator's own scores and weight are
written by the indicator rule (`fmt_score`: '10', '4.5', '5.16'); every 自评偏差 and every sum always to 2 places
(`fmt_total`: '0.50', '2.00', '22.55'), so that a column of them lines up and a gap reads the same on its row, in its
part's sum and in the history: bureau scores shown 5.16, 2.7, 2.69 and 8 make a 复核 sum of 18.55, and the part's
自评偏差 reads 自评 22.55 − 复核 18.55 = 4.00.

Kept exact (`gap` of a row or a sum, `project_gaps`): what the risk rule 往年抽查自评偏差大 compares with its
threshold, computed at full precision from the stored scores (RULES.md §8); its sentence shows the figure of this
page (`shown_gap`, `project_shown_gaps`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from jixiao.core.money import SCORE_PLACES, ZERO, fmt_normalised, fmt_score, fmt_total, round_half_up


def as_shown(score: Decimal) -> Decimal:
    """A score as the page shows it: rounded once to 2 places, half up."""
    return round_half_up(score, SCORE_PLACES)


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
        """Exact: self − bureau as stored."""
        if self.self_score is None or self.bureau_score is None:
            return None
        return self.self_score - self.bureau_score

    @property
    def shown_gap(self) -> Decimal | None:
        """The figures shown, subtracted: the self score and the bureau score each rounded once to 2 places."""
        if self.self_score is None or self.bureau_score is None:
            return None
        return as_shown(self.self_score) - as_shown(self.bureau_score)

    # the figures as shown, each written once: a spot-check's row shows them in its cells and again in its
    # explanation, for every scored indicator
    @cached_property
    def shown(self) -> str:
        return fmt_total(self.shown_gap)

    @cached_property
    def shown_weight(self) -> str:
        return fmt_score(self.weight)

    @cached_property
    def shown_self(self) -> str:
        return fmt_score(self.self_score)

    @cached_property
    def shown_bureau(self) -> str:
        return fmt_score(self.bureau_score)

    def explanation(self) -> str:
        if self.bureau_score is None:
            return "财政尚未复核"
        if self.self_score is None:
            return "自评未评分，无法计算偏差"
        return f"自评 {self.shown_self} − 复核 {self.shown_bureau} = {self.shown}"


@dataclass(frozen=True)
class Sum:
    """Self and bureau totals over the indicators both scored — exact, and as the sums of the rows' figures shown —
    and how many the bureau scored of how many."""

    self_total: Decimal
    bureau_total: Decimal
    compared: int
    indicators: int
    shown_self_total: Decimal  # the rows' self scores as shown (2 places), added
    shown_bureau_total: Decimal

    @property
    def gap(self) -> Decimal | None:
        """Exact: what the risk rule compares."""
        return None if self.compared == 0 else self.self_total - self.bureau_total

    @property
    def shown_gap(self) -> Decimal | None:
        """The sums shown, subtracted: the sum of the rows' gaps as shown."""
        return None if self.compared == 0 else self.shown_self_total - self.shown_bureau_total

    @property
    def shown(self) -> str:
        return fmt_total(self.shown_gap)

    @property
    def shown_self(self) -> str:
        return fmt_total(self.shown_self_total) if self.compared else "—"

    @property
    def shown_bureau(self) -> str:
        return fmt_total(self.shown_bureau_total) if self.compared else "—"

    def explanation(self) -> str:
        if self.compared == 0:
            return f"{self.indicators} 项指标均未复核"
        return f"已复核 {self.compared}/{self.indicators} 项：自评 {self.shown_self} − 复核 {self.shown_bureau} = {self.shown}"


def total(rows: Iterable[IndicatorGap]) -> Sum:
    rows = list(rows)
    both = [r for r in rows if r.gap is not None]
    return Sum(sum((r.self_score for r in both), ZERO), sum((r.bureau_score for r in both), ZERO), len(both),
               len(rows), sum((as_shown(r.self_score) for r in both), ZERO),
               sum((as_shown(r.bureau_score) for r in both), ZERO))


@dataclass(frozen=True)
class PartGaps:
    """One table of a spot-check: the department as a whole, or one project. Each is scored out of its own 100, so
    a part's sum is the one 自评偏差 total that means something; parts are never added together on a page."""

    part: str
    name: str
    rows: tuple[IndicatorGap, ...]

    @cached_property
    def sum(self) -> Sum:
        """Added up once: a page shows each of its figures (and the report's total its own) several times."""
        return total(self.rows)

    @property
    def title(self) -> str:
        """部门整体 or 项目“…”: what the table is, as its heading and its total say it."""
        return f"项目“{self.name}”" if self.part else "部门整体"

    @property
    def label(self) -> str:
        """What the part's total sums, said beside it."""
        scale = "该项目自评表，满分 100 分" if self.part else "部门整体自评表，满分 100 分"
        return f"{self.title}自评偏差合计（{scale}，只计本表指标）"


@dataclass(frozen=True)
class GapReport:
    parts: tuple[PartGaps, ...]

    @property
    def rows(self) -> list[IndicatorGap]:
        return [row for part in self.parts for row in part.rows]

    @cached_property
    def sum(self) -> Sum:
        """Every part's indicators together (how many were compared, in all). Not shown as a total on the pages and
        not what the risk rule compares (`most_overrated`): the department's and each project's points are on
        different scales."""
        return total(self.rows)

    def most_overrated(self) -> PartGaps | None:
        """The table with the largest exact 自评偏差 (the first of equals), None when no table had an indicator
        compared: what the risk rule 往年抽查自评偏差大 compares for an evaluation, each table being its own 100
        points."""
        compared = [p for p in self.parts if p.sum.gap is not None]
        return max(compared, key=lambda p: p.sum.gap, default=None)

    @property
    def department(self) -> PartGaps | None:
        return next((p for p in self.parts if not p.part), None)

    @property
    def projects(self) -> tuple[PartGaps, ...]:
        return tuple(p for p in self.parts if p.part)

    def project_gaps(self) -> dict[str, Decimal]:
        """Project name → its exact gap, for the projects with at least one indicator compared."""
        return {p.name: p.sum.gap for p in self.parts if p.part and p.sum.gap is not None}

    def project_shown_gaps(self) -> dict[str, Decimal]:
        """Project name → its gap as the spot-check page shows it (`Sum.shown_gap`)."""
        return {p.name: p.sum.shown_gap for p in self.parts if p.part and p.sum.shown_gap is not None}


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


def restated(rows: Iterable[tuple[str, str, str, tuple]]) -> dict[str, str]:
    """(path, part, part name, identity) of each indicator → for each department indicator that restates a project's
    (the same identity: kind and name), the name of the first project that has it. A department's annual goals often
    copy its projects' indicators, weighted on the department's scale: listed in both tables (each is its own 100
    points), the department's row names the project it restates."""
    rows = list(rows)
    projects: dict[tuple, str] = {}
    for _, part, name, identity in rows:
        if part:
            projects.setdefault(identity, name)
    return {path: projects[identity] for path, part, _, identity in rows if not part and identity in projects}


@dataclass(frozen=True)
class YearGap:
    year: int
    sum: Sum  # every part together: the risk rule's figure, not a total shown
    parts: tuple[PartGaps, ...] = ()

    @property
    def compared(self) -> tuple[PartGaps, ...]:
        """The parts of the year with at least one indicator scored by both: each a line of the history."""
        return tuple(p for p in self.parts if p.sum.compared)


def history(years: Sequence[tuple[int, GapReport]]) -> list[YearGap]:
    """The department's gap year by year, oldest first, per part (the department as a whole, each project)."""
    return [YearGap(year, found.sum, found.parts) for year, found in sorted(years, key=lambda pair: pair[0])]
