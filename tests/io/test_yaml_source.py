from decimal import Decimal as D

import pytest

from jixiao.core.errors import InputError
from jixiao.io.yaml_source import load_yaml


def test_numbers_are_exact_decimals_and_text_fields_stay_text():
    located = load_yaml("a: 0.763117\nb: 25388.90\ntarget: 100\nactual: 1.50\nn: 40\n")
    assert located.data == {"a": D("0.763117"), "b": D("25388.90"), "target": "100", "actual": "1.50", "n": 40}
    assert isinstance(located.data["b"], D) and str(located.data["b"]) == "25388.90"  # places kept


def test_every_path_knows_its_line():
    located = load_yaml("year: 2023\nprojects:\n  - name: a\n    indicators:\n      - {name: x, weight: 1}\n")
    assert located.line_of("projects[0].indicators[0].weight") == 5
    assert located.line_of("projects[0].name") == 3
    assert located.line_of("projects[0].budget.spent") == 3  # not in the file: its nearest ancestor


def test_a_duplicate_key_is_an_error_with_its_line():
    with pytest.raises(InputError) as caught:
        load_yaml("year: 2023\nname: a\nyear: 2024\n", "x.yaml")
    assert caught.value.problems[0].line == 3 and "两次" in caught.value.problems[0].message


@pytest.mark.parametrize("text, line, words", [
    ("a: [1, 2\nb: 3\n", 2, "YAML 格式错误"),
    ("a:\n\t- 1\n", 2, "制表符"),
    ("a: b: c\n", 1, "此处不能出现"),
])
def test_syntax_errors_say_where_in_chinese(text, line, words):
    with pytest.raises(InputError) as caught:
        load_yaml(text, "x.yaml")
    problem = caught.value.problems[0]
    assert problem.line == line and words in problem.message
