"""Honest coverage: an audit says what it recognised and read, and says 无法审核 rather than 未发现问题 when it read
nothing a check needs."""

from __future__ import annotations

import subprocess
import sys

from jixiao.io.extract.audit import audit_bytes
from jixiao.io.reading import Coverage, FormCoverage

from ...conftest import SEEDS

NOTICE = "关于召开年度工作会议的通知\n各股室：\n定于下周一上午在三楼会议室召开会议，请准时参加。\n"


def test_a_text_without_forms_or_figures_cannot_be_audited(library):
    audit = audit_bytes("通知.txt", NOTICE.encode(), library)
    assert audit.findings == []
    assert not audit.coverage.auditable
    assert audit.coverage.why_not_auditable().startswith("未识别出任何绩效自评表")
    assert audit.coverage.lines()[0].startswith("无法审核：未识别出任何绩效自评表")


def test_a_notice_with_dates_names_and_a_head_count_is_still_not_auditable(library):
    """Dates, a bureau's name and "2人" are figures, but none a check can verify (found by a new user)."""
    notice = ("县财政局办公室关于召开2024年度预算绩效管理工作会议的通知\n各预算单位：\n定于2024年3月15日上午9时在县政府"
              "三楼会议室召开工作会议。请各单位分管负责人和财务人员共2人参加。\n县财政局办公室\n2024年3月8日\n")
    audit = audit_bytes("通知.txt", notice.encode(), library)
    assert not audit.coverage.auditable and audit.findings == []


def test_the_command_says_it_could_not_audit_and_never_that_nothing_was_found(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text(NOTICE, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "jixiao.cli", "audit", str(path)], capture_output=True, text=True,
                         check=False).stdout
    assert "无法审核" in out and "未发现问题" not in out


def test_an_empty_scan_says_why():
    coverage = Coverage(empty="文件中没有可读的文字（扫描件的文字识别未得到结果）")
    assert not coverage.auditable and coverage.lines()[0] == "无法审核：文件中没有可读的文字（扫描件的文字识别未得到结果）"


def test_the_summary_counts_forms_and_rows_and_names_forms_read_in_part():
    coverage = Coverage(forms=[FormCoverage("project_self_evaluation", "甲项目", 18, 22),
                               FormCoverage("project_self_evaluation", "乙项目", 20, 20),
                               FormCoverage("department_overall", "", 12, 12)], prose_figures=3)
    assert coverage.summary() == ("项目支出绩效自评表 2 张，读取 38/42 行；部门整体支出绩效自评表 1 张，读取 12/12 行；"
                                  "正文数字 3 项")
    assert list(coverage) == ["project_self_evaluation", "department_overall"]
    assert "项目支出绩效自评表“甲项目”只读取 18/22 行，其合计与分值未核对" in coverage.lines()


def test_the_seeds_are_auditable_and_say_what_was_read(library):
    audit = audit_bytes("000.txt", (SEEDS / "000_c8758e53477b5b54.txt").read_bytes(), library)
    assert audit.coverage.auditable and "正文数字" in audit.coverage.summary()


def test_a_project_table_read_whole_with_verified_weights_is_judged_whole():
    # 520137a: weights short of the table's 100 are the table's own (WEIGHT.TOTAL), not rows the reading missed
    from decimal import Decimal
    from types import SimpleNamespace

    from jixiao.core.model import Department, Evaluation, Indicator, Project
    from jixiao.io.reading.completeness import incomplete_parts

    project = Project(name="乡村道路养护", stated_execution_weight=Decimal(10), indicators=[
        Indicator(name="养护道路里程", level1="产出指标", weight=Decimal(30)),
        Indicator(name="路面优良率", level1="产出指标", weight=Decimal(20)),
        Indicator(name="群众出行时间缩短", level1="效益指标", weight=Decimal(30))])
    evaluation = Evaluation(year=2023, department=Department(name="青岭县交通运输局"), projects=[project])

    def parts(verified: bool) -> list[tuple[str, str]]:
        form = FormCoverage("project_self_evaluation", "乡村道路养护", 4, 4, [], verified)
        return incomplete_parts(SimpleNamespace(coverage=Coverage(forms=[form]), evaluation=evaluation))

    assert parts(True) == []
    [(path, message)] = parts(False)  # 90 read of 100: perhaps rows missed, the totals wait
    assert path == "projects[0]" and "90" in message and "100" in message


def test_a_table_read_by_the_running_texts_reader_says_so_beside_its_rows(library):
    """A trial read "读取 0/364 行" beside findings on those very tables' indicators: the seed's tables are a PDF's
    copied as text (a cell per line), which the form reader does not read row by row and the text's reader does.
    The coverage counts, for each such table, the indicators the evaluation has from the text."""
    audit = audit_bytes("003.txt", (SEEDS / "003_08c5a9fc441d161e.txt").read_bytes(), library)
    projects = {p.name: len(p.indicators) for p in audit.evaluation.projects}
    unread = [f for f in audit.coverage.forms if f.subject and f.rows_read == 0]
    assert all(f.from_text == projects.get(f.subject, 0) for f in unread)  # a table named otherwise than any project: 0
    first = next(f for f in unread if f.from_text)
    assert (f"{first.name}“{first.subject}”表格未能逐行读取（0/{first.rows_total} 行），"
            f"指标 {projects[first.subject]} 项按正文读取并逐项核对，其合计与分值未核对") in audit.coverage.lines()
    projects_read = [f for f in audit.coverage.forms if f.name == first.name]
    assert (f"{first.name} {len(projects_read)} 张，表格未能逐行读取（0/{sum(f.rows_total for f in projects_read)} 行），"
            f"指标 {sum(f.from_text for f in projects_read)} 项按正文读取") in audit.coverage.summary()
    # a finding on one of those indicators is there: what was read from the text was checked
    assert any(f.location.startswith("projects[") and ".indicators[" in f.location for f in audit.findings)


def test_every_form_template_has_a_name_reviewers_use():
    """A trial read "project_score_list 1 张": a template without a Chinese name showed its id."""
    from pathlib import Path

    import yaml

    from jixiao.io.reading.coverage import FORM_NAMES

    folder = Path(__file__).resolve().parents[3] / "jixiao" / "io" / "forms" / "templates"
    ids = {yaml.safe_load(path.read_text(encoding="utf-8"))["id"] for path in folder.glob("*.yaml")}
    assert len(ids) >= 10 and ids <= set(FORM_NAMES)
    assert FormCoverage("project_score_list", "", 40, 40).name == "项目自评结果清单"
