"""The overview's 尾差 note: scores are summed at full precision and rounded once (RULES.md §8), so a subtotal shown
may miss the sum of its rows shown; the overview then prints the note the documents print under such a table
(core.reports.tables.rounding_note), and prints none where the shown parts add up."""

import re

import pytest

from jixiao.web.evaluations.models import Evaluation

from .conftest import client_for


def _notes(page: str) -> list[str]:
    return re.findall(r'data-testid="tail-note">([^<]+)<', page)


@pytest.mark.django_db
def test_a_goal_whose_rows_do_not_add_up_to_its_subtotal_is_noted_on_the_overview(generated_bureau, evaluations):
    """The full demo's 通城县民政局 2023: 年度目标 1 shown 13.03, its indicators' scores shown add up to 13.04."""
    evaluation = Evaluation.objects.get(department__name="通城县民政局", year=2023)
    page = client_for("tongcheng_finance").get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert _notes(page) == ["注：年度目标 1 13.03 分按未经四舍五入的得分计算，各行所列得分之和为 13.04 分，"
                            "相差 0.01 分为四舍五入尾差。"]
    assert re.search(r"年度目标 1：[^<]*</td><td class=\"num\">13.03 / ", page)
    # seed 003's department table scores every indicator at full marks: its figures add up, no note
    seed = client_for("tongcheng_finance").get(f"/evaluations/{evaluations['tongcheng'].pk}/").content.decode()
    assert _notes(seed) == [] and "尾差" not in seed
