"""抽查复核 (issue 10 part 3): the risk ranking of what departments submitted to their bureau, the sample the reviewer
takes from it, the bureau's own scores and the 自评偏差 they give; for finance reviewers of that bureau only."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jixiao.core.money import round_half_up
from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.review import services
from jixiao.web.review.models import BureauScore, Sample, SpotCheck

from .conftest import client_for
from .test_browser import browser  # noqa: F401 - a fixture


def _submit(evaluation: Evaluation, status: str = Status.ACCEPTED) -> Evaluation:
    Evaluation.objects.filter(pk=evaluation.pk).update(status=status)
    evaluation.refresh_from_db()
    return evaluation


def _rules():
    return {rule.id: rule.weight for rule in services.risk_rules().signals}


def _reviewer():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="tongcheng_finance")


def _row(evaluation: Evaluation) -> services.Ranked:
    return next(r for r in services.ranking(_reviewer()) if r.evaluation == evaluation)


# seed 003: errors (FACT.CONFLICT ×2), 24 warnings, 24 MEASURE/DEVIATION findings, 119 indicators at full marks, 30 of
# 42 actuals equal to their target, one 改进措施 pasted in five projects
SEED_FIRED = {"errors", "warnings", "measurement", "full_marks", "exact_targets", "pasted_text"}


def _seed_score() -> Decimal:
    """With the demo's previous year judged too (accepted, spot-checked): every point can be judged."""
    weights = _rules()
    return sum(weights[k] for k in SEED_FIRED) / sum(weights.values()) * 100


@pytest.fixture
def tongcheng(evaluations) -> Evaluation:
    return _submit(evaluations["tongcheng"], Status.WITH_FINANCE)


def _sampled(evaluation: Evaluation) -> SpotCheck:
    client = client_for("tongcheng_finance")
    response = client.post("/review/", {"pick": [str(evaluation.pk)], "reason": "全部满分"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SpotCheck.objects.get(evaluation=evaluation)


# ------------------------------------------------------------------------------------------------------ ranking
@pytest.mark.django_db
def test_the_ranking_lists_submitted_evaluations_with_their_score_and_every_point_explained(tongcheng, evaluations):
    _submit(evaluations["changli"])  # another bureau's: not on this reviewer's page
    page = client_for("tongcheng_finance").get("/review/").content.decode()
    assert "通城县人力资源和社会保障局" in page and "昌黎" not in page
    # a reviewer reads who sets the rules, not the name of a file, nor a check's code in the points' reasons
    assert "控制点及其权重、阈值由财政局配置" in page and ".yaml" not in page
    assert "FACT.CONFLICT" not in page and "“同一事项在文中各处数值一致” 2 个" in page
    from jixiao.web.review.demo import DEDUCTIONS

    rows = services.ranking(_reviewer())
    assert [r.evaluation.year for r in rows] == [2023, 2022]  # the seed year ranks above the demo's previous year
    row = rows[0]
    assert {p.rule.id for p in row.risk.fired_points} == SEED_FIRED
    assert row.risk.score == _seed_score()
    assert f"<b>{row.risk.shown}</b>" in page and row.risk.shown == "48.15"
    assert "119 项已评分指标全部得满分（合计 720.00/720 分）" in page
    assert "改进措施“加强预算管理，合理编制绩效目标。”一字不差地出现在 5 个项目中" in page
    # the demo's spot-check of 2022 found the department 4 points above the bureau: below the rule's 5
    assert sum(DEDUCTIONS) == 4 and "2022 年度项目“工伤病残等级鉴定费”自评比复核高 4.00 分；高出 5 分及以上即触发" in page
    assert "近 3 年没有该部门的自评" in page  # 2022's own point that cannot be judged says why
    # the projects, each with its own score and points, are read when the row is opened (or on their own page)
    # (a project's name may appear in the evaluation's own reasons, 项目“工伤病残等级鉴定费”的“项目成本控制”, not its table)
    assert 'data-testid="project-risks"' not in page and "<tr><td>工伤病残等级鉴定费</td>" not in page
    address = f"/review/evaluations/{row.evaluation.pk}/risks/"
    assert f'<a href="{address}">各项目的风险（{len(row.projects)} 个）</a>' in page and len(row.projects) == 26
    for headers in ({"HX-Request": "true"}, {}):
        shown = client_for("tongcheng_finance").get(address, headers=headers).content.decode()
        assert ("<html" in shown) == (not headers)  # htmx gets the table alone, a browser without script a page
        assert [f"<tr><td>{p.subject.name}</td><td class=\"num\">{p.shown}</td>" in shown for p in row.projects] \
            == [True] * 26
        assert "工伤病残等级鉴定费" in shown
    # a risk score always to 2 places, the projects' beside the evaluation's (8.70, never 8.7 beside 30.43)
    assert all(re.fullmatch(r"\d+\.\d\d", p.shown) for p in rows[1].projects + row.projects)
    assert any(p.shown.endswith("0") for p in rows[1].projects + row.projects)


@pytest.mark.django_db
def test_the_risk_reasons_figures_agree_when_a_reader_does_the_arithmetic(evaluations):
    """The demo's 2022 year of 通城: its department scored 75.18 of 80 as shown (a little less exactly: the rate of
    the exact points reads 93.97%); 75.18 ÷ 80 = 93.975%, shown 93.98%, and 93.98 − 93.44 = 0.54, said in words.
    Its first exact targets are a goal's (the sixth) and a project's, each named as whose it is."""
    page = client_for("tongcheng_finance").get("/review/").content.decode()
    assert "指标得分率 93.98%（75.18/80 分），预算执行率 93.44%，得分率高 0.54 个百分点；" in page
    assert "相差" not in page
    assert "，如年度目标 6 的“2022 年全县新招募“三支一扶”志愿者人数”（目标 21 人、完成 21 人）、项目“工伤病残等级鉴定费”的" \
           "“项目成本控制”（目标 ≤4.70 万元、完成 4.70 万元）等 5 项；" in page


@pytest.mark.django_db
def test_a_ranking_page_reads_each_rows_own_score_as_the_whole_record_holds_it(tongcheng, evaluations):
    """The ranking's rows read only the evaluation's part of the stored record and count its projects in the
    database: the same score, points and project count as the record read whole."""
    from jixiao.web.review import risk_store

    rows = services.ranking(_reviewer())
    evaluations_ = [r.evaluation for r in rows]
    past = services.histories(e.department_id for e in evaluations_)
    wholes = risk_store.assessed_wholes(evaluations_, past)
    for row in rows:
        whole, count, _ = wholes[row.evaluation.pk]
        assert (whole.score, whole.explanation(), [p.verdict for p in whole.points], count) == \
            (row.risk.score, row.risk.explanation(), [p.verdict for p in row.risk.points], len(row.projects))
    assert sorted(count for _, count, _ in wholes.values()) == [26, 26]  # seed 003 and the demo's year before


@pytest.mark.django_db
def test_drafts_are_not_ranked(evaluations):
    assert evaluations["tongcheng"].status == Status.DRAFT
    assert [(r.evaluation.year, r.evaluation.status) for r in services.ranking(_reviewer())] == [(2022, "accepted")]


# what the bureau's list (/bureau/) puts after a generated department's name
GENERATED_BADGE = (' <span class="status" data-testid="generated" title="演示用的部门，由示例数据按种子文件的结构生成，'
                   '并非真实部门">演示生成</span>')
# … and after a real department's name in the row of a year the demo generated for it (Evaluation.generated)
GENERATED_YEAR_BADGE = (' <span class="status" data-testid="generated" title="演示用的年度自评，由该部门的种子文件生成，'
                        '并非真实填报">演示生成</span>')


def _ranking_rows(page: str) -> list[tuple[int, int, str]]:
    """(rank, evaluation pk, the row's markup) of each row of the risk ranking, in the page's order."""
    return [(int(rank), int(pk), row) for pk, rank, row in
            re.findall(r'<tr data-evaluation="(\d+)">\s*<td class="num">(\d+)</td>(.*?)</tr>', page, re.S)]


@pytest.mark.django_db
def test_the_ranking_marks_the_demos_generated_departments_as_the_bureaus_list_does(generated_bureau):
    """The full demo's 通城县财政局 ranks 18 submitted evaluations: 通城's accepted 2022, and of its eleven generated
    departments each one's 2022 (accepted) and six of their 2023s (four accepted, two 待财政审核). The 17 generated
    ones carry the badge of /bureau/; 通城's own department is real, but its 2022 is the year the demo generated
    before its seed: its row carries the badge whose title says so, as on /bureau/."""
    bureau = client_for("tongcheng_finance").get("/bureau/").content.decode()
    assert GENERATED_BADGE in bureau
    rows = _ranking_rows(client_for("tongcheng_finance").get("/review/").content.decode())
    marked = {pk for _, pk, row in rows if GENERATED_BADGE in row}
    assert len(rows) == 18 and len(marked) == 17
    assert marked == set(Evaluation.objects.filter(department__generated=True, status__in=services.REVIEWABLE)
                         .values_list("pk", flat=True))
    [own] = [(pk, row) for _, pk, row in rows if pk not in marked]
    assert Evaluation.objects.get(pk=own[0]).year == 2022
    assert f"通城县人力资源和社会保障局</a>{GENERATED_YEAR_BADGE}</td>" in own[1]
    assert f'/evaluations/{own[0]}/">通城县人力资源和社会保障局</a>{GENERATED_YEAR_BADGE}</td>' in bureau


@pytest.mark.django_db
def test_the_page_and_the_sample_order_equal_risk_scores_as_the_ranking_does(generated_bureau):
    """The full demo's 通城县财政局 has ties: three generated 2022s at 21.74 and fourteen evaluations at 0. Equal
    scores go by department (its key: the order the demo created them), then its latest year: the same on the page,
    in the sample's ranks and in `ranking`, whatever the database's collation would make of the names (by code point
    文化和旅游局 comes before 水利局, by 拼音 水利局 before 卫生健康局)."""
    rows = services.ranking(_reviewer())
    tied = [r for r in rows if r.risk.shown == "21.74"]
    assert [r.evaluation.department.name for r in tied] == ["通城县卫生健康局", "通城县水利局", "通城县文化和旅游局"]
    assert [r.evaluation.department_id for r in tied] == sorted(r.evaluation.department_id for r in tied)
    zero = [r for r in rows if r.risk.shown == "0.00"]
    assert len(zero) == 14 and [services.tie_key(r.evaluation) for r in zero] == \
        sorted(services.tie_key(r.evaluation) for r in zero)
    # a department's two years at 0 side by side, 2023 first (教育局, the first the demo generated)
    assert [(r.evaluation.department.name, r.evaluation.year) for r in zero[:2]] == \
        [("通城县教育局", 2023), ("通城县教育局", 2022)]
    expected = [(r.rank, r.evaluation.pk) for r in rows]
    client = client_for("tongcheng_finance")
    assert [(rank, pk) for rank, pk, _ in _ranking_rows(client.get("/review/").content.decode())] == expected
    # the demo sampled the first (通城's 2022); the top 17 of the rest are everything else, with their ranks
    assert SpotCheck.objects.get().rank == 1
    assert client.post("/review/", {"top": "17", "reason": "按风险分抽取"}).status_code == 302
    assert list(SpotCheck.objects.order_by("rank").values_list("rank", "evaluation_id")) == expected


def test_the_rankings_counts_are_the_orms_for_every_year_before_and_after_a_sample(generated_bureau):
    """The ranking's evaluations and those not yet sampled (counted around a kept statement) are what the ORM's
    aggregate counts, of every year and of each, as a sample takes some; a reviewer with no bureau counts none."""
    from django.db.models import Count, Q

    from jixiao.web.accounts.models import Membership, Role

    reviewer = _reviewer()
    years = [None, *services.reviewable_years(reviewer)]

    def orm(year):
        return services._ranked_order(reviewer, year).aggregate(
            evaluations=Count("pk"), open=Count("pk", filter=Q(spot_check__isnull=True)))

    def counted(year):
        return services._ranking_counts(reviewer, services.permissions.bureau_ids(reviewer), year)

    assert len(years) > 2 and orm(None)["evaluations"] > orm(None)["open"] > 0  # the demo sampled one
    assert [counted(year) for year in years] == [orm(year) for year in years]
    client = client_for("tongcheng_finance")
    assert client.post("/review/", {"top": "3", "reason": "按风险分抽取"}).status_code == 302
    assert [counted(year) for year in years] == [orm(year) for year in years]
    assert counted(None)["open"] == orm(None)["open"] and orm(None)["evaluations"] - orm(None)["open"] == 4
    Membership.objects.filter(user=reviewer, role=Role.FINANCE_REVIEWER).delete()
    reviewer = _reviewer()
    assert services._ranking_counts(reviewer, services.permissions.bureau_ids(reviewer), None) == \
        {"evaluations": 0, "open": 0}


# ------------------------------------------------------------------------------------------------------- sample
@pytest.mark.django_db
def test_top_n_samples_the_highest_risk_and_records_who_when_why(tongcheng, evaluations):
    client = client_for("tongcheng_finance")
    response = client.post("/review/", {"top": "１", "reason": "按风险分抽取前 1 名"})
    assert response.status_code == 302
    check = SpotCheck.objects.get(sample__reason="按风险分抽取前 1 名")
    assert check.evaluation == tongcheng and check.rank == 1
    assert check.risk_score == round_half_up(_seed_score(), 4)  # stored as the app rounds (half up)
    sample = check.sample
    assert (sample.method, sample.top, sample.reason, sample.chosen_by.username) == \
        ("top", 1, "按风险分抽取前 1 名", "tongcheng_finance")
    event = AuditEvent.objects.get(object_type="review_sample", object_id=str(sample.pk))
    assert event.username == "tongcheng_finance" and "按风险分抽取前 1 名" in event.detail and "第 1 名" in event.detail
    page = client.get("/review/").content.decode()
    assert "已抽中 · 复核" in page and "按风险分抽取前 1 名" in page
    # sampled once (2022 by the demo): asking again finds nothing left to sample, and says so
    again = client.post("/review/", {"top": "1", "reason": "再抽"})
    assert again.status_code == 400 and "都已抽中" in again.content.decode()
    assert Sample.objects.filter(reason="再抽").count() == 0


@pytest.mark.django_db
def test_a_sample_needs_a_reason_and_a_choice_and_keeps_what_was_typed(tongcheng):
    before = (SpotCheck.objects.count(), Sample.objects.count())
    client = client_for("tongcheng_finance")
    response = client.post("/review/", {"top": "2", "reason": ""})
    assert response.status_code == 400 and "请填写抽查理由" in response.content.decode()
    response = client.post("/review/", {"top": "", "reason": "理由写了"})
    html = response.content.decode()
    assert response.status_code == 400 and "没有选中任何自评" in html and "理由写了" in html
    response = client.post("/review/", {"top": "-1", "reason": "理由"})
    assert response.status_code == 400 and 'class="error">前 N 名' in response.content.decode()
    response = client.post("/review/", {"top": "1", "reason": "长" * 501})
    assert response.status_code == 400 and "抽查理由：最多 500 个字，现有 501 个" in response.content.decode()
    response = client.post("/review/", {"pick": "999999", "reason": "理由"})
    assert response.status_code == 400 and "不在当前排名中" in response.content.decode()
    # a ticked row stays ticked when the sample is refused (a new user had to tick it again)
    html = client.post("/review/", {"pick": str(tongcheng.pk), "reason": ""}).content.decode()
    assert f'name="pick" value="{tongcheng.pk}" checked ' in html and html.count(" checked ") == 1
    assert (SpotCheck.objects.count(), Sample.objects.count()) == before


# -------------------------------------------------------------------------------------------- bureau scores
@pytest.mark.django_db
def test_bureau_scores_give_the_gap_per_indicator_per_project_and_in_total(tongcheng):
    check = _sampled(tongcheng)
    rows = services.rows_of(check)
    project = [r for r in rows if r.part == "projects[0]"]
    department = [r for r in rows if r.part == ""]
    # seed 003: every indicator at full marks, so each gap is the weight minus the bureau's score
    typed = [(project[0], "0"), (project[1], "１.5"), (department[0], "1")]
    client = client_for("tongcheng_finance")
    url = f"/review/evaluations/{tongcheng.pk}/"
    response = client.post(url, {row.field: value for row, value in typed})
    assert response.status_code == 302
    stored = {s.path: s for s in BureauScore.objects.filter(spot_check=check)}
    assert {p: s.score for p, s in stored.items()} == {project[0].path: 0, project[1].path: Decimal("1.5"),
                                                     department[0].path: 1}
    assert stored[project[0].path].self_score == project[0].weight
    report = services.gap_report(stored.values())
    gap_project = project[0].weight + project[1].weight - Decimal("1.5")
    gap_department = department[0].weight - 1
    assert report.project_gaps() == {"工伤病残等级鉴定费": gap_project}
    assert report.sum.gap == gap_project + gap_department and report.sum.compared == 3
    page = client.get(url).content.decode()
    # a total per table, each saying what it sums; never the department's and a project's points added together
    parts = {p.part: p for p in report.parts}
    assert f'>{report.sum.shown}<' not in page and "自评偏差合计 <span" not in page
    assert f"部门整体自评偏差合计（部门整体自评表，满分 100 分，只计本表指标） {parts[''].sum.shown}（已复核 1/" in page
    assert (f"项目“工伤病残等级鉴定费”自评偏差合计（该项目自评表，满分 100 分，只计本表指标） "
            f"{services.gaps.total([r.gap_row() for r in services.rows_of(check) if r.part == 'projects[0]']).shown}"
            "（已复核 2/10 项") in page
    assert AuditEvent.objects.filter(action=Action.CHANGE, object_type="spot_check", object_id=str(check.pk)).count() == 3


@pytest.mark.django_db
def test_a_score_out_of_range_names_its_row_and_nothing_saved_is_lost(tongcheng):
    check = _sampled(tongcheng)
    rows = services.rows_of(check)
    first, second = rows[0], rows[1]
    client = client_for("tongcheng_finance")
    url = f"/review/evaluations/{tongcheng.pk}/"
    assert client.post(url, {first.field: "1"}).status_code == 302
    too_high = f"{first.weight + Decimal('0.01')}"
    response = client.post(url, {first.field: too_high, second.field: "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"第 1 行“{first.name}”：复核得分应在 0 到 {first.weight.normalize():f} 分" in html
    assert f'value="{too_high}"' in html  # shown back as typed
    assert {s.path: s.score for s in check.scores.all()} == {first.path: 1}  # the stored score is kept
    for hostile in ("abc", "NaN", "1e9999999", "-1", "12%"):
        assert client.post(url, {first.field: hostile}).status_code == 400
    assert {s.path: s.score for s in check.scores.all()} == {first.path: 1}
    # past every score, typed in full-width digits as the trial did: named against the row's weight, not "100"
    html = client.post(url, {first.field: "１２３"}).content.decode()
    assert f"第 1 行“{first.name}”：复核得分应在 0 到 {first.weight.normalize():f} 分（该指标的分值）之间，不是“１２３”" in html
    assert "不能超过 100" not in html


@pytest.mark.django_db
def test_the_page_posted_back_unchanged_changes_nothing_and_emptying_clears(tongcheng):
    from .forms import forms_of

    check = _sampled(tongcheng)
    first = services.rows_of(check)[0]
    client = client_for("tongcheng_finance")
    url = f"/review/evaluations/{tongcheng.pk}/"
    client.post(url, {first.field: "0.5"})
    events = AuditEvent.objects.count()
    form = next(f for f in forms_of(client.get(url).content.decode(), url) if f.attrs.get("id") == "bureau-scores")
    assert client.post(url, form.as_dict()).status_code == 302
    assert AuditEvent.objects.count() == events and check.scores.get().score == Decimal("0.5")
    client.post(url, {first.field: ""})
    assert not check.scores.exists()
    assert AuditEvent.objects.filter(object_type="spot_check").order_by("seq").last().new_value == ""


@pytest.mark.django_db
def test_an_evaluation_not_sampled_has_no_spot_check_page(tongcheng):
    assert client_for("tongcheng_finance").get(f"/review/evaluations/{tongcheng.pk}/").status_code == 404


@pytest.mark.django_db
def test_every_figure_of_the_spot_check_adds_up_by_hand_as_shown(tongcheng):
    """The demo's 2022 department scored four of these five indicators by formula (1.1525…, 1.2883…, 0.6933…,
    0.7800 stored; 1.12 as stated): shown 1.15, 1.29, 1.12, 0.69 and 0.78. The bureau gives 1, 1, 1, 0.5 and 0.5.
    Each gap is that of the figures shown, the department's table sums the rows' figures (5.03 − 4.00 = 1.03), and
    its total, the history and the next year's risk reason say the same. The department's table and the project's
    (the demo's 24 − 20 on project 0) are totalled each on its own, never added, on the page or by the risk rule:
    its 往年抽查自评偏差大 compares the most overrated table (the project's 4.00, not 1.03 + 4.00 = 5.03) with its
    5 分 and stays quiet."""
    previous = Evaluation.objects.get(department=tongcheng.department, year=2022)
    check = previous.spot_check
    rows = {r.number: r for r in services.rows_of(check)}
    paths = ["goals[0].indicators[0]", "goals[1].indicators[0]", "goals[3].indicators[1]", "goals[6].indicators[1]",
             "goals[6].indicators[4]"]
    typed = dict(zip((next(r.number for r in rows.values() if r.path == path) for path in paths),
                     ("1", "1", "1", "0.5", "0.5")))
    assert [rows[n].part for n in typed] == [""] * 5
    client = client_for("tongcheng_finance")
    url = f"/review/evaluations/{previous.pk}/"
    response = client.post(url, {rows[n].field: value for n, value in typed.items()}, follow=True)
    assert "已保存 5 项复核得分" in response.content.decode()
    page = client.get(url).content.decode()
    cells = {path: (title, shown) for title, path, shown in
             re.findall(r'title="([^"]*)" data-testid="gap-([^"]+)">([^<]*)<', page)}
    assert [cells[rows[n].path] for n in typed] == [
        ("自评 1.15 − 复核 1 = 0.15", "0.15"), ("自评 1.29 − 复核 1 = 0.29", "0.29"), ("自评 1.12 − 复核 1 = 0.12", "0.12"),
        ("自评 0.69 − 复核 0.5 = 0.19", "0.19"), ("自评 0.78 − 复核 0.5 = 0.28", "0.28")]
    department = sum(1 for r in rows.values() if r.part == "")  # every row of its table, those restating a project's too
    assert department == 54
    assert (f'<td><a href="#part-1">部门整体</a></td>\n    <td class="num">5/{department}</td><td class="num">5.03</td>'
            '<td class="num">4.00</td><td class="num" title="部门整体自评偏差合计（部门整体自评表，满分 100 分，只计本表指标）">'
            '1.03</td>') in page
    assert (f"部门整体自评偏差合计（部门整体自评表，满分 100 分，只计本表指标） 1.03（已复核 5/{department} 项："
            "自评 5.03 − 复核 4.00 = 1.03）") in page
    project = services.rows_of(check)[department].part_name
    assert (f"项目“{project}”自评偏差合计（该项目自评表，满分 100 分，只计本表指标） 4.00（已复核 4/10 项："
            "自评 24.00 − 复核 20.00 = 4.00）") in page
    assert "29.03" not in page and "5.03</span>" not in page  # the two tables' points are not added anywhere
    assert '<td>2022</td><td>部门整体</td><td class="num">5 项</td>\n    <td class="num">5.03</td>' \
           '<td class="num">4.00</td><td class="num">1.03</td>' in page
    assert f'<td>2022</td><td>项目“{project}”</td><td class="num">4 项</td>\n    <td class="num">24.00</td>' \
           '<td class="num">20.00</td><td class="num">4.00</td>' in page
    report = services.gap_report(check.scores.all())
    assert report.sum.gap == Decimal("5.0341") and report.department.sum.gap == Decimal("1.0341")  # exact
    assert report.most_overrated().title == f"项目“{project}”"
    point = next(p for p in _row(tongcheng).risk.points if p.rule.id == "past_gaps")
    assert not point.fired
    assert point.verdict.reason == f"2022 年度项目“{project}”自评比复核高 4.00 分；高出 5 分及以上即触发"


# ---------------------------------------------------------------------------------------------------- history
@pytest.mark.django_db
def test_last_years_gap_shows_in_the_history_and_raises_this_years_risk(tongcheng):
    """The demo's spot-check of 2022 found the department 4 points above the bureau, below the rule's min_gap of 5:
    past_gaps stays quiet for 2023. One more point taken off in 2022 makes 5, and it fires."""
    from jixiao.web.review.demo import DEDUCTIONS

    previous = Evaluation.objects.get(department=tongcheng.department, year=2022)
    assert services.risk_rules().signals[-1].params["min_gap"] == sum(DEDUCTIONS) + 1 == 5

    def past_gaps(row):
        return next(p for p in row.points if p.rule.id == "past_gaps")

    assert not past_gaps(_row(tongcheng).risk).fired
    check = previous.spot_check
    unscored = next(r for r in services.rows_of(check) if r.part == "projects[0]" and r.stored is None)
    client = client_for("tongcheng_finance")
    one_less = f"{unscored.self_score - 1}"
    assert client.post(f"/review/evaluations/{previous.pk}/", {unscored.field: one_less}).status_code == 302
    current = _row(tongcheng)
    point = past_gaps(current.risk)
    assert point.fired and "2022 年度项目“工伤病残等级鉴定费”自评比复核高 5.00 分" in point.verdict.reason
    project = next(p for p in current.projects if p.subject.name == "工伤病残等级鉴定费")
    assert past_gaps(project).fired  # the project of the same name, 5 points above too
    check_now = _sampled(tongcheng)
    assert [(y.year, y.sum.gap) for y in services.department_history(check_now)] == [(2022, 5), (2023, None)]
    page = client.get(f"/review/evaluations/{tongcheng.pk}/").content.decode()
    assert "历年自评偏差" in page and "<td>2022</td>" in page


# ------------------------------------------------------------------------------------------------ permissions
@pytest.mark.django_db
def test_department_roles_and_administrators_are_refused_and_other_bureaus_get_404(tongcheng):
    check = _sampled(tongcheng)
    before = (SpotCheck.objects.count(), BureauScore.objects.count())
    urls = ["/review/", f"/review/evaluations/{tongcheng.pk}/", f"/review/evaluations/{tongcheng.pk}/risks/"]
    for user in ("tongcheng_preparer", "tongcheng_reviewer", "sysadmin", "secadmin", "auditor"):
        for url in urls:
            assert client_for(user).get(url).status_code == 403, (user, url)
            assert client_for(user).post(url, {"top": "1", "reason": "x"}).status_code == 403, (user, url)
    denied = AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).count()
    for user in ("changli_finance", "jingzhou_finance"):
        client = client_for(user)
        assert client.get(urls[1]).status_code == 404
        assert client.get(urls[2]).status_code == 404
        assert client.post(urls[1], {services.rows_of(check)[0].field: "0"}).status_code == 404
        assert "通城" not in client.get("/review/").content.decode()
        assert client.post("/review/", {"pick": str(tongcheng.pk), "reason": "x"}).status_code == 400
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).count() == denied + 4
    assert (SpotCheck.objects.count(), BureauScore.objects.count()) == before


# ------------------------------------------------------------------------------------------------------- demo
@pytest.mark.django_db
def test_the_demo_spot_checks_the_previous_year_with_visible_gaps(evaluations):
    from jixiao.web.review.demo import DEDUCTIONS

    check = SpotCheck.objects.get()
    assert (check.evaluation.department, check.evaluation.year) == (evaluations["tongcheng"].department, 2022)
    assert check.sample.chosen_by.username == "tongcheng_finance" and check.sample.reason
    # taken as its method says: the top 1 of the ranking (all years), which is what the ranking puts first
    assert (check.sample.method, check.sample.top, check.rank) == (Sample.Method.TOP, 1, 1)
    assert services.ranking(_reviewer())[0].evaluation == check.evaluation
    # the reason is true of the evaluation it samples: its risk score and the control points that fired for it
    risk = services.ranked_one(check.sample.chosen_by, check.evaluation.pk).risk
    fired = [p.rule.title for p in risk.fired_points]
    assert fired and check.sample.reason == f"演示：取风险排名最高的一份；风险分 {risk.shown}，触发控制点：{'、'.join(fired)}"
    assert risk.score > 0 and check.risk_score == round_half_up(risk.score, 4)
    assert "全部指标满分" not in fired and "全部指标满分" not in check.sample.reason  # 24 of its 119 are not full
    scores = list(check.scores.all())
    assert len(scores) == len(DEDUCTIONS)
    report = services.gap_report(scores)
    assert report.sum.gap == sum(DEDUCTIONS)
    client = client_for("tongcheng_finance")
    index = client.get("/review/").content.decode()
    assert f'href="/review/evaluations/{check.evaluation.pk}/"' in index
    assert f"<td>按风险排名取前 N 名（N = 1）</td><td>{check.sample.reason}</td>" in index and "逐项勾选" not in index
    assert f"{check.evaluation}</a>（选样时第 1 名）" in index
    page = client.get(f"/review/evaluations/{check.evaluation.pk}/").content.decode()
    project = report.projects[0]
    assert report.department is None and len(report.projects) == 1  # the demo's deductions are on one project
    assert f"{project.label} {project.sum.shown}（已复核 {len(DEDUCTIONS)}/" in page


@pytest.mark.django_db
def test_the_demo_ticks_the_first_it_can_spot_check_when_the_top_one_has_no_project_indicators(tongcheng,
                                                                                                 monkeypatch):
    """With 通城's 2023 submitted (and no spot-check of 2022 yet), 2023 ranks first and the demo takes it as the top 1.
    Were it without scored project indicators, the demo would tick the 2022 one (second) and say why, by the method
    逐项勾选."""
    from jixiao.web.review import demo

    def undo_the_demos_sample():
        for sample in Sample.objects.all():
            sample.spot_checks.all().delete()
            sample.delete()

    undo_the_demos_sample()
    first, second = services.ranking(_reviewer())
    assert (first.evaluation, first.risk.shown, second.evaluation.year, second.risk.shown) == \
        (tongcheng, "54.17", 2022, "30.43")
    assert demo._sample(_reviewer())
    check = SpotCheck.objects.get()
    assert (check.evaluation, check.rank, check.sample.method, check.sample.top) == (tongcheng, 1, "top", 1)
    assert check.sample.reason == f"演示：取风险排名最高的一份；{first.risk.summary()}"
    undo_the_demos_sample()
    monkeypatch.setattr(demo, "_scored", lambda evaluation: evaluation != tongcheng)
    assert demo._sample(_reviewer())
    check = SpotCheck.objects.get()
    assert (check.evaluation.year, check.rank, check.sample.method, check.sample.top) == (2022, 2, "ticked", 0)
    assert check.sample.reason == "演示：勾选风险排名第 2 名（排在前面的自评没有已评分的项目指标，无法逐项复核）；" \
                                  f"{second.risk.summary()}"


@pytest.mark.django_db
def test_the_demo_spot_check_shows_gaps_and_sums_to_two_places_and_counts_only_the_scores_typed(evaluations):
    """Every 自评偏差 and sum on the page to 2 places; a bureau score of 4 places (the department's own 1.1525… taken
    over to 4 places) shown to 2 and kept whole when the page is posted back with two new scores, which alone count."""
    from .forms import forms_of

    check = SpotCheck.objects.get()
    client = client_for("tongcheng_finance")
    url = f"/review/evaluations/{check.evaluation.pk}/"
    page = client.get(url).content.decode()
    # the demo's deductions 0.5, 1.5, 0 and 2 on the first project's first four indicators: 4 in all
    cells = dict(re.findall(r'data-testid="gap-([^"]+)">([^<]*)<', page))
    assert [cells[f"projects[0].indicators[{i}]"] for i in range(4)] == ["0.50", "1.50", "0.00", "2.00"]
    assert "自评偏差合计（该项目自评表，满分 100 分，只计本表指标） 4.00（已复核 4/" in page
    part = services.gap_report(check.scores.all()).sum
    assert part.compared == 4 and re.search(
        rf'<td class="num">4/\d+</td><td class="num">{part.self_total:.2f}</td><td class="num">'
        rf'{part.bureau_total:.2f}</td><td class="num" title="[^"]*">4.00</td>'
        r'<td data-testid="counts">自评得分（全部指标复核后改按复核得分）</td></tr>', page)  # 4 of its indicators only
    first = services.rows_of(check)[0]
    assert round(first.self_score, 4) == Decimal("1.1525") != first.self_score  # a computed score (the demo’s 2022)
    assert client.post(url, {first.field: "1.1525"}).status_code == 302
    before = {s.path: s.score for s in check.scores.all()}
    page = client.get(url).content.decode()
    assert f'name="{first.field}" value="1.15"' in page
    form = next(f for f in forms_of(page, url) if f.attrs.get("id") == "bureau-scores")
    data = form.as_dict()
    typed = [r for r in services.rows_of(check) if r.stored is None and r.self_score is not None][:2]
    data.update({typed[0].field: ["0"], typed[1].field: ["1"]})
    response = client.post(url, data, follow=True)
    assert "已保存 2 项复核得分" in response.content.decode()
    assert {s.path: s.score for s in check.scores.all()} == {**before, typed[0].path: 0, typed[1].path: 1}
    assert check.scores.get(path=first.path).score == Decimal("1.1525")  # not the 1.15 the page showed


# ---------------------------------------------------------------------------------------------------- browser
@pytest.mark.browser
def test_a_spot_check_in_chromium(live_server, transactional_db, browser):  # noqa: F811
    """At 1366×768: the reviewer opens the risk ranking, reads why the evaluation ranks where it does, ticks it into
    the sample, scores two indicators (one out of range first) and reads the 自评偏差."""
    from playwright.sync_api import expect

    from jixiao.web.demo import load_demo

    from .test_browser import Session

    logins = {u: p for u, p, _ in load_demo()}
    evaluation = _submit(Evaluation.objects.get(department__name__startswith="通城", year=2023), Status.WITH_FINANCE)
    expected = _row(evaluation).risk.shown
    session = Session(browser, live_server.url, logins)
    page = session.page
    page.set_viewport_size({"width": 1366, "height": 768})
    session.login("tongcheng_finance")
    page.goto(f"{live_server.url}/review/")
    row = page.locator(f"tr[data-evaluation='{evaluation.pk}']")
    expect(row.locator("[data-testid=risk-score]")).to_have_text(expected)
    row.locator("xpath=following-sibling::tr[1]").locator("summary").first.click()
    expect(page.get_by_text("119 项已评分指标全部得满分（合计 720.00/720 分）")).to_be_visible()
    projects = row.locator("xpath=following-sibling::tr[1]").locator("[data-testid=project-risks]")
    expect(projects.locator("tbody > tr")).to_have_count(26)  # fetched when the row was opened
    expect(projects).to_contain_text("工伤病残等级鉴定费")
    page.screenshot(path="/tmp/review-ranking.png", full_page=False)

    row.locator("input[name=pick]").check()
    page.fill("textarea[name=reason]", "全部满分、完成值与目标值一致")
    page.click("[data-testid=take-sample]")
    expect(page.locator(".message.success")).to_contain_text("已抽中 1 份自评")
    page.locator(f"tr[data-evaluation='{evaluation.pk}'] a", has_text="已抽中 · 复核").click()
    page.wait_for_url(f"**/review/evaluations/{evaluation.pk}/")

    first, second = "bs-projects[0].indicators[0]", "bs-projects[0].indicators[1]"  # 工伤病残等级鉴定费: weight 5 each
    page.fill(f"input[name='{first}']", "6")
    page.fill(f"input[name='{second}']", "4.5")
    page.click("[data-testid=save-scores]")
    expect(page.locator(".error").first).to_contain_text("复核得分应在 0 到 5 分")
    expect(page.locator(f"input[name='{second}']")).to_have_value("4.5")  # kept as typed
    page.fill(f"input[name='{first}']", "3")
    page.click("[data-testid=save-scores]")
    expect(page.locator(".message.success")).to_contain_text("已保存 2 项复核得分")
    expect(page.locator("[data-testid=part-gap]").nth(1)).to_contain_text(" 2.50（")  # the project's: (5 − 3) + (5 − 4.5)
    expect(page.locator("[data-testid='gap-projects[0].indicators[0]']")).to_have_text("2.00")
    page.screenshot(path="/tmp/review-spot-check.png", full_page=False)
    page.locator(f"input[name='{first}']").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/review-scores.png", full_page=False)
    page.locator("[data-testid=gap-history]").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/review-history.png", full_page=False)


# ------------------------------------------------------------------------------------- found by a new user
@pytest.mark.django_db
def test_a_bad_top_n_is_named_in_a_banner_at_the_top_with_a_fitting_example(tongcheng):
    response = client_for("tongcheng_finance").post("/review/", {"top": "abc", "reason": "按风险分抽取"})
    html = response.content.decode()
    assert response.status_code == 400 and "如 36" not in html
    banner = '未抽取样本。<a href="#top">前 N 名：请输入数字（如 3），不是“abc”。</a>'
    assert banner in html and html.index(banner) < html.index('data-testid="risk-ranking"')
    assert "按风险分抽取" in html  # what was typed is kept


@pytest.mark.django_db
def test_the_spot_check_shows_each_indicators_target_and_actual_and_a_single_full_stop(tongcheng):
    client = client_for("tongcheng_finance")
    assert client.post("/review/", {"pick": [str(tongcheng.pk)], "reason": "全部满分。"}).status_code == 302
    page = client.get(f"/review/evaluations/{tongcheng.pk}/").content.decode()
    assert "理由：全部满分。\n" in page and "。。" not in page
    assert "<th>年度指标值</th><th>实际完成值</th>" in page
    # seed 003 as the department wrote it: a project's indicator and one of the department's goals
    assert "<td>受理工伤病残等级鉴定例数</td>\n    <td>100 例</td><td>126 例</td>" in page
    assert "<td>事业单位工作人员录取人数</td>\n    <td>118 人</td><td>118 人</td>" in page


def test_a_text_shown_as_a_sentence_ends_in_one_full_stop():
    from jixiao.web.evaluations.templatetags.display import sentence

    assert [sentence(t) for t in ("全部满分", "全部满分。", "全部满分；", "真的？", "")] == \
        ["全部满分。", "全部满分。", "全部满分。", "真的？", ""]


@pytest.mark.django_db
def test_a_computed_self_score_is_stored_to_4_places_half_up(tongcheng):
    """Seed 003's 招募工作完成合格率 (weight 1.5, target 100%) at an actual of 82.35% scores 1.5 × 82.35 / 100 =
    1.23525 by its method: stored to the column's 4 places it is 1.2353 (half up, RULES.md §8), not the 1.2352 the
    database's own half-even rounding gave."""
    document = tongcheng.document
    indicator = document["goals"][5]["indicators"][2]
    assert (indicator["name"], indicator["weight"], indicator["target"]) == ("招募工作完成合格率", "1.5", "100%")
    indicator["actual"] = "82.35%"
    Evaluation.objects.filter(pk=tongcheng.pk).update(document=document, revision=tongcheng.revision + 1)
    tongcheng.refresh_from_db()
    check = _sampled(tongcheng)
    row = next(r for r in services.rows_of(check) if r.path == "goals[5].indicators[2]")
    assert row.self_score == Decimal("1.23525")
    response = client_for("tongcheng_finance").post(f"/review/evaluations/{tongcheng.pk}/", {row.field: "1"})
    assert response.status_code == 302
    stored = BureauScore.objects.get(spot_check=check, path=row.path)
    assert stored.self_score == Decimal("1.2353")


@pytest.mark.django_db
def test_the_audit_log_shows_a_bureau_score_as_written(tongcheng):
    """Trial: the log showed a spot-check score as the column stores it (2.0000 → 10.0000); it reads 1 → 0.5, the
    stored text in the title."""
    check = _sampled(tongcheng)
    first = services.rows_of(check)[0]
    client = client_for("tongcheng_finance")
    url = f"/review/evaluations/{tongcheng.pk}/"
    assert client.post(url, {first.field: "1"}).status_code == 302
    assert client.post(url, {first.field: "0.5"}).status_code == 302
    page = client_for("auditor").get("/audit/").content.decode()
    assert '<td><span title="1.0000">1</span></td><td><span title="0.5000">0.5</span></td>' in page
    # trial 11: the object read 抽查复核 1; it names whose evaluation the spot-check rescored
    assert (f'<td>抽查复核 <span title="{check.pk}">{check.pk} · 通城县人力资源和社会保障局 {tongcheng.year} 年度'
            '</span></td>') in page
    assert ">1.0000<" not in page and ">0.5000<" not in page


@pytest.mark.django_db
def test_an_indicator_the_department_copied_from_a_project_is_marked_in_the_departments_table(tongcheng):
    """A new user found 农民工工资清欠案例 (and 16 more of seed 003) in both the 部门整体 table and its project's:
    the department's goals copy its projects' indicators on the department's scale. Each table is its own 100 points
    and its 自评偏差 total counts all its rows, so both keep the row; the department's says which project it restates."""
    check = _sampled(tongcheng)
    rows = services.rows_of(check)
    marked = [r for r in rows if r.restates]
    assert len(marked) == 17 and all(not r.part for r in marked)
    assert len([r for r in rows if not r.part]) == 54
    copy = next(r for r in marked if r.name == "农民工工资清欠案例")
    assert copy.restates == "农民工工资清欠专项工作经费"
    page = client_for("tongcheng_finance").get(f"/review/evaluations/{tongcheng.pk}/").content.decode()
    assert page.count("<td>农民工工资清欠案例") == 2
    assert "农民工工资清欠案例<br><span class=\"hint\">与项目“农民工工资清欠专项工作经费”的指标相同：部门整体表按本表分值另行复核</span>" in page


@pytest.mark.django_db
def test_accepting_a_sampled_evaluation_is_reminded_of_its_spot_check(tongcheng):
    """Trial 3 accepted an evaluation whose spot-check stood at 2.25 points without being reminded: its page did not
    mention it. Seed 003's 事业单位工作人员录取人数 (118 of 118 人, 2 of 2 points) rescored 1.5 by the bureau: the
    department's table is 0.50 points above the bureau's, said above the buttons and in the accept question."""
    client = client_for("tongcheng_finance")
    url = f"/evaluations/{tongcheng.pk}/"
    assert 'data-testid="spot-check-note"' not in client.get(url).content.decode()
    check = _sampled(tongcheng)
    assert "本自评已被抽查，尚未复核任何指标。" in client.get(url).content.decode()
    row = next(r for r in services.rows_of(check) if r.path == "goals[0].indicators[0]")
    assert client.post(f"/review/evaluations/{tongcheng.pk}/", {row.field: "1.5"}).status_code == 302
    page = client.get(url).content.decode()
    note = "本自评已被抽查：部门整体自评偏差 0.50 分（已复核 1 项）"
    assert f'{note}。<a href="/review/evaluations/{tongcheng.pk}/">查看抽查复核</a>' in page
    assert f'data-confirm="接收这份自评？{note}。接收后财政审核结束，自评不能再修改。"' in page
    # the department's own users see no spot-check (the bureau's working)
    assert "本自评已被抽查" not in client_for("tongcheng_preparer").get(url).content.decode()
