"""Loading a generated province (bench/generate_province.py) into the database at a small size: every generated
indicator has its projection row, a department's score is the core's score of its file, and the bulk-written rows
are those the application's own refresh writes after a save (projection, stored risk scores)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from bench.generate_province import generate
from jixiao.core.build import evaluation_from_data
from jixiao.core.engine import score_evaluation
from jixiao.core.money import round_half_up
from jixiao.io.scheme_files import load_library
from jixiao.web.accounts.models import Membership
from jixiao.web.analytics import projection
from jixiao.web.analytics.models import EvaluationRow, FindingRow, IndicatorRow, ProjectRow
from jixiao.web.evaluations.models import Evaluation, Revision, Status, Version, WorkflowEvent
from jixiao.web.organisations.models import Department, FinanceBureau
from jixiao.web.province.load import REVIEWER, LoadRefused, Options, load
from jixiao.web.review import risk_store
from jixiao.web.review.models import RiskAssessment

PROJECTS = 4  # a small province: 3 departments × 4 projects × 12 indicators, and 8 goals × 6 indicators each


@pytest.fixture
def province(tmp_path):
    return generate(tmp_path / "province", 3, PROJECTS)


def _indicators(data: dict) -> int:
    return sum(len(g["indicators"]) for g in data["goals"]) + sum(len(p["indicators"]) for p in data["projects"])


@pytest.mark.django_db
def test_every_generated_indicator_and_project_has_its_row_and_scores_are_the_cores(province):
    loaded = load(province, Options(bureaus=2))
    files = [json.loads(path.read_text(encoding="utf-8")) for path in province]
    assert (loaded.departments, loaded.evaluations) == (3, 3)
    assert IndicatorRow.objects.count() == loaded.indicators == sum(_indicators(f) for f in files) == 3 * (48 + 48)
    assert ProjectRow.objects.count() == 3 * PROJECTS
    assert FindingRow.objects.count() == loaded.findings
    assert FinanceBureau.objects.filter(name__in=["示范省第1县财政局", "示范省第2县财政局"]).count() == 2
    library = load_library()
    for data in files:
        core = score_evaluation(evaluation_from_data(data), library).department
        row = EvaluationRow.objects.get(department__name=data["department"]["name"], year=data["year"])
        assert row.score == round_half_up(core.total, 6) and row.grade == core.grade.name
        assert row.evaluation.score == round_half_up(core.total, 2)
        assert row.indicators.count() == _indicators(data)


@pytest.mark.django_db
def test_two_years_leave_the_workflows_trail_and_the_reviewer_sees_every_bureau(province):
    load(province, Options(bureaus=3, years=2))
    assert sorted(set(Evaluation.objects.values_list("year", flat=True))) == [2022, 2023]
    # every one made up, as the demo's: marked so (Evaluation.generated) beside its department
    assert set(Evaluation.objects.values_list("generated", "department__generated")) == {(True, True)}
    assert Evaluation.objects.filter(status=Status.ACCEPTED).count() == 6
    assert Revision.objects.count() == 6 and Version.objects.count() == 12  # submitted, approved
    assert list(WorkflowEvent.objects.filter(evaluation__year=2023).values_list("action", flat=True)
                .distinct().order_by("action")) == ["accept", "approve", "submit"]
    assert Membership.objects.filter(user__username=REVIEWER).count() == 3
    earlier = Evaluation.objects.filter(year=2022).first()
    assert "2022" in json.dumps(earlier.document, ensure_ascii=False)


def _rows(evaluation_id: int) -> list:
    row = EvaluationRow.objects.get(evaluation_id=evaluation_id)
    leave_out = {"id", "row", "project", "evaluation"}

    def fields(obj) -> dict:
        return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
                if f.name not in leave_out and f.attname not in {"row_id", "project_id", "id"}}

    return [fields(row), [fields(p) for p in row.projects.order_by("index")],
            [(i.project.index if i.project else None, fields(i)) for i in row.indicators.order_by("id")],
            [fields(f) for f in row.finding_rows.order_by("id")]]


@pytest.mark.django_db
def test_bulk_rows_are_the_ones_a_refresh_after_a_save_writes(province):
    load(province[:1], Options(bureaus=1, years=2))
    evaluation = Evaluation.objects.get(year=2023)
    before = _rows(evaluation.pk)
    projection.refresh(evaluation.pk, force=True)
    assert _rows(evaluation.pk) == before
    # the stored risk scores are fresh for the review's own check, and equal to what it computes itself
    department = [evaluation.department_id]
    assert risk_store.refresh_departments(department) == 0
    loaded = {a.evaluation_id: (a.score, a.fired, a.points, a.history_hash) for a in RiskAssessment.objects.all()}
    RiskAssessment.objects.all().delete()
    assert risk_store.refresh_departments(department) == 2
    assert {a.evaluation_id: (a.score, a.fired, a.points, a.history_hash)
            for a in RiskAssessment.objects.all()} == loaded


@pytest.mark.django_db
def test_a_province_is_loaded_once_and_bad_files_are_named(province, tmp_path):
    load(province[:1], Options(bureaus=1))
    with pytest.raises(LoadRefused, match="已导入过"):
        load(province[:1], Options(bureaus=1))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(LoadRefused, match="无法读取部门文件.*broken.json"):
        load([broken], Options(bureaus=1, prefix="另一省"))
    assert not Department.objects.filter(finance_bureau__name__startswith="另一省").exists()


@pytest.mark.django_db
def test_the_command_prints_progress_and_the_time(province, capsys):
    from jixiao.cli import main

    assert main(["province-load", str(province[0].parent), "--departments", "2", "--bureaus", "1"]) == 0
    out = capsys.readouterr().out
    assert "已导入 2/2 个部门" in out and "导入完成：2 个部门" in out and "行/秒" in out
    assert EvaluationRow.objects.count() == 2 and Decimal(0) < EvaluationRow.objects.first().score
