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


def test_a_gap_is_that_of_the_scores_as_shown_and_adds_up_by_hand():
    """A score kept to 4 places is shown to 2 (the department's table states its scores so); the gap shown is the
    difference of the figures shown, and a part's sums are the sums of its rows' figures, so that every sentence and
    every column checks by hand. The exact gap is kept for the risk rule."""
    row = gap("projects[0].indicators[1]", "10", "5.1571", "3.5")
    assert row.explanation() == "自评 5.16 − 复核 3.5 = 1.66"
    assert (row.shown_self, row.shown_bureau, row.shown) == ("5.16", "3.5", "1.66") and row.gap == D("1.6571")
    # 5.1549 − 3.0051 is 2.1498 exactly (2.15), but the row shows 5.15 and 3.01: its gap reads 2.14, as they give
    row = gap("projects[0].indicators[1]", "10", "5.1549", "3.0051")
    assert row.explanation() == "自评 5.15 − 复核 3.01 = 2.14" and row.shown == "2.14" and row.gap == D("2.1498")
    # as the database returns them (4 places, trailing zeros): written as the indicator rule writes them
    assert gap("goals[0].indicators[0]", "5", "4.5000", "3.0000").explanation() == "自评 4.5 − 复核 3 = 1.50"
    # a computed score not yet stored (85/6 = 14.1666…) is rounded once, like any other
    computed = IndicatorGap("goals[0].indicators[0]", "", "部门整体", "x", D(15), D(85) / D(6), D("3.00005"))
    assert computed.explanation() == "自评 14.17 − 复核 3 = 11.17"
    # the spot-check a new user added up: the bureau's 5.1571, 2.7, 2.6947, 8 shown 5.16 + 2.7 + 2.69 + 8 = 18.55;
    # the department's 6.1571, 3.7, 4.6947, 8 shown 6.16 + 3.7 + 4.69 + 8 = 22.55 (22.5518 exactly): 4.00 apart
    found = report([gap("projects[0].indicators[0]", "10", "6.1571", "5.1571"),
                    gap("projects[0].indicators[1]", "5", "3.7", "2.7"),
                    gap("projects[0].indicators[2]", "5", "4.6947", "2.6947"),
                    gap("projects[0].indicators[3]", "10", "8", "8")])
    assert [r.shown for r in found.rows] == ["1.00", "1.00", "2.00", "0.00"]
    assert found.sum.explanation() == "已复核 4/4 项：自评 22.55 − 复核 18.55 = 4.00"
    assert (found.sum.shown_self, found.sum.shown_bureau, found.sum.shown) == ("22.55", "18.55", "4.00")
    # the sums' gap is the rows' gaps added (1.66 + 2.14 = 3.80 = 10.31 − 6.51), not the exact 3.8069 rounded to 3.81
    found = report([gap("projects[0].indicators[0]", "10", "5.1571", "3.5"),
                    gap("projects[0].indicators[1]", "10", "5.1549", "3.0051")])
    assert found.sum.explanation() == "已复核 2/2 项：自评 10.31 − 复核 6.51 = 3.80"
    assert [r.shown for r in found.rows] == ["1.66", "2.14"] and found.sum.shown == "3.80"
    assert found.parts[0].sum.shown == "3.80"
    assert found.sum.gap == D("3.8069") and found.project_gaps() == {"项目projects[0]": D("3.8069")}  # exact, kept
    assert found.project_shown_gaps() == {"项目projects[0]": D("3.80")}


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
    """A department's goal copying a project's indicator (the same kind and name) is listed once, in the project's
    table; a department indicator of its own, or a name the project gives another kind, stays the department's."""
    rows = [("goals[0].indicators[0]", "", "部门整体", ("output", "quantity", "农民工工资清欠案例")),
            ("goals[0].indicators[1]", "", "部门整体", ("output", "quality", "服务对象满意度")),
            ("goals[0].indicators[2]", "", "部门整体", ("output", "quantity", "工作完成合格率")),
            ("projects[0].indicators[0]", "projects[0]", "清欠经费", ("output", "quantity", "农民工工资清欠案例")),
            ("projects[1].indicators[0]", "projects[1]", "档案费", ("output", "quantity", "工作完成合格率")),
            ("projects[2].indicators[0]", "projects[2]", "招聘费", ("output", "quantity", "工作完成合格率")),
            ("projects[2].indicators[1]", "projects[2]", "招聘费", ("satisfaction", "quality", "服务对象满意度"))]
    assert restated(rows) == {"goals[0].indicators[0]": "清欠经费", "goals[0].indicators[2]": "档案费"}
