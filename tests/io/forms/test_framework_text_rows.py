"""A framework table (一级 | 二级 | 三级 | 解释 | 标准 | 分值 | 得分 | 说明) copied as text: merged level cells are written
once, and the copy pads or drops a row's blank last cells. Each row's cells go back under their columns."""

from __future__ import annotations


from jixiao.io.forms.read import read_forms
from jixiao.io.layout.read import read

TABLE = "\n".join([
    "某某县某某局部门整体支出绩效评价指标体系及评分表",
    "一级指标\t二级指标\t三级指标\t指标解释\t评分标准\t分值\t得分\t扣分说明",
    "决策（12分）\t目标设定\t绩效目标合理性\t目标是否与职能相符\t相符得满分\t4\t3\t目标衔接不够",
    "绩效指标明确性\t是否细化量化\t每有一项未量化扣0.5分\t4\t2.5\t3项指标未量化",
    "预算配置\t在职人员控制率\t在职人员数÷编制数\t≤100%得满分\t4\t4\t",
    "过程（8分）\t预算执行\t预算完成率\t实际支出÷调整后预算\t得分＝分值×完成率\t8\t7.6\t执行率95%",
    "合计\t20\t17.1",
]) + "\n"


def test_rows_short_of_their_level_cells_are_read_under_their_columns():
    [form] = [f for f in read_forms(read("评分表.txt", TABLE.encode("utf-8"))) if f.template == "framework_dmp"]
    rows = [(i["level1"], i.get("level2"), i["name"], i["weight"], i["score"]) for i in form.data["indicators"]]
    assert rows == [("决策", "目标设定", "绩效目标合理性", "4", "3"),
                    ("决策", "目标设定", "绩效指标明确性", "4", "2.5"),
                    ("决策", "预算配置", "在职人员控制率", "4", "4"),
                    ("过程", "预算执行", "预算完成率", "8", "7.6")]
