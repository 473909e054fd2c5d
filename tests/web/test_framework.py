"""Department frameworks in the web app: choosing the scheme sets the indicators, weights and methods; formulas are
computed from the department's own figures; ticks and judgement scores are entered; the score follows."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from jixiao.web.evaluations.models import Evaluation

from .conftest import client_for


@pytest.mark.django_db
def test_choosing_a_framework_sets_the_indicators_and_scores_formulas_from_the_figures(evaluations):
    jingzhou = evaluations["jingzhou"]
    client = client_for("jingzhou_preparer")
    profile = client.post(f"/evaluations/{jingzhou.pk}/edit/profile/", {
        "revision": str(jingzhou.revision), "f-scheme": "yunnan-department-dmp", "units-rows": "0", "group-rows": "0"})
    assert profile.status_code == 302
    page = client.get(f"/evaluations/{jingzhou.pk}/edit/framework/").content.decode()
    assert "A11 绩效目标合理性" in page and "C31 长效管理机制" in page
    # seed 002: 40 staff against 36 authorized → staff control 111% → 0 of 5; 三公 7.5 of 9.69 → 4 of 4
    assert 'data-testid="leaf-A31">0 分' in page
    assert 'data-testid="leaf-A32">4 分' in page
    assert "未计分" in page  # judgement items wait for the evaluator


@pytest.mark.django_db
def test_ticks_and_judgement_are_saved_and_scored(evaluations):
    jingzhou = evaluations["jingzhou"]
    client = client_for("jingzhou_preparer")
    client.post(f"/evaluations/{jingzhou.pk}/edit/profile/", {
        "revision": str(jingzhou.revision), "f-scheme": "yunnan-department-dmp", "units-rows": "0", "group-rows": "0"})
    revision = Evaluation.objects.get(pk=jingzhou.pk).revision
    response = client.post(f"/evaluations/{jingzhou.pk}/edit/framework/", {
        "revision": str(revision),
        "f-indicators[0].criteria[0].met": "true", "f-indicators[0].criteria[1].met": "true",
        "f-indicators[0].criteria[2].met": "false",
        "f-indicators[2].score": "4", "f-indicators[2].reason": "内设机构职责清晰，个别交叉",
    })
    assert response.status_code == 302
    stored = Evaluation.objects.get(pk=jingzhou.pk)
    answers = {a["code"]: a for a in stored.document["indicators"]}
    assert [c.get("met") for c in answers["A11"]["criteria"]] == [True, True, False]
    assert answers["A21"]["score"] == "4" and answers["A21"]["reason"].startswith("内设机构")
    page = client.get(f"/evaluations/{jingzhou.pk}/edit/framework/").content.decode()
    assert 'data-testid="leaf-A11">4 分' in page  # ① and ② at 2 points each
    bad = client.post(f"/evaluations/{jingzhou.pk}/edit/framework/", {"revision": str(stored.revision),
                                                                      "f-indicators[2].score": "四"})
    assert "请输入数字" in bad.content.decode()
    assert D(Evaluation.objects.get(pk=jingzhou.pk).document["indicators"][2]["score"]) == D(4)
