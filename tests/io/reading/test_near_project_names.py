"""A project a table reads and one a list names are one project when their names are the same but for a typo of a
long name or a table's name cut short, and exactly one listed project fits (the budget decides among several)."""

from __future__ import annotations

from jixiao.io.forms import FormReading
from jixiao.io.reading.assemble import Assembly, near_name

# seed 003: its list of projects (name, 全年预算数 万元)
LISTED = [("城乡居民养老保险征缴工作经费", "70"), ("退休人员社会化管理服务经费", "10"), ("城乡居民养老保险运行经费", "10"),
          ("城乡居民养老保险加发基础养老金", "592.62"), ("城乡居民养老保险丧葬抚恤补贴", "481.8"),
          ("城乡居民养老保险县级配套", "1785.88"),
          ("城乡居民养老保险2022年提高缴费年限养老金、丧抚费增加县级配套资金", "314")]


def _assembly() -> Assembly:
    return Assembly({"projects": [{"name": n, "budget": {"budget_adjusted": b}} for n, b in LISTED]}, {})


def _table(name: str, budget: str | None = None) -> FormReading:
    data = {"name": name, "stated_score": "100"}
    if budget:
        data["budget"] = {"budget_adjusted": budget, "spent": budget}
    return FormReading("project_self_evaluation", "project", data, sources={"name": "第 3537 行"})


def test_a_typo_in_a_long_name_is_the_same_project():
    # the table's title and 项目名称 say 社会代管理, the list 社会化管理: one character in 13
    assert near_name("退休人员社会代管理服务经费", "退休人员社会化管理服务经费")
    assembly = _assembly()
    assembly.add_form(_table("退休人员社会代管理服务经费"))
    names = [p["name"] for p in assembly.data["projects"]]
    assert len(names) == len(LISTED) and "退休人员社会化管理服务经费" in names
    assert assembly.data["projects"][names.index("退休人员社会化管理服务经费")]["stated_score"] == "100"


def test_short_names_one_character_apart_are_two_projects():
    assert not near_name("扩面征缴工作经费", "扩面征收工作经费")  # 8 characters: no character may differ
    assert not near_name("城乡居民养老保险运行经费", "城乡居民养老保险征缴经费")  # two in 12


def test_a_name_cut_short_is_the_listed_project_its_budget_names():
    # 城乡居民养老保险 begins six listed names: the table's 314 is one of them only
    assert near_name("城乡居民养老保险", "城乡居民养老保险县级配套")
    assembly = _assembly()
    assembly.add_form(_table("城乡居民养老保险", "314"))
    projects = assembly.data["projects"]
    assert len(projects) == len(LISTED)
    assert projects[-1]["name"].startswith("城乡居民养老保险2022年") and projects[-1]["stated_score"] == "100"


def test_a_name_cut_short_that_several_listed_projects_fit_stays_apart():
    assembly = _assembly()
    assembly.add_form(_table("城乡居民养老保险"))  # no budget read: which of six is not known
    assembly.add_form(_table("城乡居民养老保险运行", "10"))  # 10 is also 退休人员社会化管理服务经费's, not a prefix of it
    names = [p["name"] for p in assembly.data["projects"]]
    assert len(names) == len(LISTED) + 1 and "城乡居民养老保险" in names
    assert "城乡居民养老保险运行" not in names  # one listed name begins so: that one


def test_a_project_another_table_read_is_not_a_list_s_to_join():
    assembly = _assembly()
    assembly.add_form(_table("城乡居民养老保险县级配套", "1785.88"))
    assembly.add_form(_table("城乡居民养老保险县级配", "1785.88"))  # a second table: its own project, not the first's
    assert len(assembly.data["projects"]) == len(LISTED) + 1
