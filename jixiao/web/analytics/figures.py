"""The analytics pages' tables, made from projection rows (services.py), and the charts that draw them.

Each chart is drawn from the same figures as the table beside it; figures stay Decimal here and are rounded once,
for display, by the templates' filters and by `Chart.spec` (2 places, half up)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from os.path import commonprefix

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, Sum

from jixiao.core.checks import title_of
from jixiao.core.labels import SEVERITIES
from jixiao.core.money import HUNDRED, PERCENT_PLACES, SCORE_PLACES, ZERO, fixed, fmt_percent, ratio, round_half_up

from jixiao.web import lookups

from .models import REVIEWED, EvaluationRow
from .services import Shown, as_shown, grade_order, kept_ranking_keys, kept_shown_rows, ranking_keys, shown_rows


# ---------------------------------------------------------------------------------------------------- charts
@dataclass
class Chart:
    """What `static/analytics/charts.js` draws: kind bars / hbars / line / pie, one series per name."""

    id: str
    kind: str
    title: str
    labels: list[str]
    unit: str = ""
    series: list[tuple[str, list[Decimal | int | None]]] = field(default_factory=list)
    stacked: bool = False

    @property
    def whole(self) -> bool:
        """Counts: the axis steps by whole numbers."""
        return self.unit in ("份", "个")

    def spec(self) -> dict:
        spec = {"id": self.id, "kind": self.kind, "title": self.title, "labels": self.labels, "unit": self.unit,
                "stacked": self.stacked, "whole": self.whole,
                "series": [{"name": name, "values": [_shown(v) for v in values]} for name, values in self.series]}
        if self.kind == "pie":
            spec["shares"] = self.shares()
        return spec

    def shares(self) -> list[str]:
        """A pie's parts as shares of their whole, each rounded half up on its own (2 of 6 is 33.33%, as the table
        beside it would say): ECharts' own percentages are made to add up to 100 and would show 33.34% for one."""
        values = self.series[0][1] if self.series else []
        whole = sum((Decimal(v) for v in values if v is not None), ZERO)
        return [fmt_percent(ratio(Decimal(v), whole)) if v is not None and whole else "—" for v in values]


def short_names(names: list[str]) -> list[str]:
    """Department names on a chart's axis without the place they all share (通城县交通运输局 → 交通运输局): the
    axis has room for a few characters, and the table beside it gives the whole name."""
    prefix = commonprefix(names) if len(names) > 1 else ""
    cut = max((prefix.rfind(mark) for mark in PLACE_MARKS), default=-1) + 1
    return [name[cut:] or name for name in names]


PLACE_MARKS = ("省", "市", "州", "盟", "县", "区", "旗")


def _shown(value: Decimal | int | None) -> str | None:
    return None if value is None else fixed(Decimal(value), SCORE_PLACES)


def percent(rate: Decimal | None) -> Decimal | None:
    """A rate (a fraction) in percentage points, for charts whose axis is in %."""
    return None if rate is None else rate * HUNDRED


# ------------------------------------------------------------------------------------ departments × years
@dataclass
class MatrixLine:
    department: object
    cells: list[EvaluationRow | None]  # one per year of the matrix, None where the department has no evaluation


@dataclass
class Matrix:
    years: list[int]
    lines: list[MatrixLine]
    # (department pk, year) → why an empty cell is empty though the department has an evaluation of that year
    not_shown: dict[tuple[int, int], str] = field(default_factory=dict)

    def shown(self) -> set[tuple[int, int]]:
        return {(line.department.pk, year) for line in self.lines
                for year, cell in zip(self.years, line.cells) if cell is not None}

    def chart(self) -> Chart:
        names = short_names([line.department.name for line in self.lines])
        # a year with no score in the status chosen keeps its column in the table (whose cells say why) but is no
        # series: a legend entry without a bar read as missing data (trial)
        columns = [(year, [c.score if c else None for c in self.column(i)]) for i, year in enumerate(self.years)]
        return Chart("chart-matrix", "bars", "各部门得分（按年度）", names, "分",
                     [(f"{year} 年度", scores) for year, scores in columns if any(s is not None for s in scores)])

    def column(self, place: int) -> list[EvaluationRow | None]:
        return [line.cells[place] for line in self.lines]


def matrix(rows, years: list[int] | None = None) -> Matrix:
    """`years`: the columns (those of `rows` unless given: a page of departments keeps the columns of all)."""
    rows = list(rows)
    years = sorted({row.year for row in rows} if years is None else years)
    by_department: dict[int, dict[int, EvaluationRow]] = defaultdict(dict)
    departments = {}
    for row in rows:
        by_department[row.department_id][row.year] = row
        departments[row.department_id] = row.department
    ordered = sorted(departments.values(), key=lambda d: d.name)
    return Matrix(years, [MatrixLine(d, [by_department[d.pk].get(y) for y in years]) for d in ordered])


# ------------------------------------------------------------------------------------------------- rankings
RANKINGS = {
    # key: (label, column, places compared: what the page shows — scores 2, rates 2 of a percent, counts whole)
    "score": ("按得分", "score", SCORE_PLACES),
    "execution_rate": ("按执行率", "execution_rate", PERCENT_PLACES + 2),
    "findings": ("按审核发现数", "findings", 0),
    "risk": ("按风险分", "risk", SCORE_PLACES),  # 抽查复核's stored score: submitted evaluations only
}

RANKING_LABELS = {key: label for key, (label, _, _) in RANKINGS.items()}  # the 排名依据 menu's options


@dataclass
class Ranked:
    place: int | None  # None: no figure to rank by
    row: EvaluationRow | Shown  # a projection row (ranking), or what the ranking page shows of one (ranking_page)
    value: Decimal | int | None


def ranking(rows, by: str) -> list[Ranked]:
    """Highest (or most findings) first; figures equal as shown share a place (1, 1, 3): 96.199997 and 96.200001
    both show 96.2; rows without the figure last, unranked."""
    column = RANKINGS[by][1]
    return [Ranked(place, row, getattr(row, column))
            for place, row in _ranked(rows, by, lambda r: getattr(r, column), lambda r: (r.department.name, r.year))]


def _ranked(items, by: str, value, name_and_year) -> list[tuple[int | None, object]]:
    """`items` in ranking order with their places (as `ranking`), whatever they are: rows, or their key figures.
    Each figure is rounded once (a province ranks thousands)."""
    places = RANKINGS[by][2]
    valued = sorted(((round_half_up(Decimal(value(i)), places), name_and_year(i), i) for i in items
                     if value(i) is not None), key=lambda entry: (-entry[0], entry[1]))
    ranked: list[tuple[int | None, object]] = []
    for n, (shown, _, item) in enumerate(valued):
        same = n > 0 and valued[n - 1][0] == shown
        ranked.append((ranked[-1][0] if same else n + 1, item))
    rest = sorted((i for i in items if value(i) is None), key=name_and_year)
    return ranked + [(None, item) for item in rest]


CHART_PLACES = 20  # the ranking chart shows the first twenty


def ranking_page(rows, by: str, page_number, size: int,
                 statement: tuple[tuple, tuple] | None = None) -> tuple[Page, list[Ranked], list[Ranked]]:
    """One page of the ranking of `rows` (a queryset) and its first places for the chart, as `ranking` would rank
    them all: the places are found from the key figures of every row (a few columns each), then only what the rows
    shown show is read. `statement`: `rows` as `rows_statement` gives them, whose two statements are then compiled
    once per process (lookups.kept); `rows` may then be a function building them, called only without one."""
    column = RANKINGS[by][1]
    if statement is None and callable(rows):
        rows = rows()
    keys = lookups.kept(kept_ranking_keys, statement[0], (*statement[1], column)) if statement is not None \
        else list(ranking_keys(rows, column))
    order = _ranked(keys, by, lambda k: k[1], lambda k: (k[2], k[3]))
    page = Paginator(order, size).get_page(page_number)
    top = [(place, key) for place, key in order[:CHART_PLACES] if place is not None]
    wanted = sorted({key[0] for _, key in (*page.object_list, *top)})
    found = [] if not wanted else \
        lookups.kept(kept_shown_rows, (*statement[0], wanted), statement[1]) if statement is not None \
        else shown_rows(rows, wanted)
    by_pk = {row[0]: as_shown(row) for row in found}
    shown = [Ranked(place, by_pk[key[0]], key[1]) for place, key in page.object_list]
    return page, shown, [Ranked(place, by_pk[key[0]], key[1]) for place, key in top]


def ranking_chart(ranked: list[Ranked], by: str) -> Chart:
    label, column, _ = RANKINGS[by]
    shown = [r for r in ranked if r.place is not None][:20]
    unit = {"score": "分", "execution_rate": "%", "findings": "个", "risk": "分"}[by]
    values = [percent(r.value) if column == "execution_rate" else r.value for r in shown]
    # the horizontal bars list from the bottom up: reversed, the first place is on top
    names = short_names([r.row.department.name for r in shown])
    return Chart("chart-ranking", "hbars", f"排名（{label}）", names[::-1], unit, [(label[1:], values[::-1])])


# --------------------------------------------------------------------------------------------------- trends
@dataclass
class YearLine:
    year: int
    evaluations: int
    scored: int  # of which with a score: an unscored draft is left out of the mean, never counted as a 0
    mean_score: Decimal | None  # over the evaluations with a score
    execution_rate: Decimal | None  # Σ spent / Σ adjusted budget, over evaluations that state both
    errors: int
    warnings: int
    notices: int


def trend(rows) -> list[YearLine]:
    """Per year, summed by the database over `rows` (a queryset of EvaluationRow): the mean of the scores there are
    (an unscored draft is left out, never counted as 0) and Σ spent ÷ Σ adjusted budget over the rows that state
    both; the division is Decimal's, here."""
    both = Q(budget_adjusted__isnull=False, spent__isnull=False)
    counted = rows.order_by().values("year").annotate(
        n=Count("pk"), scored=Count("score"), score_sum=Sum("score"), spent_sum=Sum("spent", filter=both),
        budget_sum=Sum("budget_adjusted", filter=both), errors=Sum("errors"), warnings=Sum("warnings"),
        notices=Sum("notices")).order_by("year")
    return [YearLine(c["year"], c["n"], c["scored"], c["score_sum"] / c["scored"] if c["scored"] else None,
                     ratio(c["spent_sum"] or ZERO, c["budget_sum"] or ZERO), c["errors"], c["warnings"], c["notices"])
            for c in counted]


def trend_charts(lines: list[YearLine]) -> list[Chart]:
    years = [f"{line.year}" for line in lines]
    return [
        Chart("chart-trend", "line", "平均得分与总体执行率", years, "分 / %",
              [("平均得分", [line.mean_score for line in lines]),
               ("总体执行率（%）", [percent(line.execution_rate) for line in lines])]),
        Chart("chart-findings-trend", "bars", "审核发现（按年度）", years, "个",
              [(SEVERITIES["error"], [line.errors for line in lines]),
               (SEVERITIES["warning"], [line.warnings for line in lines]),
               (SEVERITIES["notice"], [line.notices for line in lines])], stacked=True),
    ]


def department_trend_chart(table: Matrix) -> Chart:
    return Chart("chart-department-trend", "line", "各部门得分走势", [f"{year}" for year in table.years], "分",
                 list(zip(short_names([line.department.name for line in table.lines]),
                          [[c.score if c else None for c in line.cells] for line in table.lines])))


# ---------------------------------------------------------------------------------------------- distributions
def grade_counts(rows) -> list[tuple[str, int]]:
    """Evaluations (or projects) by grade, best first; those without a grade as 未评定."""
    counted = Counter(dict(rows.order_by().values("grade").annotate(n=Count("pk")).values_list("grade", "n")))
    found = [(grade, counted[grade]) for grade in grade_order(g for g in counted if g)]
    return found + ([("未评定", counted[""])] if counted.get("") else [])


def reviewed_counts(rows, projects) -> tuple[int, int]:
    """How many of the evaluations `rows` and of the projects `projects` are counted at the bureau's score and grade
    (its spot-check rescored the whole table, review.counted) rather than at the department's own."""
    return rows.filter(score_source=REVIEWED).count(), projects.filter(grade_source=REVIEWED).count()


# Self-evaluations crowd the top (全部满分 is the complaint): below 60 one bin, then 5 points each up to 100
HISTOGRAM_BINS = [(Decimal(0), Decimal(60))] + [(Decimal(low), Decimal(low + 5)) for low in range(60, 100, 5)]


def histogram(rows) -> list[tuple[str, int]]:
    """Scores in bins (below 60, then 60–65 … 95–100), lower bound included, by the score as shown (rounded to 2
    places, as grades are given): 89.995 is in 90–95; 100 (and any stated score above it) in 95–100, any below 0
    in the first."""
    counts = Counter(bin_of(score) for score in rows.exclude(score=None).values_list("score", flat=True))
    return [(_bin_label(low, high), counts[i]) for i, (low, high) in enumerate(HISTOGRAM_BINS)]


def _bin_label(low: Decimal, high: Decimal) -> str:
    return "60 以下" if low == 0 else f"{low}–{high}"


def bin_of(score: Decimal) -> int:
    shown = round_half_up(score, SCORE_PLACES)
    return next((i for i, (_, high) in enumerate(HISTOGRAM_BINS) if shown < high), len(HISTOGRAM_BINS) - 1)


@dataclass
class CheckLine:
    title: str  # the check in words: finding codes of one check (MEASURE.ACTUAL_COPY …) share their check's title
    codes: list[str]
    errors: int
    warnings: int
    notices: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.notices


def findings_by_check(findings, most: int = 10) -> list[CheckLine]:
    """The checks with most findings, by kind; finding codes counted in the database, gathered under their check."""
    counted = findings.order_by().values("code").annotate(
        errors=Count("pk", filter=Q(severity="error")), warnings=Count("pk", filter=Q(severity="warning")),
        notices=Count("pk", filter=Q(severity="notice")))
    by_title: dict[str, CheckLine] = {}
    for c in counted:
        title = title_of(c["code"]) or c["code"]
        line = by_title.setdefault(title, CheckLine(title, [], 0, 0, 0))
        line.codes.append(c["code"])
        line.errors, line.warnings, line.notices = (line.errors + c["errors"], line.warnings + c["warnings"],
                                                    line.notices + c["notices"])
    return sorted(by_title.values(), key=lambda line: (-line.total, line.title))[:most]


def distribution_charts(grades, bins, project_grades, checks: list[CheckLine]) -> list[Chart]:
    top = checks[::-1]  # horizontal bars list from the bottom up
    return [
        Chart("chart-grades", "pie", "自评等级分布", [g for g, _ in grades], "份", [("自评", [n for _, n in grades])]),
        Chart("chart-histogram", "bars", "得分分布", [label for label, _ in bins], "份",
              [("自评", [n for _, n in bins])]),
        Chart("chart-project-grades", "bars", "项目等级分布", [g for g, _ in project_grades], "个",
              [("项目", [n for _, n in project_grades])]),
        Chart("chart-checks", "hbars", "审核发现最多的检查项", [c.title for c in top], "个",
              [(SEVERITIES["error"], [c.errors for c in top]), (SEVERITIES["warning"], [c.warnings for c in top]),
               (SEVERITIES["notice"], [c.notices for c in top])], stacked=True),
    ]
