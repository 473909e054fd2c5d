"""The pages issue 11 §3 found slowest to draw afresh — the bureau's risk ranking, the spot-check, the evaluation
overview — read what they show once, with a number of queries that does not grow with their rows, and draw their long
lists in Python with exactly the markup their templates gave (the templates' fragments are kept here and compared on
the demo's data)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from jixiao.web.addresses import by_pk_and_key
from jixiao.web.evaluations import pages, services
from jixiao.web.evaluations.editing import shown_findings
from jixiao.web.evaluations.models import LIST_DEFERRED, Evaluation, Status
from jixiao.web.evaluations.returns import with_last_event
from jixiao.web.evaluations.templatetags.list_rows import evaluation_list_rows
from jixiao.web.evaluations.templatetags.overview_html import finding_items, project_rows, section_links
from jixiao.web.evaluations.views import _grouped
from jixiao.web.pagecache import revision
from jixiao.web.review.models import SpotCheck

from .conftest import client_for

# detail.html's project rows and findings as the template drew them before overview_html
PROJECT_ROWS = """{% load display %}{% load results_display %}{% for p, key in projects %}
      <tr><td>{{ forloop.counter }}</td><td><a href="{% url 'evaluations:section' evaluation.pk key %}">{{ p.project.name }}</a></td>
        <td class="num">{{ p.project.budget.budget_adjusted|wan }}</td><td class="num">{{ p.project.budget.spent|wan }}</td>
        <td class="num">{{ p.score|total_score }}</td><td>{{ p.grade|default:"—" }}</td>
        <td class="hint">{% if p.grade_source == "computed" %}按指标计算{% elif p.grade_source == "stated" %}所列{% elif p.grade_source == "from_stated_score" %}按所列得分{% endif %}</td></tr>
      {% endfor %}"""  # noqa: E501
FINDING_ITEMS = """{% load display %}{% for f in items %}<li class="{{ f.severity }}">{% if f.href %}<a class="where" href="{{ f.href }}">{{ f.where }}</a>{% else %}<span class="where">{{ f.where }}</span>{% endif %}<br>{{ f.message }} <span class="code" title="检查代码 {{ f.code }}">{{ f.code|check_title }}</span></li>{% endfor %}"""  # noqa: E501

SECTION_LINKS = """{% for key, title in sections.items %}<a href="{% if key == 'framework' %}{% url 'evaluations:framework' evaluation.pk %}{% else %}{% url 'evaluations:section' evaluation.pk key %}{% endif %}" {% if key == section_key %}class="current"{% endif %}>{{ title }}</a>{% endfor %}"""  # noqa: E501

# evaluations/list.html's rows as the template drew them before list_rows
LIST_ROWS = """{% load display %}{% load workflow_status %}{% load departments %}{% load navigation %}{% for e in evaluations %}
  <tr><td><a href="{% address 'evaluations:detail' e.pk %}">{{ e.department.name }}</a>{{ e.department|generated_badge:e }}{% if e.imported_by %}<br><small class="hint" data-testid="imported-by">由{{ e.imported_by|person }}据上传的报告建立</small>{% endif %}</td><td>{{ e.year }}</td>
      <td>{% status_badge e %}</td><td class="num">{{ e.score|total_score }}</td>
      <td>{{ e.grade|default:"—" }}</td><td class="num">{{ e.project_count }}</td>{% if not e.auditable %}<td class="num bad" data-testid="unauditable" title="没有可以审核的内容：评价未经核对，不能视为没有问题">无法审核</td>{% else %}<td class="num {% if e.filled_errors %}bad{% endif %}">{{ e.filled_errors }}{% if e.unscored %}<br><small class="hint" data-testid="unscored" title="全部自评表（部门整体和项目）中实际值、分值或预算执行数未填、尚不能计分的项数">未计分 {{ e.unscored }}</small>{% endif %}</td>{% endif %}
      <td class="num">{{ e.warnings }}</td><td>{{ e.updated|date:"Y-m-d H:i" }}</td></tr>
  {% empty %}<tr><td colspan="9">还没有自评。</td></tr>{% endfor %}"""  # noqa: E501


def _template(text: str, context: dict) -> str:
    return engines["django"].from_string(text).render(context)


def _without_tokens(html: str) -> str:
    """A page without its CSRF tokens (masked afresh on every drawing)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _reads_of_documents(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().startswith("SELECT")
            and '"evaluations_evaluation"."document"' in q["sql"]]


@pytest.mark.django_db
def test_the_overviews_rows_drawn_in_python_are_the_templates_markup(evaluations):
    """Every demo evaluation: each project row (its link, budget and spending or —, score, grade, where the grade came
    from) and each finding (linked to its page or not, its check in words) as the template wrote them."""
    compared = findings = 0
    for evaluation in Evaluation.objects.select_related("department"):
        analysis = services.analysis_of(evaluation)
        projects = [(p, f"project-{p.index}") for p in analysis.result.projects]
        assert project_rows(evaluation, projects) == _template(PROJECT_ROWS, {"evaluation": evaluation,
                                                                             "projects": projects})
        for _, _, group in _grouped(analysis.findings):
            items = shown_findings(evaluation, group, evaluation.document)
            assert finding_items(items) == _template(FINDING_ITEMS, {"items": items})
            findings += len(items)
        compared += len(projects)
    assert compared > 50 and findings > 50  # the demo's evaluations have dozens of each: the rows were compared


@pytest.mark.django_db
def test_the_evaluations_lists_rows_drawn_in_python_are_the_templates_markup(evaluations):
    """Every demo evaluation as the list reads it, one imported by a user (its name escaped) and one returned (who
    returned it, on which day), and an empty list."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="tongcheng_preparer")
    user.first_name = "李<四>"
    user.save()
    Evaluation.objects.filter(pk=evaluations["tongcheng"].pk).update(imported_by=user)
    Evaluation.objects.filter(pk=evaluations["changli"].pk).update(status=Status.RETURNED)
    listed = list(with_last_event(Evaluation.objects.select_related("department", "imported_by")
                                  .defer(*LIST_DEFERRED).order_by("-year", "department__name", "pk")))
    assert len(listed) > 5 and any(e.imported_by for e in listed) and any(e.status == Status.RETURNED for e in listed)
    assert "李&lt;四&gt;" in evaluation_list_rows(listed)
    for e in listed:  # the errors in what was filled in, its blanks apart (trial 12: as the bureau's list draws them)
        e.filled_errors = e.errors - e.unscored
    assert any(e.unscored and e.filled_errors for e in listed)
    assert evaluation_list_rows(listed) == _template(LIST_ROWS, {"evaluations": listed})
    assert evaluation_list_rows([]) == _template(LIST_ROWS, {"evaluations": []})


@pytest.mark.django_db
def test_the_tabs_drawn_in_python_are_the_templates_markup(evaluations):
    """Each demo evaluation's tabs, on its overview (no current tab) and on each of its pages (that tab current)."""
    for evaluation in Evaluation.objects.all():
        sections = pages.tabs(evaluation.document)
        for current in [None, *sections]:
            context = {"evaluation": evaluation, "sections": sections}
            if current is not None:
                context["section_key"] = current
            assert section_links(evaluation, sections, current or "") == _template(SECTION_LINKS, context)


@pytest.mark.django_db
def test_a_findings_link_is_the_address_django_reverses(evaluations):
    from django.urls import reverse

    evaluation = evaluations["tongcheng"]
    keys = list(pages.tabs(evaluation.document)) + [f"project-{i}" for i in range(len(evaluation.document["projects"]))]
    assert len(keys) > 10
    for key in keys:
        assert by_pk_and_key("evaluations:section")(evaluation.pk, key) == \
            reverse("evaluations:section", args=[evaluation.pk, key])


@pytest.mark.django_db
def test_the_overview_reads_its_evaluation_once_whatever_its_projects_and_findings(evaluations):
    """通城's seed evaluation (26 projects, 35 findings) costs the queries of 靖州's (no project): no query a row; the
    document read once when its revision is first drawn, and not at all drawn again (what the overview draws from
    it is kept with the revision's analysis), the page the same."""
    from jixiao.web.evaluations import services

    counts = {}
    for key in ("tongcheng", "jingzhou"):
        evaluation, client = evaluations[key], client_for(f"{key}_preparer")
        services._ANALYSES.clear()  # its analysis, once per revision and process
        with CaptureQueriesContext(connection) as queries:
            first = client.get(f"/evaluations/{evaluation.pk}/", HTTP_CACHE_CONTROL="no-cache")
        assert first.status_code == 200 and len(_reads_of_documents(queries)) == 1
        with CaptureQueriesContext(connection) as queries:
            again = client.get(f"/evaluations/{evaluation.pk}/", HTTP_CACHE_CONTROL="no-cache")
        assert again.status_code == 200 and len(_reads_of_documents(queries)) == 0
        assert _without_tokens(again.content.decode()) == _without_tokens(first.content.decode())
        counts[evaluation.pk] = len(queries)
    assert len(set(counts.values())) == 1, counts


@pytest.mark.django_db
def test_the_spot_check_reads_its_document_once_and_no_query_a_year_of_history(evaluations):
    """The demo's spot-check of 通城 2022; then 2023 is submitted and sampled too, so that the history has two years:
    the same queries, and no document read (the sampled evaluation's analysis is in memory from the first drawing,
    the history's years are named, not read)."""
    client = client_for("tongcheng_finance")
    check = SpotCheck.objects.get()
    address = f"/review/evaluations/{check.evaluation_id}/"

    def drawn() -> int:
        client.get(address)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address, HTTP_CACHE_CONTROL="no-cache")
        assert response.status_code == 200
        assert not _reads_of_documents(queries)
        return len(queries), response.content.decode().count('<td class="num">')

    services._ANALYSES.clear()  # drawn with no analysis in memory: its document read for it, the same page
    cold = _without_tokens(client.get(address, HTTP_CACHE_CONTROL="no-cache").content.decode())
    assert "自评偏差合计" in cold
    assert cold == _without_tokens(client.get(address, HTTP_CACHE_CONTROL="no-cache").content.decode())
    before, cells_before = drawn()
    Evaluation.objects.filter(pk=evaluations["tongcheng"].pk).update(status=Status.WITH_FINANCE)
    assert client.post("/review/", {"pick": [str(evaluations["tongcheng"].pk)], "reason": "全部满分"}).status_code == 302
    after, cells_after = drawn()
    assert cells_after > cells_before  # the history's second year is on the page
    assert after == before


@pytest.mark.django_db
def test_the_ranking_reads_no_document_and_no_query_a_sample(evaluations):
    """The ranking with one sample and with two (more spot-checks listed): the same queries, none reading a
    document."""
    client = client_for("tongcheng_finance")

    def drawn() -> int:
        client.get("/review/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/review/", HTTP_CACHE_CONTROL="no-cache").status_code == 200
        assert not _reads_of_documents(queries)
        return len(queries)

    before = drawn()
    Evaluation.objects.filter(pk=evaluations["tongcheng"].pk).update(status=Status.WITH_FINANCE)
    assert client.post("/review/", {"pick": [str(evaluations["tongcheng"].pk)], "reason": "全部满分"}).status_code == 302
    assert SpotCheck.objects.count() == 2
    assert drawn() == before


@pytest.mark.django_db
def test_a_stored_risk_score_keeps_its_evaluations_part_apart_and_the_migration_fills_it(evaluations):
    """What the ranking's rows read (`whole`, `project_count`) is the evaluation's part of the stored record and the
    number of its projects, as a score is stored and as migration 0005 fills the scores stored before it."""
    from importlib import import_module

    from django.apps import apps

    from jixiao.web.review import risk_store
    from jixiao.web.review.models import RiskAssessment

    risk_store.refresh_stale([evaluations["tongcheng"].department.finance_bureau_id])
    stored = list(RiskAssessment.objects.all())
    assert stored and sum(a.project_count for a in stored) == 26  # 通城 2022, the demo's one submitted (26 projects)

    def as_stored() -> dict:
        return {a.evaluation_id: (a.whole, a.project_count) for a in RiskAssessment.objects.all()}

    expected = {a.evaluation_id: (a.points["evaluation"], len(a.points["projects"])) for a in stored}
    assert as_stored() == expected
    RiskAssessment.objects.update(whole={}, project_count=0)
    import_module("jixiao.web.review.migrations.0005_riskassessment_whole").fill_from_points(apps, None)
    assert as_stored() == expected


@pytest.mark.django_db
def test_stale_risk_scores_are_looked_for_again_only_after_a_write(evaluations):
    """Once the database found no stale score for a bureau, the ranking asks again only when the data revision moved:
    one query (the revision) instead of the stale check's; any write, even one no signal sees, makes it look again
    and recompute what the write made stale."""
    from jixiao.web.review import risk_store
    from jixiao.web.review.models import RiskAssessment

    bureau = [evaluations["tongcheng"].department.finance_bureau_id]
    while risk_store.refresh_stale(bureau):  # what the demo's saves left for after their commits
        pass
    risk_store.refresh_stale(bureau)
    with CaptureQueriesContext(connection) as queries:
        assert risk_store.refresh_stale(bureau) == 0
    assert len(queries) == 1 and revision.TABLE in queries[0]["sql"]
    earlier = Evaluation.objects.get(department=evaluations["tongcheng"].department, year=2022)
    stored = RiskAssessment.objects.get(evaluation=earlier)
    Evaluation.objects.filter(pk=earlier.pk).update(status=Status.WITH_FINANCE)  # SQL only: no signal, no refresh
    assert risk_store.refresh_stale(bureau) == 1
    assert RiskAssessment.objects.get(evaluation=earlier).source_status == Status.WITH_FINANCE != stored.source_status


@pytest.mark.django_db
def test_the_overviews_project_table_names_the_unit_of_both_amounts(evaluations):
    """执行数 had no unit beside 调整后预算（万元）: both are the project's 万元 (seed 003: 工伤病残等级鉴定费, 全年预算数
    5 万元, 执行数 5 万元)."""
    tongcheng = evaluations["tongcheng"]
    html = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/").content.decode()
    assert '<th class="num">调整后预算（万元）</th><th class="num">执行数（万元）</th>' in html
    row = re.search(r'edit/project-0/">工伤病残等级鉴定费</a></td>\s*<td class="num">([^<]*)</td><td class="num">([^<]*)</td>',
                    html)
    assert row.groups() == ("5.00", "5.00")  # 万元 to 2 places, as every page shows it


@pytest.mark.django_db
def test_a_ranked_rows_risk_is_drawn_again_after_its_score_changes_and_kept_after_another_write(generated_bureau):
    """The ranking's rows' risks kept by their stored score (risk_html._risk_parts): drawn again, the page draws no
    row's risk; after one evaluation's stored score changes (a reason reworded) the page shows it, draws that row
    only, and is the page drawn with nothing kept; a write to another bureau's evaluation draws none."""
    from unittest import mock

    from jixiao.web.review import risk_store
    from jixiao.web.review.models import RiskAssessment
    from jixiao.web.review.templatetags import risk_html

    client = client_for("tongcheng_finance")

    def page() -> str:
        return _without_tokens(client.get("/review/", HTTP_CACHE_CONTROL="no-cache").content.decode())

    first = page()
    with mock.patch.object(risk_html, "risk_detail", wraps=risk_html.risk_detail) as drawn:
        assert page() == first and drawn.call_count == 0
        ranked = [int(pk) for pk in re.findall(r'<tr data-evaluation="(\d+)">', first)]
        stored = RiskAssessment.objects.get(evaluation_id=ranked[1])
        whole = stored.whole
        point = next(p for p in whole["points"] if p["reason"])
        point["reason"] = "改写后的判断依据<甲>"
        RiskAssessment.objects.filter(pk=stored.pk).update(whole=whole)
        changed = page()
        assert drawn.call_count == 1 and "改写后的判断依据&lt;甲&gt;" in changed and changed != first
        other = Evaluation.objects.exclude(department__finance_bureau=generated_bureau).first()
        Evaluation.objects.filter(pk=other.pk).update(revision=other.revision + 1)
        RiskAssessment.objects.filter(evaluation__department__finance_bureau__isnull=False).exclude(
            evaluation__department__finance_bureau=generated_bureau).update(project_count=0)
        assert page() == changed and drawn.call_count == 1
    risk_html._RISK_PARTS.clear()
    risk_store._WHOLES.clear()
    assert page() == changed


@pytest.mark.django_db
def test_an_opened_rows_risks_are_drawn_again_after_its_record_changes_and_kept_after_another_write(evaluations):
    """The project risks of a ranked evaluation (its stored record decoded once per text, its markup kept by the
    scores decoded): drawn again, nothing is drawn; a project's reason reworded in the record is shown and the page
    is the page drawn with nothing kept; another evaluation's record changed draws nothing of this one."""
    from unittest import mock

    from jixiao.web.review import risk_store
    from jixiao.web.review.models import RiskAssessment
    from jixiao.web.review.templatetags import risk_html

    client = client_for("tongcheng_finance")
    accepted = Evaluation.objects.get(department=evaluations["tongcheng"].department, status=Status.ACCEPTED)
    address = f"/review/evaluations/{accepted.pk}/risks/"

    def page() -> str:
        return _without_tokens(client.get(address, HTTP_CACHE_CONTROL="no-cache").content.decode())

    first = page()
    assert 'data-testid="project-risks"' in first
    with mock.patch.object(risk_html, "_project_risks", wraps=risk_html._project_risks) as drawn:
        assert page() == first and drawn.call_count == 0
        stored = RiskAssessment.objects.get(evaluation=accepted)
        points = stored.points
        point = next(p for project in points["projects"] for p in project["points"] if p["state"] == "fired")
        point["reason"] = "改写后的项目依据<乙>"
        RiskAssessment.objects.filter(pk=stored.pk).update(points=points)
        changed = page()
        assert drawn.call_count == 1 and "改写后的项目依据&lt;乙&gt;" in changed
        other = RiskAssessment.objects.exclude(pk=stored.pk).first()
        if other is not None:
            RiskAssessment.objects.filter(pk=other.pk).update(project_count=0)
        assert page() == changed and drawn.call_count == 1
    risk_store._DECODED.clear()
    risk_html._MARKUP.clear()
    assert page() == changed


@pytest.mark.django_db
def test_a_spot_check_line_is_drawn_again_when_its_score_changes_and_kept_otherwise(evaluations):
    """The spot-check form's lines kept by what they show (risk_html._LINES): drawn again, no line is drawn; one
    bureau score changed draws that line only, shows the new score and gap, and the page is the page drawn with
    nothing kept."""
    from decimal import Decimal
    from unittest import mock

    from jixiao.web.review.models import BureauScore
    from jixiao.web.review.templatetags import risk_html

    client = client_for("tongcheng_finance")
    check = SpotCheck.objects.get()
    address = f"/review/evaluations/{check.evaluation_id}/"

    def page() -> str:
        return _without_tokens(client.get(address, HTTP_CACHE_CONTROL="no-cache").content.decode())

    def shown(html: str, path: str) -> str:
        return re.search(rf'name="bs-{re.escape(path)}" value="([^"]*)"', html)[1]

    score = BureauScore.objects.filter(spot_check=check, weight__gt=1).first()
    first = page()
    new = Decimal("0.5") if score.score != Decimal("0.5") else Decimal("1")
    with mock.patch.object(risk_html, "_draw_spot_check_line", wraps=risk_html._draw_spot_check_line) as drawn:
        assert page() == first and drawn.call_count == 0
        BureauScore.objects.filter(pk=score.pk).update(score=new)
        changed = page()
        assert drawn.call_count == 1
    assert shown(changed, score.path) == str(new) != shown(first, score.path)
    risk_html._LINES.clear()
    assert page() == changed


@pytest.mark.django_db
def test_the_overviews_projects_show_amounts_as_every_page_does(evaluations):
    """Second trial: the overview listed 通城's budgets as typed (5, 16800, 481.8) beside 2,340.00 elsewhere. Seed 003's
    机关事业单位养老保险兜底补贴: 16,800.00 万元."""
    tongcheng = evaluations["tongcheng"]
    html = client_for("tongcheng_preparer").get(f"/evaluations/{tongcheng.pk}/").content.decode()
    row = html[html.index(">机关事业单位养老保险兜底补贴</a>"):]
    assert row[:row.index("</tr>")].count('<td class="num">16,800.00</td>') == 2  # budget and spending


@pytest.mark.django_db
def test_an_editor_pages_findings_are_those_overlapping_its_paths(evaluations):
    """editing._concerning (prefixes built once per page) keeps exactly the findings, in order, that the filter before
    it kept (docpath.overlaps of each finding with each of the page's paths), on every page of every demo
    evaluation, and with the whole document or no path at all."""
    from jixiao.core import docpath
    from jixiao.web.evaluations.editing import _concerning

    compared = 0
    for evaluation in Evaluation.objects.all():
        findings = services.analysis_of(evaluation).findings
        for key in [*pages.tabs(evaluation.document), *(f"project-{i}" for i in
                                                        range(len(evaluation.document.get("projects") or [])))]:
            paths = pages.page(evaluation.document, key)[1].paths
            for tried in (paths, [], [""], [*paths, ""]):
                before = [f for f in findings if any(docpath.overlaps(f.location, p) for p in tried)]
                assert _concerning(findings, tried) == before
                compared += len(before)
    assert compared > 100  # the demo's findings do fall on its pages: the filters were compared on real ones


def _page_keys(document: dict) -> list[str]:
    return [*pages.tabs(document), *(f"project-{i}" for i in range(len(document.get("projects") or [])))]


@pytest.mark.django_db
def test_a_page_drawn_again_reads_the_document_and_refusals_that_reading_every_cell_reads(evaluations):
    """entry.as_stored (a page whose fields are kept drawn) gives the document and the count of refused fields that
    entry.read gives of the stored document, on every page of every demo evaluation, and of documents that tidying
    changes (an empty goal, an empty list, a survey without its number) or whose rules refuse a field (a goal with
    indicators and no name)."""
    import copy

    from jixiao.web.evaluations import entry

    documents = [evaluation.document for evaluation in Evaluation.objects.all()]
    tongcheng = evaluations["tongcheng"].document
    odd = copy.deepcopy(tongcheng)
    odd["goals"][1]["name"] = " "  # has indicators: refused on the page
    odd["goals"].insert(0, {"name": "", "indicators": []})  # emptied: dropped
    odd["surveys"] = [{"title": "问卷", "questions": []}]  # numbered when tidied
    emptied = copy.deepcopy(tongcheng)
    emptied["goals"], emptied["surveys"] = [], []
    documents += [odd, emptied]
    compared = refused = 0
    for document in documents:
        for key in _page_keys(document):
            section = pages.page(document, key)[1]
            before = copy.deepcopy(document)
            read, kept = entry.read(section, document), entry.as_stored(section, document)
            assert kept.document == read.document and kept.errors == read.errors, key
            assert document == before  # the stored document is read, never changed
            compared += 1
            refused += kept.errors
    assert compared > 100 and refused == 1  # odd's nameless goal, on its goals page


@pytest.mark.django_db
def test_the_tabs_asked_without_building_each_page_are_those_built(evaluations):
    """pages.tabs asks each page whether the document has it (Page.present) instead of building its section: the
    same pages, in the same order, as building them finds, with or without a framework scheme."""
    import copy

    documents = [evaluation.document for evaluation in Evaluation.objects.all()]
    for scheme in ("yunnan-department-dmp", "mof-2013-department", "no-such-scheme", ""):
        document = copy.deepcopy(evaluations["jingzhou"].document)
        document["scheme"] = scheme
        documents.append(document)
    lib = services.library()
    seen = set()
    for document in documents:
        built = {p.key: p.title for p in pages.PAGES if p.tab and p.build(document, lib) is not None}
        assert pages.tabs(document) == built
        seen.add(tuple(built))
    assert len(seen) == 2  # with a framework and without


@pytest.mark.django_db
def test_an_entry_page_drawn_again_from_its_kept_fields_is_the_page_first_drawn(evaluations, monkeypatch):
    """The second drawing of a stored revision's page (its fields kept, its cells not read: entry.as_stored; its
    panel's findings kept with the revision's analysis) is the first drawing, refusals and all; and a save shows the
    findings of what it saved, not those kept."""
    from jixiao.web.evaluations import editing, entry

    tongcheng = evaluations["tongcheng"]
    document = dict(tongcheng.document)
    document["goals"] = [dict(goal) for goal in document["goals"]]
    document["goals"][0]["name"] = ""
    Evaluation.objects.filter(pk=tongcheng.pk).update(document=document, revision=tongcheng.revision + 1)
    client = client_for("tongcheng_preparer")
    for key in ("goals", "project-2", "surveys", "profile"):
        editing._FIELDS.clear()
        first = client.get(f"/evaluations/{tongcheng.pk}/edit/{key}/", HTTP_CACHE_CONTROL="no-cache")
        assert any(k[3] == key for k in editing._FIELDS)  # kept, and read from there next
        with monkeypatch.context() as patched:
            patched.setattr(entry, "read", None)  # not called: drawn afresh (no-cache) from the kept fields
            again = client.get(f"/evaluations/{tongcheng.pk}/edit/{key}/", HTTP_CACHE_CONTROL="no-cache")
        assert first.status_code == again.status_code == 200
        assert _without_tokens(first.content.decode()) == _without_tokens(again.content.decode())
        # the panel's findings were kept with the revision's analysis, and shown from there the second time
        assert key in services.analysis_of(Evaluation.objects.get(pk=tongcheng.pk)).shown
        if key == "goals":
            assert 'data-testid="input-errors">有 1 处填写有误' in again.content.decode()
    # a save: the page's findings are the new revision's (an actual cleared is no longer compared with its target)
    saved = Evaluation.objects.get(pk=tongcheng.pk)
    before = client.get(f"/evaluations/{tongcheng.pk}/edit/goals/", HTTP_CACHE_CONTROL="no-cache").content.decode()
    response = client.post(f"/evaluations/{tongcheng.pk}/edit/goals/", {
        "revision": str(saved.revision), "f-goals[0].name": "履职目标"})
    assert response.status_code == 302
    after = client.get(f"/evaluations/{tongcheng.pk}/edit/goals/", HTTP_CACHE_CONTROL="no-cache").content.decode()
    assert 'data-testid="input-errors"' in before and 'data-testid="input-errors"' not in after
    from jixiao.web.evaluations.editing import _concerning

    new = Evaluation.objects.get(pk=tongcheng.pk)
    paths = pages.page(new.document, "goals")[1].paths
    found = len(_concerning(services.analyse(new.document, new.copied_from_year).findings, paths))
    assert f"与本页有关的审核发现（{found}）" in after
    assert [f.message for f in services.analysis_of(new).shown["goals"]] == \
        [f.message for f in _concerning(services.analyse(new.document, new.copied_from_year).findings, paths)]
