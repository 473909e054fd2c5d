"""Downloads on each evaluation, the charts on its page, and the bureau's zip of a year's accepted evaluations with
its progress."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from docx import Document as Docx

from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.bureau.models import ExportJob
from jixiao.web.evaluations.models import Evaluation, Status

from .conftest import client_for


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
    assert "附件：审核发现（jixiao check）" in text


@pytest.mark.django_db
def test_the_page_carries_the_charts(evaluations):
    page = client_for("tongcheng_preparer").get(f"/evaluations/{evaluations['tongcheng'].pk}/").content.decode()
    assert page.count('data-testid="echart"') == 5 and "vendor/echarts-5.6.0.min.js" in page
    data = json.loads(page.split('<script id="chart-data" type="application/json">')[1].split("</script>")[0])
    three_public = next(c for c in data if c["title"].startswith("图 4"))
    assert three_public["series"][1] == {"name": "决算数", "values": ["0", "0", "6.46", "15.29"]}


@pytest.mark.django_db(transaction=True)
def test_the_bureau_zips_a_years_accepted_evaluations(demo):
    tongcheng = Evaluation.objects.get(department__name__startswith="通城")
    Evaluation.objects.filter(pk=tongcheng.pk).update(status=Status.ACCEPTED)
    client = client_for("tongcheng_finance")
    response = client.post("/bureau/export/", {"year": "2023"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bureau/export/{job.pk}/"
    for _ in range(300):
        job.refresh_from_db()
        if job.state != ExportJob.State.RUNNING:
            break
        time.sleep(0.1)
    assert job.state == ExportJob.State.DONE and (job.done, job.total) == (1, 1)
    import threading

    for thread in threading.enumerate():  # let the worker close its database connection before the test ends
        if thread.name == f"export-{job.pk}":
            thread.join(10)
    progress = client.get(f"/bureau/export/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'value="100"' in progress and "下载 zip" in progress and "<html" not in progress
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(f"/bureau/export/{job.pk}/download/").streaming_content)))
    folder = "通城县人力资源和社会保障局2023年度绩效自评"
    assert sorted(archive.namelist()) == [f"{folder}/{folder}.{ext}" for ext in ("json", "pdf", "xlsx")]
    # another reviewer cannot see or fetch this job
    assert client_for("changli_finance").get(f"/bureau/export/{job.pk}/").status_code == 404
    assert client_for("changli_finance").get(f"/bureau/export/{job.pk}/download/").status_code == 404
