"""Stored risk scores (models.RiskAssessment): computed by the core once, read back by the ranking and analytics
while what they were computed from still holds — the evaluation's saved revision and status, its department's
earlier years (past findings and 自评偏差 feed the risk of later years) and the risk rule file (its SHA-256). The
check is made on every read (`assessed`, `refresh_stale`), so nothing stale is ever shown; after a committed save of
an evaluation or of a bureau score the department's scores are brought up to date at once (`on_saved`), so that the
pages seldom have to. A refresh that fails is logged and never fails the save. No risk logic here: it is the core's."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from jixiao.core.cycle import gaps
from jixiao.core.cycle.risk import Context, PastYear, RiskRules, RiskScore, assess
from jixiao.core.cycle.risk_record import assessment_from_data, assessment_to_data, score_from_data
from jixiao.core.cycle.risk_rules import risk_rules_from_data
from jixiao.core.money import round_half_up
from jixiao.io.rule_files import load_rules, rule_path
from jixiao.web import lookups
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import analysis_of
from jixiao.web.organisations.models import Department
from jixiao.web.pagecache import revision

from .models import BureauScore, RiskAssessment

log = logging.getLogger(__name__)

# What the bureau reviews: evaluations the department approved to it, and those it accepted.
REVIEWABLE = (Status.WITH_FINANCE, Status.ACCEPTED)
SCORE_PLACES = 6  # RiskAssessment.score
Assessed = tuple[RiskScore, list[RiskScore]]


# ------------------------------------------------------------------------------------------------------- rules
_RULES: dict[str, RiskRules] = {}


def current_rules() -> tuple[str, RiskRules]:
    """The risk rules in force and the SHA-256 of their file's text: a changed file (or a bureau's own, named by
    JIXIAO_RULES) is read again at once, and makes every score computed under the old one stale."""
    path = rule_path("risk")
    if not path.is_file():
        load_rules("risk", risk_rules_from_data, path)  # raises the Chinese "规则文件不存在"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    rules = _RULES.get(digest)
    if rules is None:
        rules = load_rules("risk", risk_rules_from_data, path)
        _RULES.clear()
        _RULES[digest] = rules
    return digest, rules


# ----------------------------------------------------------------------------------------------------- history
def gap_report(scores: Iterable[BureauScore]) -> gaps.GapReport:
    rows = sorted(scores, key=lambda s: (gaps.part_of(s.path) != "", s.pk))
    return gaps.report(gaps.IndicatorGap(s.path, gaps.part_of(s.path), s.part_name, s.indicator_name, s.weight,
                                         s.self_score, s.score) for s in rows)


def histories(department_ids: Iterable[int],
              submitted: Sequence[Evaluation] | None = None) -> dict[int, list[PastYear]]:
    """Each department's submitted years: their findings, and the 自评偏差 of those the bureau spot-checked.
    `submitted`: those departments' submitted evaluations, when the caller has just read them (not read again)."""
    if submitted is None:
        # by a statement written once per process (web.lookups): the ranking's and the risks' pages ask this on
        # every visit; latest year first, as the model's ordering gave them (a department has one a year)
        past = [{"pk": pk, "department_id": department, "year": year, "errors": errors, "warnings": warnings}
                for pk, department, year, errors, warnings in lookups.values(
                    Evaluation, ("id", "department_id", "year", "errors", "warnings"),
                    ("department_id__in", "status__in"), [set(department_ids), REVIEWABLE])]
        past.sort(key=lambda row: -row["year"])
    else:
        past = [{"pk": e.pk, "department_id": e.department_id, "year": e.year, "errors": e.errors,
                 "warnings": e.warnings} for e in submitted]
    scores: dict[int, list[BureauScore]] = defaultdict(list)
    for score in lookups.kept(_bureau_scores, ([p["pk"] for p in past],)):
        scores[score.evaluation_id].append(score)
    found: dict[int, list[PastYear]] = defaultdict(list)
    for row in past:
        report = gap_report(scores.get(row["pk"], []))
        worst = report.most_overrated()
        found[row["department_id"]].append(PastYear(
            row["year"], row["errors"], row["warnings"], worst.sum.gap if worst else None, report.project_gaps(),
            worst.sum.shown_gap if worst else None, report.project_shown_gaps(), worst.title if worst else ""))
    return found


def _bureau_scores(evaluation_ids):
    """What `gap_report` reads of each bureau score, with its evaluation's key (not its spot-check read whole)."""
    return BureauScore.objects.filter(spot_check__evaluation_id__in=evaluation_ids) \
        .annotate(evaluation_id=F("spot_check__evaluation_id")) \
        .only("path", "part_name", "indicator_name", "weight", "self_score", "score")


def history_hash(history: Sequence[PastYear], year: int) -> str:
    """What the years before `year` say (the only ones a risk signal looks back on), as a hash."""
    earlier = sorted((p for p in history if p.year < year), key=lambda p: p.year)
    data = [[p.year, p.errors, p.warnings, _text(p.gap), _texts(p.project_gaps), _text(p.shown_gap),
             _texts(p.project_shown_gaps)] for p in earlier]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def _text(number) -> str | None:
    return None if number is None else format(number.normalize(), "f")


def _texts(gaps) -> list:
    return sorted((name, _text(gap)) for name, gap in gaps.items())


# ------------------------------------------------------------------------------------------------------ scores
def source_of(evaluation: Evaluation, history: Sequence[PastYear], rules_hash: str) -> tuple:
    return (rules_hash, evaluation.revision, evaluation.updated, evaluation.status,
            history_hash(history, evaluation.year))


SOURCE_FIELDS = ("rules_hash", "source_revision", "source_updated", "source_status", "history_hash")


def _stored_source(stored: RiskAssessment) -> tuple:
    return tuple(getattr(stored, name) for name in SOURCE_FIELDS)


def is_fresh(stored: RiskAssessment, evaluation: Evaluation, history: Sequence[PastYear]) -> bool:
    return _stored_source(stored) == source_of(evaluation, history, current_rules()[0])


def assessed(evaluations: Sequence[Evaluation], past: dict[int, list[PastYear]]) -> dict[int, Assessed]:
    """Each evaluation's risk score and its projects', read from what is stored when it still holds, else computed
    by the core and stored."""
    # by a statement compiled once per process (lookups.kept); what the stored record is read for (its sources and
    # points), not the columns kept apart for the ranking (`whole`: the points' first part, decoded a second time)
    stored = {a.evaluation_id: a for a in lookups.kept(_assessments, ([e.pk for e in evaluations],))}
    return _stored_or_computed(evaluations, past, stored, _stored_source, lambda record: _decoded(record.points_text),
                               lambda assessed: assessed)


# Stored records decoded, by their text as the database gives it: the same record read again gives the same (frozen)
# scores, which the pages then draw once (risk_html keeps a score's markup by the score itself), and its text is
# not decoded from JSON again (an evaluation's record holds every project's points). Per process, emptied when full.
_DECODED: dict[str, tuple] = {}
_DECODED_MOST = 1024


def _decoded(text: str) -> Assessed:
    found = _DECODED.get(text)
    if found is None:
        whole, projects = assessment_from_data(json.loads(text))
        if len(_DECODED) >= _DECODED_MOST:
            _DECODED.clear()
        found = _DECODED[text] = (whole, tuple(projects))
    return found[0], list(found[1])


def _assessments(evaluation_ids) -> QuerySet:
    # the points as the database's text (`points_text`), the key of what is decoded from them
    return RiskAssessment.objects.filter(evaluation_id__in=evaluation_ids).only("evaluation_id", *SOURCE_FIELDS) \
        .annotate(points_text=Cast("points", TextField()))


def assessed_wholes(evaluations: Sequence[Evaluation], past: dict[int, list[PastYear]]) -> dict[int, tuple]:
    """Each evaluation's own risk score, its number of projects and its stored score as text (None when computed
    now), as `assessed` finds them, but without reading the
    projects' points: the ranking shows 20 rows and their projects only when one is opened, and a row's projects were
    most of its stored record (issue 11). Read from the columns kept apart for it (`whole`, `project_count`)."""
    names = ("evaluation_id", *SOURCE_FIELDS, "whole", "project_count")  # by a statement compiled once (lookups.kept)
    stored = {row[0]: dict(zip(names, row)) for row in lookups.kept(_wholes, ([e.pk for e in evaluations],))}
    # the third: the stored record's score as its text, as the database gives it (all the score shows: the ranking
    # keeps its row's markup by it, and the score is decoded from JSON once per text), None for a score computed now
    def read(row) -> tuple:
        text = row["whole"]
        return _decoded_whole(text), row["project_count"], text

    return _stored_or_computed(evaluations, past, stored, lambda row: tuple(row[name] for name in SOURCE_FIELDS),
                               read, lambda assessed: (assessed[0], len(assessed[1]), None))


_WHOLES: dict[str, RiskScore] = {}  # as _DECODED, an evaluation's own score by its text


def _decoded_whole(text: str) -> RiskScore:
    found = _WHOLES.get(text)
    if found is None:
        if len(_WHOLES) >= _DECODED_MOST:
            _WHOLES.clear()
        found = _WHOLES[text] = score_from_data(json.loads(text))
    return found


def _wholes(evaluation_ids) -> QuerySet:
    """What `assessed_wholes` reads of each stored record: its sources, the evaluation's own score as the database's
    text, the number of projects."""
    return RiskAssessment.objects.filter(evaluation_id__in=evaluation_ids).order_by() \
        .annotate(whole_text=Cast("whole", TextField())) \
        .values_list("evaluation_id", *SOURCE_FIELDS, "whole_text", "project_count")


def _stored_or_computed(evaluations, past, stored: dict, source_of_stored, read, from_computed) -> dict:
    """`read` of each evaluation's stored record while the sources it was computed from still hold; else the core's
    assessment, computed and stored, as `from_computed` gives it (what `assessed` and `assessed_wholes` share)."""
    rules_hash, rules = current_rules()
    found = {}
    for evaluation in evaluations:
        history = past.get(evaluation.department_id, [])
        source, record = source_of(evaluation, history, rules_hash), stored.get(evaluation.pk)
        if record is not None and source_of_stored(record) == source:
            try:
                found[evaluation.pk] = read(record)
                continue
            except (KeyError, TypeError, ValueError, ArithmeticError):  # not a record this code wrote: compute again
                log.warning("抽查复核：自评 %s 的风险评分记录无法读取，重新计算", evaluation.pk)
        found[evaluation.pk] = from_computed(_compute(evaluation, history, rules, source, stored=record is not None))
    return found


def _compute(evaluation: Evaluation, history: Sequence[PastYear], rules: RiskRules, source: tuple,
             stored: bool = False) -> Assessed:
    """The core's assessment, stored. `stored`: the caller has just seen a record of this evaluation, which one
    UPDATE then replaces (update_or_create would lock it with a SELECT first, in a savepoint of its own)."""
    analysis = analysis_of(evaluation)
    whole, projects = assess(Context(analysis.document, analysis.result, analysis.findings, history), rules)
    fields = stored_fields(whole, projects, source)
    if not (stored and RiskAssessment.objects.filter(evaluation=evaluation).update(**fields, computed=timezone.now())):
        RiskAssessment.objects.update_or_create(evaluation=evaluation, defaults=fields)
    return whole, projects


def stored_fields(whole: RiskScore, projects: list[RiskScore], source: tuple) -> dict:
    """The columns of a RiskAssessment (but its evaluation) for the core's scores computed from `source`; shared
    with the bulk load of a province (jixiao.web.province), whose rows must be those a page would store."""
    rules_hash, revision, updated, status, past_hash = source
    score, points = whole.score, assessment_to_data(whole, projects)
    return {"score": None if score is None else round_half_up(score, SCORE_PLACES), "fired": len(whole.fired_points),
            "explanation": whole.explanation(), "points": points, "whole": points["evaluation"],
            "project_count": len(projects),
            "rules_hash": rules_hash, "source_revision": revision, "source_updated": updated,
            "source_status": status, "history_hash": past_hash}


# ----------------------------------------------------------------------------------------------------- refresh
def refresh_departments(department_ids: Iterable[int]) -> int:
    """Bring the stored scores of these departments up to date: their submitted evaluations' recomputed where stale
    (only the stored sources are read, not the points), those of evaluations no longer submitted removed. Returns how
    many were computed; one that fails is logged, its stale score removed, and computed again on the next read."""
    ids = set(department_ids)
    # one DELETE, with no transaction of its own around it (Django's delete() opens one): nothing refers to a risk
    # score and it has no delete signals, so there is nothing to cascade
    withdrawn = RiskAssessment.objects.filter(evaluation__department_id__in=ids) \
        .exclude(evaluation__status__in=REVIEWABLE)
    withdrawn._raw_delete(withdrawn.db)
    evaluations = list(Evaluation.objects.filter(department_id__in=ids, status__in=REVIEWABLE).defer("document"))
    stored = {a.evaluation_id: a for a in RiskAssessment.objects.filter(evaluation__in=evaluations)
              .only("evaluation_id", *SOURCE_FIELDS)}
    rules_hash, rules = current_rules()
    past, computed = histories(ids, evaluations), 0
    for evaluation in evaluations:
        history = past.get(evaluation.department_id, [])
        source, record = source_of(evaluation, history, rules_hash), stored.get(evaluation.pk)
        if record is None or _stored_source(record) != source:
            try:
                with transaction.atomic():  # a savepoint: one evaluation's failure leaves the others' scores
                    _compute(evaluation, history, rules, source, stored=record is not None)
                computed += 1
            except Exception:  # a document the core refuses must not stop the others, nor the page or save
                log.exception("抽查复核：自评 %s 的风险评分未能计算", evaluation.pk)
                RiskAssessment.objects.filter(evaluation=evaluation).delete()  # stale: shown as none rather
    return computed


def refresh_stale(bureau_ids: Iterable[int]) -> int:
    """The stored scores of these bureaus brought up to date (`refresh_departments`) in the departments where the
    database finds one stale: a submitted evaluation without a score, a score computed from another revision, save,
    status or rule file, a score of an evaluation no longer submitted. Comparing those sources in SQL reads no row of
    the others (a province has thousands). What the earlier years say (the history a score also depends on) is kept
    fresh by the refresh after every committed save of an evaluation or bureau score, which recomputes the
    department's later years; a failed one leaves no score, which this finds.

    Everything compared is in the database or the rule file: once the database found nothing stale for these bureaus
    under this rule file at a revision of the tables it compares (jixiao.web.pagecache.revision, moved by every
    committed write to them), it would find nothing again while that revision has not moved, so it is not asked again
    until then: a write elsewhere (a monitoring save, a notice, the audit log) does not ask again."""
    scope = sorted(set(bureau_ids))
    rules_hash, _ = current_rules()
    key, seen = (tuple(scope), rules_hash), _data_revision()  # the revision read before the data it vouches for
    if seen is not None and _NOTHING_STALE.get(key) == seen:
        return 0
    mine = Evaluation.objects.filter(department__finance_bureau_id__in=scope)
    unscored_or_stale = mine.filter(status__in=REVIEWABLE).filter(
        Q(risk_assessment__isnull=True) | ~Q(risk_assessment__rules_hash=rules_hash)
        | ~Q(risk_assessment__source_revision=F("revision")) | ~Q(risk_assessment__source_updated=F("updated"))
        | ~Q(risk_assessment__source_status=F("status")))
    withdrawn = RiskAssessment.objects.filter(evaluation__in=mine).exclude(evaluation__status__in=REVIEWABLE)
    departments = set(unscored_or_stale.order_by().values_list("department_id", flat=True).distinct()) | \
        set(withdrawn.order_by().values_list("evaluation__department_id", flat=True).distinct())
    if departments:
        return refresh_departments(departments)
    if seen is not None:
        if len(_NOTHING_STALE) >= 256:
            _NOTHING_STALE.clear()
        _NOTHING_STALE[key] = seen
    return 0


# (bureaus, rule file's hash) → the data revision at which the database last found none of their scores stale
_NOTHING_STALE: dict[tuple, int] = {}


def _data_revision() -> int | None:
    """The revision now of the tables `refresh_stale` compares, or None without one (a database not migrated yet):
    then nothing is taken as known."""
    try:
        return revision.of_tables(connection, (Evaluation._meta.db_table, RiskAssessment._meta.db_table,
                                               Department._meta.db_table))
    except DatabaseError:
        return None


def refresh_quietly(department_id: int) -> None:
    """A refresh that fails must not turn a save that succeeded into an error: it is logged, and the next read
    computes what is stale."""
    try:
        with transaction.atomic():
            refresh_departments([department_id])
    except Exception:  # logged with its traceback; the save itself succeeded
        log.exception("抽查复核：部门 %s 的风险评分未能更新", department_id)


def on_evaluation_saved(sender, instance: Evaluation, **kwargs) -> None:
    """post_save of an evaluation: its department's scores (its own, and the later years its findings feed) once the
    save is committed."""
    department_id = instance.department_id
    transaction.on_commit(lambda: refresh_quietly(department_id))


def on_bureau_score_changed(sender, instance: BureauScore, **kwargs) -> None:
    """post_save / post_delete of a bureau score: the 自评偏差 it gives feeds the later years' risk."""
    department_id = Evaluation.objects.filter(spot_check__pk=instance.spot_check_id) \
        .values_list("department_id", flat=True).first()
    if department_id is not None:
        transaction.on_commit(lambda: refresh_quietly(department_id))
