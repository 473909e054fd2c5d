"""The whole reading pipeline on dev fixtures: findings a careful reviewer raises (their expect files) are found,
each through a different layer: a Word table's level-1 weights, a one-line text's funds row, a PDF's own grade scale,
a web table's blank columns, an Excel 97 workbook. Kept-out fixtures are measured by bench/accuracy.py only."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from jixiao.io.extract.audit import audit_bytes

from ...reading.scoring import match_findings

DEV = Path(__file__).resolve().parents[2] / "reading" / "fixtures" / "dev"


def expected(name: str, codes: set[str]) -> list[dict]:
    expect = yaml.safe_load((DEV / f"{name}.expect.yaml").read_text(encoding="utf-8"))
    return [f for f in expect["findings"] if f["code"] in codes]


@pytest.mark.parametrize("name, codes", [
    ("yunnan-framework-2023-questionnaire.docx", {"WEIGHT.GROUP", "SURVEY.COUNTS", "SURVEY.ANSWERS"}),
    ("anhui-project-2022-oneline.txt", {"SUM.BUDGET", "MEASURE.ACTUAL_COPY", "EXECUTION.SCORE", "SCORE.TOTAL"}),
    ("hubei-project-2021-runtogether.txt", {"SCORE.SUBTOTAL", "MEASURE.ACTUAL_COPY"}),
    ("guizhou-project-2022.pdf", {"DEVIATION.UNEXPLAINED", "MEASURE.VAGUE"}),
    ("hunan-dept-2022.xls", {"SUM.INCOME", "RATE.MISMATCH"}),
    ("gansu-dept-2021.pdf", {"GRADE.MISMATCH"}),
    ("sichuan-project-2023-cellpipes.txt", {"FORM.UNFILLED", "FORM.INSTRUCTIONS"}),
    ("xinjiang-project-2023.xls", {"SCORE.BOUNDS", "EXECUTION.OVER"}),
    ("hubei-project-2023.docx", {"EXECUTION.SCORE", "SCORE.TOTAL", "MEASURE.ACTUAL_BOUND"}),
])
def test_the_reviewers_findings_are_found(library, name, codes):
    wanted = expected(name, codes)
    audit = audit_bytes(name, (DEV / name).read_bytes(), library)
    pairs, missed, _ = match_findings(wanted, audit.findings)
    assert missed == [] and len(pairs) == len(wanted)
    assert audit.coverage.auditable


def test_a_clean_workbook_raises_no_error(library):
    """anhui-project-2023.xlsx is written without defects (its expect file lists none)."""
    name = "anhui-project-2023.xlsx"
    audit = audit_bytes(name, (DEV / name).read_bytes(), library)
    assert [f.code for f in audit.findings if f.severity == "error"] == []
    assert list(audit.coverage) == ["project_self_evaluation"] and "2 张" in audit.coverage.summary()


def test_a_reason_the_table_gives_in_its_own_row_explains_its_deviations(library):
    """gansu-dept-2021.pdf prints 偏差原因分析 as a row under its goals, not as a column: the deviations it explains are
    not reported as unexplained (its expect file lists only the grade)."""
    name = "gansu-dept-2021.pdf"
    audit = audit_bytes(name, (DEV / name).read_bytes(), library)
    assert audit.evaluation.deviation_reason.startswith("低保动态调整后保障人数减少")
    assert not [f for f in audit.findings if f.code == "DEVIATION.UNEXPLAINED"]


def test_the_date_under_the_signature_is_the_report_date(library):
    """henan-narrative-2022.doc ends 豫川县市场监督管理局 / 2023年3月20日: the report's date, said once to the checks."""
    name = "henan-narrative-2022.doc"
    audit = audit_bytes(name, (DEV / name).read_bytes(), library)
    assert str(audit.evaluation.report_date) == "2023-03-20"
    assert not [f for f in audit.findings if f.code.startswith("DATE.")]


def test_a_cover_dated_otherwise_than_the_signature(library):
    """hunan-dept-2020-pipes-web.txt: 报告日期 2021年3月10日 on the cover, 2021年4月2日 beside the evaluation group's
    signature. The cover's field is the report date; the reviewer asks which of the two (DATE.REPORTS)."""
    name = "hunan-dept-2020-pipes-web.txt"
    audit = audit_bytes(name, (DEV / name).read_bytes(), library)
    assert str(audit.evaluation.report_date) == "2021-03-10"
    wanted = expected(name, {"DATE.REPORTS"})
    pairs, missed, _ = match_findings(wanted, audit.findings)
    assert missed == [] and len(pairs) == 1


def test_the_answers_to_each_question_are_read(library):
    """yunnan-framework-2023-questionnaire.docx: ten questions, A 10 / B 5 / C 0; the score they give is the 85.26 the
    report states (no SURVEY.SCORE), question 3 is answered 118 times by 115 valid copies."""
    name = "yunnan-framework-2023-questionnaire.docx"
    audit = audit_bytes(name, (DEV / name).read_bytes(), library)
    [survey] = audit.evaluation.surveys
    assert len(survey.questions) == 10 and [o.count for o in survey.questions[2].options] == [80, 30, 8]
    assert [f.stated for f in audit.findings if f.code == "SURVEY.ANSWERS"] == ["118"]
    assert not [f for f in audit.findings if f.code == "SURVEY.SCORE"]
