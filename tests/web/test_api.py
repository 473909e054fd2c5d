"""数据接口: tokens are created on the user's page and shown once, stored only as a hash, revoked; the API answers
with a valid token only (401 otherwise), audits every use, and its OpenAPI 3 document describes it."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

import pytest
from django.test import Client

from jixiao.core.money import round_half_up
from jixiao.web.api.models import ApiToken
from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.evaluations.services import analysis_of

from .conftest import client_for


def create_token(username: str, name: str = "预算一体化平台") -> str:
    response = client_for(username).post("/api/", {"name": name})
    assert response.status_code == 200
    match = re.search(r'data-testid="token-secret" value="([^"]+)"|value="([^"]+)"[^>]*data-testid="token-secret"',
                      response.content.decode())
    assert match, response.content.decode()[:2000]
    return match.group(1) or match.group(2)


def call(url: str, secret: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    return Client().get(url, **headers)


@pytest.mark.django_db
def test_a_token_is_shown_once_and_stored_as_its_hash(demo):
    secret = create_token("tongcheng_preparer")
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest() and secret not in token.digest
    assert secret.startswith(token.prefix) and len(secret) > 40
    page = client_for("tongcheng_preparer").get("/api/").content.decode()
    assert token.prefix in page and secret not in page  # listed again, never shown again
    assert AuditEvent.objects.filter(action=Action.SECURITY, username="tongcheng_preparer",
                                     detail__startswith="创建接口令牌").exists()
    assert "接口令牌" in page and 'href="/api/"' in page  # linked from the header


@pytest.mark.django_db
def test_a_token_name_is_required_and_bounded(demo):
    client = client_for("tongcheng_preparer")
    for name, message in (("", "请填写令牌名称"), ("x" * 101, "最多 100 个字符")):
        response = client.post("/api/", {"name": name})
        assert response.status_code == 400 and message in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_administrators_get_no_tokens(demo):
    for username in ("sysadmin", "secadmin", "auditor"):
        client = client_for(username)
        assert "管理员账户不能使用数据接口" in client.get("/api/").content.decode()
        assert client.post("/api/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_a_revoked_token_is_refused_and_only_its_owner_revokes_it(evaluations):
    secret = create_token("changli_preparer")
    token = ApiToken.objects.get()
    assert call("/api/evaluations", secret).status_code == 200
    assert client_for("tongcheng_preparer").post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    assert call("/api/evaluations", secret).status_code == 200
    assert client_for("changli_preparer").post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    assert call("/api/evaluations", secret).status_code == 401
    assert AuditEvent.objects.filter(action=Action.SECURITY, detail__startswith="撤销接口令牌").count() == 1


@pytest.mark.django_db
def test_no_token_or_a_wrong_one_is_401(evaluations):
    secret = create_token("changli_preparer")
    for header in (None, secret[:-1] + ("A" if secret[-1] != "A" else "B"), "jx_", "x" * 5000):
        assert call("/api/evaluations", header).status_code == 401
    # a signed-in session is not a token: the API is for systems, and a page's cookie must not open it
    assert client_for("changli_preparer").get("/api/evaluations").status_code == 401


@pytest.mark.django_db
def test_every_use_is_audited_as_the_tokens_user(evaluations):
    secret = create_token("changli_finance")
    changli = evaluations["changli"]
    assert call(f"/api/evaluations/{changli.pk}", secret).status_code == 200
    event = AuditEvent.objects.filter(action=Action.EXPORT, object_type="api_token").get()
    assert event.username == "changli_finance" and f"/api/evaluations/{changli.pk}" in event.detail
    assert call(f"/api/evaluations/{evaluations['tongcheng'].pk}", secret).status_code == 404
    assert AuditEvent.objects.filter(action=Action.PERMISSION_DENIED, username="changli_finance").exists()


@pytest.mark.django_db
def test_the_detail_holds_the_cores_scores_projects_indicators_and_findings(evaluations):
    tongcheng = evaluations["tongcheng"]
    data = call(f"/api/evaluations/{tongcheng.pk}", create_token("tongcheng_reviewer")).json()
    analysis = analysis_of(tongcheng)
    card = analysis.result.department
    assert data["score"] == str(round_half_up(card.total, 2)) and data["grade"] == card.grade.name
    assert [p["project"] for p in data["projects"]] == [p.project.name for p in analysis.result.projects]
    assert Decimal(data["projects"][0]["score"]) == round_half_up(analysis.result.projects[0].score, 2)
    assert len(data["indicators"]) == len(card.leaves()) + sum(len(p.card.leaves()) for p in analysis.result.projects
                                                                   if p.card)
    assert [f["message"] for f in data["findings"]] == [f.message for f in analysis.findings]


@pytest.mark.django_db
def test_the_list_filters(evaluations):
    secret = create_token("tongcheng_finance")
    tongcheng = evaluations["tongcheng"]
    bureaus = Evaluation.objects.filter(department__finance_bureau__name="通城县财政局")

    def ids(query: str) -> set[int]:
        return {e["id"] for e in call(f"/api/evaluations{query}", secret).json()}

    assert ids("") == set(bureaus.values_list("pk", flat=True)) and tongcheng.pk in ids("")
    assert ids(f"?year={tongcheng.year}&status=draft") == {tongcheng.pk}
    assert ids(f"?year={tongcheng.year + 1}") == set()
    assert ids("?status=accepted") == set(bureaus.filter(status="accepted").values_list("pk", flat=True))
    assert ids(f"?department_id={tongcheng.department_id}") == ids("")
    assert ids(f"?department_id={evaluations['changli'].department_id}") == set()
    assert ids(f"?bureau_id={evaluations['changli'].department.finance_bureau_id}") == set()
    for hostile in ("year=abc", "year=1e9999999", "year=99999999999999999999",
                    "department_id=123456789012345678901234567", "bureau_id=-1", "status=bogus",
                    "year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%93",  # full-width 2023
                    "year=%C2%B2", "year=%D9%A3", "department_id=%E2%88%921"):  # ², Arabic-Indic ٣, −1 (U+2212)
        response = call(f"/api/evaluations?{hostile}", secret)
        assert response.status_code == 422, hostile
        assert hostile.split("=")[0] in response.content.decode()  # names the parameter


DEPARTMENT_FIELDS = ["id", "name", "code", "bureau_id", "bureau"]  # as they were before `generated`
COUNTED = ["counted_score", "counted_grade", "counted_reason"]  # an evaluation's last fields, after `generated`


@pytest.mark.django_db
def test_the_lists_say_which_departments_the_demo_generated(generated_bureau):
    """The full demo's 通城县财政局: its eleven generated departments are `generated: true` in the departments' list
    and detail, and their evaluations `department_generated: true`; 通城's own department false; each new field
    after the fields that were there before."""
    from jixiao.web.organisations.models import Department

    secret = create_token("tongcheng_finance")
    generated = set(Department.objects.filter(generated=True).values_list("name", flat=True))
    departments = call("/api/departments", secret).json()
    assert all(list(d) == [*DEPARTMENT_FIELDS, "generated"] for d in departments)
    assert {d["name"] for d in departments if d["generated"]} == generated and len(generated) == 11
    assert [d["name"] for d in departments if not d["generated"]] == ["通城县人力资源和社会保障局"]
    evaluations = call("/api/evaluations", secret).json()
    assert all(list(e)[-5:] == ["department_generated", "generated", *COUNTED] for e in evaluations)
    assert {e["department"] for e in evaluations if e["department_generated"]} == generated
    assert {e["department"] for e in evaluations if not e["department_generated"]} == {"通城县人力资源和社会保障局"}
    one = next(d for d in departments if d["generated"])
    detail = call(f"/api/departments/{one['id']}", secret).json()
    assert detail["generated"] is True and {e["department_generated"] for e in detail["evaluations"]} == {True}
    evaluation = call(f"/api/evaluations/{detail['evaluations'][0]['id']}", secret).json()
    assert evaluation["department_generated"] is True


@pytest.mark.django_db
def test_an_evaluation_says_when_the_demo_generated_it_though_its_department_is_real(evaluations):
    """通城县人力资源和社会保障局 is real (department_generated false) but its 2022 is the demo's: the evaluation's
    last field `generated` is true for 2022 in the list and the detail, false for the seed's 2023."""
    secret = create_token("tongcheng_finance")
    listed = {(e["department"], e["year"]): e for e in call("/api/evaluations", secret).json()}
    made_up, real = listed[("通城县人力资源和社会保障局", 2022)], listed[("通城县人力资源和社会保障局", 2023)]
    assert list(made_up)[-4] == "generated"
    assert (made_up["department_generated"], made_up["generated"]) == (False, True)
    assert (real["department_generated"], real["generated"]) == (False, False)
    assert call(f"/api/evaluations/{made_up['id']}", secret).json()["generated"] is True
    assert call(f"/api/evaluations/{real['id']}", secret).json()["generated"] is False


@pytest.mark.django_db
def test_the_openapi_document(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {"/api/departments", "/api/departments/{department_id}", "/api/evaluations",
            "/api/evaluations/{evaluation_id}"} <= set(document["paths"])
    assert document["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    assert all(op["security"] == [{"TokenAuth": []}] for ops in document["paths"].values() for op in ops.values())
    for path, operations in document["paths"].items():  # well formed: parameters declared, references resolve
        for operation in operations.values():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), path
            assert "200" in operation["responses"] and operation["summary"]
    schemas = document["components"]["schemas"]
    assert set(re.findall(r'"#/components/schemas/(\w+)"', response.content.decode())) <= set(schemas)
    assert Client().get("/api/docs").status_code == 404  # no Swagger UI loaded from the internet


@pytest.mark.django_db
def test_an_unscored_evaluation_has_a_null_score(evaluations):
    # 通城's next year built as the goals page builds it: the Hubei scheme scores nothing yet (its total of nothing is
    # 0), and the API says null, not "0.00"
    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.evaluations.services import Actor, create_evaluation, next_year_document

    tongcheng = evaluations["tongcheng"]
    user = Membership.objects.get(role=Role.PREPARER, department=tongcheng.department).user
    skeleton = create_evaluation(department=tongcheng.department, year=2024, actor=Actor(user),
                                 document=next_year_document(tongcheng.document, 2024))
    assert analysis_of(skeleton).result.department.total == 0
    secret = create_token("tongcheng_finance")
    assert call(f"/api/evaluations/{skeleton.pk}", secret).json()["score"] is None
    listed = {e["id"]: e["score"] for e in call("/api/evaluations", secret).json()}
    assert listed[skeleton.pk] is None and listed[tongcheng.pk] == "100.00"
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["EvaluationSummary"]
    assert {"type": "null"} in schema["properties"]["score"]["anyOf"]  # OpenAPI 3.1: nullable


@pytest.mark.django_db
def test_the_score_that_counts_is_the_bureaus_for_its_reviewer_beside_the_departments_own(
        evaluations, django_capture_on_commit_callbacks):
    """通城 2023 (seed 003: 100.00, 优) accepted, then its department's table rescored by the bureau's spot-check at
    half of every indicator's points: 60.00, 中 (as test_counted_scores sets it up). `score` and `grade` stay the
    department's own; `counted_score`, `counted_grade` and `counted_reason` say what counts — the bureau's, once it
    rescored the table — to the bureau's reviewer, and are null to the department's users, whose pages show no
    spot-check."""
    from .test_counted_scores import OWN, _accepted, _rescore

    tongcheng = _accepted(evaluations["tongcheng"])
    bureau, own = create_token("tongcheng_finance"), create_token("tongcheng_preparer")
    detail, listed = f"/api/evaluations/{tongcheng.pk}", "/api/evaluations"
    department = f"/api/departments/{tongcheng.department_id}"

    def shown(secret: str) -> list[tuple]:  # the evaluation as the detail, the list and the department's detail say
        answers = [call(detail, secret).json(), *call(listed, secret).json(),
                   *call(department, secret).json()["evaluations"]]
        return [tuple(a[f] for f in ("score", "grade", *COUNTED)) for a in answers if a["id"] == tongcheng.pk]

    assert shown(bureau) == [("100.00", "优", "100.00", "优", "按自评得分")] * 3
    assert shown(own) == [("100.00", "优", None, None, None)] * 3
    _rescore(tongcheng, {""}, django_capture_on_commit_callbacks)
    assert shown(bureau) == [("100.00", "优", "60.00", "中", f"按抽查复核得分；{OWN}，自评偏差 40.00 分")] * 3
    assert shown(own) == [("100.00", "优", None, None, None)] * 3
    # the department's rows that restate a project's indicators (review.services.rows_of) were rescored in its own
    # table, which is its own 100 points: no project's table was, so each project counts at its own score
    projects = call(detail, bureau).json()["projects"]
    assert {(p["counted_score"], p["counted_grade"], p["counted_reason"]) for p in projects} == \
        {("100.00", "优", "按自评得分")} and len(projects) == 26
    # 通城 2022, not spot-checked: its own counts, said as such to the bureau
    other = next(e for e in call(listed, bureau).json() if e["id"] != tongcheng.pk)
    assert (other["counted_score"], other["counted_grade"], other["counted_reason"]) == \
        (other["score"], other["grade"], "按自评得分") and other["score"] is not None
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["EvaluationSummary"]
    assert all({"type": "null"} in schema["properties"][name]["anyOf"] for name in COUNTED)


@pytest.mark.django_db
def test_each_project_says_what_counts_for_it_to_the_bureaus_reviewer(evaluations, django_capture_on_commit_callbacks):
    """通城 2023 (seed 003) with its first project's table (工伤病残等级鉴定费: 100.00, 优) rescored by the bureau's
    spot-check at half of every indicator's points: 60.00, 中 (as test_counted_scores sets it up). In the detail's
    `projects` that project's `counted_*` are the bureau's, its `score` and `grade` its own; every other project,
    not rescored, counts at its own score and grade, 按自评得分; the department's table, not rescored, as well. To the
    department's users (preparer, department reviewer) every project's `counted_*` are null."""
    from .test_counted_scores import OWN, _accepted, _rescore

    tongcheng = _accepted(evaluations["tongcheng"])
    _rescore(tongcheng, {"projects[0]"}, django_capture_on_commit_callbacks)
    detail = f"/api/evaluations/{tongcheng.pk}"
    answer = call(detail, create_token("tongcheng_finance")).json()
    first, *others = answer["projects"]
    assert all(list(p)[-3:] == COUNTED for p in answer["projects"])
    assert (first["project"], first["score"], first["grade"]) == ("工伤病残等级鉴定费", "100.00", "优")
    assert tuple(first[f] for f in COUNTED) == ("60.00", "中", f"按抽查复核得分；{OWN}，自评偏差 40.00 分")
    assert others and all((p["counted_score"], p["counted_grade"], p["counted_reason"]) ==
                          (p["score"] or None, p["grade"], "按自评得分") for p in others)
    assert tuple(others[0][f] for f in COUNTED) == ("100.00", "优", "按自评得分")  # seed 003 scores it 100 (优)
    assert tuple(answer[f] for f in COUNTED) == ("100.00", "优", "按自评得分")  # its department's table: not rescored
    for username in ("tongcheng_preparer", "tongcheng_reviewer"):
        own = call(detail, create_token(username)).json()
        assert [(p["score"], p["grade"]) for p in own["projects"]] == \
            [(p["score"], p["grade"]) for p in answer["projects"]], username
        assert {p[f] for p in own["projects"] for f in COUNTED} == {None}, username
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["ProjectOut"]
    assert all({"type": "null"} in schema["properties"][name]["anyOf"] for name in COUNTED)


@pytest.mark.django_db
def test_errors_are_in_chinese_with_their_status_codes(evaluations):
    for header in (None, "jx_wrong"):
        response = call("/api/evaluations", header)
        assert response.status_code == 401 and "未提供有效的接口令牌" in response.json()["detail"]
    secret = create_token("tongcheng_finance")
    response = call(f"/api/evaluations/{evaluations['changli'].pk}", secret)
    assert response.status_code == 404 and response.json()["detail"] == "没有找到该评价，或您无权查看。"
    for query, message in (("year=abc", "参数 year（年度）应为整数（半角数字）。"),
                           ("year=99999999999999999999", "参数 year（年度）不能大于 2100。"),
                           ("bureau_id=-1", "参数 bureau_id（财政局编号）不能小于 1。"),
                           ("status=bogus", "参数 status（状态）应为以下之一：")):
        response = call(f"/api/evaluations?{query}", secret)
        assert response.status_code == 422 and response.json()["detail"][0]["msg"].startswith(message), query
        assert response.json()["detail"][0]["loc"] == ["query", query.split("=")[0]]
    response = call("/api/evaluations/abc", secret)
    assert response.status_code == 422 and "参数 evaluation_id（自评编号）" in response.json()["detail"][0]["msg"]


@pytest.mark.django_db
def test_a_token_whose_user_lost_the_role_is_403_in_chinese(evaluations):
    from jixiao.web.accounts.models import Membership

    secret = create_token("tongcheng_finance")
    Membership.objects.filter(user__username="tongcheng_finance").delete()
    response = call("/api/evaluations", secret)
    assert response.status_code == 403 and response.json()["detail"] == "您没有执行此操作的权限。"


@pytest.mark.django_db
def test_a_project_rescored_in_part_says_so_beside_its_own_score(evaluations, django_capture_on_commit_callbacks):
    """A spot-check that scored 4 of a project's 10 indicators leaves the project's own score counting (a sum of some
    rescored and some self-scored indicators is neither side's verdict); 按自评得分 alone read as a spot-check not
    done, so the reason says how many were rescored."""
    from jixiao.web.review import services
    from jixiao.web.review.models import SpotCheck

    from .test_counted_scores import _accepted

    tongcheng = _accepted(evaluations["tongcheng"])
    client = client_for("tongcheng_finance")
    assert client.post("/review/", {"pick": [str(tongcheng.pk)], "reason": "抽查"}).status_code == 302
    rows = [row for row in services.rows_of(SpotCheck.objects.get(evaluation=tongcheng)) if row.part == "projects[0]"]
    assert len(rows) == 10  # seed 003's first project, 工伤病残等级鉴定费
    with django_capture_on_commit_callbacks(execute=True):
        typed = {row.field: str(row.weight) for row in rows[:4]}
        assert client.post(f"/review/evaluations/{tongcheng.pk}/", typed).status_code == 302
    first = call(f"/api/evaluations/{tongcheng.pk}", create_token("tongcheng_finance")).json()["projects"][0]
    assert tuple(first[f] for f in COUNTED) == ("100.00", "优", "按自评得分；抽查复核了 10 项指标中的 4 项，未全部复核")
