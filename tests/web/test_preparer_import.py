"""Preparers import their department's own tables into a draft (issue [reading] §4): the file is read by the same
readers as the bureau's audits, the page lists each value read with where it came from and what could not be placed,
and the draft keeps every value's source, shown on the entry pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.web.bureau.models import ReportAudit
from jixiao.web.evaluations.models import Evaluation, Status

from ..conftest import SEEDS
from .conftest import client_for
from .queue import run_queue

SEED_000 = "000_c8758e53477b5b54.txt"  # 昌黎 2023, S1: a 40-project score list


def _upload(client, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/evaluations/import/", {"files": [SimpleUploadedFile(name, content)]})


@pytest.mark.django_db
def test_a_preparer_imports_a_report_and_builds_a_draft_that_remembers_each_source(
        evaluations, django_capture_on_commit_callbacks):
    client = client_for("changli_preparer")
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued when the upload commits
        response = _upload(client, SEED_000, (SEEDS / SEED_000).read_bytes())
    report = ReportAudit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evaluations/import/{report.pk}/"
    assert report.department == evaluations["changli"].department and report.finance_bureau is None
    assert run_queue() == 1
    page = client.get(f"/evaluations/import/{report.pk}/").content.decode()
    # a figure of seed 000 and where it stands in the file: 40 projects, the first 18.71 万元 (line 45 of the example)
    assert re.search(r"项目“2022年度县级表彰项目所需资金” › 预算 › 调整后预算数</td><td>18.71</td><td>第 \d+", page)
    # 昌黎 has 2023 (the seed) and 2022 (generated) in the demo: the draft goes to a year of its own, which is not
    # the file's: asked first (a slip of the keyboard would file 2023's figures as another year's), then confirmed
    refused = client.post(f"/evaluations/import/{report.pk}/", {"year": "2021"}).content.decode()
    assert "文件所述年度为 2023 年，所填年度为 2021 年" in refused and 'name="confirm_year"' in refused
    assert not Evaluation.objects.filter(department=evaluations["changli"].department, year=2021).exists()
    created = client.post(f"/evaluations/import/{report.pk}/", {"year": "2021", "confirm_year": "1"})
    draft = Evaluation.objects.get(department=evaluations["changli"].department, year=2021)
    assert created.status_code == 302 and created["Location"] == f"/evaluations/{draft.pk}/"
    assert len(draft.document["projects"]) == 40
    assert draft.import_sources["projects[0]"].startswith("第 ") and all(draft.import_sources.values())
    assert draft.imported_by is None  # the department's own draft: its preparers edit it as any other
    entry = client.get(f"/evaluations/{draft.pk}/edit/projects/").content.decode()
    assert re.search(r'name="projects-0-name"[^>]*title="导入自：第 \d+', entry) or \
        re.search(r'title="导入自：第 \d+[^"]*"[^>]*name="projects-0-name"', entry)
    # seen at a glance, not only on hover: the legend says what the marked inputs are (the mark is CSS on data-source)
    assert 'data-testid="imported-legend"' in entry and re.search(r'data-source="导入自：第 \d+', entry)
    typed = evaluations["tongcheng"]  # entered by hand: no legend, no marks
    assert not typed.import_sources
    page = client_for("tongcheng_preparer").get(f"/evaluations/{typed.pk}/edit/projects/").content.decode()
    assert 'data-testid="imported-legend"' not in page and "data-source=" not in page


@pytest.mark.django_db
def test_another_departments_import_is_refused_and_logged(evaluations):
    from jixiao.web.audit.models import Action, AuditEvent

    _upload(client_for("changli_preparer"), SEED_000, (SEEDS / SEED_000).read_bytes())
    report = ReportAudit.objects.get()
    assert client_for("tongcheng_preparer").get(f"/evaluations/import/{report.pk}/").status_code == 404
    assert client_for("changli_finance").get(f"/evaluations/import/{report.pk}/").status_code == 403
    assert client_for("changli_finance").get(f"/bureau/reports/{report.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, detail__contains=f"导入 {report.pk}").exists()


ANHUI_XLSX = Path(__file__).resolve().parent.parent / "reading" / "fixtures" / "dev" / "anhui-project-2023.xlsx"


@pytest.mark.django_db
def test_a_preparer_imports_the_provincial_systems_excel_table_into_a_draft(evaluations,
                                                                              django_capture_on_commit_callbacks):
    """The provincial system's export (one project per sheet, merged cells): each value lands in the draft with
    its sheet and cell (figures from the fixture's expectation)."""
    client = client_for("changli_preparer")
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, ANHUI_XLSX.name, ANHUI_XLSX.read_bytes())
    report = ReportAudit.objects.get()
    assert run_queue() == 1
    report.refresh_from_db()
    assert report.error == "" and "项目支出绩效自评表 2 张" in report.coverage and not report.unauditable
    page = client.get(f"/evaluations/import/{report.pk}/").content.decode()
    assert "识别与读取：项目支出绩效自评表 2 张" in page
    assert "<td>产出指标</td>" in page and "<td>output</td>" not in page  # levels by their names
    # tiers and date kinds by their names too, never the model's codes (a new user saw 定性档次 achieved)
    assert "<td>achieved</td>" not in page and "<td>table</td>" not in page
    assert "<td>达成年度指标</td>" in page
    assert "<tr><td>所列得分</td>" not in page  # project 1's 总分 is not the department's
    assert re.search(r"义务教育学校公用经费保障</td><td>工作表“项目1” B\d", page)
    # each figure of the funds row with its own cell: 年初 C5, 全年预算 D5, 执行 E5 (the fixture's layout)
    assert "调整后预算数</td><td>192.4</td><td>工作表“项目1” D5" in page
    assert "决算数（执行数）</td><td>190.8</td><td>工作表“项目1” E5" in page
    # the workbook names another department (an 安徽 fixture): it goes into 昌黎's list only when the preparer says so
    refused = client.post(f"/evaluations/import/{report.pk}/", {"year": "2021"}).content.decode()
    assert "与所选部门“昌黎县人力资源和社会保障局”不同" in refused and 'name="confirm_other"' in refused
    assert 'name="year" value="2021"' in refused  # the year typed stays (a new user saw it reset to the file's)
    assert not Evaluation.objects.filter(department=evaluations["changli"].department, year=2021).exists()
    # 昌黎's 2023 and 2022 evaluations exist in the demo: the draft goes to a year of its own
    # … and not the file's year either: asked next, the department's box kept ticked so one more post does both
    again = client.post(f"/evaluations/import/{report.pk}/", {"year": "2021", "confirm_other": "1"}).content.decode()
    assert "所填年度为 2021 年" in again and 'name="confirm_other" value="1" checked' in again
    created = client.post(f"/evaluations/import/{report.pk}/", {"year": "2021", "confirm_other": "1",
                                                                  "confirm_year": "1"})
    draft = Evaluation.objects.get(department=evaluations["changli"].department, year=2021)
    assert created["Location"] == f"/evaluations/{draft.pk}/"
    # jixiao chose how each table is scored (the national form: 财政部 2020), as the import page says
    assert {p.get("scheme") for p in draft.document["projects"]} == {"mof-2020-project"}
    # a draft whose tables no scheme scores cannot be submitted: it has no score (a new user was offered 提交)
    unscored = {**draft.document, "projects": [{k: v for k, v in p.items() if k != "scheme"}
                                               for p in draft.document["projects"]]}
    Evaluation.objects.filter(pk=draft.pk).update(document=unscored)
    refused = client.post(f"/evaluations/{draft.pk}/workflow/submit/", follow=True).content.decode()
    assert "项目尚未选择评分方案（“部门概况”页），选定并按其评分后才能提交部门审核" in refused
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not draft.versions.exists()
    first = draft.document["projects"][0]
    assert (first["name"], first["budget"]["budget_adjusted"], first["stated_score"]) == (
        "义务教育学校公用经费保障", "192.4", "97.92")
    assert first["indicators"][0]["target"] == "≥2600人" and first["indicators"][3]["score"] == "28"
    # 学校正常运转保障程度, qualitative, 28 of 30: the report's score put it in the tier 达成 (80–100%), written down so
    # that the draft scores as the report did instead of asking for a tier
    assert first["indicators"][3]["tier"] == "achieved"
    assert "未选择定性档次" not in client.get(f"/evaluations/{draft.pk}/").content.decode()
    # a value the preparer changes is no longer the file's: its 导入自 goes, the others' stay
    from django.contrib.auth import get_user_model

    from jixiao.web.evaluations import services
    from jixiao.web.evaluations.documents import Edit
    from jixiao.web.evaluations.importing import source_of

    target, other = "projects[0].indicators[0].target", "projects[0].indicators[0].actual"
    assert source_of(target, draft.import_sources) and source_of(other, draft.import_sources)
    preparer = get_user_model().objects.get(username="changli_preparer")
    services.save_document(draft.pk, [Edit(target, "≥2700人")], services.Actor(preparer), draft.revision)
    draft.refresh_from_db()
    assert source_of(target, draft.import_sources) == "" and source_of(other, draft.import_sources)
    assert draft.import_sources["projects[0].name"].startswith("工作表“项目1”")
    # a project removed: the sources go with their rows (the second project's are now the first's), not stay by place
    projects = draft.document["projects"]
    assert len(projects) >= 2
    second = {path: source for path, source in draft.import_sources.items() if path.startswith("projects[1].")}
    assert second["projects[1].name"].startswith("工作表“项目2”")
    services.save_document(draft.pk, [Edit("projects", projects[1:])], services.Actor(preparer), draft.revision)
    draft.refresh_from_db()
    assert {path: source for path, source in draft.import_sources.items() if path.startswith("projects[0].")} == {
        path.replace("projects[1].", "projects[0].", 1): source for path, source in second.items()}


@pytest.mark.django_db
def test_the_import_page_shows_both_sections_its_hint_promises_even_when_empty(evaluations,
                                                                              django_capture_on_commit_callbacks):
    """The import page's hint promises 未能放入的内容 and 审核发现: a file read in full with nothing wrong shows both,
    with 无 and 未发现问题. A file nothing could be read from says 无法审核 instead, and is not taken for another
    department's (its department was not found: there is no name to compare)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.core.labels import SEVERITIES

    client = client_for("changli_preparer")
    notice = "关于召开年度工作会议的通知\n各股室：\n定于下周一上午在三楼会议室召开会议，请准时参加。\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/evaluations/import/", {"files": [SimpleUploadedFile(SEED_000, (SEEDS / SEED_000).read_bytes()),
                                                       SimpleUploadedFile("通知.txt", notice)]})
    assert run_queue() == 2

    read = ReportAudit.objects.get(name=SEED_000)
    # as read, with nothing left over and no finding, which is what the page must then say
    ReportAudit.objects.filter(pk=read.pk).update(missing=[], findings=[])
    page = client.get(f"/evaluations/import/{read.pk}/").content.decode()
    assert "<h2>未能放入的内容</h2>\n<p data-testid=\"missing\">无。</p>" in page
    assert "<h2>审核发现</h2>" in page and '<p data-testid="no-findings">未发现问题。</p>' in page
    assert "无法审核" not in page
    # as read: what could not be placed is listed and counted, the findings grouped, and 未发现问题 not said
    ReportAudit.objects.filter(pk=read.pk).update(missing=["第 99 行：测试未能放入"],
                                                   findings=[{"code": "SUM.PROJECTS", "severity": "error",
                                                              "location": "budget.projects", "message": "合计不符"}])
    page = client.get(f"/evaluations/import/{read.pk}/").content.decode()
    assert "<h2>未能放入的内容（1）</h2>" in page and "<li>第 99 行：测试未能放入</li>" in page
    assert f'<h3 class="error">{SEVERITIES["error"]}（1）</h3>' in page and "未发现问题" not in page

    unreadable = ReportAudit.objects.get(name="通知.txt")
    assert unreadable.unauditable and unreadable.department_name == ""
    page = client.get(f"/evaluations/import/{unreadable.pk}/").content.decode()
    assert '<p class="message error" role="alert" data-testid="unauditable">无法审核：未识别出任何绩效自评表' in page
    assert "未识别的部门" not in page and 'data-testid="other-department"' not in page and "与导入到的" not in page
    assert "未发现问题" not in page and "<h2>未能放入的内容" not in page
    listing = client.get("/evaluations/import/").content.decode()
    assert re.search(r'<span class="error" title="未识别出任何绩效自评表[^"]*">无法审核：', listing)


@pytest.mark.django_db
def test_the_preparers_list_offers_the_import_once_beside_a_new_evaluation(evaluations):
    """The new-user trial saw 从文件导入 twice on the list (the menu's and the page's): the page's button stays, where
    a new year's evaluation is started; the menu keeps the cycle's sections."""
    page = client_for("tongcheng_preparer").get("/evaluations/").content.decode()
    assert page.count("从文件导入") == 1 and page.count('href="/evaluations/import/"') == 1
    assert '<a class="button" href="/evaluations/import/">从文件导入</a> <a class="button primary" href="/evaluations/new/">' \
        in page


@pytest.mark.django_db
def test_several_files_land_on_the_list_in_the_imports_own_words(evaluations, django_capture_on_commit_callbacks):
    """Trial: three files landed on the first one's page, which said 即将开始审核; the list said 已审核 for an import
    and nothing under 读取结果 until a draft was built."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("changli_preparer")
    content = (SEEDS / SEED_000).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/evaluations/import/", {"files": [SimpleUploadedFile("a.txt", content),
                                                                   SimpleUploadedFile("b.txt", content)]})
    assert response.status_code == 302 and response["Location"] == "/evaluations/import/"
    listed = client.get("/evaluations/import/").content.decode()
    assert "已上传 2 个文件，正在逐个读取" in listed and listed.count(">排队中<") == 2
    waiting = client.get(f"/evaluations/import/{ReportAudit.objects.first().pk}/").content.decode()
    assert "即将开始读取" in waiting or "等待读取" in waiting
    assert "审核" not in waiting.split('data-testid="report-state"')[1].split("</div>")[0]
    assert run_queue() == 2
    listed = client.get("/evaluations/import/").content.decode()
    assert listed.count(">已读取<") == 2 and ">已审核<" not in listed
    assert listed.count("待核对：点文件名查看读到的数值，再建立草稿") == 2


def test_a_flag_read_from_a_file_is_shown_in_chinese():
    from jixiao.web.evaluations.importing import _shown

    # the trial's own-export import listed a unit's 本级 as “True”
    assert _shown("department.units[0].is_main", True) == "是" and _shown("department.units[1].is_main", False) == "否"


def test_a_stated_total_read_from_the_text_is_listed_in_chinese():
    from jixiao.core.locations import describe
    from jixiao.web.evaluations.importing import _shown

    # the second trial's import listed “文中合计… › 类别 sum” and “› subject 支出”
    document = {"stated_totals": [{"kind": "sum", "total": "12", "subject": "支出"}]}
    assert _shown("stated_totals[0].kind", "sum") == "金额合计"
    assert "subject" not in describe("stated_totals[0].subject", document)
    assert describe("stated_totals[0].subject", document).endswith("合计的事项")


@pytest.mark.django_db
def test_importing_the_apps_own_workbook_names_each_values_sheet_and_cell(evaluations, django_capture_on_commit_callbacks):
    """通城's 自评表 workbook, as the app exports it, imported again: each value read with its sheet and cell, as a
    Word or PDF import names its page and line (every row said "—")."""
    client = client_for("tongcheng_preparer")
    exported = client.get(f"/evaluations/{evaluations['tongcheng'].pk}/download/xlsx/").content
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, "通城2023自评表.xlsx", exported)
    report = ReportAudit.objects.get()
    assert run_queue() == 1
    page = client.get(f"/evaluations/import/{report.pk}/").content.decode()
    read = page.split("<h2>读到的数值</h2>")[1].split("</table>")[0]
    assert "<td>126 例</td><td>工作表“项目1” E10</td>" in read  # 受理工伤病残等级鉴定例数, the first project's first
    assert "<td>15.29</td><td>工作表“三公经费” B7</td>" in read  # 公务接待费
    assert "<td>—</td></tr>" not in read
    assert read.count("<tr>") > 400


def test_a_read_statement_names_its_fact_in_words():
    """Trial 3 read “事项 department.staff_authorized.total” among the values read: a stated figure's fact is named
    as the 所列数字核对 page names it (by its label, else its place in words)."""
    from jixiao.web.evaluations.importing import read_values

    document = {"year": 2023, "department": {"name": "平江县水利局"}, "statements": [
        {"fact": "department.staff_authorized.total", "value": "30", "unit": "人"},
        {"fact": "budget.total.execution_rate", "value": "95", "unit": "%"}]}
    shown = {value for _, value, _ in read_values(document, {})}
    assert {"编制数 › 合计", "部门整体支出预算执行率（%）"} <= shown
    assert not any("department." in value or "budget." in value for value in shown)
