"""SCORE.ABOVE_EXECUTION: a listed total above what the budget execution rate allows (RULES.md §2: the execution score
is 分值 × min(rate, 100%), so a table totals at most 100 − 分值 × (1 − min(rate, 100%)) whatever its indicators
scored). Figures from the rule on the seeds' own projects: seed 003 (通城, Hubei, 20 points) and seed 000 (昌黎, MoF
2020, 10 points)."""

from decimal import Decimal as D

from jixiao.core.model import BudgetLine

from .helpers import codes, findings, replace, replace_in_list

# seed 003's 机关事业单位养老保险兜底补贴: listed with budget, spending and 得分 only, no indicators (p.card is None)
BACKSTOP = 24


def _listed(evaluation, index, spent=None, budget=None, **changes):
    """Project `index` with its spending (and budget) changed, and whatever else is given."""
    line = evaluation.projects[index].budget
    line = replace(line, spent=spent, **({} if budget is None else {"budget_adjusted": budget}))
    projects = replace_in_list(evaluation.projects, index, budget=line, **changes)
    return replace(evaluation, projects=projects)


def test_the_seeds_as_they_are_give_none(tongcheng, changli, jingzhou, library):
    # 通城 lists its unscored projects at 100 for 100% spent; 昌黎 lists no spending; 靖州 no projects
    for seed in (tongcheng, changli, jingzhou):
        assert codes(seed, library, "SCORE.ABOVE_EXECUTION") == []


def test_a_listed_99_at_92_percent_of_a_hubei_project(tongcheng, library):
    # 16800 万元 budget, 15456 spent: 92%; 20 × 8% = 1.6 lost, 98.40 at most
    evaluation = _listed(tongcheng, BACKSTOP, spent=D("15456"), stated_score=D("99"))
    [finding] = findings(evaluation, library, "SCORE.ABOVE_EXECUTION")
    assert (finding.code, finding.severity, finding.location, finding.stated, finding.recomputed) == (
        "SCORE.ABOVE_EXECUTION", "error", "projects[24].stated_score", "99", "98.40")
    assert finding.subject == "项目“机关事业单位养老保险兜底补贴”"
    assert finding.message == ("项目“机关事业单位养老保险兜底补贴”所列得分 99 分，而执行率 92.00%、预算执行分值 20 分，"
                               "即使各项指标都得满分，最高也只能得 98.40 分：请核对所列得分或预算执行数。")


def test_a_listed_score_at_the_ceiling_or_within_its_rounding_is_not_reported(tongcheng, library):
    def found(spent, score):
        evaluation = _listed(tongcheng, BACKSTOP, spent=D(spent), stated_score=D(score))
        return codes(evaluation, library, "SCORE.ABOVE_EXECUTION")

    assert found("15456", "98.40") == [] and found("15456", "98.4") == [] and found("15456", "98") == []
    assert found("15456", "98.41") == ["SCORE.ABOVE_EXECUTION"]
    # 15460.2 of 16800 is 92.025%: 20 × 7.975% = 1.595 lost, 98.405 at most; 98.41 is it shown to 2 places (half up),
    # 98.406 states a third place beyond it
    assert found("15460.2", "98.41") == [] and found("15460.2", "98.405") == []
    assert found("15460.2", "98.406") == ["SCORE.ABOVE_EXECUTION"]
    # a whole 99 is not 98.405 rounded: scores are shown to 2 places (RULES.md §8)
    assert found("15460.2", "99") == ["SCORE.ABOVE_EXECUTION"]


def test_mof_10_points_on_a_listed_project(changli, library):
    # 昌黎 chose mof-2020-project: 2022年度县级表彰项目所需资金, 18.71 万元, listed 98; spent 13.097 is 70%:
    # 10 × 30% = 3 lost, 97 at most
    evaluation = _listed(changli, 0, spent=D("13.097"))
    [finding] = findings(evaluation, library, "SCORE.ABOVE_EXECUTION")
    assert (finding.location, finding.stated, finding.recomputed) == ("projects[0].stated_score", "98", "97.00")
    assert "执行率 70.00%、预算执行分值 10 分" in finding.message
    # the same 70% under Hubei's 20 points allows 94 only: the weight is the scheme's
    assert codes(_listed(changli, 0, spent=D("13.097"), stated_score=D("97")), library, "SCORE.ABOVE_EXECUTION") == []
    hubei = replace(_listed(changli, 0, spent=D("13.097"), stated_score=D("97")), project_scheme="hubei-project")
    assert [f.recomputed for f in findings(hubei, library, "SCORE.ABOVE_EXECUTION")] == ["94.00"]


def test_the_weight_the_table_states_is_read_before_the_schemes(changli, library):
    # 20 stated on a MoF evaluation: 70% loses 6, 94 at most (as EXECUTION.SCORE reads `stated_execution_weight`)
    evaluation = _listed(changli, 0, spent=D("13.097"), stated_score=D("95"), stated_execution_weight=D(20))
    [finding] = findings(evaluation, library, "SCORE.ABOVE_EXECUTION")
    assert finding.recomputed == "94.00" and "预算执行分值 20 分" in finding.message


def test_spending_over_the_budget_loses_nothing(tongcheng, library):
    # 105%: the rate counts up to 100%, a listed 100 is possible (the overspending is EXECUTION.OVER's)
    evaluation = _listed(tongcheng, BACKSTOP, spent=D("17640"), stated_score=D("100"))
    assert codes(evaluation, library, "SCORE.ABOVE_EXECUTION") == []
    assert "EXECUTION.OVER" in codes(evaluation, library, "EXECUTION")


def test_no_rate_no_finding(tongcheng, library):
    # a budget of 0 has no rate (RULES.md §2), nor has a line without spending
    assert codes(_listed(tongcheng, BACKSTOP, spent=D("5"), budget=D("0"), stated_score=D("99")), library,
                 "SCORE.ABOVE_EXECUTION") == []
    assert codes(_listed(tongcheng, BACKSTOP, spent=None, stated_score=D("99")), library,
                 "SCORE.ABOVE_EXECUTION") == []


def test_no_scheme_and_no_stated_weight_is_not_guessed(tongcheng, library):
    # the engine would score a card on MoF's 10 points; a listed score is not held to a weight nobody chose
    evaluation = replace(_listed(tongcheng, BACKSTOP, spent=D("15456"), stated_score=D("99")), project_scheme=None)
    assert codes(evaluation, library, "SCORE.ABOVE_EXECUTION") == []
    # a project naming its own scheme, or its table its 分值, is read so
    named = _listed(evaluation, BACKSTOP, spent=D("15456"), scheme="hubei-project")
    stated = _listed(evaluation, BACKSTOP, spent=D("15456"), stated_execution_weight=D(20))
    assert [f.recomputed for f in findings(named, library, "SCORE.ABOVE_EXECUTION")] == ["98.40"]
    assert [f.recomputed for f in findings(stated, library, "SCORE.ABOVE_EXECUTION")] == ["98.40"]


def test_a_scored_project_above_its_ceiling_is_reported_once(tongcheng, library):
    # 工伤病残等级鉴定费 has its table (a complete card): at 92% spent (4.6 of 5) its listed 100 and execution 20 are
    # wrong; the rules recompute the total (98.40), so SCORE.TOTAL says it, not this check too
    project = tongcheng.projects[0]
    evaluation = _listed(tongcheng, 0, spent=D("4.6"))
    assert project.stated_score == 100 and project.indicators
    found = codes(evaluation, library, "SCORE", "EXECUTION")
    assert "SCORE.ABOVE_EXECUTION" not in found and "SCORE.TOTAL" in found and "EXECUTION.SCORE" in found


def test_a_department_without_a_scheme_stating_its_weight(changli, library):
    # 昌黎 chose no department scheme; its budget line: 27081.25 of 27346.62 (99.03%). With a stated 10 points the
    # table can total 100 − 10 × 0.97% = 99.90; its listed 98 is possible, 100 is not
    assert codes(replace(changli, stated_execution_weight=D(10)), library, "SCORE.ABOVE_EXECUTION") == []
    evaluation = replace(changli, stated_execution_weight=D(10), stated_score=D(100))
    [finding] = findings(evaluation, library, "SCORE.ABOVE_EXECUTION")
    assert (finding.location, finding.subject, finding.recomputed) == ("stated_score", "部门整体", "99.90")
    assert finding.message.startswith("部门整体所列得分 100 分，而执行率 99.03%、预算执行分值 10 分")
    # no scheme and no stated weight: not guessed
    assert codes(replace(changli, stated_score=D(100)), library, "SCORE.ABOVE_EXECUTION") == []


def test_budget_lines_are_read_as_the_engine_reads_them(tongcheng, library):
    # a project's `execution` line, when given, is what execution is measured on (Project.execution_line)
    line = BudgetLine(budget_adjusted=D("16800"), spent=D("15456"))
    projects = replace_in_list(tongcheng.projects, BACKSTOP, execution=line, stated_score=D("99"))
    [finding] = findings(replace(tongcheng, projects=projects), library, "SCORE.ABOVE_EXECUTION")
    assert finding.recomputed == "98.40"


def test_a_scored_project_whose_total_the_rules_cannot_recompute(tongcheng, library):
    # 工伤病残等级鉴定费 with one actual missing (its card incomplete, its 5 points not scored) and no score stated for
    # it: nothing adds up its total, and 100 listed at 92% spent is above the 98.40 its execution allows
    project = tongcheng.projects[0]
    indicators = replace_in_list(project.indicators, 0, actual=None, score=None)
    evaluation = _listed(tongcheng, 0, spent=D("4.6"), indicators=indicators)
    [finding] = findings(evaluation, library, "SCORE.ABOVE_EXECUTION")
    assert (finding.location, finding.stated, finding.recomputed) == ("projects[0].stated_score", "100", "98.40")
    # a report's table whose 总分 cell was blank (the total is the text's, or a figure read from that row) or held one
    # figure that may be its full marks (`total_unclear`) lists no total of its own to hold to its spending
    for blank in ("total", "total_unclear"):
        unread = _listed(tongcheng, 0, spent=D("4.6"), indicators=indicators, unfilled=[blank])
        assert codes(unread, library, "SCORE.ABOVE_EXECUTION") == []


def test_a_scored_department_whose_total_the_rules_cannot_recompute(tongcheng, library):
    # 通城's department table (hubei-department, 20 points) with goal 1's first indicator unscored and unstated, its
    # execution line 19750.836 of 21468.3 万元 (92%): its listed 100 is above 98.40
    goal = tongcheng.goals[0]
    goals = replace_in_list(tongcheng.goals, 0, indicators=replace_in_list(goal.indicators, 0, actual=None, score=None))
    execution = replace(tongcheng.execution, spent=D("19750.836"))
    evaluation = replace(tongcheng, goals=goals, execution=execution)
    [finding] = findings(evaluation, library, "SCORE.ABOVE_EXECUTION")
    assert (finding.location, finding.subject, finding.stated, finding.recomputed) == (
        "stated_score", "部门整体", "100", "98.40")
    # complete, the rules recompute its total: SCORE.TOTAL's to say (one finding)
    complete = replace(tongcheng, execution=execution)
    assert codes(complete, library, "SCORE.ABOVE_EXECUTION") == []
    assert "SCORE.TOTAL" in codes(complete, library, "SCORE")


def test_a_listed_total_above_full_marks_is_said_once_whatever_was_spent(tongcheng, changli, library):
    """A project listed with its score and no indicators cannot score above its table's full marks (100, the Hubei
    scheme's total): a listed 105 was checked by nothing. Said by SCORE.ABOVE_PARTS alone, spent in full or not."""
    for spent in ("16800", "15456"):  # 100% and 92% of 16800
        evaluation = _listed(tongcheng, BACKSTOP, spent=D(spent), stated_score=D("105"))
        [finding] = [f for f in findings(evaluation, library) if f.location == "projects[24].stated_score"]
        assert (finding.code, finding.severity, finding.stated, finding.recomputed) == (
            "SCORE.ABOVE_PARTS", "error", "105", "100")
        assert finding.message == ("项目“机关事业单位养老保险兜底补贴”所列得分 105 分，高于满分 100 分：得分不能超过满分，"
                                   "请核对所列得分。")
    # at full marks or below: nothing; a third place above them (100.004) is above them
    for score in ("100", "100.00", "99.5"):
        evaluation = _listed(tongcheng, BACKSTOP, spent=D("16800"), stated_score=D(score))
        assert codes(evaluation, library, "SCORE.ABOVE_PARTS") == [], score
    evaluation = _listed(tongcheng, BACKSTOP, spent=D("16800"), stated_score=D("100.004"))
    assert codes(evaluation, library, "SCORE.ABOVE_PARTS") == ["SCORE.ABOVE_PARTS"]
    # a project with indicators is added up by SCORE.SUBTOTAL (or SCORE.TOTAL), not here: 通城's first project listed at 105
    evaluation = replace(tongcheng, projects=replace_in_list(tongcheng.projects, 0, stated_score=D("105")))
    assert "SCORE.ABOVE_PARTS" not in codes(evaluation, library)
    assert "SCORE.SUBTOTAL" in codes(evaluation, library)  # its stated parts add up to 100
