"""document_problems walks a document once without naming paths and names them only when something is wrong: what
it reports is what the walk naming every field's path reports (`_problems`), on clean documents (the seeds, generated
departments) and on documents with numbers out of bounds planted at every depth."""

from __future__ import annotations

import random
from decimal import Decimal as D

import msgspec
import pytest
from hypothesis import given, settings, strategies as st

from bench.generate_province import department
from jixiao.core.build import evaluation_from_data
from jixiao.core.errors import InputError
from jixiao.core.limits import ANY, _any_problem, _problems, bound_problem, document_problems
from jixiao.core.model import Criterion, Evaluation, Indicator, StaffCount
from jixiao.io.evaluation_file import read_evaluation

from ..conftest import EXAMPLES

BAD_DECIMALS = [D("NaN"), D("sNaN"), D("Infinity"), D("-Infinity"), D("1E+15"), D("-1E+15"), D("1E+999"),
                D("0.00000000001"), D("1.00000000000"), D("5E-11")]
GOOD_DECIMALS = [D("0"), D("-0"), D("999999999999999"), D("-999999999999999"), D("0.0000000001"), D("1E+14"),
                 D("8.0000000000")]


def _documents() -> list[Evaluation]:
    found = [read_evaluation(path) for path in sorted(EXAMPLES.glob("seed-*.yaml"))]
    rng = random.Random(5)
    found += [msgspec.convert(department(rng, i, 4), Evaluation) for i in range(5)]
    return found


def _planted(rng: random.Random, evaluation: Evaluation) -> Evaluation:
    """The evaluation with a number out of bounds (or at the edge, or a bool where an int goes) somewhere."""
    where = rng.randrange(5)
    value = rng.choice(BAD_DECIMALS + GOOD_DECIMALS)
    if where == 0 and evaluation.projects:
        project = rng.choice(evaluation.projects)
        if project.indicators:
            row = rng.randrange(len(project.indicators))
            project.indicators[row] = msgspec.structs.replace(project.indicators[row], weight=value)
    elif where == 1 and evaluation.goals:
        goal = rng.choice(evaluation.goals)
        goal.indicators.append(Indicator(name="x", level1="output", score=value,
                                         criteria=[Criterion(text="①", points=rng.choice(BAD_DECIMALS))]))
    elif where == 2:
        evaluation.department.staff_actual = StaffCount(total=rng.choice([10**15, -(10**15), 10**15 - 1, True, 7]))
    elif where == 3:
        evaluation.stated_score = value
    else:
        evaluation.year = rng.choice([10**16, 2023, False])
    return evaluation


def test_clean_documents_have_no_problems_either_way():
    for evaluation in _documents():
        assert list(document_problems(evaluation)) == list(_problems(evaluation)) == []


@pytest.mark.parametrize("seed", range(6))
def test_a_problem_anywhere_is_reported_as_the_walk_naming_every_path_reports_it(seed):
    rng = random.Random(seed)
    found = 0
    for evaluation in _documents():
        for _ in range(3):
            evaluation = _planted(rng, evaluation)
        fast, slow = list(document_problems(evaluation, "doc")), list(_problems(evaluation, "doc"))
        assert fast == slow
        found += bool(slow)
    assert found  # problems were planted where they are found


def test_a_document_out_of_bounds_is_refused_naming_the_field():
    data = msgspec.to_builtins(_documents()[3])
    data["projects"][1]["indicators"][2]["weight"] = "1E+16"
    with pytest.raises(InputError) as refused:
        evaluation_from_data(data)
    assert [p.path for p in refused.value.problems] == ["projects[1].indicators[2].weight"]


@settings(max_examples=1500, deadline=None)
@given(st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.decimals(min_value=D(-10) ** 15, max_value=D(10) ** 15, places=12),
    st.builds(lambda digits, exponent, sign: D((sign, digits, exponent)),
              st.lists(st.integers(0, 9), min_size=1, max_size=34).map(tuple), st.integers(-40, 20), st.integers(0, 1)),
    st.sampled_from(BAD_DECIMALS + GOOD_DECIMALS)))
def test_a_number_is_out_of_bounds_for_the_walk_without_paths_as_for_bound_problem(value):
    """The walk without paths tells a number's decimals by whether quantizing it discards digits; bound_problem reads
    its exponent: the same answer for any Decimal (signs, NaNs, infinities, trailing zeros, 34 digits, any exponent)."""
    assert _any_problem(([value],)) == (bound_problem(value, ANY) is not None)


NUMBER_TEXTS = ["NaN", "Infinity", "-Infinity", "1E+15", "-1E+15", "0.00000000001", "1.00000000000", "0E-12", "8",
                "999999999999999", "0.0000000001"]


def _planted_data(rng: random.Random, data: dict) -> dict:
    """The document's data with a number out of bounds (or at the edge) where numbers go, at any depth."""
    spots = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("weight", "score", "budget_adjusted", "spent", "stated_score", "value", "points", "total"):
                    spots.append((node, key))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    for node, key in rng.sample(spots, min(2, len(spots))):
        node[key] = rng.choice(NUMBER_TEXTS) if key != "total" or not isinstance(node[key], int) else \
            rng.choice([10**15, -(10**15), 10**15 - 1, 3])
    if rng.random() < 0.3:
        data["year"] = rng.choice([10**16, 2023])
    return data


@pytest.mark.parametrize("seed", range(4))
def test_a_validated_document_read_by_its_number_fields_has_the_problems_of_every_field(seed):
    """evaluation_from_data's document, whose types msgspec checked, is walked by the fields declared to hold numbers
    (or what holds them): the same problems as reading every field."""
    rng = random.Random(seed)
    found = 0
    for evaluation in _documents():
        data = _planted_data(rng, msgspec.to_builtins(evaluation))
        try:
            document = msgspec.convert(data, Evaluation)
        except msgspec.ValidationError:
            continue  # a count given as a decimal: refused before bounds are checked
        fast = list(document_problems(document, validated=True))
        assert fast == list(_problems(document)) == list(document_problems(document))
        found += bool(fast)
    assert found
