"""Projects from a report's tables and from its list of scores, in the assembly: tables first, the list's other
projects after them, each value's source moving with its project."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import StatedPart, StatedTotal
from jixiao.io.forms import FormReading
from jixiao.io.prose import ProseReading
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


def test_a_sentence_repeating_the_budget_tables_figures_is_the_tables_to_add_up():
    # hunan-dept-2023-pipes-goals: 支出 1481.90 | 688.40 (基本支出) | 783.50 (项目支出); the same figures again in a
    # sentence with 其中 are the table's row (SUM.SPENDING), not a second total for SUM.PROSE
    table = FormReading("department_self_evaluation", "evaluation",
                        {"budget": {"total": {"spent": "1481.90"}, "basic_expenditure": {"spent": "688.40"},
                                    "project_expenditure": {"spent": "783.50"}}})
    restated = StatedTotal(kind="sum", total=Decimal("1481.90"), unit="万元", subject="支出",
                           parts=[StatedPart(label="基本支出", value=Decimal("688.40")),
                                  StatedPart(label="项目支出", value=Decimal("783.50"))])
    other = StatedTotal(kind="sum", total=Decimal("168.20"), unit="万元", subject="年中追加预算",
                        parts=[StatedPart(label="乡村振兴衔接资金", value=Decimal("95.00")),
                               StatedPart(label="防汛抗旱经费", value=Decimal("42.50")),
                               StatedPart(label="干部培训经费", value=Decimal("26.70"))])
    assembly = Assembly(None, {})
    assembly.add_form(table)
    assembly.add_prose(ProseReading(stated_totals=[restated, other]))
    assert [t["total"] for t in assembly.data["stated_totals"]] == ["168.20"]
