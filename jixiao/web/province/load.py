"""Loading a generated province (one JSON document per department, bench/generate_province.py) into the database
through the application's own paths, in bulk: each document is normalised, scored, checked and summarised by the
same services as a page's save (`evaluations.services`), stored with its first revision and the versions and events
of its workflow status (as the demo's generated evaluations, `demo_generated.workflow`), and described by the
analytics projection and the stored risk scores built by the same code that refreshes them after a save
(`analytics.projection.rows_of`, `review.risk_store.stored_fields`). Only the writes differ: one INSERT per table
and batch instead of one per row, a transaction per batch of departments.

With two years, the earlier one is the file's document the year before (`demo_generated.documents.previous_year`:
other figures, same projects and indicators)."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.core.cycle.projection import figures
from jixiao.core.cycle.risk import Context, assess
from jixiao.web.accounts.models import Membership, Role
from jixiao.web.analytics import projection
from jixiao.web.audit.chain import append
from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.demo_generated.documents import previous_year
from jixiao.web.demo_generated.workflow import PATHS
from jixiao.web.evaluations.models import Evaluation, Revision, Status, Version, WorkflowEvent
from jixiao.web.evaluations.services import SUMMARY_FIELDS, TRANSITIONS, Analysis, analyse, normalised, summarise
from jixiao.web.organisations.models import Department, FinanceBureau, Unit
from jixiao.web.review import risk_store
from jixiao.web.review.models import RiskAssessment

from .bulk import insert

LOADER = "province-load"  # the name the audit log gives the loader
REVIEWER = "province_reviewer"  # a finance reviewer of every bureau of the province (no password: for benchmarks)


class LoadRefused(Exception):
    """A load that must not start, with the reason in Chinese."""


@dataclass(frozen=True)
class Options:
    bureaus: int = 100  # departments are dealt to this many county bureaus in turn
    years: int = 1  # 2: the year before each file's year too
    status: str = Status.ACCEPTED
    batch: int = 50  # departments per transaction
    prefix: str = "示范省"  # the bureaus' names: 示范省第1县财政局 …


@dataclass
class Loaded:
    departments: int = 0
    evaluations: int = 0
    projects: int = 0
    indicators: int = 0
    findings: int = 0
    risks: int = 0
    seconds: float = 0.0
    bureaus: list[int] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.evaluations + self.projects + self.indicators + self.findings

    def line(self) -> str:
        rate = self.rows / self.seconds if self.seconds else 0
        return (f"{self.departments} 个部门，{self.evaluations} 份自评，{self.projects} 个项目，{self.indicators} 个指标，"
                f"{self.findings} 条审核发现；用时 {self.seconds:.1f} 秒，{rate:,.0f} 行/秒（统计行合计 {self.rows:,}）")


def bureau_name(options: Options, place: int) -> str:
    return f"{options.prefix}第{place + 1}县财政局"


def load(paths: Sequence[Path], options: Options = Options(),
         progress: Callable[[str], None] = lambda line: None) -> Loaded:
    """Store the province of `paths` (one department each); refuses a database that holds its bureaus already."""
    if options.status not in Status.values:
        raise LoadRefused(f"状态“{options.status}”无效，可选：{'、'.join(Status.values)}")
    names = [bureau_name(options, k) for k in range(max(1, min(options.bureaus, len(paths))))]
    taken = FinanceBureau.objects.filter(name__in=names).values_list("name", flat=True).first()
    if taken is not None:
        raise LoadRefused(f"数据库中已有“{taken}”：这个省已导入过。请使用空数据库，或用 --prefix 另取财政局名称。")
    started, loaded = time.perf_counter(), Loaded()
    bureaus = _bureaus(names)
    loaded.bureaus = [b.pk for b in bureaus]
    for start in range(0, len(paths), options.batch):
        chunk = list(enumerate(paths[start:start + options.batch], start=start))
        _load_batch([(bureaus[i % len(bureaus)], path) for i, path in chunk], options, loaded)
        loaded.seconds = time.perf_counter() - started
        progress(f"已导入 {loaded.departments}/{len(paths)} 个部门：{loaded.line()}")
    return loaded


def _bureaus(names: list[str]) -> list[FinanceBureau]:
    with transaction.atomic():
        bureaus = FinanceBureau.objects.bulk_create([FinanceBureau(name=name) for name in names])
        reviewer, _ = get_user_model().objects.get_or_create(username=REVIEWER, defaults={
            "first_name": "全省绩效评价复核人（批量导入）"})
        reviewer.set_unusable_password()
        reviewer.save()
        Membership.objects.bulk_create([Membership(user=reviewer, role=Role.FINANCE_REVIEWER, finance_bureau=b)
                                        for b in bureaus])
    return bureaus


@dataclass
class _Scored:
    document: dict  # as stored (normalised)
    analysis: Analysis
    summary: dict  # the Evaluation's summary columns (services.summarise)


def scored(document: dict) -> _Scored:
    """What `services.create_evaluation` computes before it saves: the normalised document, the core's analysis of
    it and the summary the lists show."""
    clean = normalised(document)
    analysis = analyse(clean)
    probe = Evaluation(document=clean)
    summarise(probe, analysis)
    return _Scored(clean, analysis, {name: getattr(probe, name) for name in SUMMARY_FIELDS})


def documents_of(path: Path, years: int) -> list[dict]:
    """The department's documents, earliest year first: the file's, and with two years the one before it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise LoadRefused(f"无法读取部门文件 {path}：{error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("department"), dict) or "year" not in data:
        raise LoadRefused(f"部门文件 {path} 不是一份自评数据（缺少 department 或 year）")
    if years < 2:
        return [data]
    return [previous_year(data, random.Random(f"{path.name}:{int(data['year']) - 1}")), data]


def _load_batch(items: list[tuple[FinanceBureau, Path]], options: Options, loaded: Loaded) -> None:
    work = [(bureau, [scored(d) for d in documents_of(path, options.years)]) for bureau, path in items]
    with transaction.atomic():
        departments = [
            Department(finance_bureau=bureau, name=years[0].document["department"]["name"], generated=True)
            for bureau, years in work]
        insert(Department, departments)
        insert(Unit, [
            Unit(department=department, name=unit["name"][:100], is_main=bool(unit.get("is_main")))
            for department, (_, years) in zip(departments, work)
            for unit in years[-1].document["department"].get("units", [])])
        pairs = [(Evaluation(department=department, year=s.document["year"], document=s.document,
                             status=options.status, generated=True, **s.summary), s)
                 for department, (_, years) in zip(departments, work) for s in years]
        evaluations = [e for e, _ in pairs]
        insert(Evaluation, evaluations)
        _trail(pairs)
        built = [projection.rows_of(e, figures(s.analysis.document, s.analysis.result, s.analysis.findings))
                 for e, s in pairs]
        projection.save_rows(built, write=insert)
        loaded.risks += _risks(pairs, [d.pk for d in departments])
    loaded.departments += len(departments)
    loaded.evaluations += len(evaluations)
    loaded.projects += sum(len(b.projects) for b in built)
    loaded.indicators += sum(len(b.indicators) for b in built)
    loaded.findings += sum(len(b.findings) for b in built)


def _trail(pairs: list[tuple[Evaluation, _Scored]]) -> None:
    """What `create_evaluation` and the workflow leave: the first revision, the audit log's 新建, and for a status
    beyond 草稿 the frozen versions and the events of the way there (as `demo_generated.workflow`)."""
    insert(Revision, [Revision(evaluation=e, number=1, document=e.document) for e, _ in pairs])
    append([AuditEvent(action=Action.CREATE, username=LOADER, object_type="evaluation", object_id=str(e.pk),
                       detail=f"{e.department.name} {e.year} 年度（批量导入）") for e, _ in pairs])
    versions, events = [], []
    for evaluation, _ in pairs:
        status, number = Status.DRAFT, 0
        for action, _who in PATHS[Status(evaluation.status)]:
            _, target, label, freezes = TRANSITIONS[action]
            if freezes:
                number += 1
                versions.append(Version(evaluation=evaluation, number=number, status=target,
                                        document=evaluation.document, score=evaluation.score,
                                        grade=evaluation.grade, note=label))
            events.append(WorkflowEvent(evaluation=evaluation, action=action, from_status=status, to_status=target,
                                        comment="批量导入的省级数据"))
            status = target
    insert(Version, versions)
    insert(WorkflowEvent, events)


def _risks(pairs: list[tuple[Evaluation, _Scored]], department_ids: list[int]) -> int:
    """The stored risk scores of the submitted evaluations, as `risk_store` computes them on a page: the analytics
    pages then find them fresh instead of computing thousands on their first visit."""
    rules_hash, rules = risk_store.current_rules()
    past = risk_store.histories(department_ids)
    rows = []
    for evaluation, s in pairs:
        if evaluation.status not in risk_store.REVIEWABLE:
            continue
        history = past.get(evaluation.department_id, [])
        a = s.analysis
        whole, projects = assess(Context(a.document, a.result, a.findings, history), rules)
        source = risk_store.source_of(evaluation, history, rules_hash)
        rows.append(RiskAssessment(evaluation=evaluation, **risk_store.stored_fields(whole, projects, source)))
    insert(RiskAssessment, rows)
    return len(rows)
