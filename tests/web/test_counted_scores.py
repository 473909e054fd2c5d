"""The score and grade that count (review.counted): where the bureau's spot-check rescored a whole table, the
rankings and 结果应用 use the bureau's score and grade, graded on the table's own scale, the department's own score
and the 自评偏差 shown beside it; an evaluation rescored in part, or not at all, counts as the department scored it.

Seed 003 (通城 2023) scores every indicator at full marks and spends its whole budget: the department's table and
its first project's (工伤病残等级鉴定费, 5 万元) each total 100 — execution 20 + indicators 80 — graded 优 on the
90/80/60 scale. The bureau here finds half of each indicator's points earned: 20 + 40 = 60, which that scale grades
中 (60 and above), and the shipped rules cut a continuing project graded 中 by 20%."""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal

import pytest

from jixiao.core.money import fmt_percent, fmt_total
from jixiao.web.analytics import projection
from jixiao.web.analytics.models import EvaluationRow
from jixiao.web.analytics.services import grade_order
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.result_application.services import rows_of as suggestion_rows
from jixiao.web.review import services
from jixiao.web.review.counted import counted_scores
from jixiao.web.review.models import SpotCheck

from .conftest import client_for

HALF = Decimal("0.5")
OWN = "自评 100.00 分（优）"  # seed 003's own verdict on both tables


def _accepted(evaluation: Evaluation) -> Evaluation:
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Status.ACCEPTED)
    projection.refresh(evaluation.pk)  # as a save's own refresh would (the update sends no signal)
    return Evaluation.objects.get(pk=evaluation.pk)


def _rescore(evaluation: Evaluation, parts: set[str], capture, share: Decimal = HALF) -> SpotCheck:
    """The bureau samples the evaluation and scores every indicator of `parts` ('' the department, projects[0] …)
    at `share` of its weight, through the spot-check page; the refresh the save leaves for its commit is run."""
    client = client_for("tongcheng_finance")
    assert client.post("/review/", {"pick": [str(evaluation.pk)], "reason": "全部满分"}).status_code == 302
    check = SpotCheck.objects.get(evaluation=evaluation)
    typed = {row.field: str(row.weight * share) for row in services.rows_of(check) if row.part in parts}
    with capture(execute=True):
        assert client.post(f"/review/evaluations/{evaluation.pk}/", typed).status_code == 302
    return check


def _ranked_names(page: str) -> list[str]:
    table = page[page.index('data-testid="ranking-table"'):]
    return re.findall(r'<a href="/evaluations/\d+/">([^<]+)</a>', table[:table.index("</table>")])


@pytest.mark.django_db
def test_a_rescored_department_moves_in_the_ranking_with_the_bureaus_grade(generated_bureau, evaluations,
                                                                           django_capture_on_commit_callbacks):
    """通城 2023 accepted beside the full demo's six generated departments of 2023: first at its own 100, then, its
    department's table rescored at half, ranked by the bureau's 60 (中) among the others' own scores."""
    tongcheng = _accepted(evaluations["tongcheng"])
    name = tongcheng.department.name
    client = client_for("tongcheng_finance")
    before = client.get("/analytics/rankings/?year=2023").content.decode()
    assert _ranked_names(before)[0] == name and "按抽查复核得分" not in before
    _rescore(tongcheng, {""}, django_capture_on_commit_callbacks)
    row = EvaluationRow.objects.get(evaluation=tongcheng)
    assert (row.score, row.grade, row.score_source) == (Decimal(60), "中", "reviewed")
    assert (row.self_score, row.self_grade) == (Decimal(100), "优")
    others = EvaluationRow.objects.filter(year=2023, status__in=(Status.ACCEPTED, Status.WITH_FINANCE)) \
        .exclude(pk=row.pk)
    assert others.count() == 6
    after = client.get("/analytics/rankings/?year=2023").content.decode()
    place = _ranked_names(after).index(name)
    assert place == others.filter(score__gt=60).count() > 0  # below every department scored above 60, by its own
    assert f"按抽查复核得分；{OWN}，自评偏差 40.00 分" in after
    # the grade filter and the distributions count it as 中 now
    assert name in _ranked_names(client.get("/analytics/rankings/?year=2023&grade=中").content.decode())
    assert name not in _ranked_names(client.get("/analytics/rankings/?year=2023&grade=优").content.decode())


@pytest.mark.django_db
def test_a_rescored_project_gets_its_bureau_grades_suggestion_and_the_others_are_unchanged(
        evaluations, django_capture_on_commit_callbacks):
    tongcheng = _accepted(evaluations["tongcheng"])
    before = {row.key: row.suggestion for row in suggestion_rows(tongcheng)}
    _rescore(tongcheng, {"projects[0]"}, django_capture_on_commit_callbacks)
    found = counted_scores(tongcheng)
    assert (found.projects[0].score, found.projects[0].grade, found.projects[0].source) == (Decimal(60), "中", "bureau")
    assert (found.projects[0].self_score, found.projects[0].self_grade) == (Decimal(100), "优")
    assert not found.department.reviewed and not found.projects[1].reviewed
    after = {row.key: row.suggestion for row in suggestion_rows(tongcheng)}
    first = after["project-0"]
    # a continuing project (延续): the rules' continuing[0] cuts 中 by 20%
    assert (first.subject.name, first.subject.grade, first.subject.continuing) == ("工伤病残等级鉴定费", "中", True)
    assert (first.action, first.rule_path, first.amount) == ("reduce", "continuing[0]", Decimal(4))
    assert first.reason == (f"抽查复核等级为中（60.00 分，按抽查复核得分；{OWN}，自评偏差 40.00 分），按延续项目的结果应用"
                            "规则压减预算 20%：下年建议 = 本年项目预算 5.00 万元 × (100% − 20%) = 4.00 万元。")
    assert before["project-0"].action == "priority"
    assert {k: v for k, v in after.items() if k not in ("project-0", "department")} == \
        {k: v for k, v in before.items() if k not in ("project-0", "department")}
    # the department's line is the sum of its projects' suggestions: 4.00 where 5.00 was
    assert after["department"].amount == before["department"].amount - 1
    page = client_for("tongcheng_finance").get(f"/results/evaluations/{tongcheng.pk}/").content.decode()
    # the score cell reads at a glance: the bureau's score, labelled, above the department's own; why (with the
    # 自评偏差) is said in the row's 理由 and on hovering, no longer wrapped into the narrow score column
    assert (f'data-testid="reviewed-project-0" title="排名与结果应用按复核得分：财政抽查复核了本表的全部指标；'
            f'按抽查复核得分；{OWN}，自评偏差 40.00 分">复核得分 <b>60.00</b></span><br>'
            '<span class="self-score hint">自评得分 100.00</span>') in page
    assert 'data-testid="reviewed-project-1"' not in page
    # the spot-check page says what each table counts for: the rescored project's bureau score, the others their own
    counts = re.findall(r'data-testid="counts">([^<]+)<',
                        client_for("tongcheng_finance").get(f"/review/evaluations/{tongcheng.pk}/").content.decode())
    assert counts[0] == "自评得分（全部指标复核后改按复核得分）"  # the department's table, not rescored
    assert counts[1] == "复核得分 60.00 分（含预算执行得分，中）" and set(counts[2:]) == {"自评得分（全部指标复核后改按复核得分）"}
    # and the evaluation's own page, where the bureau accepts it, says the same of the rescored table
    overview = client_for("tongcheng_finance").get(f"/evaluations/{tongcheng.pk}/").content.decode()
    assert ("本自评已被抽查：项目“工伤病残等级鉴定费”自评偏差 40.00 分（已复核 10 项），排名与结果应用按复核得分 60.00 分"
            "（含预算执行得分，中）。") in overview


@pytest.mark.django_db
def test_a_table_rescored_in_part_counts_as_the_department_scored_it(evaluations, django_capture_on_commit_callbacks):
    """All of the first project's indicators but one rescored: neither side's verdict, so the department's own
    counts, in the projection and in 结果应用 alike."""
    tongcheng = _accepted(evaluations["tongcheng"])
    before = [row.suggestion for row in suggestion_rows(tongcheng)]
    check = _rescore(tongcheng, {"projects[0]"}, django_capture_on_commit_callbacks)
    last = [row for row in services.rows_of(check) if row.part == "projects[0]"][-1]
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for("tongcheng_finance").post(f"/review/evaluations/{tongcheng.pk}/",
                                                    {last.field: ""}).status_code == 302
    assert not counted_scores(tongcheng).reviewed
    page = client_for("tongcheng_finance").get(f"/review/evaluations/{tongcheng.pk}/").content.decode()
    assert "复核得分 60.00 分" not in page and 'data-testid="counts">自评得分（全部指标复核后改按复核得分）<' in page
    assert [row.suggestion for row in suggestion_rows(tongcheng)] == before
    row = EvaluationRow.objects.get(evaluation=tongcheng)
    assert (row.score, row.grade, row.score_source, row.self_score) == (Decimal(100), "优", "computed", Decimal(100))
    project = row.projects.get(index=0)
    assert (project.score, project.grade, project.grade_source) == (Decimal(100), "优", "computed")


@pytest.mark.django_db
def test_the_evaluation_page_and_the_bureaus_list_show_the_score_that_counts_beside_the_own(
        evaluations, django_capture_on_commit_callbacks):
    """Trial 10: the overview and the bureau's list showed the department's own 100.00 (优) after the spot-check had
    rescored its table at 60 (中), which rankings and 结果应用 count. Both show the 复核得分 now, above the 自评得分,
    to the bureau's reviewer; the department sees its own page as before."""
    tongcheng = _accepted(evaluations["tongcheng"])
    _rescore(tongcheng, {"", "projects[0]"}, django_capture_on_commit_callbacks)
    reviewer = client_for("tongcheng_finance")
    overview = reviewer.get(f"/evaluations/{tongcheng.pk}/").content.decode()
    shown = {name: re.search(rf'data-testid="{name}">([^<]+)<', overview).group(1)
             for name in ("reviewed-total", "reviewed-grade", "total-score", "grade")}
    assert shown == {"reviewed-total": "60.00", "reviewed-grade": "中", "total-score": "100.00", "grade": "优"}
    assert "排名与结果应用按复核得分（含预算执行得分）；自评偏差 40.00 分。" in overview
    project = re.search(r'data-testid="reviewed-project-0"[^>]*>(.*?)</span><br><span class="self-score hint">([^<]+)<',
                        overview)
    assert project.groups() == ("复核得分 <b>60.00</b>（中）", "自评得分 100.00（优）")
    assert 'data-testid="reviewed-project-1"' not in overview  # not rescored: its own score only
    listed = reviewer.get("/bureau/").content.decode()
    row = re.search(rf'data-testid="reviewed-{tongcheng.pk}"[^>]*>(.*?)</span><br><span class="self-score hint">'
                    r'([^<]+)<', listed)
    assert row.groups() == ("复核得分 <b>60.00</b>（中）", "自评得分 100.00（优）")
    # its grade cell as the overview's project rows have it: the grade that counts above the department's own
    assert ('<td><span class="counted-score" title="排名与结果应用按复核得分：财政抽查复核了本表的全部指标">中'
            '</span><br><span class="self-score hint">自评 优</span></td>') in listed
    assert listed.count('class="counted-score"') == 2  # 通城 2022, not spot-checked, shows its own score alone
    own_page = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/").content.decode()
    assert "复核得分" not in own_page and re.search(r'data-testid="total-score">100.00<', own_page)


def _list_rows(page: str) -> dict[str, list[str]]:
    """The evaluations list (/evaluations/) as shown: each row's address → its 得分 and 等级 cells, as markup."""
    table = page[page.index('<table class="list">'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r'<tr><td><a href="(/evaluations/\d+/)">.*?</td>\s*<td>.*?</td><td class="num">(.*?)</td>\s*'
                      r'<td>(.*?)</td>', table, re.S)
    return {address: [score, grade] for address, score, grade in rows}


@pytest.mark.django_db
def test_the_evaluations_list_shows_the_bureaus_reviewer_the_score_that_counts(evaluations,
                                                                              django_capture_on_commit_callbacks):
    """/evaluations/, which the bureau's reviewer sees beside /bureau/: 通城 2023's table rescored at half, its row
    shows the 复核得分 60.00 (中) above the 自评得分 100.00 (优) and grades it 中 above its own 优, as the bureau's list
    does; 通城 2022, not spot-checked, keeps its own. The department's users, to whom the evaluation's page shows no
    spot-check, see the list as before."""
    tongcheng = _accepted(evaluations["tongcheng"])
    address = f"/evaluations/{tongcheng.pk}/"
    reviewer = client_for("tongcheng_finance")
    before = _list_rows(reviewer.get("/evaluations/").content.decode())
    assert before[address] == ["100.00", "优"] and len(before) == 2
    _rescore(tongcheng, {""}, django_capture_on_commit_callbacks)
    page = reviewer.get("/evaluations/").content.decode()
    after = _list_rows(page)
    assert after[address] == [
        f'<span class="counted-score" data-testid="reviewed-{tongcheng.pk}" title="排名与结果应用按复核得分：财政抽查'
        f'复核了本表的全部指标；按抽查复核得分；{OWN}，自评偏差 40.00 分">复核得分 <b>60.00</b>（中）</span><br>'
        '<span class="self-score hint">自评得分 100.00（优）</span>',
        '<span class="counted-score" title="排名与结果应用按复核得分：财政抽查复核了本表的全部指标">中</span><br>'
        '<span class="self-score hint">自评 优</span>']
    assert {a: cells for a, cells in after.items() if a != address} == \
        {a: cells for a, cells in before.items() if a != address}  # 2022: its own score and grade alone
    for username in ("tongcheng_preparer", "tongcheng_reviewer"):
        own = client_for(username).get("/evaluations/").content.decode()
        assert _list_rows(own)[address] == ["100.00", "优"] and "复核得分" not in own, username


def test_a_part_is_read_by_docpath_as_every_path_is():
    """of_part takes the part a spot-check line names ('' the department, projects[i] a project) and reads the index
    as core.docpath does: a path below a project is that project's, and what names no project has none (it raised)."""
    from jixiao.core.cycle.reviewed import own
    from jixiao.web.review.counted import CountedScores

    department, first = own(Decimal("100"), "优"), own(Decimal("60"), "中")
    counts = CountedScores(department, {0: first})
    assert counts.of_part("") is department and counts.of_part("projects[0]") is first
    assert counts.of_part("projects[0].indicators[2]") is first
    assert counts.of_part("projects[3]") is None and counts.of_part("goals[0]") is None


@pytest.mark.django_db
def test_the_overview_grades_a_rescored_project_as_it_counts_for_the_bureau(evaluations,
                                                                            django_capture_on_commit_callbacks):
    """The evaluation's project list, as the bureau's reviewer sees it: the rescored project's grade cell says 中,
    which counts, above its own 优 (as its score cell does), and the grade line counts it as 中 beside the
    department's own count; the department's preparer, who does not see the spot-check, sees its own grades."""
    tongcheng = _accepted(evaluations["tongcheng"])
    own = counted_scores(tongcheng)
    _rescore(tongcheng, {"projects[0]"}, django_capture_on_commit_callbacks)
    page = client_for("tongcheng_finance").get(f"/evaluations/{tongcheng.pk}/").content.decode()
    row = page[page.index('data-testid="reviewed-project-0"'):]
    row = row[:row.index("</tr>")]
    assert ('<td><span class="counted-score" title="排名与结果应用按复核得分：财政抽查复核了本表的全部指标">中'
            '</span><br><span class="self-score hint">自评 优</span></td>') in row
    graded = [p.grade for p in own.projects.values() if p.grade]  # seed 003's own grades
    assert set(graded) == {"优"}
    line = re.search(r'data-testid="grade-line">([^<]+)<', page).group(1)
    n = len(graded)
    assert line == (f"按复核后等级：优 {n - 1} 个，良 0 个，中 1 个，差 0 个；评优率 {fmt_percent(Decimal(n - 1) / n)}"
                    f"（自评：优 {n} 个，良 0 个，中 0 个，差 0 个；评优率 100.00%）")
    preparer = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/").content.decode()
    assert re.search(r'data-testid="grade-line">([^<]+)<', preparer).group(1) == \
        f"等级分布：优 {n} 个，良 0 个，中 0 个，差 0 个；评优率 100.00%"
    assert 'class="self-score hint">自评 优' not in preparer


def _listed(page: str) -> list[tuple[str, str]]:
    """The bureau's list as shown: each row's department (linked) and what its 等级 cell says first."""
    table = page[page.index('data-testid="bureau-table"'):]
    table = table[:table.index("</table>")]
    return re.findall(r'<a href="/evaluations/\d+/">([^<]+)</a>.*?<td class="num">.*?</td><td>(?:<span[^>]*>)?([^<]+)<',
                      table, re.S)



def _grade_options(page: str) -> list[str]:
    select = page[page.index('<select name="grade">'):]
    return re.findall(r'<option value="([^"]+)"', select[:select.index("</select>")])


@pytest.mark.django_db
def test_the_bureaus_list_sorts_and_filters_by_the_score_and_grade_that_count(
        generated_bureau, evaluations, django_capture_on_commit_callbacks):
    """通城 2023 among the full demo's eleven generated departments of 2023: sorted by 得分 it leads at its own 100;
    its department's table rescored at half, it sorts by the bureau's 60 among the others' own scores, the grade
    filter finds it under 中 (which its grade cell shows first) and no longer under 优."""
    tongcheng = _accepted(evaluations["tongcheng"])
    name = tongcheng.department.name
    reviewer = client_for("tongcheng_finance")
    before = _listed(reviewer.get("/bureau/?year=2023&sort=-score").content.decode())
    assert before[0] == (name, "优")
    _rescore(tongcheng, {""}, django_capture_on_commit_callbacks)
    own = {e.department.name: e.score for e in Evaluation.objects.filter(
        year=2023, department__finance_bureau=generated_bureau).select_related("department")}
    counted = {**own, name: Decimal(60)}
    assert len(counted) == 12 and None not in counted.values()
    after = reviewer.get("/bureau/?year=2023&sort=-score").content.decode()
    # every row where its score puts it (ties by name, as the list breaks them): 通城 below every own score above 60
    assert [n for n, _ in _listed(after)] == sorted(counted, key=lambda n: (-counted[n], n))
    place = [n for n, _ in _listed(after)].index(name)
    assert place == sum(score > 60 for n, score in own.items() if n != name) and 0 < place < 11
    assert (name, "中") in _listed(after)
    # ascending, the other way round
    ascending = _listed(reviewer.get("/bureau/?year=2023&sort=score").content.decode())
    assert [n for n, _ in ascending] == sorted(counted, key=lambda n: (counted[n], n))
    # why it counts, as the projection keeps it (not remade by the list), on hovering over the score
    assert (f'data-testid="reviewed-{tongcheng.pk}" title="排名与结果应用按复核得分：财政抽查复核了本表的全部指标；'
            f'按抽查复核得分；{OWN}，自评偏差 40.00 分">') in after
    graded = {grade: sorted(n for n, g in _listed(after) if g == grade) for grade in ("优", "中")}
    assert name in graded["中"] and name not in graded["优"]
    for grade in ("优", "中"):
        chosen = _listed(reviewer.get(f"/bureau/?year=2023&grade={grade}").content.decode())
        assert sorted(n for n, _ in chosen) == graded[grade] and {g for _, g in chosen} == {grade}
    assert len(graded["中"]) == 1 + sum(e.grade == "中" for e in Evaluation.objects.filter(
        year=2023, department__finance_bureau=generated_bureau).exclude(pk=tongcheng.pk))


@pytest.mark.django_db
def test_a_grade_only_the_spot_check_gave_is_a_choice_of_the_bureaus_grade_filter(
        evaluations, django_capture_on_commit_callbacks):
    """The demo's 通城县财政局 alone: its two evaluations (2022, 2023) graded 优 by the department. Until the
    spot-check the grade filter offers 优 only; once it rescores 2023's table at 60 it offers 中 as well, which
    finds that evaluation."""
    tongcheng = _accepted(evaluations["tongcheng"])
    reviewer = client_for("tongcheng_finance")
    assert _grade_options(reviewer.get("/bureau/").content.decode()) == ["优"]
    _rescore(tongcheng, {""}, django_capture_on_commit_callbacks)
    assert _grade_options(reviewer.get("/bureau/").content.decode()) == ["优", "中"]
    page = reviewer.get("/bureau/?grade=中").content.decode()
    assert _listed(page) == [(tongcheng.department.name, "中")]
    assert f'href="/evaluations/{tongcheng.pk}/"' in page
    assert [year for year in re.findall(r"</td><td>(\d{4})</td>", page)] == ["2023"]
    assert [g for _, g in _listed(reviewer.get("/bureau/?grade=优").content.decode())] == ["优"]  # 2022 only


def _counts(page: str, testid: str) -> dict[str, int]:
    table = page[page.index(f'data-testid="{testid}"'):]
    return {grade: int(n) for grade, n in
            re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', table[:table.index("</table>")])}


def _chart(page: str, chart_id: str) -> dict[str, int]:
    charts = json.loads(re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page).group(1))
    chart = next(c for c in charts if c["id"] == chart_id)
    return {label: int(Decimal(n)) for label, n in zip(chart["labels"], chart["series"][0]["values"])}


@pytest.mark.django_db
def test_the_grade_distributions_count_the_grades_that_count(generated_bureau, evaluations,
                                                              django_capture_on_commit_callbacks):
    """统计分析 · 分布 of 2023 as the bureau received it (财政已收到): 通城's department table and its first project
    rescored at 60 (中) move one evaluation and one project from 优 to 中, in the charts and the tables beside them;
    the department's own grades are those its evaluations and projects were given before."""
    tongcheng = _accepted(evaluations["tongcheng"])
    reviewer = client_for("tongcheng_finance")
    received = Evaluation.objects.filter(year=2023, department__finance_bureau=generated_bureau,
                                         status__in=(Status.WITH_FINANCE, Status.ACCEPTED))
    own = Counter(e.grade for e in received)
    assert own["优"] >= 1 and received.count() == 7
    before = reviewer.get("/analytics/distributions/?year=2023").content.decode()
    assert _counts(before, "grade-table") == _chart(before, "chart-grades") == {g: own[g] for g in grade_order(own)}
    projects = _counts(before, "project-grade-table")
    assert projects == _chart(before, "chart-project-grades") and projects["优"] >= 1
    _rescore(tongcheng, {"", "projects[0]"}, django_capture_on_commit_callbacks)
    after = reviewer.get("/analytics/distributions/?year=2023").content.decode()
    moved = own - Counter({"优": 1}) + Counter({"中": 1})
    assert _counts(after, "grade-table") == _chart(after, "chart-grades") == {g: moved[g] for g in grade_order(moved)}
    expected = Counter(projects) - Counter({"优": 1}) + Counter({"中": 1})
    assert _counts(after, "project-grade-table") == _chart(after, "chart-project-grades") == \
        {g: expected[g] for g in grade_order(expected)}
    # the histogram bins the bureau's 60 (60–65), not the department's 100 (95–100)
    bins_before, bins_after = _counts_row(before), _counts_row(after)
    assert bins_after["60–65"] == bins_before["60–65"] + 1 and bins_after["95–100"] == bins_before["95–100"] - 1
    # and the page says how many it counts at the bureau's grade, which the self-evaluation did not give
    assert 'data-testid="reviewed-grades"' not in before and 'data-testid="reviewed-project-grades"' not in before
    assert re.search(r'data-testid="reviewed-grades">([^<]+)<', after).group(1) == \
        "其中 1 份按抽查复核等级计（财政抽查复核了部门整体表的全部指标），得分分布同样按复核得分。"
    assert re.search(r'data-testid="reviewed-project-grades">([^<]+)<', after).group(1) == \
        "其中 1 个项目按抽查复核等级计（财政抽查复核了项目表的全部指标）。"


def _counts_row(page: str) -> dict[str, int]:
    table = page[page.index('data-testid="histogram-table"'):]
    table = table[:table.index("</table>")]
    labels = re.findall(r'<th class="num" scope="col">([^<]+)</th>', table)
    return dict(zip(labels, map(int, re.findall(r'<td class="num">(\d+)</td>', table))))


def _row_cells(html: str, department: str) -> list[str]:
    """The cells of a department's row of a departments × years table, as text (markup stripped)."""
    row = re.split(rf'<th scope="row">{department}(?: <span[^>]*>[^<]*</span>)?</th>', html)[1].split("</tr>")[0]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


@pytest.mark.django_db
def test_the_pages_comparing_departments_count_the_bureaus_score(generated_bureau, evaluations,
                                                                 django_capture_on_commit_callbacks):
    """Beside the ranking (above) and the distributions: the departments × years table, the trends' mean score and
    结果应用's overview of 2023 take 通城's table at the bureau's 60 (中) once its spot-check rescored it."""
    tongcheng = _accepted(evaluations["tongcheng"])
    name = tongcheng.department.name
    reviewer = client_for("tongcheng_finance")
    rows = EvaluationRow.objects.filter(year=2023, department__finance_bureau=generated_bureau,
                                        status__in=(Status.WITH_FINANCE, Status.ACCEPTED))
    own = sum(r.self_score for r in rows)

    def mean(page: str) -> str:
        return re.search(r'<th scope="row">2023</th><td class="num">7</td><td class="num">7</td>'
                         r'<td class="num">([^<]+)</td>', page).group(1)

    assert mean(reviewer.get("/analytics/trends/?year=2023").content.decode()) == fmt_total(own / 7)
    assert _row_cells(reviewer.get("/analytics/?year=2023").content.decode(), name)[:2] == ["100.00", "优 财政已接收"]
    _rescore(tongcheng, {""}, django_capture_on_commit_callbacks)
    # the mean over the 7 evaluations received, 通城's 100 counted as 60: 40 / 7 lower
    assert mean(reviewer.get("/analytics/trends/?year=2023").content.decode()) == fmt_total((own - 40) / 7)
    cells = _row_cells(reviewer.get("/analytics/?year=2023").content.decode(), name)
    assert cells[:2] == [f"60.00按抽查复核得分；{OWN}，自评偏差 40.00 分", "中 财政已接收"]
    results = reviewer.get("/results/?year=2023").content.decode()
    line = results[results.index(f">{name}</a>"):]
    line = line[:line.index("</tr>")]
    # the overview's score cell as its suggestions page draws it: the bureau's 60 above the department's own 100,
    # why on hovering; its grade cell the grade that counts
    assert re.search(rf'<td class="num"><span class="counted-score" data-testid="reviewed-{tongcheng.pk}" '
                     r'title="([^"]+)">复核得分 <b>([^<]+)</b></span><br><span class="self-score hint">([^<]+)</span>'
                     r'</td><td>([^<]+)</td>', line).groups() == \
        (f"排名与结果应用按复核得分：财政抽查复核了本表的全部指标；按抽查复核得分；{OWN}，自评偏差 40.00 分", "60.00",
         "自评得分 100.00", "中")
    others = results.replace(line, "")
    assert 'class="counted-score"' not in others and "自评得分" not in others  # the others' own scores alone


# ------------------------------------------------------------------------------- one 自评偏差, the trial's case
MARKET = "通城县市场监督管理局"


def _rescore_market(capture) -> tuple[Evaluation, SpotCheck, str]:
    """The new user's trial on the full demo: 市场监督管理局 2023 (89.11, 良; its department table's 28 rows add up to
    70.270295…, four of them scored by formula) sampled and every row of its department table rescored, to 55.50 in
    all: 74.34 with the execution item kept (18.841044…), 中. Returns the evaluation, its spot-check and its page."""
    market = Evaluation.objects.get(department__name=MARKET, year=2023)
    client = client_for("tongcheng_finance")
    assert client.post("/review/", {"pick": [str(market.pk)], "reason": "试用"}).status_code == 302
    check = SpotCheck.objects.get(evaluation=market)
    rows = [row for row in services.rows_of(check) if not row.part]
    bureau = ["2", "2", "1.5", "1.5", "2", "1.5", "3.5"] * 4
    bureau[-1] = "3"
    assert len(rows) == 28 and sum(map(Decimal, bureau)) == Decimal("55.5")
    url = f"/review/evaluations/{market.pk}/"
    with capture(execute=True):
        assert client.post(url, {row.field: value for row, value in zip(rows, bureau)}).status_code == 302
    return market, check, client.get(url).content.decode()


@pytest.mark.django_db
def test_a_rescored_tables_gap_is_one_figure_on_every_page(generated_bureau, evaluations,
                                                          django_capture_on_commit_callbacks):
    """The trial read 14.78 on the spot-check (its rows' self scores shown, 1.93 + 1.96 + …, added: 70.28 − 55.50)
    and on the evaluation's page, 14.77 (89.11 − 74.34) at its top and on the rankings. By the rule — exact figures,
    rounded once — it is 14.77 (70.270295… − 55.50): every page says 14.77, the spot-check's equation is that of
    its sums shown (70.27 − 55.50), and its department table, whose rows shown add to 70.28, carries the 尾差 note."""
    market, check, page = _rescore_market(django_capture_on_commit_callbacks)
    label = "部门整体自评偏差合计（部门整体自评表，满分 100 分，只计本表指标）"
    assert f"{label} 14.77（已复核 28/28 项：自评 70.27 − 复核 55.50 = 14.77）" in page
    assert '<td class="num">28/28</td><td class="num">70.27</td><td class="num">55.50</td>' in page
    assert "14.78" not in page and "70.28" not in page
    table = page[page.index('id="part-1"'):page.index('id="part-2"')]
    assert ('data-testid="tail-note">注：各项得分和自评偏差四舍五入保留两位小数，合计和自评偏差按未舍入的得分计算，'
            '与所列分项之和（之差）可能存在尾差。</p>') in table
    assert 'data-testid="tail-note"' not in page[page.index('id="part-2"'):]  # the projects' tables add up
    counted = counted_scores(market).department
    assert (fmt_total(counted.score), counted.grade, fmt_total(counted.self_score)) == ("74.34", "中", "89.11")
    assert counted.shown_gap == services.gap_report(check.scores.all()).department.sum.shown_gap == Decimal("14.77")
    client = client_for("tongcheng_finance")
    detail = client.get(f"/evaluations/{market.pk}/").content.decode()
    assert "自评偏差 14.77 分。</p>" in detail and "部门整体自评偏差 14.77 分（已复核 28 项）" in detail
    assert "14.78" not in detail
    for url in ("/analytics/rankings/?year=2023", f"/results/evaluations/{market.pk}/"):
        shown = client.get(url).content.decode()
        assert "按抽查复核得分；自评 89.11 分（良），自评偏差 14.77 分" in shown and "14.78" not in shown, url


@pytest.mark.django_db
def test_the_risk_ranking_shows_the_score_that_counts_above_the_departments_own(generated_bureau, evaluations,
                                                                                django_capture_on_commit_callbacks):
    """The trial's risk ranking kept showing 89.11 | 良 once the bureau's rescore made it 74.34, 中 on every other
    bureau page: it still ranks by risk, and shows the 复核得分 and grade above the department's own, dimmed, as the
    bureau's list does."""
    client = client_for("tongcheng_finance")
    before = client.get("/review/?year=2023").content.decode()
    market, _, _ = _rescore_market(django_capture_on_commit_callbacks)
    after = client.get("/review/?year=2023").content.decode()

    def ranked(page):
        return re.findall(r'<tr data-evaluation="(\d+)">', page)

    assert ranked(after) == ranked(before)  # by risk, as before
    row = after[after.index(f'<tr data-evaluation="{market.pk}">'):]
    row = row[:row.index("</tr>")]
    assert ('复核得分 <b>74.34</b>（中）</span><br><span class="self-score hint">自评得分 89.11（良）</span>') in row
    assert '<span class="counted-score" title="排名与结果应用按复核得分：财政抽查复核了本表的全部指标">中</span><br>' \
           '<span class="self-score hint">自评 良</span>' in row
    assert "自评偏差 14.77 分" in row  # why it counts, on hovering
    bureau = client.get("/bureau/?year=2023").content.decode()
    assert '复核得分 <b>74.34</b>（中）</span><br><span class="self-score hint">自评得分 89.11（良）</span>' in bureau
    others = [pk for pk in ranked(after) if pk != str(market.pk)]
    other = after[after.index(f'<tr data-evaluation="{others[0]}">'):]
    assert "复核得分" not in other[:other.index("</tr>")]  # not rescored: its own score, as ever


@pytest.mark.django_db
def test_a_department_row_names_the_project_whose_indicator_it_restates(generated_bureau, evaluations):
    """The trial's spot-check said rows 10, 11, 13, 17, 18, 20, 24, 25 and 27 of 市场监督管理局's department table
    were “与项目“食品安全抽检监测”的指标相同”, matched by name: each goal copies one project's seven indicators, and
    资金拨付及时率, 项目成本控制 and 长效管理机制 are in every project. Row 10 (goal 2's 资金拨付及时率, 95 %) is
    特种设备's (食品安全's states 57 %); row 13 (长效管理机制: 长期, 部分达成, as three projects state it) is the
    project its goal copies, 特种设备; row 27 (长期, 长期) is 消费维权's alone."""
    market = Evaluation.objects.get(department__name=MARKET, year=2023)
    client = client_for("tongcheng_finance")
    assert client.post("/review/", {"pick": [str(market.pk)], "reason": "试用"}).status_code == 302
    rows = {row.number: row for row in services.rows_of(SpotCheck.objects.get(evaluation=market))}
    projects = ["食品安全抽检监测", "特种设备安全监察", "市场主体登记服务", "消费维权和投诉处理"]
    assert [rows[n].restates for n in range(1, 29)] == [name for name in projects for _ in range(7)]
    page = client.get(f"/review/evaluations/{market.pk}/").content.decode()
    row = page[page.index('<td class="num">10</td>'):]
    assert row[:row.index("</tr>")].count("与项目“特种设备安全监察”的指标相同") == 1
    assert "<td>≥95%</td><td>95%</td>" in row[:row.index("</tr>")]


@pytest.mark.django_db
def test_the_bureaus_scores_kept_read_what_the_queryset_reads(evaluations, django_capture_on_commit_callbacks):
    """counted.bureau_scores reads by a statement compiled once per process (lookups.kept) the paths and scores the
    queryset read: for every demo evaluation, one rescored in part (its scores) and those not rescored (none), and
    for an evaluation that does not exist."""
    from jixiao.web.review.counted import bureau_scores
    from jixiao.web.review.models import BureauScore

    _rescore(_accepted(evaluations["tongcheng"]), {"", "projects[0]"}, django_capture_on_commit_callbacks,
             Decimal("0.25"))
    rescored = 0
    for evaluation in Evaluation.objects.all():
        expected = dict(BureauScore.objects.filter(spot_check__evaluation_id=evaluation.pk)
                        .values_list("path", "score"))
        assert bureau_scores(evaluation.pk) == expected
        rescored += len(expected)
    assert rescored > 10 and bureau_scores(10**6) == {}
    assert all(isinstance(score, Decimal) for score in bureau_scores(evaluations["tongcheng"].pk).values())
