"""Stored risk scores (抽查复核, issue 10 §4–5): the ranking and analytics read what the core computed, kept with the
rule file's hash, the evaluation's revision and status and its department's earlier years; a save that changes a
signal, a bureau score and a changed rule file each make it stale, and it is computed again."""

from __future__ import annotations

import hashlib
import logging
from decimal import Decimal

import pytest
import yaml

from jixiao.core.cycle.risk import Context, assess
from jixiao.core.cycle.risk_record import assessment_from_data
from jixiao.core.money import round_half_up
from jixiao.io.rule_files import SHIPPED
from jixiao.web.accounts.models import Membership, Role
from jixiao.web.evaluations.documents import Edit
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import Actor, analysis_of, save_document, transition
from jixiao.web.review import risk_store, services
from jixiao.web.review.models import RiskAssessment

from .conftest import client_for
from .test_review import _reviewer, _row, _submit
from .test_workflow import fix_seed_000

PASTED = "加强预算管理，合理编制绩效目标。"  # seed 003's 改进措施, the same in five projects


def _core(evaluation: Evaluation, rules=None):
    """What the core says now, from the evaluation's saved revision and its department's earlier years."""
    analysis = analysis_of(Evaluation.objects.get(pk=evaluation.pk))
    past = risk_store.histories([evaluation.department_id]).get(evaluation.department_id, [])
    return assess(Context(analysis.document, analysis.result, analysis.findings, past), rules or services.risk_rules())


def _judged(score) -> list:
    return [(p.rule.id, p.rule.title, p.rule.weight, p.verdict.state, p.verdict.reason) for p in score.points]


def _assert_stored_is_core(evaluation: Evaluation, rules=None) -> RiskAssessment:
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    stored = RiskAssessment.objects.get(evaluation=evaluation)
    whole, projects = assessment_from_data(stored.points)
    core_whole, core_projects = _core(evaluation, rules)
    assert whole.score == core_whole.score and _judged(whole) == _judged(core_whole)
    assert [(p.subject.name, p.score, _judged(p)) for p in projects] == \
        [(p.subject.name, p.score, _judged(p)) for p in core_projects]
    assert stored.score == round_half_up(core_whole.score, 6) and stored.explanation == core_whole.explanation()
    assert stored.fired == len(core_whole.fired_points)
    assert (stored.source_revision, stored.source_status) == (evaluation.revision, evaluation.status)
    return stored


def _fired(stored: RiskAssessment) -> set[str]:
    return {p.rule.id for p in assessment_from_data(stored.points)[0].fired_points}


def _shipped_hash() -> str:
    return hashlib.sha256((SHIPPED / "risk.yaml").read_bytes()).hexdigest()


@pytest.fixture
def tongcheng(evaluations) -> Evaluation:
    return _submit(evaluations["tongcheng"], Status.WITH_FINANCE)


# ---------------------------------------------------------------------------------------------------- stored
@pytest.mark.django_db
def test_the_stored_scores_are_the_cores_for_the_seeds(tongcheng, evaluations):
    rows = services.ranking(_reviewer())
    assert [r.evaluation.year for r in rows] == [2023, 2022]
    for row in rows:
        stored = _assert_stored_is_core(row.evaluation)
        assert stored.rules_hash == _shipped_hash()
        assert row.risk.score == assessment_from_data(stored.points)[0].score
    assert rows[0].risk.shown == "48.15"  # test_review: seed 003 with the demo's 2022 judged too
    assert RiskAssessment.objects.get(evaluation=tongcheng).score == Decimal("48.148148")  # 65 fired ÷ 135 judged × 100
    # drafts have none; the other bureaus' seeds neither, until they are submitted
    assert not RiskAssessment.objects.filter(evaluation__status__in=[Status.DRAFT, Status.SUBMITTED]).exists()


@pytest.mark.django_db
def test_the_ranking_reads_what_is_stored_and_computes_nothing_when_nothing_changed(tongcheng, monkeypatch):
    first = [(r.evaluation.pk, r.risk.score, _judged(r.risk), [_judged(p) for p in r.projects])
             for r in services.ranking(_reviewer())]

    def refuse(*args, **kwargs):
        raise AssertionError("computed again though nothing changed")

    monkeypatch.setattr(risk_store, "assess", refuse)
    again = [(r.evaluation.pk, r.risk.score, _judged(r.risk), [_judged(p) for p in r.projects])
             for r in services.ranking(_reviewer())]
    assert again == first
    page = client_for("tongcheng_finance").get("/review/").content.decode()
    assert "<b>48.15</b>" in page and "119 项已评分指标全部得满分（合计 720.00/720 分）" in page


# ------------------------------------------------------------------------------------------------ staleness
@pytest.mark.django_db
def test_a_save_that_ends_the_pasted_text_changes_the_stored_score(evaluations):
    tongcheng = evaluations["tongcheng"]
    _submit(tongcheng, Status.WITH_FINANCE)
    before = RiskAssessment.objects.get(evaluation=tongcheng) if services.ranking(_reviewer()) else None
    assert "pasted_text" in _fired(before)
    _submit(tongcheng, Status.RETURNED)  # returned to the department, who writes each project's own 改进措施
    projects = tongcheng.document["projects"]
    pasted = [i for i, p in enumerate(projects) if p.get("improvement") == PASTED]
    assert len(pasted) == 5
    preparer = Membership.objects.get(role=Role.PREPARER, department=tongcheng.department).user
    edits = [Edit(f"projects[{i}].improvement", f"{projects[i]['name']}：按季度复核绩效目标的完成进度。") for i in pasted]
    save_document(tongcheng.pk, edits, Actor(preparer), tongcheng.revision)
    _submit(tongcheng, Status.WITH_FINANCE)
    current = _row(tongcheng)  # the revision changed: computed again, and stored
    stored = _assert_stored_is_core(tongcheng)
    assert stored.source_revision == before.source_revision + 1
    assert "pasted_text" not in _fired(stored) and stored.score < before.score
    assert current.risk.score == assessment_from_data(stored.points)[0].score


@pytest.mark.django_db
def test_an_error_fixed_and_the_evaluation_approved_is_stored_on_commit(evaluations, django_capture_on_commit_callbacks):
    """Seed 000's only error, fixed through the entry pages, then the evaluation submitted and approved to the
    bureau: the commit of the approval stores its risk score, without any page being read."""
    changli = _submit(evaluations["changli"], Status.WITH_FINANCE)
    services.ranking(Membership.objects.get(role=Role.FINANCE_REVIEWER,
                                            finance_bureau=changli.department.finance_bureau).user)
    with_error = RiskAssessment.objects.get(evaluation=changli)
    assert "errors" in _fired(with_error)
    users = {m.role: m.user for m in Membership.objects.filter(department=changli.department)}
    with django_capture_on_commit_callbacks(execute=True):
        transition(changli, "return_finance", actor=Actor(users[Role.PREPARER]), comment="请改正合计数")
    assert not RiskAssessment.objects.filter(evaluation=changli).exists()  # no longer submitted: no score
    with django_capture_on_commit_callbacks(execute=True):
        fix_seed_000(client_for("changli_preparer"), Evaluation.objects.get(pk=changli.pk))
        transition(changli, "submit", actor=Actor(users[Role.PREPARER]))
        transition(changli, "approve", actor=Actor(users[Role.DEPARTMENT_REVIEWER]))
    stored = _assert_stored_is_core(changli)
    assert stored.source_status == Status.WITH_FINANCE and "errors" not in _fired(stored)
    assert stored.score < with_error.score


@pytest.mark.django_db
def test_a_bureau_score_of_last_year_restores_this_years_score_on_commit(tongcheng, django_capture_on_commit_callbacks):
    """The demo's spot-check of 2022 found 4 points of 自评偏差, below past_gaps' 5; one point more and it fires for
    2023 — stored once the bureau's score is committed."""
    services.ranking(_reviewer())
    before = RiskAssessment.objects.get(evaluation=tongcheng)
    assert "past_gaps" not in _fired(before)
    previous = Evaluation.objects.get(department=tongcheng.department, year=2022)
    unscored = next(r for r in services.rows_of(previous.spot_check) if r.part == "projects[0]" and r.stored is None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("tongcheng_finance").post(f"/review/evaluations/{previous.pk}/",
                                                        {unscored.field: f"{unscored.self_score - 1}"})
    assert response.status_code == 302
    stored = _assert_stored_is_core(tongcheng)
    assert stored.history_hash != before.history_hash and stored.source_revision == before.source_revision
    assert "past_gaps" in _fired(stored) and stored.score > before.score


@pytest.mark.django_db
def test_a_changed_rule_file_makes_the_stored_scores_stale(tongcheng, tmp_path, monkeypatch):
    services.ranking(_reviewer())
    stored = RiskAssessment.objects.get(evaluation=tongcheng)
    history = risk_store.histories([tongcheng.department_id])[tongcheng.department_id]
    assert risk_store.is_fresh(stored, tongcheng, history)
    data = yaml.safe_load((SHIPPED / "risk.yaml").read_text(encoding="utf-8"))
    pasted = next(s for s in data["signals"] if s["id"] == "pasted_text")
    pasted["weight"] = 30  # a bureau of its own mind: pasted explanations weigh three times as much
    (tmp_path / "risk.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES", str(tmp_path))
    assert not risk_store.is_fresh(stored, tongcheng, history)
    _row(tongcheng)
    again = _assert_stored_is_core(tongcheng)
    assert again.rules_hash == hashlib.sha256((tmp_path / "risk.yaml").read_bytes()).hexdigest() != _shipped_hash()
    assert again.score == round_half_up(Decimal(85) / 155 * 100, 6)  # 65 + 20 fired of 135 + 20 judged
    monkeypatch.delenv("JIXIAO_RULES")
    assert _row(tongcheng).risk.shown == "48.15"  # the shipped file again: stale once more, computed again


@pytest.mark.django_db
def test_a_failure_to_compute_does_not_fail_the_save(evaluations, monkeypatch, caplog,
                                                       django_capture_on_commit_callbacks):
    changli = evaluations["changli"]
    _submit(changli, Status.SUBMITTED)
    Evaluation.objects.filter(pk=changli.pk).update(errors=0)  # as if fixed: approval is not this test's subject
    users = {m.role: m.user for m in Membership.objects.filter(department=changli.department)}

    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(risk_store, "assess", broken)
    monkeypatch.setattr(risk_store, "analysis_of", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        transition(changli, "return_department", actor=Actor(users[Role.DEPARTMENT_REVIEWER]), comment="再核对")
    assert Evaluation.objects.get(pk=changli.pk).status == Status.RETURNED  # the save stands
    _submit(changli, Status.WITH_FINANCE)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        Evaluation.objects.get(pk=changli.pk).save(update_fields=["updated"])
    assert f"自评 {changli.pk} 的风险评分未能计算" in caplog.text
    assert not RiskAssessment.objects.filter(evaluation=changli).exists()


# ---------------------------------------------------------------------------------------------------- analytics
@pytest.mark.django_db
def test_analytics_shows_the_stored_risk_and_ranks_by_it(tongcheng):
    from jixiao.web.analytics.projection import refresh_quietly

    refresh_quietly(tongcheng.pk)  # `_submit` set the status without a save: the projection learns it as on commit
    client = client_for("tongcheng_finance")
    html = client.get("/analytics/").content.decode()  # stale or missing scores computed before the page reads
    stored = {a.evaluation.year: a.score for a in RiskAssessment.objects.filter(
        evaluation__department=tongcheng.department).select_related("evaluation")}
    assert stored[2023] == Decimal("48.148148") and set(stored) == {2022, 2023}
    assert '<td class="num" data-testid="risk">48.15</td>' in html
    assert f'<td class="num" data-testid="risk">{round_half_up(stored[2022], 2)}</td>' in html
    ranking = client.get("/analytics/rankings/?by=risk&year=2023").content.decode()
    assert '<option value="risk" selected>按风险分</option>' in ranking and "风险高者在前" in ranking
    assert '<td class="num">48.15</td></tr>' in ranking
    # a draft has no risk: shown as a dash, unranked
    _submit(tongcheng, Status.RETURNED)
    refresh_quietly(tongcheng.pk)
    html = client.get("/analytics/?year=2023&status=all").content.decode()  # a returned one: asked for
    assert '<td class="num" data-testid="risk">—</td>' in html
    assert not RiskAssessment.objects.filter(evaluation=tongcheng).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["tongcheng_preparer", "tongcheng_reviewer", "sysadmin", "auditor"])
def test_permissions_are_unchanged(tongcheng, username):
    client = client_for(username)
    assert client.get("/analytics/rankings/?by=risk").status_code == 403
    assert client.get("/review/").status_code == 403


@pytest.mark.django_db
def test_another_bureau_sees_none_of_these_scores(tongcheng):
    services.ranking(_reviewer())
    html = client_for("changli_finance").get("/analytics/rankings/?by=risk").content.decode()
    assert "通城" not in html and "48.15" not in html


@pytest.mark.django_db
def test_the_database_is_asked_again_only_after_a_write_to_the_tables_it_compares(tongcheng):
    """Once nothing was found stale, a write to another table (an event in the audit log) leaves the answer known; a
    write to an evaluation asks the database again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jixiao.web.audit.models import AuditEvent

    bureau = tongcheng.department.finance_bureau_id
    risk_store.refresh_stale([bureau])  # computes what the submission made stale, then finds nothing
    assert risk_store.refresh_stale([bureau]) == 0
    AuditEvent.objects.create(action=AuditEvent._meta.get_field("action").choices[0][0], detail="另一张表的写入",
                              username="tongcheng_finance")
    with CaptureQueriesContext(connection) as asked:
        assert risk_store.refresh_stale([bureau]) == 0
    assert len(asked) == 1  # the revision of the tables compared, nothing else
    Evaluation.objects.filter(pk=tongcheng.pk).update(updated=tongcheng.updated)
    with CaptureQueriesContext(connection) as asked:
        assert risk_store.refresh_stale([bureau]) == 0
    assert len(asked) > 1
