"""Numbers a request sends, read in one place (jixiao.web.params): ASCII or full-width digits; other scripts' digits
are no number, whether int() reads them ("٣" → 3) or refuses them ("²" passes str.isdigit(): a 500 where code
checked isdigit() and then called int())."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.web import params
from jixiao.web.evaluations.fields import read_number
from jixiao.web.evaluations.models import Evaluation
from jixiao.web.goals.models import GoalSet

from .conftest import client_for
from .test_entry import grid_post


@pytest.mark.parametrize("text, read", [
    ("2024", 2024), (" 2024 ", 2024), ("２０２４", 2024), ("-1", -1), ("－1", -1), ("−1", -1), (2023, 2023),
    ("²", None), ("٣", None), ("٢٠٢٤", None), ("Ⅻ", None), ("12\u200b", None), ("1e3", None), ("", None), (None, None),
    ("123456789012345678901234567", None),  # past a database integer: no lookup overflows
])
def test_a_number_is_ascii_or_full_width_digits(text, read):
    assert params.integer(text, None) == read


def test_a_year_of_other_digits_is_no_year_and_a_number_field_refuses_them():
    assert params.year("２０２４") == 2024 and params.year("٢٠٢٤") is None and params.year("2024²") is None
    assert read_number("−1.5", "signed") == (Decimal("-1.5"), None)  # the minus of a typeset report
    for typed, kind in (("-0", "money"), ("-0.00", "weight"), ("－0", "signed")):
        value, problem = read_number(typed, kind)
        assert problem is None and value == 0 and str(value) in ("0", "0.00"), typed  # never kept or shown as -0
    for typed in ("٣", "²", "Ⅻ", "1٣"):
        value, problem = read_number(typed, "money")
        assert value is None and "请输入数字" in problem, typed


@pytest.mark.django_db
def test_other_digits_in_a_query_or_a_post_are_ignored_or_refused_never_a_500(evaluations):
    tongcheng = evaluations["tongcheng"]
    goal_set = GoalSet.objects.get(department=tongcheng.department)
    client = client_for("tongcheng_preparer")
    # the goals library's goal set: "²" was a lookup of pk "²" (a 500); now no goal set, as for any non-number
    assert client.get("/goals/library/", {"goal_set": "²", "q": "培训"}).status_code == 200
    # an entry grid's row counter and a row's origin: isdigit() then int() (a 500)
    project = tongcheng.document["projects"][0]
    for overrides in ({"ind-rows": "²"}, {"ind-0-origin": "²"}, {"ind-rows": "٣"}):
        response = client.post(f"/evaluations/{tongcheng.pk}/preview/project-0/", grid_post(tongcheng, project,
                                                                                             **overrides))
        assert response.status_code == 200, overrides
    # a year of Arabic-Indic digits is not read as that year: the goals list is not filtered by it, and a new goal
    # set for it is refused with the form's message
    listed = client.get("/goals/", {"year": "٢٠٢٣"}).content.decode()
    assert f'href="/goals/{goal_set.pk}/"' in listed
    other = client.get("/goals/", {"year": "٢٠١٠"}).content.decode()
    assert f'href="/goals/{goal_set.pk}/"' in other  # (read as 2010 before: filtered to nothing)
    response = client.post("/goals/", {"year": "٢٠٣٠"})
    assert response.status_code == 400 and "年度应是 2000 到 2100 之间的四位数字，不是“٢٠٣٠”" in response.content.decode()
    assert not GoalSet.objects.filter(year=2030).exists()
    assert Evaluation.objects.get(pk=tongcheng.pk).revision == tongcheng.revision
