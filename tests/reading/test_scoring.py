"""The benchmark's matching rules (tests/reading/scoring.py)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from jixiao.core.model import Department, Evaluation, Project

from .scoring import (as_number, code_matches, match_findings, observed_value, same_value, score_document,
                      value_in)


def finding(code, stated=None, recomputed=None, message="", severity="error"):
    return SimpleNamespace(code=code, stated=stated, recomputed=recomputed, message=message, severity=severity)


def test_figures_compare_as_numbers():
    assert as_number("1,234.50") == as_number("1234.5") == Decimal("1234.5")
    assert same_value("100.00%", "100")
    assert same_value("９２", 92)
    assert not same_value("92.5", "92.50001")
    assert as_number("≥96%") is None  # a bound is text, not a figure
    assert same_value("≥96%", "≥ 96%")


def test_a_value_is_found_in_the_message_among_its_figures():
    assert value_in("9.95", [None, None, "预算执行所列得分 0，按执行率应得 9.95 分。"])
    assert value_in("1,243.60", ["清单合计 1243.6 万元"])
    assert not value_in("9.9", ["应得 9.95 分"])  # figures, not substrings
    assert value_in("优", ["所列等级“优”，应为“良”"])


def test_codes_and_families():
    assert code_matches("SCOPE.*", "SCOPE.PROJECTS")
    assert code_matches("EXECUTION.SCORE", "EXECUTION.SCORE")
    assert not code_matches("EXECUTION.SCORE", "EXECUTION.OVER")
    assert not code_matches("SUM.*", "SUMMARY")


def test_matching_is_one_to_one_and_needs_the_expected_values():
    expected = [{"code": "FORM.INSTRUCTIONS", "stated": "评价结论"}, {"code": "FORM.INSTRUCTIONS", "stated": "存在问题"}]
    found = [finding("FORM.INSTRUCTIONS", message="“评价结论”仍是填写说明"),
             finding("FORM.INSTRUCTIONS", message="“评价结论”仍是填写说明")]
    pairs, missed, extra = match_findings(expected, found)
    assert len(pairs) == 1 and missed == [expected[1]] and len(extra) == 1


def test_a_document_score_counts_false_errors_only_beyond_the_expected():
    evaluation = Evaluation(year=2022, department=Department(name="某县农业农村局"),
                            projects=[Project(name="高标准农田建设", stated_score=Decimal("90"))])
    audit = SimpleNamespace(evaluation=evaluation, facts=[], coverage=["project_self_evaluation"], findings=[
        finding("EXECUTION.SCORE", "9", "10", "预算执行所列得分 9，按执行率应得 10 分。"),
        finding("GRADE.MISMATCH", "优", "良", severity="error"),
        finding("MEASURE.UNIT", severity="notice")])
    expect = {"document": "x.txt", "forms": ["project_self_evaluation", "questionnaire"],
              "facts": {"year": 2022, "projects[0].name": "高标准农田建设", "projects[0].stated_score": "90.0",
                        "projects[0].stated_grade": "优"},
              "findings": [{"code": "EXECUTION.SCORE", "stated": "9", "recomputed": "10"}], "no_errors_beyond": True}
    score = score_document(expect, audit)
    assert (score.facts_right, score.facts_read, score.facts_expected) == (3, 3, 4)
    assert (score.findings_matched, score.findings_found, score.findings_expected) == (1, 3, 1)
    assert score.false_errors == 1  # GRADE.MISMATCH; the notice is not an error
    assert (score.forms_recognised, score.forms_expected) == (1, 2)


def test_facts_come_from_the_evaluation_then_the_registry_then_the_audit_list():
    evaluation = Evaluation(year=2021, department=Department(name="某局"))
    audit = SimpleNamespace(evaluation=evaluation, facts=[SimpleNamespace(key="stated_years", value=[2021])])
    assert observed_value(audit, "department.name") == "某局"
    assert observed_value(audit, "stated_years") == [2021]
    assert observed_value(audit, "projects[3].name") is None


def test_an_audit_that_failed_scores_nothing():
    score = score_document({"document": "a.doc", "facts": {"year": 2022}, "findings": [{"code": "SUM.BUDGET"}],
                            "forms": ["project_self_evaluation"]}, None, "不支持的文件类型")
    assert (score.facts_right, score.findings_matched, score.findings_expected) == (0, 0, 1)
