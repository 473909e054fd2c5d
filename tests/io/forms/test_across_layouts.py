"""The same form read the same way whatever separated its cells (tabs, runs of spaces, "|", markdown, a Word table):
what bench/accuracy.py's crossed group measures, on small documents written here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.io.extract.report_text import extract
from jixiao.io.extract.text_source import SourceText
from jixiao.io.forms import read_forms
from jixiao.io.layout import read
from tests.reading.fixtures.authoring import Para, Table, flatten, write_docx
from tests.reading.fixtures.layouts import framework, national_project

TEXT = ("tabs", "spaces", "pipes", "markdown")

# An Anhui-style project table: 分值 after the values, the 总分 row's 分值 cell left blank and its score under 得分.
PROJECT = dict(
    name="农村饮水安全工程维修养护", dept="青川县水利局", year=2023, code="507",
    funds=dict(initial=60, adjusted=64, spent=63.2),
    expected="维修农村供水工程，保障供水。", achieved="维修供水工程 42 处，供水正常。",
    indicators=[
        ("产出指标", "数量指标", "维修供水工程处数", "≥40处", "42处", 30, 30, ""),
        ("产出指标", "质量指标", "维修验收合格率", "100%", "100%", 20, 20, ""),
        ("效益指标", "社会效益指标", "农村供水保障程度", "有效保障", "达成预期指标", 30, 26.5, ""),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "93%", 10, 10, ""),
    ],
)


def _read_text(blocks: list, style: str):
    extension = ".md" if style == "markdown" else ".txt"
    return read(f"crossed-{style}{extension}", flatten(blocks, style).encode("utf-8"))


@pytest.mark.parametrize("style", TEXT + ("docx",))
def test_a_total_row_with_its_weight_cell_blank_gives_the_score(style, tmp_path):
    # 总分 | (分值 blank) | 96.38 | (remarks blank): 9.88 for execution (63.2 ÷ 64) + 30 + 20 + 26.5 + 10 = 96.38
    blocks = national_project(PROJECT, "anhui")
    if style == "docx":
        write_docx(blocks, tmp_path / "p.docx")
        layout = read("p.docx", (tmp_path / "p.docx").read_bytes())
    else:
        layout = _read_text(blocks, style)
    (reading,) = read_forms(layout)
    assert reading.data["stated_score"] == "96.38"
    assert not any("分不清" in u for u in reading.unread)


FRAMEWORK = {"framework": [
    ("A 决策", "A1 目标设定", "A11 目标合理性", 8, 7, "目标与职能是否相符", "相符得满分", "三定方案"),
    ("A 决策", "A1 目标设定", "A12 指标明确性", 7, 7, "指标是否量化", "量化得满分", "申报表"),
    ("A 决策", "A2 资金投入", "A21 预算编制", 5, 4, "编制是否规范", "规范得满分", "预算批复"),
    ("B 绩效", "B1 产出", "B11 完成率", 50, 45.5, "完成 ÷ 计划", "按比例得分", "监测成果"),
    ("B 绩效", "B2 效果", "B21 满意度", 30, 28, "问卷满意度", "按比例得分", "问卷"),
]}


@pytest.mark.parametrize("style", TEXT)
def test_a_framework_table_copied_as_text_gets_its_merged_level_cells_back(style):
    # the level-1 and level-2 cells are merged down in Word; a text copy writes each once, so rows lack them
    layout = _read_text([Para("部门整体支出绩效评价指标体系"), framework(FRAMEWORK)], style)
    (reading,) = [r for r in read_forms(layout) if r.template == "framework_dmp"]
    rows = [(i["level1"], i["level2"], i["name"], i["weight"], i.get("score")) for i in reading.data["indicators"]]
    assert rows == [("A 决策", "A1 目标设定", "A11 目标合理性", "8", "7"),
                    ("A 决策", "A1 目标设定", "A12 指标明确性", "7", "7"),
                    ("A 决策", "A2 资金投入", "A21 预算编制", "5", "4"),
                    ("B 绩效", "B1 产出", "B11 完成率", "50", "45.5"),
                    ("B 绩效", "B2 效果", "B21 满意度", "30", "28")]
    assert reading.rows_read == reading.rows_total == 5


LIST = [Para("二、项目支出绩效自评情况"),
        Table([["序号", "主管部门（单位）", "项目名称", "预算金额（调整后，万元）", "自评得分", "自评等级"],
               ["1", "青川县民政局", "城乡低保补助", "512.40", "96", "优"],
               ["2", "青川县民政局", "养老服务补贴", "88.00", "82", "良"]]),
        Para("自评结果：优1个、良1个。")]


@pytest.mark.parametrize("style", TEXT)
def test_a_project_list_in_any_text_separator_keeps_its_cells(style):
    source = SourceText(flatten(LIST, style), "list.txt")
    rows = [p.text.split("\t") for p in source.paragraphs if "\t" in p.text]
    assert rows[1] == ["1", "青川县民政局", "城乡低保补助", "512.40", "96", "优"]
    projects = extract(source).evaluation.projects
    assert [(p.name, p.budget.budget_adjusted, p.stated_score, p.stated_grade) for p in projects] == [
        ("城乡低保补助", Decimal("512.40"), Decimal("96"), "优"), ("养老服务补贴", Decimal("88.00"), Decimal("82"), "良")]


def test_a_sentence_with_a_wide_gap_is_not_a_table_row():
    source = SourceText("本年度共开展绩效自评项目8个，  全部按时完成。\n", "p.txt")
    assert [p.text for p in source.paragraphs] == ["本年度共开展绩效自评项目8个，全部按时完成。"]

