"""A finance reviewer of a province sees thousands of evaluations: the lists show 50 a page, every evaluation on
exactly one page, and read the stored key figures, never the stored documents (tens of KB each)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate_province import generate
from jixiao.core.money import round_half_up
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.paging import PAGE_SIZE
from jixiao.web.province.load import REVIEWER, Options, load

from .conftest import client_for

DEPARTMENTS = PAGE_SIZE + 7  # one full page and a part page


@pytest.fixture
def province(tmp_path, db):
    load(generate(tmp_path / "province", DEPARTMENTS, 1), Options(bureaus=2))
    return client_for(REVIEWER)


def _links(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/evaluations/(\d+)/"', html)]


@pytest.mark.parametrize("url", ["/evaluations/", "/bureau/"])
def test_the_list_pages_through_every_evaluation_once(province, url):
    first = province.get(url)
    assert first.status_code == 200
    assert len(_links(first.content.decode())) == PAGE_SIZE
    assert "第 1 / 2 页（共 57 份自评）" in first.content.decode()
    second = province.get(url, {"page": 2}).content.decode()
    assert len(_links(second)) == DEPARTMENTS - PAGE_SIZE
    everything = _links(first.content.decode()) + _links(second)
    assert sorted(everything) == sorted(Evaluation.objects.values_list("pk", flat=True))
    assert province.get(url, {"page": "x"}).status_code == 200  # a page that is not a number: the first


def test_the_evaluations_list_reads_no_documents(province):
    with CaptureQueriesContext(connection) as queries:
        assert province.get("/evaluations/").status_code == 200
    reads = [q["sql"] for q in queries if "evaluations_evaluation" in q["sql"] and q["sql"].lstrip().startswith("SELECT")]
    assert reads and not any('"document"' in sql for sql in reads)


def test_the_risk_ranking_pages_continue_the_ranks_of_the_whole_ranking(province):
    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.review import services

    size = services.RANKING_PAGE_SIZE
    whole = services.ranking(Membership.objects.filter(user__username=REVIEWER, role=Role.FINANCE_REVIEWER)
                             .first().user)
    pages = -(-DEPARTMENTS // size)
    shown = []
    for number in range(1, pages + 1):
        html = province.get("/review/", {"page": number}).content.decode()
        assert f"第 {number} / {pages} 页（共 {DEPARTMENTS} 份自评）" in html
        shown += [(int(rank), int(pk)) for pk, rank in
                  re.findall(r'<tr data-evaluation="(\d+)">\s*<td class="num">(\d+)</td>', html)]
    assert shown == [(row.rank, row.evaluation.pk) for row in whole]


def test_a_sample_takes_the_top_of_the_whole_ranking_and_a_ticked_row_of_a_later_page_with_its_rank(province):
    """Sampling ranks the province in SQL, as the pages do: the top 3 are the whole ranking's first three, and a row
    ticked on page 3 keeps the rank shown there."""
    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.review import services
    from jixiao.web.review.models import SpotCheck

    whole = services.ranking(Membership.objects.filter(user__username=REVIEWER, role=Role.FINANCE_REVIEWER)
                             .first().user)
    ticked = whole[45]
    response = province.post("/review/", {"top": "3", "pick": [str(ticked.evaluation.pk)], "reason": "按风险分抽取"})
    assert response.status_code == 302, response.content.decode()[:1000]
    taken = [(c.rank, c.evaluation_id, c.risk_score) for c in SpotCheck.objects.order_by("rank")]
    kept = SpotCheck._meta.get_field("risk_score").decimal_places  # the score at the time, as the column keeps it
    assert taken == [(row.rank, row.evaluation.pk, round_half_up(row.risk.score, kept)) for row in [*whole[:3], ticked]]
    html = province.get("/review/", {"page": 3}).content.decode()
    assert f'<a href="/review/evaluations/{ticked.evaluation.pk}/">已抽中 · 复核</a>' in html


def test_the_results_overview_pages_through_every_department_of_the_year(province):
    def suggested(html: str) -> list[int]:
        # each line links its suggestions twice: by the department's name and by 建议与决定
        return list(dict.fromkeys(int(pk) for pk in re.findall(r'<a href="/results/evaluations/(\d+)/">', html)))

    first = province.get("/results/").content.decode()
    assert "第 1 / 2 页（共 57 个部门）" in first and len(suggested(first)) == PAGE_SIZE
    second = province.get("/results/", {"page": 2}).content.decode()
    assert sorted(suggested(first) + suggested(second)) == sorted(Evaluation.objects.values_list("pk", flat=True))


def test_the_public_bureau_page_pages_through_every_published_evaluation_once_without_documents(province):
    """A province's bureau publishes thousands: the public list shows 50 a page, reads no documents, and every
    published evaluation is on exactly one page (anyone may read it: no sign-in)."""
    from django.test import Client

    from jixiao.web.disclosure.models import Publication
    from jixiao.web.organisations.models import Department, FinanceBureau

    bureau = FinanceBureau.objects.order_by("pk").first()
    Department.objects.update(finance_bureau=bureau)  # all 57 under one bureau: two pages
    mine = Evaluation.objects.filter(department__finance_bureau=bureau)
    Publication.objects.bulk_create(Publication(evaluation=e, revision=e.revision) for e in mine)
    visitor, pages = Client(), -(-mine.count() // PAGE_SIZE)
    assert pages == 2
    seen: list[int] = []
    for number in range(1, pages + 1):
        with CaptureQueriesContext(connection) as queries:
            html = visitor.get(f"/public/bureaus/{bureau.pk}/", {"page": number}).content.decode()
        assert not any('"document"' in q["sql"] for q in queries)
        seen += [int(pk) for pk in re.findall(r'href="/public/evaluations/(\d+)/"', html)]
    assert sorted(seen) == sorted(mine.values_list("pk", flat=True)) and len(seen) == len(set(seen))


def test_the_organisations_page_lists_bureaus_and_pages_one_bureaus_departments(province):
    """A province's administrator sees the bureaus with their counts, then one bureau's departments 50 a page (each
    once) or those a search finds; not every department of every bureau at once."""
    from django.contrib.auth import get_user_model

    from jixiao.web.accounts.models import Membership, Role
    from jixiao.web.organisations.models import Department, FinanceBureau, Unit

    admin = get_user_model().objects.create_user("province_admin", password="x")
    Membership.objects.create(user=admin, role=Role.SYSTEM_ADMIN)
    client = client_for("province_admin")
    bureau = FinanceBureau.objects.order_by("pk").first()
    Department.objects.update(finance_bureau=bureau)  # all 57 under one bureau: two pages
    first = client.get("/accounts/organisations/").content.decode()
    assert f'href="?bureau={bureau.pk}"' in first and 'data-testid="departments"' not in first
    assert re.search(rf'{re.escape(bureau.name)}</a></td><td class="num">{DEPARTMENTS}</td>'
                     rf'<td class="num">{Unit.objects.count()}</td>', first)
    names: list[str] = []
    for number in (1, 2):
        html = client.get("/accounts/organisations/", {"bureau": bureau.pk, "page": number}).content.decode()
        listed = html.split('data-testid="departments"', 1)[1].split("</ul>\n", 1)[0]
        names += [d.name for d in Department.objects.all() if f"<li>{d.name}" in listed]
    assert sorted(names) == sorted(Department.objects.values_list("name", flat=True))
    assert "第 1 / 2 页（共 57 个部门）" in client.get("/accounts/organisations/", {"bureau": bureau.pk}).content.decode()
    one = Department.objects.order_by("name").last()
    found = client.get("/accounts/organisations/", {"q": one.name}).content.decode()
    assert f"{bureau.name} · <mark>{one.name}</mark>" in found
    missing = client.get("/accounts/organisations/", {"q": "没有这个部门", "bureau": "x"}).content.decode()
    assert "没有找到名称含“没有这个部门”的部门或预算单位。" in missing


def test_creating_a_department_twice_says_why_and_a_new_one_is_listed_under_its_bureau(demo):
    from jixiao.web.organisations.models import Department

    existing = Department.objects.select_related("finance_bureau").order_by("pk").first()
    client = client_for("sysadmin")
    refused = client.post("/accounts/organisations/", {
        "kind": "department", "department-finance_bureau": existing.finance_bureau_id,
        "department-name": existing.name}).content.decode()
    errors = re.findall(r'<div class="error"[^>]*>([^<]+)</div>', refused)
    assert errors == ["该财政局下已有同名部门，未重复新建。"]  # once, in words (Django's own read 包含 财政局 和 部门 的 部门…)
    again = client.post("/accounts/organisations/", {"kind": "bureau", "bureau-name": existing.finance_bureau.name})
    assert re.findall(r'<div class="error"[^>]*>([^<]+)</div>', again.content.decode()) == ["已有同名的财政局，未重复新建。"]
    created = client.post("/accounts/organisations/", {
        "kind": "department", "department-finance_bureau": existing.finance_bureau_id, "department-name": "新建测试局"})
    assert created["Location"] == f"/accounts/organisations/?bureau={existing.finance_bureau_id}"
    listed = client.get(created["Location"]).content.decode()
    assert "已新建 新建测试局。" in listed and "<li>新建测试局" in listed
    found = client.get("/accounts/organisations/", {"q": "测试<"}).content.decode()
    assert "测试&lt;" in found and "<mark>" not in found  # the search shown escaped, nothing found
    marked = client.get("/accounts/organisations/", {"q": "测试"}).content.decode()
    assert "新建<mark>测试</mark>局" in marked
