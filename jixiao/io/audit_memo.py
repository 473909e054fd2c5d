"""A reviewer's memo on an audited report, as a Word document in the official format.

Written from an audit just made (the CLI's `jixiao audit FILE --report`) or from what the web app kept of one (the
findings, what could not be read, why it could not be audited): the same memo either way."""

from __future__ import annotations

from jixiao.core.checks import Finding, title_of
from jixiao.core.labels import SEVERITIES
from jixiao.core.locations import describe
from jixiao.core.phrasing import subject_once
from jixiao.core.reports.model import Paragraph, Report, Section, Table, number, text

from .docx_writer import docx_bytes
from .reading.assemble import UNKNOWN as UNKNOWN_DEPARTMENT  # the name the readers give a department not found


SIGN_OFF = "审核人：　　　　　　审核日期：　　年　　月　　日"


def memo_docx(audit) -> bytes:
    e = audit.evaluation
    coverage = audit.coverage
    unauditable = "" if coverage is None or coverage.auditable else coverage.why_not_auditable()
    return memo(audit.name, findings=audit.findings, missing=audit.missing, department=e.department.name,
                year=e.year, unauditable=unauditable, document=e)


def memo(name: str, *, findings: list[Finding], missing: list[str], department: str = "", year: int | None = None,
         unauditable: str = "", unreadable: str = "", document=None) -> bytes:
    """The memo on the report file `name`. `unauditable` is why nothing a check needs was read; `unreadable` why the
    file could not be read at all: either way the memo says 无法审核 and why, never that nothing was found.
    `document` (plain data or the model) names the projects and indicators in the places of findings."""
    known = department and department != UNKNOWN_DEPARTMENT
    title = f"关于{department}{year}年度绩效自评报告的审核意见" if known and year else f"关于《{name}》的审核意见"
    report = Report("memo", title)
    if unreadable or unauditable:
        why = (f"无法读取：{unreadable}" if unreadable else unauditable).rstrip("。")
        report.sections = [Section("一、审核概况", 1).add(Paragraph(
            f"《{name}》无法审核：{why}。报告未经核对，不能视为没有问题。"))]
        if missing:
            report.sections.append(Section("二、未能读取的内容", 1).add(*[Paragraph(line) for line in missing]))
        return docx_bytes(report)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    summary = Section("一、审核概况", 1).add(Paragraph(
        f"对《{name}》进行了逐项核对：共发现错误 {counts['error']} 个、警告 {counts['warning']} 个、提示 {counts['notice']} 个。"
        "错误须更正后重新报送；警告须说明原因；提示供参考。"))
    found = Section("二、发现的问题", 1)
    if findings:
        # the check in words for readers, its code in brackets for people who cite it; the place as a reader finds it
        header = [[text(h, bold=True) for h in ("序号", "严重程度", "检查内容", "位置", "问题", "所列", "重算/应为")]]
        # the check in words (its code, for people who cite it, in the list of checks: `jixiao checks`); the subject
        # once, not again before a message that quotes it
        body = [[number(i + 1, "int"), text(SEVERITIES[f.severity]), text(title_of(f.code)),
                 text(place(f, document)), text(_said_once(f)), text(f.stated), text(f.recomputed)]
                for i, f in enumerate(findings)]
        found.add(Table("审核发现", header, body, widths=[6, 7, 14, 14, 35, 12, 12]))
    else:
        found.add(Paragraph("未发现问题。"))
    report.sections = [summary, found]
    if missing:
        report.sections.append(Section("三、未能核对的内容", 1).add(*[Paragraph(line) for line in missing]))
    # one line of 24 characters with the paragraph's indent of 2 in the 27 a line of 三号 holds: at 30 it wrapped,
    # its 日 alone on the next line
    report.sections[-1].add(Paragraph(SIGN_OFF))
    return docx_bytes(report)


def _said_once(finding: Finding) -> str:
    subject = subject_once(finding.subject, finding.message)
    return f"{subject}：{finding.message}" if subject else finding.message


def place(finding: Finding, document=None) -> str:
    """Where in the report the finding stands: the place the reader found it (page, line, cell), else its field in
    words."""
    return finding.where or describe(finding.location, document)
