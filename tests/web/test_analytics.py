"""统计分析 (issue 10 §5): the projection of the scored evaluations follows create, save, workflow and delete, says
what the core's analysis says, is rebuilt idempotently by `reproject`; the pages show a finance reviewer their own
bureau's departments only, as tables beside the charts."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from jixiao.core.cycle.projection import scored_total
from jixiao.core.money import round_half_up
from jixiao.web.accounts.models import Membership, Role
from jixiao.web.analytics import figures
from jixiao.web.analytics.models import EvaluationRow, FindingRow, IndicatorRow, ProjectRow
from jixiao.web.analytics.projection import refresh
from jixiao.web.analytics.services import evaluation_rows, project_rows
from jixiao.web.evaluations.documents import Edit
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import (Actor, analysis_of, create_evaluation, next_year_document,
                                             save_document, transition)
from jixiao.web.organisations.models import FinanceBureau

from .conftest import client_for
from .test_browser import browser  # noqa: F401 — the Chromium fixture
from .test_workflow import fix_seed_000

PAGES = ("/analytics/", "/analytics/rankings/", "/analytics/trends/", "/analytics/distributions/")


def six(value):
    return None if value is None else round_half_up(value, 6)


def assert_projects(evaluation: Evaluation) -> None:
    """The rows of an evaluation say what `analysis_of` says of its saved revision."""
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    analysis = analysis_of(evaluation)
    row = EvaluationRow.objects.get(evaluation=evaluation)
    card = analysis.result.department
    if scored_total(card) is not None:
        assert row.score == six(card.total) and row.grade == (card.grade.name if card.grade else "")
    else:  # no card, or one that scores nothing yet (a skeleton: its total of nothing is 0, which is no score)
        assert row.score == six(analysis.document.stated_score)
    shown = None if row.score is None else round_half_up(row.score, 2)  # a skeleton from goals has no score yet
    assert shown == evaluation.score and row.grade == evaluation.grade  # the lists' summary
    assert (row.errors, row.warnings, row.notices) == tuple(analysis.count(s) for s in ("error", "warning", "notice"))
    assert (row.year, row.status, row.source_revision) == (evaluation.year, evaluation.status, evaluation.revision)
    projects = list(row.projects.order_by("index"))
    assert [(p.name, p.score, p.grade) for p in projects] == \
        [(r.project.name, six(r.score), r.grade or "") for r in analysis.result.projects]
    cards = ([card] if card else []) + [r.card for r in analysis.result.projects if r.card]
    if card is not None:
        assert sorted(i.path for i in row.indicators.all()) == sorted(leaf.path for c in cards for leaf in c.leaves())
    assert sorted(row.finding_rows.values_list("code", "severity", "location")) == \
        sorted((f.code, f.severity, f.location) for f in analysis.findings)


# ------------------------------------------------------------------------------------------------ projection
def test_the_demo_is_projected_as_the_core_scores_it(evaluations):
    assert EvaluationRow.objects.count() == Evaluation.objects.count() > 3  # seeds, years before, a skeleton
    for evaluation in Evaluation.objects.all():
        assert_projects(evaluation)
    tongcheng = EvaluationRow.objects.get(evaluation=evaluations["tongcheng"])
    # seed 003 (通城 2023): the Hubei department scheme scores it 100, 优, on 21468.3 万元 spent of 21468.3
    assert (tongcheng.score, tongcheng.grade, tongcheng.score_source) == (Decimal(100), "优", "computed")
    assert (tongcheng.budget_adjusted, tongcheng.spent, tongcheng.execution_rate) == \
        (Decimal("21468.3"), Decimal("21468.3"), Decimal(1))
    assert tongcheng.projects.count() == 26
    first = tongcheng.projects.get(index=0)
    assert (first.name, first.budget_adjusted, first.spent, first.execution_rate, first.score, first.grade) == \
        ("工伤病残等级鉴定费", Decimal(5), Decimal(5), Decimal(1), Decimal(100), "优")
    indicator = IndicatorRow.objects.filter(project=first).order_by("id").first()
    assert (indicator.level1_name, indicator.path) == ("产出指标", "projects[0].indicators[0]")
    # seed 000 (昌黎 2023) has no department scheme: its stated 98 / 优 and its execution 27081.25 / 27346.62
    changli = EvaluationRow.objects.get(evaluation=evaluations["changli"])
    assert (changli.score, changli.grade, changli.score_source) == (Decimal(98), "优", "stated")
    assert changli.execution_rate == round_half_up(Decimal("27081.25") / Decimal("27346.62"), 6)


def test_a_save_a_new_evaluation_a_transition_and_a_delete_reach_the_projection(
        evaluations, django_capture_on_commit_callbacks):
    tongcheng = evaluations["tongcheng"]
    projected = EvaluationRow.objects.count()
    user = Membership.objects.get(role=Role.PREPARER, department=tongcheng.department).user
    with django_capture_on_commit_callbacks(execute=True):
        saved = save_document(tongcheng.pk, [Edit("projects[0].indicators[0].actual", "80 例")], Actor(user),
                              tongcheng.revision)
    assert saved.changes
    row = EvaluationRow.objects.get(evaluation=tongcheng)
    # RULES §4.1: 80 of 100 on a weight of 5 earns 4, and the project 99 (as the entry page shows it)
    assert row.projects.get(index=0).score == Decimal(99) and row.source_revision == tongcheng.revision + 1
    assert row.indicators.get(path="projects[0].indicators[0]").actual == "80 例"
    assert_projects(tongcheng)

    with django_capture_on_commit_callbacks(execute=True):
        created = create_evaluation(department=tongcheng.department, year=2024, actor=Actor(user),
                                    document=next_year_document(tongcheng.document, 2024), copied_from=2023)
    assert EvaluationRow.objects.get(evaluation=created).year == 2024
    assert_projects(created)

    with django_capture_on_commit_callbacks(execute=True):
        Evaluation.objects.filter(pk=created.pk).delete()
    assert not EvaluationRow.objects.filter(evaluation_id=created.pk).exists()
    assert not ProjectRow.objects.filter(row__evaluation_id=created.pk).exists()
    assert EvaluationRow.objects.count() == projected


def test_a_workflow_transition_changes_the_status_the_projection_holds(evaluations, django_capture_on_commit_callbacks):
    changli = evaluations["changli"]
    preparer = client_for("changli_preparer")
    with django_capture_on_commit_callbacks(execute=True):
        fix_seed_000(preparer, changli)  # two saves through the entry pages (save_document)
    assert EvaluationRow.objects.get(evaluation=changli).errors == 0
    with django_capture_on_commit_callbacks(execute=True):
        transition(changli, "submit", actor=Actor(Membership.objects.get(role=Role.PREPARER,
                                                                          department=changli.department).user))
    assert EvaluationRow.objects.get(evaluation=changli).status == Status.SUBMITTED
    assert_projects(changli)


def _snapshot() -> list:
    rows = []
    for row in EvaluationRow.objects.order_by("evaluation_id"):
        rows.append((
            [getattr(row, f.attname) for f in EvaluationRow._meta.concrete_fields if f.name != "id"],
            list(row.projects.order_by("index").values_list("index", "name", "budget_adjusted", "spent",
                                                            "execution_rate", "score", "grade", "grade_source")),
            list(row.indicators.order_by("path").values_list("path", "project__index", "level1", "level2", "name",
                                                             "weight", "target", "actual", "score")),
            sorted(row.finding_rows.values_list("code", "severity", "location", "subject", "where", "message"))))
    return rows


def test_reproject_rebuilds_everything_and_is_idempotent(evaluations, capsys):
    before = _snapshot()
    FindingRow.objects.all().delete()
    EvaluationRow.objects.filter(evaluation=evaluations["changli"]).delete()
    call_command("reproject")
    assert f"{Evaluation.objects.count()} 份自评" in capsys.readouterr().out
    assert _snapshot() == before
    call_command("reproject")
    assert _snapshot() == before


def test_a_document_the_core_refuses_is_named_and_the_others_rebuilt(evaluations, capsys, caplog):
    jingzhou = evaluations["jingzhou"]
    broken = {**jingzhou.document, "scheme": "no-such-scheme"}
    Evaluation.objects.filter(pk=jingzhou.pk).update(document=broken, revision=jingzhou.revision + 1)
    EvaluationRow.objects.all().delete()
    with pytest.raises(CommandError, match=f"1 份自评未能分析.*编号 {jingzhou.pk}"):
        call_command("reproject")
    assert f"{Evaluation.objects.count() - 1} 份自评" in capsys.readouterr().out and "no-such-scheme" in caplog.text
    assert set(EvaluationRow.objects.values_list("evaluation_id", flat=True)) == \
        set(Evaluation.objects.exclude(pk=jingzhou.pk).values_list("pk", flat=True))
    # after a save, the same failure is logged and the save stands
    from jixiao.web.analytics.projection import refresh_quietly

    refresh_quietly(jingzhou.pk)
    assert not EvaluationRow.objects.filter(evaluation=jingzhou).exists()


# ----------------------------------------------------------------------------------------------- the service
def test_the_service_reads_one_bureau_and_filters(evaluations):
    tongcheng = evaluations["tongcheng"]
    own = [tongcheng.department.finance_bureau_id]
    mine = set(Evaluation.objects.filter(department__finance_bureau_id__in=own).values_list("pk", flat=True))
    assert {r.evaluation_id for r in evaluation_rows(own)} == mine and tongcheng.pk in mine
    assert [r.evaluation_id for r in evaluation_rows(own, year=2023, grade="优")] == [tongcheng.pk]
    assert not evaluation_rows(own, year=2021).exists()
    assert not evaluation_rows(own, department=evaluations["changli"].department_id).exists()
    assert project_rows(own, year=2023).count() == 26


# ------------------------------------------------------------------------------------------------ the pages
@pytest.mark.parametrize("username", ["tongcheng_preparer", "tongcheng_reviewer", "sysadmin", "auditor"])
def test_only_finance_reviewers_see_analytics(demo, username):
    client = client_for(username)
    for page in PAGES:
        assert client.get(page).status_code == 403


def test_a_bureau_sees_only_its_own_departments(evaluations):
    client = client_for("tongcheng_finance")
    for page in PAGES:
        html = client.get(page).content.decode()
        assert "通城县人力资源和社会保障局" in html and "昌黎" not in html and "靖州" not in html, page
    # another bureau's department asked for by id is not a choice: it is ignored, and shows nothing of it
    other = evaluations["changli"].department_id
    html = client.get(f"/analytics/?department={other}").content.decode()
    assert "昌黎" not in html and "通城县人力资源和社会保障局" in html


def test_the_tables_show_the_projection_rounded_for_display(evaluations):
    client = client_for("changli_finance")
    html = client.get("/analytics/?status=all").content.decode()  # 昌黎's 2023 is a draft
    # 27081.25 / 27346.62 = 99.0296…%, shown 99.03%; the stated total 98 shown as every page shows a total: 98.00
    assert "99.03%" in html and ">98.00</a>" in html and 'data-testid="matrix-table"' in html
    assert ">98</a>" not in html
    ranking = client.get("/analytics/rankings/?by=findings").content.decode()
    # by default what the bureau received: 昌黎's 2022 (accepted), not its 2023 draft
    assert "2022 年度（有得分的最近年度" in ranking
    assert '<td class="num">1</td><td><a href="/evaluations/' in ranking
    distributions = client.get("/analytics/distributions/?status=all").content.decode()
    # 40 projects graded as their table states them, every one 优 or 良 …: the table counts what the projection holds
    rows = project_rows([evaluations["changli"].department.finance_bureau_id])
    for grade, n in figures.grade_counts(rows):
        assert f'<th scope="row">{grade}</th><td class="num">{n}</td>' in distributions


def _table(html: str, testid: str) -> str:
    table = html[html.index(f'data-testid="{testid}"'):]
    return table[:table.index("</table>")]


def test_the_pages_mark_the_demos_generated_departments_as_the_bureaus_list_does(generated_bureau):
    """The full demo's 通城县财政局: under the default 财政已收到, 通城's seed department and its eleven generated ones
    each have a received year (2022, accepted): every generated one is marked as /bureau/ marks it, in the
    departments × years table and in the departments' trends; the ranking opens on 2023, where six generated
    departments have a received evaluation and 通城's is a draft. 通城's department is real, but its 2022 is the year
    the demo generated before its seed: its badge, in the same place under the name, names the year, and no cell
    carries one (a new user read “93.86 演示生成” in the cell beside the generated departments' badges by their
    names)."""
    from jixiao.web.organisations.models import Department

    from .test_review import GENERATED_BADGE, GENERATED_YEAR_BADGE

    generated = set(Department.objects.filter(generated=True).values_list("name", flat=True))
    assert len(generated) == 11
    client = client_for("tongcheng_finance")
    assert GENERATED_BADGE in client.get("/bureau/").content.decode()
    for path, testid in (("/analytics/", "matrix-table"), ("/analytics/trends/", "department-trend-table")):
        rows = re.findall(r'<th scope="row">([^<]*?)((?: <span[^>]*>[^<]*</span>)?)</th>', _table(client.get(path).content.decode(), testid))
        assert {name for name, after in rows if after == GENERATED_BADGE} == generated, path
        year_badge = GENERATED_YEAR_BADGE.replace(">演示生成<", ">演示生成：2022 年度<")
        assert [(name, after) for name, after in rows if name not in generated] == \
            [("通城县人力资源和社会保障局", year_badge)], path
        cells = re.sub(r'<th scope="row">.*?</th>', "", _table(client.get(path).content.decode(), testid))
        assert "演示生成" not in cells, path
    # a generated year the filters leave out is not named: 2023 alone shows 通城's own figures, its name unmarked
    alone = _table(client.get("/analytics/?year=2023&status=all").content.decode(), "matrix-table")
    assert '<th scope="row">通城县人力资源和社会保障局</th>' in alone
    ranking = client.get("/analytics/rankings/").content.decode()
    assert "2023 年度（有得分的最近年度" in ranking
    rows = re.findall(r'<a href="/evaluations/\d+/">([^<]+)</a>(.*?)</td>', _table(ranking, "ranking-table"))
    assert len(rows) == 6 and {after for _, after in rows} == {GENERATED_BADGE} and {n for n, _ in rows} < generated


def test_the_department_filter_names_the_generated_departments_as_demo_data(generated_bureau):
    """An <option> holds text only: each of the full demo's eleven generated departments is listed in 选择部门 as
    its name followed by （演示生成）, on every tab; 通城's seed department as its name alone, as before."""
    from jixiao.web.organisations.models import Department

    generated = set(Department.objects.filter(generated=True).values_list("name", flat=True))
    client = client_for("tongcheng_finance")
    for path in PAGES:
        page = client.get(path).content.decode()
        select = page[page.index('<select name="department">'):]
        options = re.findall(r'<option value="\d+">([^<]+)</option>', select[:select.index("</select>")])
        assert {o.removesuffix("（演示生成）") for o in options if o.endswith("（演示生成）")} == generated, path
        assert [o for o in options if not o.endswith("（演示生成）")] == ["通城县人力资源和社会保障局"], path


def test_a_reviewer_of_two_bureaus_chooses_the_bureau(evaluations):
    user = Membership.objects.get(role=Role.FINANCE_REVIEWER, finance_bureau__name="通城县财政局").user
    Membership.objects.create(user=user, role=Role.FINANCE_REVIEWER,
                              finance_bureau=FinanceBureau.objects.get(name="昌黎县财政局"))
    client = client_for(user.username)
    html = client.get("/analytics/").content.decode()
    assert 'name="bureau"' in html and "通城县人力资源和社会保障局" in html and "昌黎县人力资源和社会保障局" in html
    changli = FinanceBureau.objects.get(name="昌黎县财政局").pk
    html = client.get(f"/analytics/?bureau={changli}").content.decode()
    assert "昌黎县人力资源和社会保障局" in html and "通城县人力资源和社会保障局</th>" not in html
    assert "靖州" not in client.get("/analytics/?bureau=" + str(FinanceBureau.objects.get(name="靖州县财政局").pk)) \
        .content.decode()


# ------------------------------------------------------------------------------------- unscored, and status
def tongcheng_skeleton(evaluations, year: int = 2024) -> Evaluation:
    """通城's next year as the goals page builds it: last year's projects and indicators, no actual values. The
    Hubei department scheme scores it, nothing is scored, and the engine's total of nothing is 0."""
    tongcheng = evaluations["tongcheng"]
    user = Membership.objects.get(role=Role.PREPARER, department=tongcheng.department).user
    created = create_evaluation(department=tongcheng.department, year=year, actor=Actor(user),
                                document=next_year_document(tongcheng.document, year))
    refresh(created.pk)  # as the commit would (tests run inside one transaction)
    return Evaluation.objects.get(pk=created.pk)


def test_an_unscored_evaluation_is_no_zero(evaluations):
    skeleton = tongcheng_skeleton(evaluations)
    card = analysis_of(skeleton).result.department
    assert card.total == 0 and not any(leaf.scored for leaf in card.leaves())  # what the engine says
    row = EvaluationRow.objects.get(evaluation=skeleton)
    assert (skeleton.score, row.score, row.score_source) == (None, None, "none")
    assert_projects(skeleton)
    # one leaf given its target as actual: the card scores something, and its total is a score again
    leaf = card.leaves()[0]
    user = Membership.objects.get(role=Role.PREPARER, department=skeleton.department).user
    save_document(skeleton.pk, [Edit(f"{leaf.path}.actual", leaf.indicator.target)], Actor(user), skeleton.revision)
    refresh(skeleton.pk)
    scored = analysis_of(Evaluation.objects.get(pk=skeleton.pk)).result.department
    assert scored_total(scored) == scored.total > 0
    assert EvaluationRow.objects.get(evaluation=skeleton).score == six(scored.total)


def test_unscored_rows_are_left_out_of_rankings_means_and_bins(evaluations):
    skeleton = tongcheng_skeleton(evaluations)
    client = client_for("tongcheng_finance")
    # every status: 2022 accepted 93.86, 2023 draft 100, 2024 the skeleton; the ranking opens on 2023, the latest
    # year with a score, not on the skeleton's 2024
    ranking = client.get("/analytics/rankings/?status=all").content.decode()
    assert "2023 年度（有得分的最近年度" in ranking and f"/evaluations/{evaluations['tongcheng'].pk}/" in ranking
    alone = client.get("/analytics/rankings/?status=all&year=2024").content.decode()
    assert f"/evaluations/{skeleton.pk}/" in alone and "未评分" in alone and "chart-data" not in alone
    assert '<td class="num">—</td>' in alone  # no place
    lines = {line.year: line for line in figures.trend(evaluation_rows([skeleton.department.finance_bureau_id]))}
    assert (lines[2024].evaluations, lines[2024].scored, lines[2024].mean_score) == (1, 0, None)
    trends = client.get("/analytics/trends/?status=all").content.decode()
    assert '<th scope="row">2024</th><td class="num">1</td><td class="num">0</td><td class="num">—</td>' in trends
    bins = client.get("/analytics/distributions/?status=all&year=2024").content.decode()
    assert "未评分 1 份，不计入" in bins
    # not in "60 以下": in no bin at all
    assert [n for _, n in figures.histogram(evaluation_rows([skeleton.department.finance_bureau_id], year=2024))] \
        == [0] * len(figures.HISTOGRAM_BINS)


def test_comparisons_default_to_what_the_bureau_received(evaluations):
    client = client_for("tongcheng_finance")
    draft = evaluations["tongcheng"]  # seed 003, 2023, a draft with 2 errors
    accepted = Evaluation.objects.get(department=draft.department, status=Status.ACCEPTED)  # 2022, 93.86
    ranking = client.get("/analytics/rankings/").content.decode()
    assert "包括：财政已收到（待财政审核、财政已接收）的自评" in ranking
    assert f"{accepted.year} 年度" in ranking and f"/evaluations/{accepted.pk}/" in ranking
    assert f"/evaluations/{draft.pk}/" not in ranking
    trends = client.get("/analytics/trends/").content.decode()
    assert f'<th scope="row">{accepted.year}</th>' in trends and f'<th scope="row">{draft.year}</th>' not in trends
    # asked for, drafts are ranked too; the tabs keep what was asked for
    drafts = client.get(f"/analytics/rankings/?status=draft&year={draft.year}").content.decode()
    assert f"/evaluations/{draft.pk}/" in drafts and "包括：草稿的自评" in drafts and "status=draft" in drafts
    # the departments × years table opens on the same default: the draft is left out until asked for
    matrix = client.get("/analytics/").content.decode()
    assert "包括：财政已收到（待财政审核、财政已接收）的自评" in matrix
    assert f"/evaluations/{draft.pk}/" not in matrix and f"/evaluations/{accepted.pk}/" in matrix
    assert '<span class="hint" data-testid="status">草稿</span>' not in matrix
    assert '<span class="hint" data-testid="status">财政已接收</span>' in matrix
    assert 'status=' not in client.get("/analytics/rankings/").content.decode().split('class="tabs"')[1][:600]
    # 全部状态 asked for: every evaluation, its status shown, and the tabs keep the choice
    everything = client.get("/analytics/?status=all").content.decode()
    assert f"/evaluations/{draft.pk}/" in everything and f"/evaluations/{accepted.pk}/" in everything
    assert '<span class="hint" data-testid="status">草稿</span>' in everything
    assert "包括：全部状态（含草稿）的自评" in everything
    assert _tabs(everything).count("status=all") == len(PAGES)


def _cells(html: str, department: str) -> list[str]:
    """The cells of a department's row of the departments × years table, as text (markup stripped)."""
    import re

    # after the name, its 演示生成 badge where it has one
    row = re.split(rf'<th scope="row">{department}(?: <span[^>]*>[^<]*</span>)?</th>', html)[1].split("</tr>")[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_a_cell_left_out_by_the_filters_says_why_not_that_there_is_no_evaluation(evaluations):
    """A new user read 无自评 for 2023 on the default 财政已收到 where the department's 2023 evaluation is a draft:
    the cell says the chosen statuses have none, and which status it has; 无自评 stays for a year with none."""
    from jixiao.web.organisations.models import Department

    draft = evaluations["tongcheng"]  # 2023, a draft
    accepted = Evaluation.objects.get(department=draft.department, status=Status.ACCEPTED)  # 2022
    assert (accepted.year, draft.year) == (2022, 2023)
    # another department of the bureau whose 2023 evaluation the bureau has received, and none of 2022
    school = Department.objects.create(finance_bureau_id=draft.department.finance_bureau_id, name="通城县教育局")
    user = Membership.objects.get(role=Role.PREPARER, department=draft.department).user
    received = create_evaluation(department=school, year=2023, actor=Actor(user),
                                 document=next_year_document(draft.document, 2023))
    Evaluation.objects.filter(pk=received.pk).update(status=Status.WITH_FINANCE)
    refresh(received.pk)
    client = client_for("tongcheng_finance")
    name = draft.department.name
    matrix = client.get("/analytics/").content.decode()
    cells = _cells(matrix, name)
    assert len(cells) == 6 and cells[-1] == "— 所选状态下无自评（该年度自评：草稿）"
    assert 'title="所选状态下无自评（该年度自评：草稿）"' in matrix
    assert _cells(matrix, "通城县教育局")[0] == "无自评"  # truly none of 2022
    # submitted to the department: named by its status too
    Evaluation.objects.filter(pk=draft.pk).update(status=Status.SUBMITTED)
    refresh(draft.pk)
    assert _cells(client.get("/analytics/").content.decode(), name)[-1] == \
        "— 所选状态下无自评（该年度自评：已提交，待部门审核）"
    # every status, one grade: the year whose evaluation has another grade says so (both are 优 in the seeds:
    # the 2023 one's projected grade is set to 良 here, as a save that lowered its score would)
    assert EvaluationRow.objects.get(evaluation=accepted).grade == "优"
    EvaluationRow.objects.filter(evaluation=draft).update(grade="良")
    EvaluationRow.objects.filter(evaluation=received).update(grade="优")
    cells = _cells(client.get("/analytics/?status=all&grade=优").content.decode(), name)
    assert cells[-1] == "— 所选等级下无自评（该年度自评等级：良）"
    # every status, every grade: nothing is left out, so no cell says so
    assert "所选" not in "".join(_cells(client.get("/analytics/?status=all").content.decode(), name))


def test_a_year_whose_evaluations_the_filters_leave_out_is_a_column_that_says_why(evaluations):
    """通城's seed department has 2022 (accepted, 93.86) and 2023 (a draft): under the default 财政已收到 the
    departments × years table and the departments' trends keep the 2023 column, its cell saying why it is empty;
    the year chosen alone is the only column."""
    draft = evaluations["tongcheng"]
    name = draft.department.name
    client = client_for("tongcheng_finance")
    why = "— 所选状态下无自评（该年度自评：草稿）"
    matrix = client.get("/analytics/").content.decode()
    assert re.findall(r'<th colspan="5" scope="colgroup">(\d+) 年度</th>', matrix) == ["2022", "2023"]
    # 2022: score (the year the demo generated before the seed: marked under the department's name), grade and status,
    # execution rate, findings, the risk score 抽查复核 ranks it by (30.43)
    assert _cells(matrix, name) == ["93.86", "优 财政已接收", "93.44%", "1 / 2 / 2", "30.43", why]
    # the chart draws no series for 2023, which has no score under these filters (a legend without bars, a trial)
    charts = json.loads(re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', matrix).group(1))
    assert [s["name"] for s in charts[0]["series"]] == ["2022 年度"] and charts[0]["series"][0]["values"] == ["93.86"]
    trends = client.get("/analytics/trends/").content.decode()
    table = _table(trends, "department-trend-table")
    assert re.findall(r'<th class="num" scope="col">(\d+)</th>', table) == ["2022", "2023"]
    assert _cells(table, name) == ["93.86", why]
    assert 'title="所选状态下无自评（该年度自评：草稿）"' in table
    # the trends' yearly summary counts what the filter keeps: no line for 2023
    assert '<th scope="row">2022</th>' in trends and '<th scope="row">2023</th>' not in trends
    alone = client.get("/analytics/?year=2022").content.decode()
    assert re.findall(r'<th colspan="5" scope="colgroup">(\d+) 年度</th>', alone) == ["2022"]
    # every status: nothing left out, the same columns, nothing said
    everything = _table(client.get("/analytics/trends/?status=all").content.decode(), "department-trend-table")
    assert _cells(everything, name) == ["93.86", "100.00"]


def _tabs(html: str) -> str:
    return html.split('<nav class="tabs">')[1].split("</nav>")[0]


@pytest.mark.parametrize("query", ["", "?status=all&page=1"])
def test_every_tab_marks_itself_as_the_current_one(evaluations, query):
    """The tab shown is marked (class and aria-current) and no other, on the paged tabs as on 分布."""
    import re

    client = client_for("tongcheng_finance")
    titles = dict(zip(PAGES, ["部门×年度", "排名", "趋势", "分布"]))
    for path, title in titles.items():
        tabs = _tabs(client.get(path + query).content.decode())
        marked = re.findall(r'<a href="([^"?]*)[^"]*" class="current" aria-current="page">([^<]*)</a>', tabs)
        assert marked == [(path, title)], path
        assert tabs.count("aria-current") == 1 and tabs.count('class="current"') == 1, path


def test_every_tab_opens_on_the_same_status(evaluations):
    client = client_for("tongcheng_finance")
    for path in PAGES:
        html = client.get(path).content.decode()
        assert "包括：财政已收到（待财政审核、财政已接收）的自评" in html, path
        assert '<option value="received" selected>' in html, path
        draft = client.get(path + "?status=draft").content.decode()
        assert "包括：草稿的自评" in draft and '<option value="draft" selected>' in draft, path


# ------------------------------------------------------------------------------------------ figures at edges
def test_scores_fall_in_their_histogram_bin_as_shown():
    # bins: below 60, then 60–65 … 95–100, lower bound in; by the score as shown (2 places, half up), as grades are
    # given: 89.995 shows 90.00
    labels = [label for label, _ in figures.histogram(EvaluationRow.objects.none())]
    assert labels == ["60 以下", "60–65", "65–70", "70–75", "75–80", "80–85", "85–90", "90–95", "95–100"]
    assert figures.bin_of(Decimal("89.994999")) == 6
    assert figures.bin_of(Decimal("89.995")) == 7 and figures.bin_of(Decimal(90)) == 7
    assert figures.bin_of(Decimal("94.99")) == 7 and figures.bin_of(Decimal(95)) == 8
    assert figures.bin_of(Decimal(100)) == 8 and figures.bin_of(Decimal("100.5")) == 8
    assert figures.bin_of(Decimal(0)) == 0 and figures.bin_of(Decimal(-1)) == 0
    assert figures.bin_of(Decimal("59.99")) == 0 and figures.bin_of(Decimal(60)) == 1


def test_chart_axes_drop_the_place_every_department_shares():
    assert figures.short_names(["通城县交通运输局", "通城县人力资源和社会保障局"]) == ["交通运输局", "人力资源和社会保障局"]
    assert figures.short_names(["通城县教育局"]) == ["通城县教育局"]  # alone, nothing is shared
    assert figures.short_names(["通城县教育局", "昌黎县教育局"]) == ["通城县教育局", "昌黎县教育局"]
    assert figures.short_names(["教育局", "教育局机关"]) == ["教育局", "教育局机关"]  # a shared word is not a place


def test_equal_figures_share_a_place_and_rows_without_one_come_last(evaluations):
    rows = list(EvaluationRow.objects.select_related("department").filter(
        evaluation__in=list(evaluations.values())))  # the three seeds' own years
    by_name = {r.department.name[:2]: r for r in rows}
    # 通城 100 (computed), 靖州 100 (stated), 昌黎 98 (stated)
    ranked = figures.ranking(rows, "score")
    assert [(r.place, r.row.department.name[:2]) for r in ranked] == [(1, "通城"), (1, "靖州"), (3, "昌黎")]
    assert by_name["靖州"].execution_rate is None  # seed 002 states no adjusted budget: no rate, ranked last
    assert figures.ranking(rows, "execution_rate")[-1].place is None
    # equal as shown, equal place: 98.004999 shows 98 like 昌黎's stated 98; 98.005 shows 98.01 and goes ahead
    tongcheng = by_name["通城"]
    tongcheng.score = Decimal("98.004999")
    assert [(r.place, r.row.department.name[:2]) for r in figures.ranking(rows, "score")] == \
        [(1, "靖州"), (2, "昌黎"), (2, "通城")]
    tongcheng.score = Decimal("98.005")
    assert [(r.place, r.row.department.name[:2]) for r in figures.ranking(rows, "score")] == \
        [(1, "靖州"), (2, "通城"), (3, "昌黎")]


# ------------------------------------------------------------------------------------------------- in Chromium
def _signed_in(browser, live_server, username: str, password: str):  # noqa: F811
    """A page at 1366×768 signed in as a finance reviewer (password, then the authenticator's code), on /bureau/."""
    import re

    from .conftest import current_code

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/accounts/login/code/"))
    page.fill("input[name=code]", current_code(username))
    page.click("button.primary")
    page.wait_for_url(re.compile(r"/bureau/"))
    return page


@pytest.mark.browser
def test_the_charts_draw_and_a_filter_changes_the_table(live_server, transactional_db, browser):  # noqa: F811
    import re

    from jixiao.web.demo import load_demo


    logins = {u: p for u, p, _ in load_demo()}
    user = Membership.objects.get(role=Role.FINANCE_REVIEWER, finance_bureau__name="通城县财政局").user
    Membership.objects.create(user=user, role=Role.FINANCE_REVIEWER,
                              finance_bureau=FinanceBureau.objects.get(name="昌黎县财政局"))
    page = _signed_in(browser, live_server, user.username, logins[user.username])

    page.click("header nav >> text=统计分析")
    page.wait_for_url(re.compile(r"/analytics/$"))
    # ECharts drew the chart on a canvas of real size
    page.wait_for_selector("#chart-matrix canvas")
    assert page.eval_on_selector("#chart-matrix canvas", "c => c.width > 300 && c.height > 200")
    table = page.locator("[data-testid=matrix-table] tbody")
    assert table.locator("tr").count() == 2
    assert "通城县人力资源和社会保障局" in table.inner_text() and "昌黎县人力资源和社会保障局" in table.inner_text()
    # nothing wider than the window at 1366×768
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    page.screenshot(path="/tmp/analytics-1-matrix.png")

    page.select_option("select[name=department]", label="昌黎县人力资源和社会保障局")
    page.click("[data-testid=analytics-filters] button")
    page.wait_for_url(re.compile(r"department="))
    assert table.locator("tr").count() == 1
    assert "昌黎县人力资源和社会保障局" in table.inner_text() and "通城" not in table.inner_text()
    assert "99.03%" in table.inner_text()
    page.wait_for_selector("#chart-matrix canvas")

    page.click("nav.tabs >> text=分布")  # the tabs keep the filters
    page.wait_for_selector("#chart-grades canvas")
    assert "department=" in page.url
    page.screenshot(path="/tmp/analytics-2-distributions.png", full_page=True)
    page.goto(f"{live_server.url}/analytics/trends/")
    page.wait_for_selector("#chart-department-trend canvas")
    page.screenshot(path="/tmp/analytics-3-trends.png", full_page=True)
    page.goto(f"{live_server.url}/analytics/rankings/?by=findings")
    page.wait_for_selector("#chart-ranking canvas")
    page.screenshot(path="/tmp/analytics-4-rankings.png", full_page=True)


@pytest.mark.browser
def test_every_demo_badge_sits_under_its_departments_name_at_1366(live_server, transactional_db, browser):  # noqa: F811
    """The full demo's 通城县财政局 at 1366×768: a generated department's 演示生成 sat by its name, the generated 2022
    of 通城's real department beside its score (“93.86 演示生成”). Both now sit on the line under the name, at its
    left edge, inside the name's cell, in the departments × years table and the departments' trends; no cell of a
    year carries one."""
    from django.contrib.auth import get_user_model

    from jixiao.web.analytics.projection import rebuild_all
    from jixiao.web.demo import DEPARTMENTS, _example, load_demo
    from jixiao.web.demo_generated.full import load_bureau

    logins = {u: p for u, p, _ in load_demo()}
    demo = next(d for d in DEPARTMENTS if d.key == "tongcheng")
    load_bureau(FinanceBureau.objects.get(name=demo.bureau), demo.key, _example(demo.example),
                get_user_model().objects.get(username="tongcheng_finance"))
    rebuild_all()
    page = _signed_in(browser, live_server, "tongcheng_finance", logins["tongcheng_finance"])
    for path, testid in (("/analytics/", "matrix-table"), ("/analytics/trends/", "department-trend-table")):
        page.goto(f"{live_server.url}{path}")
        placed = page.eval_on_selector_all(f"[data-testid={testid}] tbody th[scope=row]", """ths => ths.map(th => {
            const name = document.createRange(); name.selectNodeContents(th.firstChild);
            const n = name.getBoundingClientRect(), cell = th.getBoundingClientRect();
            const badge = th.querySelector("[data-testid=generated]");
            if (!badge) return [th.textContent, null];
            const b = badge.getBoundingClientRect();
            return [th.firstChild.textContent.trim(), badge.textContent, b.top >= n.bottom - 1 && Math.abs(b.left - n.left) < 1
                    && b.right <= cell.right && b.bottom <= cell.bottom];
        })""")
        assert len(placed) == 12, path
        assert [p for p in placed if p[1] != "演示生成"] == [["通城县人力资源和社会保障局", "演示生成：2022 年度", True]], path
        assert all(p[2] for p in placed), (path, placed)
        assert page.locator(f"[data-testid={testid}] td [data-testid=generated]").count() == 0, path
        page.screenshot(path=f"/tmp/analytics-generated-{testid}.png", full_page=True)
    assert re.search(r"/analytics/trends/$", page.url)


@pytest.mark.browser
def test_the_trend_legend_names_every_department_above_the_plot(live_server, transactional_db, browser):  # noqa: F811
    """A paged legend ("1/3") showed five of twelve departments' names: the legend wraps onto as many lines as the
    names need, and the plot starts below its last line."""
    from jixiao.web.demo import load_demo
    from jixiao.web.organisations.models import Department


    logins = {u: p for u, p, _ in load_demo()}
    tongcheng = Evaluation.objects.get(department__name="通城县人力资源和社会保障局", year=2023)
    preparer = Membership.objects.get(role=Role.PREPARER, department=tongcheng.department).user
    for name in ["通城县教育局", "通城县民政局", "通城县水利局", "通城县卫生健康局", "通城县交通运输局",
                 "通城县农业农村局", "通城县市场监督管理局", "通城县住房和城乡建设局"]:
        department = Department.objects.create(finance_bureau=tongcheng.department.finance_bureau, name=name)
        made = create_evaluation(department=department, year=2023, actor=Actor(preparer),
                                 document=next_year_document(tongcheng.document, 2023))
        refresh(made.pk)
    finance = Membership.objects.get(role=Role.FINANCE_REVIEWER, finance_bureau__name="通城县财政局").user
    page = _signed_in(browser, live_server, finance.username, logins[finance.username])
    page.goto(f"{live_server.url}/analytics/trends/?status=all")
    page.wait_for_selector("#chart-department-trend canvas")
    legend = page.eval_on_selector("#chart-department-trend", """element => {
        const chart = echarts.getInstanceByDom(element), shown = chart.getOption();
        const view = chart._componentsViews.find(v => v && v.type === "legend.plain");
        const box = view.group.getBoundingRect();
        return {series: shown.series.length, top: view.group.y + box.y, bottom: view.group.y + box.y + box.height,
                plotTop: shown.grid[0].top, height: element.clientHeight}; }""")
    rows = page.locator("[data-testid=department-trend-table] tbody tr").count()
    assert legend["series"] == rows == 9
    assert legend["bottom"] - legend["top"] > 40  # nine names: more than one line of the half-page chart
    assert legend["bottom"] < legend["plotTop"] and legend["height"] > 300
    page.screenshot(path="/tmp/analytics-trend-legend.png", full_page=True)


# ------------------------------------------------------------------------------------------------ categories
def test_departments_are_compared_by_the_category_the_indicator_library_gives_them(evaluations):
    """Issue 10 §5: filters by category. A department's category is the sector file of the indicator library whose
    `departments` words its name contains (社会保障和就业 for a 人力资源和社会保障局, 教育 for an 教育局)."""
    from jixiao.web.analytics.services import OTHER_CATEGORY, category_of, read_filters
    from jixiao.web.organisations.models import Department

    tongcheng = evaluations["tongcheng"]
    own = [tongcheng.department.finance_bureau_id]
    assert category_of(tongcheng.department) == "社会保障和就业"
    school = Department.objects.create(finance_bureau_id=own[0], name="通城县教育局")
    assert category_of(school) == "教育"
    assert category_of(Department(name="通城县档案馆")) == OTHER_CATEGORY
    user = Membership.objects.get(role=Role.PREPARER, department=tongcheng.department).user
    created = create_evaluation(department=school, year=2023, actor=Actor(user),
                                document=next_year_document(tongcheng.document, 2023))
    refresh(created.pk)
    mine = set(Evaluation.objects.filter(department__finance_bureau_id__in=own).values_list("pk", flat=True))
    assert {r.evaluation_id for r in evaluation_rows(own, category="教育")} == {created.pk}
    assert {r.evaluation_id for r in evaluation_rows(own, category="社会保障和就业")} == mine - {created.pk}
    chosen, choices = read_filters({"category": "教育"}, own)
    assert choices.categories == ["教育", "社会保障和就业"] and chosen.category == "教育"
    assert read_filters({"category": "<script>"}, own)[0].category == ""  # anything else: not chosen
    page = client_for("tongcheng_finance").get("/analytics/?category=教育&status=all").content.decode()
    assert "通城县教育局</th>" in page and '<option value="教育" selected>教育</option>' in page


# The ranking's rows and a filter's options as the templates drew them before ranking_rows and options drew them
RANKING_LOOP = """{% load analytics_figures departments %}{% for r in ranked %}
    <tr><td class="num">{{ r.place|default:"—" }}</td><td><a href="{% url 'evaluations:detail' r.row.evaluation_id %}">{{ r.row.department.name }}</a>{{ r.row.department|generated_badge }}</td>
      <td class="num">{% if r.row.score is None %}<span class="hint">未评分</span>{% else %}{{ r.row.score|total_score }}{% endif %}</td><td>{{ r.row.grade|default:"未评定" }}</td><td class="num">{{ r.row.execution_rate|rate }}</td>
      <td class="num">{{ r.row.errors }}</td><td class="num">{{ r.row.warnings }}</td><td class="num">{{ r.row.notices }}</td><td class="num">{{ r.row.findings }}</td><td class="num">{% if r.row.risk is not None %}{{ r.row.risk|total_score }}{% else %}—{% endif %}</td></tr>
  {% endfor %}"""  # noqa: E501
OPTIONS_LOOPS = {
    "{% options choices.years chosen.year ' 年度' %}": "{% for y in choices.years %}<option value=\"{{ y }}\" {% if chosen.year == y %}selected{% endif %}>{{ y }} 年度</option>{% endfor %}",  # noqa: E501
    "{% options choices.statuses chosen.status %}": "{% for key, label in choices.statuses.items %}<option value=\"{{ key }}\" {% if chosen.status == key %}selected{% endif %}>{{ label }}</option>{% endfor %}",  # noqa: E501
    "{% options choices.grades chosen.grade %}": "{% for g in choices.grades %}<option value=\"{{ g }}\" {% if chosen.grade == g %}selected{% endif %}>{{ g }}</option>{% endfor %}",  # noqa: E501
    "{% options choices.bureau_options chosen.bureau %}": "{% for b in choices.bureaus %}<option value=\"{{ b.pk }}\" {% if chosen.bureau == b.pk %}selected{% endif %}>{{ b.name }}</option>{% endfor %}",  # noqa: E501
}


@pytest.mark.django_db
def test_the_ranking_rows_and_filter_options_drawn_in_python_are_the_templates(evaluations):
    """Every evaluation of the demo's bureaus ranked (scored, unscored, with and without a risk score) and the
    filters' options, nothing chosen and each chosen: the markup the template loops drew."""
    from django.http import QueryDict
    from django.template import Context, Template

    from jixiao.web.analytics.services import ALL, read_filters

    scope = list(FinanceBureau.objects.values_list("pk", flat=True))
    for by in figures.RANKINGS:
        ranked = figures.ranking(evaluation_rows(scope), by)
        assert ranked and any(r.place is None for r in ranked) or by != "risk"
        context = Context({"ranked": ranked})
        assert Template("{% load analytics_figures %}{% ranking_rows ranked %}").render(context) == \
            Template(RANKING_LOOP).render(context)
    chosen, choices = read_filters(QueryDict(), scope, ALL)
    picks = [QueryDict(), QueryDict(f"year={choices.years[0]}&status=accepted&bureau={scope[0]}"
                                    f"&grade={choices.grades[0]}")]
    for params in picks:
        chosen, choices = read_filters(params, scope, ALL)
        for tag, loop in OPTIONS_LOOPS.items():
            context = Context({"chosen": chosen, "choices": choices})
            assert Template("{% load analytics_figures %}" + tag).render(context) == Template(loop).render(context)
    assert chosen.year and chosen.grade and chosen.bureau and chosen.status == "accepted"


def test_a_sector_file_added_while_the_app_runs_gives_departments_their_category(tmp_path, monkeypatch):
    """Categories follow the indicator library's sector files, which are read again when a bureau adds one (no
    restart): a 气象局 is 其他部门 until a file claims 气象."""
    from jixiao.web.analytics.services import OTHER_CATEGORY, category_of
    from jixiao.web.organisations.models import Department

    weather = Department(name="某县气象局")
    assert category_of(weather) == OTHER_CATEGORY
    (tmp_path / "indicators").mkdir()
    (tmp_path / "indicators" / "weather.yaml").write_text(
        "title: 行业指标·气象\ndepartments: [气象]\nindicators:\n  - {name: 预警信息发布时效, level1: output, "
        "level2: timeliness, unit_of_measure: 分钟, direction: lower_better, criteria: 不超过目标值得满分}\n",
        encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES", str(tmp_path))
    assert category_of(weather) == "气象"


def test_a_pies_shares_are_each_rounded_half_up_as_the_table_says():
    """Two of six evaluations in each of three grades (the full demo's 2025 shape): each wedge says 33.33%, as the
    rounding rule gives for 2 ÷ 6; ECharts' own {d} forces the three to add up to 100 and said 33.34% for one."""
    from jixiao.web.analytics.figures import Chart

    pie = Chart("chart-grades", "pie", "自评等级分布", ["优", "良", "中"], "份", [("自评", [2, 2, 2])])
    assert pie.spec()["shares"] == ["33.33%", "33.33%", "33.33%"]
    one_of_eight = Chart("chart-grades", "pie", "自评等级分布", ["优", "良"], "份", [("自评", [1, 7])])
    assert one_of_eight.shares() == ["12.50%", "87.50%"]  # 0.125 half up stays 12.50
    assert Chart("b", "bars", "得分分布", ["60"], "份", [("自评", [1])]).spec().get("shares") is None
    assert Chart("chart-grades", "pie", "自评等级分布", ["优"], "份", [("自评", [0])]).shares() == ["—"]


# ----------------------------------------------------------------------- statements compiled once per process
FILTER_CASES = [{}, {"status": "all"}, {"status": "draft"}, {"status": "received", "year": 2022},
                {"status": "all", "grade": "优"}, {"status": "returned"}, {"status": "all", "year": 2023, "grade": "良"}]


def test_the_tables_statements_give_what_the_querysets_give(evaluations):
    """For each set of filters (and a department or bureau chosen): the departments' page, its count and the years
    read by the kept statements (rows_statement) are the querysets', and the figures' fingerprint is the rows'."""
    from django.db.models import Max

    from jixiao.web import lookups
    from jixiao.web.analytics import services

    lookups._KEPT.clear()
    bureaus = sorted(FinanceBureau.objects.values_list("pk", flat=True))
    department = evaluations["tongcheng"].department_id
    cases = FILTER_CASES + [{"status": "all", "department": department},
                            {"status": "all", "bureau": evaluations["changli"].department.finance_bureau_id}]
    for filters in cases:
        rows = evaluation_rows(bureaus, **filters)
        statement = services.rows_statement(bureaus, filters)
        departments = set(rows.values_list("department_id", flat=True))
        assert sorted(d.pk for d in lookups.kept(services.departments_of_rows, *statement)) == sorted(departments)
        assert lookups.kept_count(services.departments_of_rows, *statement) == len(departments)
        assert sorted(lookups.kept(services.years_of_rows, *statement)) == \
            services.table_years(rows, filters.get("year")), filters
        _, params, figures_ = services._kept_fingerprint(statement)
        found = services.fingerprint(rows)
        assert (figures_[0], figures_[1], figures_[3]) == (found[0], found[1], found[3]), filters
        assert (figures_[2] is None) == (found[2] is None)
        assert found[0] == 0 or rows.aggregate(last=Max("source_updated"))["last"] is not None
    assert services.rows_statement(bureaus, {"category": "教育"}) is None  # a category: built as ever
    assert all(entry is not lookups._NOT_KEPT for entry in lookups._KEPT.values())


def _trends(client) -> str:
    """The trends page drawn afresh (not the page cache's copy), without its CSRF tokens."""
    html = client.get("/analytics/trends/", HTTP_CACHE_CONTROL="no-cache").content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_the_trends_figures_are_drawn_afresh_after_a_write_to_their_rows_and_kept_after_another(evaluations):
    """The trend figures kept per state of their rows (services.kept): after a write to one of the rows the page
    is the page drawn with nothing kept; a write to a row the page does not count (another bureau's) keeps them."""
    from unittest import mock

    from django.core.cache import cache

    client = client_for("tongcheng_finance")
    first = _trends(client)
    accepted = EvaluationRow.objects.get(evaluation__department=evaluations["tongcheng"].department,
                                         status=Status.ACCEPTED)
    with mock.patch.object(figures, "trend", wraps=figures.trend) as computed:
        assert _trends(client) == first
        other = EvaluationRow.objects.get(evaluation=evaluations["changli"])
        EvaluationRow.objects.filter(pk=other.pk).update(score=Decimal("12.5"),
                                                         source_revision=other.source_revision + 1)
        assert _trends(client) == first
        assert computed.call_count == 0  # kept: neither a drawing again nor another bureau's write counted them
        EvaluationRow.objects.filter(pk=accepted.pk).update(score=Decimal("61.25"),
                                                            source_revision=accepted.source_revision + 1)
        after = _trends(client)
        assert computed.call_count == 1
    cache.clear()
    assert after == _trends(client) != first
    assert "61.25" in after
