"""Two people editing one evaluation: the second save of the same fields gets a conflict showing what changed, and
nothing is silently overwritten; edits to different parts both survive."""

from __future__ import annotations

import re

import pytest

from jixiao.web.evaluations.models import Evaluation

from .conftest import client_for
from .forms import forms_of


def conclusion(evaluation, revision: int, text: str) -> dict:
    return {"revision": str(revision), "f-problems": text}


@pytest.mark.django_db
def test_the_second_save_of_the_same_field_is_a_conflict(evaluations, demo):
    from django.contrib.auth import get_user_model
    from jixiao.web.accounts.models import Membership, Role

    tongcheng = evaluations["tongcheng"]
    second = get_user_model().objects.create_user("tongcheng_preparer2", password="x")
    Membership.objects.create(user=second, role=Role.PREPARER, department=tongcheng.department)
    alice, bob = client_for("tongcheng_preparer"), client_for("tongcheng_preparer2")
    opened = tongcheng.revision  # both open the page at the same revision
    assert alice.post(f"/evaluations/{tongcheng.pk}/edit/conclusion/", conclusion(tongcheng, opened, "预算编制不够细。")).status_code == 302
    response = bob.post(f"/evaluations/{tongcheng.pk}/edit/conclusion/", conclusion(tongcheng, opened, "指标设定不合理。"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "保存冲突" in page and "预算编制不够细。" in page  # what Alice saved is shown
    assert "指标设定不合理。" in page  # what Bob typed is still in his form
    assert Evaluation.objects.get(pk=tongcheng.pk).document["problems"] == "预算编制不够细。"
    # having read the conflict, Bob saves the page again as it now is: deliberately
    url = f"/evaluations/{tongcheng.pk}/edit/conclusion/"
    shown = next(f for f in forms_of(page, url) if f.attrs.get("id") == "entry").as_dict()
    assert shown["revision"] == [str(opened)] and shown["seen"] == [str(opened + 1)]
    again = bob.post(url, shown)
    assert again.status_code == 302
    assert Evaluation.objects.get(pk=tongcheng.pk).document["problems"] == "指标设定不合理。"


@pytest.mark.django_db
def test_edits_to_different_parts_both_survive(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    opened = tongcheng.revision
    assert client.post(f"/evaluations/{tongcheng.pk}/edit/conclusion/", conclusion(tongcheng, opened, "问题一")).status_code == 302
    other = client.post(f"/evaluations/{tongcheng.pk}/edit/profile/", {
        "revision": str(opened), "f-department.contact": "张三", "units-rows": "0", "group-rows": "0",
        "f-scheme": "hubei-department", "f-project_scheme": "hubei-project", "f-title": tongcheng.document["title"]})
    assert other.status_code == 302
    document = Evaluation.objects.get(pk=tongcheng.pk).document
    assert document["problems"] == "问题一" and document["department"]["contact"] == "张三"


@pytest.mark.django_db
def test_a_conflict_names_who_saved_by_their_name_not_their_login(evaluations):
    """A new user read "tongcheng_preparer已保存了修改": the message names the person as the history does."""
    import re

    from django.contrib.auth import get_user_model
    from jixiao.web.accounts.models import Membership, Role

    tongcheng = evaluations["tongcheng"]
    second = get_user_model().objects.create_user("tongcheng_preparer2", password="x", first_name="李四")
    Membership.objects.create(user=second, role=Role.PREPARER, department=tongcheng.department)
    opened = tongcheng.revision
    first = client_for("tongcheng_preparer")
    assert first.post(f"/evaluations/{tongcheng.pk}/edit/conclusion/", conclusion(tongcheng, opened, "预算编制不够细。")).status_code == 302
    response = client_for("tongcheng_preparer2").post(f"/evaluations/{tongcheng.pk}/edit/conclusion/",
                                                      conclusion(tongcheng, opened, "指标设定不合理。"))
    assert response.status_code == 409
    shown = re.search(r'data-testid="conflict">(.*?)</div>', response.content.decode(), re.S).group(1)
    # the demo's preparer of 通城 is named after the department (demo.py: "<department> 填报人")
    assert "您打开此页后，通城县人力资源和社会保障局 填报人 已保存了修改，涉及本页的以下内容。" in shown
    assert "tongcheng_preparer" not in shown
    # the other way round: an account given a name by its administrator is named by it
    now = Evaluation.objects.get(pk=tongcheng.pk).revision
    assert client_for("tongcheng_preparer2").post(f"/evaluations/{tongcheng.pk}/edit/conclusion/",
                                                  conclusion(tongcheng, now, "问题二")).status_code == 302
    response = first.post(f"/evaluations/{tongcheng.pk}/edit/conclusion/", conclusion(tongcheng, now, "问题三"))
    assert response.status_code == 409 and "您打开此页后，李四 已保存了修改" in response.content.decode()


@pytest.mark.django_db
def test_a_conflict_with_the_users_own_other_tab_says_so_not_someone_else(evaluations):
    """Two tabs of one user saving the same field read “…填报人 已保存了修改…对方改为”, as if someone else had: the
    message names the user and says it was another window or save of theirs; another person's stays 对方."""
    tongcheng = evaluations["tongcheng"]
    opened = tongcheng.revision
    url = f"/evaluations/{tongcheng.pk}/edit/conclusion/"
    first_tab, second_tab = client_for("tongcheng_preparer"), client_for("tongcheng_preparer")
    assert first_tab.post(url, conclusion(tongcheng, opened, "预算编制不够细。")).status_code == 302
    response = second_tab.post(url, conclusion(tongcheng, opened, "指标设定不合理。"))
    assert response.status_code == 409
    shown = re.search(r'data-testid="conflict">(.*?)</div>', response.content.decode(), re.S).group(1)
    assert ("您打开此页后，您本人（通城县人力资源和社会保障局 填报人）在另一窗口或另一次保存中已保存了修改，"
            "涉及本页的以下内容。") in shown
    assert "<th>另一次保存改为</th>" in shown and "对方" not in shown
    # another person's save is still theirs: 对方
    from django.contrib.auth import get_user_model
    from jixiao.web.accounts.models import Membership, Role

    second = get_user_model().objects.create_user("tongcheng_preparer2", password="x", first_name="李四")
    Membership.objects.create(user=second, role=Role.PREPARER, department=tongcheng.department)
    now = Evaluation.objects.get(pk=tongcheng.pk).revision
    assert first_tab.post(url, conclusion(tongcheng, now, "问题二")).status_code == 302
    other = client_for("tongcheng_preparer2").post(url, conclusion(tongcheng, now, "问题三")).content.decode()
    assert "您打开此页后，通城县人力资源和社会保障局 填报人 已保存了修改" in other and "<th>对方改为</th>" in other


@pytest.mark.django_db
def test_a_save_from_a_page_opened_before_the_submission_shows_what_was_typed_and_why(evaluations):
    """A tab opened on a draft, saved after the evaluation was submitted: refused (nothing saved), but with the page
    and what was typed, read-only, and the reason, instead of a bare 无权访问."""
    from jixiao.web.audit.models import Action, AuditEvent
    from jixiao.web.evaluations.models import Status

    from .test_workflow import fix_seed_000

    changli = evaluations["changli"]
    client = client_for("changli_preparer")
    fix_seed_000(client, changli)  # its one error fixed, it can be submitted
    changli = Evaluation.objects.get(pk=changli.pk)
    opened = changli.revision  # the conclusion tab is opened here, then the evaluation is submitted from another
    client.post(f"/evaluations/{changli.pk}/workflow/submit/")
    assert Evaluation.objects.get(pk=changli.pk).status == Status.SUBMITTED
    response = client.post(f"/evaluations/{changli.pk}/edit/conclusion/", conclusion(changli, opened, "预算编制不够细。"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "该自评已提交（当前状态：已提交，待部门审核），不能再修改；本次未保存。" in page
    assert "预算编制不够细。" in page and 'data-testid="save"' not in page  # kept, read-only
    assert Evaluation.objects.get(pk=changli.pk).revision == opened
    assert not AuditEvent.objects.filter(action=Action.PERMISSION_DENIED).exists()  # a stale tab, not an intrusion
    # the department's reviewer never edits it: refused as before
    reviewer = client_for("changli_reviewer")
    assert reviewer.post(f"/evaluations/{changli.pk}/edit/conclusion/", conclusion(changli, opened, "x")).status_code == 403


@pytest.mark.django_db
def test_a_submission_between_reading_the_page_and_saving_it_is_said_the_same_way(evaluations, monkeypatch):
    """The status is checked again under the row lock: a submission that lands while the save runs gets the same
    page and message, not a page that still offers to save."""
    from jixiao.web.accounts import permissions
    from jixiao.web.evaluations.models import Status

    changli = evaluations["changli"]
    Evaluation.objects.filter(pk=changli.pk).update(status=Status.WITH_FINANCE)
    monkeypatch.setattr(permissions, "can_edit", lambda user, evaluation: True)  # as read before the submission
    response = client_for("changli_preparer").post(f"/evaluations/{changli.pk}/edit/conclusion/",
                                                   conclusion(changli, changli.revision, "预算编制不够细。"))
    page = response.content.decode()
    assert response.status_code == 409
    assert "该自评已提交（当前状态：部门已审核，待财政审核），不能再修改；本次未保存。" in page
    assert "预算编制不够细。" in page and 'data-testid="save"' not in page
    assert Evaluation.objects.get(pk=changli.pk).revision == changli.revision


@pytest.mark.django_db
def test_a_stale_pages_edit_follows_its_project_when_another_save_removed_one_above_it(evaluations):
    """Saves were merged by position: once a project above was removed, every project below looked changed (a
    conflict on any project page opened before). The edit now lands on its own project, wherever it is now; an
    edit of the project that was removed is a conflict."""
    from django.contrib.auth import get_user_model

    from jixiao.web.evaluations import services
    from jixiao.web.evaluations.documents import Edit

    tongcheng = evaluations["tongcheng"]
    projects = tongcheng.document["projects"]
    assert len(projects) >= 3
    actor = services.Actor(get_user_model().objects.get(username="tongcheng_preparer"))
    opened = tongcheng.revision
    assert isinstance(services.save_document(tongcheng.pk, [Edit("projects", projects[1:])], actor, opened),
                      services.Saved)
    saved = services.save_document(tongcheng.pk, [Edit("projects[2].improvement", "按季度跟踪")], actor, opened)
    assert isinstance(saved, services.Saved)
    stored = Evaluation.objects.get(pk=tongcheng.pk).document["projects"]
    assert [p["name"] for p in stored] == [p["name"] for p in projects[1:]]
    assert [p.get("improvement") for p in stored] == [
        "按季度跟踪" if p is projects[2] else p.get("improvement") for p in projects[1:]]
    assert saved.changes == [("projects[1].improvement", projects[2].get("improvement"), "按季度跟踪")]
    conflict = services.save_document(tongcheng.pk, [Edit("projects[0].improvement", "另写")], actor, opened)
    assert isinstance(conflict, services.Conflict)
    assert conflict.their_changes == [("projects[0].improvement", projects[0].get("improvement"), None)]


@pytest.mark.django_db
def test_a_stale_project_page_is_read_as_it_was_opened_and_lands_on_its_own_project(evaluations):
    """The post of a page opened before another save was read against the document as it is now: after a project
    above was removed, project-1's page was read against what is now the second project, and its table kept that
    project's rows the post did not name (通城's second project has 7 indicators, its third 11). It is read against
    the revision it was opened at, and merged from there."""
    from django.contrib.auth import get_user_model

    from jixiao.web.evaluations import services
    from jixiao.web.evaluations.documents import Edit

    from .forms import forms_of

    tongcheng = evaluations["tongcheng"]
    projects = tongcheng.document["projects"]
    assert len(projects) >= 3 and len(projects[1]["indicators"]) < len(projects[2]["indicators"])
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/project-1/"
    opened = next(f for f in forms_of(client.get(url).content.decode(), url) if f.attrs.get("id") == "entry").as_dict()
    actor = services.Actor(get_user_model().objects.get(username="tongcheng_preparer"))
    assert isinstance(services.save_document(tongcheng.pk, [Edit("projects", projects[1:])], actor, tongcheng.revision),
                      services.Saved)
    typed = {**opened, "f-projects[1].improvement": ["按季度跟踪"]}
    assert client.post(url, typed).status_code == 302
    stored = Evaluation.objects.get(pk=tongcheng.pk).document["projects"]
    assert [p["name"] for p in stored] == [p["name"] for p in projects[1:]]
    assert stored[0] == {**projects[1], "improvement": "按季度跟踪"}
    assert stored[1:] == projects[2:]


def _bob_removes_the_first_indicator(tongcheng, reasons: dict[int, str] | None = None) -> list[dict]:
    """Another preparer's save, at the revision the page was opened at: project 1's first indicator removed and
    deviation reasons written for the indicators `reasons` names by their place before it."""
    import copy

    from django.contrib.auth import get_user_model

    from jixiao.web.evaluations import services
    from jixiao.web.evaluations.documents import Edit

    indicators = copy.deepcopy(tongcheng.document["projects"][1]["indicators"])
    theirs = copy.deepcopy(indicators[1:])
    for place, reason in (reasons or {}).items():
        theirs[place - 1]["deviation_reason"] = reason
    actor = services.Actor(get_user_model().objects.get(username="tongcheng_reviewer"))
    saved = services.save_document(tongcheng.pk, [Edit("projects[1].indicators", theirs)], actor, tongcheng.revision)
    assert isinstance(saved, services.Saved)
    return indicators


def _save_twice(client, url: str, typed: dict) -> str:
    """Post the page, get the conflict, post the conflict page's form as it is (a deliberate second save)."""
    first = client.post(url, typed)
    assert first.status_code == 409
    page = first.content.decode()
    again = next(f for f in forms_of(page, url) if f.attrs.get("id") == "entry").as_dict()
    assert client.post(url, again).status_code == 302
    return page


@pytest.mark.django_db
def test_a_deliberate_second_save_lands_on_its_own_row_after_a_row_above_was_removed(evaluations):
    """After a conflict the page carried the current revision, so its second save was read against the current rows
    by position: with a row removed above meanwhile, every value below moved up a row and the removed row came back.
    The page keeps the revision it was opened at and says which conflict it showed; the second save is read against
    its own rows, followed to where they are now, and goes over the other save only where both wrote."""
    tongcheng = evaluations["tongcheng"]
    alice = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/project-1/"
    opened = next(f for f in forms_of(alice.get(url).content.decode(), url) if f.attrs.get("id") == "entry").as_dict()
    indicators = _bob_removes_the_first_indicator(tongcheng, {2: "对方写的原因"})
    assert opened["ind-2-name"] == [indicators[2]["name"]]
    page = _save_twice(alice, url, {**opened, "ind-2-deviation_reason": ["我写的原因"]})
    assert "保存冲突" in page and "对方写的原因" in page
    # the cell both wrote, by its names (the whole table, twice, was shown as two Python lists)
    assert re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", page) == [
        (f"项目“{tongcheng.document['projects'][1]['name']}” › 指标“{indicators[2]['name']}” › 偏差原因分析", "（空）",
         "对方写的原因")]
    stored = Evaluation.objects.get(pk=tongcheng.pk).document["projects"][1]["indicators"]
    assert [i["name"] for i in stored] == [i["name"] for i in indicators[1:]]  # the removal stands
    assert stored[1] == {**indicators[2], "deviation_reason": "我写的原因"}
    assert stored[0] == indicators[1] and stored[2:] == indicators[3:]  # nothing else moved or changed


@pytest.mark.django_db
def test_a_conflict_on_a_row_that_was_removed_says_so_and_the_second_save_keeps_the_row_edited(evaluations):
    tongcheng = evaluations["tongcheng"]
    alice = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/project-1/"
    opened = next(f for f in forms_of(alice.get(url).content.decode(), url) if f.attrs.get("id") == "entry").as_dict()
    indicators = _bob_removes_the_first_indicator(tongcheng)
    page = _save_twice(alice, url, {**opened, "ind-0-deviation_reason": ["已按季度跟踪"],
                                    "ind-3-deviation_reason": ["成本略有节约"]})
    assert "删除了这一行；再次保存将保留这一行和您的填写" in page
    # saved again "以您的填写为准": the row this page edited is kept with its edit, each edit on its own row
    stored = Evaluation.objects.get(pk=tongcheng.pk).document["projects"][1]["indicators"]
    assert [i["name"] for i in stored] == [i["name"] for i in indicators]
    assert stored[0] == {**indicators[0], "deviation_reason": "已按季度跟踪"}
    assert stored[3] == {**indicators[3], "deviation_reason": "成本略有节约"}
    assert stored[1:3] == indicators[1:3] and stored[4:] == indicators[4:]


@pytest.mark.django_db
def test_a_conflict_on_a_page_that_also_removes_a_row_names_the_right_rows_and_keeps_both_removals(evaluations):
    """A trial: the other save removed row 1 and wrote row 5; this page (opened before) wrote rows 5 and 6 and removed
    row 3. The conflict named row 6 (the page's own removal renumbered the rows it was described against), and the
    second save brought row 3 back (the page shown again did not carry its removal). Now the conflict names row 5,
    says that they removed row 1, and the second save keeps both removals and both of this page's reasons."""
    tongcheng = evaluations["tongcheng"]
    alice = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/project-1/"
    opened = next(f for f in forms_of(alice.get(url).content.decode(), url) if f.attrs.get("id") == "entry").as_dict()
    indicators = _bob_removes_the_first_indicator(tongcheng, {4: "对方写的原因"})
    page = _save_twice(alice, url, {**opened, "ind-4-deviation_reason": ["我写的四"],
                                    "ind-5-deviation_reason": ["我写的五"], "ind-2-delete": ["1"]})
    project = tongcheng.document["projects"][1]["name"]
    assert re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", page) == [
        (f"项目“{project}” › 指标“{indicators[4]['name']}” › 偏差原因分析", "（空）", "对方写的原因")]
    assert f"对方还删除了：项目“{project}” › 指标“{indicators[0]['name']}”。" in page
    stored = Evaluation.objects.get(pk=tongcheng.pk).document["projects"][1]["indicators"]
    assert [i["name"] for i in stored] == [indicators[k]["name"] for k in (1, 3, 4, 5, 6)]
    assert stored[2] == {**indicators[4], "deviation_reason": "我写的四"}
    assert stored[3] == {**indicators[5], "deviation_reason": "我写的五"}
    assert stored[0] == indicators[1] and stored[1] == indicators[3] and stored[4] == indicators[6]


@pytest.mark.django_db
def test_a_page_shown_again_after_a_refusal_keeps_the_rows_it_removed_removed(evaluations):
    """A refused save showed the page again without the rows it removed; fixed and saved, those rows came back (a
    stored row the post does not name is kept)."""
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/project-1/"
    opened = next(f for f in forms_of(client.get(url).content.decode(), url) if f.attrs.get("id") == "entry").as_dict()
    indicators = tongcheng.document["projects"][1]["indicators"]
    refused = client.post(url, {**opened, "ind-2-delete": ["1"], "ind-4-weight": ["五分"]})
    assert refused.status_code == 400
    again = next(f for f in forms_of(refused.content.decode(), url) if f.attrs.get("id") == "entry").as_dict()
    weight = next(k for k, v in again.items() if k.endswith("-weight") and v == ["五分"])
    assert client.post(url, {**again, weight: ["10"]}).status_code == 302
    stored = Evaluation.objects.get(pk=tongcheng.pk).document["projects"][1]["indicators"]
    assert [i["name"] for i in stored] == [i["name"] for k, i in enumerate(indicators) if k != 2]
