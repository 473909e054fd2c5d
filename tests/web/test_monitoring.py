"""运行监控 pages: the demo's third quarter (red and yellow warnings from the shipped rules), saving with the warnings
recomputed and every change audited, bad input refused on its field and row with nothing lost, a conflict, submitting,
starting a report from the evaluation, and who may see and change what."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from jixiao.core.cycle import monitoring as core
from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.monitoring import demo as monitoring_demo
from jixiao.web.monitoring.models import MonitoringReport, MonitoringRow, Status
from jixiao.web.monitoring.services import rules

from .conftest import client_for
from .test_permissions import ALL_USERS

pytestmark = pytest.mark.django_db


def report_of(key: str) -> MonitoringReport:
    name = {"tongcheng": "通城", "changli": "昌黎", "jingzhou": "靖州"}[key]
    return MonitoringReport.objects.get(department__name__startswith=name)


SUBMIT = {"action": "submit"}


def url(report: MonitoringReport) -> str:
    return f"/monitoring/reports/{report.pk}/"


def form_of(report: MonitoringReport, **values) -> dict:
    return {"revision": str(report.revision), **values}


# ------------------------------------------------------------------------------------------------------ the demo
def test_each_demo_department_has_a_third_quarter_with_red_and_yellow(demo, evaluations):
    for key, evaluation in evaluations.items():
        report = report_of(key)
        assert (report.year, report.month) == (evaluation.year, monitoring_demo.MONTH)
        assert report.red_count >= 1 and report.yellow_count >= 1, key
        department = report.rows.get(kind=MonitoringRow.Kind.DEPARTMENT)
        budget = department.budget
        assert department.spent_to_date == budget * monitoring_demo.DEPARTMENT_SPENT
        assert [w["colour"] for w in department.warnings][:2] == [core.YELLOW, core.RED]
    assert {r.status for r in MonitoringReport.objects.all()} == {Status.DRAFT, Status.SUBMITTED}
    # the projects are the evaluation's, with their budgets: 昌黎's first is 18.71 万元, 30% spent by September
    first = report_of("changli").rows.get(position=1)
    assert (first.name, first.budget, first.spent_to_date, first.colour) == (
        "2022年度县级表彰项目所需资金", Decimal("18.71"), Decimal("5.61"), core.RED)


# ------------------------------------------------------------------------------------------------------- saving
def test_a_submitted_demo_report_names_who_submitted_it(demo, evaluations):
    """A new user read “None 于 … 提交。” on every submitted demo report: the demo submits as the preparer."""
    submitted = MonitoringReport.objects.filter(status=Status.SUBMITTED).select_related("submitted_by")
    assert submitted and all(r.submitted_by and r.submitted_by.memberships.filter(
        department=r.department_id, role="preparer").exists() for r in submitted)
    report = submitted.first()
    page = client_for(report.submitted_by.username).get(f"/monitoring/reports/{report.pk}/").content.decode()
    assert f"{report.submitted_by.first_name} 于" in page and "None" not in page


def test_saving_recomputes_the_warnings_and_audits_each_change(demo):
    report = report_of("tongcheng")
    client = client_for("tongcheng_preparer")
    row = report.rows.get(position=1)  # 5 万元
    assert row.colour == core.RED
    response = client.post(url(report), form_of(report, **{"r1-spent_to_date": "3", "r1-deviation_reason": "验收在即"}))
    assert response.status_code == 302 and response["Location"].endswith("#row-1")
    row.refresh_from_db()
    # 3 of 5 is 60% against 75%: 80 exactly, the first green of the shipped rules
    assert row.spent_to_date == 3 and row.colour == core.GREEN
    assert row.warnings[0]["message"].endswith("支出进度 ÷ 时间进度 × 100 = 80.00，不低于 80。")
    events = AuditEvent.objects.filter(action=Action.CHANGE, object_type="monitoring_report", object_id=str(report.pk))
    assert {(e.field, e.old_value, e.new_value) for e in events} == {
        ("rows[1].spent_to_date", "1.5", "3"), ("rows[1].deviation_reason", "", "验收在即")}
    report.refresh_from_db()
    assert report.revision == 2 and report.red_count == 9


def test_an_indicators_progress_is_saved_and_warned(demo):
    report = report_of("tongcheng")
    indicator = report.rows.get(position=1).indicators.get(position=0)  # 受理工伤病残等级鉴定例数, 100 例
    response = client_for("tongcheng_preparer").post(url(report), form_of(report, **{"r1-i0-value_to_date": "40"}))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.value_to_date == 40
    warning = next(w for w in report.rows.get(position=1).warnings if w["rule"] == core.INDICATOR_BEHIND)
    assert warning["indicator"] == 0 and "完成进度 40.00%，落后时间进度（75.00%）35.00 个百分点" in warning["message"]


def test_an_indicators_value_is_read_in_its_targets_unit_and_another_unit_is_refused(demo):
    """The hint says 完成值按年度指标值的单位填写, the target reads “100 例”, yet “60 例” was refused as no number (and
    “3.8%” against a percentage): a value with the target's unit is read as the self-evaluation's 实际完成值 is; a
    value in another unit is refused naming the field, the project and the unit to use."""
    report = report_of("tongcheng")
    client = client_for("tongcheng_preparer")
    cases = report.rows.get(position=1).indicators.get(position=0)  # 工伤病残等级鉴定费: 受理工伤病残等级鉴定例数
    coverage = report.rows.get(name="扩面征缴工作经费").indicators.get(name="扩面征缴参保覆盖率")
    assert (cases.target, coverage.target) == ("100 例", "≥90%")
    coverage_field = f"r{coverage.row.position}-i{coverage.position}-value_to_date"
    response = client.post(url(report), form_of(report, **{"r1-i0-value_to_date": "60 例", coverage_field: "3.8%"}))
    assert response.status_code == 302
    cases.refresh_from_db()
    coverage.refresh_from_db()
    assert (cases.value_to_date, coverage.value_to_date) == (Decimal(60), Decimal("3.8"))
    # 60 of 100 例 is 60% done, 15 points behind 75%: no warning; 3.8% of ≥90% is 4.22% done: behind
    lagging = [w for w in coverage.row.warnings if w["rule"] == core.INDICATOR_BEHIND]
    assert [w["indicator"] for w in lagging] == [coverage.position]
    assert "指标“扩面征缴参保覆盖率”完成进度 4.22%" in lagging[0]["message"]
    assert not [w for w in report.rows.get(position=1).warnings if w.get("indicator") == 0]
    # another unit: refused on its field, naming the row, the indicator, the field and the unit to use
    report.refresh_from_db()
    response = client.post(url(report), form_of(report, **{"r1-i1-value_to_date": "3.8%",
                                                            "r1-i0-value_to_date": "70 例"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert ("第 2 行“工伤病残等级鉴定费”指标“受理工伤病残等级鉴定结案例数”截至本期完成值："
            "单位“%”与年度指标值“100 例”的单位“例”不同，请按“例”填写（如 60 或 60 例）") in html
    assert 'name="r1-i1-value_to_date" value="3.8%"' in html and 'name="r1-i0-value_to_date" value="70 例"' in html
    cases.refresh_from_db()
    assert cases.value_to_date == 60 and report.rows.get(position=1).indicators.get(position=1).value_to_date is None


def test_a_value_typed_against_a_ceiling_or_a_time_limit_is_judged_or_says_why_not_never_a_bare_dash(demo):
    """A new user typed 截至本期完成值 for “≤60 日” and for “12 月底前” and read a silent “—” beside them. A ≤ target's
    value is judged against it (within, or over in red), a time limit's says why no completion follows from it and
    to state the completion; what cannot be a value to date (完成, 6月) is refused saying so, on its field and row."""
    report = report_of("tongcheng")
    client = client_for("tongcheng_preparer")
    days = report.rows.get(position=1).indicators.get(position=2)  # 劳动能力鉴定申请作出相应结论时间
    deadline = report.rows.get(position=0).indicators.get(position=1)  # 事业单位招聘工作完成时效
    assert (days.target, deadline.target) == ("≤60 日", "12 月底前")
    response = client.post(url(report), form_of(report, **{"r1-i2-value_to_date": "45 日", "r0-i1-value_to_date": "5"}))
    assert response.status_code == 302
    page = client.get(url(report)).content.decode()
    assert ('<span class="hint" data-testid="value-note">未超过：截至本期 45 日，在年度指标值“≤60 日”以内。'
            "“≤”类指标不按比例计算完成进度，不计入目标完成程度；需计入的，请在“完成进度（%）”填写</span>") in page
    assert ('<span class="hint" data-testid="value-note">年度指标值“12 月底前”是时限，无从由完成值计算：'
            "请在“完成进度（%）”填写进度，已按时完成的填 100</span>") in page
    report.refresh_from_db()
    assert client.post(url(report), form_of(report, **{"r1-i2-value_to_date": "75"})).status_code == 302
    page = client.get(url(report)).content.decode()
    assert '<span class="error" data-testid="value-note">已超过：截至本期 75 日，不在年度指标值“≤60 日”以内。' in page
    # a completion stated takes the note's place
    report.refresh_from_db()
    assert client.post(url(report), form_of(report, **{"r0-i1-completion": "100"})).status_code == 302
    page = client.get(url(report)).content.decode()
    assert "“12 月底前”是时限，无从由完成值计算" not in page and page.count('data-testid="value-note"') == 1
    # a state or a month typed against the time limit: refused on its field, kept, saying what to type
    report.refresh_from_db()
    response = client.post(url(report), form_of(report, **{"r0-i1-value_to_date": "已完成"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert ("第 1 行“部门整体”指标“事业单位招聘工作完成时效”截至本期完成值：年度指标值“12 月底前”是时限，"
            "截至本期完成值无从计算进度，不必填写：请在“完成进度（%）”填写进度，已按时完成的填 100") in html
    assert 'name="r0-i1-value_to_date" value="已完成"' in html
    deadline.refresh_from_db()
    assert deadline.value_to_date == 5


def test_a_completion_typed_as_a_fraction_is_saved_with_a_hint_on_its_row(demo):
    """A new user typed 0.95 as 目标完成程度: it was taken as 0.95%, the row stayed green and nothing was said. It is
    saved (0.5% can be true early in a year) with a hint on its row, as the evaluation's MEASURE.PERCENT_FRACTION;
    an indicator's 完成进度 likewise, its folded list opened. The bureau reading the report sees them too."""
    report = report_of("tongcheng")
    row = report.rows.get(position=1)
    indicator = row.indicators.get(position=0)
    response = client_for("tongcheng_preparer").post(url(report), form_of(
        report, **{"r1-goal_completion": "0.95", "r1-i0-completion": "0.5"}))
    assert response.status_code == 302
    row.refresh_from_db()
    indicator.refresh_from_db()
    assert (row.goal_completion, indicator.completion) == (Decimal("0.95"), Decimal("0.5"))
    for username in ("tongcheng_preparer", "tongcheng_finance"):
        page = client_for(username).get(url(report)).content.decode()
        body = page[page.index('<tbody data-row="1">'):]
        body = body[:body.index("</tbody>")]
        assert (f'<div class="finding warning" data-testid="fraction-hint">“{row.name}”的目标完成程度填写为 0.95%，'
                "是否应为 95%？完成进度按百分数填写（95% 填 95）；确为 0.95% 的不必修改。</div>") in body, username
        assert (f"“{row.name}”的指标“{indicator.name}”完成进度填写为 0.5%，是否应为 50%？") in body
        assert '<details data-testid="indicators-1" open>' in body and "1 项完成进度请核对" in body
        assert page.count('data-testid="fraction-hint"') == 2  # no other row asks
    # typed as a percentage, the hint is gone
    report.refresh_from_db()
    client_for("tongcheng_preparer").post(url(report), form_of(report, **{"r1-goal_completion": "95",
                                                                           "r1-i0-completion": "50"}))
    assert 'data-testid="fraction-hint"' not in client_for("tongcheng_preparer").get(url(report)).content.decode()


def test_a_form_posted_back_unchanged_changes_nothing(demo):
    report = report_of("tongcheng")
    client = client_for("tongcheng_preparer")
    from .forms import forms_of

    html = client.get(url(report)).content.decode()
    form = next(f for f in forms_of(html, url(report)) if f.attrs.get("id") == "monitoring")
    before = AuditEvent.objects.count()
    assert client.post(url(report), form.as_dict()).status_code == 302
    report.refresh_from_db()
    assert report.revision == 1 and AuditEvent.objects.count() == before


@pytest.mark.parametrize("typed, says", [
    ("abc", "请输入数字（如 1209.14），不是“abc”"),
    ("-1", "金额（万元）不能为负数"),
    ("123456789012345678901234567", "金额（万元）不能达到或超过"),
    ("1e9999999", "请输入数字"),
    ("150000元", "金额以万元填写：150000 元即 15 万元，请填 15"),  # a trial typed 元 where 万元 are asked
])
def test_bad_input_is_refused_on_its_field_and_row_and_nothing_typed_is_lost(demo, typed, says):
    report = report_of("tongcheng")
    client = client_for("tongcheng_preparer")
    response = client.post(url(report), form_of(report, **{"r2-spent_to_date": typed, "r1-spent_to_date": "4"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "第 3 行“劳动仲裁办案专项工作经费”截至本期支出：" + says in html
    assert f'name="r2-spent_to_date" value="{typed}"' in html and 'name="r1-spent_to_date" value="4"' in html
    assert report.rows.get(position=1).spent_to_date == Decimal("1.5")  # nothing saved
    assert MonitoringReport.objects.get(pk=report.pk).revision == 1


def test_a_refusal_names_three_problems_and_counts_the_rest(demo):
    """Trial 11: the banner said 4 处输入有误 and listed 3, the fourth (a negative percentage) unsaid."""
    report = report_of("tongcheng")
    bad = {f"r{row}-spent_to_date": "abc" for row in range(3)} | {"r3-goal_completion": "-5"}
    response = client_for("tongcheng_preparer").post(url(report), form_of(report, **bad))
    assert response.status_code == 400
    banner = re.search(r"未保存：4 处输入有误[^<]*", response.content.decode())
    assert banner and banner[0].count("不是“abc”") == 3 and banner[0].endswith("；另有 1 处")


def test_full_width_digits_separators_and_percent_signs_are_read(demo):
    report = report_of("tongcheng")
    response = client_for("tongcheng_preparer").post(url(report), form_of(
        report, **{"r0-spent_to_date": "1,234.5", "r0-goal_completion": "６２.５%"}))
    assert response.status_code == 302
    row = report.rows.get(position=0)
    assert (row.spent_to_date, row.goal_completion) == (Decimal("1234.5"), Decimal("62.5"))


def test_a_stale_page_conflicts_on_the_fields_saved_since_and_keeps_the_others(demo):
    report = report_of("tongcheng")
    client = client_for("tongcheng_preparer")
    assert client.post(url(report), form_of(report, **{"r1-spent_to_date": "2"})).status_code == 302
    # a page opened at revision 1 changes the same field and another one
    response = client.post(url(report), {"revision": "1", "r1-spent_to_date": "4", "r2-spent_to_date": "7"})
    assert response.status_code == 409
    html = response.content.decode()
    # both saves were the same user's (two tabs): said so, not “他人” (a trial read 他人 of its own other tab)
    assert ("1 处已保存；1 处在您打开此页后已由您本人（通城县人力资源和社会保障局 填报人）在另一窗口或另一次保存中修改，"
            "您的输入保留在下方") in html
    assert 'name="r1-spent_to_date" value="4"' in html and "另一次保存已改为“2”，您的输入尚未保存" in html
    assert "他人" not in html
    assert report.rows.get(position=1).spent_to_date == 2 and report.rows.get(position=2).spent_to_date == 7
    assert 'name="revision" value="3"' in html
    # saving again from that page takes what was typed
    assert client.post(url(report), {"revision": "3", "r1-spent_to_date": "4"}).status_code == 302
    # another person's save is 他人's
    from django.contrib.auth import get_user_model
    from jixiao.web.accounts.models import Membership, Role

    second = get_user_model().objects.create_user("tongcheng_preparer2", password="x", first_name="李四")
    Membership.objects.create(user=second, role=Role.PREPARER, department=report.department)
    other = client_for("tongcheng_preparer2").post(url(report), {"revision": "3", "r1-spent_to_date": "5"})
    assert other.status_code == 409 and "他人已改为“4”，您的输入尚未保存" in other.content.decode()
    assert "1 处他人已在您打开此页后修改" in other.content.decode()
    assert report.rows.get(position=1).spent_to_date == 4


# ---------------------------------------------------------------------------------------------------- submitting
def test_submission_needs_reasons_where_a_warning_fires_then_freezes_the_report(demo):
    report = report_of("tongcheng")
    client = client_for("tongcheng_preparer")
    response = client.post(url(report), SUBMIT, follow=True)
    assert "第 1 行“部门整体”有预警：请填写偏差原因和纠偏措施" in response.content.decode()
    assert MonitoringReport.objects.get(pk=report.pk).status == Status.DRAFT
    warned = report.rows.exclude(colour__in=["", core.GREEN])
    explanations = {}
    for row in warned:
        explanations[f"r{row.position}-deviation_reason"] = "年底集中支付"
        explanations[f"r{row.position}-corrective_action"] = "加快结算"
    assert client.post(url(report), form_of(report, **explanations)).status_code == 302
    assert client.post(url(report), SUBMIT).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.submitted_by.username == "tongcheng_preparer"
    assert AuditEvent.objects.filter(action=Action.WORKFLOW, object_id=str(report.pk),
                                     detail__startswith="提交运行监控报告").exists()
    # submitted: read-only, even for its preparer (a save from a page opened before is told why, nothing saved)
    assert client.post(url(report), form_of(report, **{"r1-spent_to_date": "1"})).status_code == 409
    assert report.rows.get(position=1).spent_to_date != 1
    assert 'name="r1-spent_to_date"' not in client.get(url(report)).content.decode()


def test_spending_far_over_its_budget_is_red_with_the_unit_hint_and_needs_its_reason(demo):
    """A new user typed 元 into 截至本期支出 (万元): 15000 against 通城's 工伤病残等级鉴定费 (5 万元) and 400000 against
    劳动仲裁办案专项工作经费 (20 万元) showed green (“不低于 80”) on the report and the bureau's overview, and could be
    submitted. Each is a red warning naming the project and both amounts, with the self-evaluation's hint, shown
    from the save on; like every other warning it needs its reason and action to be submitted."""
    report = report_of("tongcheng")
    client = client_for("tongcheng_preparer")
    response = client.post(url(report), form_of(report, **{"r1-spent_to_date": "15000", "r2-spent_to_date": "400000"}))
    assert response.status_code == 302
    hint = "执行数是预算的 10 倍以上，请先核对是否把“元”当作“万元”填写或多写了位数。"
    expected = {
        1: "【支出超过预算】红色预警：“工伤病残等级鉴定费”截至 9 月支出 15,000.00 万元，超过全年预算 5.00 万元"
           "（支出进度 300000.00%），请说明超预算支出的依据。" + hint,
        2: "【支出超过预算】红色预警：“劳动仲裁办案专项工作经费”截至 9 月支出 400,000.00 万元，超过全年预算 20.00 万元"
           "（支出进度 2000000.00%），请说明超预算支出的依据。" + hint,
    }
    for position, message in expected.items():
        row = report.rows.get(position=position)
        assert row.colour == core.RED
        assert [(w["rule"], w["colour"], w["message"]) for w in row.warnings] == [
            (core.OVER_BUDGET, core.RED, message)]  # no green “不低于 80” beside it
    page = client.get(url(report)).content.decode()
    assert all(message in page for message in expected.values())  # before submitting
    assert "不低于 80。" not in page.split("工伤病残等级鉴定费", 1)[1].split("劳动仲裁办案专项工作经费", 1)[0]
    overview = client_for("tongcheng_finance").get("/monitoring/overview/").content.decode()
    assert all(message in overview for message in expected.values())
    # submitting asks for the reason and the action, as for any other red warning
    refused = client.post(url(report), SUBMIT, follow=True).content.decode()
    assert "第 2 行“工伤病残等级鉴定费”有预警：请填写偏差原因和纠偏措施" in refused
    assert MonitoringReport.objects.get(pk=report.pk).status == Status.DRAFT
    explanations = {}
    for row in report.rows.exclude(colour__in=["", core.GREEN]):
        explanations[f"r{row.position}-deviation_reason"] = "已核对：按实际支付填列"
        explanations[f"r{row.position}-corrective_action"] = "下期起按万元填报"
    report.refresh_from_db()
    assert client.post(url(report), form_of(report, **explanations)).status_code == 302
    assert client.post(url(report), SUBMIT).status_code == 302
    assert MonitoringReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_projects_spending_above_the_departments_is_named_and_stops_submission(demo, evaluations):
    """昌黎's projects summed to more than its 部门整体 row (400,000 typed against 2022年度县级表彰项目所需资金, 1,300
    against the department): the department's row names both figures, and the report cannot be submitted until
    they are corrected (an error, which no reason explains)."""
    evaluation = evaluations["changli"]
    client = client_for("changli_preparer")
    client.post("/monitoring/", {"department": evaluation.department_id, "year": evaluation.year, "month": "6"})
    report = MonitoringReport.objects.get(department=evaluation.department, month=6)
    assert report.rows.get(position=0).budget == Decimal("27346.62")
    assert report.rows.get(position=1).budget == Decimal("18.71")
    assert client.post(url(report), form_of(report, **{
        "r0-spent_to_date": "1300", "r1-spent_to_date": "400000", "r2-spent_to_date": "0.5",
        "r0-deviation_reason": "核对中", "r0-corrective_action": "核对中"})).status_code == 302
    department = report.rows.get(position=0)
    assert department.colour == core.RED
    assert department.warnings[0] == {"rule": core.PROJECTS_OVER, "colour": core.RED, "indicator": None, "message": (
        "【项目支出合计超过部门整体支出】红色预警：截至 6 月各项目支出合计 400,000.50 万元（2 个项目），"
        "超过“部门整体”支出 1,300.00 万元；部门整体支出包含各项目支出，请核对部门整体和各项目的截至本期支出。")}
    page = client.get(url(report)).content.decode()
    assert department.warnings[0]["message"] in page
    stop = "第 1 行“部门整体”：各项目支出合计超过部门整体支出（见本行预警中的两个数），请核对更正后再提交"
    assert stop in page  # 提交前还需
    refused = client.post(url(report), SUBMIT, follow=True).content.decode()
    assert stop in refused and MonitoringReport.objects.get(pk=report.pk).status == Status.DRAFT
    # corrected (400,000 元 is 40 万元), the projects' 40.5 万元 sit inside the department's 1,300: the error is gone
    report.refresh_from_db()
    assert client.post(url(report), form_of(report, **{"r1-spent_to_date": "40"})).status_code == 302
    assert core.PROJECTS_OVER not in [w["rule"] for w in report.rows.get(position=0).warnings]
    assert stop not in client.get(url(report)).content.decode()


def test_a_save_from_a_page_opened_before_the_submission_shows_what_was_typed_and_why(demo):
    """A tab opened on the draft, saved after the report was submitted from another: nothing is saved; the report
    comes back read-only with what was typed beside what is stored, and why, instead of a bare 无权访问."""
    from django.contrib.auth import get_user_model

    report = report_of("tongcheng")
    client = client_for("tongcheng_preparer")
    opened = form_of(report)
    explanations = {}
    for row in report.rows.exclude(colour__in=["", core.GREEN]):
        explanations[f"r{row.position}-deviation_reason"] = "年底集中支付"
        explanations[f"r{row.position}-corrective_action"] = "加快结算"
    assert client.post(url(report), form_of(report, **explanations)).status_code == 302
    assert client.post(url(report), SUBMIT).status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    before = report.rows.get(position=1).spent_to_date
    response = client.post(url(report), {**opened, "r1-spent_to_date": "4", "r2-spent_to_date": "abc"})
    html = response.content.decode()
    assert response.status_code == 409
    name = get_user_model().objects.get(username="tongcheng_preparer").first_name
    when = f"{timezone.localtime(report.submitted):%Y-%m-%d %H:%M}"
    assert f"该运行监控报告已由 {name} 于 {when} 提交，不能再修改；本次未保存。" in html
    assert 'value="4"' in html and 'value="abc"' in html and "请输入数字" in html  # what was typed, read-only
    assert 'id="monitoring"' not in html and 'name="r1-spent_to_date"' not in html and 'data-testid="save"' not in html
    assert html.count('data-testid="unsaved"') == 2
    assert report.rows.get(position=1).spent_to_date == before and MonitoringReport.objects.get(
        pk=report.pk).revision == report.revision
    assert not AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).exists()  # a stale tab, not an intrusion


# ------------------------------------------------------------------------------------------------------ starting
def test_a_preparer_starts_a_report_from_the_evaluation(demo, evaluations):
    client = client_for("jingzhou_preparer")
    evaluation = evaluations["jingzhou"]
    response = client.post("/monitoring/", {"department": evaluation.department_id, "year": evaluation.year,
                                                  "month": "6"})
    report = MonitoringReport.objects.get(department=evaluation.department, month=6)
    assert response["Location"] == url(report)
    department = report.rows.get()
    assert (department.name, department.budget, department.indicators.count()) == ("部门整体", Decimal("987.68"), 17)
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(report.pk)).exists()
    # said once, on the new report (as other creations are); the end of June is the second quarter's
    made = (f"已新建运行监控报告：{evaluation.department.name} {evaluation.year}年第2季度"
            f"（项目、预算和指标取自 {evaluation.year} 年度自评）。")
    assert made in client.get(url(report)).content.decode()
    assert made not in client.get(url(report)).content.decode()
    # the same period again opens its report and says so, rather than claiming to have made one
    again = client.post("/monitoring/", {"department": evaluation.department_id, "year": evaluation.year,
                                         "month": "6"}, follow=True)
    page = again.content.decode()
    assert again.redirect_chain[-1][0] == url(report) and MonitoringReport.objects.filter(month=6).count() == 1
    assert f"未新建：{evaluation.department.name} {evaluation.year}年第2季度已有运行监控报告，已为您打开。" in page
    assert made not in page
    response = client.post("/monitoring/", {"department": evaluation.department_id, "year": "2031", "month": "6"},
                           follow=True)
    assert "没有 2031 年度的绩效自评" in response.content.decode()
    response = client.post("/monitoring/", {"department": evaluation.department_id, "year": "2022", "month": "13"},
                           follow=True)
    assert "请选择 1 到 12 月的截至月份" in response.content.decode()


# --------------------------------------------------------------------------------------------------- permissions
def test_another_departments_report_is_404_for_everyone(demo):
    for owner in ("tongcheng", "changli", "jingzhou"):
        report = report_of(owner)
        before = (report.revision, report.status)
        for username in ALL_USERS:
            if username.startswith(owner):
                continue
            client = client_for(username)
            for method, data in (("get", {}), ("post", {"revision": "1", "r1-spent_to_date": "1"}), ("post", SUBMIT)):
                response = getattr(client, method)(url(report), data)
                assert response.status_code in (403, 404), (username, method, data, response.status_code)
                assert report.department.name not in response.content.decode()
        assert (MonitoringReport.objects.get(pk=report.pk).revision, report.status) == before
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, detail__contains="运行监控报告").exists()


def test_administrators_see_nothing(demo):
    report = report_of("tongcheng")
    for username in ("sysadmin", "secadmin", "auditor"):
        client = client_for(username)
        for path in ("/monitoring/", "/monitoring/overview/"):
            assert client.get(path).status_code == 403, (username, path)
        response = client.get(url(report))  # refused for the role before the report is looked up
        assert response.status_code == 403 and report.department.name not in response.content.decode()
        assert client.post("/monitoring/", {"department": report.department_id, "year": 2023,
                                                  "month": 6}).status_code == 403


def test_the_bureau_sees_only_its_departments_and_reads_them_only(demo):
    client = client_for("changli_finance")
    html = client.get("/monitoring/overview/").content.decode()
    assert "昌黎县人力资源和社会保障局" in html
    assert "通城县" not in html.replace("通城县财政局", "") and "靖州县人力" not in html
    changli = report_of("changli")
    assert f'<span class="signal red" data-testid="count-red">红色 {changli.rows.filter(colour="red").count()} 行' in html
    only_yellow = client.get("/monitoring/overview/?colour=yellow&year=2023&month=9&status=submitted").content.decode()
    assert "红色预警：" not in only_yellow and "黄色预警：" in only_yellow
    page = client.get(url(changli))
    assert page.status_code == 200 and 'id="monitoring"' not in page.content.decode()
    assert client.post(url(changli), {"revision": "1", "r1-spent_to_date": "1"}).status_code == 403
    assert client.get("/monitoring/").status_code == 302  # a finance reviewer's place is the overview


def test_the_overview_names_its_units_and_puts_each_rows_worst_warning_first(demo):
    """A new user added up “红色 43 行” against each report's “（红 3 / 黄 3）”: the header counts rows by their worst
    warning, each report its warnings, both say so; a row tagged 红色 whose first sentence was a 黄色 warning (the
    demo department rows: yellow spending, then red goals) lists its warnings worst first."""
    import re

    changli = report_of("changli")
    department = changli.rows.get(kind=MonitoringRow.Kind.DEPARTMENT)
    assert [w["colour"] for w in department.warnings][:2] == [core.YELLOW, core.RED] and department.colour == core.RED
    html = client_for("changli_finance").get("/monitoring/overview/").content.decode()
    assert "监控行数，每行按其最严重的预警计一次：" in html
    assert '<th class="num">红色预警（条）</th><th class="num">黄色预警（条）</th>' in html  # warnings, not rows
    assert (f'<td>{changli.get_status_display()}</td><td class="num">{changli.red_count}</td>'
            f'<td class="num">{changli.yellow_count}</td>') in html
    rows = re.findall(r'<tr class="row-(\w*)">(.*?)</tr>', html, re.S)
    assert len(rows) == changli.rows.count()
    order = {core.RED: 0, core.YELLOW: 1}
    for colour, cells in rows:
        listed = re.findall(r'<li class="(\w+)">', cells)
        assert listed == sorted(listed, key=order.__getitem__), cells  # worst first
        assert (listed[:1] or [core.GREEN])[0] == (colour or core.GREEN) or not colour  # the tag is the first's
        assert 'title="本行最严重的预警"' in cells or not colour
    department_cells = next(cells for _, cells in rows if f"#row-{department.position}\"" in cells)
    first = re.search(r'<li class="(\w+)">(.*?)</li>', department_cells)
    assert first.group(1) == core.RED and "红色预警：" in first.group(2)
    # the header's rows add up: each red row counted once, however many warnings it has
    assert f"红色 {sum(c == core.RED for c, _ in rows)} 行" in html
    assert sum(len(re.findall(r'<li class="red">', cells)) for _, cells in rows) == changli.red_count


def test_the_department_reviewer_reads_but_does_not_edit(demo):
    report = report_of("tongcheng")
    client = client_for("tongcheng_reviewer")
    html = client.get(url(report)).content.decode()
    assert "部门整体" in html and 'id="monitoring"' not in html
    assert client.post(url(report), form_of(report, **{"r1-spent_to_date": "1"})).status_code == 403
    assert client.post(url(report), SUBMIT).status_code == 403


def test_the_rules_in_force_are_the_shipped_ones():
    assert rules().spending.summary() == "低于 60 为红色，不低于 60、低于 80 为黄色，不低于 80 为绿色"


def test_anonymous_users_are_sent_to_login(demo):
    from django.test import Client

    report = report_of("tongcheng")
    for path in ("/monitoring/", "/monitoring/overview/", url(report)):
        for method in ("get", "post"):
            response = getattr(Client(), method)(path, SUBMIT)
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), (method, path)
    assert MonitoringReport.objects.get(pk=report.pk).status == Status.DRAFT


def test_a_submission_landing_while_the_save_runs_is_said_the_same_way(demo, monkeypatch):
    from jixiao.web.monitoring import services

    report = report_of("tongcheng")
    reading = services.read_post

    def submitted_meanwhile(found, post):  # the other tab's submission commits after this post was read
        MonitoringReport.objects.filter(pk=found.pk).update(status=Status.SUBMITTED)
        return reading(found, post)

    monkeypatch.setattr(services, "read_post", submitted_meanwhile)
    response = client_for("tongcheng_preparer").post(url(report), form_of(report, **{"r1-spent_to_date": "4"}))
    html = response.content.decode()
    assert response.status_code == 409 and "该运行监控报告已提交，不能再修改；本次未保存。" in html
    assert 'value="4"' in html and 'data-testid="save"' not in html
    assert report.rows.get(position=1).spent_to_date != 4
    assert not AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).exists()
