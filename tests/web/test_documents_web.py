"""Downloads on each evaluation, the charts on its page, and the bureau's zip of a year's accepted evaluations with
its progress."""

from __future__ import annotations

import io
import json
import re
import zipfile
from urllib.parse import unquote

import pytest
from docx import Document as Docx

from jixiao.io.charts import FontMissing
from jixiao.io.typography import without_break_marks
from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.bureau import exports
from jixiao.web.bureau.models import ExportJob
from jixiao.web.evaluations.models import Evaluation, Status

from .conftest import client_for
from .queue import run_queue
from .test_browser import Session, browser  # noqa: F401 — the Chromium fixture


@pytest.mark.django_db
@pytest.mark.parametrize("fmt, content_type, magic", [
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ("pdf", "application/pdf", b"%PDF"), ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ("zip", "application/zip", b"PK")])
def test_each_format_downloads(evaluations, fmt, content_type, magic):
    changli = evaluations["changli"]
    response = client_for("changli_finance").get(f"/evaluations/{changli.pk}/download/{fmt}/")
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response.content.startswith(magic)
    assert "filename*=UTF-8''" in response["Content-Disposition"] and f".{fmt}" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action=Action.EXPORT, username="changli_finance").exists()


@pytest.mark.django_db
def test_the_shape_and_findings_can_be_chosen(evaluations):
    jingzhou = evaluations["jingzhou"]
    response = client_for("jingzhou_preparer").get(f"/evaluations/{jingzhou.pk}/download/docx/?shape=S5&findings=1")
    text = "\n".join(p.text for p in Docx(io.BytesIO(response.content)).paragraphs)
    assert "三、评价思路、目的与依据" in text  # S5
    assert "附件：审核发现" in text


@pytest.mark.django_db
def test_the_page_carries_the_charts(evaluations):
    page = client_for("tongcheng_preparer").get(f"/evaluations/{evaluations['tongcheng'].pk}/").content.decode()
    assert page.count('data-testid="echart"') == 5 and "vendor/echarts-5.6.0.min.js" in page
    data = json.loads(page.split('<script id="chart-data" type="application/json">')[1].split("</script>")[0])
    three_public = next(c for c in data if c["title"].startswith("图 4"))
    # each bar's label as the tables write a 万元 figure: 公务接待's budget 20.80 (the bar is 20.8 long), nothing 0.00
    assert three_public["series"][0]["values"] == ["0", "0", "14.16", "20.8"]
    assert three_public["series"][0]["shown"] == ["0.00", "0.00", "14.16", "20.80"]
    assert three_public["series"][1]["shown"] == ["0.00", "0.00", "6.46", "15.29"]
    spending = next(c for c in data if c["title"].startswith("图 3"))  # a pie states its shares as rates, 2 places
    assert spending["series"][0]["shown"] == ["2316.61", "227.67", "275.77"]
    assert spending["shares"] == ["82.15%", "8.07%", "9.78%"]
    scores = next(c for c in data if c["title"].startswith("图 5"))  # a part's score and 分值 by the indicator rule
    assert scores["series"][0]["shown"] == ["20", "10", "10", "15", "15", "10", "10", "10"]
    # numbered as the page shows them: 靖州 has no change on last year, so its income chart is 图 1 (was 图 2)
    page = client_for("jingzhou_preparer").get(f"/evaluations/{evaluations['jingzhou'].pk}/").content.decode()
    data = json.loads(page.split('<script id="chart-data" type="application/json">')[1].split("</script>")[0])
    assert [c["title"] for c in data][:2] == ["图 1 收入决算结构", "图 2 支出决算结构"]
    # every figure as the page labels it: rounded once to 2 places (a score rate once showed 14.166666666666666)
    for name in ("tongcheng", "changli", "jingzhou"):
        page = client_for(f"{name}_preparer").get(f"/evaluations/{evaluations[name].pk}/").content.decode()
        if '<script id="chart-data"' not in page:
            continue
        data = json.loads(page.split('<script id="chart-data" type="application/json">')[1].split("</script>")[0])
        values = [v for chart in data for series in chart["series"] for v in series["values"]]
        assert values and all(re.fullmatch(r"-?\d+(\.\d{1,2})?", v) for v in values), (name, values)


@pytest.mark.django_db
def test_the_bureau_zips_a_years_accepted_evaluations(demo, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_BYTES", 100_000)  # a zip of several chunks, streamed in order
    tongcheng = Evaluation.objects.get(department__name__startswith="通城", year=2023)
    Evaluation.objects.filter(pk=tongcheng.pk).update(status=Status.ACCEPTED)
    client = client_for("tongcheng_finance")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/bureau/export/", {"year": "2023"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bureau/export/{job.pk}/"
    # queued, not built in the web process: the page polls, the download is not there yet
    waiting = client.get(f"/bureau/export/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert job.state == ExportJob.State.QUEUED and "排队中" in waiting and 'hx-trigger="every 1s"' in waiting
    assert client.get(f"/bureau/export/{job.pk}/download/").status_code == 404

    assert run_queue() == 1
    job.refresh_from_db()
    assert job.state == ExportJob.State.DONE and (job.done, job.total) == (1, 1) and job.chunks.count() > 1
    progress = client.get(f"/bureau/export/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'value="100"' in progress and "下载 zip" in progress and "<html" not in progress
    assert "hx-trigger" not in progress  # done: the polling stops
    download = client.get(f"/bureau/export/{job.pk}/download/")
    content = b"".join(download.streaming_content)
    assert int(download["Content-Length"]) == len(content)
    assert "attachment" in download["Content-Disposition"] and "2023" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(content))
    folder = "通城县人力资源和社会保障局2023年度绩效自评"
    assert sorted(archive.namelist()) == [f"{folder}/{folder}.{ext}" for ext in ("json", "pdf", "xlsx")]
    assert archive.read(f"{folder}/{folder}.pdf").startswith(b"%PDF")
    # another reviewer cannot see or fetch this job
    assert client_for("changli_finance").get(f"/bureau/export/{job.pk}/").status_code == 404
    assert client_for("changli_finance").get(f"/bureau/export/{job.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_an_export_that_cannot_be_built_says_which_evaluation_and_why(demo, django_capture_on_commit_callbacks,
                                                                     monkeypatch):
    def broken(document, library, fmt, **options):
        raise FontMissing("字体缺失")

    monkeypatch.setattr(exports, "render", broken)
    Evaluation.objects.filter(department__name__startswith="通城").update(status=Status.ACCEPTED)
    client = client_for("tongcheng_finance")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/bureau/export/", {"year": "2023"})
    run_queue()
    job = ExportJob.objects.get()
    assert job.state == ExportJob.State.FAILED and not job.chunks.exists()
    page = client.get(f"/bureau/export/{job.pk}/").content.decode()
    assert "生成失败：通城县人力资源和社会保障局 2023 年度的文件无法生成：字体缺失" in page


@pytest.mark.django_db
def test_a_server_without_cjk_fonts_says_so_instead_of_failing(evaluations, monkeypatch):
    """Finding 8: every Word/PDF/zip download with charts was a bare English 500 when the fonts were missing."""
    from jixiao.io import charts

    monkeypatch.setattr(charts, "_family", None)
    monkeypatch.setattr(charts, "_rebuilt", False)
    monkeypatch.setattr(charts, "_cjk_family", lambda: None)
    monkeypatch.setattr(charts, "_rebuild_font_list", lambda: None)
    client = client_for("tongcheng_reviewer")
    tongcheng = evaluations["tongcheng"]
    for fmt in ("docx", "pdf", "zip"):  # 通城's report has charts
        response = client.get(f"/evaluations/{tongcheng.pk}/download/{fmt}/", follow=True)
        assert response.status_code == 200, fmt
        assert "服务器未安装中文字体（如 fonts-noto-cjk），无法生成含图表的 Word/PDF 文档" in response.content.decode()
    assert client.get(f"/evaluations/{tongcheng.pk}/download/xlsx/").status_code == 200  # a workbook needs no font


def test_chart_figures_are_rounded_once_for_the_page(monkeypatch):
    # a group's score as the scoring leaves it, 85/6 = 14.1666…: the page labels it 14.17, as the documents do
    from decimal import Decimal
    from types import SimpleNamespace

    from jixiao.core.reports import shapes
    from jixiao.core.reports.model import Chart
    from jixiao.web.evaluations.views import _chart_specs

    chart = Chart("grouped_bars", "图 5 各部分得分", ["目标 1", "目标 2"],
                  [("分值", [Decimal(15), Decimal(20)]), ("得分", [Decimal(85) / Decimal(6), Decimal("19.995")])],
                  unit="分", key="scores", figures="score")
    totals = Chart("hbars", "综合得分", ["甲", "乙"], [("得分", [Decimal("27.5"), Decimal("92.695")])], unit="分",
                   figures="total")
    # 1 of 800 is 0.125%: half up 0.13% (ECharts' own {d} would have said 0.12% or 0.13% as its remainders fell)
    pie = Chart("pie", "构成", ["甲", "乙"], [("支出", [Decimal(1), Decimal(799)])])
    monkeypatch.setattr(shapes, "charts_for", lambda document, result: [chart, totals, pie])
    scores, total, parts = _chart_specs(SimpleNamespace(document=None, result=None))
    assert scores["series"] == [{"name": "分值", "values": ["15", "20"], "shown": ["15", "20"]},
                                {"name": "得分", "values": ["14.17", "20"], "shown": ["14.17", "20"]}]
    assert total["series"] == [{"name": "得分", "values": ["27.5", "92.7"], "shown": ["27.50", "92.70"]}]
    assert parts["series"][0]["shown"] == ["1.00", "799.00"] and parts["shares"] == ["0.13%", "99.88%"]
    assert "shares" not in scores


@pytest.mark.browser
def test_the_drawn_charts_label_their_figures_as_the_tables_do(live_server, transactional_db, browser):  # noqa: F811
    """In Chromium: ECharts writes the labels the server gave it, not its own rounding of the numbers (20.8)."""
    from jixiao.web.demo import load_demo

    session = Session(browser, live_server.url, {u: p for u, p, _ in load_demo()})
    session.login("tongcheng_preparer")
    tongcheng = Evaluation.objects.get(department__name__startswith="通城", year=2023)
    page = session.page
    page.goto(f"{live_server.url}/evaluations/{tongcheng.pk}/")
    said = lambda chart: page.eval_on_selector_all(  # noqa: E731
        f"#{chart} svg text", "texts => texts.map(t => t.textContent)")
    page.wait_for_selector("#chart-3 svg text")
    three_public = said("chart-3")
    assert "20.80" in three_public and "0.00" in three_public and "20.8" not in three_public
    page.wait_for_selector("#chart-2 svg text")
    assert said("chart-2")[:6] == ["人员经费", "82.15%", "公用经费", "8.07%", "项目支出", "9.78%"]


@pytest.mark.django_db
def test_the_report_takes_last_years_figures_from_last_years_evaluation_of_the_department(evaluations):
    """通城 2023 states its 三公经费 against the budget only. Its 2022 evaluation in the demo is generated: a real
    department's report never states the demo's figures, so it says that 上年决算数 is not recorded. Once the 2022
    evaluation is the department's own, its 决算数 are the report's 上年数."""
    from decimal import Decimal

    import openpyxl

    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_finance")

    def downloaded(fmt: str) -> bytes:
        response = client.get(f"/evaluations/{tongcheng.pk}/download/{fmt}/?shape=S4")
        assert response.status_code == 200
        return response.content

    def three_public_sheet():
        return openpyxl.load_workbook(io.BytesIO(downloaded("xlsx")))["三公经费"]

    def text() -> str:
        # as our readers take it: the word joiners that hold a figure to its unit print nothing
        return without_break_marks("\n".join(p.text for p in Docx(io.BytesIO(downloaded("docx"))).paragraphs))

    sheet = three_public_sheet()
    assert [c.value for c in sheet[3] if c.value] == ["预算数", "节约数", "节约比例"]  # no empty 上年 columns
    assert "本次自评未填报上年决算数，未与上年对比" in text()

    last_year = Evaluation.objects.get(department=tongcheng.department, year=2022)
    assert last_year.generated
    Evaluation.objects.filter(pk=last_year.pk).update(generated=False)  # as if the department had entered it
    # a draft's figures are no 决算: taken once the bureau has accepted last year's evaluation
    accepted = last_year.status
    assert accepted == Status.ACCEPTED
    Evaluation.objects.filter(pk=last_year.pk).update(status=Status.DRAFT)
    assert "本次自评未填报上年决算数，未与上年对比" in text()
    Evaluation.objects.filter(pk=last_year.pk).update(status=accepted)
    spent = {k: Decimal(v["spent"]) for k, v in last_year.document["three_public_expenses"].items()}
    sheet = three_public_sheet()
    assert [c.value for c in sheet[2] if c.value] == ["项目", "决算数", "与年初预算对比", "与上年决算对比"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=4) if row[0].value}
    assert Decimal(str(rows["公务接待费"][5].value)) == spent["reception"]
    assert Decimal(str(rows["公务用车运行维护费"][5].value)) == spent["vehicle_operation"]
    assert Decimal(str(rows["合计"][5].value)) == spent["total"]
    total = spent["total"]
    change = (Decimal("21.75") - total) / total * 100  # 通城 2023 spent 21.75 万元
    words = "增加" if change >= 0 else "减少"
    # (Word sets figures without the spaces around them)
    assert f"；上年{total:.2f}万元，{words}{abs(change).quantize(Decimal('0.01'))}%。" in text()


def test_a_report_asked_for_in_a_shape_is_named_by_it(evaluations):
    """A trial downloaded 通城's 2023 as S3 and as S4: two files of one name. Each is now named by its shape; the
    workbook, which has no shape, keeps the evaluation's name."""
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_finance")
    names = {}
    for fmt, shape in (("pdf", "S3"), ("pdf", "S4"), ("docx", "S4"), ("xlsx", "S4")):
        response = client.get(f"/evaluations/{tongcheng.pk}/download/{fmt}/?shape={shape}")
        assert response.status_code == 200
        names[fmt, shape] = unquote(response["Content-Disposition"].split("''", 1)[1])
    base = "通城县人力资源和社会保障局2023年度绩效自评"
    assert names == {("pdf", "S3"): f"{base}（部门（单位）整体支出绩效评价自评表及报告）.pdf",
                     ("pdf", "S4"): f"{base}（部门决算及绩效自评表）.pdf",
                     ("docx", "S4"): f"{base}（部门决算及绩效自评表）.docx", ("xlsx", "S4"): f"{base}.xlsx"}
