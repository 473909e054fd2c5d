"""The audit trail (who, when, which field, old → new; logins, failures, refusals), readable only by the audit
administrator and never editable; lockout, idle timeout, password rules, CSRF and security headers."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from jixiao.web.audit.models import Action, AppendOnlyError, AuditEvent

from .conftest import client_for


@pytest.mark.django_db
def test_every_change_is_logged_by_field(evaluations):
    tongcheng = evaluations["tongcheng"]
    client_for("tongcheng_preparer").post(f"/evaluations/{tongcheng.pk}/edit/finance/", {
        "revision": str(tongcheng.revision), "f-budget.total.budget_initial": "2366.08", "f-budget.total.spent": "2820.16",
        "f-budget.basic_expenditure.spent": "2544.29", "f-budget.personnel_cost.spent": "2316.61",
        "f-budget.operating_cost.spent": "227.67", "f-budget.project_expenditure.spent": "275.77"})
    event = AuditEvent.objects.get(action=Action.CHANGE, field="budget.total.spent")
    assert (event.username, event.old_value, event.new_value) == ("tongcheng_preparer", "2820.06", "2820.16")
    assert event.object_id == str(tongcheng.pk)


@pytest.mark.django_db
def test_logins_failures_and_refusals_are_logged(demo, evaluations):
    client = Client()
    client.post("/accounts/login/", {"username": "tongcheng_preparer", "password": "wrong"})
    client.post("/accounts/login/", {"username": "tongcheng_preparer", "password": demo["tongcheng_preparer"]})
    client.get(f"/evaluations/{evaluations['changli'].pk}/")
    actions = list(AuditEvent.objects.filter(username="tongcheng_preparer").values_list("action", flat=True))
    assert set(actions) >= {Action.LOGIN_FAILED, Action.LOGIN, Action.PERMISSION_DENIED}


@pytest.mark.django_db
def test_only_the_audit_administrator_reads_the_log(demo):
    client_for("tongcheng_preparer").get("/audit/")
    assert client_for("sysadmin").get("/audit/").status_code == 403
    page = client_for("auditor").get("/audit/?action=permission_denied").content.decode()
    assert "tongcheng_preparer" in page and "越权访问被拒绝" in page


@pytest.mark.django_db
def test_the_log_cannot_be_changed_or_deleted(demo):
    from jixiao.web.audit.triggers import install

    install(connection)  # as the migration did (a transactional test before this one may have removed them)
    event = AuditEvent.objects.create(action=Action.LOGIN, username="someone")
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    for statement in ("UPDATE audit_auditevent SET username = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(DatabaseError):  # SQLite and PostgreSQL word it differently
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
    assert AuditEvent.objects.filter(username="someone").exists()


@pytest.mark.django_db
def test_five_failures_lock_the_account_for_fifteen_minutes(demo):
    client = Client()
    for _ in range(5):
        page = client.post("/accounts/login/", {"username": "changli_reviewer", "password": "wrong"}).content.decode()
    assert "账户已锁定" in client.post("/accounts/login/", {"username": "changli_reviewer",
                                                         "password": demo["changli_reviewer"]}).content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=Action.LOCKED_OUT, username="changli_reviewer").exists()
    from datetime import timedelta
    from django.utils import timezone
    from jixiao.web.accounts.models import LoginThrottle

    LoginThrottle.objects.filter(username="changli_reviewer").update(locked_until=timezone.now() - timedelta(seconds=1))
    client.post("/accounts/login/", {"username": "changli_reviewer", "password": demo["changli_reviewer"]})
    assert "_auth_user_id" in client.session
    assert "用户名或密码不正确" in page


@pytest.mark.django_db
def test_sessions_expire_after_thirty_idle_minutes(demo):
    client = Client()
    client.post("/accounts/login/", {"username": "changli_preparer", "password": demo["changli_preparer"]})
    client.get("/evaluations/")
    assert client.session.get_expiry_age() == 30 * 60
    client_for("secadmin").post("/accounts/security/", {"max_failed_logins": 5, "lockout_minutes": 15,
                                                        "idle_timeout_minutes": 10, "password_min_length": 10})
    client.get("/evaluations/")
    assert client.session.get_expiry_age() == 10 * 60


@pytest.mark.django_db
def test_password_rules():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("short1!", "alllowercaseletters", "12345678901", "onlyletters123"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Budget-2024-ok")


@pytest.mark.django_db
def test_csrf_is_enforced(evaluations, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(__import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model().objects.get(
        username="tongcheng_preparer"))
    assert client.post(f"/evaluations/{evaluations['tongcheng'].pk}/workflow/submit/").status_code == 403


@pytest.mark.django_db
def test_security_headers(demo):
    response = client_for("tongcheng_preparer").get("/evaluations/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    login = Client().get("/accounts/login/")
    assert "frame-ancestors 'none'" in login["Content-Security-Policy"]


def _log_queries(client) -> tuple[int, str]:
    """The log's queries drawn afresh: nothing kept (the page cache's pages and fragments) from an earlier drawing."""
    from django.core.cache import caches
    from django.test.utils import CaptureQueriesContext

    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/audit/").content.decode()
    return len(queries), page


@pytest.mark.django_db
def test_the_log_names_evaluations_and_imports_for_a_page_in_one_query_each(demo, evaluations):
    """The trial's 对象 column said 自评 22, 报告审核 1: the evaluation is named by its department and year (the id
    in the title), and a preparer's import, stored as a report audit with its department, is 从文件导入; a bureau's
    upload stays 报告审核. A page of many costs the queries of a page of one."""
    from jixiao.web.bureau.models import ReportAudit
    from jixiao.web.evaluations.models import Evaluation

    tongcheng = evaluations["tongcheng"]
    department = tongcheng.department
    imported = ReportAudit.objects.create(department=department, name="部门表.xlsx")
    audited = ReportAudit.objects.create(finance_bureau=department.finance_bureau, name="报告.pdf")
    AuditEvent.objects.create(action=Action.EXPORT, username="tongcheng_finance", object_type="evaluation",
                              object_id=str(tongcheng.pk), detail="预算安排建议表（xlsx）")
    AuditEvent.objects.create(action=Action.IMPORT, username="tongcheng_preparer", object_type="report_audit",
                              object_id=str(imported.pk), detail="部门表.xlsx：已上传，排队审核")
    client = client_for("auditor")
    client.get("/audit/")  # the session's first request settles what it settles
    one, page = _log_queries(client)
    assert (f'<td>自评 <span title="{tongcheng.pk}">{tongcheng.pk} · {department.name} {tongcheng.year} 年度</span>'
            "</td>") in page
    assert f"<td>从文件导入 {imported.pk}</td>" in page
    for evaluation in Evaluation.objects.all():
        AuditEvent.objects.create(action=Action.EXPORT, username="tongcheng_finance", object_type="evaluation",
                                  object_id=str(evaluation.pk), detail="预算安排建议表（xlsx）")
    for report in (audited, ReportAudit.objects.create(department=department, name="第二份.xlsx")):
        AuditEvent.objects.create(action=Action.IMPORT, username="tongcheng_finance", object_type="report_audit",
                                  object_id=str(report.pk), detail=f"{report.name}：已上传，排队审核")
    many, page = _log_queries(client)
    assert many == one
    assert f"<td>报告审核 {audited.pk}</td>" in page and page.count("<td>从文件导入 ") == 2
    earlier = Evaluation.objects.filter(department=department, generated=True).order_by("year").first()
    assert (f'<td>自评 <span title="{earlier.pk}">{earlier.pk} · {department.name} {earlier.year} 年度</span> '
            '<span class="status" data-testid="generated"') in page  # the demo's year, marked as everywhere
    gone = AuditEvent.objects.create(action=Action.EXPORT, object_type="evaluation", object_id="999999")
    assert f"<td>自评 {gone.object_id}</td>" in client.get("/audit/").content.decode()


@pytest.mark.django_db
def test_the_log_names_a_bureaus_year_file_by_its_year_and_contents(demo, evaluations):
    """The trial's 对象 column said 打包下载 12: a bureau's year file is named by what it holds (the id in the
    title), the zip of accepted evaluations and the suggestions workbook alike, both as the bureau asked for them; a
    page of many costs the queries of a page of one, and a job gone since is its number."""
    from jixiao.web.bureau.models import ExportJob

    finance = client_for("tongcheng_finance")
    assert finance.post("/bureau/export/", {"year": "2022"}).status_code == 302  # 通城's 2022 is accepted
    packages = ExportJob.objects.get(kind=ExportJob.Kind.PACKAGES)
    assert finance.post("/results/years/2022/table.xlsx").status_code == 302
    suggestions = ExportJob.objects.get(kind=ExportJob.Kind.SUGGESTIONS)
    client = client_for("auditor")
    client.get("/audit/")  # the session's first request settles what it settles
    one, page = _log_queries(client)
    assert (f'<td>打包下载 <span title="{packages.pk}">{packages.pk} · 2022 年度已接收自评压缩包</span></td>'
            in page)
    assert (f'<td>打包下载 <span title="{suggestions.pk}">{suggestions.pk} · 2022 年度预算安排建议表</span></td>'
            in page)
    for _ in range(2):
        finance.post("/results/years/2022/table.xlsx")
    many, page = _log_queries(client)
    assert many == one and page.count("<td>打包下载 <span title=") == 4
    gone = AuditEvent.objects.create(action=Action.EXPORT, object_type="export", object_id="999999")
    assert f"<td>打包下载 {gone.object_id}</td>" in client.get("/audit/").content.decode()
