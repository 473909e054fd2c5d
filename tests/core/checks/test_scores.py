from decimal import Decimal as D

from jixiao.core.model import Goal, Indicator

from .helpers import codes, findings, replace, replace_in_list


def _with_project_indicator(evaluation, project, indicator, **changes):
    p = evaluation.projects[project]
    indicators = replace_in_list(p.indicators, indicator, **changes)
    return replace(evaluation, projects=replace_in_list(evaluation.projects, project, indicators=indicators))


def test_seed_003_scores_are_within_bounds_and_match_their_methods(tongcheng, library):
    assert codes(tongcheng, library, "SCORE", "EXECUTION", "WEIGHT") == []


def test_a_score_above_its_weight(tongcheng, library):
    evaluation = _with_project_indicator(tongcheng, 0, 3, score=D(5))  # 工伤病残认定完成率 weight 4
    [finding] = findings(evaluation, library, "SCORE.BOUNDS")
    assert finding.location == "projects[0].indicators[3]" and finding.stated == "5"


def test_a_quantitative_score_that_its_method_does_not_give(tongcheng, library):
    # 受理工伤病残等级鉴定例数: 126 against 100 earns all 5 points; a table stating 4 is wrong
    evaluation = _with_project_indicator(tongcheng, 0, 0, score=D(4))
    assert {f.code for f in findings(evaluation, library, "SCORE")} >= {"SCORE.METHOD", "SCORE.SUBTOTAL"}


def test_a_qualitative_score_outside_its_tier(tongcheng, library):
    evaluation = _with_project_indicator(tongcheng, 0, 7, score=D(7))  # 明显提高 = 明显提高 is achieved: 8–10
    [finding] = findings(evaluation, library, "SCORE.TIER")
    assert finding.recomputed == "8–10"


def test_a_missing_actual_is_reported_not_scored(tongcheng, library):
    evaluation = _with_project_indicator(tongcheng, 0, 0, actual=None)
    [finding] = findings(evaluation, library, "SCORE.NOT_SCORED")
    assert finding.severity == "error" and "缺少实际完成值" in finding.message


def test_stated_total_against_recomputed_total(tongcheng, library):
    # every stated part is right and only their sum is wrong: one correction (SCORE.SUBTOTAL), as a reviewer
    # writes it (the dev expectation of hubei-project-2021-runtogether: 95 stated, 20 + 73 = 93, SUBTOTAL alone)
    projects = replace_in_list(tongcheng.projects, 1, stated_score=D(98))
    found = {f.code for f in findings(replace(tongcheng, projects=projects), library, "SCORE")}
    assert found == {"SCORE.SUBTOTAL"}


def test_a_department_total_that_a_changed_actual_no_longer_gives(tongcheng, library):
    """Seed 003's department table: 事业单位工作人员录取人数 (weight 2, target 118 人) with its actual lowered to 100 人
    earns 2 × 100 / 118 = 1.69; the table still states 2 and a total of 100, which the rules make 99.69. The stated
    parts add up to 100, but they are not all right: the stated total is reported, as a project's is, and not hidden
    by the sum's tolerance (fourteen parts of 1.5: 0.7)."""
    g = tongcheng.goals[0]
    goals = replace_in_list(tongcheng.goals, 0, indicators=replace_in_list(g.indicators, 0, actual="100 人"))
    found = {f.code: f for f in findings(replace(tongcheng, goals=goals), library, "SCORE")}
    assert set(found) == {"SCORE.METHOD", "SCORE.TOTAL"}
    total = found["SCORE.TOTAL"]
    assert (total.location, total.subject, total.stated, total.recomputed) == ("stated_score", "部门整体", "100", "99.69")
    assert total.message == "所列总分 100，按评分规则重算为 99.69 分；如系四舍五入，得分应按两位小数列示为 99.69 分，不应进位为 100 分，请核对各项得分。"


def test_a_department_total_wrongly_added_is_one_correction(tongcheng, library):
    # every part of seed 003's department table is right (they add up to 100): a total of 98 is a wrong sum only
    found = {f.code for f in findings(replace(tongcheng, stated_score=D(98)), library, "SCORE")}
    assert found == {"SCORE.SUBTOTAL"}


def test_a_goal_weight_not_matching_its_indicators(tongcheng, library):
    goals = replace_in_list(tongcheng.goals, 2, weight=D(14))
    found = {f.code for f in findings(replace(tongcheng, goals=goals), library, "WEIGHT")}
    assert found == {"WEIGHT.GROUP"}


def test_indicator_weights_must_total_the_schemes_80(tongcheng, library):
    evaluation = _with_project_indicator(tongcheng, 0, 0, weight=D(6), score=D(6))
    assert "WEIGHT.TOTAL" in codes(evaluation, library, "WEIGHT")


def test_judgement_without_a_reason(library):
    from jixiao.core.model import Department, Evaluation

    evaluation = Evaluation(year=2023, scheme="yunnan-department-dmp", department=Department(name="某局"),
                            indicators=[Indicator(name="职责明确性", level1="decision", weight=D(5), code="A21", score=D(4))])
    [finding] = findings(evaluation, library, "SCORE.REASON")
    assert "须写明" in finding.message


def test_execution_stated_score_and_overspending(tongcheng, library):
    projects = replace_in_list(tongcheng.projects, 0, stated_execution_score=D(18))
    assert codes(replace(tongcheng, projects=projects), library, "EXECUTION") == ["EXECUTION.SCORE"]
    from jixiao.core.model import BudgetLine
    projects = replace_in_list(tongcheng.projects, 0, budget=BudgetLine(budget_adjusted=D(5), spent=D(6)))
    assert "EXECUTION.OVER" in codes(replace(tongcheng, projects=projects), library, "EXECUTION")
    [over] = [f for f in findings(replace(tongcheng, projects=projects), library, "EXECUTION")
              if f.code == "EXECUTION.OVER"]
    assert "（执行率 120.00%），请说明超预算支出的依据。" in over.message and "元" not in over.message.split("依据。")[1]
    # the trial's 12,345.6 against 5 万元 (246912.00%): most likely 元 typed as 万元, said beside the request
    projects = replace_in_list(tongcheng.projects, 0, budget=BudgetLine(budget_adjusted=D(5), spent=D("12345.6")))
    [over] = [f for f in findings(replace(tongcheng, projects=projects), library, "EXECUTION")
              if f.code == "EXECUTION.OVER"]
    assert "（执行率 246912.00%）" in over.message and "是否把“元”当作“万元”填写" in over.message


def test_a_budget_ten_times_its_spending_asks_whether_it_was_typed_in_yuan(tongcheng, library):
    """The mirror of EXECUTION.OVER's ten times: seed 003's 劳动仲裁办案专项工作经费 spent 20 万元 of 20; its budget typed
    as 200000 (the 20 万元 in 元) makes a rate of 0.01%, a warning asking about the unit, at the budget line."""
    from jixiao.core.checks.bounds import IMPLAUSIBLE_RATE
    from jixiao.core.model import BudgetLine

    def low(budget, spent="20"):
        line = BudgetLine(budget_adjusted=D(budget), spent=D(spent))
        projects = replace_in_list(tongcheng.projects, 1, budget=line)
        return [f for f in findings(replace(tongcheng, projects=projects), library, "EXECUTION")
                if f.code == "EXECUTION.LOW"]

    [finding] = low("200000")
    assert (finding.severity, finding.location, finding.subject, finding.recomputed) == (
        "warning", "projects[1].budget", "劳动仲裁办案专项工作经费", "0.01%")
    assert finding.message == ("调整后预算 200000 万元是执行数 20 万元的 10 倍以上（执行率 0.01%），"
                               "请先核对预算数是否把“元”当作“万元”填写或多写了位数；执行确实偏低的，请说明原因。")
    # at the threshold and just inside it: 200 against 20 is ten times (10.00%); 199.9 is not (10.01%)
    assert IMPLAUSIBLE_RATE == 10 and len(low("200")) == 1 and low("199.9") == []
    # nothing spent is no figure typed in the wrong unit; a budget of 0 has no rate (RULES §2)
    assert low("20", spent="0") == [] and low("0", spent="0") == []


def test_a_low_rate_is_found_without_a_scheme_or_indicators(library):
    """The new user's draft: a new year 不沿用, three projects pasted on 项目清单 with no scheme and no indicators (so no
    score card); one with 调整后预算 80,000.00 and 执行数 76.50 万元 (0.10%) was not flagged."""
    from jixiao.core.model import BudgetLine, Department, Evaluation, Project

    projects = [Project(name="劳动仲裁办案专项工作经费", budget=BudgetLine(budget_adjusted=D("20"), spent=D("20"))),
                Project(name="就业专项资金县级配套", budget=BudgetLine(budget_adjusted=D("80000.00"), spent=D("76.50"))),
                Project(name="工伤病残等级鉴定费", budget=BudgetLine(budget_adjusted=D("5"), spent=D("5")))]
    draft = Evaluation(year=2024, department=Department(name="通城县人力资源和社会保障局"), projects=projects)
    [finding] = findings(draft, library)
    assert (finding.code, finding.location, finding.subject, finding.recomputed) == (
        "EXECUTION.LOW", "projects[1].budget", "就业专项资金县级配套", "0.10%")


def test_the_seeds_budgets_are_not_ten_times_their_spending(tongcheng, changli, jingzhou, library):
    # 通城 spends all of each project's budget; 昌黎 and 靖州 state no project spending; their totals are close
    for seed in (tongcheng, changli, jingzhou):
        assert codes(seed, library, "EXECUTION.LOW") == []


def test_missing_goal_weight(tongcheng, library):
    goals = list(tongcheng.goals) + [Goal(name="年度目标 8", indicators=[])]
    assert "WEIGHT.GOAL" in codes(replace(tongcheng, goals=goals), library, "WEIGHT")


def test_a_stated_score_rounded_up_to_a_whole_number_is_an_error(tongcheng, library):
    # 受理工伤病残等级鉴定例数, weight 5: 90 cases against 100 earn 5 × 90 / 100 = 4.5; the table states 5.
    # Rounding 4.5 to the stated figure's places gives 5, but scores are shown to 2 places: half a point too many.
    evaluation = _with_project_indicator(tongcheng, 0, 0, actual="90 例", score=D(5))
    found = {f.code: f for f in findings(evaluation, library, "SCORE")}
    method = found["SCORE.METHOD"]
    assert (method.severity, method.location, method.stated, method.recomputed) == \
        ("error", "projects[0].indicators[0]", "5", "4.5")
    assert method.message.startswith("得分 5，按“定量·正向（越高越好）”应得 4.5 分（目标 100 例，实际 90 例）")
    total = found["SCORE.TOTAL"]  # the project's 100 is 99.5 by the rules
    assert (total.stated, total.recomputed) == ("100", "99.50")  # a total is shown to 2 places; the indicator 4.5
    assert total.message == "所列总分 100，按评分规则重算为 99.50 分；如系四舍五入，得分应按两位小数列示为 99.50 分，不应进位为 100 分，请核对各项得分。"


def test_a_stated_score_within_the_rounding_of_two_places_is_not_reported(tongcheng, library):
    # 2 × 116 / 118 = 1.9661…: 1.97 is that score shown to 2 places; 2 would be a rounding up
    g = tongcheng.goals[0]
    stated = {}
    for score in (D("1.97"), D("1.9661"), D(2)):
        goals = replace_in_list(tongcheng.goals, 0, indicators=replace_in_list(g.indicators, 0, actual="116 人", score=score))
        stated[str(score)] = [f.code for f in findings(replace(tongcheng, goals=goals), library, "SCORE.METHOD")]
    assert stated == {"1.97": [], "1.9661": [], "2": ["SCORE.METHOD"]}


def test_an_execution_score_rounded_up_is_an_error(tongcheng, library):
    from jixiao.core.model import BudgetLine
    projects = replace_in_list(tongcheng.projects, 0, budget=BudgetLine(budget_adjusted=D(40), spent=D(39)),
                               stated_execution_score=D(20))  # 97.5% of 20 points is 19.5
    [finding] = findings(replace(tongcheng, projects=projects), library, "EXECUTION")
    assert finding.code == "EXECUTION.SCORE" and finding.recomputed == "19.5"
    assert "按执行率 97.50% 应得 19.5 分" in finding.message


def test_stated_level1_weights_of_100_over_indicators_of_98(library):
    """A framework table no scheme scores prints its level-1 weights (决策 30 / 过程 25 / 产出 25 / 效益 20 = 100): the
    indicators must make those 100 marks too; 效益 with 10 + 8 = 18 makes the table 98 (WEIGHT.TOTAL and WEIGHT.GROUP)."""
    from jixiao.core.model import Department, Evaluation, StatedWeight

    leaves = [("decision", 30), ("process", 25), ("output", 10), ("output", 15), ("effect", 10), ("effect", 8)]
    indicators = [Indicator(name=f"指标{i}", level1=group, weight=D(w), score=D(w)) for i, (group, w) in enumerate(leaves)]
    groups = [StatedWeight(group=g, weight=D(w), where="表 1") for g, w in
              (("decision", 30), ("process", 25), ("output", 25), ("effect", 20))]
    evaluation = Evaluation(year=2022, department=Department(name="某局"), indicators=indicators,
                            stated_group_weights=groups)
    found = {(f.code, f.stated, f.recomputed) for f in findings(evaluation, library, "WEIGHT")}
    assert found == {("WEIGHT.TOTAL", "100", "98"), ("WEIGHT.GROUP", "20", "18")}
    # level-1 weights that make only part of the marks (a 绩效指标 table of 70) say nothing of the whole
    part = [replace(g, weight=D(10)) if g.group == "decision" else g for g in groups]
    assert {f.code for f in findings(replace(evaluation, stated_group_weights=part), library, "WEIGHT")} == {
        "WEIGHT.GROUP"}


def test_stated_level1_weights_the_scheme_leaves_open_are_checked(library):
    """A department table scored by a scheme that fixes no share for its categories (department-indicators-10-90:
    产出, 效益, 满意度 share the 90 marks as the department decides) prints 产出指标（50分）, 效益指标（30分）: the indicators
    under each must make the weight printed, 45 ≠ 50 and 35 ≠ 30, while 满意度指标（10分） over 10 is right."""
    from jixiao.core.model import Department, Evaluation, StatedWeight

    leaves = [("output", 20), ("output", 25), ("outcome", 20), ("outcome", 15), ("satisfaction", 10)]
    indicators = [Indicator(name=f"指标{i}", level1=group, weight=D(w), score=D(w), target="≥1个", actual="1个")
                  for i, (group, w) in enumerate(leaves)]
    groups = [StatedWeight(group=g, weight=D(w), where="表 1") for g, w in
              (("output", 50), ("outcome", 30), ("satisfaction", 10))]
    evaluation = Evaluation(year=2023, department=Department(name="某局"), indicators=indicators,
                            stated_group_weights=groups, scheme="department-indicators-10-90")
    found = {(f.code, f.stated, f.recomputed) for f in findings(evaluation, library, "WEIGHT")}
    assert found == {("WEIGHT.GROUP", "50", "45"), ("WEIGHT.GROUP", "30", "35")}
    # weights that make what the table prints raise nothing
    right = [replace(g, weight=D(45)) if g.group == "output" else replace(g, weight=D(35)) if g.group == "outcome"
             else g for g in groups]
    assert findings(replace(evaluation, stated_group_weights=right), library, "WEIGHT") == []


def test_a_stale_stated_score_is_reported_without_the_rounding_note(tongcheng, library):
    """事业单位工作人员录取人数, weight 2, target 118 人 (seed 003 states 2 for 118 人). A user who changes the actual and
    leaves the old 2 is told the recomputed score; the 进位 remark only where the stated figure is the computed one
    rounded to its own places (2 × 100 / 118 = 1.69…: 1.7 is that rounded to 1 place, 1.8 is not)."""
    g = tongcheng.goals[0]

    def message(actual, score):
        indicators = replace_in_list(g.indicators, 0, actual=actual, score=D(score))
        goals = replace_in_list(tongcheng.goals, 0, indicators=indicators)
        [finding] = findings(replace(tongcheng, goals=goals), library, "SCORE.METHOD")
        return finding.message

    # 2 × 60 / 118 = 1.0169…: no rounding makes 2 of it
    assert message("60 人", "2") == "得分 2，按“定量·正向（越高越好）”应得 1.02 分（目标 118 人，实际 60 人）。"
    assert message("100 人", "1.8") == "得分 1.8，按“定量·正向（越高越好）”应得 1.69 分（目标 118 人，实际 100 人）。"
    assert message("100 人", "1.7").endswith("；如系四舍五入，得分应按两位小数列示为 1.69 分，不应进位为 1.7 分。")
    # trial 11: 90 人 left the stated full marks, 2; 1.53 rounded to a whole number is 2 too, but full marks on a
    # missed target are not said to be a rounding
    assert message("90 人", "2") == "得分 2，按“定量·正向（越高越好）”应得 1.53 分（目标 118 人，实际 90 人）。"


def test_spending_over_the_budget_is_found_without_a_scheme_or_indicators(library):
    """The same draft with no score card: 15000 typed for 工伤病残等级鉴定费 (budget 5 万元; 元 typed as 万元) was not
    flagged, as EXECUTION.OVER read only the lines a score card measures. It reads every budget line, as
    EXECUTION.LOW does, with the same hint at ten times the budget."""
    from jixiao.core.model import BudgetLine, Department, Evaluation, Project

    projects = [Project(name="劳动仲裁办案专项工作经费", budget=BudgetLine(budget_adjusted=D("20"), spent=D("20"))),
                Project(name="工伤病残等级鉴定费", budget=BudgetLine(budget_adjusted=D("5"), spent=D("15000")))]
    draft = Evaluation(year=2024, department=Department(name="通城县人力资源和社会保障局"), projects=projects)
    [finding] = [f for f in findings(draft, library) if f.code.startswith("EXECUTION")]
    assert (finding.code, finding.location, finding.subject, finding.recomputed) == (
        "EXECUTION.OVER", "projects[1].budget", "工伤病残等级鉴定费", "300000.00%")
    assert finding.message == ("执行数 15000 万元超过调整后预算 5 万元（执行率 300000.00%），请说明超预算支出的依据。"
                               "执行数是预算的 10 倍以上，请先核对是否把“元”当作“万元”填写或多写了位数。")


def test_a_scored_line_over_its_budget_is_found_once(tongcheng, library):
    # 通城's project 1 scored (a card): its execution over budget is one EXECUTION.OVER, not one per path
    project = tongcheng.projects[0]
    line = project.execution or project.budget
    over = replace(line, spent=line.budget_adjusted * 2)
    changed = replace(project, execution=over) if project.execution else replace(project, budget=over)
    evaluation = replace(tongcheng, projects=[changed, *tongcheng.projects[1:]])
    assert [f.location for f in findings(evaluation, library) if f.code == "EXECUTION.OVER"] == [
        "projects[0].execution" if project.execution else "projects[0].budget"]
