"""Schemes are data: the shipped files load and validate; a broken file is refused with a path and a line; a new
province is a new file."""

from decimal import Decimal as D

import pytest

from jixiao.core.errors import SchemeError
from jixiao.io.scheme_files import load_library


def test_shipped_schemes_carry_the_published_weights(library):
    mof = library.scheme("mof-2020-project")
    assert mof.execution.weight == D(10)
    assert {c.key: c.weight for c in mof.categories} == {"output": D(50), "outcome": D(30), "satisfaction": D(10)}
    hubei = library.scheme("hubei-project")
    assert (hubei.execution.weight, hubei.indicators_total) == (D(20), D(80))
    dmp = library.scheme("yunnan-department-dmp")
    assert [(n.code, n.weight) for n in dmp.framework] == [("A", D(35)), ("B", D(20)), ("C", D(45))]
    assert [n.weight for n in dmp.framework[0].children] == [D(12), D(10), D(13)]
    assert [n.weight for n in dmp.framework[1].children] == [D(7), D(6), D(2), D(2), D(3)]
    for scheme in library.schemes.values():
        assert scheme.total_weight == D(100), scheme.id


def test_mof_tiers_are_100_80_60(library):
    tiers = {t.key: (t.low, t.high) for t in library.scheme("mof-2020-project").tiers}
    assert tiers == {"achieved": (D(80), D(100)), "partial": (D(60), D(80)), "not_achieved": (D(0), D(60))}


def test_grade_scales(library):
    mof = library.grade_scale("grades-90-80-60")
    assert [mof.grade_of(D(s)).name for s in ("100", "90", "89.99", "80", "60", "59.99", "0")] == \
        ["优", "优", "良", "良", "中", "差", "差"]
    county = library.grade_scale("grades-85-75-60")
    assert [county.grade_of(D(s)).name for s in ("85", "84.99", "75", "60", "59")] == ["优秀", "良好", "良好", "一般", "较差"]


GRADES = "id: g\nkind: grade_scale\nname: g\nexcellent: 优\nbands: [{name: 优, min: 90}, {name: 差, min: 0}]\n"


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


def test_a_new_province_is_a_new_file(tmp_path):
    _write(tmp_path, "grades.yaml", GRADES)
    _write(tmp_path, "anhui.yaml", """\
id: anhui-project
kind: scheme
name: 安徽项目自评（示例）
applies_to: project
grade_scale: g
execution: {weight: 15}
indicators_total: 85
categories: [{key: output, name: 产出指标}, {key: outcome, name: 效益指标}]
tiers:
  - {key: achieved, name: 达成, low: 80, high: 100}
  - {key: partial, name: 部分达成, low: 50, high: 80}
  - {key: not_achieved, name: 未达成, low: 0, high: 50}
""")
    library = load_library(tmp_path)
    scheme = library.scheme("anhui-project")
    assert scheme.total_weight == D(100) and scheme.tier("partial").low == D(50)
    assert "mof-2020-project" in library.schemes  # the shipped ones are still there


@pytest.mark.parametrize("body, path, words", [
    ("tiers: [{key: achieved, name: a, low: 80, high: 100}, {key: partial, name: b, low: 50, high: 70},"
     " {key: not_achieved, name: c, low: 0, high: 50}]", "tiers", "下限"),
    ("execution: {weight: 20}\nindicators_total: 80\ncategories: [{key: output, name: 产出, weight: 50},"
     " {key: outcome, name: 效益, weight: 20}]", "categories", "不等于指标总分"),
    ("framework: [{code: A, name: 决策, weight: 35, children: [{code: A1, name: x, weight: 30, method: judgement}]}]",
     "framework[0].weight", "下级分值之和"),
    ("framework: [{code: A, name: 决策, weight: 3, method: checklist, criteria: [{text: ①, points: 2}]}]",
     "framework[0].criteria", "评分细则分值之和"),
    ("framework: [{code: A, name: x, weight: 3, method: thresholds, formula: staff.control_rate, rule: nope}]",
     "framework[0].rule", "没有名为"),
    ("execution: {weight: abc}", "execution.weight", "不是有效的数字"),
])
def test_broken_schemes_are_refused_with_path_line_and_reason(tmp_path, body, path, words):
    _write(tmp_path, "grades.yaml", GRADES)
    _write(tmp_path, "broken.yaml", f"id: broken\nkind: scheme\nname: x\napplies_to: project\ngrade_scale: g\n{body}\n")
    with pytest.raises(SchemeError) as caught:
        load_library(tmp_path)
    problem = caught.value.problems[0]
    assert problem.path == path and words in problem.message
    assert problem.line is not None and problem.line >= 6
    assert "broken.yaml" in str(caught.value)


def test_a_scheme_naming_an_unknown_grade_scale_is_refused(tmp_path):
    _write(tmp_path, "s.yaml", "id: s\nkind: scheme\nname: s\napplies_to: project\ngrade_scale: nowhere\n")
    with pytest.raises(SchemeError, match="nowhere"):
        load_library(tmp_path)


def test_unknown_scheme_names_the_known_ones(library):
    with pytest.raises(SchemeError, match="mof-2020-project"):
        library.scheme("guangdong-2030")
