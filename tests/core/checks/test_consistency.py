import datetime as dt
from decimal import Decimal as D

from jixiao.core.model import DeclaredTotals, StaffCount, StatedDate, StatedYear, Survey, SurveyOption, SurveyQuestion

from .helpers import codes, findings, replace, replace_in_list


def test_seed_002_grade_left_empty(jingzhou, library):
    [finding] = findings(jingzhou, library, "GRADE")
    assert finding.code == "GRADE.MISSING" and finding.recomputed == "优"


def test_a_grade_that_does_not_match_the_score(changli, library):
    assert codes(changli, library, "GRADE") == []  # 98 优, 92.7 优, 0 差 … all agree
    projects = replace_in_list(changli.projects, 16, stated_grade="良")  # 92.7 is 优
    [finding] = findings(replace(changli, projects=projects), library, "GRADE")
    assert finding.code == "GRADE.MISMATCH" and finding.location == "projects[16].stated_grade"
    assert finding.message.startswith("得分 92.70 分，所列等级“良”")  # a total: 2 places, as every total is shown


def test_letters_name_the_same_grade(changli, library):
    assert codes(replace(changli, stated_grade="A"), library, "GRADE") == []


def test_seed_002_years_and_dates(jingzhou, library):
    found = {f.code: f for f in findings(jingzhou, library, "DATE")}
    assert found["DATE.YEAR"].stated == "2020"
    assert found["DATE.EARLY"].stated == "2022-02-20"
    assert found["DATE.AS_OF"].stated == "2021-12-31"
    assert "DATE.REPORTS" in found


def test_dates_that_fit_the_year_raise_nothing(changli, tongcheng, library):
    assert codes(changli, library, "DATE") == []
    assert codes(tongcheng, library, "DATE") == []
    late = replace(changli, stated_dates=[StatedDate(kind="report", date=dt.date(2024, 3, 20))],
                   stated_years=[StatedYear(year=2023)])
    assert codes(late, library, "DATE") == []


def test_staff_above_authorized(jingzhou, library):
    [finding] = findings(jingzhou, library, "STAFF")
    assert (finding.stated, finding.recomputed) == ("40", "≤ 36")
    fixed = replace(jingzhou, department=replace(jingzhou.department, staff_actual=StaffCount(total=36)))
    assert codes(fixed, library, "STAFF") == []


def test_scope_of_seed_003(tongcheng, library):
    found = {f.code: f for f in findings(tongcheng, library, "SCOPE")}
    assert found["SCOPE.PROJECTS"].severity == "notice"
    assert (found["SCOPE.PROJECTS"].stated, found["SCOPE.PROJECTS"].recomputed) == ("21468.3", "275.77")
    assert "基金项目" in found["SCOPE.PROJECTS"].message
    same = replace(tongcheng, declared_totals=DeclaredTotals(basic_expenditure=D("2544.29"), project_expenditure=D("275.77")))
    assert codes(same, library, "SCOPE") == []


def test_surveys(library, jingzhou):
    options = [SurveyOption(label="A", points=D(10), count=90, satisfied=True),
               SurveyOption(label="B", points=D(5), count=8, satisfied=True),
               SurveyOption(label="C", points=D(0), count=2)]
    good = Survey(id="s", issued=110, returned=105, valid=100, stated_score=D(94),
                  questions=[SurveyQuestion(text=f"第{i}题", options=options) for i in range(10)])
    assert codes(replace(jingzhou, surveys=[good]), library, "SURVEY") == []
    bad = replace(good, returned=120, stated_score=D(95),
                  questions=[SurveyQuestion(text="第1题", options=[replace(options[0], count=101)])])
    assert set(codes(replace(jingzhou, surveys=[bad]), library, "SURVEY")) == {"SURVEY.COUNTS", "SURVEY.ANSWERS",
                                                                               "SURVEY.SCORE"}


def _project_indicator(evaluation, name: str) -> tuple[int, int]:
    [found] = [(p, i) for p, project in enumerate(evaluation.projects)
               for i, indicator in enumerate(project.indicators) if indicator.name == name]
    return found


def _with_project_actual(evaluation, name: str, actual: str):
    p, i = _project_indicator(evaluation, name)
    project = evaluation.projects[p]
    indicators = replace_in_list(project.indicators, i, actual=actual)
    return replace(evaluation, projects=replace_in_list(evaluation.projects, p, indicators=indicators))


def test_seed_003_states_its_goals_indicators_as_its_projects_do(tongcheng, library):
    """Seed 003's department table repeats 15 of its projects' indicators with the same targets and actual values
    (累计保存人事关系及档案份数 20611 份 in both): the convention the check holds a document to finds nothing there."""
    assert codes(tongcheng, library, "FACT.TABLES") == []


def test_an_indicator_stated_differently_in_the_goals_and_its_project(tongcheng, library):
    typo = _with_project_actual(tongcheng, "累计保存人事关系及档案份数", "2061 份")  # a digit dropped in one table
    [finding] = findings(typo, library, "FACT.TABLES")
    assert finding.severity == "warning" and finding.location.startswith("goals[")
    assert (finding.stated, finding.recomputed) == ("20611 份", "2061 份")
    p, _ = _project_indicator(tongcheng, "累计保存人事关系及档案份数")
    assert f"项目“{tongcheng.projects[p].name}”" in finding.message and "偏差原因" in finding.message
    # the same value written with other spacing is the same fact
    assert codes(_with_project_actual(tongcheng, "累计保存人事关系及档案份数", "20611份"), library, "FACT.TABLES") == []


def test_an_indicator_several_projects_share_may_be_their_aggregate(tongcheng, library):
    """工作完成合格率 100% is an indicator of two of seed 003's projects: the department's may sum up both, so a
    project stating another value is not compared; nor is an actual written as a bound (another check's)."""
    [(p, i), _] = [(p, i) for p, project in enumerate(tongcheng.projects)
                   for i, indicator in enumerate(project.indicators) if indicator.name == "工作完成合格率"]
    project = tongcheng.projects[p]
    changed = replace(tongcheng, projects=replace_in_list(
        tongcheng.projects, p, indicators=replace_in_list(project.indicators, i, actual="98%")))
    assert codes(changed, library, "FACT.TABLES") == []
    bound = _with_project_actual(tongcheng, "累计保存人事关系及档案份数", "≥20000 份")
    assert codes(bound, library, "FACT.TABLES") == []
