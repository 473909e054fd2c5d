import json

import pytest

from jixiao.core.build import evaluation_to_data
from jixiao.core.errors import InputError
from jixiao.io.evaluation_file import parse_evaluation_yaml, read_evaluation

MINIMAL = "year: 2023\ndepartment:\n  name: 测试局\n"


@pytest.mark.parametrize("text, path, line, words", [
    (MINIMAL + "projects:\n  - name: a\n    indicators:\n      - {name: x, level1: output, weight: abc}\n",
     "projects[0].indicators[0].weight", 7, "不是有效的数字"),
    (MINIMAL + "projets: []\n", "projets", 4, "不认识的字段"),
    (MINIMAL + "projects:\n  - {name: a, budget_category: general}\n", "projects[0].budget_category", 5, "general_public"),
    ("department: {name: x}\n", "year", 1, "缺少必填项"),
    (MINIMAL + "report_date: 2024-13-01\n", "report_date", 4, "日期"),
    (MINIMAL + "projects:\n  - name: a\n    indicators:\n      - {level1: output, weight: 1}\n",
     "projects[0].indicators[0].name", 7, "缺少必填项"),
])
def test_errors_name_the_path_the_line_and_the_problem_in_chinese(text, path, line, words):
    with pytest.raises(InputError) as caught:
        parse_evaluation_yaml(text, "eval.yaml")
    [problem] = caught.value.problems
    assert problem.path == path and problem.line == line and words in problem.message
    assert str(caught.value).startswith("eval.yaml：第")


def test_json_input_gives_the_same_evaluation(tmp_path, tongcheng):
    path = tmp_path / "tongcheng.json"
    path.write_text(json.dumps(evaluation_to_data(tongcheng), ensure_ascii=False), encoding="utf-8")
    assert read_evaluation(path) == tongcheng


def test_json_errors_name_the_path(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"year": 2023, "department": {"name": "x"}, "projects": [{"name": 5}]}', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_evaluation(path)
    assert caught.value.problems[0].path == "projects[0].name"


@pytest.mark.parametrize("content, words", [(None, "不存在"), (b"\xff\xfe\x00bad", "UTF-8"), (b"{not json", "JSON")])
def test_unusable_files(tmp_path, content, words):
    path = tmp_path / ("x.json" if content == b"{not json" else "x.yaml")
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=words):
        read_evaluation(path)
