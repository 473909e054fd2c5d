"""draft → submitted → returned (with comments) or approved → with the finance bureau → returned or accepted;
submission refused while errors remain; each submission freezes a version."""

from __future__ import annotations

import pytest

from jixiao.web.evaluations.models import Evaluation, Status, Version, WorkflowEvent

from .conftest import client_for


def status(evaluation) -> str:
    return Evaluation.objects.get(pk=evaluation.pk).status


def fix_seed_000(client, evaluation):
    """Seed 000's only error: 40 projects add up to 25387.76 against a declared 25388.90 (CHECKS.md). Declaring
    25387.76 makes the stated project execution rate 98.95% wrong (25123.53 / 25387.76 = 98.96%), so both change."""
    assert client.get(f"/evaluations/{evaluation.pk}/edit/finance/").status_code == 200
    data = {"revision": str(evaluation.revision), "f-budget.project_expenditure.budget_adjusted": "25387.76",
            "f-budget.project_expenditure.budget_initial": "25986.17", "f-budget.project_expenditure.spent": "25123.53",
            "f-budget.total.budget_initial": "27943.89", "f-budget.total.budget_adjusted": "27346.62",
            "f-budget.total.spent": "27081.25"}
    response = client.post(f"/evaluations/{evaluation.pk}/edit/finance/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    statements = Evaluation.objects.get(pk=evaluation.pk).document["statements"]
    data = {"revision": str(evaluation.revision + 1), "st-rows": str(len(statements))}
    for i, statement in enumerate(statements):
        data[f"st-{i}-origin"] = str(i)
        for key in ("fact", "value", "unit", "where", "text"):
            data[f"st-{i}-{key}"] = statement.get(key, "")
    assert data["st-1-value"] == "98.95"
    data["st-1-value"] = "98.96"
    response = client.post(f"/evaluations/{evaluation.pk}/edit/statements/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.django_db
def test_the_whole_round_trip(evaluations):
    changli = evaluations["changli"]
    preparer, reviewer, finance = (client_for(f"changli_{r}") for r in ("preparer", "reviewer", "finance"))
    url = f"/evaluations/{changli.pk}"

    refused = preparer.post(f"{url}/workflow/submit/", follow=True)
    assert "还有 1 个错误未改正" in refused.content.decode() and status(changli) == Status.DRAFT

    fix_seed_000(preparer, Evaluation.objects.get(pk=changli.pk))
    assert Evaluation.objects.get(pk=changli.pk).errors == 0
    preparer.post(f"{url}/workflow/submit/")
    assert status(changli) == Status.SUBMITTED
    assert Version.objects.filter(evaluation=changli).count() == 1

    assert preparer.post(f"{url}/edit/finance/", {"revision": "2"}).status_code == 409  # frozen while under review
    no_comment = reviewer.post(f"{url}/workflow/return_department/", {"comment": " "}, follow=True)
    assert "退回时须填写意见" in no_comment.content.decode() and status(changli) == Status.SUBMITTED
    reviewer.post(f"{url}/workflow/return_department/", {"comment": "请补充三个得 0 分项目的原因。"})
    assert status(changli) == Status.RETURNED
    assert "请补充三个得 0 分项目的原因。" in preparer.get(f"{url}/").content.decode()

    current = Evaluation.objects.get(pk=changli.pk)
    response = preparer.post(f"{url}/edit/conclusion/", {"revision": str(current.revision),
                                                         "f-problems": "三个项目资金未下达，未实施，故得 0 分。"})
    assert response.status_code == 302
    preparer.post(f"{url}/workflow/submit/")
    reviewer.post(f"{url}/workflow/approve/")
    assert status(changli) == Status.WITH_FINANCE
    assert Version.objects.filter(evaluation=changli).count() == 3  # submit, resubmit, approve

    assert reviewer.post(f"{url}/workflow/accept/").status_code == 403  # only the finance bureau accepts
    finance.post(f"{url}/workflow/accept/")
    assert status(changli) == Status.ACCEPTED
    assert list(WorkflowEvent.objects.filter(evaluation=changli).order_by("created", "id").values_list("action", flat=True)) == \
        ["submit", "return_department", "submit", "approve", "accept"]


@pytest.mark.django_db
def test_versions_are_immutable_and_comparable(evaluations):
    changli = evaluations["changli"]
    preparer = client_for("changli_preparer")
    fix_seed_000(preparer, changli)
    preparer.post(f"/evaluations/{changli.pk}/workflow/submit/")
    version = Version.objects.get(evaluation=changli, number=1)
    version.note = "改写"
    with pytest.raises(Exception, match="不可修改"):
        version.save()
    with pytest.raises(Exception, match="不可删除"):
        version.delete()
    page = preparer.get(f"/evaluations/{changli.pk}/versions/?a=current&b=1").content.decode()
    assert "两者完全相同" in page
    from jixiao.web.evaluations.models import Revision

    first = Revision.objects.get(evaluation=changli, number=1)
    compare = preparer.get(f"/evaluations/{changli.pk}/versions/?a=1&b=current")
    assert compare.status_code == 200
    assert first.document["budget"]["project_expenditure"]["budget_adjusted"] == "25388.90"


@pytest.mark.django_db
def test_version_comparison_lists_changed_fields(evaluations):
    changli = evaluations["changli"]
    preparer = client_for("changli_preparer")
    fix_seed_000(preparer, changli)
    preparer.post(f"/evaluations/{changli.pk}/workflow/submit/")
    client_for("changli_reviewer").post(f"/evaluations/{changli.pk}/workflow/return_department/", {"comment": "改"})
    current = Evaluation.objects.get(pk=changli.pk)
    preparer.post(f"/evaluations/{changli.pk}/edit/conclusion/", {"revision": str(current.revision), "f-measures": "加强管理"})
    page = preparer.get(f"/evaluations/{changli.pk}/versions/?a=1&b=current").content.decode()
    assert "measures" in page and "加强管理" in page and "1 处不同" in page


def test_a_returns_name_is_the_label_of_its_step_in_the_workflow():
    """The workflow's two returns name the status they make; the lists, filters and return notes read those names
    from the workflow (returns.RETURNED_BY), in its order, not from a second copy of them."""
    from jixiao.web.evaluations.returns import RETURNED_BY, status_choices, status_name
    from jixiao.web.evaluations.services import TRANSITIONS

    assert RETURNED_BY == {"return_department": "部门退回修改", "return_finance": "财政退回修改"}
    assert list(RETURNED_BY) == ["return_department", "return_finance"]  # the department's return comes first
    assert all(TRANSITIONS[action][1:3] == (Status.RETURNED, name) for action, name in RETURNED_BY.items())
    assert [name for _, name in status_choices()] == ["草稿", "已提交，待部门审核", "部门退回修改", "财政退回修改",
                                                      "部门已审核，待财政审核", "财政已接收"]
    assert status_name(Status.RETURNED, "return_finance") == "财政退回修改"


@pytest.mark.django_db
def test_a_return_without_a_comment_is_refused_in_chinese_not_by_the_browser(evaluations):
    """A 部门审核人 clicked 退回 with an empty comment and read the browser's English “Please fill out this field.”
    (an HTML `required`). The return forms are as the goals page's: no `required`, a label saying the comment is
    needed, and the server refusing in Chinese naming the field; the department's and the bureau's alike."""
    import re

    changli = evaluations["changli"]
    url = f"/evaluations/{changli.pk}"
    for state, username, action in ((Status.SUBMITTED, "changli_reviewer", "return_department"),
                                    (Status.WITH_FINANCE, "changli_finance", "return_finance")):
        Evaluation.objects.filter(pk=changli.pk).update(status=state)
        client = client_for(username)
        page = client.get(f"{url}/").content.decode()
        form = re.search(rf'<form method="post" action="{url}/workflow/{action}/".*?</form>', page, re.S).group(0)
        assert "required" not in form, form
        assert '<label>退回意见（必填）<textarea name="comment"' in form
        refused = client.post(f"{url}/workflow/{action}/", {"comment": ""}, follow=True).content.decode()
        assert "退回时须填写意见，说明需要修改什么。" in refused and status(changli) == state


@pytest.mark.django_db
def test_a_return_comment_is_capped_kept_when_refused_and_confirmed_before_returning(evaluations):
    """A trial returned an evaluation with 6 000 characters of comment, all shown at the top of its pages. The
    comment is capped as 审核意见 is (500 characters, result_application's REVIEW_NOTE), refused in Chinese naming the
    field with what was typed kept in its box; and the return form asks first, as 提交 does (data-confirm)."""
    import re

    changli = evaluations["changli"]
    url = f"/evaluations/{changli.pk}"
    Evaluation.objects.filter(pk=changli.pk).update(status=Status.SUBMITTED)
    reviewer = client_for("changli_reviewer")
    typed = "请补充三个得 0 分项目的原因。" * 400  # 6 400 characters
    refused = reviewer.post(f"{url}/workflow/return_department/", {"comment": typed})
    page = refused.content.decode()
    assert refused.status_code == 400 and status(changli) == Status.SUBMITTED
    assert '<div class="error" role="alert" data-testid="return-error">退回意见：最多 500 个字，现有 6400 个。</div>' in page
    assert f'<textarea name="comment" placeholder="需要修改什么">{typed}</textarea>' in page
    assert not WorkflowEvent.objects.filter(evaluation=changli, action="return_department").exists()
    form = re.search(rf'<form method="post" action="{url}/workflow/return_department/"[^>]*>', page).group(0)
    assert 'data-confirm="退回修改？退回后由部门修改并重新提交。"' in form
    # 500 characters are taken, and shown as typed
    reviewer.post(f"{url}/workflow/return_department/", {"comment": typed[:500]})
    assert status(changli) == Status.RETURNED
    assert WorkflowEvent.objects.get(evaluation=changli, action="return_department").comment == typed[:500]
