"""jixiao's own reports read back: a department submits the Word or PDF report jixiao wrote for it, and the audit
reads the same facts the evaluation holds, with no table read only in part because of how jixiao laid it out."""

from __future__ import annotations

import pytest

from jixiao.io.documents import render
from jixiao.io.extract.audit import audit_bytes

# what the audit says when a table was read only in part, or a row not at all (completeness.py, the forms' unread)
PARTIAL = ("其合计与分值未核对", "未能归入年度目标", "少于表中总分", "只读取", "未读取：表格", "未读取：绩效指标表",
           "未能逐行读取", "资金表")


@pytest.fixture(scope="module")
def own(library, changli, jingzhou, tongcheng):
    out = {}
    for seed, evaluation in (("000", changli), ("002", jingzhou), ("003", tongcheng)):
        for fmt in ("pdf", "docx"):
            content = render(evaluation, library, fmt).content
            out[seed, fmt] = evaluation, audit_bytes(f"自评报告.{fmt}", content, library)
    return out


KEYS = [(seed, fmt) for seed in ("000", "002", "003") for fmt in ("pdf", "docx")]


@pytest.mark.parametrize("key", KEYS, ids=lambda k: "-".join(k))
def test_no_table_of_our_own_is_read_in_part(own, key):
    _, audit = own[key]
    partial = [line for line in audit.missing if any(word in line for word in PARTIAL)]
    assert partial == []


@pytest.mark.parametrize("key", KEYS, ids=lambda k: "-".join(k))
def test_stated_scores_weights_and_budgets_read_as_the_evaluation_holds_them(own, key):
    evaluation, audit = own[key]
    read = audit.evaluation
    assert read.stated_score == evaluation.stated_score
    assert [g.weight for g in read.goals if g.weight is not None] == \
        [g.weight for g in evaluation.goals if g.weight is not None]
    def indicators(e):
        return [(i.name, i.weight) for g in e.goals for i in g.indicators] + [(i.name, i.weight) for i in e.indicators]

    assert len(indicators(read)) == len(indicators(evaluation))
    assert [w for _, w in indicators(read)] == [w for _, w in indicators(evaluation)]
    by_name = {p.name: p for p in read.projects}
    for project in evaluation.projects:
        if not project.indicators:
            continue
        got = by_name[project.name]
        assert (got.budget.budget_adjusted, got.budget.spent) == (project.budget.budget_adjusted,
                                                                  project.budget.spent), project.name
        assert got.stated_score == project.stated_score, project.name
        assert got.stated_execution_score == project.stated_execution_score, project.name
        assert [i.weight for i in got.indicators] == [i.weight for i in project.indicators], project.name
        if project.deviation_reason and project.deviation_reason != "无":  # the row under 总分, read for the check
            assert (got.deviation_reason or "").replace(" ", "")[:20] == \
                project.deviation_reason.replace(" ", "")[:20], project.name


def test_a_hubei_project_tables_budget_execution_row_is_read(own, library):
    """The Hubei project table prints budget execution as one row under 预算执行情况（万元）, with no row label of its
    own: its 分值 20 and 得分 are read, so the table's weights make its 总分 100."""
    evaluation, audit = own["003", "pdf"]
    scheme = library.scheme(evaluation.project_scheme)
    tables = [p for p in audit.evaluation.projects if p.indicators]
    assert len(tables) == 8
    assert {p.stated_execution_weight for p in tables} == {scheme.execution.weight} == {20}
    assert {p.stated_execution_score for p in tables} == {20}
    for project in tables:
        assert sum(i.weight for i in project.indicators) + project.stated_execution_weight == 100, project.name


def test_the_project_lists_results_are_read(own):
    """Each project of the list states its result (自评 100.00 分（优）): the 18 projects without a table are graded,
    so 评为“优”的项目 26 个 and 评优率 are checked, not said to lack their figures."""
    _, audit = own["003", "docx"]
    assert all(p.stated_score == 100 and p.stated_grade == "优" for p in audit.evaluation.projects)
    assert not [line for line in audit.missing if "缺少重算所需的数字" in line and "项目" in line]


def test_a_budget_tables_rows_end_with_the_table(library, tongcheng):
    """Shape S2 prints the budget execution table, a caption, then the spending table (机构名称 | 支出合计 | 基本支出 …):
    the budget table's rows end where it ends, and 支出合计 of the next table's header is not a row of it."""
    audit = audit_bytes("自评报告.docx", render(tongcheng, library, "docx", shape="S2").content, library)
    assert [line for line in audit.missing if any(word in line for word in PARTIAL)] == []
    assert audit.evaluation.budget.total.spent == tongcheng.budget.total.spent
