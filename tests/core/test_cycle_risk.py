"""风险评分 (CYCLE.md §4): the rule file validated on load, each signal at its edges (values from seed 003 and the
shipped rule's thresholds), and the score with its explanation."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

import pytest

from jixiao.core.build import evaluation_from_data, evaluation_to_data
from jixiao.core.checks import run_checks
from jixiao.core.cycle.risk import (
    EVALUATION,
    FIRED,
    NOT_APPLICABLE,
    QUIET,
    SIGNALS,
    Context,
    PastYear,
    RiskRules,
    SignalRule,
    assess,
    score_subject,
    subjects_of,
)
from jixiao.core.cycle.risk_rules import risk_rules_from_data
from jixiao.core.engine import score_evaluation
from jixiao.core.errors import InputError
from jixiao.io.evaluation_file import read_evaluation
from jixiao.io.rule_files import load_rules
from jixiao.io.scheme_files import load_library

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TONGCHENG, CHANGLI = "seed-003-tongcheng-2023.yaml", "seed-000-changli-2023.yaml"
IMPROVEMENT = "加强预算管理，合理编制绩效目标。"  # seed 003: the 改进措施 of projects 1 to 5


@cache
def _data(name: str) -> dict:
    return evaluation_to_data(read_evaluation(EXAMPLES / name))


@lru_cache(maxsize=1)
def _library():
    return load_library()


def context(name: str = TONGCHENG, change=None, history=()) -> Context:
    data = copy.deepcopy(_data(name))
    if change:
        change(data)
    evaluation = evaluation_from_data(data)
    result = score_evaluation(evaluation, _library())
    return Context(evaluation, result, run_checks(evaluation, _library(), result), tuple(history))


def shipped():
    return {rule.id: rule for rule in load_rules("risk", risk_rules_from_data).signals}


def verdict(signal: str, params: dict, subject: int = 0, ctx: Context | None = None):
    """The signal on the evaluation (subject 0) or on project subject - 1, with the shipped rule's params changed."""
    ctx = ctx or context()
    defaults = next(r.params for r in shipped().values() if r.signal == signal)
    return SIGNALS[signal].function(subjects_of(ctx)[subject], ctx, {**defaults, **params})


def project(index: int) -> int:
    return index + 1


# ---------------------------------------------------------------------------------------------- the rule file
def test_the_shipped_rules_load_with_every_signal_registered():
    rules = shipped()
    assert len(rules) == 13
    assert {r.signal for r in rules.values()} == set(SIGNALS)
    assert rules["completion_vs_spending"].params["margin"] == 5  # CYCLE §2: more than 5 points ahead is red


def _problems(tmp_path, text: str) -> str:
    path = tmp_path / "risk.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_rules("risk", risk_rules_from_data, path)
    return str(raised.value)


def test_a_bad_rule_is_named_with_its_signal_path_and_line(tmp_path):
    message = _problems(tmp_path, """signals:
  - id: errors
    signal: findings
    weight: 15
    severity: fatal
    min_count: 0
  - id: typo
    signal: ful_marks
    weight: 5
  - id: errors
    signal: full_marks
    weight: 101
    min_indicators: 5
    colour: red
  - id: caps
    signal: grade_above_execution
    weight: 10
    order: [差, 中, 良, 优]
    caps:
      - below: 60
        highest: 优秀
  - id: gaps
    signal: past_gaps
    weight: 10
    years: 3
""")
    assert "第 5 行 signals[0].severity：信号“errors”的级别（severity）应为 error、warning 或 notice，不是“fatal”" in message
    assert "第 6 行 signals[0].min_count：信号“errors”的个数下限（min_count）应为 1 到 10000 的整数，不是“0”" in message
    assert "第 8 行 signals[1].signal" in message and "不认识的 signal“ful_marks”" in message
    assert "第 12 行 signals[2].weight" in message and "不是“101”" in message
    assert "第 14 行 signals[2].colour" in message and "不认识的参数" in message
    assert "第 21 行 signals[3].caps[0].highest" in message and "“优秀”不在等级次序 order 中" in message
    assert "signals[4].min_gap" in message and "信号“gaps”的偏差下限（分）（min_gap）缺少" in message


def test_duplicate_ids_and_an_empty_file_are_refused(tmp_path):
    message = _problems(tmp_path, """signals:
  - {id: a, signal: full_marks, weight: 5, min_indicators: 1}
  - {id: a, signal: full_marks, weight: 5, min_indicators: 1}
""")
    assert "第 3 行 signals[1].id（编号）：信号“a”的 id 重复" in message
    assert "应有 signals" in _problems(tmp_path, "rules: []\n")


def test_a_bureaus_own_rule_file_replaces_the_shipped_one(tmp_path, monkeypatch):
    (tmp_path / "risk.yaml").write_text("signals:\n  - {id: only, signal: full_marks, weight: 1, min_indicators: 1}\n",
                                        encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES", str(tmp_path))
    assert [r.id for r in load_rules("risk", risk_rules_from_data).signals] == ["only"]


# ----------------------------------------------------------------------------------------------------- signals
def test_findings_fire_at_the_count():
    # seed 003 has 2 errors (FACT.CONFLICT) and 24 warnings
    assert verdict("findings", {"severity": "error", "min_count": 2}).state == FIRED
    assert verdict("findings", {"severity": "error", "min_count": 3}).state == QUIET
    found = verdict("findings", {"severity": "warning", "min_count": 24})
    # the checks are named as the findings pages name them, never by their codes
    assert found.state == FIRED and found.reason == ("警告 24 个（“定量指标目标值与实际值可衡量” 17 个、"
                                                     "“偏离目标的指标写明偏差原因” 7 个），达到 24 个即触发")
    assert verdict("findings", {"severity": "error", "min_count": 2}).reason == (
        "错误 2 个（“同一事项在文中各处数值一致” 2 个），达到 2 个即触发")
    assert verdict("findings", {"severity": "warning", "min_count": 25}).state == QUIET


def test_check_families_count_their_codes_and_severity():
    assert verdict("check_family", {"families": ["MEASURE", "DEVIATION"], "min_count": 24}).state == FIRED
    assert verdict("check_family", {"families": ["MEASURE", "DEVIATION"], "min_count": 25}).state == QUIET
    assert verdict("check_family", {"families": ["FACT"], "min_count": 2, "severity": "error"}).state == FIRED
    assert verdict("check_family", {"families": ["FACT"], "min_count": 1, "severity": "warning"}).state == QUIET
    assert verdict("check_family", {"families": ["MEASURE.ACTUAL_COPY"], "min_count": 6}).state == FIRED
    assert verdict("check_family", {"families": ["MEASURE.ACTUAL_COPY"], "min_count": 7}).state == QUIET


def test_check_families_are_named_in_words():
    # the shipped rule's arithmetic families, SUM and SCORE among them (no check registered under the family's code)
    families = {"families": ["SUM", "RATE", "SCORE", "EXECUTION", "GRADE", "WEIGHT"], "min_count": 1}
    reason = verdict("check_family", families).reason
    assert reason.startswith("检查“合计与各分项之和相符”、“所列比率、增减幅度与按所列数字重算的结果相符”、"
                             "“得分与分值、计分方法及总分相符”、")
    assert reason.endswith("的发现 0 个，达到 1 个即触发")
    assert verdict("check_family", {"families": ["FACT"], "min_count": 2, "severity": "error"}).reason == (
        "检查“同一事项在文中各处数值一致”的错误发现 2 个，达到 2 个即触发")
    both = verdict("check_family", {"families": ["MEASURE", "DEVIATION"], "min_count": 24}).reason
    assert "（“定量指标目标值与实际值可衡量” 17 个、“偏离目标的指标写明偏差原因” 7 个）" in both
    assert not re.search(r"[A-Z]{3,}", reason + both)


def test_full_marks_everywhere():
    # project 0 (工伤病残等级鉴定费): 10 indicators, all at their weight
    found = verdict("full_marks", {"min_indicators": 10}, project(0))
    assert found.state == FIRED and found.reason == "10 项已评分指标全部得满分（合计 80.00/80 分）"  # a sum: 2 places
    assert verdict("full_marks", {"min_indicators": 11}, project(0)).state == QUIET

    def below_target(data):  # 90 of a target of 100 earns 4.5 of 5
        data["projects"][0]["indicators"][0].update(actual="90 例", score="4.5")
    found = verdict("full_marks", {"min_indicators": 1}, project(0), context(change=below_target))
    assert found.state == QUIET and "1 项未得满分（如“受理工伤病残等级鉴定例数”4.5/5 分）" in found.reason
    assert verdict("full_marks", {}, 0, context(CHANGLI)).state == NOT_APPLICABLE  # only stated totals


def _spent(amount: str):
    def change(data):
        data["projects"][0]["budget"]["spent"] = amount  # of an adjusted budget of 5
    return context(change=change)


def test_completion_ahead_of_spending_fires_above_the_margin():
    # indicators 80/80 (100%); 4.75 of 5 spent is 95%: exactly 5 points ahead, not more
    assert verdict("completion_ahead_of_spending", {}, project(0), _spent("4.75")).state == QUIET
    found = verdict("completion_ahead_of_spending", {}, project(0), _spent("4.7495"))
    assert found.state == FIRED and "预算执行率 94.99%，得分率高 5.01 个百分点" in found.reason
    assert verdict("completion_ahead_of_spending", {}, project(0)).state == QUIET  # seed: all spent
    assert verdict("completion_ahead_of_spending", {}, project(8)).state == NOT_APPLICABLE  # listed, no table


def test_the_difference_said_is_that_of_the_two_rates_as_shown():
    # 4.72225 of 5 spent is 94.445%, shown 94.45%: 100.00 − 94.45 = 5.55 (the exact 5.555 rounds to 5.56)
    found = verdict("completion_ahead_of_spending", {}, project(0), _spent("4.72225"))
    assert found.state == FIRED and "指标得分率 100.00%（80.00/80 分），预算执行率 94.45%，得分率高 5.55 个百分点；" \
        in found.reason

    def below_target_overspent(data):  # 79.5 of 80 is 99.375%, shown 99.38%; 5.5 of 5 spent is 110%, compared as 100%
        data["projects"][0]["indicators"][0].update(actual="90 例", score="4.5")
        data["projects"][0]["budget"]["spent"] = "5.5"
    found = verdict("completion_ahead_of_spending", {}, project(0), context(change=below_target_overspent))
    assert found.state == QUIET and found.reason.startswith(  # 99.38 − 100.00, not the exact −0.625 rounded to −0.63
        "指标得分率 99.38%（79.50/80 分），预算执行率 110.00%（按 100% 计），得分率低 0.62 个百分点；")
    # all spent and every indicator at its weight: the two rates agree, said in words, not as a difference of 0
    assert verdict("completion_ahead_of_spending", {}, project(0)).reason.startswith(
        "指标得分率 100.00%（80.00/80 分），预算执行率 100.00%，两者持平；")


def test_the_rate_said_is_that_of_the_points_shown():
    """A score of 4 places: 96.55 of a target of 100 earns 4.8275 of 5, and the project 79.8275 of 80 — 99.784375%,
    99.78% exactly, but the sentence shows 79.83/80, which a reader divides to 99.7875%: the rate shown is 99.79%,
    and the difference is taken from it. Whether the point fires is still decided on the exact rate."""
    def fractional(data):
        data["projects"][0]["indicators"][0].update(actual="96.55 例", score="4.8275")
    found = verdict("completion_ahead_of_spending", {}, project(0), context(change=fractional))
    assert found.state == QUIET and found.reason.startswith(
        "指标得分率 99.79%（79.83/80 分），预算执行率 100.00%，得分率低 0.21 个百分点；")

    def fractional_underspent(data):  # 4.74 of 5 spent is 94.8%: 4.984375 points behind exactly, 4.99 as shown
        fractional(data)
        data["projects"][0]["budget"]["spent"] = "4.74"
    found = verdict("completion_ahead_of_spending", {}, project(0), context(change=fractional_underspent))
    assert found.state == QUIET and "预算执行率 94.80%，得分率高 4.99 个百分点；高出超过 5 个百分点即触发" in found.reason


def test_a_grade_above_what_execution_allows():
    # the shipped caps: below 80% at most 良, below 60% at most 中; the project stays 优 (execution is 20 of 100)
    assert verdict("grade_above_execution", {}, project(0), _spent("4")).state == QUIET  # 80%
    found = verdict("grade_above_execution", {}, project(0), _spent("3.9995"))  # 79.99%
    assert found.state == FIRED and "低于 80% 时等级最高为“良”，自评等级“优”" in found.reason
    found = verdict("grade_above_execution", {}, project(0), _spent("2.9995"))  # 59.99%
    assert found.state == FIRED and "低于 60% 时等级最高为“中”" in found.reason
    assert verdict("grade_above_execution", {}, project(8)).state == NOT_APPLICABLE


def test_targets_met_exactly():
    # project 2 (农民工工资清欠专项工作经费): 3 of its 4 quantities (not rates) equal their target
    assert verdict("targets_met_exactly", {"min_count": 3, "min_share": Decimal(75)}, project(2)).state == FIRED
    assert verdict("targets_met_exactly", {"min_count": 3, "min_share": Decimal("75.01")}, project(2)).state == QUIET
    assert verdict("targets_met_exactly", {"min_count": 4, "min_share": Decimal(0)}, project(2)).state == QUIET
    whole = verdict("targets_met_exactly", {})
    assert whole.state == FIRED and "42 项定量指标中 30 项完成值恰好等于目标值（71.43%）" in whole.reason
    with_rates = verdict("targets_met_exactly", {"include_percent": True})
    assert "定量指标中" in with_rates.reason and not with_rates.reason.startswith("42 ")


def _projects_only(data):
    """Seed 003 without the department's own indicators, and project 0's 60-day time limit missed (50 日): the
    evaluation's first exact targets are then the 项目成本控制 of projects 0 and 1."""
    data["goals"] = []
    data["projects"][0]["indicators"][2].update(actual="50 日")


def test_an_evaluations_examples_say_whose_indicator_they_are():
    """Most projects have a 项目成本控制: on the evaluation, two examples of that name are told apart by project."""
    ctx = context(change=_projects_only)
    found = verdict("targets_met_exactly", {}, 0, ctx)
    assert "，如项目“工伤病残等级鉴定费”的“项目成本控制”（目标 ≤5 万元、完成 5万元）、项目“劳动仲裁办案专项工作经费”的" \
           "“项目成本控制”（目标 ≤20 万元、完成 20 万元）等 15 项；" in found.reason
    found = verdict("round_actuals", {"multiple_of": Decimal(10)}, 0, ctx)
    assert "，如项目“工伤病残等级鉴定费”的“劳动能力鉴定申请作出相应结论时间”50 日、项目“劳动仲裁办案专项工作经费”的" \
           "“项目成本控制”20 万元等 9 项；" in found.reason
    # a goal's indicator says which goal (goals share names too); a project's own points need no name (they are
    # listed under the project)
    assert "，如年度目标 1 的“事业单位工作人员录取人数”（目标 118 人、完成 118 人）、年度目标 2 的“城乡居民参保缴费人数”" \
        in verdict("targets_met_exactly", {}).reason
    assert "，如“项目成本控制”（目标 ≤5 万元、完成 5万元）；" in verdict("targets_met_exactly", {}, project(0), ctx).reason

    def below_target(data):
        _projects_only(data)
        data["projects"][0]["indicators"][0].update(actual="90 例", score="4.5")
    found = verdict("full_marks", {}, 0, context(change=below_target))
    assert found.reason == "65 项已评分指标中 1 项未得满分（如项目“工伤病残等级鉴定费”的“受理工伤病残等级鉴定例数”4.5/5 分）"


def test_round_actuals():
    # the evaluation: 2 of 42 quantities are multiples of 100 (300 万, 16800 万): 4.7619…%
    assert verdict("round_actuals", {"min_count": 2, "min_share": Decimal("4.76")}).state == FIRED
    assert verdict("round_actuals", {"min_count": 2, "min_share": Decimal("4.77")}).state == QUIET
    assert verdict("round_actuals", {"min_count": 3, "min_share": Decimal(0)}).state == QUIET


def test_the_same_text_pasted_across_projects():
    found = verdict("pasted_text", {"min_projects": 5})
    assert found.state == FIRED and f"改进措施“{IMPROVEMENT}”一字不差地出现在 5 个项目中" in found.reason
    assert verdict("pasted_text", {"min_projects": 6}).state == QUIET
    assert verdict("pasted_text", {"min_length": len(IMPROVEMENT)}).state == FIRED
    assert verdict("pasted_text", {"min_length": len(IMPROVEMENT) + 1}).state == QUIET
    assert verdict("pasted_text", {}, project(1)).state == FIRED  # one of the five
    assert verdict("pasted_text", {}, project(0)).state == QUIET


def test_no_problems_stated():
    # project 0: no 存在问题, 偏差原因 "无", 改进措施 "无"
    found = verdict("no_problems_stated", {}, project(0))
    assert found.state == FIRED and "存在的问题未填写；偏差原因分析“无”；改进措施“无”" in found.reason

    def problems(text):
        def change(data):
            data["projects"][0]["problems"] = text
        return context(change=change)
    assert verdict("no_problems_stated", {}, project(0), problems("暂无。")).state == FIRED
    assert verdict("no_problems_stated", {}, project(0), problems("资金拨付滞后")).state == QUIET
    assert verdict("no_problems_stated", {}).state == QUIET  # the department states its problems
    assert verdict("no_problems_stated", {}, project(0), context(CHANGLI)).state == NOT_APPLICABLE  # a listed project


def test_past_findings_within_the_years_looked_back():
    def past(*years):
        return context(history=years)
    assert verdict("past_findings", {}, 0, past(PastYear(2022, warnings=5))).state == FIRED  # min_count 5
    assert verdict("past_findings", {}, 0, past(PastYear(2022, warnings=4))).state == QUIET
    assert verdict("past_findings", {}, 0, past(PastYear(2020, warnings=9))).state == FIRED  # 3 years back
    assert verdict("past_findings", {}, 0, past(PastYear(2019, warnings=9))).state == NOT_APPLICABLE
    assert verdict("past_findings", {}, 0, past(PastYear(2023, warnings=9))).state == NOT_APPLICABLE  # not past


def test_past_gaps_of_the_department_and_of_a_project():
    def gap(total, projects=None):
        return context(history=[PastYear(2022, gap=total, project_gaps=projects or {})])
    found = verdict("past_gaps", {}, 0, gap(Decimal(5)))
    assert found.state == FIRED and "2022 年度自评比复核高 5.00 分" in found.reason
    assert verdict("past_gaps", {}, 0, gap(Decimal("4.99"))).state == QUIET
    lower = verdict("past_gaps", {}, 0, gap(Decimal(-6)))
    assert lower.state == QUIET and "自评比复核低 6.00 分" in lower.reason
    assert verdict("past_gaps", {}, project(0), gap(Decimal(1), {"工伤病残等级鉴定费": Decimal(5)})).state == FIRED
    assert verdict("past_gaps", {}, project(1), gap(Decimal(1), {"工伤病残等级鉴定费": Decimal(5)})).state == \
        NOT_APPLICABLE
    assert verdict("past_gaps", {}, 0, context()).state == NOT_APPLICABLE
    named = context(history=[PastYear(2022, gap=Decimal(6), gap_part="项目“工伤病残等级鉴定费”")])
    assert verdict("past_gaps", {}, 0, named).reason == \
        "2022 年度项目“工伤病残等级鉴定费”自评比复核高 6.00 分；高出 5 分及以上即触发"


def test_a_past_gap_is_said_as_the_spot_check_showed_it_and_judged_exactly():
    """3.9969 exactly, but the spot-check's rows added up to 4.01 as shown: the sentence says what that page says
    (not 4.00); the rule (5 分 and above) compares the exact gap. Likewise a project's."""
    history = [PastYear(2022, gap=Decimal("3.9969"), project_gaps={"工伤病残等级鉴定费": Decimal("6.0049")},
                        shown_gap=Decimal("4.01"), project_shown_gaps={"工伤病残等级鉴定费": Decimal("5.98")})]
    found = verdict("past_gaps", {}, 0, context(history=history))
    assert found.state == QUIET and found.reason == "2022 年度自评比复核高 4.01 分；高出 5 分及以上即触发"
    found = verdict("past_gaps", {}, project(0), context(history=history))
    assert found.state == FIRED and found.reason == "2022 年度自评比复核高 5.98 分；高出 5 分及以上即触发"


# ------------------------------------------------------------------------------------------------------- score
def test_the_score_is_the_triggered_weight_over_the_weight_that_could_be_judged():
    rules = load_rules("risk", risk_rules_from_data)
    whole, projects = assess(context(), rules)
    weights = shipped()
    fired = {p.rule.id for p in whole.points if p.fired}
    judged = {p.rule.id for p in whole.points if p.verdict.state != NOT_APPLICABLE}
    assert judged == set(weights) - {"past_findings", "past_gaps"}
    assert whole.triggered_weight == sum(weights[k].weight for k in fired) == 65
    assert whole.possible_weight == 115
    assert whole.score == Decimal(65) / 115 * 100
    assert whole.explanation() == "触发权重 65 ÷ 可判断权重 115 × 100 = 56.52"
    titles = "、".join(p.rule.title for p in whole.points if p.fired)
    assert whole.summary() == f"风险分 56.52，触发控制点：{titles}" and "全部指标满分" in titles
    assert all(p.verdict.reason for p in whole.points)  # every point says why, fired or not
    scores = [p.score for p in projects]
    assert scores == sorted(scores, key=lambda s: (s is None, -(s or 0)))
    # past_findings is the evaluation's: projects are not judged on it
    assert all("past_findings" not in {p.rule.id for p in r.points} for r in projects)


def test_nothing_to_judge_gives_no_score():
    rules = RiskRules((SignalRule("gaps", "past_gaps", "往年抽查自评偏高", Decimal(15), {"years": 3, "min_gap": 5}),))
    ctx = context()
    risk = score_subject(subjects_of(ctx)[0], ctx, rules)
    assert risk.score is None and risk.explanation() == "没有可判断的风险信号" and risk.shown == "—"
    assert risk.summary() == "没有可判断的风险信号"
    assert subjects_of(ctx)[0].kind == EVALUATION
