"""Batches (issue 11 §2): each item is its own task on the queue, run here by the database backend's own worker code
(queue.run_queue); real worker processes sharing PostgreSQL are run by bench/batch.py. Idempotent items, one claim
wins, retries then a failure with its reason while the other items finish, progress counted from the items, and
rescoring that follows a scheme change with the core's own figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from jixiao.core.engine import score_evaluation
from jixiao.core.money import SCORE_PLACES, round_half_up
from jixiao.io.scheme_files import SHIPPED, load_library
from jixiao.web.analytics.models import EvaluationRow
from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.batches import kinds, rescoring, services, starting
from jixiao.web.batches.models import Batch, BatchItem
from jixiao.web.evaluations import services as evaluation_services
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.organisations.models import FinanceBureau

from .conftest import client_for
from .queue import run_queue as run_ready

SEED_REPORT = Path(__file__).resolve().parents[1] / "seeds" / "000_c8758e53477b5b54.txt"
TEST_SCHEME = "batch-test-department"


@pytest.fixture
def tongcheng_bureau(evaluations) -> FinanceBureau:
    return evaluations["tongcheng"].department.finance_bureau


@pytest.fixture
def schemes(tmp_path, monkeypatch):
    """A bureau's own scheme folder (JIXIAO_SCHEMES) holding a copy of the Hubei department scheme under its own id;
    `write(cap)` changes its budget-execution cap, as a bureau revising its scheme would."""
    folder = tmp_path / "schemes"
    folder.mkdir()
    text = (SHIPPED / "hubei-department.yaml").read_text(encoding="utf-8").replace(
        "id: hubei-department", f"id: {TEST_SCHEME}")
    assert "  cap: 1\n" in text

    def write(cap: str) -> None:
        (folder / "department.yaml").write_text(text.replace("  cap: 1\n", f"  cap: {cap}\n"), encoding="utf-8")

    write("1")
    monkeypatch.setenv("JIXIAO_SCHEMES", str(folder))
    yield write
    evaluation_services.forget_library()  # the other tests score with the shipped schemes only
    rescoring._seen_fingerprint = None


def _committed():
    """The test runs inside a transaction that never commits: what the code queues on commit (each item's task, a
    retry) is queued when the step that asked for it ends, as a commit would."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def run_queue() -> int:
    """Every task queued, those queued by tasks (retries) too; how many ran."""
    total = 0
    while True:
        with _committed():
            ran = run_ready()
        total += ran
        if not ran:
            return total


def start(function, **kwargs) -> Batch:
    with _committed():
        return function(**kwargs)


def _core_score(evaluation: Evaluation):
    card = score_evaluation(evaluation_services.core_document(evaluation.document), load_library()).department
    return round_half_up(card.total, SCORE_PLACES), card.grade.name


def _stale(*evaluations: Evaluation) -> None:
    """Stored figures the schemes in force no longer give (999 errors, as no check finds): what a scheme change
    leaves behind, which a rescoring writes anew, save time and all. (A rescoring that changes no figure writes
    nothing of the evaluation: test_a_rescoring_that_changes_no_figure_leaves_the_evaluation_as_it_was.)"""
    Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]).update(errors=999)


def _items(batch: Batch) -> dict[str, BatchItem]:
    return {item.key: item for item in batch.items.all()}


# ----------------------------------------------------------------------------------------------------- rescoring
def test_rescoring_follows_a_scheme_change_to_the_stored_scores_and_projection(evaluations, schemes,
                                                                                tongcheng_bureau):
    tongcheng = evaluations["tongcheng"]
    document = {**tongcheng.document, "scheme": TEST_SCHEME}
    Evaluation.objects.filter(pk=tongcheng.pk).update(document=document)

    first = start(starting.start_rescore, bureau=tongcheng_bureau)
    run_queue()
    tongcheng.refresh_from_db()
    before = _core_score(tongcheng)
    assert (tongcheng.score, tongcheng.grade) == before
    assert _items(Batch.objects.get(pk=first.pk))[str(tongcheng.pk)].state == BatchItem.State.DONE

    schemes("0.9")  # execution now scores at most 90 % of its weight
    second = start(starting.start_rescore, bureau=tongcheng_bureau)
    assert run_queue() == second.total
    tongcheng.refresh_from_db()
    after = _core_score(tongcheng)
    assert after != before, "the scheme change must change the core's score of this seed"
    assert (tongcheng.score, tongcheng.grade) == after
    row = EvaluationRow.objects.get(evaluation=tongcheng)
    assert (row.score, row.source_updated) == (after[0], tongcheng.updated)
    assert evaluation_services.analysis_of(tongcheng).result.department.total == \
        score_evaluation(evaluation_services.core_document(document), load_library()).department.total
    item = _items(Batch.objects.get(pk=second.pk))[str(tongcheng.pk)]
    assert item.summary == f"{before[0]} 分（{before[1]}） → {after[0]} 分（{after[1]}）"
    assert Batch.objects.get(pk=second.pk).state == Batch.State.FINISHED


def test_rescoring_recounts_the_goal_sets_whose_weights_the_scheme_totals(evaluations, schemes, tongcheng_bureau,
                                                                          tmp_path):
    """A goal set naming the bureau's scheme: its indicators' weights must add up to what the scheme leaves them
    (total less budget execution, 湖北 80). The bureau lowers that to 70 and rescores: the goal set's stored counts,
    which its list shows, are those its checks now give (one more error), without anyone saving it."""
    from jixiao.web.goals import services as goal_services
    from jixiao.web.goals.models import GoalSet

    tongcheng = evaluations["tongcheng"]
    goal_set = GoalSet.objects.filter(department=tongcheng.department, year__gt=tongcheng.year).order_by("year").first()
    assert goal_set is not None, "the demo's goal set following 通城's evaluation"
    goal_set.document = {**goal_set.document, "scheme": TEST_SCHEME}
    rescoring.fresh_library()  # the bureau's scheme folder, as the process scoring with it has it
    assert "GOAL.WEIGHTS" not in {f.code for f in goal_services.summarise(goal_set)}  # 80, as the scheme leaves
    goal_set.save()
    before = (goal_set.errors, goal_set.warnings)

    scheme = tmp_path / "schemes" / "department.yaml"
    text = scheme.read_text(encoding="utf-8")
    assert "indicators_total: 80\n" in text
    scheme.write_text(text.replace("indicators_total: 80\n", "indicators_total: 70\n"), encoding="utf-8")
    batch = start(starting.start_rescore, bureau=tongcheng_bureau)
    run_queue()
    goal_set.refresh_from_db()
    fresh = GoalSet.objects.get(pk=goal_set.pk)
    weights = [f.message for f in goal_services.summarise(fresh) if f.code == "GOAL.WEIGHTS"]
    assert weights == ["部门整体目标各指标权重合计 80 分，应为 70 分。"]
    assert (goal_set.errors, goal_set.warnings) == (fresh.errors, fresh.warnings)
    assert goal_set.errors == before[0] + 1
    item = _items(Batch.objects.get(pk=batch.pk))[f"goals:{goal_set.pk}"]
    assert item.label == f"{tongcheng.department.name} {goal_set.year} 年度绩效目标"
    assert item.summary == f"错误 {before[0]} → {before[0] + 1} 个，警告 {before[1]} → {before[1]} 个"


def test_a_goal_set_deleted_before_its_recount_is_refused_with_the_reason(evaluations, tongcheng_bureau):
    from jixiao.web.goals.models import GoalSet

    goal_set = GoalSet.objects.filter(department__finance_bureau=tongcheng_bureau).first()
    batch = start(starting.start_rescore, bureau=tongcheng_bureau)
    GoalSet.objects.filter(pk=goal_set.pk).delete()
    run_queue()
    item = _items(Batch.objects.get(pk=batch.pk))[f"goals:{goal_set.pk}"]
    assert (item.state, item.error) == (BatchItem.State.FAILED, "该绩效目标已被删除，无需重新计数")
    page = client_for("tongcheng_finance").get(f"/batches/?batch={batch.pk}").content.decode()
    items = page[page.index('data-testid="batch-items"'):]
    assert "<th>失败原因</th>" in items and '<td class="error">该绩效目标已被删除，无需重新计数</td>' in items
    done = start(starting.start_rescore, bureau=tongcheng_bureau)
    run_queue()
    page = client_for("tongcheng_finance").get(f"/batches/?batch={done.pk}").content.decode()
    assert "失败原因" not in page and "已完成" in page  # nothing failed: no empty column of reasons


def _progress(page: str) -> str:
    return page[page.index('id="batch-progress"'):page.index('data-testid="batch-items"')]


def test_the_batch_page_says_it_was_started_only_until_it_has_finished(evaluations, tongcheng_bureau):
    """The 已发起…… flash message stayed at the top of the page (only the progress refreshes) after the batch had
    finished. It is said inside the part that refreshes, to the person who started it, and turns into how it ended."""
    client = client_for("tongcheng_finance")
    with _committed():
        response = client.post("/batches/", {"kind": "rescore", "bureau": tongcheng_bureau.pk}, follow=True)
    batch = Batch.objects.get()
    page = response.content.decode()
    assert f"已发起重新评分，共 {batch.total} 项，由后台工作进程执行" in _progress(page)
    assert page.count("已发起") == 1  # not again as a flash message above
    assert f'hx-get="?batch={batch.pk}&amp;started=1"' in page  # the refresh keeps saying it while it runs
    run_queue()
    assert Batch.objects.get(pk=batch.pk).state == Batch.State.FINISHED
    page = client.get(f"/batches/?batch={batch.pk}&started=1").content.decode()  # the next refresh
    assert "已发起" not in page and f"重新评分已执行完毕：共 {batch.total} 项，全部完成。" in _progress(page)
    assert "hx-get" not in _progress(page)
    # someone else opening the same address was not the one who started it
    other = client_for("sysadmin").get(f"/batches/?batch={batch.pk}&started=1")
    assert other.status_code == 200 and 'data-testid="batch-started"' not in other.content.decode()


def test_the_pages_score_with_a_changed_scheme_file_without_a_restart(evaluations, schemes, monkeypatch):
    """A web process looks at the scheme files' sizes and times (at most once a second): after a bureau edits its
    scheme, the page's analysis of an evaluation is the core's under the new file, as the rescoring batch's is."""
    tongcheng = evaluations["tongcheng"]
    document = {**tongcheng.document, "scheme": TEST_SCHEME}
    Evaluation.objects.filter(pk=tongcheng.pk).update(document=document)
    tongcheng.refresh_from_db()
    evaluation_services.forget_library()
    monkeypatch.setattr(evaluation_services, "LIBRARY_LOOK_SECONDS", 0.0)
    cap = lambda: evaluation_services.library().scheme(TEST_SCHEME)  # noqa: E731
    before = evaluation_services.analysis_of(tongcheng).result.department.total
    assert before == score_evaluation(evaluation_services.core_document(document), load_library()).department.total
    first = cap()
    signature = evaluation_services.files_signature()
    schemes("0.9")
    assert evaluation_services.files_signature() != signature, signature
    after = evaluation_services.analysis_of(tongcheng).result.department.total  # same revision, same save time
    assert cap() is not first and after != before
    assert after == score_evaluation(evaluation_services.core_document(document), load_library()).department.total
    monkeypatch.setattr(evaluation_services, "LIBRARY_LOOK_SECONDS", 3600.0)
    schemes("0.8")  # within the look's interval the library read is kept
    assert evaluation_services.analysis_of(tongcheng).result.department.total == after


def test_an_entry_page_kept_drawn_follows_a_changed_scheme_file(evaluations, schemes, monkeypatch):
    """An entry page's fields are drawn once per stored revision and kept (editing.entry_fields); they show the
    schemes' descriptions (部门概况) and the findings of the analysis under them (the stated execution score of 20
    checked against the new cap). After a bureau edits its scheme the kept drawing is not shown again: the page is
    the one drawn afresh under the new file."""
    from jixiao.web.evaluations import editing

    tongcheng = evaluations["tongcheng"]
    Evaluation.objects.filter(pk=tongcheng.pk).update(document={**tongcheng.document, "scheme": TEST_SCHEME})
    evaluation_services.forget_library()
    monkeypatch.setattr(evaluation_services, "LIBRARY_LOOK_SECONDS", 0.0)
    client = client_for("tongcheng_preparer")

    def fields(key: str) -> str:
        """The page's fields as kept after drawing it (the one kept drawing of that page for the files now)."""
        client.get(f"/evaluations/{tongcheng.pk}/edit/{key}/", HTTP_CACHE_CONTROL="no-cache")
        (found,) = [v for k, v in editing._FIELDS.items() if k[3] == key and evaluation_services.library_signature() in k]
        return found

    editing._FIELDS.clear()
    before = {key: fields(key) for key in ("profile", "conclusion")}
    assert "执行率最高按 50.00% 计" not in before["profile"]
    schemes("0.5")
    kept = {key: fields(key) for key in ("profile", "conclusion")}  # the revision's drawing was kept: not shown
    editing._FIELDS.clear()
    afresh = {key: fields(key) for key in ("profile", "conclusion")}
    assert kept == afresh
    assert "执行率最高按 50.00% 计" in afresh["profile"]  # the test scheme's description, with its new cap
    assert afresh["conclusion"] != before["conclusion"]  # the stated execution score's finding under the new cap


def test_rescoring_refreshes_a_submitted_evaluations_stored_risk(evaluations, tongcheng_bureau):
    from jixiao.web.review.models import RiskAssessment

    accepted = Evaluation.objects.filter(department__finance_bureau=tongcheng_bureau, status=Status.ACCEPTED).first()
    start(starting.start_rescore, bureau=tongcheng_bureau)
    run_queue()
    accepted.refresh_from_db()
    stored = RiskAssessment.objects.get(evaluation=accepted)
    assert (stored.source_revision, stored.source_updated) == (accepted.revision, accepted.updated)


def test_a_rescored_item_refreshes_the_projection_and_risk_once_not_again_on_commit(evaluations, tongcheng_bureau,
                                                                                   django_capture_on_commit_callbacks):
    """The item refreshes both stores itself (a failure then fails the item); an evaluation's save would queue the
    same two refreshes on commit, which doubled a rescoring item's database work (bench/batch.py)."""
    from jixiao.web.batches.rescoring import rescore
    from jixiao.web.review.models import RiskAssessment

    accepted = Evaluation.objects.filter(department__finance_bureau=tongcheng_bureau, status=Status.ACCEPTED).first()
    _stale(accepted)
    before = accepted.updated
    with django_capture_on_commit_callbacks() as callbacks:
        rescore(str(accepted.pk), {})
    assert callbacks == []
    accepted.refresh_from_db()
    assert accepted.updated > before
    assert EvaluationRow.objects.get(evaluation=accepted).source_updated == accepted.updated
    assert RiskAssessment.objects.get(evaluation=accepted).source_updated == accepted.updated


def _projection(evaluation: Evaluation) -> list:
    """Every projection row of `evaluation`, without their own ids (rebuilt rows get new ones)."""
    from jixiao.web.analytics.models import FindingRow, IndicatorRow, ProjectRow

    row = EvaluationRow.objects.get(evaluation=evaluation)
    own = lambda obj, *left_out: {k: v for k, v in vars(obj).items()  # noqa: E731
                                  if not k.startswith("_") and k not in ("id", "row_id", *left_out)}
    projects = {p.pk: p.index for p in ProjectRow.objects.filter(row=row)}
    rows = lambda found: sorted(map(repr, found))  # noqa: E731
    return [own(row), rows(own(p) for p in ProjectRow.objects.filter(row=row)),
            rows((projects.get(i.project_id), own(i, "project_id")) for i in IndicatorRow.objects.filter(row=row)),
            rows(own(f) for f in FindingRow.objects.filter(row=row))]


def test_a_rescoring_that_changes_no_figure_leaves_the_evaluation_as_it_was(evaluations, tongcheng_bureau):
    """The new-user trial: a rescoring under unchanged schemes moved every evaluation's 修改时间, and a department's
    accepted evaluation looked edited. Its figures unchanged, the row is not written (its save time stays); the
    projection and the stored risk are still written afresh (an indicator's score may change under an unchanged
    total), and the item says the score stayed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    accepted = Evaluation.objects.filter(department__finance_bureau=tongcheng_bureau, status=Status.ACCEPTED).first()
    row = EvaluationRow.objects.get(evaluation=accepted).pk
    with CaptureQueriesContext(connection) as queries:
        summary = rescoring.rescore(str(accepted.pk), {})
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "evaluations_evaluation"')]
    assert Evaluation.objects.get(pk=accepted.pk).updated == accepted.updated
    assert EvaluationRow.objects.get(evaluation=accepted).pk != row  # rewritten
    score = f"{accepted.score} 分（{accepted.grade}）"
    assert summary == f"{score} → {score}"
    page = client_for("tongcheng_finance").get("/bureau/").content.decode()
    assert timezone.localtime(accepted.updated).strftime("%Y-%m-%d %H:%M") in page


def test_a_rescored_items_projection_and_risk_are_those_a_full_refresh_writes(evaluations, tongcheng_bureau):
    """The item writes the projection from the analysis in hand inside its transaction, and updates the stored risk
    in place: the rows are those `projection.refresh(force=True)` and a risk computed afresh write."""
    from jixiao.web.analytics import projection
    from jixiao.web.review import risk_store
    from jixiao.web.review.models import RiskAssessment

    for evaluation in Evaluation.objects.filter(department__finance_bureau=tongcheng_bureau):
        rescoring.rescore(str(evaluation.pk), {})
        evaluation.refresh_from_db()
        rescored = _projection(evaluation)
        assert rescored[1] or rescored[3], "an evaluation with projects or findings"
        projection.refresh(evaluation.pk, force=True)
        assert _projection(evaluation) == rescored
        if evaluation.status not in risk_store.REVIEWABLE:
            assert not RiskAssessment.objects.filter(evaluation=evaluation).exists()
            continue
        updated = RiskAssessment.objects.values(*risk_store.SOURCE_FIELDS, "score", "fired", "explanation", "points")
        kept = updated.get(evaluation=evaluation)
        RiskAssessment.objects.filter(evaluation=evaluation).delete()
        risk_store.refresh_departments([evaluation.department_id])
        assert updated.get(evaluation=evaluation) == kept


def test_a_rescored_item_reads_the_evaluation_once_and_writes_its_projection_in_one_transaction(
        evaluations, tongcheng_bureau, django_assert_max_num_queries):
    """What one item costs the database (bench/batch.py: PostgreSQL shares the workers' cores): the evaluation read
    once, one UPDATE of its score and save time, the projection's rows deleted and inserted table by table, the
    department's stored risk read and its stale score updated in place."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    accepted = Evaluation.objects.filter(department__finance_bureau=tongcheng_bureau, status=Status.ACCEPTED).first()
    _stale(accepted)
    with CaptureQueriesContext(connection) as queries:
        rescoring.rescore(str(accepted.pk), {})
    statements = [q["sql"] for q in queries.captured_queries]
    reads = [sql for sql in statements if sql.startswith("SELECT") and '"evaluations_evaluation"."document"' in sql]
    assert len(reads) == 1, reads
    writes = [sql for sql in statements if sql.startswith("UPDATE \"evaluations_evaluation\"")]
    assert len(writes) == 1, writes
    assert not [sql for sql in statements if "FOR UPDATE" in sql and "review_riskassessment" in sql]
    # the evaluation's row only (PostgreSQL; SQLite locks no rows): locking its department's row too, through the
    # ordering's join, made two years of one department wait for each other's whole item
    assert not [sql for sql in statements if "FOR UPDATE" in sql and "organisations_department" in sql]
    assert len(statements) <= 20, "\n".join(statements)


def test_a_rescoring_item_that_fails_midway_leaves_no_new_score_and_is_retried(evaluations, tongcheng_bureau,
                                                                              monkeypatch):
    """The item's end is committed with the rescoring's writes (Kind.together): an error after the score was
    written rolls the score, the save time and the projection back with it, and the item goes back to the queue."""
    from jixiao.web.review import risk_store

    batch = start(starting.start_rescore, bureau=tongcheng_bureau)
    item = batch.items.first()
    evaluation = Evaluation.objects.get(pk=int(item.key))
    _stale(evaluation)
    row = EvaluationRow.objects.get(evaluation=evaluation)

    def broken(department_ids):
        raise RuntimeError("database went away")

    monkeypatch.setattr(risk_store, "refresh_departments", broken)
    with _committed():
        assert services.run_item(item.pk, "task-a") == "retry"
    assert Evaluation.objects.get(pk=evaluation.pk).updated == evaluation.updated
    assert Evaluation.objects.get(pk=evaluation.pk).errors == 999  # the new figures rolled back with the rest
    assert EvaluationRow.objects.get(evaluation=evaluation).pk == row.pk
    item.refresh_from_db()
    assert (item.state, item.attempts, item.summary) == (BatchItem.State.QUEUED, 1, "")
    monkeypatch.undo()
    run_queue()
    item.refresh_from_db()
    assert (item.state, item.attempts) == (BatchItem.State.DONE, 2)
    assert Evaluation.objects.get(pk=evaluation.pk).updated > evaluation.updated


def test_the_first_tasks_are_committed_on_their_own_so_workers_start_at_once():
    assert services._chunks(0) == []
    assert services._chunks(3) == [(0, 3)]
    assert services._chunks(67) == [(0, services.FIRST_CHUNK), (services.FIRST_CHUNK, 67)]
    big = services._chunks(1200)
    assert big[0] == (0, services.FIRST_CHUNK) and big[-1][1] == 1200
    assert all(end - start <= services.ENQUEUE_CHUNK for start, end in big)
    assert all(a[1] == b[0] for a, b in zip(big, big[1:]))


def _synchronous_commit() -> str | None:
    """PostgreSQL's synchronous_commit for this connection now (None on SQLite, which has no such setting)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_an_items_commits_are_flushed_by_the_queues_own_commit(monkeypatch):
    """Run by the database queue, an item's commits do not wait for the disk (the queue's synchronous commit of the
    task's result flushes them); the setting is the item's only: the queue's own commits wait as before."""
    from django.db import connection

    seen = []
    monkeypatch.setitem(kinds.KINDS, Batch.Kind.RESCORE, kinds.Kind(lambda key, parameters: seen.append(_synchronous_commit())
                                                                    or "完成", together=True))
    batch = services.start(Batch.Kind.RESCORE, [("1", "一"), ("2", "二")])
    assert run_ready() == 2
    assert seen == (["off", "off"] if connection.vendor == "postgresql" else [None, None])
    assert _synchronous_commit() == ("on" if connection.vendor == "postgresql" else None)
    assert services.counts(batch.pk)["done"] == 2
    assert Batch.objects.get(pk=batch.pk).state == Batch.State.FINISHED


@pytest.mark.django_db(transaction=True)
def test_a_workers_claims_do_not_wait_for_the_disk_and_each_tasks_result_does(monkeypatch):
    """`jixiao worker` between tasks (claims, heartbeat) commits without waiting for the disk; each task, and the
    commit of its result, waits as before, which flushes the claim and the work with it."""
    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    from jixiao.web.worker import process

    seen = []
    monkeypatch.setattr(Worker, "run_task", lambda self, result: seen.append(_synchronous_commit()))
    worker = process._Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                             startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[])
    process.wait_for_the_disk(False)
    worker.run_task(None)
    between = _synchronous_commit()
    process.wait_for_the_disk(True)
    if connection.vendor == "postgresql":
        assert (seen, between, _synchronous_commit()) == (["on"], "off", "on")
    else:  # SQLite has no such setting: nothing is sent
        assert (seen, between) == ([None], None)


# --------------------------------------------------------------------------------------- idempotency and claims
def test_an_item_run_twice_is_done_once(evaluations, tongcheng_bureau):
    batch = start(starting.start_rescore, bureau=tongcheng_bureau)
    assert run_queue() == batch.total > 0
    item = batch.items.first()
    item.refresh_from_db()
    updated = Evaluation.objects.get(pk=int(item.key)).updated
    assert services.run_item(item.pk, "another-task") == "skipped"
    from jixiao.web.batches.tasks import run_item

    run_item.enqueue(item.pk)  # the same item queued again, as a duplicate delivery would
    assert run_queue() == 1
    again = BatchItem.objects.get(pk=item.pk)
    assert (again.state, again.attempts, again.summary) == (BatchItem.State.DONE, 1, item.summary)
    assert Evaluation.objects.get(pk=int(item.key)).updated == updated  # not rescored a second time


def test_of_two_claims_on_one_item_one_wins(evaluations, tongcheng_bureau, monkeypatch):
    """A second worker arriving while the first works on the item gets nothing; the first's task, run again by the
    queue after its worker died (the same task id), takes it back."""
    batch = start(starting.start_rescore, bureau=tongcheng_bureau)
    item = batch.items.first()
    seen = []

    def run(key, parameters):
        seen.append(services.run_item(item.pk, "task-b"))
        return "完成"

    monkeypatch.setitem(kinds.KINDS, Batch.Kind.RESCORE, kinds.Kind(run))
    assert services.run_item(item.pk, "task-a") == BatchItem.State.DONE
    assert seen == ["skipped"]
    assert BatchItem.objects.get(pk=item.pk).attempts == 1
    BatchItem.objects.filter(pk=item.pk).update(state=BatchItem.State.RUNNING, task_id="task-a")  # a worker died
    assert services.run_item(item.pk, "task-b") == "skipped"
    assert services.run_item(item.pk, "task-a") == BatchItem.State.DONE


# ------------------------------------------------------------------------------------ retries, failures, progress
def test_a_failing_item_is_retried_then_failed_with_its_reason_while_the_others_finish(evaluations, tongcheng_bureau,
                                                                                        monkeypatch):
    batch = start(starting.start_rescore)  # every bureau's
    keys = list(_items(batch))
    assert len(keys) >= 3
    broken, flaky = keys[0], keys[1]
    calls: dict[str, int] = {}

    def run(key, parameters):
        calls[key] = calls.get(key, 0) + 1
        if key == broken or (key == flaky and calls[key] == 1):
            raise RuntimeError("database went away")
        return rescoring.rescore(key, parameters)

    monkeypatch.setitem(kinds.KINDS, Batch.Kind.RESCORE, kinds.Kind(run))
    assert services.counts(batch.pk)[BatchItem.State.QUEUED] == batch.total
    ran = run_queue()
    assert ran == batch.total + services.MAX_ATTEMPTS - 1 + 1  # the broken item's retries and the flaky one's
    items = _items(batch)
    assert (items[broken].state, items[broken].attempts) == (BatchItem.State.FAILED, services.MAX_ATTEMPTS)
    assert items[broken].error == f"执行 {services.MAX_ATTEMPTS} 次均出错（RuntimeError），已放弃；详情见系统日志"
    assert (items[flaky].state, items[flaky].attempts) == (BatchItem.State.DONE, 2)
    assert all(items[k].state == BatchItem.State.DONE for k in keys[2:])
    batch.refresh_from_db()
    assert (batch.state, batch.done, batch.failed) == (Batch.State.FINISHED, batch.total - 1, 1)
    assert services.counts(batch.pk) == {"queued": 0, "running": 0, "done": batch.total - 1, "failed": 1}


def test_progress_is_counted_from_the_items(evaluations, tongcheng_bureau):
    from django_tasks_db.models import DBTaskResult

    from .queue import Worker  # the backend's worker, one task at a time

    batch = start(starting.start_rescore, bureau=tongcheng_bureau)
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="one", excluded_queue_names=[])
    result = DBTaskResult.objects.ready().first()
    result.claim(worker.worker_id)
    worker.run_task(result)
    assert services.counts(batch.pk) == {"queued": batch.total - 1, "running": 0, "done": 1, "failed": 0}
    assert Batch.objects.get(pk=batch.pk).state == Batch.State.RUNNING
    html = client_for("tongcheng_finance").get(f"/batches/?batch={batch.pk}").content.decode()
    assert f"共 {batch.total} 项：排队中 {batch.total - 1}，执行中 0，已完成 1，失败 0" in html
    run_queue()
    batch.refresh_from_db()
    assert (batch.state, batch.done, batch.failed) == (Batch.State.FINISHED, batch.total, 0)
    assert batch.finished is not None


def test_a_batch_of_nothing_is_finished_at_once(demo):
    bureau = FinanceBureau.objects.create(name="空财政局")
    batch = start(starting.start_rescore, bureau=bureau)
    assert (batch.total, Batch.objects.get(pk=batch.pk).state) == (0, Batch.State.FINISHED)


# ----------------------------------------------------------------------------------- disclosure and report audits
def test_disclosure_batch_renders_each_published_evaluations_public_documents(generated_bureau):
    from jixiao.web.disclosure import services as disclosure

    tongcheng_bureau = generated_bureau  # its seed department and eleven more
    reviewer = evaluation_services.Actor(get_user_model().objects.get(username="tongcheng_finance"))
    for accepted in Evaluation.objects.filter(department__finance_bureau=tongcheng_bureau, status=Status.ACCEPTED,
                                              year=2022, publication__isnull=True)[:2]:
        disclosure.publish(accepted, reviewer, prepare=False)  # several published of a year
    published = list(disclosure.published().filter(department__finance_bureau=tongcheng_bureau))
    assert published, "the demo publishes the bureau's accepted evaluations"
    year = published[0].year
    batch = start(starting.start_disclosure, bureau=tongcheng_bureau, year=year)
    wanted = {str(e.pk) for e in published if e.year == year}
    assert len(wanted) > 1  # one withdrawn below, the others done
    assert set(_items(batch)) == wanted
    withdrawn = published[0]
    disclosure.Publication.objects.filter(evaluation=withdrawn).delete()  # withdrawn after the batch started
    run_queue()
    items = _items(batch)
    assert items[str(withdrawn.pk)].state == BatchItem.State.FAILED
    assert items[str(withdrawn.pk)].attempts == 1  # a reason, not worth another attempt
    assert "撤回公开" in items[str(withdrawn.pk)].error
    for key in wanted - {str(withdrawn.pk)}:
        assert items[key].state == BatchItem.State.DONE and "PDF" in items[key].summary
        cached = {p.suffix for p in disclosure.cache_dir().glob(f"{key}-r*")}
        assert cached == {".pdf", ".xlsx"}
    # the page links each item done to the public page its files are downloaded from; the failed one to nothing
    page = client_for("tongcheng_finance").get(f"/batches/?batch={batch.pk}").content.decode()
    done = next(iter(wanted - {str(withdrawn.pk)}))
    assert f'<td><a href="/public/evaluations/{done}/">{items[done].label}</a></td>' in page
    assert f'<td>{items[str(withdrawn.pk)].label}</td>' in page


def test_audit_batch_audits_each_file_with_the_bureaus_audit(evaluations, tongcheng_bureau):
    from jixiao.web.bureau.models import ReportAudit

    batch = start(starting.start_audit, bureau=tongcheng_bureau, files=[
        (SEED_REPORT.name, SEED_REPORT.read_bytes()), ("报告.exe", b"MZ")])
    assert batch.total == 2
    run_queue()
    items = {item.label: item for item in batch.items.all()}
    good, bad = items[SEED_REPORT.name], items["报告.exe"]
    report = ReportAudit.objects.get(pk=int(good.key))
    assert (good.state, report.state) == (BatchItem.State.DONE, ReportAudit.State.DONE)
    assert good.summary == f"错误 {report.errors} 个，警告 {report.warnings} 个"
    assert bad.state == BatchItem.State.FAILED and "不支持的文件类型" in bad.error
    assert Batch.objects.get(pk=batch.pk).state == Batch.State.FINISHED


# ------------------------------------------------------------------------------------------- pages and permissions
def test_a_finance_reviewer_starts_and_watches_its_bureaus_batches_only(evaluations, tongcheng_bureau):
    client = client_for("tongcheng_finance")
    page = client.get("/batches/")
    assert page.status_code == 200 and "重新评分全部自评" in page.content.decode()
    response = client.post("/batches/", {"kind": "rescore", "bureau": tongcheng_bureau.pk})
    batch = Batch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?batch={batch.pk}&started=1")
    assert (batch.finance_bureau, batch.started_by.username) == (tongcheng_bureau, "tongcheng_finance")
    assert batch.started_by_name == (batch.started_by.first_name or "tongcheng_finance")  # as people read it
    assert AuditEvent.objects.filter(action=Action.ADMIN, object_type="batch", object_id=str(batch.pk)).exists()

    other = evaluations["changli"].department.finance_bureau
    refused = client.post("/batches/", {"kind": "rescore", "bureau": other.pk})
    assert "请选择要重新评分的财政局" in refused.content.decode() and Batch.objects.count() == 1
    assert "请选择要重新评分的财政局" in client.post("/batches/", {"kind": "rescore", "bureau": "all"}).content.decode()
    assert "年度应为" in client.post("/batches/", {"kind": "disclosure", "bureau": tongcheng_bureau.pk,
                                                  "year": "二〇二三"}).content.decode()
    assert "未知的批量任务类型" in client.post("/batches/", {"kind": "<script>"}).content.decode()

    theirs = start(starting.start_rescore, bureau=other)
    assert client_for("changli_finance").get(f"/batches/?batch={theirs.pk}").status_code == 200
    assert client.get(f"/batches/?batch={theirs.pk}").status_code == 404
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, detail__contains=f"批量任务 {theirs.pk}").exists()
    assert f"?batch={theirs.pk}" not in client.get("/batches/").content.decode()
    assert client.get("/batches/?batch=x").status_code == 404


def test_a_stopped_worker_is_said_to_a_reviewer_in_words_and_to_the_administrator_with_its_command(
        evaluations, tongcheng_bureau):
    """The new-user trial: a finance reviewer read “另行运行 jixiao worker”, a command only an administrator runs."""
    reviewer = client_for("tongcheng_finance")
    reviewer.post("/batches/", {"kind": "rescore", "bureau": tongcheng_bureau.pk})
    batch = Batch.objects.get()  # queued, and no worker runs in the tests
    said = "系统的后台处理程序目前没有运行，排队的任务暂时不会开始。请告知系统管理员。"
    for url in ("/batches/", f"/batches/?batch={batch.pk}"):
        page = reviewer.get(url).content.decode()
        assert f'data-testid="no-worker">{said}</p>' in page and "jixiao worker" not in page, url
    admin = get_user_model().objects.filter(memberships__role="system_admin").first()
    page = client_for(admin.username).get(f"/batches/?batch={batch.pk}").content.decode()
    assert "或另行运行 jixiao worker。</p>" in page and said not in page


def test_only_finance_reviewers_and_the_system_administrator_reach_batches(evaluations):
    assert client_for("tongcheng_preparer").get("/batches/").status_code == 403
    assert client_for("tongcheng_preparer").post("/batches/", {"kind": "rescore", "bureau": "all"}).status_code == 403
    assert Batch.objects.count() == 0
    from django.test import Client

    assert Client().get("/batches/").status_code == 302  # to the login page
    admin = get_user_model().objects.filter(memberships__role="system_admin").first()
    client = client_for(admin.username)
    assert client.post("/batches/", {"kind": "rescore", "bureau": "all"}).status_code == 302
    batch = Batch.objects.get()
    from jixiao.web.goals.models import GoalSet

    # every bureau's evaluations and goal sets (their counts follow the schemes' totals)
    assert (batch.finance_bureau, batch.total) == (None, Evaluation.objects.count() + GoalSet.objects.count())
    page = client.get(f"/batches/?batch={batch.pk}").content.decode()
    assert "<th>结果</th>" not in page  # scores are the bureaus' business, not the administrator's


def test_the_command_starts_a_batch_and_shows_its_progress(evaluations, tongcheng_bureau, capsys):
    from jixiao.cli import main

    with _committed():
        assert main(["batch", "rescore", "--bureau", tongcheng_bureau.name]) == 0
    batch = Batch.objects.get()
    assert f"#{batch.pk}" in capsys.readouterr().out and batch.started_by_name == "命令行"
    run_queue()
    assert main(["batch", "status", str(batch.pk)]) == 0
    assert f"共 {batch.total} 项，排队中 0，执行中 0，已完成 {batch.total}，失败 0" in capsys.readouterr().out
    assert main(["batch", "rescore", "--bureau", "不存在的财政局"]) == 2
    assert "没有名为" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------- lost workers
def test_an_item_whose_worker_died_is_run_again_and_after_two_deaths_failed_with_the_reason(evaluations,
                                                                                             tongcheng_bureau):
    """The queue's recovery (worker/recovery.py) runs a dead worker's task once more: the same task takes its item
    back; a task lost twice is failed by the queue, and the item with it, while the batch finishes."""
    from django_tasks_db.models import DBTaskResult

    from jixiao.web.worker.recovery import LOST_REASON, recover_stale

    from .test_recovery import _dead_pid, _worker

    batch = start(starting.start_rescore, bureau=tongcheng_bureau)
    first, second = list(batch.items.all())[:2]
    results = {item.pk: DBTaskResult.objects.get(args_kwargs__args=[item.pk]) for item in (first, second)}
    for item, deaths in ((first, 1), (second, 2)):
        result = results[item.pk]
        for _ in range(deaths):
            result.claim(_worker(_dead_pid()))
        # the dead worker had claimed the item under this task
        BatchItem.objects.filter(pk=item.pk).update(state=BatchItem.State.RUNNING, task_id=str(result.pk), attempts=1)
    with _committed():
        outcomes = recover_stale()
    assert outcomes == {str(results[first.pk].pk): "requeued", str(results[second.pk].pk): "failed"}
    run_queue()
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.state, first.attempts) == (BatchItem.State.DONE, 2)
    assert (second.state, second.error) == (BatchItem.State.FAILED, LOST_REASON)
    assert Batch.objects.get(pk=batch.pk).state == Batch.State.FINISHED


def test_an_evaluation_the_core_cannot_score_fails_at_once_with_the_cores_reason(evaluations, tongcheng_bureau):
    tongcheng = evaluations["tongcheng"]
    Evaluation.objects.filter(pk=tongcheng.pk).update(document={**tongcheng.document, "scheme": "no-such-scheme"})
    batch = start(starting.start_rescore, bureau=tongcheng_bureau)
    run_queue()
    item = _items(batch)[str(tongcheng.pk)]
    assert (item.state, item.attempts) == (BatchItem.State.FAILED, 1)
    assert item.error.startswith("无法按现行评分方案评分：") and "no-such-scheme" in item.error
    assert Evaluation.objects.get(pk=tongcheng.pk).updated == tongcheng.updated  # nothing of it was saved
    assert Batch.objects.get(pk=batch.pk).state == Batch.State.FINISHED


def test_resuming_requeues_only_the_waiting_items_and_repeating_it_is_harmless(evaluations, capsys):
    from django_tasks_db.models import DBTaskResult

    from jixiao.cli import main

    batch = start(starting.start_rescore)
    first = batch.items.first()
    assert services.run_item(first.pk, "a-task") == BatchItem.State.DONE
    DBTaskResult.objects.all().delete()  # the queue lost every task (a flushed Redis)
    with _committed():
        assert main(["batch", "resume", str(batch.pk)]) == 0
        assert main(["batch", "resume", str(batch.pk)]) == 0  # twice: every waiting item has two tasks now
    assert f"已重新排队 {batch.total - 1} 项" in capsys.readouterr().out
    assert run_queue() == 2 * (batch.total - 1)
    batch.refresh_from_db()
    assert (batch.state, batch.done) == (Batch.State.FINISHED, batch.total)
    assert set(batch.items.values_list("attempts", flat=True)) == {1}
