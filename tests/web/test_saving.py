"""Saving the entry pages (issue [hardening], findings 1–5): every page saves; a post changes only what it names;
nothing lands after a submission; a save needs the page's revision; numbers have bounds with Chinese messages."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from jixiao.web.evaluations import services
from jixiao.web.evaluations.models import Evaluation, Status

from .conftest import client_for
from .forms import forms_of

PREPARER = {"tongcheng": "tongcheng_preparer", "changli": "changli_preparer", "jingzhou": "jingzhou_preparer"}


def entry_form(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return next(f for f in forms_of(response.content.decode(), url) if f.attrs.get("id") == "entry")


def post_back(client, url: str, form, **changes):
    data = form.as_dict()
    for name, value in changes.items():
        data[name] = [value]
    return client.post(url, data)


# ---------------------------------------------------------------------------------------- finding 1: goals, surveys
@pytest.mark.django_db
@pytest.mark.parametrize("key", ["tongcheng", "changli", "jingzhou"])
@pytest.mark.parametrize("page", ["goals", "surveys"])
def test_goals_and_surveys_pages_save_and_preview(evaluations, key, page):
    evaluation = evaluations[key]
    client = client_for(PREPARER[key])
    url = f"/evaluations/{evaluation.pk}/edit/{page}/"
    form = entry_form(client, url)
    preview = client.post(f"/evaluations/{evaluation.pk}/preview/{page}/", form.as_dict())
    assert preview.status_code == 200
    saved = post_back(client, url, form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Evaluation.objects.get(pk=evaluation.pk).document == evaluation.document  # posted back unchanged


@pytest.mark.django_db
def test_a_department_indicator_actual_is_entered_on_the_goals_page(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/goals/"
    saved = post_back(client, url, entry_form(client, url), **{"g2-0-actual": "250 例"})
    assert saved.status_code == 302
    stored = Evaluation.objects.get(pk=tongcheng.pk).document
    assert stored["goals"][2]["indicators"][0]["actual"] == "250 例"  # 农民工工资清欠案例, seed 003: 317 例
    assert stored["goals"][2]["indicators"][1] == tongcheng.document["goals"][2]["indicators"][1]


@pytest.mark.django_db
def test_the_empty_goal_slot_adds_a_goal_with_its_indicator(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/goals/"
    n = len(tongcheng.document["goals"])
    saved = post_back(client, url, entry_form(client, url), **{
        f"f-goals[{n}].name": "新增目标", f"f-goals[{n}].weight": "0", f"g{n}-rows": "1",
        f"g{n}-0-name": "新增指标", f"g{n}-0-level1": "output", f"g{n}-0-target": "≥10 人", f"g{n}-0-weight": "0"})
    assert saved.status_code == 302
    goals = Evaluation.objects.get(pk=tongcheng.pk).document["goals"]
    assert len(goals) == n + 1
    assert goals[n]["name"] == "新增目标" and goals[n]["indicators"][0]["target"] == "≥10 人"


# --------------------------------------------------------------------------------- finding 2: partial posts
@pytest.mark.django_db
def test_a_post_with_only_the_revision_deletes_nothing(evaluations):
    changli = evaluations["changli"]
    client = client_for("changli_preparer")
    response = client.post(f"/evaluations/{changli.pk}/edit/projects/", {"revision": str(changli.revision)})
    assert response.status_code == 302
    assert len(Evaluation.objects.get(pk=changli.pk).document["projects"]) == 40  # seed 000's 40 projects


@pytest.mark.django_db
def test_a_post_naming_one_field_changes_only_that_field(evaluations):
    changli = evaluations["changli"]
    client = client_for("changli_preparer")
    response = client.post(f"/evaluations/{changli.pk}/edit/profile/",
                           {"revision": str(changli.revision), "f-department.contact": "张三"})
    assert response.status_code == 302
    stored = Evaluation.objects.get(pk=changli.pk).document
    assert stored["department"]["contact"] == "张三"
    assert stored["department"]["units"] == changli.document["department"]["units"]  # 12 units kept
    assert len(stored["department"]["units"]) == len(changli.document["department"]["units"]) > 10
    del stored["department"]["contact"]
    assert stored == changli.document


@pytest.mark.django_db
def test_a_table_row_is_removed_only_when_the_post_names_it(evaluations):
    changli = evaluations["changli"]
    client = client_for("changli_preparer")
    url = f"/evaluations/{changli.pk}/edit/projects/"
    # a post that carries the row count but only the first row: the other 39 stay
    response = client.post(url, {"revision": str(changli.revision), "projects-rows": "1", "projects-0-origin": "0",
                                 "projects-0-name": "改名的项目"})
    assert response.status_code == 302
    projects = Evaluation.objects.get(pk=changli.pk).document["projects"]
    assert len(projects) == 40 and projects[0]["name"] == "改名的项目"
    assert projects[0]["budget"] == changli.document["projects"][0]["budget"]  # cells not posted are kept
    assert projects[1:] == changli.document["projects"][1:]
    # the page's delete button names the row and marks it
    revision = Evaluation.objects.get(pk=changli.pk).revision
    client.post(url, {"revision": str(revision), "projects-rows": "1", "projects-0-origin": "3", "projects-0-delete": "1",
                      "projects-0-name": ""})
    projects = Evaluation.objects.get(pk=changli.pk).document["projects"]
    assert len(projects) == 39 and changli.document["projects"][3] not in projects


# ------------------------------------------------------------------------------ finding 3: frozen after submit
def _clean_evaluation(changli) -> Evaluation:
    """An evaluation without errors (so it can be submitted) that has seed 000's 40 projects to save."""
    from jixiao.web.evaluations.services import Actor

    preparer = client_for("changli_preparer")  # noqa: F841 - the user exists
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="changli_preparer")
    document = {"year": 2024, "department": {"name": changli.department.name},
                "projects": changli.document["projects"]}
    return services.create_evaluation(department=changli.department, year=2024, document=document, actor=Actor(user))


@pytest.mark.django_db
def test_a_page_opened_before_submission_cannot_save_after_it(evaluations):
    evaluation = _clean_evaluation(evaluations["changli"])
    client = client_for("changli_preparer")
    url = f"/evaluations/{evaluation.pk}/edit/projects/"
    form = entry_form(client, url)
    assert client.post(f"/evaluations/{evaluation.pk}/workflow/submit/").status_code == 302
    frozen = Evaluation.objects.get(pk=evaluation.pk)
    assert frozen.status == Status.SUBMITTED
    response = post_back(client, url, form, **{"projects-0-name": "提交后的修改"})
    assert response.status_code in (403, 409)
    after = Evaluation.objects.get(pk=evaluation.pk)
    assert after.document == frozen.document == after.versions.first().document


@pytest.mark.django_db(transaction=True)
def test_save_racing_submit_never_lands_after_the_frozen_version(evaluations):
    """Two requests at once, as two browsers send them: a large save of the project list and a submission. Whatever
    the order, what is submitted is what was frozen."""
    evaluation = _clean_evaluation(evaluations["changli"])
    url = f"/evaluations/{evaluation.pk}/edit/projects/"
    for trial in range(8):
        Evaluation.objects.filter(pk=evaluation.pk).update(status=Status.DRAFT)
        saver, submitter = client_for("changli_preparer"), client_for("changli_preparer")
        form = entry_form(saver, url)
        data = form.as_dict()
        for key in [k for k in data if k.endswith("-name") and k.startswith("projects-")]:
            data[key] = [f"{data[key][0]}·{trial}"]
        start = threading.Barrier(2)
        outcome: dict[str, int] = {}

        def send(name, client, target, payload):
            start.wait()
            try:
                outcome[name] = client.post(target, payload).status_code
            finally:
                connection.close()

        threads = [threading.Thread(target=send, args=("save", saver, url, data)),
                   threading.Thread(target=send, args=("submit", submitter,
                                                       f"/evaluations/{evaluation.pk}/workflow/submit/", {}))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        after = Evaluation.objects.get(pk=evaluation.pk)
        assert after.status == Status.SUBMITTED, outcome
        assert after.versions.first().document == after.document, (trial, outcome)

# ------------------------------------------------------------------------------------ finding 4: the revision
@pytest.mark.django_db
@pytest.mark.parametrize("revision", [None, "abc", "", "-1", "99999"])
def test_a_save_without_a_valid_revision_is_refused(evaluations, revision):
    tongcheng = evaluations["tongcheng"]
    data = {"f-department.contact": "李四"}
    if revision is not None:
        data["revision"] = revision
    response = client_for("tongcheng_preparer").post(f"/evaluations/{tongcheng.pk}/edit/profile/", data)
    assert response.status_code in (400, 409)
    assert "未保存" in response.content.decode()
    assert Evaluation.objects.get(pk=tongcheng.pk).document == tongcheng.document


@pytest.mark.django_db
def test_a_stale_page_does_not_overwrite_a_newer_save_of_the_same_field(evaluations):
    tongcheng = evaluations["tongcheng"]
    first, second = client_for("tongcheng_preparer"), client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/profile/"
    old_form = entry_form(second, url)
    assert post_back(first, url, entry_form(first, url), **{"f-department.contact": "王五"}).status_code == 302
    response = post_back(second, url, old_form, **{"f-department.contact": "赵六"})
    assert response.status_code == 409
    assert Evaluation.objects.get(pk=tongcheng.pk).document["department"]["contact"] == "王五"
    # a stale page that changes another field keeps the newer save and adds its own
    response = post_back(second, url, old_form, **{"f-department.contact_phone": "0715-1234567"})
    assert response.status_code == 302
    department = Evaluation.objects.get(pk=tongcheng.pk).document["department"]
    assert department["contact"] == "王五" and department["contact_phone"] == "0715-1234567"


# ------------------------------------------------------------------------------------- finding 5: bounds
@pytest.mark.django_db
@pytest.mark.parametrize("typed, message", [
    ("123456789012345678901234567", "金额（万元）不能达到或超过 1 万亿"),
    ("1e30", "请输入数字（如 1209.14），不是“1e30”"),
    ("1e9999999", "请输入数字（如 1209.14），不是“1e9999999”"),
    ("NaN", "请输入数字（如 1209.14），不是“NaN”"),
    ("-5", "金额（万元）不能为负数"),
    ("12.1234567", "金额（万元）最多 6 位小数"),
])
def test_amounts_have_bounds_with_a_message_on_the_field(evaluations, typed, message):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/finance/"
    response = post_back(client, url, entry_form(client, url), **{"f-budget.total.spent": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'id="fb-f-budget.total.spent"><span class="error">' in page  # on that field
    assert 'value="2544.29"' in page  # everything else kept as it was (基本支出·决算数, seed 003)
    assert Evaluation.objects.get(pk=tongcheng.pk).revision == tongcheng.revision


@pytest.mark.django_db
@pytest.mark.parametrize("typed, stored", [("１２３", "123"), ("1,234.5", "1234.5"), ("2820.06万元", "2820.06")])
def test_full_width_digits_and_separators_are_read(evaluations, typed, stored):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/finance/"
    assert post_back(client, url, entry_form(client, url), **{"f-budget.total.spent": typed}).status_code == 302
    assert Evaluation.objects.get(pk=tongcheng.pk).document["budget"]["total"]["spent"] == stored


@pytest.mark.django_db
def test_negative_weights_get_a_message(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/edit/project-0/"
    response = post_back(client, url, entry_form(client, url), **{"ind-0-weight": "-5"})
    assert response.status_code == 400
    assert "分值不能为负数" in response.content.decode()


@pytest.mark.django_db
def test_no_grade_is_shown_while_the_weights_are_in_error(evaluations):
    tongcheng = evaluations["tongcheng"]
    client = client_for("tongcheng_preparer")
    url = f"/evaluations/{tongcheng.pk}/preview/project-0/"
    form = entry_form(client, f"/evaluations/{tongcheng.pk}/edit/project-0/")
    weight = form.as_dict()["ind-0-weight"][0]
    data = form.as_dict()
    data["ind-0-weight"] = [str(int(weight) + 40)]  # the indicators now add to 120 instead of 80 (Hubei 20/80)
    page = client.post(url, data).content.decode()
    assert 'data-testid="project-grade">未评定<' in page
    assert "各指标分值之和为 120，应为 80，改正后才能评定等级" in page
