import pytest

from .conftest import client_for


@pytest.mark.django_db
def test_the_bureau_sees_its_departments_with_status_score_grade_and_findings(evaluations):
    page = client_for("tongcheng_finance").get("/bureau/").content.decode()
    assert "通城县人力资源和社会保障局" in page and "昌黎" not in page and "靖州" not in page
    assert ">100.00<" in page and ">优<" in page  # seed 003's department table


@pytest.mark.django_db
def test_filter_and_sort(evaluations, demo):
    from jixiao.web.accounts.models import Membership
    from jixiao.web.organisations.models import FinanceBureau
    from django.contrib.auth import get_user_model

    # a provincial reviewer over all three bureaus
    user = get_user_model().objects.create_user("province", password="x")
    for bureau in FinanceBureau.objects.all():
        Membership.objects.create(user=user, role="finance_reviewer", finance_bureau=bureau)
    client = client_for("province")
    # 2021: only 靖州's generated year before its seed (通城 and 昌黎 go back to 2022)
    page = client.get("/bureau/?year=2021").content.decode()
    assert "靖州" in page and "通城" not in page and "昌黎" not in page
    ordered = client.get("/bureau/?sort=-errors").content.decode()
    # seed 002 has 3 errors, seed 003 has 2, seed 000 has 1
    assert ordered.index("靖州") < ordered.index("通城") < ordered.index("昌黎")
    assert client.get(f"/evaluations/{evaluations['jingzhou'].pk}/").status_code == 200
    # the grade filter lists the grades best first, as the grade scales order them (a new user saw 中/优/差/良)
    import re

    from jixiao.web.evaluations.models import Evaluation

    for grade, evaluation in zip(("差", "中", "良"), Evaluation.objects.exclude(grade="").order_by("pk")):
        Evaluation.objects.filter(pk=evaluation.pk).update(grade=grade)
    page = client.get("/bureau/").content.decode()
    shown = re.findall(r'<option value="([^"]+)" >', page[page.index('name="grade"'):page.index('name="q"')])
    assert shown == ["优", "良", "中", "差"]


@pytest.mark.django_db
def test_the_dashboard_leads_to_disclosure_management(evaluations):
    client = client_for("tongcheng_finance")
    page = client.get("/bureau/").content.decode()
    assert 'href="/public/manage/"' in page and "信息公开管理" in page
    assert client.get("/public/manage/").status_code == 200
