"""The demo's generated data (issue 10, part 7): the year before each seed, and the full demo's departments."""

from __future__ import annotations

import time
from collections import Counter
from decimal import Decimal

import pytest

from jixiao.web.demo import DEPARTMENTS, _example
from jixiao.web.demo_generated import generated_previous_year
from jixiao.web.evaluations.models import Evaluation, Status
from jixiao.web.evaluations.services import analyse, normalised, summarise

from .conftest import client_for

SEED_YEARS = {"tongcheng": 2023, "changli": 2023, "jingzhou": 2022}


def core_summary(evaluation: Evaluation) -> tuple:
    """What the core says of the stored document: the score and grade the lists must show."""
    probe = Evaluation(document=evaluation.document)
    summarise(probe, analyse(evaluation.document))
    return probe.score, probe.grade, probe.errors


def shape(document: dict) -> list:
    return [[(i.get("level1"), i.get("level2"), i.get("weight")) for i in item.get("indicators", [])]
            for part in ("goals", "projects") for item in document.get(part, [])]


@pytest.mark.django_db
def test_each_seed_department_has_the_year_before_generated_and_accepted(evaluations):
    for key, seed in evaluations.items():
        assert seed.year == SEED_YEARS[key] and seed.status == Status.DRAFT and not seed.events.exists()
        before = Evaluation.objects.get(department=seed.department, year=seed.year - 1)
        assert before.status == Status.ACCEPTED and "演示生成" in before.document["title"]
        # marked as the demo's, though its department is real (the seed year is not)
        assert before.generated and not before.department.generated and not seed.generated
        assert before.document["year"] == seed.year - 1
        # the same shape: units, projects, goals and indicators with their levels and weights
        assert shape(before.document) == shape(seed.document)
        assert [(u["name"], u.get("is_main")) for u in before.document["department"]["units"]] == \
            [(u["name"], u.get("is_main")) for u in seed.document["department"]["units"]]
        assert before.document["budget"] != seed.document["budget"]  # other figures
        assert (before.score, before.grade, before.errors) == core_summary(before)
        # the trail the workflow leaves, by the department's demo people and the bureau's finance reviewer
        events = list(before.events.order_by("id").values_list("action", "from_status", "to_status", "user__username"))
        assert events == [("submit", "draft", "submitted", f"{key}_preparer"),
                          ("approve", "submitted", "with_finance", f"{key}_reviewer"),
                          ("accept", "with_finance", "accepted", f"{key}_finance")]
        assert all("演示生成" in comment for comment in before.events.values_list("comment", flat=True))
        versions = list(before.versions.order_by("number").values_list("number", "status", "created_by__username"))
        assert versions == [(1, "submitted", f"{key}_preparer"), (2, "with_finance", f"{key}_reviewer")]
        assert all(v.document == before.document and v.score == before.score for v in before.versions.all())


@pytest.mark.django_db
def test_tongchengs_year_before_misses_some_targets_and_says_why(evaluations):
    """Seed 003 met every target; its generated year before misses some, each with a deviation reason, and states
    the scores the core gives (no 所列得分 finding contradicts them)."""
    seed = evaluations["tongcheng"]
    before = Evaluation.objects.get(department=seed.department, year=2022)
    analysis = analyse(before.document)
    leaves = [leaf for card in [analysis.result.department] + [p.card for p in analysis.result.projects if p.card]
              for leaf in card.leaves()]
    short = [leaf for leaf in leaves if leaf.score is not None and leaf.score < leaf.weight]
    assert short and all(leaf.indicator.deviation_reason for leaf in short)
    assert not any(f.code.startswith(("SCORE.", "DEVIATION.")) and f.severity == "error" for f in analysis.findings)
    assert before.score < 100 and before.grade == "优"
    assert Decimal(before.document["stated_score"]) == before.score


def test_the_generation_is_deterministic():
    for demo in DEPARTMENTS:
        seed = normalised(_example(demo.example))
        assert generated_previous_year(seed, demo.key) == generated_previous_year(seed, demo.key)
    from jixiao.web.demo_generated import _previous_year

    seed = normalised(_example(DEPARTMENTS[0].example))
    assert _previous_year(seed, "tongcheng") == _previous_year(seed, "tongcheng") != _previous_year(seed, "other")


def _from_goals() -> set[int]:
    """Evaluations the goals demo built from approved goals (the year after a seed's), not this generator's."""
    from jixiao.web.goals.models import GoalSet

    return set(GoalSet.objects.filter(evaluation__isnull=False).values_list("evaluation_id", flat=True))


@pytest.mark.django_db
def test_the_small_demo_has_only_the_seed_departments(demo):
    from jixiao.web.organisations.models import Department

    assert Department.objects.count() == 3 and not Department.objects.filter(generated=True).exists()
    # three seeds, their years before, and the year after that the goals demo approved (its skeleton)
    assert Evaluation.objects.count() == 6 + len(_from_goals()) and len(_from_goals()) == 1
    # only the years before are the demo's: the seeds' and the one built from approved goals are real
    seeds = {(s["department"]["name"], int(s["year"])) for s in (_example(d.example) for d in DEPARTMENTS)}
    assert set(Evaluation.objects.filter(generated=True).values_list("department__name", "year")) == \
        {(name, year - 1) for name, year in seeds}


@pytest.mark.django_db
def test_the_migration_marks_the_evaluations_stored_before_it(generated_bureau, evaluations):
    """Migration 0005 fills Evaluation.generated as the loaders set it: every evaluation of a generated department
    (also one whose title does not say 演示生成) and the years before the seeds, whose titles alone said so; the
    seeds' own years and the one built from approved goals stay unmarked."""
    from importlib import import_module

    from django.apps import apps
    from django.db.models import Q

    years_before = Q(pk__in=[])
    for seed in evaluations.values():
        years_before |= Q(department_id=seed.department_id, year=seed.year - 1)
    expected = set(Evaluation.objects.filter(Q(department__generated=True) | years_before).values_list("pk", flat=True))
    assert set(Evaluation.objects.filter(generated=True).values_list("pk", flat=True)) == expected
    assert len(expected) == 11 * 2 + 3  # 通城's eleven generated departments' two years, the seeds' years before
    untitled = Evaluation.objects.filter(department__generated=True).order_by("pk").first()
    document = {**untitled.document, "title": ""}
    Evaluation.objects.filter(pk=untitled.pk).update(document=document)
    Evaluation.objects.update(generated=False)
    import_module("jixiao.web.evaluations.migrations.0005_evaluation_generated").mark_generated(apps, None)
    assert set(Evaluation.objects.filter(generated=True).values_list("pk", flat=True)) == expected


@pytest.mark.django_db
def test_the_full_demo_gives_every_bureau_twelve_departments_two_years_every_status_and_grade():
    from jixiao.web.demo import load_demo
    from jixiao.web.organisations.models import FinanceBureau

    started = time.perf_counter()
    logins = load_demo(full=True)
    print(f"\nfull demo loaded in {time.perf_counter() - started:.1f} s")
    assert len(logins) == 12  # the generated departments' people do not sign in
    for bureau in FinanceBureau.objects.all():
        departments = bureau.departments.all()
        assert departments.count() == 12 and departments.filter(generated=True).count() == 11
        evaluations = Evaluation.objects.filter(department__finance_bureau=bureau).exclude(pk__in=_from_goals())
        assert evaluations.count() == 24
        years = Counter(evaluations.values_list("year", flat=True))
        assert len(years) == 2 and set(years.values()) == {12}
        assert set(evaluations.values_list("status", flat=True)) == set(Status.values)
        assert {"优", "良", "中", "差"} <= set(evaluations.values_list("grade", flat=True))
        generated = evaluations.filter(department__generated=True)
        # generated departments fill in their tables without mistakes; the grade is the core's
        assert not generated.exclude(errors=0).exists()
        for evaluation in generated.order_by("?")[:3]:
            assert (evaluation.score, evaluation.grade, evaluation.errors) == core_summary(evaluation)
            assert evaluation.events.count() == {"draft": 0, "submitted": 1, "returned": 2, "with_finance": 2,
                                                 "accepted": 3}[evaluation.status]
        returned = generated.get(status=Status.RETURNED).events.order_by("id").last()
        assert returned.action == "return_department" and "退回意见" in returned.comment  # a return says what to fix
    # the bureau's list marks generated departments
    page = client_for("tongcheng_finance").get("/bureau/").content.decode()
    # 22 generated evaluations, and the one built from the goals the demo approved for a generated department
    from_goals = Evaluation.objects.filter(pk__in=_from_goals(), department__generated=True,
                                           department__finance_bureau__name="通城县财政局").count()
    # … and 通城's year before its seed, which the demo generated for the real department
    assert from_goals == 1 and page.count('data-testid="generated"') == 22 + from_goals + 1
    # so do the public portal (a trial: made-up figures passed for a county's results) and the monitoring overview
    from django.test import Client

    bureau = FinanceBureau.objects.get(name="通城县财政局")
    published = Evaluation.objects.filter(publication__isnull=False, status=Status.ACCEPTED,
                                          department__finance_bureau=bureau)
    generated_published = published.filter(department__generated=True)
    portal = Client().get(f"/public/bureaus/{bureau.pk}/").content.decode()
    # every published one: the seed department's is its generated year before (the seed's own is a draft)
    seeds_year_before = published.get(department__generated=False)
    assert seeds_year_before.generated and seeds_year_before.year == 2022
    assert portal.count('data-testid="generated"') == published.count() == generated_published.count() + 1
    one = Client().get(f"/public/evaluations/{generated_published.first().pk}/").content.decode()
    assert one.count('data-testid="generated"') == 1
    overview = client_for("tongcheng_finance").get("/monitoring/overview/").content.decode()
    assert 'data-testid="generated"' in overview
    # and the bureau's 结果应用 and goals lists (trial)
    from jixiao.web.goals.models import GoalSet

    finance = client_for("tongcheng_finance")
    results = finance.get("/results/").content.decode()
    assert 0 < results.count('data-testid="generated"') < results.count("<tr>")
    goals = finance.get("/goals/").content.decode()
    generated_goals = GoalSet.objects.filter(department__finance_bureau=bureau, department__generated=True)
    assert generated_goals.exists() and goals.count('data-testid="generated"') == generated_goals.count()


def _mirrored_pairs(document: dict):
    """(goal indicator, project indicator) of each goal built from a project's indicators, as the generator does."""
    for goal, item in zip(document["goals"], document["projects"]):
        assert [i["name"] for i in goal["indicators"]] == [i["name"] for i in item["indicators"]]
        yield from zip(goal["indicators"], item["indicators"])


@pytest.mark.parametrize("grade", ["优", "良", "中", "差"])
def test_a_generated_department_states_one_value_for_an_indicator_in_its_goals_and_its_project(grade):
    """A new user found 交通运输局 stating 32 公里 in the department's goal and 33 公里 in the project's table:
    goal i of a generated department is project i's, so its actual values, tiers and deviation reasons are the
    project's, this year and the year before."""
    import random

    from jixiao.web.demo_generated.departments import NATIONAL, PROFILES, department_document
    from jixiao.web.demo_generated.documents import TIER_SHARE, previous_year
    from jixiao.web.demo_generated.sectors import SECTORS

    rng = random.Random(f"mirror:{grade}")
    for sector in SECTORS[:4]:
        document = department_document("通城县", sector, 2023, NATIONAL, PROFILES[grade], rng)
        for year in (document, previous_year(document, rng)):
            pairs = list(_mirrored_pairs(year))
            assert pairs
            for goal_row, project_row in pairs:
                assert (goal_row["target"], goal_row["actual"]) == (project_row["target"], project_row["actual"])
                assert goal_row.get("tier") == project_row.get("tier")
                assert goal_row.get("deviation_reason") == project_row.get("deviation_reason")
                if "score" in project_row:  # words: the goal's own weight, the project's tier
                    share = TIER_SHARE.get(project_row.get("tier"), Decimal(1))
                    assert Decimal(goal_row["score"]) == Decimal(goal_row["weight"]) * share


def test_the_year_before_a_seed_states_the_goals_indicators_as_its_projects_do():
    """Seed 003's goals repeat 15 of its projects' indicators with the same values; its generated year before must
    too, indicator by indicator, or FACT.TABLES finds what the generator made up."""
    from jixiao.core.checks import run_checks
    from jixiao.io.scheme_files import load_library
    from jixiao.web.evaluations.services import core_document

    data = _example("seed-003-tongcheng-2023.yaml")
    before = generated_previous_year(data, "tongcheng")
    assert before["year"] == data["year"] - 1
    assert [f.code for f in run_checks(core_document(before), load_library(), only=["FACT.TABLES"])] == []


def test_a_year_before_lists_no_project_above_what_its_spending_allows():
    """The generator leaves some projects underspent and varies the scores of those listed without indicators; seed
    003's year before listed 99 for 机关事业单位养老保险兜底补贴 at 92% spent, where Hubei's 20 points allow
    100 − 20 × 8% = 98.40 at most (RULES.md §2, SCORE.ABOVE_EXECUTION). Those scores are held to that ceiling, cut to
    2 places."""
    from jixiao.core.checks import run_checks
    from jixiao.io.scheme_files import load_library
    from jixiao.web.evaluations.services import core_document

    for demo in DEPARTMENTS:
        before = generated_previous_year(normalised(_example(demo.example)), demo.key)
        assert run_checks(core_document(before), load_library(), only=["SCORE.ABOVE_EXECUTION"]) == [], demo.key
    before = generated_previous_year(normalised(_example("seed-003-tongcheng-2023.yaml")), "tongcheng")
    backstop = next(p for p in before["projects"] if p["name"] == "机关事业单位养老保险兜底补贴")
    budget, spent = Decimal(backstop["budget"]["budget_adjusted"]), Decimal(backstop["budget"]["spent"])
    assert spent / budget == Decimal("0.92") and not backstop.get("indicators")
    assert Decimal(backstop["stated_score"]) == 100 - 20 * (1 - spent / budget) == Decimal("98.4")
