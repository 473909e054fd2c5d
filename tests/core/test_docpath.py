"""Document paths: one parser for the core, io and web (DESIGN.md, the web layer)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core import docpath
from jixiao.core.build import evaluation_from_data
from jixiao.core.errors import InputError
from jixiao.core.limits import COUNT, MONEY, WEIGHT, bound_problem
from jixiao.core.locations import describe

keys = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
steps = st.lists(st.one_of(keys, st.integers(0, 999)), min_size=1, max_size=6).filter(lambda s: isinstance(s[0], str))


@given(steps)
def test_join_and_parse_are_inverse(path_steps):
    assert docpath.parse(docpath.join(path_steps)) == tuple(path_steps)


@pytest.mark.parametrize("bad", ["", "[1]", "a..b", "a.", ".a", "a[x]", "a[1", "a b", "a.[1]", "a[-1]", "a]1["])
def test_malformed_paths_are_refused(bad):
    with pytest.raises(docpath.PathError):
        docpath.parse(bad)


def test_get_and_assign_create_what_is_missing():
    data = {"goals": [{"name": "甲"}]}
    assert docpath.get(data, "goals[0].name") == "甲"
    assert docpath.get(data, "goals[3].name") is None
    # the page's empty "new goal" slot: index 1 of a list of 1 becomes a new goal
    docpath.assign(data, "goals[1].indicators", [])
    assert data == {"goals": [{"name": "甲"}, {"indicators": []}]}
    docpath.assign(data, "goals[0].name", None)
    assert data["goals"][0] == {}
    docpath.assign(data, "department.staff_actual.total", 5)
    assert data["department"] == {"staff_actual": {"total": 5}}


def test_covers_respects_item_boundaries():
    assert docpath.covers("projects[1]", "projects[1].name")
    assert docpath.covers("projects[1]", "projects[1]")
    assert not docpath.covers("projects[1]", "projects[10].name")
    assert not docpath.covers("goals", "goals_extra")
    assert docpath.index_in("projects[3].indicators[2]", "projects") == 3
    assert docpath.index_in("projects[3].indicators[2]", "projects[3].indicators") == 2
    assert docpath.index_in("goals[3]", "projects") is None


def test_locations_read_as_chinese(tongcheng):
    assert describe("projects[0].indicators[2].actual", tongcheng) == \
        "项目“工伤病残等级鉴定费” › 指标“劳动能力鉴定申请作出相应结论时间” › 实际完成值"
    assert describe("goals[3].indicators[1]", tongcheng) == "年度目标 4 › 指标“受理劳动仲裁办案案例数”"
    assert describe("three_public_expenses.reception") == "三公经费 › 公务接待费"
    assert describe("department.units[2].staff_actual") == "单位 3 › 实有人数"
    assert describe("") == "部门整体"


@pytest.mark.parametrize("value, bound, reason", [
    ("1209.14", MONEY, None),
    ("0.763117", MONEY, None),  # seed 000's 6-decimal 万元 figure
    ("-1", MONEY, "金额（万元）不能为负数"),
    ("1000000000000", MONEY, "金额（万元）不能达到或超过 1 万亿"),  # as people read it, not 10^12
    ("1000000000", COUNT, "人数或个数不能达到或超过 10 亿"),
    ("0.1234567", MONEY, "金额（万元）最多 6 位小数"),
    ("100", WEIGHT, None),
    ("100.5", WEIGHT, "分值不能超过 100"),
    ("3.5", COUNT, "人数或个数应为整数"),
])
def test_bounds_say_why_in_chinese(value, bound, reason):
    assert bound_problem(Decimal(value), bound) == reason


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "1e9999999", "123456789012345678901234567"])
def test_the_core_refuses_numbers_no_budget_has(amount):
    data = {"year": 2023, "department": {"name": "某局"}, "projects": [{"name": "甲", "budget": {"spent": amount}}]}
    with pytest.raises(InputError) as raised:
        evaluation_from_data(data)
    assert raised.value.problems[0].path == "projects[0].budget.spent"


def test_clearing_a_field_leaves_no_empty_objects_and_creates_none():
    data = {"units": [{"name": "本级", "staff_actual": {"total": 5}}]}
    docpath.assign(data, "units[0].staff_authorized.total", None)  # nothing there: nothing made
    assert data == {"units": [{"name": "本级", "staff_actual": {"total": 5}}]}
    docpath.assign(data, "units[0].staff_actual.total", None)
    assert data == {"units": [{"name": "本级"}]}
    docpath.remove(data, "units[0].name")
    assert data == {"units": [{}]}  # list items stay: their place is their identity


def test_overlapping_any_is_overlaps_asked_of_each_path():
    from jixiao.core.docpath import overlapping_any, overlaps

    locations = ["", "projects", "projects[1]", "projects[1].name", "projects[10]", "goals[0].indicators[2].target",
                 "goals", "budget.total"]
    for paths in (["projects[1]"], ["goals[0].indicators", "budget"], ["projects[1].name"], [""], []):
        overlapping = overlapping_any(paths)
        assert [overlapping(x) for x in locations] == [any(overlaps(x, p) for p in paths) for x in locations]
