"""Rescoring one evaluation after its scheme changed: the scheme files are read again when they differ from those
the process scored with, and the evaluation is scored anew by the core. When its figures change (score, grade,
counts), its `updated` time is moved on with them, and what compares its stored source with it follows: the stored
risk score and the analytics projection. What depends on the scheme files themselves follows them, changed figures
or not: every process's analyses and kept pages (evaluations.services.library, the page cache's key) and the public
documents (kept under the scheme files' signature). The projection and the risk score are refreshed here at once,
changed figures or not (an indicator's score may change under an unchanged total), not on the next read: the
projection inside the rescoring's own transaction, the risk score right after it (in a batch, both inside the
item's transaction, committed with the item's end). A rescoring batch also has an item for each goal set, whose
stored counts follow the schemes' totals its weight checks read (recount_goals)."""

from __future__ import annotations

import hashlib
import logging

from django.db import transaction
from django.utils import timezone

from jixiao.core.errors import InputError
from jixiao.core.money import fmt_total
from jixiao.io.scheme_files import scheme_paths
from jixiao.web.analytics import projection
from jixiao.web.evaluations import services
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.review import risk_store

from .errors import ItemRefused

log = logging.getLogger(__name__)
_seen_fingerprint: str | None = None


def scheme_fingerprint() -> str:
    """SHA-256 over the scheme files load_library reads (the shipped folder and JIXIAO_SCHEMES)."""
    digest = hashlib.sha256()
    for path in scheme_paths():
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fresh_library() -> str:
    """The process's scheme library, read again if the files changed since (a worker lives for days; the pages' own
    look is at most a second old); returns the fingerprint scored with."""
    global _seen_fingerprint
    found = scheme_fingerprint()
    if found != _seen_fingerprint:
        services.forget_library()  # and the analyses made under the old schemes
        _seen_fingerprint = found
    return found


GOAL_SET_KEY = "goals:"  # an item that is a goal set's, not an evaluation's: its counts, not a score


def rescore(key: str, parameters: dict) -> str:
    if key.startswith(GOAL_SET_KEY):
        return recount_goals(int(key[len(GOAL_SET_KEY):]))
    fingerprint = fresh_library()
    with transaction.atomic(savepoint=False):  # in a batch's transaction (Kind.together) no savepoint: all or nothing
        evaluation = Evaluation.objects.select_for_update(of=("self",)).filter(pk=int(key)).order_by().first()
        if evaluation is None:
            raise ItemRefused("该自评已被删除，无需重新评分")
        before = (evaluation.score, evaluation.grade)
        stored = _summary(evaluation)
        try:  # afresh, under the schemes in force: scoring the stored document again is the point of the item
            analysis = services.analyse(evaluation.document, evaluation.copied_from_year)
        except InputError as error:  # the document or the schemes the core refuses: said, not retried
            raise ItemRefused(f"无法按现行评分方案评分：{error}") from error
        services.summarise(evaluation, analysis)
        if _summary(evaluation) != stored:
            # a new save time with the new figures: what is keyed by it is stale (the web processes drop their
            # analyses and pages by the scheme files themselves, the public documents are kept under them too).
            # Unchanged figures leave the row, and the 修改时间 the lists show, as they were: a rescoring that
            # changed nothing does not make every evaluation look edited. Written without save() so that its
            # post_save hooks do not refresh the projection and the risk score on commit as well: done here
            evaluation.updated = timezone.now()
            Evaluation.objects.filter(pk=evaluation.pk).update(updated=evaluation.updated, **_summary(evaluation))
        services.keep_analysis(evaluation, analysis)  # what the stored risk below reads
        # the projection in the same transaction, from the evaluation and analysis in hand: committed with the new
        # score or not at all (a failure rolls both back and the item is tried again)
        projection.rewrite(evaluation, analysis)
    # the stored risk once the score is written, as a save's hook would (in a batch this is still inside the item's
    # transaction, committed with the item's end: services.run_item, Kind.together)
    risk_store.refresh_departments([evaluation.department_id])
    after = (evaluation.score, evaluation.grade)
    log.info("重新评分：自评 %s 按评分方案文件 %s 评分", evaluation.pk, fingerprint[:12])  # which files: for the log
    return f"{_shown(before)} → {_shown(after)}"


def recount_goals(goal_set_id: int) -> str:
    """A goal set's stored counts (its list's 错误 and 警告) under the schemes in force: its weight checks read their
    totals (湖北 leaves the indicators 80 of 100)."""
    from jixiao.web.goals import following

    fresh_library()
    counted = following.recount(goal_set_id)
    if counted is None:
        raise ItemRefused("该绩效目标已被删除，无需重新计数")
    (errors, warnings), (now_errors, now_warnings) = counted
    if (errors, warnings) == (now_errors, now_warnings):
        return f"错误 {errors} 个、警告 {warnings} 个，未变"
    return f"错误 {errors} → {now_errors} 个，警告 {warnings} → {now_warnings} 个"


def _summary(evaluation: Evaluation) -> dict:
    """What the lists show of a scoring (score, grade, counts), as stored or as just computed."""
    return {name: getattr(evaluation, name) for name in services.SUMMARY_FIELDS}


def _shown(score_grade) -> str:
    score, grade = score_grade
    return "未评分" if score is None else f"{fmt_total(score)} 分{'（' + grade + '）' if grade else ''}"
