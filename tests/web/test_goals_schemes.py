"""What a new user of goal setting ran into: weight totals that ignored the department's scoring schemes (通城's
Hubei 20/80), goals submitted without their text or budget, copied names still saying last year, the form hiding the
unit and direction it infers, a top error naming nothing, and suggestions from another sector first."""

from __future__ import annotations

import copy
import re

import pytest
from django.contrib.auth import get_user_model

from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.services import Actor, analysis_of
from jixiao.web.goals import services
from jixiao.web.goals.models import GoalSet, GoalStatus

from .conftest import client_for
from .test_goals import _edit_form, _sets, _with

pytestmark = pytest.mark.django_db


def _messages(goal_set: GoalSet, document: dict) -> list[str]:
    return [f.message for f in services.findings(document, goal_set.department, goal_set.year)]


# ------------------------------------------------------------------------------------------------ 1. the schemes
def test_each_departments_totals_come_from_its_evaluations_schemes(demo):
    sets = _sets()
    tongcheng, changli, jingzhou = sets["通城"], sets["昌黎"], sets["靖州"]
    # 通城 2023 was scored by the Hubei schemes (seed 003): 100 − 20 execution = 80 for every goal
    assert (tongcheng.document["scheme"], tongcheng.document["project_scheme"]) == ("hubei-department",
                                                                                  "hubei-project")
    assert services.summarise(tongcheng) and tongcheng.errors == 0
    raised = copy.deepcopy(tongcheng.document)
    raised["projects"][1]["indicators"][0]["weight"] = "40"  # 80 + 10: what the user did to satisfy the old check
    assert "项目“职业技能提升培训”各指标权重合计 90 分，应为 80 分。" in _messages(tongcheng, raised)
    # 昌黎's projects by MOF 2020 (10 + 90); its department has no scheme: the library file's 100
    assert changli.document == {**changli.document, "project_scheme": "mof-2020-project"}
    assert "scheme" not in changli.document
    totals = services.core.weight_totals_of(changli.document, services.schemes(), services.library().weight_totals)
    assert (totals["department"], totals["project"]) == (100, 90)
    # 靖州 2022 names no scheme at all: both from the library file
    assert not any(jingzhou.document.get(k) for k in ("scheme", "project_scheme"))
    totals = services.core.weight_totals_of(jingzhou.document, services.schemes(), services.library().weight_totals)
    assert (totals["department"], totals["project"]) == (100, 90)


def test_approving_tongchengs_goals_builds_a_draft_scored_by_its_schemes_without_weight_errors(demo):
    tongcheng = _sets()["通城"]
    finance = Actor(get_user_model().objects.get(username="tongcheng_finance"))
    outcome = services.transition(tongcheng, "approve", finance, "同意")
    assert outcome.goal_set.status == GoalStatus.APPROVED
    draft = Evaluation.objects.get(department=tongcheng.department, year=2024)
    assert (draft.document["scheme"], draft.document["project_scheme"]) == ("hubei-department", "hubei-project")
    codes = [f.code for f in analysis_of(draft).findings]
    assert "WEIGHT.TOTAL" not in codes


def test_a_goal_set_created_with_a_document_remembers_the_schemes_and_keeps_them_on_save(demo):
    changli = _sets()["昌黎"]
    client = client_for("changli_preparer")
    response = client.post(f"/goals/{changli.pk}/fill/", _with(_edit_form(client, changli), i0__target="≥1600 人"))
    assert response.status_code == 302
    assert GoalSet.objects.get(pk=changli.pk).document["project_scheme"] == "mof-2020-project"


# ---------------------------------------------------------------------------------- 2. text, budget, old years
def test_goals_without_text_or_budget_cannot_be_submitted(demo):
    changli = _sets()["昌黎"]
    client = client_for("changli_preparer")
    data = _with(_edit_form(client, changli), goal="", p0__goal="", p0__budget="")
    assert client.post(f"/goals/{changli.pk}/fill/", data).status_code == 302
    stored = GoalSet.objects.get(pk=changli.pk)
    messages = _messages(stored, stored.document)
    assert "部门整体目标没有填写年度绩效目标。" in messages
    assert "项目“职业技能提升培训”没有填写年度绩效目标。" in messages
    assert "项目“职业技能提升培训”没有填写申请预算。" in messages
    page = re.sub(r"<[^>]+>", "", client.get(f"/goals/{changli.pk}/fill/").content.decode())
    assert "项目“职业技能提升培训”：没有填写年度绩效目标。" in page  # the place once, before the message (trial 13)
    assert "项目“职业技能提升培训”：项目“职业技能提升培训”" not in page
    response = client.post(f"/goals/{changli.pk}/", {"action": "submit"}, follow=True)
    assert "个错误未改正" in response.content.decode()
    assert GoalSet.objects.get(pk=changli.pk).status == GoalStatus.RETURNED


def test_copied_names_that_still_say_last_year_are_flagged(demo):
    tongcheng = _sets()["通城"]  # 2024 goals
    document = copy.deepcopy(tongcheng.document)
    document["projects"][0]["indicators"][0]["name"] = "2023 年劳动仲裁受理案件数"
    document["projects"][1]["indicators"][0]["name"] = "23年新增职业技能培训人次"
    document["projects"][1]["indicators"][1]["name"] = "2024 年任务按期完成率"
    messages = _messages(tongcheng, document)
    assert "名称“2023 年劳动仲裁受理案件数”仍写着 2023 年：本目标为 2024 年度。" in messages
    assert "名称“23年新增职业技能培训人次”仍写着 2023 年：本目标为 2024 年度。" in messages
    assert not any("2024 年任务按期完成率" in m for m in messages)


# ------------------------------------------------------------------------------- 3. the form shows what is shown
def test_the_form_shows_the_unit_and_direction_the_read_only_page_shows(demo):
    changli = _sets()["昌黎"]
    document = copy.deepcopy(changli.document)
    # a row copied from last year before units were stored: "100 例" with no unit and no direction
    document["projects"][0]["indicators"][0] = {"name": "受理工伤病残等级鉴定例数", "level1": "output",
                                                "level2": "quantity", "target": "100 例", "weight": "30"}
    GoalSet.objects.filter(pk=changli.pk).update(document=document)
    client = client_for("changli_preparer")
    form = _edit_form(client, GoalSet.objects.get(pk=changli.pk))
    assert form["p0-i0-unit_of_measure"] == ["例"] and form["p0-i0-direction"] == ["higher_better"]
    page = client.get(f"/goals/{changli.pk}/").content.decode()
    assert "例" in page and "≥ 正向" in page


# ---------------------------------------------------------------------------------- 4. the top error names rows
def test_the_top_error_counts_and_names_the_fields_and_rows(demo):
    changli = _sets()["昌黎"]
    client = client_for("changli_preparer")
    data = _with(_edit_form(client, changli), i1__weight="abc", p0__i2__weight="12%")
    response = client.post(f"/goals/{changli.pk}/fill/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "有 2 处填写错误，未保存" in page
    assert "部门整体绩效目标·第 2 行·权重：" in page
    assert "项目“职业技能提升培训”·第 3 行·权重：" in page


# ------------------------------------------------------------------------------------ 6. suggestions by source
def test_a_departments_own_history_and_sector_come_before_other_sectors(demo):
    tongcheng = _sets()["通城"]
    client = client_for("tongcheng_preparer")
    response = client.get("/goals/library/", {"q": "满意", "goal_set": tongcheng.pk, "format": "json"})
    results = [(r["name"], r["origin"]) for r in response.json()["results"]]
    names = [name for name, _ in results]
    assert names.index("农民工满意度") < names.index("参保群众满意度") < names.index("农户满意度")
    assert results[names.index("农民工满意度")][1].startswith("本部门 2023 年自评")
    assert results[names.index("参保群众满意度")][1] == "行业指标·社会保障和就业"
    assert results[names.index("农户满意度")][1] == "行业指标·农业农村"
