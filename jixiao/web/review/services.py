"""Between the review pages and the core: the risk ranking of a bureau's submitted evaluations (core.cycle.risk
under the rule file risk.yaml), the spot-check sample chosen from it, the bureau's own scores and the 自评偏差
(core.cycle.gaps). No risk or gap logic here: it is the core's."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import connections, transaction
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404

from jixiao.core.cycle import gaps
from jixiao.core.cycle.risk import RiskRules, RiskScore, rank_key
from jixiao.core.labels import LEVEL1, LEVEL2
from jixiao.core.money import fmt_score, round_half_up
from jixiao.web import lookups
from jixiao.web.accounts import permissions
from jixiao.web.analytics import projection
from jixiao.web.audit.log import record, record_changes
from jixiao.web.audit.models import Action
from jixiao.web.evaluations.models import LIST_DEFERRED, Evaluation
from jixiao.web.evaluations.services import Actor, analysis_of

from . import risk_store
from .counted import counted_scores
from .models import BureauScore, Sample, SpotCheck
from .risk_store import REVIEWABLE, gap_report, histories  # the pages and tests name them here


def risk_rules() -> RiskRules:
    """The risk rules in force (read again when their file changes: risk_store.current_rules)."""
    return risk_store.current_rules()[1]


def bureau_evaluations(user):
    return Evaluation.objects.filter(department__finance_bureau_id__in=permissions.bureau_ids(user))


def reviews(user, evaluation: Evaluation) -> bool:
    """`bureau_evaluations` asked of one evaluation already read (its department with it)."""
    return evaluation.department.finance_bureau_id in permissions.bureau_ids(user)


# ----------------------------------------------------------------------------------------------------- ranking
# Equal risk scores are ordered by department, then its latest year first, in `ranking` (Python) as in the pages and
# `choose_sample` (SQL, `_ranked_order`). By the department's key, not its name: the database orders names by its
# collation (SQLite's compares code points, PostgreSQL's follows the database's locale, 拼音 under zh_CN) where
# Python compares code points, so ties named in order would rank one way on the page and another in `ranking`, and
# differently on each database; integers order alike in Python and in every database.
TIE_ORDER = ("department_id", "-year", "pk")


def tie_key(evaluation: Evaluation) -> tuple:
    """TIE_ORDER in Python: the fields named, a "-" one descending (each an integer)."""
    return tuple(-getattr(evaluation, name[1:]) if name.startswith("-") else getattr(evaluation, name)
                 for name in TIE_ORDER)


@dataclass
class Ranked:
    evaluation: Evaluation
    risk: RiskScore
    projects: list[RiskScore]
    spot_check: SpotCheck | None
    rank: int = 0
    project_count: int | None = None  # a ranking page's row: its projects are not read (`projects` is empty)
    stored: str | None = None  # a ranking page's row: its stored risk score as text (risk_store.assessed_wholes)

    @property
    def projects_scored(self) -> int:
        return len(self.projects) if self.project_count is None else self.project_count


def ranking(user, year: int | None = None) -> list[Ranked]:
    """The bureau's submitted evaluations, highest risk first, each with its projects ranked: the stored scores
    (risk_store), computed again only where stale."""
    # the ranking needs no document: those whose score is stale load theirs when it is computed
    evaluations = bureau_evaluations(user).filter(status__in=REVIEWABLE).select_related("department") \
        .defer("document")
    if year is not None:
        evaluations = evaluations.filter(year=year)
    evaluations = list(evaluations)
    scores = risk_store.assessed(evaluations, histories(e.department_id for e in evaluations))
    checks = {c.evaluation_id: c for c in SpotCheck.objects.filter(evaluation__in=evaluations)}
    rows = [Ranked(e, *scores[e.pk], checks.get(e.pk)) for e in evaluations]
    rows.sort(key=lambda r: (*rank_key(r.risk), *tie_key(r.evaluation)))
    for place, row in enumerate(rows, 1):
        row.rank = place
    return rows


def _ranked_order(user, year: int | None) -> QuerySet:
    """The bureau's submitted evaluations in the ranking's order: by the stored score (rounded to 6 places, where
    `ranking` compares the exact one: × 100, two ratios of whole weights summing to less than 10 000 — risk.yaml's
    sum to 135 — differ by more than 0.000001 unless equal), equal scores by TIE_ORDER as `ranking` orders them."""
    evaluations = bureau_evaluations(user).filter(status__in=REVIEWABLE)
    if year is not None:
        evaluations = evaluations.filter(year=year)
    return evaluations.order_by(F("risk_assessment__score").desc(nulls_last=True), *TIE_ORDER)


# What a ranking page reads of its rows: what a row shows (ranking_rows) and what its stored score is checked against
# (risk_store.source_of); not the rest of the evaluation, its department and its spot-check, read and converted on
# every drawing (their creation times parsed from SQLite's text, for nothing). With them the score that counts as
# the analytics projection keeps it (review.counted): the bureau's, once its spot-check rescored the department's
# table, shown above the department's own as the bureau's list shows them.
RANKED_FIELDS = ("department__name", "department__generated", "generated", "year", "status", "score", "grade",
                 "revision", "updated", "spot_check__id", "analytics_row__score_source", "analytics_row__score",
                 "analytics_row__grade", "analytics_row__score_reason")
RANKED_RELATED = ("department", "spot_check", "analytics_row")


def _ranked_page(bureaus, low: int, high: int) -> QuerySet:
    """Rows `low` to `high` of the ranking (of every year), as the paginator slices `_ranked_order`'s."""
    return Evaluation.objects.filter(department__finance_bureau_id__in=bureaus, status__in=REVIEWABLE) \
        .order_by(F("risk_assessment__score").desc(nulls_last=True), *TIE_ORDER) \
        .select_related(*RANKED_RELATED).only(*RANKED_FIELDS)[low:high]


def _ranked_page_of_year(bureaus, year: int, low: int, high: int) -> QuerySet:
    return Evaluation.objects.filter(department__finance_bureau_id__in=bureaus, status__in=REVIEWABLE, year=year) \
        .order_by(F("risk_assessment__score").desc(nulls_last=True), *TIE_ORDER) \
        .select_related(*RANKED_RELATED).only(*RANKED_FIELDS)[low:high]


def reviewable_years(user) -> list[int]:
    """The years of the bureaus' submitted evaluations, latest first (the ranking's choice of year)."""
    return sorted(set(lookups.kept(_reviewable_years, (permissions.bureau_ids(user),))), reverse=True)


def _reviewable_years(bureaus) -> QuerySet:
    return Evaluation.objects.filter(department__finance_bureau_id__in=bureaus, status__in=REVIEWABLE) \
        .values_list("year", flat=True)


# 20 a page, not the lists' 50: each row carries every control point of the evaluation and of its projects (a
# province's department has 25 projects), read from the stored record and drawn for the folded explanation.
RANKING_PAGE_SIZE = 20


@dataclass
class RankingPage:
    page: Page  # of evaluations
    rows: list[Ranked]
    open_count: int  # not yet sampled, on every page


def ranking_page(user, year: int | None, number) -> RankingPage:
    """One page of `ranking`, 20 rows: the stale scores of the bureaus are recomputed first (found in SQL), then
    only the page's evaluations are read with their points — a province's reviewer ranks thousands."""
    risk_store.refresh_stale(permissions.bureau_ids(user))
    bureaus = permissions.bureau_ids(user)
    # the evaluations and those not yet sampled counted in one query; each row's spot-check read with its row
    counts = _ranking_counts(user, bureaus, year)
    paginator = Paginator([], RANKING_PAGE_SIZE)  # its rows are read below, by the page's own statement
    paginator.count = counts["evaluations"]  # a cached property of the paginator, given rather than counted again
    page = paginator.get_page(number)
    # the page's rows by the statement compiled once per process and page (lookups.kept)
    low, high = page.start_index() - 1, page.end_index()
    evaluations = (lookups.kept(_ranked_page, (bureaus,), (low, high)) if year is None
                   else lookups.kept(_ranked_page_of_year, (bureaus, year), (low, high))) if high else []
    page.object_list = evaluations
    wholes = risk_store.assessed_wholes(evaluations, histories(e.department_id for e in evaluations))
    rows = [Ranked(e, wholes[e.pk][0], [], getattr(e, "spot_check", None), rank=page.start_index() + i,
                   project_count=wholes[e.pk][1], stored=wholes[e.pk][2]) for i, e in enumerate(evaluations)]
    return RankingPage(page, rows, counts["open"])


def _ranking_counts(user, bureaus, year: int | None) -> dict[str, int]:
    """The ranking's evaluations and those of them not yet sampled: counted around a statement compiled once per
    process (lookups.kept_sql) — the aggregate built and compiled was a tenth of the page — or as the ORM counts."""
    found = (lookups.kept_sql(_ranked_checks, (bureaus,)) if year is None
             else lookups.kept_sql(_ranked_checks_of_year, (bureaus, year)))
    if found is None:  # no bureau: nothing to count, as the ORM says
        return _ranked_order(user, year).aggregate(evaluations=Count("pk"),
                                                   open=Count("pk", filter=Q(spot_check__isnull=True)))
    sql, params, alias = found
    with connections[alias].cursor() as cursor:  # one spot-check at most per evaluation: no row counted twice
        cursor.execute(f"SELECT COUNT(*), COUNT(jx_check) FROM ({sql}) subquery", params)
        evaluations, sampled = cursor.fetchone()
    return {"evaluations": evaluations, "open": evaluations - sampled}


def _ranked_checks(bureaus) -> QuerySet:
    """The ranking's evaluations (of every year), each with its spot-check's key or None."""
    return Evaluation.objects.filter(department__finance_bureau_id__in=bureaus, status__in=REVIEWABLE) \
        .order_by().values(jx_check=F("spot_check__id"))


def _ranked_checks_of_year(bureaus, year: int) -> QuerySet:
    return _ranked_checks(bureaus).filter(year=year)


def ranked_one(user, pk: int) -> Ranked:
    """One evaluation of the ranking, with its projects' risks (the row opened); Http404 for any evaluation that is
    not in this reviewer's ranking, so that nobody learns which exist."""
    # each statement compiled once per process (lookups.kept): the page an opened row fetches
    found = lookups.kept(_reviewable_one, (permissions.bureau_ids(user), pk))
    if not found:
        raise Http404("没有这份自评，或不在您的抽查范围内。")
    evaluation = found[0]
    risk, projects = risk_store.assessed([evaluation], histories([evaluation.department_id]))[evaluation.pk]
    checks = lookups.kept(_spot_check_of, (evaluation.pk,))
    return Ranked(evaluation, risk, projects, checks[0] if checks else None)


def _reviewable_one(bureaus, pk) -> QuerySet:
    """As `.first()` reads it: the evaluation if the bureaus review it."""
    return Evaluation.objects.filter(department__finance_bureau_id__in=bureaus, status__in=REVIEWABLE, pk=pk) \
        .select_related("department").defer("document")[:1]


def _spot_check_of(evaluation_id: int) -> QuerySet:
    return SpotCheck.objects.filter(evaluation_id=evaluation_id)[:1]


# ------------------------------------------------------------------------------------------------------ sample
class SampleRefused(Exception):
    """A sample that cannot be taken, with the reason in Chinese."""


def choose_sample(user, actor: Actor, *, year: int | None, top: int, picked: set[int], reason: str) -> list[SpotCheck]:
    """The top `top` not yet sampled by risk, and the ticked rows, become spot-checks; one sample per bureau."""
    reason = reason.strip()
    if not reason:
        raise SampleRefused("请填写抽查理由（为什么抽这些自评）。")
    open_ids, rank_of = _open_in_rank_order(user, year)
    if picked - set(open_ids):
        raise SampleRefused("勾选的自评不在当前排名中或已被抽中，请刷新页面后重新勾选。")
    chosen_ids = open_ids[:top] + [pk for pk in open_ids[top:] if pk in picked]
    if not chosen_ids:
        raise SampleRefused("没有选中任何自评：请填写前 N 名，或勾选要抽查的自评。" if open_ids
                            else "当前排名中的自评都已抽中。")
    chosen = _ranked_rows(chosen_ids, rank_of)
    method = Sample.Method.BOTH if top and picked else (Sample.Method.TOP if top else Sample.Method.TICKED)
    created = []
    with transaction.atomic():
        by_bureau: dict[int, list[Ranked]] = defaultdict(list)
        for row in chosen:
            by_bureau[row.evaluation.department.finance_bureau_id].append(row)
        for bureau_id, members in by_bureau.items():
            sample = Sample.objects.create(finance_bureau_id=bureau_id, method=method, top=top, reason=reason,
                                           chosen_by=actor.user)
            for row in members:
                risk = to_column(SpotCheck, "risk_score", row.risk.score)
                created.append(SpotCheck.objects.create(sample=sample, evaluation=row.evaluation, rank=row.rank,
                                                        risk_score=risk))
            names = "、".join(f"{r.evaluation}（第 {r.rank} 名，风险 {r.risk.shown}）" for r in members)
            record(Action.CREATE, actor, object_type="review_sample", object_id=sample.pk,
                   detail=f"抽查选样（{sample.get_method_display()}）：{names}；理由：{reason}")
    return created


def latest_samples(user, count: int = 10) -> list[Sample]:
    """The bureaus' latest samples, each with its spot-checks as `checks` (what `samples_of` prefetches), by two
    statements compiled once per process: the prefetch's own statement was built and compiled on every drawing."""
    samples = lookups.kept(_latest_samples, (permissions.bureau_ids(user),), (count,))
    checks: dict[int, list[SpotCheck]] = defaultdict(list)
    for check in lookups.kept(_checks_of, ([sample.pk for sample in samples],)):
        checks[check.sample_id].append(check)
    for sample in samples:
        sample.checks = checks.get(sample.pk, [])
    return samples


def _latest_samples(bureaus, count: int):
    # what the list of samples shows: not who chose them whole (their password hash, their login times parsed)
    return Sample.objects.filter(finance_bureau_id__in=bureaus).select_related("chosen_by") \
        .only("method", "top", "reason", "created", "chosen_by__first_name", "chosen_by__username")[:count]


def _checks_of(sample_ids):
    # a sampled evaluation is named and linked, not read: only its name (its department's and year) and rank
    return SpotCheck.objects.filter(sample_id__in=sample_ids).select_related("evaluation__department") \
        .only("sample_id", "rank", "evaluation__year", "evaluation__department__name")


def samples_of(user):
    # a sampled evaluation is named and linked, not read: its document is left in the database
    checks = SpotCheck.objects.select_related("evaluation__department").defer(
        *(f"evaluation__{name}" for name in LIST_DEFERRED))
    return Sample.objects.filter(finance_bureau_id__in=permissions.bureau_ids(user)) \
        .select_related("chosen_by").prefetch_related(Prefetch("spot_checks", queryset=checks))


def _open_in_rank_order(user, year: int | None) -> tuple[list[int], dict[int, int]]:
    """The ranking's evaluations not yet sampled, in its order, and every evaluation's rank: the pages' order (by
    the stored score, in SQL), so that "top N" takes what the reviewer saw, and a province's thousands are ranked
    without reading their records."""
    risk_store.refresh_stale(permissions.bureau_ids(user))
    order = list(_ranked_order(user, year).values_list("pk", flat=True))
    sampled = set(SpotCheck.objects.filter(evaluation_id__in=order).values_list("evaluation_id", flat=True))
    return [pk for pk in order if pk not in sampled], {pk: place for place, pk in enumerate(order, 1)}


def _ranked_rows(ids: list[int], rank_of: dict[int, int]) -> list[Ranked]:
    """The chosen evaluations as ranked rows (their own scores, not their projects'), in the order given."""
    found = {e.pk: e for e in Evaluation.objects.filter(pk__in=ids).select_related("department").defer("document")}
    wholes = risk_store.assessed_wholes(list(found.values()), histories(e.department_id for e in found.values()))
    return [Ranked(found[pk], wholes[pk][0], [], None, rank=rank_of[pk], project_count=wholes[pk][1]) for pk in ids]


# -------------------------------------------------------------------------------------------------- spot-check
def to_column(model, name: str, value: Decimal | None) -> Decimal | None:
    """A computed figure (a self score of 1.23525, a risk score) as the DecimalField `name` of `model` is to keep it:
    rounded half up to the field's places (RULES.md §8). Left to the database, SQLite's reading rounds half to even
    (1.2352) where PostgreSQL's numeric rounds half away from zero (1.2353)."""
    return None if value is None else round_half_up(value, model._meta.get_field(name).decimal_places)


@dataclass
class Row:
    """One indicator the bureau may score: where it is, what the department gave, what the bureau gave."""

    number: int
    path: str
    part: str
    part_name: str
    level1: str
    level2: str
    name: str
    weight: Decimal
    self_score: Decimal | None
    stored: BureauScore | None
    restates: str = ""  # a department indicator that restates this project's indicator: the project's name

    @property
    def field(self) -> str:
        return f"bs-{self.path}"

    @property
    def shown(self) -> str:
        """The stored bureau score as the form shows it, by the indicator rule ('' when none)."""
        return fmt_score(self.stored.score) if self.stored is not None else ""

    def gap_row(self, bureau: Decimal | None = None) -> gaps.IndicatorGap:
        self_score = self.stored.self_score if self.stored is not None else self.self_score
        score = bureau if bureau is not None else (self.stored.score if self.stored else None)
        return gaps.IndicatorGap(self.path, self.part, self.part_name, self.name, self.weight, self_score, score)


def rows_of(spot_check: SpotCheck) -> list[Row]:
    """Every scored indicator of the evaluation, the department's first, then each project's, in table order. A
    department indicator that restates a project's (its goals copy the projects' indicators, on the department's
    scale; the same name stating the same target and actual: gaps.restated) is listed in both tables and marked:
    each table is its own 100 points, and its 自评偏差 total counts all its rows."""
    analysis = analysis_of(spot_check.evaluation)
    stored = {s.path: s for s in lookups.kept(_scores_of, (spot_check.pk,))}  # spot_check.scores.all(), compiled once
    cards = ([analysis.result.department] if analysis.result.department else []) + \
        [p.card for p in analysis.result.projects if p.card]
    leaves = [(card, leaf) for card in cards for leaf in card.leaves()]
    restates = gaps.restated((leaf.path, card.path, card.subject, (leaf.indicator.level1, leaf.indicator.level2,
                                                                    leaf.indicator.name.strip()),
                              (leaf.indicator.target, leaf.indicator.actual)) for card, leaf in leaves)
    rows = []
    for card, leaf in leaves:
        indicator = leaf.indicator
        rows.append(Row(len(rows) + 1, leaf.path, card.path, card.subject if card.path else "部门整体",
                        LEVEL1.get(indicator.level1, indicator.level1),
                        LEVEL2.get(indicator.level2 or "", indicator.level2 or ""), indicator.name, leaf.weight,
                        leaf.score, stored.get(leaf.path), restates.get(leaf.path, "")))
    return rows


def department_history(spot_check: SpotCheck) -> list[gaps.YearGap]:
    """The department's 自评偏差 in every year the bureau spot-checked it."""
    department = spot_check.evaluation.department_id
    # each year's evaluation for its year only: not its document, tens of KB decoded a year
    checks = lookups.kept(_checks_of_department, (department,))  # compiled once per process
    return gaps.history([(c.evaluation.year, gap_report(c.scores.all())) for c in checks])


def _checks_of_department(department: int) -> QuerySet:
    return SpotCheck.objects.filter(evaluation__department_id=department).select_related("evaluation") \
        .defer(*(f"evaluation__{name}" for name in LIST_DEFERRED)).prefetch_related("scores")


def _scores_of(spot_check: int) -> QuerySet:
    return BureauScore.objects.filter(spot_check_id=spot_check)


def spot_check_of(evaluation: Evaluation) -> SpotCheck | None:
    """The evaluation's spot-check with its sample and who chose it (`.first()`, compiled once per process)."""
    found = lookups.kept(_spot_check_with_sample, (evaluation.pk,))
    return found[0] if found else None


def spot_check_note(evaluation: Evaluation) -> str:
    """What the bureau's spot-check of the evaluation has found so far, said where its reviewer accepts it ('' when
    it was not sampled): each table's 自评偏差 over the indicators rescored (a trial accepted an evaluation whose
    spot-check stood at 2.25 points without being reminded of it)."""
    check = spot_check_of(evaluation)
    if check is None:
        return ""
    report = gap_report(lookups.kept(_scores_of, (check.pk,)))
    counts = counted_scores(evaluation)
    parts = [f"{p.title}自评偏差 {p.sum.shown} 分（已复核 {p.sum.compared} 项）"
             + (f"，排名与结果应用按{counts.said_of(p.part)}" if _reviewed(counts.of_part(p.part)) else "")
             for p in report.parts if p.sum.compared]
    return "本自评已被抽查：" + "；".join(parts) if parts else "本自评已被抽查，尚未复核任何指标"


def _reviewed(counted) -> bool:
    return counted is not None and counted.reviewed


def _spot_check_with_sample(evaluation: int) -> QuerySet:
    return SpotCheck.objects.filter(evaluation_id=evaluation).select_related("sample__chosen_by")[:1]


def save_bureau_scores(spot_check: SpotCheck, values: dict[str, Decimal | None], actor: Actor) -> int:
    """Store the bureau's scores (path → score, None to clear) that differ from what is stored; one audit event per
    change. Values were read and bounded by the form. Returns how many changed."""
    rows = {row.path: row for row in rows_of(spot_check)}
    changes = []
    with transaction.atomic():
        for path, value in values.items():
            row = rows[path]
            value = to_column(BureauScore, "score", value)  # typed to 4 places at most; the demo's are computed
            old = row.stored.score if row.stored else None
            if value == old:
                continue
            if value is None:
                row.stored.delete()
            elif row.stored is None:
                BureauScore.objects.create(spot_check=spot_check, path=path, part_name=row.part_name,
                                           indicator_name=row.name[:500],
                                           weight=to_column(BureauScore, "weight", row.weight),
                                           self_score=to_column(BureauScore, "self_score", row.self_score),
                                           score=value, updated_by=actor.user)
            else:
                row.stored.score, row.stored.updated_by = value, actor.user
                row.stored.save(update_fields=["score", "updated_by", "updated"])
            changes.append((path, old, value))
        if changes:
            record_changes(actor, "spot_check", spot_check.pk, changes)
            # what counts for the evaluation may have changed (review.counted): the rankings read it from the
            # projection, rebuilt once the scores are committed
            evaluation_id = spot_check.evaluation_id
            transaction.on_commit(lambda: projection.refresh_quietly(evaluation_id, force=True))
    return len(changes)
