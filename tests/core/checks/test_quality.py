from decimal import Decimal as D

from .helpers import codes, findings, replace, replace_in_list


def test_actual_written_with_an_operator(tongcheng, library):
    found = [f for f in findings(tongcheng, library, "MEASURE") if f.location == "goals[0].indicators[5].actual"]
    assert found and found[0].stated == "≥96%"


def test_a_quantity_with_words_for_a_target(tongcheng, library):
    goal = tongcheng.goals[0]
    goals = replace_in_list(tongcheng.goals, 0, indicators=replace_in_list(goal.indicators, 0, target="明显提高", actual="明显提高"))
    assert "MEASURE.VAGUE" in codes(replace(tongcheng, goals=goals), library, "MEASURE")


def test_a_number_without_a_unit(tongcheng, library):
    assert "MEASURE.UNIT" not in codes(tongcheng, library, "MEASURE")
    goal = tongcheng.goals[0]
    goals = replace_in_list(tongcheng.goals, 0, indicators=replace_in_list(goal.indicators, 0, target="118", actual="118"))
    assert "MEASURE.UNIT" in codes(replace(tongcheng, goals=goals), library, "MEASURE")


def test_seed_003_full_marks_at_965_percent_with_deviation_none(tongcheng, library):
    found = {f.location: f for f in findings(tongcheng, library, "DEVIATION")}
    contracts = found["goals[3].indicators[2]"]  # 为用人单位鉴证劳动合同份数 4824 against 500
    assert contracts.recomputed == "完成率 964.80%" and contracts.stated == "无"
    assert "承认指标设定不合理" in contracts.message and "目标明显偏低的应调整目标或酌情扣分" in contracts.message
    # the row left its cell blank: the “无” quoted is the table's analysis, and the message says whose (a new user
    # read it as a reason they had written for the row)
    assert "而本行未写偏差原因，表中的偏差原因分析为“无”；报告“存在的问题”" in contracts.message
    # projects whose tables explain the deviation raise nothing
    assert not any(loc.startswith(("projects[1]", "projects[2]", "projects[3]", "projects[4]", "projects[5]")) for loc in found)


def test_a_deviation_reason_silences_it(tongcheng, library):
    before = [f.location for f in findings(tongcheng, library, "DEVIATION")]
    explained = replace(tongcheng, deviation_reason="目标值按往年数据测算，设定偏低，下年度据实调整。")
    after = [f.location for f in findings(explained, library, "DEVIATION")]
    assert [loc for loc in before if loc.startswith("goals")] == [
        "goals[2].indicators[0]", "goals[3].indicators[0]", "goals[3].indicators[1]", "goals[3].indicators[2]",
        "goals[4].indicators[0]"]
    assert after == [loc for loc in before if not loc.startswith("goals")]


def test_under_achievement_needs_a_reason(tongcheng, library):
    project = tongcheng.projects[6]  # 社会保险基金监督工作经费, deviation 无
    indicators = replace_in_list(project.indicators, 0, actual="12 人", score=D("6.4"))
    projects = replace_in_list(tongcheng.projects, 6, indicators=indicators)
    found = [f for f in findings(replace(tongcheng, projects=projects), library, "DEVIATION") if f.location.startswith("projects[6]")]
    assert len(found) == 1 and "未完成目标" in found[0].message
    # a missed target is asked for its causes, not told the target was set too low (a new user read that advice)
    assert "写明未完成的原因" in found[0].message and "目标明显偏低" not in found[0].message
    # the row's own answer is quoted as the row's
    own = replace_in_list(indicators, 0, deviation_reason="无")
    (row,) = [f for f in findings(replace(tongcheng, projects=replace_in_list(tongcheng.projects, 6, indicators=own)),
                                  library, "DEVIATION") if f.location.startswith("projects[6]")]
    assert "而本行偏差原因为“无”，请说明偏差原因" in row.message


def test_full_marks_everywhere(tongcheng, library):
    locations = [f.location for f in findings(tongcheng, library, "FULL_MARKS")]
    assert "goals" in locations and "projects[0]" in locations
    assert "projects[6]" not in locations  # all targets met exactly


def test_zero_scored_projects_of_seed_000(changli, library):
    found = findings(changli, library, "ZERO")
    assert [f.location for f in found] == ["projects[17]", "projects[21]", "projects[35]"]
    assert all(f.severity == "notice" for f in found)


def test_an_actual_written_as_a_fraction_against_a_percentage(tongcheng, library):
    """Seed 003's 事业单位工作人员招聘率 (100% against 100%) typed as “1” or “0.95”: scored as 1% or 0.95% of 100%,
    where 100% or 95% was meant (a new user's 0.95 scored 0.02 of 2 points with no hint)."""
    assert "MEASURE.PERCENT_FRACTION" not in codes(tongcheng, library, "MEASURE")
    goal = tongcheng.goals[0]
    for typed, meant in (("0.95", "95%"), ("1", "100%")):
        goals = replace_in_list(tongcheng.goals, 0, indicators=replace_in_list(goal.indicators, 2, actual=typed))
        found = [f for f in findings(replace(tongcheng, goals=goals), library, "MEASURE")
                 if f.code == "MEASURE.PERCENT_FRACTION"]
        assert [f.location for f in found] == ["goals[0].indicators[2].actual"]
        assert found[0].recomputed == meant and found[0].stated == typed
        assert f"已按 {typed}% 与目标“100%”比较计分；如实际为 {meant}，请填写“{meant}”" in found[0].message
    # a percentage written as one, and a whole number, are what they say
    for typed in ("95%", "95"):
        goals = replace_in_list(tongcheng.goals, 0, indicators=replace_in_list(goal.indicators, 2, actual=typed))
        assert "MEASURE.PERCENT_FRACTION" not in codes(replace(tongcheng, goals=goals), library, "MEASURE")
