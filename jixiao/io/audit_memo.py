"""A reviewer's memo on an audited report, as a Word document in the official format."""

from __future__ import annotations

from jixiao.core.labels import SEVERITIES
from jixiao.core.reports.model import Paragraph, Report, Section, Table, number, text

from .docx_writer import docx_bytes


def memo_docx(audit) -> bytes:
    e = audit.evaluation
    report = Report("memo", f"关于{e.department.name}{e.year}年度绩效自评报告的审核意见")
    counts = {s: audit.count(s) for s in SEVERITIES}
    summary = Section("一、审核概况", 1).add(Paragraph(
        f"对《{audit.name}》进行了逐项核对：共发现错误 {counts['error']} 个、警告 {counts['warning']} 个、提示 {counts['notice']} 个。"
        "错误须更正后重新报送；警告须说明原因；提示供参考。"))
    header = [[text(h, bold=True) for h in ("序号", "严重程度", "位置", "问题", "所列", "重算/应为")]]
    body = [[number(i + 1, "int"), text(SEVERITIES[f.severity]), text(f.where or f.location), text(f"{f.subject}：{f.message}"),
             text(f.stated), text(f.recomputed)] for i, f in enumerate(audit.findings)]
    findings = Section("二、发现的问题", 1).add(Table("审核发现", header, body, widths=[5, 7, 14, 50, 12, 12]))
    sections = [summary, findings]
    if audit.missing:
        sections.append(Section("三、未能核对的内容", 1).add(*[Paragraph(line) for line in audit.missing]))
    report.sections = sections
    return docx_bytes(report)
