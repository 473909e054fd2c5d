"""Every file made of an evaluation the demo generated says so, as the public PDF always did: （演示生成） after its
heading (each sheet's, in a workbook) and, on the line under it, what that means; its data says `generated: true`.
The files of a real evaluation carry no mark and are as they were (Evaluation.document_mark decides for all of them).
"""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from urllib.parse import unquote

import pytest

from jixiao.io.documents import render
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import core_document, library
from jixiao.web.organisations.models import GENERATED_EVALUATION_NOTE, GENERATED_NOTE

from .conftest import client_for
from .queue import run_queue

MARK = "（演示生成）"


def pdf_lines(content: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages).split("\n")


def docx_lines(content: bytes) -> list[str]:
    from docx import Document as Docx

    document = Docx(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs] + cells


def visible_sheets(content: bytes) -> dict[str, list[str]]:
    """Each visible sheet's cells that hold something, row by row (the hidden `_jixiao` sheet left out)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
            for sheet in book.worksheets if sheet.sheet_state == "visible"}


def assert_marked_report(lines: list[str], heading: str, note: str, page_header: bool = False) -> None:
    """The heading (a PDF wraps it over lines) ends in （演示生成）, the note is the line right under it. `page_header`
    (a PDF's lines): above the heading, the header every page of it opens with (tests/io/test_page_marks.py)."""
    if page_header:
        assert lines[0] == f"演示生成：{note}", lines[:2]
        lines = lines[1:]
    assert note in lines, lines[:5]
    assert "".join(lines[:lines.index(note)]) == heading + MARK


def assert_marked_workbook(sheets: dict[str, list[str]], note: str) -> None:
    """Every visible sheet opens with its title ending in （演示生成） and the note under it."""
    assert sheets
    for name, cells in sheets.items():
        assert cells[0].endswith(MARK) and cells[1] == note, (name, cells[:2])


def assert_unmarked(text: str) -> None:
    assert "演示" not in text


def _download(client, evaluation: Evaluation, fmt: str) -> tuple[str, bytes]:
    response = client.get(f"/evaluations/{evaluation.pk}/download/{fmt}/")
    assert response.status_code == 200
    return unquote(response["Content-Disposition"].split("''")[-1]), response.content


def _first_generated(year: int) -> Evaluation:
    return Evaluation.objects.select_related("department").filter(
        department__generated=True, year=year, status=Status.ACCEPTED).order_by("department__name").first()


@pytest.mark.django_db
def test_a_generated_departments_downloads_say_so_and_a_real_ones_do_not(generated_bureau, evaluations):
    """A new user downloaded a generated department's 2023 (PDF, Word, Excel) from its page and found no 演示生成 in
    any of them. Each now says it under its heading, and its file name too; 通城's own 2023 is unmarked."""
    generated = _first_generated(2023)
    department = generated.department.name
    client = client_for("tongcheng_finance")
    heading = f"{department}2023年度部门决算及绩效自评"
    name, pdf = _download(client, generated, "pdf")
    assert name == f"{department}2023年度绩效自评（演示生成）.pdf"
    assert_marked_report(pdf_lines(pdf), heading, GENERATED_NOTE, page_header=True)
    name, docx = _download(client, generated, "docx")
    assert name == f"{department}2023年度绩效自评（演示生成）.docx"
    assert_marked_report(docx_lines(docx), heading, GENERATED_NOTE)
    name, xlsx = _download(client, generated, "xlsx")
    sheets = visible_sheets(xlsx)
    assert name == f"{department}2023年度绩效自评（演示生成）.xlsx"
    assert_marked_workbook(sheets, GENERATED_NOTE)
    # the self-evaluation form still reads as before, one row lower: its figures, and formulas pointing at them
    form = sheets["部门整体自评表"]
    assert form[:4] == [f"2023 年度部门整体绩效自评表{MARK}", GENERATED_NOTE, "单位名称", department]
    execution = generated.document["execution"]  # on row 5: the title, the note, 单位名称, the headings above it
    assert [Decimal(form[9]), Decimal(form[10]), form[11]] == \
        [Decimal(execution["budget_adjusted"]), Decimal(execution["spent"]), '=IF(B5=0,"",C5/B5)']

    real = evaluations["tongcheng"]
    for fmt, text in (("pdf", lambda c: "\n".join(pdf_lines(c))), ("docx", lambda c: "\n".join(docx_lines(c))),
                      ("xlsx", lambda c: json.dumps(visible_sheets(c), ensure_ascii=False))):
        name, content = _download(client, real, fmt)
        assert name == f"通城县人力资源和社会保障局2023年度绩效自评.{fmt}"
        assert_unmarked(text(content))


@pytest.mark.django_db
def test_a_real_evaluations_files_are_those_rendered_without_a_mark(evaluations):
    """The mark is the only difference: a real evaluation's Word file and workbook from the page are, part for part,
    what the writers make of it with no mark at all (only the files' creation time differs)."""
    real = evaluations["tongcheng"]
    assert real.document_mark is None
    client = client_for("tongcheng_finance")
    for fmt in ("docx", "xlsx"):
        _, downloaded = _download(client, real, fmt)
        written = render(core_document(real.document), library(), fmt).content
        parts = [{name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}
                 for archive in (zipfile.ZipFile(io.BytesIO(downloaded)), zipfile.ZipFile(io.BytesIO(written)))]
        assert parts[0] == parts[1], fmt


@pytest.mark.django_db
def test_a_year_generated_for_a_real_department_says_so_in_word_and_excel(evaluations):
    """通城's 2022 is the demo's year of a real department: its files say that the year, not the department, is
    made up."""
    made_up = Evaluation.objects.get(department=evaluations["tongcheng"].department, year=2022)
    assert made_up.document_mark == ("演示生成", GENERATED_EVALUATION_NOTE)
    client = client_for("tongcheng_finance")
    _, docx = _download(client, made_up, "docx")
    assert_marked_report(docx_lines(docx), "通城县人力资源和社会保障局2022年度部门决算及绩效自评",
                         GENERATED_EVALUATION_NOTE)
    _, xlsx = _download(client, made_up, "xlsx")
    assert_marked_workbook(visible_sheets(xlsx), GENERATED_EVALUATION_NOTE)
    name, package = _download(client, made_up, "zip")
    folder = "通城县人力资源和社会保障局2022年度绩效自评（演示生成）"
    archive = zipfile.ZipFile(io.BytesIO(package))
    assert name == f"{folder}.zip"
    assert sorted(archive.namelist()) == [f"{folder}.{ext}" for ext in ("json", "pdf", "xlsx")]
    assert json.loads(archive.read(f"{folder}.json"))["generated"] is True


@pytest.mark.django_db
def test_the_bureaus_zip_marks_each_generated_evaluation_and_not_the_real_one(generated_bureau, evaluations,
                                                                                  django_capture_on_commit_callbacks):
    """/bureau/ → 打包下载 2023: the generated departments' accepted years and 通城's own. Each generated one's PDF
    and workbook say 演示生成 and its JSON `generated: true`; 通城's files carry no mark and its JSON no field."""
    real = evaluations["tongcheng"]
    Evaluation.objects.filter(pk=real.pk).update(status=Status.ACCEPTED)
    generated = list(Evaluation.objects.filter(department__finance_bureau=generated_bureau, year=2023,
                                               status=Status.ACCEPTED, department__generated=True))
    assert len(generated) == 4
    client = client_for("tongcheng_finance")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/bureau/export/", {"year": "2023"})
    assert run_queue() == 1
    from jixiao.web.bureau.models import ExportJob

    job = ExportJob.objects.get()
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(f"/bureau/export/{job.pk}/download/").streaming_content)))
    for evaluation in generated:
        department = evaluation.department.name
        folder, name = f"{department}2023年度绩效自评", f"{department}2023年度绩效自评（演示生成）"
        data = json.loads(archive.read(f"{folder}/{name}.json"))
        assert (data["department"]["name"], data["generated"]) == (department, True)
        assert_marked_report(pdf_lines(archive.read(f"{folder}/{name}.pdf")),
                             f"{department}2023年度部门决算及绩效自评", GENERATED_NOTE,
                             page_header=True)
        assert_marked_workbook(visible_sheets(archive.read(f"{folder}/{name}.xlsx")), GENERATED_NOTE)
    folder = "通城县人力资源和社会保障局2023年度绩效自评"
    data = archive.read(f"{folder}/{folder}.json")
    assert "generated" not in json.loads(data) and data == render(core_document(real.document), library(), "json").content
    assert_unmarked("\n".join(pdf_lines(archive.read(f"{folder}/{folder}.pdf"))))
    assert_unmarked(json.dumps(visible_sheets(archive.read(f"{folder}/{folder}.xlsx")), ensure_ascii=False))
    assert len(archive.namelist()) == 3 * 5


@pytest.mark.django_db
def test_the_public_workbook_of_a_generated_department_says_so_on_its_sheets(generated_bureau, evaluations):
    """The portal's PDF said 演示生成 under its heading; its Excel said it only in its hidden data sheet. Now every
    visible sheet does; 通城's own public workbook does not."""
    from django.test import Client

    from .test_disclosure import _published_generated_and_real

    generated, real = _published_generated_and_real(evaluations)
    response = Client().get(f"/public/evaluations/{generated.pk}/download/xlsx/")
    assert response.status_code == 200
    assert_marked_workbook(visible_sheets(response.content), GENERATED_NOTE)
    response = Client().get(f"/public/evaluations/{real.pk}/download/xlsx/")
    assert_unmarked(json.dumps(visible_sheets(response.content), ensure_ascii=False))


@pytest.mark.django_db
def test_a_generated_evaluations_workbook_imported_again_makes_a_generated_draft(evaluations,
                                                                                   django_capture_on_commit_callbacks):
    """A preparer downloaded 通城's generated 2022 as Excel and imported it back (as a draft for 2021): its data says
    `generated: true`, yet the draft was a real evaluation and its files carried no 演示生成. The draft is generated
    now, and its files say so; a real year's workbook imported so stays real."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.bureau.models import ReportAudit

    department = evaluations["tongcheng"].department
    made_up = Evaluation.objects.get(department=department, year=2022)
    finance, preparer = client_for("tongcheng_finance"), client_for("tongcheng_preparer")
    for source, year, generated in ((made_up, 2021, True), (evaluations["tongcheng"], 2020, False)):
        _, xlsx = _download(finance, source, "xlsx")
        with django_capture_on_commit_callbacks(execute=True):
            preparer.post("/evaluations/import/", {"files": [SimpleUploadedFile("自评表.xlsx", xlsx)]})
        assert run_queue() == 1
        report = ReportAudit.objects.latest("pk")
        assert (report.document.get("generated") is True) == generated
        created = preparer.post(f"/evaluations/import/{report.pk}/", {"year": str(year), "confirm_year": "1"})
        draft = Evaluation.objects.get(department=department, year=year)
        assert created["Location"] == f"/evaluations/{draft.pk}/"
        assert (draft.generated, draft.demo_generated) == (generated, generated)
        name, docx = _download(finance, draft, "docx")
        heading = f"通城县人力资源和社会保障局{year}年度部门决算及绩效自评"
        if generated:
            assert name == f"通城县人力资源和社会保障局{year}年度绩效自评（演示生成）.docx"
            assert_marked_report(docx_lines(docx), heading, GENERATED_EVALUATION_NOTE)
        else:
            assert name == f"通城县人力资源和社会保障局{year}年度绩效自评.docx"
            assert_unmarked("\n".join(docx_lines(docx)))


@pytest.mark.django_db
def test_a_new_year_copied_from_a_generated_one_is_not_generated(evaluations):
    """沿用 a generated year's projects and goals for a new year: the figures are the preparer's to type in, so the
    new evaluation is real (the copy drops `generated` with last year's figures)."""
    department = evaluations["tongcheng"].department
    made_up = Evaluation.objects.get(department=department, year=2022)
    made_up.document = {**made_up.document, "generated": True}
    made_up.save(update_fields=["document"])
    response = client_for("tongcheng_preparer").post("/evaluations/new/", {
        "department": department.pk, "year": "2024", "copy_from": made_up.pk})
    assert response.status_code == 302
    copied = Evaluation.objects.get(department=department, year=2024)
    assert copied.copied_from_year == 2022 and copied.document["projects"]
    assert not copied.generated and "generated" not in copied.document and copied.document_mark is None
