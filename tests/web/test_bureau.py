from decimal import Decimal

import pytest

from .conftest import client_for


@pytest.mark.django_db
def test_the_bureau_sees_its_departments_with_status_score_grade_and_findings(evaluations):
    page = client_for("tongcheng_finance").get("/bureau/").content.decode()
    assert "通城县人力资源和社会保障局" in page and "昌黎" not in page and "靖州" not in page
    assert ">100.00<" in page and ">优<" in page  # seed 003's department table


@pytest.mark.django_db
def test_a_stored_score_of_zero_is_shown_as_a_score_not_as_none(evaluations):
    """Seed 000 scores projects 0; an evaluation whose stored total is 0 shows 0.00 (it showed —, as no score)."""
    from decimal import Decimal

    from jixiao.web.evaluations.models import Evaluation

    tongcheng = evaluations["tongcheng"]
    Evaluation.objects.filter(pk=tongcheng.pk).update(score=Decimal("0"))
    page = client_for("tongcheng_finance").get("/bureau/").content.decode()
    row = page[page.index(f'href="/evaluations/{tongcheng.pk}/"'):]
    row = row[:row.index("</tr>")]
    assert "<td class=\"num\">0.00</td>" in row


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


def _export_years(page: str) -> list[tuple[str, bool]]:
    import re

    form = page[page.index('data-testid="export-year"'):page.index('data-testid="export"')]
    return [(year, bool(selected)) for year, selected in re.findall(r'<option value="(\d+)"( selected)?>', form)]


@pytest.mark.django_db
def test_the_export_form_opens_on_the_latest_year_with_accepted_evaluations(evaluations):
    from jixiao.web.evaluations.models import Evaluation, Status

    client = client_for("tongcheng_finance")
    page = client.get("/bureau/").content.decode()
    # 通城's seed year 2023 is a draft, its 2022 accepted: the packing of accepted evaluations opens on 2022
    assert _export_years(page) == [("2023", False), ("2022", True)]
    assert "2023 年度（已接收 0 份）" in page and "2022 年度（已接收 1 份）" in page
    # a year chosen in the filter is the one packed
    assert _export_years(client.get("/bureau/?year=2023").content.decode()) == [("2023", True), ("2022", False)]
    # nothing accepted at all: the latest year, as before
    Evaluation.objects.filter(department__finance_bureau__name="通城县财政局").update(status=Status.SUBMITTED)
    assert _export_years(client.get("/bureau/").content.decode()) == [("2023", True), ("2022", False)]


@pytest.mark.django_db
def test_a_year_with_nothing_accepted_is_refused_on_the_form_and_no_job_queued(evaluations):
    """A new user's zip of a year with nothing accepted was an empty zip: the form now says why, naming the year."""
    import re

    from jixiao.web.audit.models import Action, AuditEvent
    from jixiao.web.bureau.models import ExportJob

    client = client_for("tongcheng_finance")
    # 通城's 2023 (seed 003) is its one evaluation of that year, a draft: nothing accepted to pack
    response = client.post("/bureau/export/", {"year": "2023"})
    assert response.status_code == 302 and response["Location"] == "/bureau/"
    assert not ExportJob.objects.exists() and not AuditEvent.objects.filter(action=Action.EXPORT).exists()
    page = client.get("/bureau/").content.decode()
    error = re.search(r'<div class="error" role="alert" data-testid="export-error">([^<]*)</div>', page).group(1)
    assert error == "2023 年度没有财政已接收的自评，未生成压缩包：压缩包只收财政已接收的自评（该年度的 1 份自评尚未接收）。"
    assert _export_years(page) == [("2023", True), ("2022", False)]  # the year refused stays chosen
    # said once: the page shown again opens as before
    again = client.get("/bureau/").content.decode()
    assert 'data-testid="export-error"' not in again and _export_years(again) == [("2023", False), ("2022", True)]
    # a year without any evaluation
    client.post("/bureau/export/", {"year": "2019"})
    assert 'data-testid="export-error">2019 年度没有自评，未生成压缩包。</div>' in client.get("/bureau/").content.decode()
    assert not ExportJob.objects.exists()
    # 2022, accepted: queued as before
    response = client.post("/bureau/export/", {"year": "2022"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bureau/export/{job.pk}/" and job.year == 2022


@pytest.mark.django_db
def test_the_list_read_by_kept_statements_is_the_list_built_each_time(generated_bureau, monkeypatch):
    """The bureau's list — its page, counts by status, totals and years — drawn with its statements compiled once
    per process (lookups.kept) is the page drawn with every statement built by the ORM, for each filter, search,
    sort and page; a returned evaluation among them (its count by who returned it)."""
    import re

    from jixiao.web import lookups
    from jixiao.web.evaluations.models import Evaluation, Status

    from jixiao.web.bureau import views

    monkeypatch.setattr(views, "PAGE_SIZE", 5)  # pages of five: the bureau's 25 evaluations on five pages
    returned = Evaluation.objects.filter(department__finance_bureau=generated_bureau, status=Status.ACCEPTED).first()
    Evaluation.objects.filter(pk=returned.pk).update(status=Status.RETURNED)
    client = client_for("tongcheng_finance")
    queries = ["", "page=2", "year=2022", "year=2023&sort=-score", "status=returned", "status=accepted&grade=优",
               "grade=良&sort=-errors&page=2", "q=教育", "sort=-updated", "q=无此部门", "year=1999", "year=²", "status=x&sort=y"]

    def drawn() -> list[str]:
        return [re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", client.get(
            f"/bureau/?{query}", HTTP_CACHE_CONTROL="no-cache").content.decode()) for query in queries]

    lookups._KEPT.clear()
    kept = drawn()
    assert any(entry is not lookups._NOT_KEPT for entry in lookups._KEPT.values())
    lookups._KEPT.clear()
    monkeypatch.setattr(lookups, "_compile_kept", lambda *args: lookups._NOT_KEPT)  # every statement built
    assert kept == drawn()
    assert "合计 错误" in kept[0] and kept[0] != kept[1] and "没有符合条件的自评" in kept[queries.index("q=无此部门")]


@pytest.mark.django_db
def test_the_bureaus_list_and_the_goals_list_read_a_year_and_a_search_alike(evaluations):
    """One reading of both filters (web.listfilters): the bureau's search box kept 500 characters where the goals
    list's kept 50, and a year of another script's digits was the year int() read on one and none on the other."""
    client = client_for("tongcheng_finance")
    typed = "人力资源" + "x" * 500
    for url in ("/bureau/", "/goals/"):
        page = client.get(url, {"q": typed}).content.decode()
        assert f'value="{typed[:50]}"' in page and typed[:51] not in page, url
        assert "通城县人力资源和社会保障局" in client.get(url, {"q": " 人力资源 "}).content.decode(), url
        # ٢٠١٠ (2010 in Arabic-Indic digits): no year, so no filter, as "abc" is
        assert "通城县人力资源和社会保障局" in client.get(url, {"year": "٢٠١٠"}).content.decode(), url
        assert "通城县人力资源和社会保障局" not in client.get(url, {"year": "２０１０"}).content.decode(), url
        # the year menu shows the year the list is of (a trial saw 全部年度 above a list of 2023's)
        year = {"/bureau/": "2022", "/goals/": "2024"}[url]  # a year each list has
        wide = year.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        assert f'<option value="{year}" selected' in client.get(url, {"year": wide}).content.decode(), url
        # and the search box takes no more than the list reads (500 characters were an English 414 from the server)
        assert 'name="q" value="" maxlength="50"' in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_the_sort_links_keep_a_search_with_an_ampersand_whole(evaluations):
    """The column headings' links put the search into the address as typed: 人力&社保 cut the search at the &."""
    page = client_for("tongcheng_finance").get("/bureau/", {"q": "人力&社保"}).content.decode()
    assert "q=%E4%BA%BA%E5%8A%9B%26%E7%A4%BE%E4%BF%9D&amp;sort=-department" in page
    assert "q=人力&社保" not in page


def _rows(page: str, score: bool = False) -> list[tuple]:
    """(evaluation, year, grade that counts) of each row of the bureau's list, in its order; with `score`, the score
    shown too (None for —)."""
    import re

    rows = re.findall(r'<tr><td><a href="/evaluations/(\d+)/">.*?</td><td>(\d+)</td>.*?<td class="num">(.*?)</td>'
                      r"<td>(.*?)</td>", page, re.S)
    found = [(int(pk), int(year), re.sub(r"<[^>]+>", " ", grade).split()[0], re.sub(r"<[^>]+>", " ", shown).split())
             for pk, year, shown, grade in rows]
    if score:
        return [(pk, year, grade, Decimal(shown[0]) if shown and shown[0] != "—" else None)
                for pk, year, grade, shown in found]
    return [(pk, year, grade) for pk, year, grade, _ in found]


@pytest.mark.django_db
def test_the_year_and_grade_columns_sort_the_grade_by_its_scale(evaluations, demo):
    """Trial 13: 年度 and 等级 were no links; sorted by its characters, 等级 would read 中 优 差 良. Best first, then
    the other way, a row without a grade last either way; the year newest first, then oldest first."""
    from django.contrib.auth import get_user_model

    from jixiao.web.accounts.models import Membership
    from jixiao.web.evaluations.models import Evaluation
    from jixiao.web.organisations.models import FinanceBureau

    user = get_user_model().objects.create_user("province", password="x")
    for bureau in FinanceBureau.objects.all():
        Membership.objects.create(user=user, role="finance_reviewer", finance_bureau=bureau)
    client = client_for("province")
    page = client.get("/bureau/").content.decode()
    assert "sort=-year\">年度</a>" in page and "sort=grade\">等级</a>" in page
    # four grades of the scale, in an order neither the scale's nor the characters', and one row without a grade
    listed = list(Evaluation.objects.order_by("pk"))
    for evaluation, grade in zip(listed, ("中", "差", "优", "良", "")):
        Evaluation.objects.filter(pk=evaluation.pk).update(grade=grade)

    best_first = [grade for _, _, grade in _rows(client.get("/bureau/?sort=grade").content.decode())]
    places = {"优": 0, "良": 1, "中": 2, "差": 3, "—": 4}
    assert best_first == sorted(best_first, key=places.__getitem__) and best_first[-1] == "—"
    assert {"优", "良", "中", "差"} <= set(best_first)
    assert "sort=-grade\">等级</a>" in client.get("/bureau/?sort=grade").content.decode()  # the other way next
    worst_first = [grade for _, _, grade in _rows(client.get("/bureau/?sort=-grade").content.decode())]
    assert worst_first == sorted(worst_first, key=lambda g: -places[g] if g != "—" else 9) and worst_first[-1] == "—"

    newest = [year for _, year, _ in _rows(client.get("/bureau/?sort=-year").content.decode())]
    assert newest == sorted(newest, reverse=True) and len(set(newest)) > 1
    assert "sort=year\">年度</a>" in client.get("/bureau/?sort=-year").content.decode()
    assert [year for _, year, _ in _rows(client.get("/bureau/?sort=year").content.decode())] == sorted(newest)


@pytest.mark.django_db
def test_within_a_grade_the_best_score_comes_first_when_the_best_grade_does(evaluations, demo):
    """Trial 14: sorted by 等级, the rows of 优 came by department name (100.00, 93.86, 99.58, 100.00, 99.75 …); a
    reviewer reading best first expects the best scores first within a grade too, and the worst first the other way."""
    from jixiao.web.evaluations.models import Evaluation

    client = client_for("tongcheng_finance")
    Evaluation.objects.update(grade="优")
    for place, evaluation in enumerate(Evaluation.objects.order_by("department__name", "pk")):
        Evaluation.objects.filter(pk=evaluation.pk).update(score=Decimal("90.00") + place)  # not in name order reversed
    best_first = [score for *_, score in _rows(client.get("/bureau/?sort=grade").content.decode(), score=True)]
    worst_first = [score for *_, score in _rows(client.get("/bureau/?sort=-grade").content.decode(), score=True)]
    assert len(best_first) > 1 and None not in best_first
    assert best_first == sorted(best_first, reverse=True)
    assert worst_first == sorted(best_first)
