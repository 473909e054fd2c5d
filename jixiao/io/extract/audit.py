"""Auditing a report: read it, extract its facts, run every check of the core and the text checks.

A table the extractor read only in part (its indicators' points fall short of the table's total) is reported as
such, and the findings that would follow from the missing rows are held back: the audit says what it could not
read instead of accusing the document.
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import msgspec

from jixiao.core import docpath
from jixiao.core.build import evaluation_from_data
from jixiao.core.checks import SEVERITY_ORDER, Finding, run_checks
from jixiao.core.engine import score_evaluation
from jixiao.core.errors import InputError
from jixiao.core.model import Evaluation
from jixiao.core.text_checks import TextParagraph, text_findings

from jixiao.io.reading.completeness import held_back, incomplete_parts

from .readers import UploadError, check_zip, damaged
from .report_text import Fact

@dataclass
class Audit:
    name: str
    evaluation: Evaluation
    findings: list[Finding]
    facts: list[Fact] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # facts or tables it could not read
    seconds: float = 0.0
    characters: int = 0
    sources: dict[str, str] = field(default_factory=dict)  # document path → where in the file it was read
    coverage: object = None  # jixiao.io.reading.Coverage: the forms recognised and rows read; None for jixiao's own workbook

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def audit_file(path: Path | str, library) -> Audit:
    path = Path(path)
    if not path.exists():
        raise UploadError(f"{path}：文件不存在")
    return audit_bytes(path.name, path.read_bytes(), library)


def audit_bytes(name: str, content: bytes, library) -> Audit:
    started = time.perf_counter()
    if name.lower().endswith((".xlsx", ".xlsm")) and _is_jixiao_workbook(content):
        book = _open_workbook(content)  # opened once: the evaluation, then where each of its values stands
        try:
            data = _data_sheet(book)
            evaluation = _evaluation_of(data)
            sources, changed = workbook_sources(book, data)
        finally:
            book.close()
        result = score_evaluation(evaluation, library)
        findings = run_checks(evaluation, library, result)
        _locate(findings, sources)
        return Audit(name, evaluation, findings, missing=changed, seconds=time.perf_counter() - started,
                     characters=len(content), sources=sources)
    from jixiao.io.reading import read_report

    reading = read_report(name, content)
    audit = _audit_reading(reading, library)
    audit.seconds = time.perf_counter() - started
    return audit


def audit_text(text: str, name: str, library) -> Audit:
    """A report given as text (a .txt file's content, web-page text pasted in); text with nothing in it is a report
    that cannot be audited, not an error."""
    if not "".join(text.split()).strip("\ufeff\u3000"):
        from jixiao.io.reading import Coverage

        coverage = Coverage(empty="文本为空")
        return Audit(name, evaluation_from_data({"year": 0, "department": {"name": "（未识别的部门）"}}), [],
                     missing=coverage.lines(), coverage=coverage)
    return audit_bytes(name if name.lower().endswith((".txt", ".md", ".html", ".htm")) else name + ".txt",
                       text.encode("utf-8"), library)


def _audit_reading(reading, library) -> Audit:
    from jixiao.io.reading.schemes import choose_schemes

    evaluation = reading.evaluation = choose_schemes(reading.evaluation, library)
    coverage = reading.coverage
    if not coverage.auditable:  # nothing a check needs was read: say so, never 未发现问题
        unread = coverage.unread + ([coverage.unplaced_line()] if coverage.unplaced else [])
        return Audit(reading.name, evaluation, [], reading.facts, list(dict.fromkeys(unread)), 0.0,
                     reading.characters, reading.sources, coverage)
    result = score_evaluation(evaluation, library)
    findings = run_checks(evaluation, library, result)
    incomplete = incomplete_parts(reading)
    unscored = [f for f in findings if f.code == "SCORE.NOT_SCORED"]
    kept = [f for f in findings if not held_back(f, incomplete, evaluation) and f.code != "SCORE.NOT_SCORED"]
    department_unchecked = any(path == "goals" for path, _ in incomplete) or (
        result.department is not None and result.department.grade_withheld)
    if department_unchecked and not any(f.code.startswith("GRADE") and f.location == "stated_grade" for f in kept):
        kept += _grade_on_stated_score(evaluation, library)
    for path, _ in incomplete:  # a project table read in part: its stated grade against its stated score
        index = path.removeprefix("projects[").removesuffix("]")
        if path.startswith("projects[") and index.isdigit() and not any(
                f.code.startswith("GRADE") and f.location == f"{path}.stated_grade" for f in kept):
            kept += _grade_on_stated_score(evaluation, library, int(index))
    findings = kept
    if reading.text is not None:
        findings += text_findings([TextParagraph(p.text, p.where) for p in reading.text.paragraphs])
    _locate(findings, reading.sources)
    findings = [_in_doubt(f, reading.doubtful) for f in findings]
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    missing = list(dict.fromkeys(reading.missing + [message for _, message in incomplete] + coverage.lines()[1:]
                                 + _not_recomputed(evaluation, result) + _not_scored(unscored)))
    return Audit(reading.name, evaluation, findings, reading.facts, missing, 0.0, reading.characters,
                 reading.sources, coverage)


def _not_recomputed(evaluation, result) -> list[str]:
    """A rate or change the text states whose figures were not all read (执行率 95% beside 年初预算 only, the rate
    being of the adjusted budget): the RATE check cannot recompute it, and the audit says it was not checked."""
    from jixiao.core.facts import fact, fact_label, is_computed

    out = []
    for s in evaluation.statements:
        if not is_computed(s.fact):
            continue
        try:
            found = fact(evaluation, s.fact, result)
        except KeyError:
            continue
        if found is None:
            where = f"{s.where}" if s.where else "正文"
            out.append(f"{where}所列{fact_label(s.fact)} {s.value}{s.unit} 缺少重算所需的数字，未核对")
    return out


_FIGURE = re.compile(r"\d+(?:\.\d+)?")
IN_DOUBT = "（所依据的数字由扫描件识别，识别存疑，请核对原件）"


def _in_doubt(finding: Finding, doubtful: dict[str, object]) -> Finding:
    """An error that rests on a value a scan's OCR read with doubt is a warning asking the reviewer to check the
    original: a misread figure must not become an error the reviewer has to retract. An error rests on the values of
    its row (its location, or the record its field belongs to), on the same field of that record's siblings (a sum's
    parts: budget.personnel_cost.spent for budget.basic_expenditure.spent) and on the values of the same project
    whose figures it quotes."""
    if finding.severity != "error" or not doubtful:
        return finding
    location = finding.location or ""
    row = location.rsplit(".", 1)[0] if location and not location.endswith("]") and "." in location else location
    quoted = {Decimal(n) for n in _FIGURE.findall(" ".join(x or "" for x in (finding.stated, finding.recomputed,
                                                                              finding.message)))}
    project = docpath.index_in(location, "projects")
    family = row.rpartition(".")[0] if row != location else ""  # budget, for budget.basic_expenditure.spent
    field = location.rpartition(".")[2]
    for path, value in doubtful.items():
        sibling = bool(family) and path.startswith(family + ".") and path.endswith("." + field) \
            and path.count(".") == location.count(".")  # a sum's part: the same field of its total's siblings
        if row and docpath.covers(row, path) or sibling or (docpath.index_in(path, "projects") == project and any(
                Decimal(n) in quoted for n in _FIGURE.findall(str(value or "")))):
            return msgspec.structs.replace(finding, severity="warning", message=finding.message + IN_DOUBT)
    return finding


def _not_scored(unscored: list[Finding]) -> list[str]:
    """What jixiao could not score in a report read from a file is a reading gap, not the report's defect (a blank
    cell the form needed is FORM.UNFILLED's): said among what was not checked, not as an error."""
    if not unscored:
        return []
    reasons = "、".join(dict.fromkeys(f.message.removeprefix("未计分：").rstrip("。") for f in unscored))
    return [f"{len(unscored)} 项未能按评分规则重算（{reasons}），以报告所列得分为准，未作为问题报告"]


def _grade_on_stated_score(evaluation: Evaluation, library, project: int | None = None) -> list[Finding]:
    """A table read in part has its total not recomputed; its stated grade is still checked against its stated
    score."""
    from jixiao.core.checks.grades import stated_grade_findings
    from jixiao.core.engine import DEFAULT_GRADE_SCALE, DEFAULT_PROJECT_SCHEME

    if project is None:
        scheme = evaluation.scheme
    else:
        scheme = evaluation.projects[project].scheme or evaluation.project_scheme or DEFAULT_PROJECT_SCHEME
    scale_id = library.scheme(scheme).grade_scale if scheme else DEFAULT_GRADE_SCALE
    return list(stated_grade_findings(evaluation, library.grade_scale(scale_id), project))


def _is_jixiao_workbook(content: bytes) -> bool:
    """A workbook jixiao wrote carries its data in the sheet `_jixiao`; any other workbook is read as a report."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return any(n.startswith("xl/worksheets/") for n in archive.namelist()) and b"_jixiao" in archive.read(
                "xl/workbook.xml")
    except Exception:  # noqa: BLE001 — any damage (bad zip, unknown version, broken deflate) is the readers' to name
        return False


def _locate(findings: list[Finding], sources: dict[str, str]) -> None:
    """Give findings about extracted data the line they came from, where the finding has none."""
    import msgspec

    for index, finding in enumerate(findings):
        if finding.where:
            continue
        where = sources.get(finding.location) or sources.get(finding.location.rsplit(".", 1)[0]) or next(
            (v for k, v in sources.items() if k.startswith((finding.location + ".", finding.location + "[")) and v),
            None) if finding.location else None
        if where:
            findings[index] = msgspec.structs.replace(finding, where=where)


DATA_WHERE = "隐藏工作表“_jixiao”（导出时写入的数据）"


def workbook_sources(book, data: dict) -> tuple[dict[str, str], list[str]]:
    """Where each value of a workbook jixiao wrote stands, as a reader of other files names it (工作表“项目1” E10),
    and a line for each such cell changed since it was written (the evaluation is read from the data sheet, so a
    change made in the tables is not taken: said so, never silently). Values no table shows, and every value of a
    workbook written before it recorded its cells, stand in the data sheet (keyed by their top-level field, which
    the paths below it fall back to). `book`: the open workbook; `data`: its data sheet's evaluation as read."""
    from jixiao.io.layout.model import Source
    from jixiao.io.xlsx_writer import CELLS_MARK, DATA_SHEET

    sources = {key: DATA_WHERE for key in data}
    try:
        column = [row[0] for row in book[DATA_SHEET].iter_rows(min_col=2, max_col=2, values_only=True)]
        recorded = column and column[0] == CELLS_MARK
        cells = json.loads("".join(str(v) for v in column[1:] if v is not None)) if recorded else {}
        shown = _cell_values(book, {entry[0] for entry in cells.values()})
    except Exception:  # noqa: BLE001 — a damaged record of cells costs the positions, not the import
        return {}, []
    changed = []
    for path, (sheet, cell, written, *rest) in cells.items():
        formula = bool(rest and rest[0])
        now = shown.get((sheet, cell))
        if _same(now, written) or (formula and now is None):  # a formula saved without its value (openpyxl does)
            sources[path] = str(Source(sheet=sheet, cell=cell))
        else:
            sources[path] = DATA_WHERE
            said = "空白" if now in (None, "") else f"“{now}”"
            changed.append(f"工作表“{sheet}” {cell} 现为{said}，与导出时的“{written}”不同：导入采用导出时的数值，"
                           f"如需改用表中的数值，请在建立的草稿中修改")
    return sources, changed


def _cell_values(book, sheets: set[str]) -> dict[tuple[str, str], object]:
    from openpyxl.utils import get_column_letter

    values = {}
    for name in sheets & set(book.sheetnames):
        for r, row in enumerate(book[name].iter_rows(values_only=True), start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    values[(name, f"{get_column_letter(c)}{r}")] = value
    return values


def _same(now, written) -> bool:
    numbers = (int, float)
    if isinstance(now, numbers) and isinstance(written, numbers) and not isinstance(now, bool):
        return abs(now - written) <= 1e-9 * max(abs(now), abs(written), 1e-12)
    return now == written


def read_workbook(content: bytes) -> Evaluation:
    """A workbook jixiao wrote: the evaluation it carries, exactly. Errors name the sheet, the cell and the problem."""
    book = _open_workbook(content)
    try:
        return _evaluation_of(_data_sheet(book))
    finally:
        book.close()


def _open_workbook(content: bytes):
    check_zip(content, "Excel")
    import openpyxl  # with defusedxml installed, openpyxl parses without external entities

    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_vba=False)
    except Exception:
        raise damaged("Excel") from None


def _data_sheet(book) -> dict:
    """The evaluation's data as the sheet `_jixiao` carries it (JSON in column A, 30 000 characters a cell)."""
    if "_jixiao" not in book.sheetnames:
        raise UploadError("工作簿中没有 jixiao 数据表“_jixiao”：请使用 jixiao 导出的工作簿作为导入模板")
    try:  # a read-only workbook parses its sheet only now, so a damaged sheet fails here
        rows = list(book["_jixiao"].iter_rows(min_col=1, max_col=1, values_only=True))
    except Exception:
        raise UploadError("Excel 文件已损坏，工作表“_jixiao”无法读取；请重新导出后再上传") from None
    if not rows or rows[0][0] != "jixiao-evaluation/1":
        raise UploadError("工作表“_jixiao”单元格 A1：应为“jixiao-evaluation/1”，文件不是本系统的导入模板或已被改动")
    text = "".join(str(row[0]) for row in rows[1:] if row[0] is not None)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        cell = 2 + error.pos // 30000
        raise UploadError(f"工作表“_jixiao”单元格 A{cell}：数据不完整或被改动，请使用未改动的导出文件") from None
    if not isinstance(data, dict):
        raise UploadError("工作表“_jixiao”：数据不是一份自评，请使用未改动的导出文件")
    return data


def _evaluation_of(data: dict) -> Evaluation:
    try:
        return evaluation_from_data(data, "工作表“_jixiao”")
    except InputError as error:
        raise UploadError(f"工作表“_jixiao”：{error}") from None
