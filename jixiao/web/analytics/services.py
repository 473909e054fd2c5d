"""Reading the projection (models.py): for the analytics pages and for other apps that need figures across
departments and years. Every query is scoped to finance bureaus and reads the projection's rows only, never the
stored documents.

    from jixiao.web.analytics.services import evaluation_rows
    evaluation_rows(bureau_ids(user), year=2023, grade="优").order_by("-score")
"""

from __future__ import annotations

import hashlib
from html import escape
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.db import connections
from django.db.models import Case, CharField, Count, DecimalField, F, Max, OuterRef, QuerySet, Subquery, Sum, When
from django.utils.safestring import mark_safe

from jixiao.web import lookups
from jixiao.web.evaluations.models import Status
from jixiao.web.evaluations.returns import RETURNED_BY, filter_choices, filter_status, status_name, with_last_action
from jixiao.web.evaluations.services import library
from jixiao.web.organisations.models import GENERATED_OPTION, Department, FinanceBureau
from jixiao.web.params import integer
from jixiao.web.params import year as read_year
from jixiao.web.review.models import RiskAssessment

from .models import DIGITS, PLACES, REVIEWED, EvaluationRow, FindingRow, IndicatorRow, ProjectRow

FILTERS = ("bureau", "department", "category", "grade", "year", "status")

# The status filter: groups of statuses by key. Every analytics page opens on what the bureau has received (a draft,
# perhaps with errors, is not ranked beside an accepted evaluation); 全部状态 shows every evaluation with its status.
RECEIVED = "received"
ALL = "all"
# A returned evaluation is named by who returned it, as every page names it (evaluations.returns): two keys.
STATUS_GROUPS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    RECEIVED: ("财政已收到（待财政审核、财政已接收）", (Status.WITH_FINANCE, Status.ACCEPTED)),
    ALL: ("全部状态（含草稿）", None),
    **{key: (name, (Status.RETURNED,) if key in RETURNED_BY else (key,)) for key, name in filter_choices()},
}


# The review's stored risk score of the evaluation (read from its column, not from the document); only submitted
# evaluations have one, and `review.risk_store.refresh_stale` brings them up to date before a page reads them.
RISK = Subquery(RiskAssessment.objects.filter(evaluation_id=OuterRef("evaluation_id")).values("score")[:1])


# The score and grade that count, for a query of evaluations (Evaluation, not the projection): the bureau's where
# its spot-check rescored the department's table (the projection's row says so: score_source `reviewed`), else the
# evaluation's own summary, which the lists show — also while a failed refresh has left an evaluation without a row.
# The bureau's list sorts and filters by them, as its score and grade cells show them first.
def counted_score() -> Case:
    return Case(When(analytics_row__score_source=REVIEWED, then=F("analytics_row__score")), default=F("score"),
                output_field=DecimalField(max_digits=DIGITS, decimal_places=PLACES))


def counted_grade() -> Case:
    return Case(When(analytics_row__score_source=REVIEWED, then=F("analytics_row__grade")), default=F("grade"),
                output_field=CharField())


def counted_figures() -> dict:
    """What counts for each evaluation's department table as the projection keeps it, its source and why, as
    annotations of a query of evaluations under the names a list's row reads them by (counted_html.listed_score:
    the evaluations list, the API), beside the evaluation's own `score` and `grade`."""
    return {"counted_source": F("analytics_row__score_source"), "counted_score": F("analytics_row__score"),
            "counted_grade": F("analytics_row__grade"), "counted_reason": F("analytics_row__score_reason")}


OTHER_CATEGORY = "其他部门"  # a department whose name no sector file of the indicator library claims


def category_of(department: Department) -> str:
    """A department's category (领域) as the indicator library's sector files define it (their `departments` words,
    e.g. 教育 → 行业指标·教育), so that a bureau compares like with like; the same rule the goals' suggestions use."""
    return _category_of_name(department.name)


_CATEGORIES: dict = {"library": None, "names": {}}


def _category_of_name(name: str) -> str:
    """Kept per name while the library is the same (a province's departments: the filter form names each one's
    category on every page); a library file a bureau edits is read again (goals.services.library), and with it
    every category."""
    return _categories_of_names([name])[name]


def _categories_of_names(names: Iterable[str]) -> dict[str, str]:
    """`_category_of_name` of each name, the library's files looked at once for all of them (each look lists and
    stats every file of the library: a tenth of a filter form's drawing when asked for each department)."""
    from jixiao.web.goals.services import library

    current = library()
    if _CATEGORIES["library"] is not current:
        _CATEGORIES.update(library=current, names={})
    kept = _CATEGORIES["names"]
    found = {}
    for name in names:
        if name not in kept:
            kept[name] = current.sector_of(name).removeprefix("行业指标·") or OTHER_CATEGORY
        found[name] = kept[name]
    return found


def evaluation_rows(bureau_ids: Iterable[int], *, bureau: int | None = None, department: int | None = None,
                    category: str = "", grade: str = "", year: int | None = None,
                    status: str = ALL) -> QuerySet[EvaluationRow]:
    """One row per evaluation of the departments under `bureau_ids`, narrowed by the filters given (`status`: a
    key of STATUS_GROUPS); `risk` is the stored risk score (抽查复核) of the submitted ones, None for the others."""
    rows = EvaluationRow.objects.filter(department__finance_bureau_id__in=list(bureau_ids)).annotate(risk=RISK)
    statuses = STATUS_GROUPS.get(status, STATUS_GROUPS[ALL])[1]
    if status in RETURNED_BY:
        rows = filter_status(rows, status, "evaluation_id")
    elif statuses is not None:
        rows = rows.filter(status__in=statuses)
    if bureau is not None:
        rows = rows.filter(department__finance_bureau_id=bureau)
    if department is not None:
        rows = rows.filter(department_id=department)
    if category:
        departments = Department.objects.filter(pk__in=rows.values("department_id"))
        of = _categories_of_names(d.name for d in departments)
        rows = rows.filter(department_id__in=[d.pk for d in departments if of[d.name] == category])
    if grade:
        rows = rows.filter(grade=grade)
    if year is not None:
        rows = rows.filter(year=year)
    return rows.select_related("department")


def rows_statement(bureau_ids: Iterable[int], filters: dict) -> tuple[tuple, tuple] | None:
    """`evaluation_rows(bureau_ids, **filters)` as `lookups.kept`'s values and fixed (the builders below take them):
    each filter given a value, their names and the status key fixed. None for a category, whose departments are
    found in Python while the statement is built (kept, it would keep them), and for no bureau at all."""
    scope = sorted(bureau_ids)
    if filters.get("category") or not scope:
        return None
    given = [(name, filters[name]) for name in ("bureau", "department", "year") if filters.get(name) is not None]
    if filters.get("grade"):
        given.append(("grade", filters["grade"]))
    return (scope, *(value for _, value in given)), (tuple(name for name, _ in given), filters.get("status", ALL))


def rows_of(scope, *args) -> QuerySet[EvaluationRow]:
    """The builder of `rows_statement`'s values and fixed."""
    *given, names, status = args
    return evaluation_rows(scope, status=status, **dict(zip(names, given)))


def ranking_keys(rows: QuerySet[EvaluationRow], column: str) -> QuerySet:
    """What ranks each row (figures.ranking_page): its key, its figure of `column`, its department's name and year."""
    return rows.order_by().values_list("pk", column, "department__name", "year")


def kept_ranking_keys(*args) -> QuerySet:
    """`ranking_keys` of `rows_statement`'s rows: its values, then its fixed and the column."""
    *statement, column = args
    return ranking_keys(rows_of(*statement), column)


class Shown(NamedTuple):
    """A ranked row as the ranking shows it (analytics_figures.ranking_rows), read as values: a page's fifty, not
    fifty projection rows and their departments made into models (the projection's figures converted, for
    nothing)."""

    pk: int
    evaluation_id: int
    department: Named
    score: Decimal | None
    grade: str
    execution_rate: Decimal | None
    errors: int
    warnings: int
    notices: int
    findings: int
    risk: Decimal | None
    generated: bool  # Evaluation.generated: a year the demo generated (the row's badge, as generated_badge reads it)
    # `reviewed` where score and grade are the bureau's (review.counted); why they count, with the department's own
    # score and the 自评偏差, in the core's words (reviewed.Counted.reason, as the projection keeps it)
    score_source: str
    score_reason: str


def shown_rows(rows: QuerySet[EvaluationRow], keys: list[int]) -> QuerySet:
    """The rows of `keys` among `rows` with what a ranked row shows (`Shown` once made by `as_shown`)."""
    return rows.filter(pk__in=keys).values_list(
        "pk", "evaluation_id", "department_id", "department__name", "department__generated", "score", "grade",
        "execution_rate", "errors", "warnings", "notices", "findings", "risk", "evaluation__generated",
        "score_source", "score_reason")


def kept_shown_rows(*args) -> QuerySet:
    """`shown_rows` of `rows_statement`'s rows: its values and the keys, then its fixed."""
    *given, keys, names, status = args
    return shown_rows(rows_of(*given, names, status), keys)


def as_shown(row: tuple) -> Shown:
    pk, evaluation, department, name, generated, *figures = row
    return Shown(pk, evaluation, Named(department, name, generated), *figures)


def kept_latest_scored_year(*args) -> QuerySet:
    """`latest_scored_year`'s statement of `rows_statement`'s rows."""
    return _latest_scored(rows_of(*args))


def departments_of_rows(*args) -> QuerySet[Department]:
    """The departments the rows list, by name, as the departments × years tables page them."""
    return Department.objects.filter(pk__in=rows_of(*args).values("department_id")).only("id", "name") \
        .order_by("name", "pk")


def years_of_rows(*args) -> QuerySet:
    """`table_years`' statement, the year chosen (if any) among the filters."""
    *_, names, _ = args
    years = EvaluationRow.objects.filter(department_id__in=rows_of(*args).values("department_id"))
    if "year" in names:
        years = years.filter(year=args[1 + names.index("year")])
    return years.order_by().values_list("year", flat=True).distinct()


def _fingerprint_rows(*args) -> QuerySet:
    return rows_of(*args).order_by().values(jx_pk=F("pk"), jx_updated=F("source_updated"),
                                            jx_revision=F("source_revision"))


def in_status_group(key: str, status: str, last_action: str | None) -> bool:
    """Whether an evaluation of `status` (returned by `last_action`) is among those the status filter's `key` keeps."""
    if key in RETURNED_BY:
        return status == Status.RETURNED and last_action == key
    statuses = STATUS_GROUPS.get(key, STATUS_GROUPS[ALL])[1]
    return statuses is None or status in statuses


def department_cells(bureau_ids: Iterable[int], departments: list[int], years: list[int],
                     chosen: Chosen) -> tuple[list[Cell], dict[tuple[int, int], str]]:
    """The cells of one page of the departments × years tables: the rows of `departments` in `years` that the
    filters keep (as `evaluation_rows` with `chosen` keeps them: the departments come from its rows, so only the
    status, grade and year remain to ask, with who returned a returned one), and (department, year) → why the table
    leaves a cell empty though the department has an evaluation of the year: its status or its grade is not the one
    chosen ("无自评" there would be untrue: a draft of 2023 is not shown under the default 财政已收到). One query for
    both (one evaluation per department and year)."""
    # compiled once per process for each count of departments and years (lookups.kept): ~a fifth of a tab's drawing
    every = _as_cells(lookups.kept(_cells, (list(bureau_ids), departments, years)))
    kept = [row for row in every if in_status_group(chosen.status, row.status, row.last_action)
            and (not chosen.grade or row.grade == chosen.grade) and (chosen.year is None or row.year == chosen.year)]
    if chosen.status == ALL and not chosen.grade:
        return kept, {}
    shown, why = {(row.department_id, row.year) for row in kept}, {}
    for row in every:
        if (row.department_id, row.year) in shown:
            continue
        if not in_status_group(chosen.status, row.status, row.last_action):
            why[(row.department_id, row.year)] = \
                f"所选状态下无自评（该年度自评：{status_name(row.status, row.last_action)}）"
        else:
            why[(row.department_id, row.year)] = f"所选等级下无自评（该年度{'抽查复核' if row.score_source == 'reviewed' else '自评'}等级：{row.grade or '未评定'}）"
    return kept, why


class CellDepartment(NamedTuple):
    """A cell's department as the tables name it."""

    pk: int
    name: str
    generated: bool


class Cell(NamedTuple):
    """What a cell of the departments × years tables shows of a projection row (analytics_figures.matrix_rows,
    department_trend_rows, the charts), read as values: not the rest of the row and its department made into models
    on every drawing (amounts made Decimals, the source's save time parsed from SQLite's text, for nothing)."""

    evaluation_id: int
    department_id: int
    year: int
    status: str
    score: Decimal | None
    score_source: str  # `reviewed`: score and grade are the bureau's (review.counted)
    grade: str
    score_reason: str  # why the score counts, with the department's own (reviewed.Counted.reason, as kept)
    execution_rate: Decimal | None
    errors: int
    warnings: int
    notices: int
    risk: Decimal | None  # evaluation_rows' annotation
    last_action: str | None  # with_last_action's
    generated: bool  # Evaluation.generated (`_cells`' annotation): a year the demo generated, its cell says so
    department: CellDepartment


def _cells(bureau_ids: list[int], departments: list[int], years: list[int]) -> QuerySet:
    """A Cell's values, its department's as its last two."""
    return with_last_action(evaluation_rows(bureau_ids).filter(department_id__in=departments, year__in=years)) \
        .annotate(generated=F("evaluation__generated")) \
        .values_list(*Cell._fields[:-1], "department__name", "department__generated")


def _as_cells(rows) -> list[Cell]:
    """Each row of `_cells` as a Cell, its department's made once."""
    departments: dict[int, CellDepartment] = {}
    cells = []
    for *values, name, generated in rows:
        department = departments.get(values[1])
        if department is None:
            department = departments[values[1]] = CellDepartment(values[1], name, generated)
        cells.append(Cell(*values, department))
    return cells


def table_years(rows: QuerySet[EvaluationRow], year: int | None = None) -> list[int]:
    """The columns of the departments × years tables: every year of which a department that `rows` lists has an
    evaluation, whatever its status or grade (only `year` when one is chosen). Not the years of `rows` alone: a year
    whose evaluations the status filter leaves out (all drafts under the default 财政已收到) would have no column, and
    no cell to say so (`department_cells`)."""
    years = EvaluationRow.objects.filter(department_id__in=rows.values("department_id"))
    if year is not None:
        years = years.filter(year=year)
    return sorted(years.order_by().values_list("year", flat=True).distinct())


def project_rows(bureau_ids: Iterable[int], **filters) -> QuerySet[ProjectRow]:
    """One row per project of the evaluations `evaluation_rows` gives for the same arguments."""
    return ProjectRow.objects.filter(row__in=evaluation_rows(bureau_ids, **filters).values("pk"))


def indicator_rows(bureau_ids: Iterable[int], **filters) -> QuerySet[IndicatorRow]:
    return IndicatorRow.objects.filter(row__in=evaluation_rows(bureau_ids, **filters).values("pk"))


def finding_rows(bureau_ids: Iterable[int], **filters) -> QuerySet[FindingRow]:
    return FindingRow.objects.filter(row__in=evaluation_rows(bureau_ids, **filters).values("pk"))


# ------------------------------------------------------------------------------------ figures kept by revision
CACHE_SECONDS = 600


def fingerprint(rows: QuerySet[EvaluationRow]) -> tuple:
    """What changes whenever the projection rows of `rows` (and so their projects, indicators and findings) do:
    a refresh replaces an evaluation's rows by new ones (a new, higher key, the new save's time and revision), a
    deleted evaluation takes its rows with it (one fewer)."""
    found = rows.order_by().aggregate(n=Count("pk"), last=Max("pk"), updated=Max("source_updated"),
                                      revisions=Sum("source_revision"))
    return tuple(found.values())


def kept(name: str, rows, compute, statement: tuple[tuple, tuple] | None = None):
    """`compute()` — figures summed over `rows` and their projects or findings, which at a province's size take
    the database a while — computed once for each state of the rows (`fingerprint`) and kept in the cache.
    `statement`: `rows` as `rows_statement` gives them, whose SQL (compiled once per process) and fingerprint are
    then read without building the query again; `rows` may then be a function building them, called only without
    such a statement."""
    known = _kept_fingerprint(statement) if statement is not None else None
    if known is None and callable(rows):
        rows = rows()
    key = "analytics:" + hashlib.sha256(repr(
        (name, *known) if known is not None else (name, str(rows.query), fingerprint(rows))).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def _kept_fingerprint(statement: tuple[tuple, tuple]) -> tuple | None:
    """The rows' statement (SQL and parameters: which rows) and `fingerprint`'s figures of them, the aggregate
    written around the rows' kept statement; None when it is not kept."""
    found = lookups.kept_sql(_fingerprint_rows, *statement)
    if found is None:
        return None
    sql, params, alias = found
    with connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(jx_pk), MAX(jx_updated), SUM(jx_revision) FROM ({sql}) subquery", params)
        return sql, tuple(params), tuple(cursor.fetchone())


# ------------------------------------------------------------------------------------------------ the filters
@dataclass(frozen=True)
class Chosen:
    """What the filter form asks for, each value checked against what the user may see: anything else (another
    bureau's department, letters, a year of 27 digits) counts as not chosen."""

    bureau: int | None = None
    department: int | None = None
    category: str = ""  # a department category (category_of)
    grade: str = ""
    year: int | None = None
    status: str = ALL  # a key of STATUS_GROUPS: the one asked for, else the page's default
    status_asked: bool = False  # asked for in the query (kept by the tabs' links), not the page's default

    def as_filters(self) -> dict:
        return {name: getattr(self, name) for name in FILTERS}

    @property
    def status_label(self) -> str:
        return STATUS_GROUPS[self.status][0]

    def query(self, **changes) -> str:
        """The query string of these filters (with `changes`), for links that keep them; a status only when it was
        asked for, so that each tab opens on its own default otherwise."""
        from urllib.parse import urlencode

        values = {**self.as_filters(), **changes}
        if not self.status_asked and "status" not in changes:
            values.pop("status")
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


class Named(NamedTuple):
    """A department as the filter lists it (thousands in a province: no model instances)."""

    pk: int
    name: str
    generated: bool = False  # Department.generated: the option says 演示生成, as the tables' badge does


@dataclass(frozen=True)
class Choices:
    bureaus: list[FinanceBureau]
    departments: list[Named]
    categories: list[str]
    grades: list[str]
    years: list[int]
    statuses: dict[str, str]  # key → label, as STATUS_GROUPS
    department_options: str = ""  # the departments as the filter's <option>s (safe HTML)

    @property
    def bureau_options(self) -> list[tuple[int, str]]:
        return [(bureau.pk, bureau.name) for bureau in self.bureaus]


def _bureaus(scope) -> QuerySet:
    return FinanceBureau.objects.filter(pk__in=scope).order_by("name")


def _department_names(scope, bureau: int | None) -> QuerySet:
    return Department.objects.filter(pk__in=evaluation_rows(scope, bureau=bureau).values("department_id")) \
        .order_by("name").values_list("pk", "name", "generated")


def _years_and_grades(scope, bureau: int | None) -> QuerySet:
    return evaluation_rows(scope, bureau=bureau).order_by().values_list("year", "grade").distinct()


def read_filters(params, bureau_ids: Iterable[int], default_status: str = ALL) -> tuple[Chosen, Choices]:
    # every tab's filters: three statements compiled once per process (lookups.kept; a bureau chosen is a statement
    # of its own, and a province has few bureaus)
    scope = list(bureau_ids)
    bureaus = lookups.kept(_bureaus, (scope,))
    bureau = _one_of(params.get("bureau"), [b.pk for b in bureaus])
    departments = list(map(Named._make, lookups.kept(_department_names, (scope,), (bureau,))))
    department = _one_of(params.get("department"), [d.pk for d in departments])
    categories = sorted(set(_categories_of_names(d.name for d in departments).values()),
                        key=lambda c: (c == OTHER_CATEGORY, c))
    category = params.get("category", "") if params.get("category", "") in categories else ""
    pairs = lookups.kept(_years_and_grades, (scope,), (bureau,))  # a few: years × grades
    grades = grade_order(grade for _, grade in pairs if grade)
    grade = params.get("grade", "") if params.get("grade", "") in grades else ""
    years = sorted({year for year, _ in pairs}, reverse=True)
    year = read_year(params.get("year"))
    asked = params.get("status", "") in STATUS_GROUPS
    status = params.get("status") if asked else default_status
    statuses = {key: label for key, (label, _) in STATUS_GROUPS.items()}
    return (Chosen(bureau, department, category, grade, year if year in years else None, status, asked),
            Choices(bureaus, departments, categories, grades, years, statuses, _options(departments, department)))


def _options(departments: list[Named], chosen: int | None) -> str:
    """The department filter's <option>s, made here in one pass (names escaped): a province lists thousands, which
    the template language would take a tenth of a second to loop over. An option holds text only, so a generated
    department's name is followed by （演示生成） where the tables show the badge."""
    return mark_safe("".join(  # noqa: S308 — every value below is an integer or escaped
        f'<option value="{int(d.pk)}"{" selected" if d.pk == chosen else ""}>{escape(d.name, quote=True)}'
        f'{GENERATED_OPTION if d.generated else ""}</option>' for d in departments))



def latest_scored_year(rows: QuerySet[EvaluationRow]) -> int | None:
    """The latest year in which some of `rows` has a score: a page opens there, not on a year of unscored drafts."""
    return next(iter(_latest_scored(rows)), None)


def _latest_scored(rows: QuerySet[EvaluationRow]) -> QuerySet:
    return rows.exclude(score=None).order_by("-year").values_list("year", flat=True)[:1]


def _one_of(text, allowed: list[int]) -> int | None:
    value = integer(text, 0)
    return value if value in allowed else None


UNKNOWN_GRADE_PLACE = 99  # a grade no scale knows (a report's own): after those the scales know


def grade_places() -> dict[str, int]:
    """Each grade as the grade scales write it (name, letter or word) → its place in its scale, best 0: 优 0, 良 1,
    中 2, 差 3 (A 0 …). What a list sorts its 等级 by: the database's order of the characters is 中 优 差 良."""
    places: dict[str, int] = {}
    for scale in library().grade_scales.values():
        for place, band in enumerate(scale.bands):
            for grade in (band.name, band.letter, *band.words):
                if grade:
                    places.setdefault(grade, place)  # the first scale that knows it, as it always was
    return places


def _grade_order(grade: str) -> tuple[int, str]:
    """Best grade first: a grade's place in the bands of the grade scales (by name, letter or word); grades no scale
    knows (a report's own) after them."""
    return grade_places().get(grade, UNKNOWN_GRADE_PLACE), grade


def grade_order(grades: Iterable[str]) -> list[str]:
    return sorted(set(grades), key=_grade_order)
