"""The `jixiao` command as a user runs it."""

import json

import pytest

from jixiao.cli import main

from .conftest import EXAMPLES

TONGCHENG = str(EXAMPLES / "seed-003-tongcheng-2023.yaml")
CHANGLI = str(EXAMPLES / "seed-000-changli-2023.yaml")
JINGZHOU = str(EXAMPLES / "seed-002-jingzhou-2022.yaml")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_prints_the_department_table_total_and_grade(capsys):
    code, out, _ = run(capsys, "score", TONGCHENG)
    assert code == 0
    assert "总分 100.00　等级 优" in out  # a total score always to 2 places, as the pages and exports show it
    assert "为用人单位鉴证劳动合同份数" in out and "4824 份" in out
    assert "评优率（优）100.00%" in out


def test_score_json(capsys):
    code, out, _ = run(capsys, "score", TONGCHENG, "--json")
    data = json.loads(out)
    assert data["score_card"]["total_shown"] == "100.00" and data["score_card"]["grade"] == "优"
    assert data["projects"][0]["score_card"]["execution"]["score"] == "20"


def test_score_of_seed_000_shows_execution_and_excellent_share(capsys):
    _, out, _ = run(capsys, "score", CHANGLI)
    assert "执行率 99.03%" in out and "执行率 98.95%" in out
    assert "优 37 个，良 0 个，中 0 个，差 3 个；评优率（优）92.50%" in out


def test_explain_shows_method_inputs_arithmetic_and_source(capsys):
    code, out, _ = run(capsys, "explain", TONGCHENG, "goals[3].indicators[2]")
    assert code == 0
    assert "定量·正向" in out and "B = 4824 ≥ A = 500" in out and "正向指标：实际值 B ≥ 目标值 A 得满分" in out
    # people read where it is; scripts find the path at the end of the first line
    assert out.splitlines()[0] == "年度目标 4 › 指标“为用人单位鉴证劳动合同份数”（产出指标 / 数量指标）　[goals[3].indicators[2]]"


def test_check_seed_000_reports_the_project_total_mismatch(capsys):
    code, out, _ = run(capsys, "check", CHANGLI)
    assert code == 1
    assert "25387.76" in out and "25388.90" in out


def test_check_seed_002_reports_missing_grade_and_the_change_rate(capsys):
    code, out, _ = run(capsys, "check", JINGZHOU)
    assert code == 1
    assert "评价等级为空" in out
    assert "-18.92%" in out and "-18.94%" in out


def test_check_json_and_only(capsys):
    code, out, _ = run(capsys, "check", JINGZHOU, "--json", "--only", "GRADE")
    assert code == 1
    assert [f["code"] for f in json.loads(out)] == ["GRADE.MISSING"]
    code, out, _ = run(capsys, "check", JINGZHOU, "--only", "STAFF")
    assert code == 0 and "40 人超过编制数 36 人" in out


@pytest.mark.parametrize("args, words", [
    (("score", "no-such-file.yaml"), "文件不存在"),
    (("explain", TONGCHENG, "projects[99]"), "找不到"),
])
def test_errors_in_use_are_one_line_without_traceback(capsys, args, words):
    code, out, err = run(capsys, *args)
    assert code == 2 and words in err and "Traceback" not in err and err.count("\n") == 1


def test_bad_yaml_is_one_line(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("year: 2023\ndepartment: {name: x}\nscheme: guangdong-2030\n", encoding="utf-8")
    code, _, err = run(capsys, "score", str(path))
    assert code == 2 and "guangdong-2030" in err and "Traceback" not in err


def test_schemes_and_checks_are_listed(capsys):
    _, out, _ = run(capsys, "schemes")
    for scheme in ("mof-2020-project", "hubei-project", "hubei-department", "mof-2013-department", "yunnan-department-dmp"):
        assert scheme in out
    assert "优秀 ≥85" in out
    _, out, _ = run(capsys, "checks")
    assert "RATE" in out and "SUM.PROJECTS" in out


def test_report_output_with_a_trailing_slash_is_a_folder_created_when_missing(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "靖州县人力资源和社会保障局2022年度绩效自评.json"
    code, out, _ = run(capsys, "report", JINGZHOU, "--format", "json", "-o", "out/")
    assert code == 0 and (tmp_path / "out").is_dir()  # was: a file named "out"
    assert json.loads((tmp_path / "out" / name).read_text(encoding="utf-8"))["stated_score"] == "100"
    assert f"out/{name}" in out
    (tmp_path / "out" / name).unlink()
    code, _, _ = run(capsys, "report", JINGZHOU, "--format", "json", "-o", "out")  # an existing folder, no slash
    assert code == 0 and (tmp_path / "out" / name).is_file()
    code, _, _ = run(capsys, "report", JINGZHOU, "--format", "json", "-o", "deep/er/report.json")  # a file name
    assert code == 0 and json.loads((tmp_path / "deep" / "er" / "report.json").read_text(encoding="utf-8"))["year"] == 2022


def test_report_output_that_cannot_be_written_is_one_line(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "report", JINGZHOU, "--format", "json", "-o", f"{blocker}/inside/")
    assert code == 2 and "无法写入" in err and "Traceback" not in err and err.count("\n") == 1


def test_check_never_says_clean_about_what_was_not_filled_in(capsys, tmp_path):
    """Issue 9's rule on the command line too: a file with nothing a check reads cannot be audited (exit 3), and the
    parts left empty are listed as 尚未审核 under the findings (seed 003: 18 of its 26 projects have no indicators)."""
    blank = tmp_path / "blank.yaml"
    blank.write_text("year: 2024\ndepartment:\n  name: 通城县人力资源和社会保障局\n", encoding="utf-8")
    code, out, _ = run(capsys, "check", str(blank))
    assert code == 3 and out.strip() == "无法审核：尚未选择评分方案，也没有填写预算、项目、年度目标或绩效指标，没有可以审核的内容。"
    assert "未发现问题" not in out
    code, out, _ = run(capsys, "check", str(blank), "--json")  # scripts get the same exit code, the findings as JSON
    assert code == 3 and json.loads(out) == []
    code, out, _ = run(capsys, "check", TONGCHENG)
    assert out.rstrip().endswith("尚未审核（1）\n  18 个项目（招募选派“三支一扶”高校毕业生面试工作经费、“三支一扶”高校生生活补助、"
                                 "城乡居民养老保险征缴工作经费等）未填写绩效指标：其指标及得分尚未审核。")
