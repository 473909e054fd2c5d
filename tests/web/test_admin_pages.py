"""What a new user met on the account, audit, bureau and version pages: messages in Chinese (passwords, reader
errors, the version comparison, the audit log's stored codes), the name in the header once, who returned an
evaluation, empty report files refused, links to an evaluation that exists already, user names Django accepts."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from jixiao.web.accounts.models import SecuritySettings
from jixiao.web.bureau.models import ReportAudit

from .conftest import client_for
from .test_api import call, create_token

User = get_user_model()


def errors_of(page: str) -> list[str]:
    return re.findall(r'class="error">([^<]*)<', page)


def english(texts: list[str]) -> list[str]:
    """Words of Latin letters a user would have to read in English (a code like A1 or TOTP is not one)."""
    return [t for t in texts if re.search(r"[A-Za-z]{4,}", t)]


# ------------------------------------------------------------------------------------------------ passwords
@pytest.mark.django_db
@pytest.mark.parametrize("password", ["Ab1-", "Ab1-cdE", "12345678901234", "password123", "Tongcheng-preparer1"])
def test_every_password_message_is_chinese(demo, password):
    page = client_for("tongcheng_preparer").post("/accounts/password/", {
        "old_password": demo["tongcheng_preparer"], "new_password1": password, "new_password2": password}).content.decode()
    errors = errors_of(page)
    assert errors and not english(errors), errors


def _new_preparer_signed_in(username: str, full_name: str) -> tuple[Client, str]:
    """A preparer the system administrator has just created, signed in with the one-time password it was given."""
    page = client_for("sysadmin").post("/accounts/users/", {
        "username": username, "full_name": full_name, "role": "preparer",
        "department": User.objects.get(username="tongcheng_preparer").memberships.get().department_id}).content.decode()
    initial = page.split("一次性初始密码：<code>")[1].split("</code>")[0]
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": initial})
    return client, initial


@pytest.mark.django_db
def test_a_password_like_the_user_name_is_refused_in_one_chinese_sentence(demo):
    """Django's translation put spaces around the field's name (密码跟 用户名 太相似了。): the new-user trial."""
    page = client_for("tongcheng_preparer").post("/accounts/password/", {
        "old_password": demo["tongcheng_preparer"], "new_password1": "Tongcheng-preparer1",
        "new_password2": "Tongcheng-preparer1"}).content.decode()
    assert "密码与用户名太相似，请换一个。" in errors_of(page)


@pytest.mark.django_db
def test_a_short_password_is_refused_in_chinese_at_the_forced_first_change(demo):
    client, initial = _new_preparer_signed_in("zhangsan", "张三")
    assert client.get("/evaluations/")["Location"] == "/accounts/password/"
    page = client.post("/accounts/password/", {"old_password": initial, "new_password1": "Ab1-x",
                                               "new_password2": "Ab1-x"}).content.decode()
    assert "密码至少 10 位" in page
    assert not english(errors_of(page)), errors_of(page)


@pytest.mark.django_db
def test_the_current_password_is_refused_as_the_new_one_on_its_field(demo):
    """The new-user trial: the form accepted the current password as the new one (等保: a changed password is new)."""
    current = demo["tongcheng_preparer"]
    client = client_for("tongcheng_preparer")
    response = client.post("/accounts/password/", {"old_password": current, "new_password1": current,
                                                   "new_password2": current})
    page = response.content.decode()
    assert response.status_code == 200
    field = page.index('name="new_password1"')
    assert page.index('<div class="error">新密码不能与当前密码相同，请设置一个新的密码。</div>', field) < \
        page.index('name="new_password2"')
    assert User.objects.get(username="tongcheng_preparer").check_password(current)
    assert client.post("/accounts/password/", {"old_password": current, "new_password1": "Qz7-mark-2024",
                                               "new_password2": "Qz7-mark-2024"}).status_code == 302


@pytest.mark.django_db
def test_the_one_time_password_cannot_be_kept_at_the_forced_first_change(demo):
    client, initial = _new_preparer_signed_in("lisi", "李四")
    page = client.post("/accounts/password/", {"old_password": initial, "new_password1": initial,
                                               "new_password2": initial}).content.decode()
    assert "新密码不能与当前密码相同" in page
    assert client.get("/evaluations/")["Location"] == "/accounts/password/"  # still to be changed


@pytest.mark.django_db
def test_the_configured_minimum_length_is_the_one_that_applies(demo):
    """The security administrator may allow 8 characters: the password rules follow the setting, not a fixed 10."""
    assert client_for("secadmin").post("/accounts/security/", {
        "max_failed_logins": 5, "lockout_minutes": 15, "idle_timeout_minutes": 30, "password_min_length": 8}).status_code == 302
    assert SecuritySettings.current().password_min_length == 8
    client = client_for("tongcheng_preparer")
    response = client.post("/accounts/password/", {"old_password": demo["tongcheng_preparer"],
                                                   "new_password1": "Qz7-mark", "new_password2": "Qz7-mark"})
    assert response.status_code == 302, errors_of(response.content.decode())
    assert User.objects.get(username="tongcheng_preparer").check_password("Qz7-mark")


# ------------------------------------------------------------------------------------------ report uploads
def _audited(client, name: str, content: bytes, capture) -> "ReportAudit":
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.bureau.models import ReportAudit

    from .queue import run_queue

    with capture(execute=True):
        client.post("/bureau/reports/", {"files": [SimpleUploadedFile(name, content)]})
    run_queue()
    return ReportAudit.objects.get(name=name)


@pytest.mark.django_db
def test_a_broken_pdf_upload_says_what_is_wrong_in_chinese(demo, django_capture_on_commit_callbacks):
    client = client_for("changli_finance")
    report = _audited(client, "坏报告.pdf", b"%PDF-1.7\n1 0 obj\n<< /Length 99999 >>\nstream\nxx",
                      django_capture_on_commit_callbacks)
    assert report.state == "failed" and "文件已损坏或不是有效的 PDF" in report.error
    page = client.get(f"/bureau/reports/{report.pk}/").content.decode()
    assert "无法读取：PDF 文件已损坏或不是有效的 PDF" in page and "Error" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"", b"\n \n\t", "\ufeff\u3000\n".encode()])
def test_an_empty_text_upload_is_refused_not_listed_as_audited(demo, django_capture_on_commit_callbacks, content):
    client = client_for("changli_finance")
    report = _audited(client, "空.txt", content, django_capture_on_commit_callbacks)
    assert report.state == "failed" and "文件为空" in report.error
    assert report.department_name == "" and report.facts == 0 and report.document is None
    rows = client.get("/bureau/reports/").content.decode()
    assert "无法读取：文件为空" in rows and "未识别的部门" not in rows


@pytest.mark.django_db
def test_a_reader_s_own_failure_is_logged_and_shown_in_chinese(demo, django_capture_on_commit_callbacks, monkeypatch,
                                                               caplog):
    from jixiao.web.bureau import imports

    def audit_bytes(name, content, library):
        raise ValueError("invalid literal for int() with base 10: 'x'")

    monkeypatch.setattr(imports, "audit_bytes", audit_bytes)
    report = _audited(client_for("changli_finance"), "报告.txt", "一、概况".encode(), django_capture_on_commit_callbacks)
    assert report.state == "failed" and report.error == "文件无法读取：解析时出现内部错误，已记录"
    assert "invalid literal" in caplog.text


@pytest.mark.django_db
def test_an_export_that_fails_on_a_bug_does_not_show_the_exception(demo, django_capture_on_commit_callbacks,
                                                                   monkeypatch):
    from jixiao.web.bureau import exports
    from jixiao.web.bureau.models import ExportJob
    from jixiao.web.evaluations.models import Evaluation, Status

    from .queue import run_queue

    def broken(document, library, fmt):
        raise KeyError("stated_total")

    monkeypatch.setattr(exports, "render", broken)
    Evaluation.objects.filter(department__name__startswith="通城").update(status=Status.ACCEPTED)
    client = client_for("tongcheng_finance")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/bureau/export/", {"year": "2023"})
    run_queue()
    job = ExportJob.objects.get()
    page = client.get(f"/bureau/export/{job.pk}/").content.decode()
    assert "2023 年度的文件无法生成：生成时出现内部错误，已记录" in page and "stated_total" not in page


# ------------------------------------------------------------------------------------- stored codes in words
def _edit_tongcheng(evaluation, user):
    """A preparer's save that changes coded fields: what the audit log and the version comparison then show."""
    from jixiao.web.evaluations import services
    from jixiao.web.evaluations.documents import Edit

    edits = [Edit("goals[0].indicators[5].actual", "≥97%"), Edit("goals[0].indicators[0].level1", "outcome"),
             Edit("goals[0].indicators[0].level2", "social"), Edit("goals[0].indicators[1].method", "qualitative"),
             Edit("goals[0].indicators[1].tier", "partial"), Edit("projects[0].budget_category", "government_fund"),
             Edit("projects[0].continuity", "new"), Edit("projects[0].recurrence", "one_off"),
             Edit("department.units[0].is_main", False)]
    saved = services.save_document(evaluation.pk, edits, services.Actor(user), evaluation.revision)
    assert len(saved.changes) == len(edits)


@pytest.fixture
def submittable(monkeypatch):
    """The demo's evaluations keep the errors of their seeds; the submission check is not what these tests are
    about, so it passes, and the workflow (version, event, audit record) runs as it does."""
    from jixiao.web.evaluations import services

    monkeypatch.setattr(services.Analysis, "errors", property(lambda self: []))


def _cells(page: str, label: str) -> list[tuple[str, str]]:
    """(title, text) of each value cell in the audit log shown as `label`."""
    return re.findall(r'<span title="([^"]*)">(' + re.escape(label) + r')</span>', page)


@pytest.mark.django_db
def test_the_audit_log_shows_stored_codes_as_their_chinese_labels(demo, evaluations, submittable):
    from jixiao.web.audit.log import record_changes

    tongcheng = evaluations["tongcheng"]
    _edit_tongcheng(tongcheng, User.objects.get(username="tongcheng_preparer"))
    client_for("tongcheng_preparer").post(f"/evaluations/{tongcheng.pk}/workflow/submit/")
    record_changes(None, "evaluation", tongcheng.pk, [("surveys[0].id", "s1", "s2"),
                                                      ("goals[0].indicators[2].criteria[0].met", False, True)])
    page = client_for("auditor").get("/audit/").content.decode()
    for raw, label in [("output", "产出指标"), ("outcome", "效益指标"), ("quantity", "数量指标"), ("social", "社会效益指标"),
                       ("qualitative", "定性·三档评分"), ("partial", "部分达成并具有一定效果"),
                       ("general_public", "一般公共预算"), ("government_fund", "政府性基金预算"),
                       ("continuing", "持续性项目"), ("new", "新增性项目"), ("recurring", "常年性项目"),
                       ("one_off", "一次性项目"), ("True", "是"), ("False", "否"),
                       ("draft", "草稿"), ("submitted", "已提交，待部门审核")]:
        assert (raw, label) in _cells(page, label), raw
    assert ">output<" not in page and ">general_public<" not in page and ">True<" not in page and ">draft<" not in page
    assert "≥97%" in page  # a value that is no code is shown as it is
    assert "满意度调查 1 › 编号" in page and "› id" not in page
    # a goal set's states are its own words, not an evaluation's (a new user read "approved" in the log)
    goals = client_for("auditor").get("/audit/", {"action": "workflow"}).content.decode()
    assert ("approved", "审核通过") in _cells(goals, "审核通过") and ">approved<" not in goals
    assert ("submitted", "已申报，待财政审核") in _cells(goals, "已申报，待财政审核")


@pytest.mark.django_db
def test_the_audit_log_says_what_changed_in_a_monitoring_report_and_a_goal_set_and_whose(demo):
    """Trial 13: the log said 运行监控 2, rows › 第 2 项 › spent_to_date and, of a goal set's project removed,
    {"name": …, "budget": …}. Each now says the department and the period or year, the row and the field by name,
    and the removed row by its fields' Chinese names."""
    import copy

    from jixiao.web.evaluations.services import Actor
    from jixiao.web.goals.models import GoalSet
    from jixiao.web.goals.services import save_goal_set
    from jixiao.web.monitoring.models import MonitoringReport

    report = MonitoringReport.objects.get(department__name__startswith="通城")
    row = report.rows.get(position=1)
    assert client_for("tongcheng_preparer").post(f"/monitoring/reports/{report.pk}/", {
        "revision": str(report.revision), "r1-spent_to_date": "3"}).status_code == 302
    goals = GoalSet.objects.get(department__name__startswith="昌黎")  # returned by the bureau: editable
    document = copy.deepcopy(goals.document)
    removed = document["projects"].pop(0)
    save_goal_set(goals.pk, document, Actor(User.objects.get(username="changli_preparer")), goals.revision)

    page = client_for("auditor").get("/audit/", {"action": "change"}).content.decode()
    department = report.department.name
    assert (f'<td>运行监控 <span title="{report.pk}">{report.pk} · {department} {report.year}年第3季度</span></td>'
            f'<td title="rows[1].spent_to_date">第 2 行“{row.name}” › 截至本期支出（万元）</td>') in page
    assert (f'<td>绩效目标 <span title="{goals.pk}">{goals.pk} · {goals.department.name} {goals.year} 年度</span>'
            '</td><td title="projects[0]">') in page
    indicators = "、".join(i["name"] for i in removed["indicators"])
    shown = re.sub(r'title="[^"]*"', "", page)  # what the page shows, not its titles
    words = (f"名称：{removed['name']}；绩效目标：{removed['goal'].rstrip('。')}；"
             f"申请预算（万元）：{removed['budget']}；绩效指标：{indicators}")
    assert f"<span >{words}</span>" in shown
    for english in ("spent_to_date", "rows ›", "&quot;name&quot;", "&quot;budget&quot;", f"运行监控 {report.pk}<"):
        assert english not in shown


@pytest.mark.django_db
def test_the_version_comparison_names_fields_in_words_and_the_current_state_in_chinese(demo, evaluations,
                                                                                      submittable):
    tongcheng = evaluations["tongcheng"]
    preparer = client_for("tongcheng_preparer")
    preparer.post(f"/evaluations/{tongcheng.pk}/workflow/submit/")
    client_for("tongcheng_reviewer").post(f"/evaluations/{tongcheng.pk}/workflow/return_department/",
                                          {"comment": "请核对满意度。"})
    tongcheng.refresh_from_db()
    _edit_tongcheng(tongcheng, User.objects.get(username="tongcheng_preparer"))
    page = preparer.get(f"/evaluations/{tongcheng.pk}/versions/?a=1&b=current").content.decode()
    assert '<td title="goals[0].indicators[5].actual">年度目标 1 › 指标“服务对象满意度” › 实际完成值</td>' in page
    assert "<th>版本 1</th><th>当前</th>" in page and "比较：版本 1 → 当前（9 处不同）" in page
    assert '<option value="current">当前</option>' in page and "current<" not in page and ">current" not in page
    assert "产出指标" in page and "效益指标" in page and ">output<" not in page


# ------------------------------------------------------------------------------------------------ the header
def _who(client) -> str:
    page = client.get("/accounts/password/").content.decode()
    return re.search(r'<div class="who">\s*<span>([^<]*)</span>', page).group(1)


@pytest.mark.django_db
def test_the_header_names_the_user_once_when_the_name_says_the_role(demo):
    assert _who(client_for("sysadmin")) == "系统管理员"
    assert _who(client_for("auditor")) == "审计管理员"
    assert _who(client_for("tongcheng_preparer")) == "通城县人力资源和社会保障局 填报人"
    # a name that does not say the role keeps it beside
    assert _who(client_for("tongcheng_reviewer")) == "通城县人力资源和社会保障局 审核人（部门审核人）"
    User.objects.filter(username="tongcheng_finance").update(first_name="李四")
    assert _who(client_for("tongcheng_finance")) == "李四（财政审核人）"


# ------------------------------------------------------------------------------------- who returned it, when
def _status_cell(page: str, department: str, year: int = 2023) -> str:
    """The status cell of the department's row of `year` (the demo also lists its generated year before, and the
    database decides the order of rows the list's ordering leaves equal)."""
    rows = [m.group(0) for m in re.finditer(re.escape(department) + r"</a></td>.*?</tr>", page, re.S)]
    row = next(r for r in rows if re.search(rf">\s*{year}\s*<", r))
    return re.sub(r"<[^>]+>", "", re.search(r'<span class="status[^"]*"[^>]*>.*?</span>(?:\s*<small>[^<]*</small>)?',
                                           row, re.S).group(0)).strip()


def _status_options(page: str, select_from: str) -> list[tuple[str, str]]:
    """(value, name) of the status filter's options, the select found after `select_from`."""
    select = page[page.index(select_from):]
    select = select[select.index('<select name="status">'):]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select[:select.index("</select>")])


def _workflow_records(evaluation) -> list[tuple[str, str]]:
    """(old, new) status as the audit log shows them, of the evaluation's workflow records, oldest first."""
    page = client_for("auditor").get("/audit/", {"action": "workflow"}).content.decode()
    named = rf'<span title="{evaluation.pk}">[^<]*</span>(?: <span[^>]*>[^<]*</span>)?'  # its department and year
    rows = re.findall(r"<td>自评 " + named + r"</td><td[^>]*>[^<]*</td><td>(.*?)</td>\s*<td>(.*?)</td>", page)
    words = [tuple(re.sub(r"<[^>]+>", "", cell) for cell in row) for row in rows]
    return words[::-1]


def _returned_everywhere(name: str, evaluation, department: str, today: str, finance, preparer,
                         secret: str) -> None:
    """A returned evaluation reads `name` on each page that names its status, and each status filter finds it; the
    audit log's record of the return and the API's `status_label` say it too."""
    key = {"部门退回修改": "return_department", "财政退回修改": "return_finance"}[name]
    other = {"return_department": "return_finance", "return_finance": "return_department"}[key]
    assert _status_cell(preparer.get("/evaluations/").content.decode(), department) == f"{name} {today}"
    assert _status_cell(finance.get("/bureau/").content.decode(), department) == f"{name} {today}"
    listed = finance.get(f"/bureau/?status={key}").content.decode()
    assert _status_cell(listed, department) == f"{name} {today}" and f'<option value="{key}" selected>' in listed
    assert f"{name} 1" in listed  # the counts above the list
    assert department not in finance.get(f"/bureau/?status={other}").content.decode().split("bureau-table")[1]
    detail = preparer.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert f'data-testid="evaluation-status">{name}</span>' in detail
    assert re.search(rf'data-testid="return-note"><strong>{name}</strong>', detail)
    matrix = finance.get(f"/analytics/?status={key}").content.decode()
    assert f"包括：{name}的自评" in matrix and f'<span class="hint" data-testid="status">{name}</span>' in matrix
    assert f"/evaluations/{evaluation.pk}/" in matrix
    assert f"/evaluations/{evaluation.pk}/" not in finance.get(f"/analytics/?status={other}").content.decode()
    for page in (finance.get("/bureau/").content.decode(), matrix, detail):
        assert "已退回修改" not in page and "部门退回<" not in page and "财政退回<" not in page
    assert _workflow_records(evaluation)[-1][1] == name
    listed = {e["id"]: e for e in call("/api/evaluations", secret).json()}
    assert (listed[evaluation.pk]["status"], listed[evaluation.pk]["status_label"]) == ("returned", name)
    assert call(f"/api/evaluations/{evaluation.pk}", secret).json()["status_label"] == name


@pytest.mark.django_db
def test_a_returned_evaluation_has_one_name_on_every_page_by_who_returned_it(
        demo, evaluations, submittable, django_capture_on_commit_callbacks):
    """A new user read 部门退回 on /bureau/ and 已退回修改 in the filters and analytics for the same evaluation. The
    workflow's events say who returned it, so every page names it 部门退回修改 or 财政退回修改 — the names of the two
    returns — with the day in the lists; the status filters offer the two names in place of 已退回修改."""
    from django.utils import timezone

    changli = evaluations["changli"]
    name = changli.department.name
    url = f"/evaluations/{changli.pk}/workflow"
    preparer, reviewer, finance = (client_for(f"changli_{r}") for r in ("preparer", "reviewer", "finance"))
    today = timezone.localdate().isoformat()
    secret = create_token("changli_finance")
    assert _status_cell(preparer.get("/evaluations/").content.decode(), name) == "草稿"
    statuses = ["草稿", "已提交，待部门审核", "部门退回修改", "财政退回修改", "部门或财政退回修改", "部门已审核，待财政审核",
                "财政已接收"]
    bureau = finance.get("/bureau/").content.decode()
    assert [label for _, label in _status_options(bureau, 'class="filters"')] == ["全部状态", *statuses]
    analytics = finance.get("/analytics/").content.decode()
    assert [label for _, label in _status_options(analytics, "analytics-filters")] == \
        ["财政已收到（待财政审核、财政已接收）", "全部状态（含草稿）", *statuses]

    with django_capture_on_commit_callbacks(execute=True):  # the analytics projection follows on commit
        preparer.post(f"{url}/submit/")
        done = reviewer.post(f"{url}/return_department/", {"comment": "请补充原因。"}, follow=True).content.decode()
    assert "已退回，状态为“部门退回修改”。" in done and "已退回修改" not in done
    _returned_everywhere("部门退回修改", changli, name, today, finance, preparer, secret)

    with django_capture_on_commit_callbacks(execute=True):
        preparer.post(f"{url}/submit/")
        reviewer.post(f"{url}/approve/")
        done = finance.post(f"{url}/return_finance/", {"comment": "执行率口径不一。"}, follow=True).content.decode()
    assert "已退回，状态为“财政退回修改”。" in done and "已退回修改" not in done
    _returned_everywhere("财政退回修改", changli, name, today, finance, preparer, secret)
    # the audit log names each return as the pages do, and the step after the department's return leaves it by name
    assert _workflow_records(changli) == [("草稿", "已提交，待部门审核"), ("已提交，待部门审核", "部门退回修改"),
                                          ("部门退回修改", "已提交，待部门审核"), ("已提交，待部门审核", "部门已审核，待财政审核"),
                                          ("部门已审核，待财政审核", "财政退回修改")]
    # both returns together, as a link saved when both were 已退回修改 asks (?status=returned)
    page = finance.get("/bureau/?status=returned").content.decode()
    listed = page.split("bureau-table")[1]
    assert _status_cell(listed, name) == f"财政退回修改 {today}" and "财政已接收" not in listed
    assert '<option value="returned" selected>部门或财政退回修改</option>' in page
    matrix = finance.get("/analytics/?status=returned").content.decode()
    assert f"/evaluations/{changli.pk}/" in matrix and "包括：部门或财政退回修改的自评" in matrix
    assert f"/evaluations/{evaluations['tongcheng'].pk}/" not in matrix  # 财政已接收 (the seed's own status)
    # a step the status does not allow (two pages open at once) names it the same way
    from jixiao.web.evaluations.models import Evaluation
    from jixiao.web.evaluations.services import Actor, WorkflowError, transition

    with pytest.raises(WorkflowError, match="当前状态为“财政退回修改”，不能“部门审核通过并报送财政局”"):
        transition(Evaluation.objects.get(pk=changli.pk), "approve",
                   actor=Actor(get_user_model().objects.get(username="changli_reviewer")))


# ------------------------------------------------------------------------- turning a report into an evaluation
@pytest.mark.django_db
def test_an_evaluation_that_exists_already_is_linked(demo, evaluations, django_capture_on_commit_callbacks):
    from ..conftest import SEEDS

    client = client_for("changli_finance")
    report = _audited(client, "000_c8758e53477b5b54.txt", (SEEDS / "000_c8758e53477b5b54.txt").read_bytes(),
                      django_capture_on_commit_callbacks)
    changli = evaluations["changli"]
    page = client.post(f"/bureau/reports/{report.pk}/", {"department": changli.department_id, "year": "2023"}).content.decode()
    assert "昌黎县人力资源和社会保障局 2023 年度的评价已经存在" in page
    assert f'<a href="/evaluations/{changli.pk}/">昌黎县人力资源和社会保障局 2023 年度</a>' in page


# -------------------------------------------------------------------------------------------------- user names
def _department_id() -> int:
    return User.objects.get(username="tongcheng_preparer").memberships.get().department_id


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["张 三", "zhang san", "li\tsi", "wang/wu", "zhao#liu", "a<b>"])
def test_a_user_name_with_a_space_or_symbol_is_refused_in_chinese(demo, username):
    page = client_for("sysadmin").post("/accounts/users/", {
        "username": username, "full_name": "张三", "role": "preparer", "department": _department_id()}).content.decode()
    assert not User.objects.filter(username=username).exists()
    assert "用户名只能由字母、数字和 @ . + - _ 组成" in page
    page = client_for("secadmin").post("/accounts/administrators/", {
        "kind": "create", "username": username, "full_name": "张三", "role": "audit_admin"}).content.decode()
    assert not User.objects.filter(username=username).exists()
    assert "用户名只能由字母、数字和 @ . + - _ 组成" in page


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["张三", "zhang.san@tc-rs_1+x"])
def test_a_user_name_of_letters_digits_and_the_five_symbols_is_accepted(demo, username):
    page = client_for("sysadmin").post("/accounts/users/", {
        "username": username, "full_name": "张三", "role": "preparer", "department": _department_id()}).content.decode()
    assert User.objects.filter(username=username).exists(), errors_of(page)


@pytest.mark.django_db
def test_the_administrators_forms_speak_chinese(demo):
    for client, url, data in [
        (client_for("sysadmin"), "/accounts/users/", {"username": "", "full_name": "", "role": "preparer"}),
        (client_for("sysadmin"), "/accounts/users/", {"username": "x" * 151, "full_name": "张三", "role": "x1"}),
        (client_for("sysadmin"), "/accounts/users/", {"username": "tongcheng_preparer", "full_name": "张三",
                                                      "role": "preparer", "department": "99999"}),
        (client_for("secadmin"), "/accounts/administrators/", {"kind": "create", "username": "sysadmin",
                                                               "full_name": "x" * 151, "role": "preparer"}),
        (client_for("secadmin"), "/accounts/security/", {"max_failed_logins": "x", "lockout_minutes": "",
                                                         "idle_timeout_minutes": 100, "password_min_length": 7})]:
        errors = errors_of(client.post(url, data).content.decode())
        assert errors and not english(errors), (url, errors)


# ------------------------------------------------------------------------------------- long account lists
@pytest.mark.django_db
def test_the_account_list_is_paged_and_each_row_keeps_its_roles_revoke_and_toggle_forms(demo):
    """A province's administrator lists thousands of accounts: 50 a page, every account on exactly one page, each
    row with its roles and scope, a revoke form per business role and the toggle (none on one's own row)."""
    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.organisations.models import Department

    department = Department.objects.order_by("pk").first()
    for number in range(120):
        user = User.objects.create_user(f"clerk{number:03d}", first_name=f"填报人{number}")
        Membership.objects.create(user=user, role=Role.PREPARER, department=department)
    client = client_for("sysadmin")
    everyone = list(User.objects.order_by("username"))
    seen: list[str] = []
    for number in (1, 2, 3):
        page = client.get(f"/accounts/users/?page={number}").content.decode()
        seen += re.findall(r"<tr><td>([^<]+)</td><td class=\"typed\">", page)
        assert f"第 {number} / 3 页（共 {len(everyone)} 个账户）" in page
    assert seen == [u.username for u in everyone]
    page = client.get("/accounts/users/?page=1").content.decode()
    clerk = User.objects.get(username="clerk000")
    membership = clerk.memberships.get()
    row = page[page.index("<tr><td>clerk000</td>"):]
    row = row[:row.index("</tr>")]
    assert f"填报人（{department.name}" in row
    assert (f'<form method="post" action="/accounts/memberships/{membership.pk}/revoke/" class="inline" '
            f'data-confirm="撤销 clerk000 的“填报人”角色？">') in row  # asked before (a click took the role at once)
    assert f'<form method="post" action="/accounts/users/{clerk.pk}/toggle/" data-confirm="停用账户 clerk000？停用后' \
           f'不能登录。"><input type="hidden" name="csrfmiddlewaretoken" value="' in row and ">停用</button>" in row
    # the department select lists every department, in the form's own markup
    select = page[page.index('<select name="department"'):]
    options = re.findall(r'<option value="(\d+)"', select[:select.index("</select>")])
    assert sorted(map(int, options)) == sorted(Department.objects.values_list("pk", flat=True))
    # the posted form still revokes and toggles, and answers with the page the button was on
    assert client.post(f"/accounts/users/{clerk.pk}/toggle/").status_code == 302
    assert not User.objects.get(pk=clerk.pk).is_active
    later = User.objects.get(username="clerk110")
    second = client.get("/accounts/users/?page=3").content.decode()
    assert '<input type="hidden" name="page" value="3">' in second and "<tr><td>clerk110</td>" in second
    response = client.post(f"/accounts/users/{later.pk}/toggle/", {"page": "3"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/users/?page=3")
    assert not User.objects.get(pk=later.pk).is_active
    # (searching the list: test_the_account_list_searches_and_the_buttons_keep_the_search)
    admins = client_for("secadmin").get("/accounts/administrators/").content.decode()
    assert "clerk000" not in admins.split("<h2>")[0]  # the administrators' list holds administrators only
    assert {"sysadmin", "secadmin", "auditor"} <= set(re.findall(r"<tr><td>([^<]+)</td>", admins))


def _department_options(page: str) -> dict[int, str]:
    select = page[page.index('<select name="department"'):]
    return {int(pk): name for pk, name in
            re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select[:select.index("</select>")])}


@pytest.mark.django_db
def test_the_user_forms_mark_the_departments_the_demo_generated(generated_bureau):
    """Every list marks a department the demo generated (演示生成); the new-user and grant forms' department select
    did not, so an administrator could give a real person a role in a made-up department unawares. An option holds
    text only: （演示生成） after the name, as the analytics filter's options say it."""
    from jixiao.web.accounts.models import Role
    from jixiao.web.organisations.models import Department

    client = client_for("sysadmin")
    generated = Department.objects.filter(generated=True).order_by("name")
    real = Department.objects.filter(generated=False)
    assert generated.count() == 11 and real.exists()
    preparer = User.objects.get(username="tongcheng_preparer")
    for path in ("/accounts/users/", f"/accounts/users/{preparer.pk}/"):
        options = _department_options(client.get(path).content.decode())
        assert {pk: options[pk] for pk in generated.values_list("pk", flat=True)} == {
            d.pk: f"{d.name}（演示生成）" for d in generated}, path
        assert {pk: options[pk] for pk in real.values_list("pk", flat=True)} == {d.pk: d.name for d in real}, path
    analytics = client_for("tongcheng_finance").get("/analytics/").content.decode()
    first = generated.first()
    assert f'<option value="{first.pk}">{first.name}（演示生成）</option>' in analytics  # the same words
    # the marked option still posts the department itself
    response = client.post(f"/accounts/users/{preparer.pk}/", {"role": Role.DEPARTMENT_REVIEWER,
                                                                 "department": str(first.pk)})
    assert response.status_code == 302 and preparer.memberships.filter(department=first).exists()
    # the organisations page's 新建预算单位 form offers departments the same way
    organisations = client.get("/accounts/organisations/").content.decode()
    assert f'<option value="{first.pk}">{first.name}（演示生成）</option>' in organisations
    # the role held in it, offered for replacement, is named with the same mark
    held = preparer.memberships.get(department=first)
    grant = client.get(f"/accounts/users/{preparer.pk}/").content.decode()
    assert f'<option value="{held.pk}">替换：部门审核人（{first.name}（演示生成））</option>' in grant


def _page_queries(client, path: str) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.get(path, HTTP_CACHE_CONTROL="no-cache").content.decode()  # drawn, not the page cache's copy
    return len(queries), page


@pytest.mark.django_db
def test_the_account_list_reads_as_many_queries_for_fifty_rows_as_for_one(demo):
    """The demo's accounts and more, with department roles, finance bureaus' and two roles on one account (of two
    departments: one account is on one review level only): a full page of 50 rows costs the queries one row costs
    (the rows' roles, departments and bureaus are not read row by row)."""
    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.organisations.models import Department, FinanceBureau

    department, bureau = Department.objects.order_by("pk").first(), FinanceBureau.objects.order_by("pk").first()
    departments = list(Department.objects.all())
    for number in range(50):
        user = User.objects.create_user(f"clerk{number:03d}", first_name=f"职员{number}")
        if number % 3:
            Membership.objects.create(user=user, role=Role.PREPARER, department=departments[number % len(departments)])
        else:
            Membership.objects.create(user=user, role=Role.FINANCE_REVIEWER, finance_bureau=bureau)
    other = Department.objects.exclude(pk=department.pk).order_by("pk").first()
    both = User.objects.create_user("aa_two_roles", first_name="两个角色")
    Membership.objects.create(user=both, role=Role.PREPARER, department=department)
    Membership.objects.create(user=both, role=Role.DEPARTMENT_REVIEWER, department=other)
    client = client_for("sysadmin")
    client.get("/accounts/users/")  # the session's first request settles what it settles
    full, page = _page_queries(client, "/accounts/users/")
    assert page.count("<tr><td>") == 50 and User.objects.count() > 50
    row = page[page.index("<tr><td>aa_two_roles</td>"):]
    row = row[:row.index("</tr>")]
    assert f"填报人（{department.name}" in row and f"部门审核人（{other.name}" in row
    one, page = _page_queries(client, "/accounts/users/?q=aa_two_roles")
    assert page.count("<tr><td>") == 1
    assert full == one


def test_the_quick_select_draws_djangos_select_without_its_indentation():
    """QuickSelect skips Django's option templates: the same options, groups and selection (the first match)."""
    from django import forms

    from jixiao.web.widgets import QuickSelect

    choices = [("", "---------"), ("a", "A & <b>"), ("g", [("c", "C"), ("d", "D")]), ("e", "E"), ("e", "E again")]
    for value in (None, "", "a", "c", "e", ["a", "e"]):
        for attrs in (None, {"id": "id_role", "required": True}):
            django_select, quick = forms.Select(choices=choices), QuickSelect(choices=choices)
            expected = "\n".join(line.strip() for line in django_select.render("role", value, attrs).splitlines()
                                 if line.strip())
            assert quick.render("role", value, attrs) == expected


@pytest.mark.django_db
def test_the_account_list_searches_and_the_buttons_keep_the_search(demo):
    """Search by username, name, department or finance bureau (GET q), kept by the paging links and by the answer to
    the toggle and revoke buttons."""
    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.organisations.models import Department

    department = Department.objects.get(name="通城县人力资源和社会保障局")
    for number in range(60):
        user = User.objects.create_user(f"clerk{number:03d}", first_name=f"填报人{number}")
        Membership.objects.create(user=user, role=Role.PREPARER, department=department)
    client = client_for("sysadmin")

    def listed(query: str) -> list[str]:
        return re.findall(r"<tr><td>([^<]+)</td><td class=\"typed\">", client.get("/accounts/users/", {"q": query}).content.decode())

    assert listed("changli") == ["changli_finance", "changli_preparer", "changli_reviewer"]  # username
    assert listed("填报人59") == ["clerk059"]  # name
    # department: its 60 clerks and the demo's two users of it, 50 a page; bureau: also its finance reviewer
    page = client.get("/accounts/users/", {"q": "通城县人力资源"}).content.decode()
    assert "“通城县人力资源”：找到 62 个账户。" in page and "第 1 / 2 页（共 62 个账户）" in page
    assert 'href="?q=%E9%80%9A%E5%9F%8E%E5%8E%BF%E4%BA%BA%E5%8A%9B%E8%B5%84%E6%BA%90&amp;page=2"' in page
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"typed\">", page)
    assert len(rows) == 50 and "tongcheng_finance" not in rows
    # a bureau: its finance reviewer, and its departments' users (60 clerks, preparer and reviewer) too
    bureau = client.get("/accounts/users/", {"q": "通城县财政局", "page": "2"}).content.decode()
    assert "找到 63 个账户" in bureau
    assert re.findall(r"<tr><td>([^<]+)</td><td class=\"typed\">", bureau) == [f"clerk{n:03d}" for n in range(50, 60)] + [
        "tongcheng_finance", "tongcheng_preparer", "tongcheng_reviewer"]
    none = client.get("/accounts/users/", {"q": "不存在的部门"}).content.decode()
    assert "没有用户名、姓名、部门或财政局含“不存在的部门”的账户。" in none and "找到 0 个账户" in none
    # the buttons carry the search and the page, and answer with both
    second = client.get("/accounts/users/", {"q": "clerk", "page": "2"}).content.decode()
    assert '<input type="hidden" name="page" value="2"><input type="hidden" name="q" value="clerk">' in second
    clerk = User.objects.get(username="clerk055")
    response = client.post(f"/accounts/users/{clerk.pk}/toggle/", {"page": "2", "q": "clerk"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/users/?q=clerk&page=2")
    assert not User.objects.get(pk=clerk.pk).is_active
    membership = User.objects.get(username="clerk001").memberships.get()
    response = client.post(f"/accounts/memberships/{membership.pk}/revoke/", {"q": "填报人"})
    assert (response.status_code, response["Location"]) == (302, "/accounts/users/?q=%E5%A1%AB%E6%8A%A5%E4%BA%BA")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_a_findings_figures_are_kept_whole_and_escaped():
    """The report audit's 报告所载 and 核算 cells: each figure in a span that does not break, the words and the list's
    separators between them free to wrap, and what a report states escaped."""
    from jixiao.web.evaluations.templatetags.display import figures_whole

    assert figures_whole("晚于 2022-12-31") == '晚于 <span class="nb">2022-12-31</span>'
    assert figures_whole("2022-03-01、2022年4月5日") == (
        '<span class="nb">2022-03-01</span>、<span class="nb">2022年4月5日</span>')
    assert figures_whole("≥ 96%") == '<span class="nb">≥ 96%</span>'
    assert figures_whole("100%完成年度目标任务") == '<span class="nb">100%</span>完成年度目标任务'
    assert figures_whole('<img src=x onerror="1">') == '&lt;img src=x onerror=&quot;<span class="nb">1&quot;&gt;</span>'
    assert figures_whole(None) == "" and figures_whole("（空）") == "（空）"


@pytest.mark.django_db
def test_the_accounts_list_kept_reads_the_roles_and_pages_the_querysets_read(demo):
    """The accounts list reads its page's roles and, unsearched, its count and page by statements compiled once per
    process (lookups.kept, paging.kept_page): the same roles, in the order granted, with their departments and
    bureaus, for every account, and the same accounts on each page, as the querysets read and Paginator pages them."""
    from django.test import RequestFactory

    from jixiao.web.accounts.models import Membership
    from jixiao.web.accounts.views import _accounts, _all_accounts
    from jixiao.web.paging import kept_page, paged

    people = list(_all_accounts())
    assert len(people) > 10
    for size in (5, 50):
        for start in range(0, len(people), size):
            chunk = people[start:start + size]
            expected = {p["pk"]: [] for p in chunk}
            for row in Membership.objects.filter(user_id__in=list(expected)).order_by("pk").values_list(
                    "pk", "user_id", "role", "department__name", "department__generated", "finance_bureau__name"):
                expected[row[1]].append((row[0], row[2], row[3], row[4] if row[3] is not None else None, row[5]))
            found = {a.pk: [(h.pk, h.role, h.department.name if h.department else None,
                             h.department.generated if h.department else None,
                             h.finance_bureau.name if h.finance_bureau else None)
                            for h in a.memberships] for a in _accounts(chunk)}
            assert found == expected
        for number in ("1", "2", "3", "99", "x"):
            request = RequestFactory().get("/accounts/users/", {"page": number})
            (kept, _), (plain, _) = kept_page(request, _all_accounts, size=size), paged(request, _all_accounts(), size)
            assert (kept.number, kept.paginator.count, list(kept.object_list)) == \
                (plain.number, plain.paginator.count, list(plain.object_list))
    assert _accounts([]) == []
