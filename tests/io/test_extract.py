"""Documents in: what the audit reads from the seeds and finds, the Excel round trip, other formats, hostile files."""

from __future__ import annotations

import io
from decimal import Decimal
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from jixiao.core.errors import InputError
from jixiao.io.documents import render
from jixiao.io.extract.audit import audit_bytes, audit_file, audit_text, read_workbook
from jixiao.io.extract.readers import UploadError, text_of
from jixiao.io.extract.text_source import SourceText

from ..conftest import SEEDS

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


@pytest.fixture(scope="module")
def audits(library):
    return {name: audit_file(SEEDS / name, library) for name in
            ("000_c8758e53477b5b54.txt", "002_a69605e6553f655b.txt", "003_08c5a9fc441d161e.txt")}


def by_code(audit, code: str):
    return [f for f in audit.findings if f.code == code]


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("seed-*.yaml")), ids=lambda p: p.stem)
def test_no_finding_outside_the_golden_file(audits, golden):
    """A false alarm is a defect: every finding the audit makes is one the golden file lists."""
    expected = yaml.safe_load(golden.read_text(encoding="utf-8"))
    audit = audits[expected["seed"]]
    for finding in audit.findings:
        assert finding.code in expected["findings"], (finding.code, finding.where, finding.message)
    counts: dict[str, int] = {}
    for finding in audit.findings:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    assert all(counts[code] <= n for code, n in expected["findings"].items() if code in counts)


def test_seed_000_what_checks_md_cites(audits):
    audit = audits["000_c8758e53477b5b54.txt"]
    [total] = by_code(audit, "SUM.PROJECTS")
    assert (total.stated, total.recomputed, total.where) == ("25388.90", "25387.76", "第 13 行")
    assert len(by_code(audit, "ZERO.PROJECT")) == 3
    # its units' staff (昌黎县工伤保险服务中心编制 5 人，在职人员 6 人 …) are read from the paragraph at line 17: each
    # finding names it (a trial read 位置 “—”)
    over = by_code(audit, "STAFF.OVER")
    assert [(f.stated, f.where) for f in over] == [("6", "第 17–19 行"), ("37", "第 17–19 行"), ("48", "第 17–19 行")]
    e = audit.evaluation
    assert (e.department.name, e.year, e.stated_score, e.stated_grade) == ("昌黎县人力资源和社会保障局", 2023, 98, "优")
    assert len(e.projects) == 40 and e.projects[17].stated_grade == "差"


def test_seed_002_what_checks_md_cites(audits):
    audit = audits["002_a69605e6553f655b.txt"]
    assert by_code(audit, "GRADE.MISSING")
    rate = next(f for f in by_code(audit, "RATE.MISMATCH") if f.stated == "-18.92%")
    assert rate.recomputed == "-18.94%" and rate.where.startswith("第 622")
    assert by_code(audit, "DATE.YEAR")[0].stated == "2020"
    assert by_code(audit, "DATE.EARLY")[0].stated == "2022-02-20"
    assert by_code(audit, "DATE.AS_OF")[0].stated == "2021-12-31"
    assert by_code(audit, "STAFF.OVER")[0].stated == "40"
    assert "4045次2.8%" in by_code(audit, "TEXT.PASTED")[0].stated


def test_seed_003_what_checks_md_cites(audits):
    audit = audits["003_08c5a9fc441d161e.txt"]
    conflicts = {(f.stated, f.recomputed) for f in by_code(audit, "FACT.CONFLICT")}
    assert conflicts == {("2366.07 万元", "2366.08 万元"), ("73 万", "730 万")}
    contracts = next(f for f in by_code(audit, "DEVIATION.UNEXPLAINED") if "4824" in f.message)
    assert contracts.stated == "无" and contracts.where == "第 1275 行"
    assert any(f.stated == "≥96%" for f in by_code(audit, "MEASURE.ACTUAL_BOUND"))
    scope = by_code(audit, "SCOPE.PROJECTS")[0]
    assert (scope.stated, scope.recomputed) == ("21468.3", "275.77")
    # the project list is read whole: item 9's figures are in the paragraph after its name, and 退休人员社会化管理服务经费
    # is 社会代管理 over its table (line 3533)
    projects = audit.evaluation.projects
    assert len(projects) == 26 and sum(p.budget.budget_adjusted for p in projects) == Decimal("21468.3")
    assert projects[8].name == "招募选派“三支一扶”高校毕业生面试工作经费" and projects[8].budget.budget_adjusted == 15
    # every project table's rows are read, wrapped cells and titles included: 80 points each beside the 20 of its
    # funds row (read under its wrapped label although the list of projects gave the budget), so none is read in part
    assert all(sum(x.weight for x in p.indicators) == 80 and p.stated_execution_score == 20 for p in projects)
    assert not any("提取到的指标分值合计" in line for line in audit.missing)


def test_every_fact_keeps_its_source_and_confidence(audits):
    for audit in audits.values():
        assert audit.facts
        for fact in audit.facts:
            assert fact.where and 0 < fact.confidence <= 1
    budget = next(f for f in audits["000_c8758e53477b5b54.txt"].facts if f.key == "budget.total.budget_initial")
    assert budget.where == "第 11 行" and "27943.89" in budget.text


# ------------------------------------------------------------------------------------------------- excel
def workbook_values(content: bytes) -> dict[str, list]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {name: [[c.value for c in row] for row in book[name].iter_rows()] for name in book.sheetnames}


def test_excel_round_trip_is_exact(library, tongcheng):
    exported = render(tongcheng, library, "xlsx").content
    imported = read_workbook(exported)
    assert imported == tongcheng
    assert workbook_values(render(imported, library, "xlsx").content) == workbook_values(exported)


def test_excel_errors_name_the_sheet_and_cell(library, changli):
    exported = render(changli, library, "xlsx").content
    book = openpyxl.load_workbook(io.BytesIO(exported))
    book["_jixiao"]["A1"] = "something else"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UploadError, match="工作表“_jixiao”单元格 A1"):
        read_workbook(buffer.getvalue())
    book["_jixiao"]["A1"] = "jixiao-evaluation/1"
    book["_jixiao"]["A2"] = book["_jixiao"]["A2"].value[:-40]
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UploadError, match="单元格 A2"):
        read_workbook(buffer.getvalue())
    del book["_jixiao"]
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UploadError, match="没有 jixiao 数据表"):
        read_workbook(buffer.getvalue())


# ---------------------------------------------------------------------------------------- docx and pdf in
def test_a_word_report_is_read_with_its_tables(library, changli):
    content = render(changli, library, "docx", shape="S1").content
    audit = audit_bytes("昌黎.docx", content, library)
    e = audit.evaluation
    assert e.year == 2023 and e.budget.total.spent == 27081.25
    assert len(e.projects) == 40  # read from the Word table, cells as cells
    assert by_code(audit, "SUM.PROJECTS")


def test_a_text_pdf_is_read(library, jingzhou):
    content = render(jingzhou, library, "pdf", shape="S3").content
    text = text_of("靖州.pdf", content)
    assert "靖州县人力资源和社会保障局" in text
    audit = audit_bytes("靖州.pdf", content, library)
    assert audit.evaluation.year == 2022


# ---------------------------------------------------------------------------------------------- hostile
@pytest.mark.parametrize("name", ["x.docx", "x.pdf", "x.xlsx", "x.txt"])
@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02 not a document", b"PK\x03\x04truncated", b"%PDF-1.7\n%%EOF"])
def test_broken_files_get_a_clean_error(library, name, content):
    try:
        audit_bytes(name, content, library)
    except (UploadError, InputError) as error:
        assert str(error)  # a message in Chinese, not a traceback


def test_zip_bombs_are_refused(library):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * 300_000_000)
    with pytest.raises(UploadError, match="压缩炸弹"):
        audit_bytes("bomb.docx", buffer.getvalue(), library)


def test_external_entities_are_not_resolved(library, tmp_path, changli):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    content = render(changli, library, "docx").content
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", f'?><!DOCTYPE w [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode(), 1)
                data = data.replace("昌黎".encode(), b"&xxe;", 1)
            archive.writestr(item, data)
    try:
        text = text_of("evil.docx", buffer.getvalue())
    except UploadError:
        return  # refusing the file is fine too
    assert "TOP-SECRET-VALUE" not in text


def test_macros_are_never_read(library, changli):
    content = render(changli, library, "docx").content
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/vbaProject.bin", b"Attribute VB_Name = \"Evil\"\nSub AutoOpen()\nEnd Sub")
    text = text_of("macro.docm", buffer.getvalue())
    assert "昌黎" in text and "AutoOpen" not in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("年度万元%得分等级优良中差项目名称预算执行率0123456789.，。：\t\n（）一二三、≥≤ 人例份") ),
               max_size=400))
def test_the_text_extractor_never_breaks_on_any_text(library, text):
    try:
        audit = audit_text(text, "fuzz.txt", library)
    except InputError:
        return
    assert audit.evaluation is not None


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.docx", "a.pdf", "a.xlsx", "a.txt"]))
def test_the_readers_never_break_on_any_bytes(library, content, name):
    try:
        audit_bytes(name, content, library)
    except (UploadError, InputError):
        pass


def test_source_text_keeps_lines_and_drops_page_numbers():
    source = SourceText("一、概况\n\n2023 年本部门年初预算安排 27943.89\n\n5\n\n万元，决算数 27081.25 万元。\n")
    assert source.paragraphs[0].text == "一、概况"
    assert source.paragraphs[1].text == "2023年本部门年初预算安排27943.89万元，决算数27081.25万元。"
    assert source.paragraphs[1].where == "第 3–7 行"


def test_last_years_initial_budget_is_not_this_years():
    # yunnan-report-2024-markdown: 本年年初预算安排420.00万元，上年年初预算安排398.60万元 (one fact, one value: the
    # 398.60 of 2023 is not a second value of 2024's initial budget)
    from jixiao.io.extract.report_text import extract

    source = SourceText("滇西坝县数字经济发展中心2024年度项目支出绩效单位自评报告\n\n"
                        "本年年初预算安排420.00万元，上年年初预算安排398.60万元，增长5.37%。\n\n"
                        "2023年年初预算数398.60万元。\n")
    stated = [(s["fact"].rsplit(".", 1)[1], s["value"]) for s in extract(source).data["statements"]
              if s["fact"].startswith("budget.")]
    assert stated == [("budget_initial", "420.00")]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("shape", ["S1", "S2", "S3", "S4", "S5"])
def test_jixiaos_own_reports_raise_no_false_alarm(library, changli, jingzhou, tongcheng, shape, fmt):
    """A reviewer uploads a report jixiao wrote, in Word or PDF: every error the audit finds is one the evaluation
    itself has."""
    from jixiao.core.checks import run_checks
    from jixiao.core.engine import score_evaluation

    for evaluation in (changli, jingzhou, tongcheng):
        own = {f.code for f in run_checks(evaluation, library, score_evaluation(evaluation, library)) if f.severity == "error"}
        audit = audit_bytes(f"报告.{fmt}", render(evaluation, library, fmt, shape=shape).content, library)
        found = {f.code for f in audit.findings if f.severity == "error"}
        assert found <= own, (evaluation.department.name, shape, found - own)


def test_word_tables_are_read_by_their_header(library, tongcheng):
    """Seed 003's department table in the Hubei layout (S4): goals, weights, indicators and scores come back."""
    audit = audit_bytes("通城.docx", render(tongcheng, library, "docx", shape="S4").content, library)
    e = audit.evaluation
    assert [g.weight for g in e.goals] == [g.weight for g in tongcheng.goals]
    assert [len(g.indicators) for g in e.goals] == [len(g.indicators) for g in tongcheng.goals]
    first = e.goals[0].indicators[0]
    source = tongcheng.goals[0].indicators[0]
    # read from the table's cells (each goal's row over its indicators), as printed: 118 人 with its space
    assert (first.name, first.target, first.actual, first.weight, first.score) == \
        (source.name, source.target, source.actual, source.weight, source.score)
    assert e.execution.budget_adjusted == tongcheng.execution.budget_adjusted
    assert e.stated_score == 100
    project = next(p for p in e.projects if p.name == "工伤病残等级鉴定费")
    assert (project.budget.budget_adjusted, project.stated_score, len(project.indicators)) == (5, 100, 10)


def test_a_workbook_with_a_damaged_sheet_gets_a_clean_error(library, changli):
    """Found by bench/fuzz.py: openpyxl reads a read-only sheet lazily, so damage surfaced as a traceback."""
    source = zipfile.ZipFile(io.BytesIO(render(changli, library, "xlsx").content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b"<c ", b"<c <", 1)
            archive.writestr(item, data)
    with pytest.raises(UploadError, match="工作表“_jixiao”无法读取"):
        audit_bytes("坏.xlsx", buffer.getvalue(), library)


def test_a_row_whose_name_wrapped_above_its_figures_is_read(audits):
    """Seed 003 lines 1185–1188: “质量指标”, “妥善处置拖欠农民工工资案件清欠”, “率”, then “≥90% ≥96% 1.5”."""
    facts = [f for f in audits["003_08c5a9fc441d161e.txt"].facts if f.key == "indicator" and f.where == "第 1188 行"]
    assert [f.value for f in facts] == [("妥善处置拖欠农民工工资案件清欠率", "≥90%", "≥96%", "1.5")]


def test_a_paragraphs_second_sentence_names_its_own_budget_line():
    # 520137a: …全年…决算数 X 万元。其中项目支出调整后预算 Y 万元 speaks of the total first, of a part after the 。
    from jixiao.io.extract.report_text import extract

    text = ("青岭县农业农村局2023年度部门整体支出绩效自评报告\n\n"
            "2023年全年调整后预算数1350.00万元，决算数1282.50万元。其中项目支出调整后预算420.00万元，决算数399.00万元。\n")
    read = {(f.key, str(f.value)) for f in extract(SourceText(text, "r.txt")).facts if f.key.startswith("budget.")}
    assert read == {("budget.total.budget_adjusted", "1350.00"), ("budget.total.spent", "1282.50"),
                    ("budget.project_expenditure.budget_adjusted", "420.00"),
                    ("budget.project_expenditure.spent", "399.00")}


WRAPPED_TABLE = """2023 年度某某工作经费

项目自评表

项目名称 某某工作经费

年度财政资
金总额
10 10 100.00 20

一级
指标
二级指标 三级指标 年初目标值（A)
实际完成值
(B)
得分
产出
指标
数量指标
完成某某工作 1000 万元
1200 万
元
10
数量指标
2023 年办理某某
人数
32 人 32 人 10
成本指标 某某补贴标准
≤
5
万元
5 万 10
可持续性影
响指标
单位和个人存档服务 长期 长期 10
满
意
度
指
标
服务对象满
意度
某某服务对象满
意度
≥90% ≥98% 20

总分 100
"""


def test_a_text_table_whose_cells_and_labels_wrapped_is_read_row_by_row():
    """A PDF's text of a Hubei project table (seed 003's convention): the title wraps before 项目自评表, a row's values
    wrap so its score stands alone, a level label stands alone or is split over lines, a name starts with 单位 or
    holds a year."""
    from jixiao.io.extract.report_text import extract

    data = extract(SourceText(WRAPPED_TABLE, "wrapped.txt")).data
    [project] = [p for p in data["projects"] if p.get("indicators")]
    assert project["name"] == "某某工作经费"
    rows = [(i["name"], i.get("level2"), i["target"], i["actual"], i["weight"]) for i in project["indicators"]]
    assert rows == [("完成某某工作", "quantity", "1000万元", "1200万元", "10"),
                    ("2023年办理某某人数", "quantity", "32人", "32人", "10"),
                    ("某某补贴标准", "cost", "≤5万元", "5万", "10"),
                    ("单位和个人存档服务", "sustainability", "长期", "长期", "10"),
                    ("某某服务对象满意度", "beneficiary_satisfaction", "≥90%", "≥98%", "20")]


def test_a_table_of_one_cell_per_line_is_not_read_as_wrapped_rows():
    """分值 printed before 年度指标值, each cell on its line: the narrative does not read its rows (the forms do)."""
    from jixiao.io.extract.report_text import extract

    text = ("2024年度某某项目自评表\n项目名称\n某某\n一级指标\n二级指标\n三级指标\n分值\n年度指标值\n实际完成值\n得分\n"
            "产出指标\n数量指标\n贴息户数\n10\n≥200户\n184户\n9.2\n")
    data = extract(SourceText(text, "cells.txt")).data
    assert not any(p.get("indicators") for p in data.get("projects", []))


BLANK_TOTAL_SCORE = ("2023年度某某工作经费项目自评表\n"
                     "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
                     "产出指标\t数量指标\t培训人数\t≥100人\t120人\t50\t50\n"
                     "效益指标\t社会效益指标\t群众知晓率\t≥90%\t95%\t50\t48\n"
                     "总分\t\t\t\t\t100\t\n")


def test_a_total_row_whose_score_is_blank_states_no_score(library):
    """总分 | … | 100 (分值) | (得分 left blank): the full marks are no stated score, neither the project's (narrative
    extractor, by the header's 得分 column) nor the report's (prose, a lone 100 in the 总分 row)."""
    from jixiao.io.extract.report_text import extract

    [project] = extract(SourceText(BLANK_TOTAL_SCORE, "blank.txt")).data["projects"]
    assert project["name"] == "某某工作经费" and "stated_score" not in project
    assert [i["score"] for i in project["indicators"]] == ["50", "48"]
    evaluation = audit_text(BLANK_TOTAL_SCORE, "blank.txt", library).evaluation
    assert evaluation.stated_score is None
    assert [p.stated_score for p in evaluation.projects] == [None]
    # the score written in its cell is read
    filled = BLANK_TOTAL_SCORE.replace("总分\t\t\t\t\t100\t\n", "总分\t\t\t\t\t100\t98\n")
    [project] = extract(SourceText(filled, "filled.txt")).data["projects"]
    assert project["stated_score"] == "98"
    assert audit_text(filled, "filled.txt", library).evaluation.projects[0].stated_score == 98
