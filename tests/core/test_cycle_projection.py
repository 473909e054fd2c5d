"""The projection's figures (jixiao.core.cycle.projection) are the core's results read off, with the same fallbacks
the evaluation's summary uses: a score card's total, else the stated score; the scored execution, else the line the
card would score."""

from __future__ import annotations

from decimal import Decimal

import msgspec

from jixiao.core.checks import run_checks
from jixiao.core.cycle.projection import figures
from jixiao.core.engine import score_evaluation
from jixiao.core.model import BudgetLine


def project(evaluation, library):
    result = score_evaluation(evaluation, library)
    return result, figures(evaluation, result, run_checks(evaluation, library, result))


def test_a_scored_department_gives_its_card(tongcheng, library):
    result, found = project(tongcheng, library)
    card = result.department
    assert (found.evaluation.score, found.evaluation.grade, found.evaluation.score_source) == \
        (card.total, card.grade.name, "computed")
    # the Hubei table scores execution on its own line (21468.3 of 21468.3), not budget.total (2820.06 spent)
    assert (found.evaluation.execution.budget_adjusted, found.evaluation.execution.spent,
            found.evaluation.execution.rate) == (Decimal("21468.3"), Decimal("21468.3"), Decimal(1))
    assert [(p.name, p.score, p.grade) for p in found.projects] == \
        [(r.project.name, r.score, r.grade or "") for r in result.projects]
    cards = [card] + [r.card for r in result.projects if r.card]  # a project without indicators has none
    leaves = [leaf.path for c in cards for leaf in c.leaves()]
    assert [i.path for i in found.indicators] == leaves
    assert found.indicators[0].level1_name == "产出指标" and found.indicators[0].project_index is None


def test_a_department_without_a_scheme_gives_what_it_states(changli, library):
    _, found = project(changli, library)
    assert (found.evaluation.score, found.evaluation.grade, found.evaluation.score_source) == (Decimal(98), "优",
                                                                                              "stated")
    # no card scores execution: budget.total's own line, 27081.25 of 27346.62
    assert found.evaluation.execution.rate == Decimal("27081.25") / Decimal("27346.62")
    # a project stating 预算数 without 执行数 has no rate
    assert found.projects[0].execution.budget_adjusted == Decimal("18.71") and found.projects[0].execution.rate is None


def test_indicators_no_scheme_scores_are_listed_unscored(jingzhou, library):
    _, found = project(jingzhou, library)
    assert found.evaluation.score_source == "stated" and found.evaluation.grade == ""
    assert len(found.indicators) == len(jingzhou.indicators) + sum(len(g.indicators) for g in jingzhou.goals) > 0
    assert all(i.score is None for i in found.indicators)
    # seed 002 states no adjusted budget: no rate
    assert found.evaluation.execution.budget_adjusted is None and found.evaluation.execution.rate is None


def test_a_budget_of_zero_has_no_rate_and_nothing_stated_is_none(changli, library):
    bare = msgspec.structs.replace(changli, stated_score=None, stated_grade=None, execution=None,
                                   budget=msgspec.structs.replace(changli.budget, total=BudgetLine(
                                       budget_adjusted=Decimal(0), spent=Decimal(5))))
    _, found = project(bare, library)
    assert found.evaluation.execution.rate is None and found.evaluation.execution.spent == Decimal(5)
    assert (found.evaluation.score, found.evaluation.grade, found.evaluation.score_source) == (None, "", "none")


def test_findings_keep_code_severity_and_place_and_say_where(tongcheng, library):
    result, found = project(tongcheng, library)
    findings = run_checks(tongcheng, library, result)
    assert [(f.code, f.severity, f.location) for f in found.findings] == \
        [(f.code, f.severity, f.location) for f in findings]
    assert all(f.subject and f.where for f in found.findings if f.location)
    counts = found.evaluation
    assert (counts.errors, counts.warnings, counts.notices) == \
        tuple(sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "notice"))
