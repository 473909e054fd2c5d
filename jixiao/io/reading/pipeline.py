"""The reading pipeline, one visible step after another:

    bytes ─read─▶ Layout ─read_forms─▶ FormReadings ─┐
                    │                                 ├─assemble─▶ Evaluation + sources + Coverage
                    ├─read_prose─▶ ProseReading ──────┤
                    └─(text)─▶ narrative extractor ───┘
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal, InvalidOperation
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.core.model import Evaluation
from jixiao.io.extract.readers import UploadError, text_of
from jixiao.io.extract.report_text import Extraction, Fact, extract
from jixiao.io.extract.text_source import MAX_TEXT_CHARS, SourceText
from jixiao.io.layout import Heading, Layout, Paragraph, Table, read

from .assemble import Assembly, build
from .coverage import Coverage, FormCoverage

log = logging.getLogger(__name__)

# the formats whose text the narrative extractor was built on; others give it the layout's text
_NARRATIVE_TEXT = (".txt", ".docx")
WORKBOOKS = ("xlsx", "xls", "et")
# facts of the narrative extractor that a check can verify (a year, a name or a date alone cannot be audited)
CHECKABLE = ("budget", "execution", "income", "three_public", "staff", "project", "unit", "score", "grade", "goal",
             "indicator", "declared", "fixed_assets", "statement")


@dataclass
class Reading:
    name: str
    evaluation: Evaluation
    coverage: Coverage
    sources: dict[str, str] = field(default_factory=dict)  # document path → where in the file it was read
    facts: list[Fact] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    text: SourceText | None = None  # the running text, for the text checks
    layout: Layout | None = None
    characters: int = 0
    forms: list = field(default_factory=list)
    doubtful: dict[str, object] = field(default_factory=dict)  # path → value, for values a scan's OCR read with doubt


def read_report(name: str, content: bytes) -> Reading:
    layout = read(name, content)
    forms = _forms(layout)
    prose = _prose(layout)
    text = _narrative_text(name, content, layout)
    # the narrative extractor reads running text; a workbook's cells are the forms' to read
    narrative = extract(text) if _has_text(text) and layout.kind not in WORKBOOKS else None
    assembly = Assembly(narrative.data if narrative else None, dict(narrative.locations) if narrative else {})
    for form in forms:
        assembly.add_form(form)
    assembly.drop_project_figures_read_as_the_departments(forms)
    if layout.kind in ("scan", "image"):
        assembly.distrust_misread_figures()
    prose_figures = assembly.add_prose(prose)
    # a score the text gives the department as a whole (部门整体…自评得分95分) stays the department's, whatever
    # project a table or the text named before it
    whole = bool(getattr(prose, "score_of_the_whole", False))
    assembly.text_score_of_the_one_project(forms, whole)
    assembly.no_department_score_from_a_project(forms, whole)
    evaluation, problem = build(assembly, name)
    if problem:
        log.info("reading %s: values left out: %s", name, problem)
    if evaluation is None:  # the forms' data broke the model: fall back to what the narrative alone read
        log.warning("reading %s: assembled data refused: %s", name, problem)
        assembly = Assembly(narrative.data if narrative else None, {})
        evaluation, _ = build(assembly, name)
        assembly.unplaced.append(f"表单数据未能纳入核对：{problem}")
    coverage = _coverage(layout, forms, prose_figures, narrative, assembly, text)
    _indicators_from_text(coverage, evaluation)
    coverage.unplaced = _unplaced(prose, narrative)
    return Reading(name, evaluation, coverage, assembly.sources, narrative.facts if narrative else [],
                   missing_parts(evaluation), text, layout, sum(map(len, text.lines)), forms,
                   _doubtful(assembly))


def _doubtful(assembly) -> dict[str, object]:
    """The values whose source says the OCR read them with doubt (识别存疑), by path."""
    from jixiao.core import docpath
    from jixiao.io.layout.model import DOUBTFUL

    out = {}
    for path, where in assembly.sources.items():
        if DOUBTFUL in str(where):
            try:
                out[path] = docpath.get(assembly.data, path)
            except docpath.PathError:
                out[path] = None
    return out


def _forms(layout: Layout) -> list:
    from jixiao.io.forms import read_forms

    try:
        return read_forms(layout)
    except Exception:  # noqa: BLE001 — a reader's bug on an unseen layout: the rest is still read, the gap said
        log.exception("forms of %s could not be read", layout.name)
        layout.unread.append("表格读取时出现内部错误（已记录），表格未读取")
        return []


def _prose(layout: Layout):
    from jixiao.io.prose import read_prose

    try:
        return read_prose(layout)
    except Exception:  # noqa: BLE001 — as above
        log.exception("prose of %s could not be read", layout.name)
        layout.unread.append("正文读取时出现内部错误（已记录），正文数字未读取")
        return None


def _narrative_text(name: str, content: bytes, layout: Layout) -> SourceText:
    suffix = Path(name).suffix.lower()
    if suffix in _NARRATIVE_TEXT:
        return SourceText(text_of(name, content), name)
    if suffix == ".pdf" and layout.kind == "pdf":  # a text PDF: its text layer, as the extractor was built on
        text = text_of(name, content)
        if "".join(text.split()):
            return SourceText(text, name)
    text = layout_text(layout)
    if len(text) > MAX_TEXT_CHARS:  # a workbook or scan can hold more text than the narrative extractor takes
        raise UploadError(f"文本超过 {MAX_TEXT_CHARS // 1_000_000} 百万字，请拆分后再审核")
    return SourceText(text, name)


def layout_text(layout: Layout) -> str:
    """The layout as lines: headings and paragraphs as written, table rows with their cells tab-separated."""
    lines: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Heading):
            lines.append(f"{block.numbering}{block.text}")
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.text_rows():
                cells = [c for i, c in enumerate(row) if i == 0 or c != row[i - 1]]  # a merged cell once
                lines.append("\t".join(cells))
    return "\n".join(lines)


def _indicators_from_text(coverage: Coverage, evaluation) -> None:
    """A table none of whose rows the form reader read, whose indicators the evaluation has all the same (the running
    text's reader found them): the coverage says how many, so that 读取 0/45 行 is not read as "not checked" beside
    findings on those very indicators."""
    if evaluation is None:
        return
    by_name: dict[str, int] = {}
    for project in evaluation.projects:
        by_name[project.name] = by_name.get(project.name, 0) + len(project.indicators)
    department = sum(len(g.indicators) for g in evaluation.goals) + len(evaluation.indicators)
    for form in coverage.forms:
        if form.rows_read == 0 and form.template != "project_score_list":
            form.from_text = by_name.get(form.subject, 0) if form.subject else department


def _coverage(layout, forms, prose_figures, narrative: Extraction | None, assembly, text) -> Coverage:
    coverage = Coverage(
        forms=[FormCoverage(f.template, (f.data or {}).get("name", "") if f.target == "project" else "",
                            f.rows_read, f.rows_total, list(f.unread or []), f.weights_verified) for f in forms],
        prose_figures=prose_figures,
        narrative_facts=sum(1 for f in narrative.facts if f.key.startswith(CHECKABLE)) if narrative else 0,
        removed=list(layout.removed),
        unread=list(layout.unread) + [u for f in forms for u in (f.unread or [])] + assembly.unplaced,
    )
    if not _has_text(text):
        coverage.empty = ("文件中没有可读的文字" + ("（扫描件的文字识别未得到结果）" if layout.kind in ("scan", "image") else ""))
    return coverage


def _unplaced(prose, narrative: Extraction | None) -> list[str]:
    """Where and what each money figure or rate of the text is that neither the prose reader nor the narrative
    extractor made a fact of: 第 3 行“执行率95%”."""
    if prose is None:
        return []
    taken = set()
    for fact in narrative.facts if narrative else []:
        try:
            taken.add((fact.where, Decimal(str(fact.value))))
        except (InvalidOperation, ValueError):
            continue
    out = []
    for m in prose.unplaced:
        where = str(m.where)
        if (where, m.value) in taken:
            continue
        clause = re.split(r"[，,。；;：:、]", m.text[:m.start])[-1][-12:]
        out.append(f"{where}“{clause}{m.written}”" if where else f"“{clause}{m.written}”")
    return out


def missing_parts(evaluation: Evaluation) -> list[str]:
    """What a reviewer looks for and the reading did not find, said of the evaluation as assembled (a project table
    has no department-level score to miss)."""
    from .assemble import UNKNOWN

    projects = evaluation.projects
    has = {
        "评价年度": bool(evaluation.year),
        "部门名称": evaluation.department.name not in ("", UNKNOWN),
        "预算执行数据": bool(evaluation.budget or evaluation.execution or any(p.budget for p in projects)),
        "综合得分": evaluation.stated_score is not None or any(p.stated_score is not None for p in projects),
        "评价等级": evaluation.stated_grade is not None or any(p.stated_grade is not None for p in projects),
    }
    return [f"未能提取：{label}" for label, found in has.items() if not found]


def _has_text(text: SourceText) -> bool:
    return any(line.strip() for line in text.lines)
