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
