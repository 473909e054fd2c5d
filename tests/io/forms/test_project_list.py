"""The project score list (S1's 项目自评得分清单: 序号 | 主管部门（单位） | 项目名称 | 预算金额 | 自评得分 | 自评等级), read
by its header words in every separator convention. Rows are the seed-000 (昌黎) report's first ones and its 0-point
project."""

from __future__ import annotations

import pytest

from jixiao.io.extract.audit import audit_bytes
from jixiao.io.forms import read_forms
from jixiao.io.layout import read
from jixiao.io.reading.assemble import same_name

HEADER = ["序号", "主管部门（单位）", "项目名称", "预算金额（调整后，万元）", "自评得分", "自评等级"]
ROWS = [["1", "昌黎县人力资源和社会保障局", "2022年度县级表彰项目所需资金", "18.71", "98", "优"],
        ["2", "昌黎县人力资源和社会保障局", "日常办公办案经费", "1.5238", "96", "优"],
        ["3", "昌黎县职业技术培训中心", "下达2023年学生资助中央补助经费(免学费)", "1.00", "0", "差"],
        ["4", "昌黎县职业技术培训中心", "中等职业学校助学金县级配套资金", "0.10", "98", "优"]]
INTRO = "昌黎县人力资源和社会保障局2023年度部门整体支出绩效自评报告\n二、项目自评结果\n"


def _text(kind: str) -> str:
    rows = [HEADER] + ROWS
    if kind == "spaces":
        return INTRO + "\n".join("    ".join(r) for r in rows)
    if kind == "markdown":
        lines = ["| " + " | ".join(r) + " |" for r in rows]
        return INTRO + "\n".join([lines[0], "|" + "---|" * len(HEADER)] + lines[1:])
    if kind == "run_together":
        return INTRO + "\n".join("".join(r) for r in rows)
    return INTRO + "\n".join(c for r in rows for c in r)  # one cell per line


@pytest.mark.parametrize("kind", ["spaces", "markdown", "cell_per_line", "run_together"])
def test_the_list_is_read_in_every_separator(kind):
    readings = [r for r in read_forms(read(f"list-{kind}.txt", _text(kind).encode())) if r.template == "project_score_list"]
    assert len(readings) == 1 and (readings[0].rows_read, readings[0].rows_total) == (4, 4)
    projects = readings[0].data["projects"]
    assert [p["name"] for p in projects] == [r[2] for r in ROWS]
    assert [p["implementing_unit"] for p in projects] == [r[1] for r in ROWS]
    assert [p["budget"]["budget_adjusted"] for p in projects] == [r[3] for r in ROWS]
    assert [(p["stated_score"], p["stated_grade"]) for p in projects] == [(r[4], r[5]) for r in ROWS]


def test_a_listed_project_scoring_zero_is_found(library):
    audit = audit_bytes("list.txt", _text("markdown").encode(), library)
    # the audit names a project as its first reading does (the narrative writes brackets full-width): the same name
    names = [p.name for p in audit.evaluation.projects]
    assert len(names) == len(ROWS) and all(same_name(n, r[2]) for n, r in zip(names, ROWS)), names
    assert [f.stated for f in audit.findings if f.code == "ZERO.PROJECT"] == ["0"]


def test_a_project_form_is_no_list():
    # 项目名称, 得分 and 自评等级 are all in a project table, but not as one header row: no list is read there
    text = "项目名称\t职业技能提升培训\n主管部门\t示例县人力资源和社会保障局\n总分\t100\t91\n自评等级\t良\n得分\t91"
    assert [r.template for r in read_forms(read("form.txt", text.encode()))
            if r.template == "project_score_list"] == []


def test_a_name_wrapped_in_its_cell_is_the_same_name():
    assert same_name("调整下达 2023 年中央就业补助 资金", "调整下达2023年中央就业补助资金")
    assert same_name("下达2023年学生资助中央补助经费(免学费)", "下达2023年学生资助中央补助经费（免学费）")
    assert not same_name("城乡居民丧葬补助金", "城乡居民基本养老保险一次性丧葬补助金")


def test_a_run_together_row_whose_unit_lists_no_other_project_is_not_read():
    # the unit's name ends at 局 or 中心, but no other row shows where: 2 of 3 rows read, the third said not read
    rows = [HEADER] + ROWS[:3]
    readings = [r for r in read_forms(read("list.txt", (INTRO + "\n".join("".join(r) for r in rows)).encode()))
                if r.template == "project_score_list"]
    assert (readings[0].rows_read, readings[0].rows_total) == (2, 3)
    assert any("无法唯一切分" in u for u in readings[0].unread)


def test_a_list_across_a_page_break_with_a_misread_page_number_and_names():
    # the page number "— 1 —" read as "— l —", a year 2O23 in a name: the list goes on, the names are one
    text = INTRO + "\n".join(["\t".join(HEADER), "\t".join(ROWS[0]), "\t".join(ROWS[1]), "— l —",
                              "昌黎县人力资源和社会保障局2023年度部门整体支出绩效自评报告",
                              "\t".join(ROWS[2]).replace("2023", "2O23"), "\t".join(ROWS[3])])
    from jixiao.io.scheme_files import load_library

    audit = audit_bytes("list.txt", text.encode(), load_library())
    names = [p.name for p in audit.evaluation.projects]
    assert len(names) == len(ROWS) and all(same_name(a, r[2]) for a, r in zip(names, ROWS))
    assert names[2].startswith("下达2023年")
