"""What a preparer needs to find their way (the new-user trial of issue [hardening]): the return comment on every
page they work on, findings that lead to the field to put right, project tables reachable from the list and from
each other, messages on table cells as they type, facts chosen by name on 所列数字核对."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from jixiao.web.evaluations.models import Evaluation

from .conftest import client_for
from .forms import forms_of


def entry(client, url):
    html = client.get(url).content.decode()
    return next(f for f in forms_of(html, url) if f.attrs.get("id") == "entry"), html


@pytest.mark.django_db
def test_the_return_comment_is_on_top_of_the_overview_and_every_entry_page(evaluations):
    tongcheng = evaluations["tongcheng"]
    Evaluation.objects.filter(pk=tongcheng.pk).update(status="submitted")
    reviewer = client_for("tongcheng_reviewer")
    reviewer.post(f"/evaluations/{tongcheng.pk}/workflow/return_department/", {"comment": "请补充偏差原因。"})
    preparer = client_for("tongcheng_preparer")
    for url in (f"/evaluations/{tongcheng.pk}/", f"/evaluations/{tongcheng.pk}/edit/goals/",
                f"/evaluations/{tongcheng.pk}/edit/project-3/"):
        html = preparer.get(url).content.decode()
        note = html.index('data-testid="return-note"')
        assert "<strong>部门退回修改</strong>" in html[note:note + 400] and "请补充偏差原因。" in html[note:note + 600], url
        assert note < html.index('class="workspace"') if 'class="workspace"' in html else True


@pytest.mark.django_db
def test_findings_link_to_the_page_and_field_where_they_are_put_right(evaluations):
    tongcheng = evaluations["tongcheng"]
    html = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/").content.decode()
    # seed 003: "≥96%" as the actual of goal 1's 服务对象满意度 (goals[0].indicators[5].actual)
    link = f'href="/evaluations/{tongcheng.pk}/edit/goals/#find:goals[0].indicators[5].actual"'
    assert link in html
    # a project's finding leads to that project's own table
    assert f'href="/evaluations/{tongcheng.pk}/edit/project-0/#find:projects[0].indicators[2].actual"' in html
    page = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/edit/goals/").content.decode()
    assert 'id="at-goals[0].indicators[5]"' in page  # the row the link scrolls to
    assert 'href="#find:goals[0].indicators[5].actual"' in page  # the panel's link on the same page


@pytest.mark.django_db
def test_project_tables_are_reached_from_the_list_and_from_each_other(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    listing = client.get(f"/evaluations/{tongcheng.pk}/edit/projects/").content.decode()
    assert listing.count(">自评表</a>") == len(tongcheng.document["projects"])
    page = client.get(f"/evaluations/{tongcheng.pk}/edit/project-1/").content.decode()
    name = tongcheng.document["projects"][1]["name"]
    assert f"项目自评表：{name}" in page
    assert f'href="/evaluations/{tongcheng.pk}/edit/project-0/">◂ 上一个项目' in page
    assert f'href="/evaluations/{tongcheng.pk}/edit/project-2/">下一个项目 ▸' in page


@pytest.mark.django_db
def test_a_new_goal_with_indicators_needs_a_name_on_its_field(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/goals/"
    form, _ = entry(client, url)
    n = len(tongcheng.document["goals"])
    data = form.as_dict()
    data.update({f"g{n}-rows": ["1"], f"g{n}-0-name": ["新增指标"], f"g{n}-0-level1": ["output"],
                 f"g{n}-0-weight": ["0"]})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(rf'id="fb-f-goals\[{n}\]\.name"><span class="error">请填写目标', html)
    assert Evaluation.objects.get(pk=tongcheng.pk).document == tongcheng.document


@pytest.mark.django_db
def test_table_cell_errors_come_back_with_the_preview_and_the_panel_says_so(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    form, _ = entry(client, f"/evaluations/{tongcheng.pk}/edit/goals/")
    data = form.as_dict()
    data["g0-1-weight"] = ["二"]
    html = client.post(f"/evaluations/{tongcheng.pk}/preview/goals/", data).content.decode()
    assert '<span data-name="g0-1-weight">请输入数字（如 10），不是“二”</span>' in html
    assert "有 1 处填写有误（已在该处标出）：下面的得分暂不计入这几处修改。" in html


@pytest.mark.django_db
def test_a_refused_cell_of_a_goals_indicators_is_named_by_its_goal(evaluations):
    """通城 2023 has 7 annual goals, each with its 绩效指标 table: a trial read “绩效指标第 1 行·偏差原因：最多 500 个字”
    and could not tell which of the 7 tables. The banner names the goal as the page heads its block."""
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/goals/"
    form, _ = entry(client, url)
    data = form.as_dict()
    data["g2-0-deviation_reason"] = ["因" * 600]
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "本次未保存：年度目标 3·第 1 行·偏差原因：最多 500 个字，现有 600 个。" in page
    assert "绩效指标第 1 行" not in page
    assert Evaluation.objects.get(pk=tongcheng.pk).document == tongcheng.document


@pytest.mark.django_db
def test_stated_figures_name_their_fact_in_words(evaluations):
    changli = evaluations["changli"]
    client = client_for("changli_preparer")
    url = f"/evaluations/{changli.pk}/edit/statements/"
    form, html = entry(client, url)
    assert '<datalist id="fact-names">' in html and '<option value="部门整体支出预算执行率（%）">' in html
    data = form.as_dict()
    rows = int(data["st-rows"][0])
    data.update({"st-rows": [str(rows + 2)],
                 f"st-{rows}-fact": ["部门整体支出预算执行率（%）"], f"st-{rows}-value": ["99.03"],
                 f"st-{rows + 1}-fact": ["三公经费合计决算数"], f"st-{rows + 1}-value": ["21.75"]})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "不认识的事项“三公经费合计决算数”：请从列表中选择" in response.content.decode()
    del data[f"st-{rows + 1}-fact"], data[f"st-{rows + 1}-value"]
    data["st-rows"] = [str(rows + 1)]
    assert client.post(url, data).status_code == 302
    added = Evaluation.objects.get(pk=changli.pk).document["statements"][-1]
    assert added["fact"] == "budget.total.execution_rate" and added["value"] == "99.03"  # seed 000: 99.03%


@pytest.mark.django_db
def test_findings_say_what_their_check_verifies_in_words_with_the_code_kept_for_citing(evaluations):
    tongcheng = evaluations["tongcheng"]
    html = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/").content.decode()
    # seed 003's "≥96%" actual is a MEASURE finding: users read the check's title, not its code
    codes = set(re.findall(r'<span class="code" title="检查代码 (MEASURE\.[A-Z_]+)">([^<]+)</span>', html))
    assert codes and all(words == "定量指标目标值与实际值可衡量" for _code, words in codes), codes
    assert not re.search(r'<span class="code"[^>]*>[A-Z]+\.[A-Z_]+</span>', html)


@pytest.mark.django_db
def test_a_save_that_makes_a_new_finding_says_so_in_its_message(evaluations):
    """A new user changed a goal's 解决农民工拖欠工资人数 from 1973 to 1900 人 (the project's table says 1973) and read
    only "已保存。": the warning was the last of twelve in the side panel. The message names what the save brought
    about: the total it moved, the findings it brought (errors first) and those it cleared; putting the value back
    clears them and brings back the seed's own notice that every indicator has full marks."""
    tongcheng = evaluations["tongcheng"]
    [(g, i)] = [(g, i) for g, goal in enumerate(tongcheng.document["goals"])
                for i, row in enumerate(goal["indicators"]) if row["name"] == "解决农民工拖欠工资人数"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/goals/"
    form, _ = entry(client, url)
    data = form.as_dict()
    assert data[f"g{g}-{i}-actual"] == ["1973 人"]
    data[f"g{g}-{i}-actual"] = ["1900 人"]
    response = client.post(url, data, follow=True)
    page = response.content.decode()
    # the total as the scheme recomputes it (1.5 × 1900 / 1973 = 1.4445 of the goal's 1.5 points), errors first
    # among what is new (the goal's stated score no longer follows its method; the stated total 100 is no longer the
    # recomputed 99.94), and the notice that went away
    assert ('class="message warning" role="status">已保存。这次修改后总分由 100.00 分变为 99.94 分；新出现 4 个问题：'
            "错误：得分 1.5，按“定量·正向（越高越好）”应得 1.44 分（目标 1973 人，实际 1900 人）（另有 3 个）；"
            "消除了 1 个问题。见页面右侧的检查结果。") in page
    assert "部门年度目标的指标“解决农民工拖欠工资人数”（目标 1973 人）完成值为 1900 人" in page
    form, _ = entry(client, url)
    data = form.as_dict()
    data[f"g{g}-{i}-actual"] = ["1973 人"]
    page = client.post(url, data, follow=True).content.decode()
    assert "已保存。这次修改后总分由 99.94 分变为 100.00 分；新出现 1 个问题：提示：所有指标均得满分" in page
    assert "；消除了 4 个问题。见页面右侧的检查结果。" in page
    assert "同一事项应为同一数值" not in page


@pytest.mark.django_db
def test_a_fact_given_as_a_place_in_the_data_is_described_in_words_beside_its_path(evaluations):
    tongcheng = evaluations["tongcheng"]
    url = f"/evaluations/{tongcheng.pk}/edit/statements/"
    form, html = entry(client_for("tongcheng_preparer"), url)
    # seed 003: “弥补工伤保险基金缺口73万” is the actual of goal 7's first indicator
    row = next(i for i, s in enumerate(tongcheng.document["statements"]) if s["fact"] == "goals[6].indicators[0].actual")
    assert form.as_dict()[f"st-{row}-fact"] == ["goals[6].indicators[0].actual"]  # the path is what is posted back
    # the place in words is what the row shows; its input, holding the path, folded under 修改 (a closed <details>
    # still posts it: the new-user trial read the bare path in the box as a technical error)
    shown = '<div class="fact-place" data-testid="fact-place">'
    near = html[:html.index(f'name="st-{row}-fact"') + 400]
    cell = re.search(r"<td>(" + re.escape(shown) + r".*?)</td>", near).group(1)
    assert cell.startswith(f"{shown}年度目标 7 › 指标“弥补工伤保险基金缺口” › 实际完成值</div>"
                           '<details class="fact-path"><summary class="hint">修改</summary><input ')
    assert f'name="st-{row}-fact"' in cell and cell.endswith("</details>")
    # a fact of the list is shown by its name alone
    assert html.count('data-testid="fact-place"') == 1
    # its place and quoted words wrap and read whole (a trial saw “第三部分 五（三）1.（第 23” cut at 1366)
    assert re.search(rf'<textarea[^>]* name="st-{row}-where" rows="1" class="w-m text wrap">'
                     r"整体自评报告 （三）2.（1）（第 \d+ 行）</textarea>", html)
    assert f'name="st-{row}-text" rows="1" class="w-l text wrap">弥补工伤保险基金缺口73万</textarea>' in html
    # read-only (a department reviewer), the words alone
    reviewer = client_for("tongcheng_reviewer").get(url).content.decode()
    assert "年度目标 7 › 指标“弥补工伤保险基金缺口” › 实际完成值" in reviewer
    assert "goals[6].indicators[0].actual" not in reviewer.replace('id="at-', "")
    # seed 000 states its grade counts: 评为“优”的项目个数 beside projects.grade_count.优
    changli = evaluations["changli"]
    page = client_for("changli_preparer").get(f"/evaluations/{changli.pk}/edit/statements/").content.decode()
    assert re.search(r'<div class="fact-place" data-testid="fact-place">评为“优”的项目个数</div>'
                     r'<details class="fact-path"><summary class="hint">修改</summary>'
                     r'<input [^>]*value="projects\.grade_count\.优"', page)


@pytest.mark.django_db
def test_a_row_removed_above_a_finding_neither_brings_nor_clears_it(evaluations):
    """通城's project 2 has MEASURE.ACTUAL_BOUND on its 7th indicator: removing its first indicator moves that row up
    one, and the finding with it; a save's message must not count it as new nor as cleared (the findings were matched
    by place, so every finding below a removed row changed place)."""
    import copy

    from jixiao.web.evaluations import services

    before = evaluations["tongcheng"].document
    after = copy.deepcopy(before)
    del after["projects"][1]["indicators"][0]
    b, a = services.analyse(before), services.analyse(after)
    bound = [f.location for f in b.findings if f.code == "MEASURE.ACTUAL_BOUND" and f.location.startswith("projects[1]")]
    assert bound == ["projects[1].indicators[6].actual"]
    assert "projects[1].indicators[5].actual" in [f.location for f in a.findings if f.code == "MEASURE.ACTUAL_BOUND"]
    found = services.new_findings(b, a, (before, after))
    cleared = services.new_findings(a, b, (after, before))
    assert not [f for f in found + cleared if f.code == "MEASURE.ACTUAL_BOUND"]
    # matched by place alone, as before: one new and one cleared
    assert [f.location for f in services.new_findings(b, a) if f.code == "MEASURE.ACTUAL_BOUND"] == [
        "projects[1].indicators[5].actual"]


@pytest.mark.django_db
def test_a_stated_execution_score_finding_links_to_the_field_it_is_typed_in(evaluations):
    """Trial: 预算执行所列得分 20 against a lower rate linked to 预算、收支与资产 (the execution line), which has no such
    field; the stated score is typed on the project's own page (所列预算执行得分)."""
    tongcheng = evaluations["tongcheng"]
    from django.contrib.auth.models import User

    from jixiao.web.evaluations.documents import Edit
    from jixiao.web.evaluations.services import Actor, save_document

    # 88.50% of 5 万元: 20 × 0.885 = 17.70 against the stated 20
    save_document(tongcheng.pk, [Edit("projects[0].budget.spent", Decimal("4.425"))],
                  Actor(User.objects.get(username="tongcheng_preparer")), tongcheng.revision)
    html = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/").content.decode()
    assert "预算执行所列得分 20，按执行率 88.50% 应得 17.7 分" in html
    assert f'href="/evaluations/{tongcheng.pk}/edit/project-0/#find:projects[0].stated_execution_score"' in html
    page = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/edit/project-0/").content.decode()
    assert 'id="f-projects[0].stated_execution_score"' in page  # the field the link's script scrolls to


@pytest.mark.django_db
def test_clearing_a_figure_says_what_it_leaves_unchecked(evaluations):
    """A new user cleared 支出合计's 年初预算数 (seed 003: 2366.08 in the table, 2366.07 in the text) and read
    “消除了 1 个问题”: the conflict of the two values went away with the figure. The save says what it left unchecked,
    and the overview lists it under 尚未审核."""
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/finance/"
    form, _ = entry(client, url)
    data = form.as_dict()
    [field] = [name for name, value in data.items() if value == ["2366.08"]]
    data[field] = [""]
    page = client.post(url, data, follow=True).content.decode()
    assert "消除了 1 个问题" in page
    assert ("另有 1 项因数据未填写尚未审核（所列数字核对中 2 处（部门整体支出年初预算数、部门整体支出完成年初预算（%））"
            "所依据的数据未填写：尚未审核）") in page
    overview = client.get(f"/evaluations/{tongcheng.pk}/").content.decode()
    assert "所列数字核对中 2 处（部门整体支出年初预算数、部门整体支出完成年初预算（%））所依据的数据未填写" in overview


@pytest.mark.django_db
def test_a_listed_score_above_what_spending_allows_is_shown_at_the_projects_score(evaluations):
    """SCORE.ABOVE_EXECUTION on a project listed without indicators (seed 003's 机关事业单位养老保险兜底补贴, 100
    listed): spending 15456 of its 16800 万元 (92%) allows 100 − 20 × 8% = 98.40 under Hubei's 20 points. The finding
    links to the project's own page, where its 所列得分 is typed, and is shown beside that field."""
    tongcheng = evaluations["tongcheng"]
    from django.contrib.auth.models import User

    from jixiao.web.evaluations.documents import Edit
    from jixiao.web.evaluations.services import Actor, save_document

    index = next(i for i, p in enumerate(tongcheng.document["projects"]) if p["name"] == "机关事业单位养老保险兜底补贴")
    assert not tongcheng.document["projects"][index].get("indicators")
    save_document(tongcheng.pk, [Edit(f"projects[{index}].budget.spent", Decimal("15456"))],
                  Actor(User.objects.get(username="tongcheng_preparer")), tongcheng.revision)
    message = ("所列得分 100 分，而执行率 92.00%、预算执行分值 20 分，即使各项指标都得满分，最高也只能得 98.40 分："
               "请核对所列得分或预算执行数。")
    client = client_for("tongcheng_preparer")
    html = client.get(f"/evaluations/{tongcheng.pk}/").content.decode()
    assert message in html
    assert f'href="/evaluations/{tongcheng.pk}/edit/project-{index}/#find:projects[{index}].stated_score"' in html
    page = client.get(f"/evaluations/{tongcheng.pk}/edit/project-{index}/").content.decode()
    field = page.index(f'id="f-projects[{index}].stated_score"')
    beside = page[field:page.index('id="f-', field + 1)]  # up to the next field: beside it, not only in the panel
    assert f'<span class="finding error">项目“机关事业单位养老保险兜底补贴”{message}</span>' in beside
