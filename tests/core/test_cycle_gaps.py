"""自评偏差: self score − bureau score per indicator, per part and in total, a bureau score's bounds, and the years."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.cycle.gaps import (
    IndicatorGap,
    history,
    part_of,
    report,
    restated,
    score_problem,
    total,
)

D = Decimal


def gap(path: str, weight: str, self_score: str | None, bureau: str | None, name: str = "") -> IndicatorGap:
    part = part_of(path)
    return IndicatorGap(path, part, "部门整体" if not part else f"项目{part}", name or path, D(weight),
                        None if self_score is None else D(self_score), None if bureau is None else D(bureau))


def test_an_indicator_gap_is_self_minus_bureau():
    row = gap("projects[0].indicators[1]", "5", "5", "3.5")
    # the indicator's own scores by the indicator rule, the gap always to 2 places like every gap and sum of gaps
    assert row.gap == D("1.5") and row.explanation() == "自评 5 − 复核 3.5 = 1.50"
    assert (row.shown_weight, row.shown_self, row.shown) == ("5", "5", "1.50")
    assert gap("goals[0].indicators[0]", "5", "4", "4").shown == "0.00"
    assert gap("goals[0].indicators[0]", "2", "1", "2").gap == -1  # the department under-scored itself
    assert gap("goals[0].indicators[0]", "2", "2", None).gap is None
    assert gap("goals[0].indicators[0]", "2", None, "1").explanation() == "自评未评分，无法计算偏差"


def test_a_gap_is_the_exact_difference_rounded_once_and_says_where_the_figures_shown_miss_it():
    """A score kept to 4 places is shown to 2 (the department's table states its scores so); the gap shown is the
    exact difference rounded once (RULES.md §8), and a part's sums are the exact scores added, rounded once. Where
    the figures shown subtract or add to the figure shown, the sentence is the equation; where rounding each on its
    own makes them miss it by a cent, the sentence says so (尾差) instead of an equation that does not hold."""
    row = gap("projects[0].indicators[1]", "10", "5.1571", "3.5")
    assert row.explanation() == "自评 5.16 − 复核 3.5 = 1.66"
    assert (row.shown_self, row.shown_bureau, row.shown) == ("5.16", "3.5", "1.66") and row.gap == D("1.6571")
    # 5.1549 − 3.0051 is 2.1498 exactly: 2.15, although the row shows 5.15 and 3.01
    row = gap("projects[0].indicators[1]", "10", "5.1549", "3.0051")
    assert row.shown == "2.15" and row.gap == D("2.1498")
    assert row.explanation() == ("自评 5.15，复核 3.01，自评偏差 2.15（各项得分四舍五入保留两位小数，自评偏差按未舍入的"
                                 "得分计算，与所列两数之差存在尾差）")
    # as the database returns them (4 places, trailing zeros): written as the indicator rule writes them
    assert gap("goals[0].indicators[0]", "5", "4.5000", "3.0000").explanation() == "自评 4.5 − 复核 3 = 1.50"
    # a computed score not yet stored (85/6 = 14.1666…) is rounded once, like any other
    computed = IndicatorGap("goals[0].indicators[0]", "", "部门整体", "x", D(15), D(85) / D(6), D("3.00005"))
    assert computed.explanation() == "自评 14.17 − 复核 3 = 11.17"
    # the department's 6.1571, 3.7, 4.6947, 8 are 22.5518 (22.55), the bureau's 18.5518 (18.55): 4.00 apart, and
    # the rows' figures add up to the sums shown (6.16 + 3.7 + 4.69 + 8 = 22.55): no 尾差
    found = report([gap("projects[0].indicators[0]", "10", "6.1571", "5.1571"),
                    gap("projects[0].indicators[1]", "5", "3.7", "2.7"),
                    gap("projects[0].indicators[2]", "5", "4.6947", "2.6947"),
                    gap("projects[0].indicators[3]", "10", "8", "8")])
    assert [r.shown for r in found.rows] == ["1.00", "1.00", "2.00", "0.00"]
    assert found.sum.explanation() == "已复核 4/4 项：自评 22.55 − 复核 18.55 = 4.00"
    assert (found.sum.shown_self, found.sum.shown_bureau, found.sum.shown) == ("22.55", "18.55", "4.00")
    assert not found.parts[0].tail and not found.sum.tail
    # the sums' gap is the exact 3.8069 rounded (3.81), not the rows' 1.66 + 2.15 = 3.81 nor 10.31 − 6.51 = 3.80:
    # the sums 10.3120 and 6.5051 shown 10.31 and 6.51 subtract to 3.80, so the sentence says the 尾差
    found = report([gap("projects[0].indicators[0]", "10", "5.1571", "3.5"),
                    gap("projects[0].indicators[1]", "10", "5.1549", "3.0051")])
    assert found.sum.explanation() == ("已复核 2/2 项：自评 10.31，复核 6.51，自评偏差 3.81（各项得分四舍五入保留两位"
                                       "小数，自评偏差按未舍入的得分计算，与所列两数之差存在尾差）")
    assert [r.shown for r in found.rows] == ["1.66", "2.15"] and found.sum.shown == "3.81"
    assert found.parts[0].sum.shown == "3.81" and found.parts[0].tail and found.sum.tail
    assert found.sum.gap == D("3.8069") and found.project_gaps() == {"项目projects[0]": D("3.8069")}  # exact, kept
    assert found.project_shown_gaps() == {"项目projects[0]": D("3.81")}


def test_a_tables_rows_that_miss_its_sums_shown_carry_the_tail_note():
    """The 2023 department table of 市场监督管理局 (the full demo's, generated for 通城): four rows scored by formula,
    1.925667…, 1.955271…, 1.031578…, 3.777777… (shown 1.93, 1.96, 1.03, 3.78), beside round ones, its 28 rows adding
    up to 70.270295… (70.27) where the rows shown add to 70.28. Rescored to 55.50, its 自评偏差 is 14.77 — the
    exact 14.770295… rounded once, the figure its total's 89.11 − 74.34 gives on every other page — the sums'
    equation holds (70.27 − 55.50 = 14.77), and the table says that its rows shown miss its sum by a 尾差."""
    scores = ["3", "3", "1.2", "2", "2.1", "1.4", "5", "1.925667351129363449691991786", "3", "2", "2", "2.1", "1.4",
              "5", "3", "3", "2", "2", "3", "1.4", "5", "1.955271565495207667731629393", "1.98",
              "1.031578947368421052631578947", "2", "3", "2", "3.777777777777777777777777778"]
    bureau = ["2", "2", "1.5", "1.5", "2", "1.5", "3.5"] * 4
    bureau[-1] = "3"
    found = report([gap(f"goals[{i // 7}].indicators[{i % 7}]", "5", s, b)
                    for i, (s, b) in enumerate(zip(scores, bureau))])
    part = found.department
    assert sum((D(s).quantize(D("0.01")) for s in scores), D(0)) == D("70.28")  # the rows as shown, added
    assert (part.sum.shown_self, part.sum.shown_bureau, part.sum.shown) == ("70.27", "55.50", "14.77")
    assert part.sum.explanation() == "已复核 28/28 项：自评 70.27 − 复核 55.50 = 14.77"
    assert part.tail and not part.sum.tail


def test_parts_and_the_total_add_only_what_both_scored():
    rows = [gap("goals[0].indicators[0]", "2", "2", "1"), gap("goals[0].indicators[1]", "2", "2", None),
            gap("projects[0].indicators[0]", "5", "5", "3.5"), gap("projects[0].indicators[1]", "10", "10", "10"),
            gap("projects[3].indicators[0]", "20", "20", "0")]
    found = report(rows)
    assert [(p.part, p.sum.gap, p.sum.compared, p.sum.indicators) for p in found.parts] == [
        ("", D(1), 1, 2), ("projects[0]", D("1.5"), 2, 2), ("projects[3]", D(20), 1, 1)]
    assert found.sum.gap == D("22.5") and found.sum.explanation() == "已复核 4/5 项：自评 37.00 − 复核 14.50 = 22.50"
    assert (found.sum.shown_self, found.sum.shown_bureau, found.sum.shown) == ("37.00", "14.50", "22.50")
    assert [p.sum.shown for p in found.parts] == ["1.00", "1.50", "20.00"]
    assert found.project_gaps() == {"项目projects[0]": D("1.5"), "项目projects[3]": D(20)}
    assert total([gap("goals[0].indicators[0]", "2", "2", None)]).gap is None
    # the risk rule's table: the most overrated one (20 points on projects[3]), never the 22.5 of all tables added
    assert found.most_overrated().part == "projects[3]" and found.most_overrated().sum.gap == D(20)
    assert report([gap("goals[0].indicators[0]", "2", "2", None)]).most_overrated() is None


def test_a_bureau_score_lies_between_zero_and_the_weight():
    assert score_problem(D(0), D(5)) is None
    assert score_problem(D(5), D(5)) is None
    assert score_problem(D("5.0001"), D(5)) == "复核得分应在 0 到 5 分（该指标的分值）之间"
    assert score_problem(D("-0.0001"), D(5)) is not None
    assert score_problem(D("NaN"), D(5)) is not None


def test_part_of_a_path():
    assert part_of("projects[12].indicators[3]") == "projects[12]"
    assert part_of("goals[2].indicators[0]") == "" and part_of("indicators[0]") == ""


def test_the_history_runs_oldest_first():
    older = report([gap("goals[0].indicators[0]", "2", "2", "0")])
    newer = report([gap("goals[0].indicators[0]", "2", "2", "1.5")])
    assert [(y.year, y.sum.gap) for y in history([(2023, newer), (2021, older)])] == [(2021, 2), (2023, D("0.5"))]


def test_each_table_is_totalled_on_its_own_and_says_what_it_sums():
    """The department's 2-point indicator and a project's 10-point one are on different 100s: each part has its total,
    labelled; the parts are never one figure (the whole `sum` is the risk rule's, kept apart)."""
    found = report([gap("goals[0].indicators[0]", "2", "2", "1"), gap("projects[0].indicators[0]", "10", "10", "6"),
                    gap("projects[0].indicators[1]", "10", "8", None)])
    assert found.department.sum.shown == "1.00" and [p.sum.shown for p in found.projects] == ["4.00"]
    assert found.department.label == "部门整体自评偏差合计（部门整体自评表，满分 100 分，只计本表指标）"
    assert found.projects[0].title == "项目“项目projects[0]”"
    assert found.projects[0].label == "项目“项目projects[0]”自评偏差合计（该项目自评表，满分 100 分，只计本表指标）"
    assert found.projects[0].sum.explanation() == "已复核 1/2 项：自评 10.00 − 复核 6.00 = 4.00"
    years = history([(2023, found), (2022, report([gap("projects[1].indicators[0]", "5", "5", "5")]))])
    assert [(y.year, [p.title for p in y.compared]) for y in years] == [
        (2022, ["项目“项目projects[1]”"]), (2023, ["部门整体", "项目“项目projects[0]”"])]


def test_a_department_indicator_restating_a_projects_is_the_projects():
    """A department's goal copying a project's indicator (the same kind and name; where projects share the name, the
    one stating the same values) is listed once, in the project's table; a department indicator of its own, or a name
    the project gives another kind, stays the department's."""
    same = ("100%", "100%")
    rows = [("goals[0].indicators[0]", "", "部门整体", ("output", "quantity", "农民工工资清欠案例"), ("250 例", "317 例")),
            ("goals[0].indicators[1]", "", "部门整体", ("output", "quality", "服务对象满意度"), ("≥90%", "≥96%")),
            ("goals[0].indicators[2]", "", "部门整体", ("output", "quantity", "工作完成合格率"), same),
            ("goals[0].indicators[3]", "", "部门整体", ("output", "cost", "农民工工资清欠涉及金额"),
             ("2547.2077 万元", "2547.2077 万元")),
            ("projects[0].indicators[0]", "projects[0]", "清欠经费", ("output", "quantity", "农民工工资清欠案例"),
             ("250 例", "317 例")),
            ("projects[0].indicators[1]", "projects[0]", "清欠经费", ("output", "cost", "农民工工资清欠涉及金额"),
             ("2547.2077万元", "2547.2077万元")),  # spaces aside, the same
            ("projects[1].indicators[0]", "projects[1]", "档案费", ("output", "quantity", "工作完成合格率"), same),
            ("projects[2].indicators[0]", "projects[2]", "招聘费", ("output", "quantity", "工作完成合格率"), same),
            ("projects[2].indicators[1]", "projects[2]", "招聘费", ("satisfaction", "quality", "服务对象满意度"),
             ("≥90%", "≥96%"))]
    assert restated(rows) == {"goals[0].indicators[0]": "清欠经费", "goals[0].indicators[2]": "档案费",
                              "goals[0].indicators[3]": "清欠经费"}


def test_an_indicator_every_project_has_restates_the_one_stating_the_same_values():
    """市场监督管理局 2023 (the full demo's, generated for 通城): each of its four goals copies one project's seven
    indicators, 资金拨付及时率, 项目成本控制 and 长效管理机制 among them in every project. Goal 2's 资金拨付及时率
    states 95 %, 特种设备's, not 食品安全's 57 %; its 长效管理机制 (长期, 部分达成) states what three projects state,
    and is 特种设备's, the project its goal's other rows restate."""
    projects = {"食品安全抽检监测": [("资金拨付及时率", "≥95%", "57%"), ("长效管理机制", "长期", "部分达成"),
                                 ("完成食品安全抽检批次", "1938 批次", "2027 批次")],
                "特种设备安全监察": [("资金拨付及时率", "≥95%", "95%"), ("长效管理机制", "长期", "部分达成"),
                                 ("检验特种设备台数", "2435 台", "1563 台")],
                "市场主体登记服务": [("资金拨付及时率", "≥95%", "97%"), ("长效管理机制", "长期", "部分达成"),
                                 ("新登记市场主体户数", "3889 户", "4115 户")]}
    rows = []
    for goal, project in enumerate(projects.values()):
        rows += [(f"goals[{goal}].indicators[{i}]", "", "部门整体", ("output", "x", name), (target, actual))
                 for i, (name, target, actual) in enumerate(project)]
    for index, (project, indicators) in enumerate(projects.items()):
        rows += [(f"projects[{index}].indicators[{i}]", f"projects[{index}]", project, ("output", "x", name),
                  (target, actual)) for i, (name, target, actual) in enumerate(indicators)]
    found = restated(rows)
    assert [found[f"goals[{goal}].indicators[{i}]"] for goal in range(3) for i in range(3)] == \
        ["食品安全抽检监测"] * 3 + ["特种设备安全监察"] * 3 + ["市场主体登记服务"] * 3
    # a name one project has is its, whatever the copy states (seed 003's department rewrites a target: ≥90% for
    # its project's ≥96%); a name two projects share, neither stating the row's values nor its goal telling, is none's
    food = ("projects[0].indicators[0]", "projects[0]", "食品安全抽检监测", ("output", "x", "资金拨付及时率"),
            ("≥95%", "60%"))
    lone = ("goals[0].indicators[0]", "", "部门整体", ("output", "x", "资金拨付及时率"), ("≥90%", "57%"))
    assert restated([lone, food]) == {"goals[0].indicators[0]": "食品安全抽检监测"}
    special = ("projects[1].indicators[0]", "projects[1]", "特种设备安全监察", food[3], ("≥95%", "95%"))
    assert restated([lone, food, special]) == {}
