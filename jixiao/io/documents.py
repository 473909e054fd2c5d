"""One entry point for every document jixiao produces: docx, pdf, html, xlsx, and the disclosure package (zip).

    document = render(evaluation, library, "docx", shape="S4")

Scoring and checking are the core's; the report's content is `jixiao.core.reports`; each format is one writer here.
`render` raises `FontMissing` (its message is for the user) when the server has no CJK font for charts and PDFs.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

import msgspec

from jixiao.core.build import evaluation_to_data
from jixiao.core.checks import run_checks
from jixiao.core.engine import score_evaluation
from jixiao.core.labels import GENERATED  # the word the web's documents of a demo evaluation carry too
from jixiao.core.model import Evaluation
from jixiao.core.reports import Report, build_report, workbook_tables

from .charts import FontMissing

__all__ = ["Document", "FontMissing", "render", "base_name", "workbook", "disclosure_package", "report_for", "marked",
           "marked_name", "file_mark"]

FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "html": "text/html; charset=utf-8", "zip": "application/zip", "json": "application/json"}


@dataclass
class Document:
    name: str  # a file name without extension, e.g. 通城县人力资源和社会保障局2023年度绩效自评
    format: str
    content: bytes

    @property
    def filename(self) -> str:
        return f"{self.name}.{self.format}"

    @property
    def content_type(self) -> str:
        return FORMATS[self.format]


def base_name(evaluation: Evaluation) -> str:
    return name_of(evaluation.department.name, evaluation.year)


def name_of(department: str, year: int) -> str:
    """A document's file name, before its mark and extension: the department and the year it evaluates."""
    return f"{department}{year}年度绩效自评"


def _shape_named(shape: str | None, fmt: str) -> str:
    """A report asked for in a shape is named by it (…绩效自评（部门决算及绩效自评表）.pdf): the same evaluation's
    reports in two shapes were two files of one name, the second overwriting or renamed (a trial)."""
    from jixiao.core.reports import SHAPES

    return f"（{SHAPES[shape]}）" if shape in SHAPES and fmt in ("docx", "pdf", "html") else ""


def report_for(evaluation: Evaluation, library, shape: str | None = None, with_findings: bool = False) -> Report:
    result = score_evaluation(evaluation, library)
    findings = run_checks(evaluation, library, result)
    return build_report(evaluation, result, findings, shape=shape, with_findings=with_findings)


def workbook(evaluation: Evaluation, library, with_findings: bool = False,
             mark: tuple[str, str] | None = None) -> bytes:
    """`mark`: as `render`'s: every sheet's heading ends in （word）, the note on the row under it."""
    from .xlsx_writer import workbook_bytes

    result = score_evaluation(evaluation, library)
    findings = run_checks(evaluation, library, result) if with_findings else None
    report = Report("xlsx", base_name(evaluation))
    report.tables = workbook_tables(evaluation, result, findings)
    if mark is not None:
        marked(report, *mark)
        for table in report.tables:  # a sheet is read and printed on its own: each says it (its tab's name unchanged)
            table.sheet, table.title = table.sheet or table.title, _marked_title(table.title, mark[0])
    return workbook_bytes(report, evaluation_to_data(evaluation))


def marked(report: Report, word: str, note: str) -> Report:
    """The report with `word` after its title in full-width brackets (once: a title may already carry it) and `note`
    as the line under the title and subtitle, or as the cover's first line: what a reader must know before taking any
    figure in it (the web marks a demo department's documents so: 演示生成). Both again in the header of every
    printed page (`page_mark`): a page printed, copied or read on its own says it too."""
    if report.cover is not None:
        report.cover.title = _marked_title(report.cover.title, word)
        report.cover.lines.insert(0, (word, note))
    report.title = _marked_title(report.title, word)
    report.note = note
    report.page_mark = page_mark(word, note)
    return report


def page_mark(word: str, note: str) -> str:
    """The header of a marked document's every page: 演示生成：演示用的部门，……"""
    return f"{word}：{note}" if note else word


def _marked_title(text: str, word: str) -> str:
    return text if word in text else f"{text}（{word}）"


GENERATED_FILE_NOTE = "本评价由系统演示生成，数据并非真实填报"


def file_mark(evaluation: Evaluation) -> tuple[str, str] | None:
    """`render`'s mark for an evaluation read from a file (the command line): 演示生成 when the file says
    `generated: true` (a file jixiao wrote of a demo evaluation), None otherwise. The web decides by its own records
    (Evaluation.document_mark), which say why."""
    return (GENERATED, GENERATED_FILE_NOTE) if evaluation.generated else None


def marked_name(name: str, mark: tuple[str, str] | None) -> str:
    """A marked document's file name (without extension) says it too: 通城县交通运输局2023年度绩效自评（演示生成）."""
    return name if mark is None else _marked_title(name, mark[0])


def render(evaluation: Evaluation, library, fmt: str, shape: str | None = None, with_findings: bool = False,
           mark: tuple[str, str] | None = None) -> Document:
    """`mark`: (word, note) when the evaluation's figures are not real (the web's 演示生成), in every format: the
    report's heading and the line under it (`marked`), every sheet's heading and a row under it, `generated: true`
    in the data (JSON, and the workbook's hidden copy), each file of the package, and the file's name. Without it
    the document is as it always was."""
    name = marked_name(base_name(evaluation) + _shape_named(shape, fmt), mark)
    if mark is not None:
        evaluation = msgspec.structs.replace(evaluation, generated=True)  # a copy that says so
    if fmt == "xlsx":
        return Document(name, fmt, workbook(evaluation, library, with_findings, mark))
    if fmt == "json":
        return Document(name, fmt, json.dumps(evaluation_to_data(evaluation), ensure_ascii=False, indent=2).encode("utf-8"))
    if fmt == "zip":
        return Document(name, fmt, disclosure_package(evaluation, library, shape, mark))
    report = report_for(evaluation, library, shape, with_findings)
    if mark is not None:
        marked(report, *mark)
    if fmt == "docx":
        from .docx_writer import docx_bytes

        return Document(name, fmt, docx_bytes(report))
    if fmt == "pdf":
        from .html_report import pdf_bytes

        return Document(name, fmt, pdf_bytes(report))
    if fmt == "html":
        from .html_report import report_html

        return Document(name, fmt, report_html(report).encode("utf-8"))
    raise ValueError(f"不支持的格式：{fmt}（可选：{'、'.join(FORMATS)}）")


def disclosure_package(evaluation: Evaluation, library, shape: str | None = None,
                       mark: tuple[str, str] | None = None) -> bytes:
    """What a department publishes on its website: the report as PDF, the tables as xlsx, the data as JSON."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for fmt in ("pdf", "xlsx", "json"):
            document = render(evaluation, library, fmt, shape, mark=mark)
            archive.writestr(document.filename, document.content)
    return buffer.getvalue()
