"""Documents out: open what was generated and check its content — cell values, merged ranges, formulas, the numbers
in the sentences — and prove the files work elsewhere: LibreOffice converts every .docx, the PDF embeds its CJK
font and renders."""

from __future__ import annotations

import copy
import io
import json
import shutil
import subprocess
import zipfile
from decimal import Decimal as D

import msgspec
import openpyxl
import pytest
from docx import Document as Docx
from docx.oxml.ns import qn

from jixiao.core.build import evaluation_from_data
from jixiao.core.reports.model import Chart
from jixiao.io import charts
from jixiao.io.documents import render
from jixiao.io.typography import WORD_JOINER, joining_figures, typeset, without_break_marks

from ..support.printed import printed_pages


def need(tool: str) -> str:
    found = shutil.which(tool)
    assert found, f"缺少 {tool}（./test.sh 会用 apt-get 安装）"
    return found


@pytest.fixture(scope="module")
def documents(library, tongcheng, changli, jingzhou):
    """Every format for every seed example, generated once."""
    made = {}
    for key, evaluation in (("tongcheng", tongcheng), ("changli", changli), ("jingzhou", jingzhou)):
        for fmt in ("docx", "pdf", "xlsx"):
            made[key, fmt] = render(evaluation, library, fmt)
    return made


def docx_text(content: bytes) -> str:
    document = Docx(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    # as a reader sees it: the joiners that hold figures to their units print nothing
    return without_break_marks("\n".join(parts))


# ------------------------------------------------------------------------------------------------------ xlsx
def test_workbook_holds_every_table_with_formulas_and_values(documents):
    book = openpyxl.load_workbook(io.BytesIO(documents["changli", "xlsx"].content))
    assert book.sheetnames[:2] == ["项目自评结果", "预算执行"]
    sheet = book["项目自评结果"]
    total = next(row for row in sheet.iter_rows() if row[0].value == "合计")
    assert total[3].value == "=SUM(D3:D42)"  # 40 projects, a formula a reviewer can audit
    values = openpyxl.load_workbook(io.BytesIO(documents["changli", "xlsx"].content), data_only=True)["项目自评结果"]
    assert abs(values.cell(total[3].row, 4).value - 25387.755855) < 1e-6  # and its value, for readers that do not recalculate
    assert values["C3"].value == "2022年度县级表彰项目所需资金" and values["F20"].value == "差"
    share = next(row for row in values.iter_rows() if str(row[0].value).startswith("评优率"))
    assert share[3].value == 0.925 and sheet.cell(share[3].row, 4).number_format == "0.00%"
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.paperSize == 9  # A4
    # fit to one page wide and, its 45 rows (802.5 pt) overrunning an A4 page (740 pt within its margins) by less than
    # a fifth, one page tall, shrunk a little (fitToWidth and fitToHeight are omitted when they are the default 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight is None
    assert sheet.page_setup.fitToWidth in (None, 1)
    assert sheet.print_title_rows == "$1:$2"  # the title and header rows repeat on every printed page


def test_project_table_layout_with_merged_cells_and_number_formats(documents):
    book = openpyxl.load_workbook(io.BytesIO(documents["tongcheng", "xlsx"].content))
    sheet = book["项目1"]
    assert sheet["A1"].value == "工伤病残等级鉴定费项目自评表"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A1:H1" in merged and "B2:H2" in merged  # title and 项目名称 span the table as in the form
    rate = next(row for row in sheet.iter_rows() if row[3].value and str(row[3].value).startswith("=IF("))
    assert rate[3].number_format == "0.00%" and rate[1].number_format == "#,##0.00"
    values = openpyxl.load_workbook(io.BytesIO(documents["tongcheng", "xlsx"].content), data_only=True)["项目1"]
    total = next(row for row in values.iter_rows() if row[0].value == "总分")
    assert [total[5].value, total[6].value, total[7].value] == [100, 100, "优"]
    department = book["部门整体自评表"]
    assert department["B2"].value == "通城县人力资源和社会保障局"


def test_workbook_reads_back_the_exact_evaluation(documents, tongcheng):
    book = openpyxl.load_workbook(io.BytesIO(documents["tongcheng", "xlsx"].content))
    data = book["_jixiao"]
    assert data.sheet_state == "hidden" and data["A1"].value == "jixiao-evaluation/1"
    text = "".join(row[0].value for row in data.iter_rows(min_row=2) if row[0].value)
    assert evaluation_from_data(json.loads(text)) == tongcheng


def test_text_that_looks_like_a_formula_is_escaped(library, changli):
    import msgspec

    projects = list(changli.projects)
    projects[0] = msgspec.structs.replace(projects[0], name="=HYPERLINK(\"http://evil\",\"点击\")")
    projects[1] = msgspec.structs.replace(projects[1], name="+cmd|' /C calc'!A0")
    book = openpyxl.load_workbook(io.BytesIO(render(msgspec.structs.replace(changli, projects=projects), library, "xlsx").content))
    sheet = book["项目自评结果"]
    for cell in (sheet["C3"], sheet["C4"]):
        assert cell.data_type == "s" and cell.quotePrefix  # text, marked so Excel never evaluates it
    assert sheet["C3"].value.startswith("=HYPERLINK")



def test_a_project_sheets_title_that_looks_like_a_formula_is_escaped(library, tongcheng):
    """A security test: a project named =HYPERLINK(…) titled its own sheet (项目1!A1) without the text mark."""
    import msgspec

    projects = list(tongcheng.projects)
    projects[0] = msgspec.structs.replace(projects[0], name="=HYPERLINK(\"http://evil\",\"点击\")")
    book = openpyxl.load_workbook(io.BytesIO(render(msgspec.structs.replace(tongcheng, projects=projects), library,
                                                    "xlsx").content))
    title = book["项目1"]["A1"]
    assert title.value == '=HYPERLINK("http://evil","点击")项目自评表'
    assert title.data_type == "s" and title.quotePrefix
    assert not book["项目2"]["A1"].quotePrefix  # an ordinary title is written as it was


# ------------------------------------------------------------------------------------------------------ docx
def test_report_sentences_carry_the_figures(documents):
    text = docx_text(documents["changli", "docx"].content)
    assert "年度实际支出率达99.03%" in text and "年度实际支出率达98.95%" in text  # seed 000
    assert "评优率为92.50%" in text
    assert "部门整体绩效自评结果得分98.00分，评价等级为“优”" in text  # a total to 2 places, as the tables show it
    tongcheng = docx_text(documents["tongcheng", "docx"].content)
    # a project's rate by the rate rule and its 综合得分 as a total, as the project tables and the pages show them
    assert "1、工伤病残等级鉴定费：项目全年预算数为5.00万元，执行数为5.00万元，完成预算100.00%，自评100.00分（优）。" in tongcheng
    assert "比上年2603.07万元增长8.34%" in tongcheng
    assert "“三公”经费支出21.75万元，预算34.96万元，完成预算的62.21%" in tongcheng


def test_report_sentences_state_each_figure_by_its_kinds_rule(documents, library, tongcheng):
    """A goal's scores stay as the indicator rule shows them (分值 10 分，得 10 分); an indicator's 完成率 is a rate
    (126.00%, 106.67%: 2 places, as every rate reads), not a score (126%)."""
    from jixiao.core.engine import score_evaluation
    from jixiao.core.reports import narrative

    result = score_evaluation(tongcheng, library)
    produced, _, satisfied = narrative.indicator_sentence(result.projects[0].card)
    assert "受理工伤病残等级鉴定例数目标 100 例，实际 126 例（完成率 126.00%）" in produced
    # a cost ceiling is said to be kept, not “completed” at target ÷ actual (trial 10: 126.58% read as an overrun)
    assert "项目成本控制目标 ≤5 万元，实际 5万元（在目标值以内）" in produced
    assert satisfied == "满意度指标：工伤鉴定服务对象满意度目标 ≥90%，实际 ≥96%（完成率 106.67%）。"
    project = tongcheng.projects[0]
    [cost] = [i for i in project.indicators if i.name == "项目成本控制"]
    over = msgspec.structs.replace(cost, actual="6万元")
    indicators = [over if i is cost else i for i in project.indicators]
    changed = msgspec.structs.replace(tongcheng, projects=[msgspec.structs.replace(project, indicators=indicators),
                                                          *tongcheng.projects[1:]])
    said = narrative.indicator_sentence(score_evaluation(changed, library).projects[0].card)[0]
    assert "项目成本控制目标 ≤5 万元，实际 6万元（超出目标值，完成率 83.33%）" in said
    report = docx_text(documents["tongcheng", "docx"].content)
    assert "年度目标3：落实全县农民工工资清欠，协调解决重点难点问题，维护农民工合法权益，有效促进和谐劳动关系：分值15分，得15分。" in report


def test_a_total_reads_to_2_places_in_the_sentence(library, tongcheng, changli):
    from decimal import Decimal as D

    from jixiao.core.engine import score_evaluation
    from jixiao.core.reports import narrative

    # 昌黎 states its department's total, 98 (it has no department table to score): 98.00
    assert score_evaluation(changli, library).department is None and changli.stated_score == D(98)
    assert narrative.score_sentence(None, changli.stated_score, changli.stated_grade) == \
        "部门整体绩效自评结果得分 98.00 分，评价等级为“优”。"
    # 92.7 as 92.70, 92.695 half up
    assert narrative.score_sentence(None, D("92.7"), "优") == "部门整体绩效自评结果得分 92.70 分，评价等级为“优”。"
    assert narrative.score_sentence(None, D("92.695"), None) == "部门整体绩效自评结果得分 92.70 分，评价等级为“（未填写）”。"
    card = score_evaluation(tongcheng, library).department  # 通城's department scored: 100, as 100.00
    assert card.total == 100 and narrative.score_sentence(card, None, None) == "部门整体绩效自评结果得分 100.00 分，评价等级为“优”。"


def test_docx_follows_the_official_format(documents):
    document = Docx(io.BytesIO(documents["tongcheng", "docx"].content))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [37, 35, 28, 26]
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "— " in section.footer.paragraphs[0].text
    title = document.paragraphs[0]
    assert title.runs[0].font.size.pt == 22 and title.runs[0].font.name == "方正小标宋简体"
    body = next(p for p in document.paragraphs if p.text.startswith(joining_figures("纳入2023年度部门决算")))
    assert body.runs[0].font.name == "仿宋_GB2312" and body.runs[0].font.size.pt == 16


def whole_tables(document) -> list[list[list[str]]]:
    """The rows of each table as a reader sees it: a form is written as one table per run of indicators (their
    headings a header Word repeats), the parts joined by an empty paragraph only."""
    from docx.table import Table as WordTable

    whole: list[list[list[str]]] = []
    parted = False  # the paragraphs since the last table were all empty
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            # as a reader reads a cell: without the joiners that hold its figures to their units
            rows = [[without_break_marks(c.text) for c in row.cells] for row in WordTable(element, document).rows]
            whole[-1:] = [whole[-1] + rows] if parted and whole else whole[-1:] + [rows]
            parted = True
        elif element.tag == qn("w:p") and "".join(element.itertext()):
            parted = False
    return whole


def test_docx_tables_keep_merges_and_figures(documents):
    document = Docx(io.BytesIO(documents["tongcheng", "docx"].content))
    project = next(t for t in document.tables if t.cell(0, 1).text == "工伤病残等级鉴定费")
    assert project.cell(0, 1).text == project.cell(0, 7).text  # merged across the row
    rows = next(rows for rows in whole_tables(document) if rows[0][1] == "工伤病残等级鉴定费")
    assert ["产出指标", "数量指标", "受理工伤病残等级鉴定例数", "100 例", "126 例", "5", "5", ""] in rows
    # the total weight is a weight ("100"), the total score a total score, always to 2 places ("100.00")
    assert any(r[0] == "总分" and r[5] == "100" and r[6] == "100.00" and r[7] == "优" for r in rows)


@pytest.mark.parametrize("key", ["tongcheng", "changli", "jingzhou"])
def test_libreoffice_converts_every_docx(documents, tmp_path, key):
    soffice = need("soffice")
    source = tmp_path / f"{key}.docx"
    source.write_bytes(documents[key, "docx"].content)
    result = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                             "--convert-to", "pdf", str(source), "--outdir", str(tmp_path)],
                            capture_output=True, text=True, timeout=180)
    converted = tmp_path / f"{key}.pdf"
    assert converted.exists(), result.stderr
    info = subprocess.run([need("pdfinfo"), str(converted)], capture_output=True, text=True).stdout
    assert int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))) >= 2


# ------------------------------------------------------------------------------------------------------- pdf
@pytest.mark.parametrize("key", ["tongcheng", "changli", "jingzhou"])
def test_pdf_embeds_a_cjk_font_and_renders(documents, tmp_path, key):
    path = tmp_path / f"{key}.pdf"
    path.write_bytes(documents[key, "pdf"].content)
    fonts = subprocess.run([need("pdffonts"), str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
    cjk = [line for line in fonts if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts  # emb = yes
    subprocess.run([need("pdftoppm"), "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    from PIL import Image

    image = Image.open(page).convert("L")
    assert image.getextrema()[0] < 100  # there is ink on page 1
    text = subprocess.run([need("pdftotext"), "-l", "2", str(path), "-"], capture_output=True, text=True).stdout
    assert {"tongcheng": "通城县人力资源和社会保障局", "changli": "99.03%", "jingzhou": "靖州县财政局（制）"}[key] in text


def test_a_part_the_department_left_blank_is_said_in_one_sentence_in_word_and_pdf(library, changli, tmp_path):
    """Trial 13: a report of a department without staffing figures or projects showed headings over nothing. Both
    documents now say, where the part would stand, “2023 年本部门未填报…数据。”."""
    units = [msgspec.structs.replace(u, staff_authorized=None, staff_actual=None) for u in changli.department.units]
    department = msgspec.structs.replace(changli.department, units=units, staff_authorized=None, staff_actual=None)
    blank = msgspec.structs.replace(changli, department=department, projects=[])
    # as the documents set them: no space between a figure and Chinese (2023年)
    expected = [typeset(f"2023 年本部门未填报{what}数据。") for what in ("人员编制", "项目自评", "项目绩效目标")]
    assert expected[0] == "2023年本部门未填报人员编制数据。"
    word = docx_text(render(blank, library, "docx", shape="S1").content)
    path = tmp_path / "blank.pdf"
    path.write_bytes(render(blank, library, "pdf", shape="S1").content)
    printed = without_break_marks(subprocess.run([need("pdftotext"), str(path), "-"], capture_output=True,
                                                 text=True).stdout)
    for sentence in expected:
        assert sentence in word
        assert sentence in printed.replace("\n", "")
    assert "纳入本次自评的预算单位" not in word  # no staffing sentence over figures that are not there
    # the department that did fill them in reads as before (seed 000 has staffing and a 40-project score list)
    filled = docx_text(render(changli, library, "docx", shape="S1").content)
    assert expected[0] not in filled and expected[1] not in filled and "纳入本次自评的预算单位" in filled


# ---------------------------------------------------------------------------------------------------- charts
def test_charts_draw_chinese_with_a_cjk_font():
    assert "CJK" in charts.font_family() or "Hei" in charts.font_family()
    png = charts.render(Chart("pie", "收入决算结构", ["财政拨款收入", "其他收入"], [("收入", [D("2820.06"), D("0")])]))
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    svg = charts.render(Chart("grouped_bars", "“三公”经费", ["公务接待"], [("预算数", [D("20.80")]), ("决算数", [D("15.29")])]), "svg")
    assert b"<svg" in svg


def test_typesetting_removes_spaces_between_chinese_and_figures():
    assert typeset("2023 年决算数 27081.25 万元，评优率为 92.5%。") == "2023年决算数27081.25万元，评优率为92.5%。"


# ------------------------------------------------------------------------------------------------ disclosure
def test_disclosure_package(library, jingzhou):
    package = zipfile.ZipFile(io.BytesIO(render(jingzhou, library, "zip").content))
    names = sorted(package.namelist())
    assert names == sorted(f"靖州县人力资源和社会保障局2022年度绩效自评.{ext}" for ext in ("pdf", "xlsx", "json"))
    data = json.loads(package.read(next(n for n in names if n.endswith(".json"))))
    assert data["stated_score"] == "100" and data["department"]["staff_actual"]["total"] == 40


@pytest.mark.parametrize("shape", ["S1", "S2", "S3", "S4", "S5"])
def test_every_shape_renders_for_every_seed(library, tongcheng, changli, jingzhou, shape):
    for evaluation in (tongcheng, changli, jingzhou):
        content = render(evaluation, library, "docx", shape=shape).content
        assert docx_text(content).count(evaluation.department.name) >= 1


def test_the_findings_annex(library, jingzhou):
    content = render(jingzhou, library, "docx", with_findings=True).content
    text = docx_text(content)
    assert "附件：审核发现" in text and "-18.94%" in text
    # the check in words, its code on a line of its own for citing (in brackets after the words, a narrow column
    # broke it mid-code: "（STAFF.OVE" / "R）")
    assert "评价等级存在且与得分相符\nGRADE.MISSING" in text  # read as written
    # it may break after its dot, not mid-word
    assert "GRADE.\u200bMISSING" in zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()


def test_the_annex_follows_the_signed_body_on_a_page_of_its_own(library, changli):
    """附件 after the signature (the department and date ended the whole document, under the findings table)."""
    from jixiao.io.documents import report_for
    from jixiao.io.html_report import report_html

    report = report_for(changli, library, with_findings=True)
    assert report.signed and [a.heading for a in report.annexes] == ["附件：审核发现"]
    assert all(not s.heading.startswith("附件") for s in report.sections)
    paragraphs = [p for p in Docx(io.BytesIO(render(changli, library, "docx", with_findings=True).content)).paragraphs]
    at = next(i for i, p in enumerate(paragraphs) if p.text == "附件：审核发现")
    before = [p for p in paragraphs[:at] if p.text.strip() or "w:br" in p._p.xml]
    assert 'w:type="page"' in before[-1]._p.xml and before[-2].text in (report.signed, report.date)
    page = report_html(report)
    assert page.index(f"<p class='right signed'>{report.signed}</p>") < page.index("<div class='break'></div><h2>附件")


def test_the_mof_2020_project_table_layout(library, tongcheng):
    import msgspec

    projects = [msgspec.structs.replace(p, scheme="mof-2020-project") if p.indicators else p for p in tongcheng.projects]
    book = openpyxl.load_workbook(io.BytesIO(render(msgspec.structs.replace(tongcheng, projects=projects), library, "xlsx").content),
                                  data_only=True)
    sheet = book["项目1"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[1] == "年初预算数")
    assert header[1:7] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    figures = rows[rows.index(header) + 1]
    assert figures[2:6] == [5, 5, 10, 1]  # 全年预算数 5, 执行数 5, MoF execution weight 10, rate 100%
    assert any(r[0] == "年度总体目标" for r in rows)
    hubei = openpyxl.load_workbook(io.BytesIO(render(tongcheng, library, "xlsx").content), data_only=True)["项目1"]
    assert any(row[1].value == "预算数（A）" for row in hubei.iter_rows())


def test_a_score_table_whose_rows_are_rounded_carries_the_rounding_note(library, tongcheng):
    """The total is computed at full precision while each row shows 2 places: where the rows shown do not add up to
    the total shown, the table says by how much, as Chinese financial tables do; where they add up (the seeds' tables,
    or one rounded row), no note — a new user read "可能存在尾差" under tables that added up exactly."""
    import msgspec

    from jixiao.core.engine import score_evaluation
    from jixiao.core.money import fmt_total
    from jixiao.core.reports.shapes import build_report
    from jixiao.core.reports.tables import rounding_note
    from jixiao.io.html_report import report_html

    exact = build_report(tongcheng, score_evaluation(tongcheng, library), shape="S4")
    assert [t.note for t in exact.tables if t.key.startswith("project-table-")] == [""] * 8
    assert "尾差" not in report_html(exact)
    first = tongcheng.projects[0]

    def spending(spent: str, satisfied: str | None = None):
        budget = msgspec.structs.replace(first.budget, budget_adjusted=D("3"), spent=D(spent))
        indicators = list(first.indicators)
        if satisfied is not None:  # 工伤鉴定服务对象满意度 ≥90%, 20 points
            indicators[9] = msgspec.structs.replace(indicators[9], actual=satisfied)
        project = msgspec.structs.replace(first, budget=budget, indicators=indicators)
        return msgspec.structs.replace(tongcheng, projects=[project, *tongcheng.projects[1:]])

    # one rounded row (20 × 2/3 = 13.333…, shown 13.33): the rows shown still add up to the total shown
    one = spending("2")
    assert score_evaluation(one, library).projects[0].card.execution.score == D(20) * D(2) / D(3)
    assert all(t.note == "" for t in build_report(one, score_evaluation(one, library), shape="S4").tables
               if t.key not in ("three-public", "budget"))  # which note that seed 003 records no 上年决算数, no 调整后预算
    # two rows rounded up (20 × 1/3 = 6.666… → 6.67; 20 × 89/90 = 19.777… → 19.78): their shown sum is 0.01 above
    changed = spending("1", "89%")
    result = score_evaluation(changed, library)
    card = result.projects[0].card
    four = D("0.0001")
    assert (card.execution.score.quantize(four), card.leaves()[9].score.quantize(four)) == (D("6.6667"), D("19.7778"))
    total = card.total
    note = (f"注：总分 {fmt_total(total)} 分按未经四舍五入的得分计算，各行所列得分之和为 "
            f"{fmt_total(total + D('0.01'))} 分，相差 0.01 分为四舍五入尾差。")
    report = build_report(changed, result, shape="S4")
    tables = {t.key: t for t in report.tables}
    assert tables["project-table-0"].note == note and tables["project-table-1"].note == ""
    html = report_html(report)
    assert html.count(f"<p class='table-note'>{note}</p>") == 1
    assert html.index(note) > html.index(f"{first.name}项目自评表")
    word = Docx(io.BytesIO(render(changed, library, "docx", shape="S4").content))
    # the rule itself: a stated total far from its rows is a finding, not a 尾差
    assert rounding_note([D("18.395"), D("74.735")], D("93.13"), "总分") == \
        "注：总分 93.13 分按未经四舍五入的得分计算，各行所列得分之和为 93.14 分，相差 0.01 分为四舍五入尾差。"
    assert rounding_note([D("18.4"), D("74.74")], D("95"), "总分") == ""
    assert [p.text for p in word.paragraphs].count(note) == 1  # the Word writer prints it under the table too


def test_goal_subtotals_beside_indicators_that_do_not_add_up_carry_the_tail_note(library, tongcheng):
    """S4's self-evaluation report states each goal's subtotal below the department table of its indicators: where
    the indicators shown (1.53 + 2 + 1.67 + 1 + 1 + 2 = 9.20) miss the subtotal shown (9.19), the conventional note
    follows the subtotals, in the PDF's HTML and in Word; the seed, whose scores add up, has none."""
    from jixiao.core.engine import score_evaluation
    from jixiao.core.reports.rounding import TAIL_NOTE
    from jixiao.core.reports.shapes import build_report
    from jixiao.io.html_report import report_html

    from ..core.test_rounding_tail import goal_rounded

    assert TAIL_NOTE not in report_html(build_report(tongcheng, score_evaluation(tongcheng, library), shape="S4"))
    changed = goal_rounded(tongcheng)
    html = report_html(build_report(changed, score_evaluation(changed, library), shape="S4"))
    subtotal = '得<span class="nb">9.19分</span>。'  # 年度目标 1's
    assert subtotal in html and html.count(TAIL_NOTE) == 1
    assert html.index(subtotal) < html.index(TAIL_NOTE) < html.index("（一）存在的问题和原因")
    word = Docx(io.BytesIO(render(changed, library, "docx", shape="S4").content))
    assert [p.text for p in word.paragraphs].count(TAIL_NOTE) == 1


def _section(report, heading: str):
    """The section of a report with that heading, searched through every level."""
    from jixiao.core.reports.model import Section

    stack = list(report.sections)
    while stack:
        section = stack.pop(0)
        if section.heading == heading:
            return section
        stack += [b for b in section.blocks if isinstance(b, Section)]
    raise KeyError(heading)


def test_s4_income_section_states_the_income_the_chart_draws(library, tongcheng):
    """“二、收入决算情况说明” had only its pie chart, and the report audit called it “一节没有内容”: it states the
    total and each source's amount and share, from the figures the chart draws; without income figures it says so
    and draws no chart."""
    from jixiao.core.engine import score_evaluation
    from jixiao.core.reports.model import Chart, Paragraph
    from jixiao.core.reports.shapes import build_report
    from jixiao.io.extract.audit import audit_bytes

    def income_section(evaluation):
        section = _section(build_report(evaluation, score_evaluation(evaluation, library), shape="S4"), "二、收入决算情况说明")
        return ([b.text for b in section.blocks if isinstance(b, Paragraph)],
                [(c.labels, c.series) for c in section.blocks if isinstance(c, Chart)])

    texts, charts = income_section(tongcheng)  # seed 003: 2820.06, all of it 一般公共预算
    assert texts == ["2023 年本部门收入合计 2820.06 万元，其中：一般公共预算财政拨款 2820.06 万元，占 100.00%。"]
    assert charts == [(["一般公共预算财政拨款"], [("收入", [D("2820.06")])])]
    # two sources: 2500 / 2820.06 = 88.6506…%, 320.06 / 2820.06 = 11.3494…%
    income = msgspec.structs.replace(tongcheng.income, general_public=D("2500"), carried_over=D("320.06"))
    texts, charts = income_section(msgspec.structs.replace(tongcheng, income=income))
    assert texts == ["2023 年本部门收入合计 2820.06 万元，其中：一般公共预算财政拨款 2500.00 万元，占 88.65%；"
                     "上年结转 320.06 万元，占 11.35%。"]
    assert charts == [(["一般公共预算财政拨款", "上年结转"], [("收入", [D("2500"), D("320.06")])])]
    assert income_section(msgspec.structs.replace(tongcheng, income=None)) == (["2023 年本部门未填报收入决算数据。"], [])
    # the app's own audit of the Word file no longer finds the section empty
    audit = audit_bytes("report.docx", render(tongcheng, library, "docx", shape="S4").content, library)
    assert "二、收入决算情况说明" not in [f.subject for f in audit.findings if f.code == "TEXT.EMPTY"]


def test_the_department_table_prints_each_indicators_deviation_reason(library, tongcheng):
    """A reason typed for a department indicator (年度目标 3's 农民工工资清欠案例, 250 例 planned, 317 done) is printed in
    the department table's 偏差原因 column and read back by the audit of that .docx: a new user typed one, found it in
    neither the Word file nor the PDF, and the audit of the app's own file then said its reason was “无”."""
    import msgspec

    from jixiao.io.extract.audit import audit_bytes

    reason = "年初按往年数据测算，全年实际受理317例，全部处理到位"
    goals = list(tongcheng.goals)
    indicators = list(goals[2].indicators)
    assert indicators[0].name == "农民工工资清欠案例" and not indicators[0].deviation_reason
    indicators[0] = msgspec.structs.replace(indicators[0], deviation_reason=reason)
    goals[2] = msgspec.structs.replace(goals[2], indicators=indicators)
    content = render(msgspec.structs.replace(tongcheng, goals=goals), library, "docx").content
    table = next(rows for rows in whole_tables(Docx(io.BytesIO(content))) if any(r[3] == "年初目标值（A）" for r in rows))
    header = next(r for r in table if r[3] == "年初目标值（A）")
    assert header[-2:] == ["得分", "偏差原因"]
    row = next(r for r in table if r[2] == "农民工工资清欠案例")
    assert row[7] == reason
    total = next(r for r in table if r[0] == "总分")
    assert total[7] == "优"  # the grade beside the total, as in the project tables
    unexplained = {f.location for f in audit_bytes("自评报告.docx", content, library).findings
                   if f.code == "DEVIATION.UNEXPLAINED"}
    assert "goals[2].indicators[0]" not in unexplained  # read back: the reason is there
    assert "goals[3].indicators[0]" in unexplained  # 126 人 for 100 with no reason is still found


def test_word_tables_set_figures_in_times_new_roman_with_narrow_cell_margins(library, tongcheng):
    """In LibreOffice without 宋体 the tables' figures fell back to a wide face and Word's default 1.9 mm cell
    margins left a 16 mm column 12 mm of text: "100.00" broke into "100.0" / "0" and 项目名称 after three
    characters (a trial). Figures and Latin letters are Times New Roman (as government documents set them; a machine
    without it has a face of the same widths), Chinese 宋体, and cells keep 1 mm a side, the PDF's 3 pt."""
    content = render(tongcheng, library, "docx").content
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        styles = package.read("word/styles.xml").decode()
        body = package.read("word/document.xml").decode()
    assert '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体"/>' in styles
    tables = body.count("<w:tbl>") + body.count("<w:tbl ")
    assert tables > 10 and body.count('<w:tblCellMar><w:left w:w="57" w:type="dxa"/>') == tables
    # rows are never cut by a page, and a table's header rows repeat on each page it runs on (as in the PDF)
    assert body.count("<w:tblHeader/>") >= 5 and "<w:tr><w:trPr><w:cantSplit/></w:trPr>" in body


def test_the_workbooks_findings_keep_their_codes_whole(library, jingzhou):
    """The documents let a long code break after its dot (a zero-width space); the workbook's cells, searched and
    copied, hold the code as it is."""
    content = render(jingzhou, library, "xlsx", with_findings=True).content
    sheet = openpyxl.load_workbook(io.BytesIO(content))["审核发现"]
    checks = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "\n" in c.value]
    assert any(value.endswith("\nGRADE.MISSING") for value in checks)
    assert not any("\u200b" in value for value in checks)


def test_a_section_does_not_say_nothing_before_saying_something(library, tongcheng):
    """通城 states its deviation reason as “无” and its problems at length: S1's 三、绩效目标设定质量情况 printed “无”
    and then the problems (second trial). It prints the problems; a section with neither says 无。"""
    from jixiao.io.documents import report_for

    three = next(s for s in report_for(tongcheng, library, shape="S1").sections if s.heading.startswith("三、"))
    assert [b.text for b in three.blocks] == [tongcheng.problems]
    blank = msgspec.structs.replace(tongcheng, problems="", deviation_reason="无")
    three = next(s for s in report_for(blank, library, shape="S1").sections if s.heading.startswith("三、"))
    assert [b.text for b in three.blocks] == ["无。"]


def test_a_marked_report_says_its_word_in_its_heading_once_and_its_note_under_it(library, tongcheng):
    """`mark` (the web marks a demo department's public documents 演示生成): the word after the title, the note
    the line under it, on a cover as its first line; a title that already carries the word does not say it twice."""
    from jixiao.io.documents import marked, report_for

    mark = ("演示生成", "演示用的部门，并非真实部门")
    plain = render(tongcheng, library, "html", shape="S1").content.decode()
    html = render(tongcheng, library, "html", shape="S1", mark=mark).content.decode()
    title = report_for(tongcheng, library, "S1").title
    assert "演示" not in plain and f"<h1 class='title'>{title}</h1>" in plain
    subtitle = "<p class='subtitle'>通城县人力资源和社会保障局</p>"  # S1's, as it was
    assert subtitle in plain and "<p class='note'>" not in plain
    assert f"<h1 class='title'>{title}（演示生成）</h1>{subtitle}<p class='note'>演示用的部门，并非真实部门</p>" in html
    cover = marked(report_for(tongcheng, library, "S3"), *mark).cover
    # seed 003's own title names its table (…自评表): a report is titled as the report it is
    assert tongcheng.title == "2023 年度县人社部门整体绩效自评表"
    assert cover.title == "通城县人力资源和社会保障局2023年度部门（单位）整体支出绩效评价自评报告（演示生成）"
    assert cover.lines[0] == mark
    titled = copy.deepcopy(tongcheng)  # the fixture is the session's
    titled.title = "通城县人社局2023年度自评报告（演示生成）"
    assert marked(report_for(titled, library, "S3"), *mark).cover.title == titled.title


def test_figures_are_numbered_as_the_document_shows_them(library, tongcheng, jingzhou):
    """A shape shows some of the charts in its own order: its figures read 图 1, 图 2 … (trial: an overview showed
    only 图 3 and 图 5; S5 began its figures at 图 5)."""
    from jixiao.core.checks import run_checks
    from jixiao.core.engine import score_evaluation
    from jixiao.core.reports.shapes import build_report

    numbered = {}
    for shape in ("S1", "S2", "S3", "S4", "S5"):
        for evaluation in (tongcheng, jingzhou):
            result = score_evaluation(evaluation, library)
            report = build_report(evaluation, result, run_checks(evaluation, library, result), shape=shape)
            titles = [block.title for block in report.walk() if isinstance(block, Chart)]
            assert [t.split(" ", 2)[:2] for t in titles] == [["图", str(n)] for n in range(1, len(titles) + 1)], titles
            numbered[shape, evaluation.department.name] = titles
    assert numbered["S5", "通城县人力资源和社会保障局"] == ["图 1 各部分得分"]  # its only figure (was 图 5)
    # 靖州 states no last year's total: no change chart, so its income chart is the first figure (was 图 2)
    assert numbered["S4", "靖州县人力资源和社会保障局"][:2] == ["图 1 收入决算结构", "图 2 支出决算结构"]


def test_measures_typed_on_several_lines_print_as_several_paragraphs(library, tongcheng):
    """A trial typed three numbered measures on three lines in 下一步改进措施; the PDF printed them as one run-on
    line (“1.加强预算执行监控 每月通报 2.细化绩效目标”). Each typed line is a paragraph of its own, blank lines
    dropped, in every shape that prints the measures."""
    from jixiao.core.engine import score_evaluation
    from jixiao.core.reports.model import Paragraph, Section
    from jixiao.core.reports.shapes import build_report

    typed = "1.加强预算执行监控，每月通报\n2.细化绩效目标\n\n  3.强化结果应用\n"
    evaluation = msgspec.structs.replace(tongcheng, measures=typed)
    result = score_evaluation(evaluation, library)
    seen = 0
    for shape in ("S1", "S2", "S3", "S4", "S5"):
        stack = list(build_report(evaluation, result, shape=shape).sections)
        while stack:
            section = stack.pop(0)
            stack += [b for b in section.blocks if isinstance(b, Section)]
            texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
            if "改进措施" in section.heading and texts:
                assert texts == ["1.加强预算执行监控，每月通报", "2.细化绩效目标", "3.强化结果应用"], (shape, section.heading)
                seen += 1
    assert seen >= 2
    lines = docx_text(render(evaluation, library, "docx").content).splitlines()
    assert "1.加强预算执行监控，每月通报" in lines and "2.细化绩效目标" in lines


def test_a_cells_figure_breaks_only_before_its_unit_when_the_column_is_too_narrow():
    """“2547.2077 万元” (seed 003's 农民工工资清欠涉及金额) is 7.07 ems of 9 pt text at most (Noto Serif CJK's
    figures, a point and a space, two characters): whole where a line holds that, else figure / unit, each whole."""
    from jixiao.io.typography import em_width, html_one_figure

    assert em_width("2547.2077 万元") == pytest.approx(8 * 0.56 + 0.33 + 0.26 + 2)
    assert html_one_figure("2547.2077 万元", 7.2) == '<span class="nb">2547.2077 万元</span>'
    assert html_one_figure("2547.2077 万元", 6) == '<span class="nb">2547.2077</span> <span class="nb">万元</span>'
    assert html_one_figure("2547.2077万元", 6) == '<span class="nb">2547.2077</span><wbr/><span class="nb">万元</span>'
    assert html_one_figure("2547.2077 万元", 4) == "2547.2077 万元"  # wider than the line by itself: wraps anywhere


def _alignments(content: bytes) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(text, alignment) of the body's paragraphs and of the table cells' paragraphs, an alignment from the
    paragraph's own w:jc or else its style's."""
    document = Docx(io.BytesIO(content))

    def alignment(paragraph) -> str:
        own = paragraph.paragraph_format.alignment
        chosen = own if own is not None else paragraph.style.paragraph_format.alignment
        return str(chosen).split(".")[-1].split(" ")[0] if chosen is not None else "LEFT"

    cells = [(without_break_marks(p.text), alignment(p)) for table in document.tables for row in table.rows
             for cell in row.cells for p in cell.paragraphs if p.text]
    return [(p.text, alignment(p)) for p in document.paragraphs if p.text], cells


def test_word_sets_running_text_flush_left_as_the_pdf_does(documents, tongcheng):
    """Justified, Word and LibreOffice spread every character of a Chinese line left short (its figure and unit kept
    whole on the next line): the narrative read letter-spaced (元 。 从 评 价 情 况 看 ，). No paragraph or cell is
    justified."""
    body, cells = _alignments(documents["tongcheng", "docx"].content)
    assert {align for _, align in cells} == {"LEFT", "CENTER", "RIGHT"}  # a cell's short lines
    assert ("2547.2077 万元", "LEFT") in cells
    sentence = "1、工伤病残等级鉴定费：项目全年预算数为5.00万元，执行数为5.00万元，完成预算100.00%，自评100.00分（优）。"
    assert (joining_figures(sentence), "LEFT") in body
    assert "JUSTIFY" not in {align for _, align in body}


def test_word_keeps_each_figure_with_its_unit_on_one_line(documents):
    """LibreOffice printed 通城's narrative with “2544.29 万” ending a line and “元” beginning the next: each figure
    of a sentence is now held to its unit by word joiners (as the PDF keeps them in one nowrap span)."""
    from jixiao.io.typography import _FIGURE_AND_UNIT

    content = documents["tongcheng", "docx"].content
    sentences = ["".join(p.text.split()).replace(WORD_JOINER, "") for p in Docx(io.BytesIO(content)).paragraphs]
    assert "基本支出2544.29万元" in "".join(sentences)
    parted, lines = [], 0
    for page in printed_pages(content, "docx"):
        printed = ["".join(line.split()) for line in page.splitlines() if line.strip()]
        for before, after in zip(printed, printed[1:]):
            joined, cut = before + after, len(before)
            if not any(before[-8:] + after[:8] in sentence for sentence in sentences):
                continue  # not two lines of one paragraph of running text
            lines += 1
            parted += [m.group(0) for m in _FIGURE_AND_UNIT.finditer(joined) if m.start() < cut < m.end()]
    assert lines > 50 and parted == []


def test_the_word_joiners_are_not_read_back(documents, tongcheng, library):
    """What holds a figure to its unit prints nothing and is read as nothing: reading the .docx back finds the
    sentence as the report wrote it, by either reader (the layout and the plain text)."""
    from jixiao.io.extract.readers import docx_text
    from jixiao.io.layout.docx import read_docx

    content = documents["tongcheng", "docx"].content
    assert WORD_JOINER in zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    said = "工伤病残等级鉴定费：项目全年预算数为5.00万元，执行数为5.00万元，完成预算100.00%，自评100.00分（优）。"
    read = [block.text for block in read_docx("报告.docx", content).blocks if hasattr(block, "text")]
    assert any(said in text for text in read) and not any(WORD_JOINER in text for text in read)
    assert said in docx_text(content) and WORD_JOINER not in docx_text(content)


def test_word_sets_lines_broken_by_hand_and_fill_in_lines_flush_left(tongcheng):
    from jixiao.core.reports.model import Paragraph, Report, Section
    from jixiao.io.audit_memo import SIGN_OFF, memo
    from jixiao.io.docx_writer import docx_bytes

    lines = f"{tongcheng.department.name}\n{tongcheng.year}年度"
    report = Report("S1", "自评", sections=[Section("一、概况", 1).add(Paragraph(lines))])
    body, _ = _alignments(docx_bytes(report))
    assert (joining_figures(lines), "LEFT") in body
    body, _ = _alignments(memo("report.docx", findings=[], missing=[]))
    assert (SIGN_OFF, "LEFT") in body
    # one line: 24 characters and the indent of 2 in the 27.6 a line of 三号 (16 pt) holds on 156 mm
    assert len(SIGN_OFF) + 2 <= 156 / 25.4 * 72 / 16


def test_word_and_pdf_give_the_deviation_reason_column_the_same_share_of_the_table(documents, library, tongcheng):
    """Trial 13: each writer kept its own rule for the columns' widths. Both now take the core's (widths.py): every
    column of a form — 偏差原因 among them, 11 of the project table's 109 — has the same share of the table in the
    Word document as in the PDF."""
    import re

    from jixiao.core.reports.widths import column_shares
    from jixiao.io.documents import report_for
    from jixiao.io.docx_writer import column_twips
    from jixiao.io.html_report import column_percents

    table = next(t for t in report_for(tongcheng, library).tables if t.key == "project-table-0")
    shares = column_shares(table)
    assert shares[-1] == 11 / 109 and table.body[table.heading_row][-1].value == "偏差原因"
    twips = column_twips(table)
    # each column's share the same in both, within a twip's rounding (1 of the table's 8844)
    for word, pdf, share in zip([t / sum(twips) for t in twips], column_percents(table), shares, strict=True):
        assert abs(word - share) < 0.0002 and abs(pdf / 100 - share) < 1e-12
    # and as the documents have them: the Word table's grid, the PDF's colgroup
    document = Docx(io.BytesIO(documents["tongcheng", "docx"].content))
    grids = [[int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))] for t in document.tables]
    assert twips in grids
    page = render(tongcheng, library, "html").content.decode()
    colgroups = [[float(p) for p in re.findall(r"width:([\d.]+)%", g)]
                 for g in re.findall(r"<colgroup>.*?</colgroup>", page)]
    assert [round(p, 2) for p in column_percents(table)] in colgroups
    word_share = twips[-1] / sum(twips)
    pdf_share = next(g for g in colgroups if g == [round(p, 2) for p in column_percents(table)])[-1] / 100
    assert abs(word_share - pdf_share) < 0.0005 and abs(pdf_share - 11 / 109) < 0.0001
