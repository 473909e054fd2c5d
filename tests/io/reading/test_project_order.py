"""Projects from a report's tables and from its list of scores, in the assembly: tables first, the list's other
projects after them, each value's source moving with its project."""

from __future__ import annotations

from jixiao.io.forms import FormReading
from jixiao.io.reading.assemble import Assembly


def _table(name: str, budget: str) -> FormReading:
    return FormReading("project_self_evaluation", "project",
                       {"name": name, "budget": {"budget_adjusted": budget}, "stated_score": "95"},
                       sources={"name": f"“{name}”表第 1 行第 2 列"})


def test_projects_of_tables_come_before_those_only_a_list_names():
    listed = {"projects": [{"name": "城乡低保补助", "budget": {"budget_adjusted": "512.4"}, "stated_score": "96"},
                           {"name": "养老服务补贴", "budget": {"budget_adjusted": "88"}, "stated_score": "82"}]}
    assembly = Assembly(listed, {"projects[0]": "第 40 行", "projects[1]": "第 41 行"})
    assembly.add_form(_table("农村饮水安全工程维修养护", "64"))
    assembly.add_form(_table("养老服务补贴", "88"))  # a table of a listed project: one project, the table's cells
    assembly.add_form(_table("河道保洁", "12"))
    names = [p["name"] for p in assembly.data["projects"]]
    # a listed project a table also gives stays where the list put it, with the table's cells
    assert names == ["农村饮水安全工程维修养护", "河道保洁", "城乡低保补助", "养老服务补贴"]
    index = {n: i for i, n in enumerate(names)}
    assert assembly.sources[f"projects[{index['城乡低保补助']}]"] == "第 40 行"
    assert assembly.sources[f"projects[{index['养老服务补贴']}]"] == "第 41 行"
    assert assembly.sources[f"projects[{index['河道保洁']}].name"] == "“河道保洁”表第 1 行第 2 列"


def test_a_list_alone_keeps_its_order():
    listed = {"projects": [{"name": "城乡低保补助"}, {"name": "养老服务补贴"}]}
    assembly = Assembly(listed, {})
    assert [p["name"] for p in assembly.data["projects"]] == ["城乡低保补助", "养老服务补贴"]
