"""自评偏差 (CYCLE.md §4): the department's own score minus the finance bureau's, for each indicator the bureau scored
in a spot-check, added up per part (the department as a whole, each project) and in total, and over the years.

Positive: the department scored itself higher than the bureau found. Only indicators that both scored count in a
sum; the others are listed, so that nobody reads a partial sum as the whole.

Computed at full precision and rounded once, when shown (RULES.md §8: ROUND_HALF_UP, 2 places): an indicator's
自评偏差 is its exact self score minus the bureau's, rounded (`shown_difference`); a part's sums are the exact
scores added, each rounded, and its 自评偏差 the exact sums' difference, rounded. So a table's 自评偏差 is one figure
on every page — the spot-check's, the evaluation's, the rankings' (`reviewed.Counted` calls the same function). A
department's 70.27029… against the bureau's 55.50 is 14.77 everywhere, although its rows' self scores shown (1.93,
1.96, …) add to 70.28: where the figures shown do not add up or subtract to the figure shown beside them, the page
says so, as the documents' 尾差 note does (`reports.rounding`), instead of writing an equation that does not hold.
Each indicator's own scores and weight are written by the indicator rule (`fmt_score`: '10', '4.5', '5.16'); every
自评偏差 and every sum always to 2 places (`fmt_total`: '0.50', '2.00', '22.55'), so that a column of them lines up.

Kept exact (`gap` of a row or a sum, `project_gaps`): what the risk rule 往年抽查自评偏差大 compares with its
threshold (RULES.md §8); its sentence shows the figure of this page (`shown_gap`, `project_shown_gaps`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from jixiao.core.money import SCORE_PLACES, ZERO, fmt_normalised, fmt_score, fmt_total, round_half_up
from jixiao.core.reports.rounding import GAP_TAIL
from jixiao.core.reports.rounding import shown_gap as rounding_gap


def as_shown(score: Decimal) -> Decimal:
    """A score as the page shows it: rounded once to 2 places, half up."""
    return round_half_up(score, SCORE_PLACES)


def shown_difference(self_score: Decimal, bureau_score: Decimal) -> Decimal:
    """自评偏差 as every page shows it, of an indicator, a table's sums or a table's totals: the exact difference,
    rounded once."""
    return as_shown(self_score - bureau_score)


def difference_said(shown_self: str, shown_bureau: str, self_score: Decimal, bureau_score: Decimal,
                    shown: str) -> str:
    """自评 A − 复核 B = C, where the figures shown subtract to the 自评偏差 shown; else the three figures with the
    尾差 note: rounded each on its own, A − B may miss the exact difference rounded by a cent (5.1549 − 3.0051 is
    2.1498, shown 2.15, where 5.15 − 3.01 is 2.14)."""
    if not rounding_gap([self_score, -bureau_score], self_score - bureau_score):
        return f"自评 {shown_self} − 复核 {shown_bureau} = {shown}"
    return f"自评 {shown_self}，复核 {shown_bureau}，自评偏差 {shown}（{GAP_TAIL}）"


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
        """The exact gap rounded once (`shown_difference`)."""
        if self.self_score is None or self.bureau_score is None:
            return None
        return shown_difference(self.self_score, self.bureau_score)

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
        return difference_said(self.shown_self, self.shown_bureau, self.self_score, self.bureau_score, self.shown)


@dataclass(frozen=True)
class Sum:
    """Self and bureau totals over the indicators both scored, exact, and how many the bureau scored of how many."""

    self_total: Decimal
    bureau_total: Decimal
    compared: int
    indicators: int

    @property
    def gap(self) -> Decimal | None:
        """Exact: what the risk rule compares."""
        return None if self.compared == 0 else self.self_total - self.bureau_total

    @property
    def shown_gap(self) -> Decimal | None:
        """The exact sums' difference rounded once (`shown_difference`), as the table's total's is."""
        return None if self.compared == 0 else shown_difference(self.self_total, self.bureau_total)

    @property
    def shown(self) -> str:
        return fmt_total(self.shown_gap)

    @property
    def tail(self) -> bool:
        """Whether the sums shown miss the 自评偏差 shown by their subtraction (a 尾差)."""
        return bool(self.compared) and bool(rounding_gap([self.self_total, -self.bureau_total], self.gap))

    @property
    def shown_self(self) -> str:
        return fmt_total(self.self_total) if self.compared else "—"

    @property
    def shown_bureau(self) -> str:
        return fmt_total(self.bureau_total) if self.compared else "—"

    def explanation(self) -> str:
        if self.compared == 0:
            return f"{self.indicators} 项指标均未复核"
        said = difference_said(self.shown_self, self.shown_bureau, self.self_total, self.bureau_total, self.shown)
        return f"已复核 {self.compared}/{self.indicators} 项：{said}"


def total(rows: Iterable[IndicatorGap]) -> Sum:
    rows = list(rows)
    both = [r for r in rows if r.gap is not None]
    return Sum(sum((r.self_score for r in both), ZERO), sum((r.bureau_score for r in both), ZERO), len(both),
               len(rows))


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

    @cached_property
    def tail(self) -> bool:
        """Whether the rows' figures shown (self scores, bureau scores, 自评偏差) miss the part's sums shown, or
        its sums their 自评偏差, as rounding alone makes them (`reports.rounding.shown_gap`): the table then carries
        the 尾差 note."""
        both = [r for r in self.rows if r.gap is not None]
        columns = (([r.self_score for r in both], self.sum.self_total),
                   ([r.bureau_score for r in both], self.sum.bureau_total), ([r.gap for r in both], self.sum.gap))
        return self.sum.tail or any(rounding_gap(parts, whole) for parts, whole in columns)

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


def restated(rows: Iterable[tuple[str, str, str, tuple, tuple]]) -> dict[str, str]:
    """(path, part, part name, identity, values) of each indicator → for each department indicator that restates a
    project's, the name of that project. A department's annual goals often copy its projects' indicators, weighted on
    the department's scale (the copy's target sometimes rewritten: seed 003's ≥90% for its project's ≥96%): listed in
    both tables (each is its own 100 points), the department's row names the project it restates — the one project
    with an indicator of the same identity (kind and name). A name many projects share (资金拨付及时率, 长效管理机制
    in each of a generated department's four) is no match by itself: the project whose indicator states the same
    values (target and actual, spaces aside) is, else among those the project the row's goal restates (the one its
    other rows name alone), else the first stating the same values; none when no project states them and the goal
    does not tell."""
    rows = list(rows)
    projects: dict[tuple, list[tuple[str, tuple]]] = {}
    for _, part, name, identity, values in rows:
        if part:
            projects.setdefault(identity, []).append((name, _plain(values)))
    department = [(path, _matches(projects.get(identity, []), _plain(values)))
                  for path, part, _, identity, values in rows if not part]
    named: dict[str, list[str]] = {}  # each goal's rows that name one project alone
    for path, (names, same) in department:
        if len(names) == 1 or len(same) == 1:
            named.setdefault(_goal_of(path), []).append(names[0] if len(names) == 1 else same[0])
    goal_project = {goal: max(found, key=found.count) for goal, found in named.items()}
    chosen = {}
    for path, (names, same) in department:
        preferred = goal_project.get(_goal_of(path))
        if len(names) == 1 or len(same) == 1:
            chosen[path] = names[0] if len(names) == 1 else same[0]
        elif preferred in (same or names):
            chosen[path] = preferred
        elif same:
            chosen[path] = same[0]
    return chosen


def _matches(candidates: list[tuple[str, tuple]], values: tuple) -> tuple[list[str], list[str]]:
    """The projects with an indicator of a department row's identity, and those of them stating its values."""
    return (list(dict.fromkeys(name for name, _ in candidates)),
            list(dict.fromkeys(name for name, stated in candidates if stated == values)))


def _plain(values: tuple) -> tuple:
    """Stated values compared as written, spaces aside ('2547.2077 万元' and '2547.2077万元' state the same)."""
    return tuple("".join(str(value).split()) if value is not None else "" for value in values)


def _goal_of(path: str) -> str:
    """goals[2].indicators[1] → goals[2]; an indicator of a table without goals → '' (the table)."""
    return path.rsplit(".", 1)[0] if "." in path else ""


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
