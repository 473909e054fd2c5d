"""Data entry: bad input gets a Chinese message on its field and keeps everything typed; scores follow the typing;
rows pasted from a sheet arrive as new rows; a new year starts from last year's projects and targets."""

from __future__ import annotations

import pytest

from jixiao.web.evaluations.models import Evaluation

from .conftest import client_for


def grid_post(evaluation, document_project: dict, **overrides) -> dict:
    """What the project page posts: its fields and its indicator grid, as the browser sends them."""
    indicators = document_project["indicators"]
    data = {"revision": str(evaluation.revision), "ind-rows": str(len(indicators)),
            "f-projects[0].name": document_project["name"],
            "f-projects[0].budget.budget_adjusted": document_project["budget"]["budget_adjusted"],
            "f-projects[0].budget.spent": document_project["budget"]["spent"]}
    for i, indicator in enumerate(indicators):
        data[f"ind-{i}-origin"] = str(i)
        for key in ("level1", "level2", "name", "target", "actual", "weight", "method", "tier", "score", "deviation_reason"):
            data[f"ind-{i}-{key}"] = indicator.get(key, "")
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_changing_an_actual_value_changes_the_score_and_grade(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    project = tongcheng.document["projects"][0]
    # 受理工伤病残等级鉴定例数 weight 5: 80 of a target of 100 earns 4 (RULES §4.1), so the project scores 99
    preview = client.post(f"/evaluations/{tongcheng.pk}/preview/project-0/", grid_post(tongcheng, project, **{"ind-0-actual": "80 例"}))
    page = preview.content.decode()
    assert preview.status_code == 200
    assert 'data-testid="project-total">99.00<' in page and "应得 4 分" in page
    saved = client.post(f"/evaluations/{tongcheng.pk}/edit/project-0/", grid_post(tongcheng, project, **{"ind-0-actual": "80 例"}))
    assert saved.status_code == 302
    stored = Evaluation.objects.get(pk=tongcheng.pk)
    assert stored.document["projects"][0]["indicators"][0]["actual"] == "80 例"
    assert stored.revision == tongcheng.revision + 1


@pytest.mark.django_db
def test_bad_input_names_the_field_and_keeps_the_rest(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    response = client.post(f"/evaluations/{tongcheng.pk}/edit/finance/", {
        "revision": str(tongcheng.revision), "f-budget.total.spent": "两千八百", "f-income.total": "2820.06",
        "f-budget.basic_expenditure.spent": "2544.29"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "请输入数字（如 1209.14），不是“两千八百”" in page
    # the banner names the field too: the red cell may be far below the top of a long page
    assert ("有 1 处填写有误，本次未保存：预算执行·支出合计·决算数：请输入数字（如 1209.14），不是“两千八百”。"
            "已在该处标出") in page
    assert 'value="两千八百"' in page and 'value="2544.29"' in page  # what was typed stays
    assert Evaluation.objects.get(pk=tongcheng.pk).revision == tongcheng.revision  # nothing saved


@pytest.mark.django_db
def test_grid_errors_are_shown_on_the_cell(evaluations):
    tongcheng = evaluations["tongcheng"]
    project = tongcheng.document["projects"][0]
    response = client_for("tongcheng_preparer").post(
        f"/evaluations/{tongcheng.pk}/edit/project-0/", grid_post(tongcheng, project, **{"ind-2-weight": "十"}))
    assert response.status_code == 400
    assert "请输入数字（如 10），不是“十”" in response.content.decode()
    assert "本次未保存：年度绩效指标第 3 行·分值：请输入数字（如 10），不是“十”。" in response.content.decode()


@pytest.mark.django_db
def test_pasted_rows_become_indicators(evaluations):
    tongcheng = evaluations["tongcheng"]
    project = tongcheng.document["projects"][0]
    data = grid_post(tongcheng, project)
    n = len(project["indicators"])
    data.update({"ind-rows": str(n + 1), f"ind-{n}-origin": "", f"ind-{n}-level1": "产出指标", f"ind-{n}-level2": "数量指标",
                 f"ind-{n}-name": "宣传场次", f"ind-{n}-target": "≥10 场", f"ind-{n}-actual": "12 场", f"ind-{n}-weight": "0"})
    assert client_for("tongcheng_preparer").post(f"/evaluations/{tongcheng.pk}/edit/project-0/", data).status_code == 302
    added = Evaluation.objects.get(pk=tongcheng.pk).document["projects"][0]["indicators"][-1]
    assert added["level1"] == "output" and added["level2"] == "quantity"  # Chinese labels pasted from a sheet
    assert added["name"] == "宣传场次"


@pytest.mark.django_db
def test_emptied_rows_are_removed_and_unshown_fields_kept(evaluations):
    changli = evaluations["changli"]
    units = changli.document["department"]["units"]
    data = {"revision": str(changli.revision), "units-rows": str(len(units)), "group-rows": "0"}
    for i, unit in enumerate(units):
        data[f"units-{i}-origin"] = str(i)
        data[f"units-{i}-name"] = unit["name"] if i != 1 else ""
        data[f"units-{i}-is_main"] = "on" if unit.get("is_main") else ""
        data[f"units-{i}-staff_authorized.total"] = str(unit.get("staff_authorized", {}).get("total", "")) if i != 1 else ""
        data[f"units-{i}-staff_actual.total"] = str(unit.get("staff_actual", {}).get("total", "")) if i != 1 else ""
    assert client_for("changli_preparer").post(f"/evaluations/{changli.pk}/edit/profile/", data).status_code == 302
    stored = Evaluation.objects.get(pk=changli.pk).document["department"]["units"]
    assert len(stored) == len(units) - 1
    assert stored[0]["staff_actual"] == {"administrative": 21, "institutional": 15}  # a field the grid does not show


@pytest.mark.django_db
def test_a_new_year_starts_from_last_years_projects_goals_and_targets(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    response = client.post("/evaluations/new/", {"department": tongcheng.department_id, "year": "2024",
                                                 "copy_from": tongcheng.pk})
    assert response.status_code == 302
    new = Evaluation.objects.get(department=tongcheng.department, year=2024)
    document = new.document
    assert len(document["projects"]) == 26 and len(document["goals"]) == 7
    first = document["goals"][3]["indicators"][2]
    assert first["name"] == "为用人单位鉴证劳动合同份数" and first["target"] == "500 份"
    assert "actual" not in first and "score" not in first
    assert "budget" not in document and "budget" not in document["projects"][0]
    assert new.year == 2024 and document["year"] == 2024
    again = client.post("/evaluations/new/", {"department": tongcheng.department_id, "year": "2024"})
    assert "已经存在" in again.content.decode()


@pytest.mark.django_db
def test_a_fresh_years_blanks_are_listed_as_not_yet_scored_and_submitting_says_so(evaluations):
    """Trial 4: a 2024 draft started from 2023 listed 错误 132 in red, every one a blank actual (SCORE.NOT_SCORED).
    The list says how many of the errors are blanks and does not paint them red; submitting says what to fill."""
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    client.post("/evaluations/new/", {"department": tongcheng.department_id, "year": "2024", "copy_from": tongcheng.pk})
    new = Evaluation.objects.get(department=tongcheng.department, year=2024)
    assert new.errors > 100 and new.unscored == new.errors  # nothing filled in yet: only blanks
    listed = client.get("/evaluations/").content.decode()
    # as the bureau's list draws it (trial 12 found the two lists apart): no error in what was filled in, 128 blanks
    assert f'<td class="num ">0<br><small class="hint" data-testid="unscored"' in listed
    assert f"未计分 {new.unscored}</small>" in listed and "其中未计分" not in listed
    refused = client.post(f"/evaluations/{new.pk}/workflow/submit/", follow=True).content.decode()
    # trial 10: the overview said 尚有 55 项未计分 (the department's table), refusing said 128 处 (every table), and
    # neither said which. Each says its tables now, and the overview's add up to what submitting waits for: 55 is
    # the department's 54 indicators and its budget execution item, 73 the projects' 65 indicators and the
    # execution item of each of the 8 projects that has indicators (their budgets are cleared for the new year).
    document = new.document
    department = sum(len(g["indicators"]) for g in document["goals"]) + 1
    scored = [p for p in document["projects"] if p.get("indicators")]
    projects = sum(len(p["indicators"]) for p in scored) + len(scored)
    assert (department, projects) == (55, 73) and department + projects == new.unscored
    assert (f"全部自评表还有 {new.unscored} 项尚未计分（部门整体自评表 55 项、项目自评表 73 项："
            "实际值、分值或预算执行数未填），填齐后才能提交部门审核。") in refused
    overview = client.get(f"/evaluations/{new.pk}/").content.decode()
    assert ("部门整体自评表尚有 55 项未计分，不评定等级；项目自评表另有 73 项未计分（全部自评表共 128 项）"
            in overview)
    old = Evaluation.objects.get(pk=tongcheng.pk)
    assert old.unscored == 0 and listed.count("未计分 ") == 1  # 2023's evaluation is filled in: no such line


@pytest.mark.django_db
def test_an_empty_evaluation_is_listed_as_unauditable_and_cannot_be_submitted(evaluations):
    """Trial 9: a 2024 evaluation started blank (no scheme, budget, projects, goals or indicators) listed 错误 0 警告 0
    and was submitted for the department's review: nothing had been checked, which is no verdict."""
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    client.post("/evaluations/new/", {"department": tongcheng.department_id, "year": "2024"})
    new = Evaluation.objects.get(department=tongcheng.department, year=2024)
    assert (new.auditable, new.errors, new.warnings) == (False, 0, 0)
    listed = client.get("/evaluations/").content.decode()
    assert listed.count('data-testid="unauditable"') == 1  # the blank one; 2023's filled-in draft shows its counts
    assert '<td class="num bad" data-testid="unauditable"' in listed and ">无法审核</td>" in listed
    # no “提交后不能再修改” question first (trial 10: it asked, then refused)
    assert 'data-confirm="提交部门审核？' not in client.get(f"/evaluations/{new.pk}/").content.decode()
    refused = client.post(f"/evaluations/{new.pk}/workflow/submit/", follow=True).content.decode()
    assert "无法审核：尚未选择评分方案，也没有填写预算、项目、年度目标或绩效指标，没有可以审核的内容。请先填写，才能提交部门审核。" \
        in refused
    assert Evaluation.objects.get(pk=new.pk).status == "draft"
    assert Evaluation.objects.get(pk=tongcheng.pk).auditable


@pytest.mark.django_db
def test_preparers_cannot_create_for_other_departments(evaluations):
    response = client_for("tongcheng_preparer").post("/evaluations/new/", {
        "department": evaluations["changli"].department_id, "year": "2024"})
    assert "请选择部门" in response.content.decode()
    assert not Evaluation.objects.filter(department=evaluations["changli"].department, year=2024).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("copy_from", ["changli", "3 OR 1=1"])
def test_copying_an_evaluation_not_offered_is_refused_in_words_not_made_blank(evaluations, copy_from):
    """A security test sent another department's evaluation (and an SQL-ish value) as 沿用: a blank evaluation was
    made without a word."""
    tongcheng = evaluations["tongcheng"]
    asked = str(evaluations[copy_from].pk) if copy_from in evaluations else copy_from
    response = client_for("tongcheng_preparer").post("/evaluations/new/", {
        "department": tongcheng.department_id, "year": "2024", "copy_from": asked})
    assert response.status_code == 200
    assert "沿用：所选的评价不在可沿用的列表中（只能沿用本部门的评价）" in response.content.decode()
    assert not Evaluation.objects.filter(department=tongcheng.department, year=2024).exists()


def test_refusing_says_which_tables_the_blanks_are_in_beside_other_errors():
    """The counts of the 2024 draft above (55 blanks in the department's table, 73 in the projects'), with the two
    errors 通城 2023 has besides, and with the department's table filled in."""
    from jixiao.web.evaluations.services import Unscored, errors_left

    assert errors_left(130, Unscored(55, 73), "提交部门审核") == (
        "还有 130 个错误未改正（其中 128 项尚未计分——部门整体自评表 55 项、项目自评表 73 项："
        "实际值、分值或预算执行数未填），改正后才能提交部门审核。")
    assert errors_left(73, Unscored(0, 73), "提交部门审核") == (
        "全部自评表还有 73 项尚未计分（项目自评表 73 项：实际值、分值或预算执行数未填），填齐后才能提交部门审核。")
    assert errors_left(2, Unscored(0, 0), "提交部门审核") == "还有 2 个错误未改正，改正后才能提交部门审核。"


@pytest.mark.django_db
def test_names_carried_over_from_last_year_are_flagged_with_their_year(evaluations):
    """Finding 13: a 2024 evaluation started from 通城 2023 keeps names such as “2023 年劳动仲裁受理案件数” and nothing
    said so. Only evaluations started from last year's are flagged: elsewhere a past year in a name can be right."""
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    response = client.post("/evaluations/new/", {"department": tongcheng.department_id, "year": "2024",
                                                 "copy_from": tongcheng.pk})
    assert response.status_code == 302
    copy = Evaluation.objects.get(department=tongcheng.department, year=2024)
    page = client.get(f"/evaluations/{copy.pk}/").content.decode()
    assert "名称“2023 年劳动仲裁受理案件数”仍写着 2023 年：本评价为 2024 年度" in page
    assert "仍写着" not in client.get(f"/evaluations/{tongcheng.pk}/").content.decode()  # the 2023 original: right


@pytest.mark.django_db
def test_pages_speak_chinese_not_paths_and_codes(evaluations):
    """Finding 13: users saw `projects[0].indicators[0]`, `RULES §4.1` and "用 jixiao explain 查看"."""
    import re

    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    overview = client.get(f"/evaluations/{tongcheng.pk}/").content.decode()
    visible = re.sub(r"<[^>]+>", " ", re.sub(r'(href|id|title|name|data-[a-z-]+)="[^"]*"', "", overview))
    assert not re.search(r"\b(projects|goals|indicators)\[\d+\]", visible)
    explanation = client.get(f"/evaluations/{tongcheng.pk}/explain/",
                             {"path": "goals[3].indicators[2]"}).content.decode()
    assert "RULES" not in explanation and "jixiao explain" not in explanation
    assert "正向指标：实际值 B ≥ 目标值 A 得满分" in explanation


@pytest.mark.django_db
def test_the_main_unit_is_marked_once(evaluations):
    bureau = evaluations["tongcheng"].department.finance_bureau_id
    html = client_for("sysadmin").get("/accounts/organisations/", {"bureau": bureau}).content.decode()
    assert "（本级）（本级）" not in html and "通城县人力资源和社会保障局（本级）" in html


@pytest.mark.django_db
def test_a_year_that_exists_links_to_its_evaluation(evaluations):
    tongcheng = evaluations["tongcheng"]
    response = client_for("tongcheng_preparer").post("/evaluations/new/", {
        "department": tongcheng.department_id, "year": str(tongcheng.year)})
    html = response.content.decode()
    assert "2023 年度的评价已经存在。" in html and f'href="/evaluations/{tongcheng.pk}/">打开该评价</a>' in html


@pytest.mark.django_db
def test_a_year_of_two_digits_is_told_what_a_year_is_not_asked_for_again(evaluations):
    """A new user typed 24 and was told 请填写年度（如 2024） as if the field were empty."""
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    typed = client.post("/evaluations/new/", {"department": tongcheng.department_id, "year": "24"}).content.decode()
    assert "年度应是 2000 到 2100 之间的四位数字，不是“24”。" in typed and "请填写年度" not in typed
    empty = client.post("/evaluations/new/", {"department": tongcheng.department_id, "year": " "}).content.decode()
    assert "请填写年度（如 2024）。" in empty and "四位数字" not in empty
    assert not Evaluation.objects.filter(department=tongcheng.department, year__in=(24, 2024)).exists()


def _pasted_projects(client, evaluation: Evaluation, rows: list[tuple[str, str, str]], new: bool = True) -> None:
    """Rows pasted on 项目清单 (name, 调整后预算, 执行数), saved: as new rows, or over the stored ones in order."""
    data = {"revision": str(evaluation.revision), "projects-rows": str(len(rows))}
    for i, (name, budget, spent) in enumerate(rows):
        data.update({f"projects-{i}-origin": "" if new else str(i), f"projects-{i}-name": name,
                     f"projects-{i}-budget.budget_adjusted": budget, f"projects-{i}-budget.spent": spent})
    assert client.post(f"/evaluations/{evaluation.pk}/edit/projects/", data).status_code == 302


@pytest.mark.django_db
def test_a_draft_without_scheme_or_indicators_says_what_was_not_checked_not_that_nothing_was_found(evaluations):
    """A new user's draft (a new year 不沿用, three projects pasted on 项目清单, no scheme, goals or indicators) said
    “部门整体未选择评分方案。” and, under 审核发现, “未发现问题。”. It says what could not be checked and why (issue 9),
    as a report read in part says what was not read; and its 80,000.00 against 76.50 万元 is flagged (EXECUTION.LOW)."""
    import re

    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    assert client.post("/evaluations/new/", {"department": tongcheng.department_id, "year": "2024"}).status_code == 302
    draft = Evaluation.objects.get(department=tongcheng.department, year=2024)
    blank = client.get(f"/evaluations/{draft.pk}/").content.decode()
    # nothing entered: nothing to audit, said as an unreadable report says it
    assert '<div class="message error" role="alert" data-testid="unauditable">无法审核：尚未选择评分方案，也没有填写预算、' \
           '项目、年度目标或绩效指标，没有可以审核的内容。评价未经核对，不能视为没有问题。</div>' in blank
    assert "未发现问题" not in blank
    # seed 003's first three projects, each spent in full
    _pasted_projects(client, draft, [("工伤病残等级鉴定费", "5", "5"), ("劳动仲裁办案专项工作经费", "20", "20"),
                                     ("农民工工资清欠专项工作经费", "30", "30")])
    draft = Evaluation.objects.get(pk=draft.pk)
    page = client.get(f"/evaluations/{draft.pk}/").content.decode()
    panel = page[page.index("<h2>审核发现</h2>"):]
    assert "部门整体未选择评分方案。" in page and "data-testid=\"unauditable\"" not in page
    assert '<p data-testid="clean-as-entered">已填写的内容中未发现问题；下列“尚未审核”的内容未经核对，不能视为没有问题。</p>' in panel
    assert "<p>未发现问题。</p>" not in panel
    unchecked = re.findall(r"<li>(.*?)</li>", panel[panel.index('data-testid="unchecked"'):])
    assert unchecked == [
        "部门整体未选择评分方案：部门的得分、等级和预算执行得分未计算，尚未审核",
        "部门整体未填写年度目标和绩效指标：指标的分值、目标值、完成值、得分和偏差原因尚未审核",
        "3 个项目（工伤病残等级鉴定费、劳动仲裁办案专项工作经费、农民工工资清欠专项工作经费）未填写绩效指标：其指标及得分尚未审核",
        "部门预算的调整后预算数或执行数未填写：部门整体的预算执行率尚未审核"]
    # the new user's second project: 80,000.00 against 76.50 万元, a rate of 0.10%, is a warning; the list stays
    _pasted_projects(client, draft, [("工伤病残等级鉴定费", "5", "5"), ("劳动仲裁办案专项工作经费", "80,000.00", "76.50"),
                                     ("农民工工资清欠专项工作经费", "30", "30")], new=False)
    assert len(Evaluation.objects.get(pk=draft.pk).document["projects"]) == 3
    page = client.get(f"/evaluations/{draft.pk}/").content.decode()
    panel = page[page.index("<h2>审核发现</h2>"):]
    assert "调整后预算 80000.00 万元是执行数 76.50 万元的 10 倍以上（执行率 0.10%），" \
           "请先核对预算数是否把“元”当作“万元”填写或多写了位数" in panel
    assert "未发现问题" not in panel and 'data-testid="unchecked"' in panel


@pytest.mark.django_db
def test_the_indicator_score_has_one_name_on_the_page_and_in_its_findings(evaluations):
    """GLOSSARY: 得分 `score`, the points an indicator earned. The project page headed its column 评价人给分 while the
    finding on the same value said 所列得分: a new user could not tell they were the same figure."""
    import re

    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    project = tongcheng.document["projects"][0]
    headers = [re.sub(r"<[^>]+>|\s", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", client.get(
        f"/evaluations/{tongcheng.pk}/edit/project-0/").content.decode(), re.S)]
    # the score entered (or read from the file) by the glossary's name; jixiao's own, beside it, as computed
    assert "得分（分）" in headers and "计算得分" in headers and not any("给分" in h for h in headers)
    assert headers.count("得分（分）") == 1 and "得分" not in headers
    # 受理工伤病残等级鉴定例数 weight 5: 80 of a target of 100 earns 4 (RULES §4.1); the score entered says 5
    page = client.post(f"/evaluations/{tongcheng.pk}/preview/project-0/",
                       grid_post(tongcheng, project, **{"ind-0-actual": "80 例", "ind-0-score": "5"})).content.decode()
    assert "得分 5，按“定量·正向（越高越好）”应得 4 分" in page and "定量指标得分与计分方法的结果相符" in page
    assert "所列得分 5" not in page and "评价人给分" not in page


@pytest.mark.django_db
def test_the_conclusion_page_reports_a_stated_total_the_scores_no_longer_give(evaluations):
    """通城's department table: 事业单位工作人员录取人数 (weight 2, target 118 人) lowered to 100 人 earns
    2 × 100 / 118 = 1.69 (RULES §4.1), so the total is 99.69 against the stated 100: the conclusion page, where the
    stated total is entered, says so (as it does for a project's)."""
    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.evaluations.documents import Edit
    from jixiao.web.evaluations.services import Actor, save_document

    tongcheng = evaluations["tongcheng"]
    user = Membership.objects.get(role=Role.PREPARER, department=tongcheng.department).user
    assert save_document(tongcheng.pk, [Edit("goals[0].indicators[0].actual", "100 人")], Actor(user),
                         tongcheng.revision).changes
    page = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/edit/conclusion/").content.decode()
    assert "所列总分 100，按评分规则重算为 99.69 分" in page


@pytest.mark.django_db
def test_an_invalid_year_is_kept_in_its_box_beside_the_message(evaluations):
    """A trial typed “abc”, “-1” and “99999” as the new evaluation's year: each was refused, and the box was
    emptied. What was typed stays, with the message saying what a year must be."""
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    for typed in ("abc", "-1", "99999"):
        page = client.post("/evaluations/new/", {"department": tongcheng.department_id, "year": typed})
        text = page.content.decode()
        assert f"不是“{typed}”" in text
        assert f'<input name="year" inputmode="numeric" required placeholder="2024" value="{typed}">' in text
    assert not Evaluation.objects.filter(department=tongcheng.department, year__in=(-1, 99999)).exists()
