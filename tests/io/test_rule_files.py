"""Every rule file of the cycle is validated on load: the shipped ones pass, and a bureau's broken file in place of
each stops `jixiao rules`, `manage.py check` and the app with a Chinese message naming the file, the rule and its
line."""

from __future__ import annotations

import re
import shutil

import pytest

from jixiao.cli import main
from jixiao.io.rule_files import SHIPPED, check_rule_files, rule_files


def test_every_shipped_rule_file_is_valid():
    results = check_rule_files()
    names = {path.relative_to(SHIPPED).as_posix() for path, _ in results}
    assert {"monitoring.yaml", "risk.yaml", "result_application.yaml", "indicators/common.yaml"} <= names
    assert [(path, error) for path, error in results if error] == []


# How each kind of rule file is broken: a value of the wrong kind where the parser expects a number or a known word.
BREAKS = [
    (re.compile(r"(weight|below|max_gap|max_lag|min_count|percent):\s*-?\d+(\.\d+)?"), r"\1: 不是数字"),
    (re.compile(r"action: [a-z_]+"), "action: 不存在的动作"),
    (re.compile(r"level1: [a-z_]+"), "level1: 不存在的类别"),
]


def _broken(text: str) -> tuple[str, int]:
    """The file with its first breakable value broken, and that value's 1-based line."""
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#"):
            continue
        for pattern, replacement in BREAKS:
            if pattern.search(line):
                lines[number - 1] = pattern.sub(replacement, line, count=1)
                return "\n".join(lines) + "\n", number
    raise AssertionError("规则文件中没有可破坏的值")


@pytest.mark.parametrize("name", [name for name, _, _ in rule_files()])
def test_a_bureaus_broken_file_is_refused_naming_its_line(name, tmp_path, monkeypatch, capsys):
    shipped = SHIPPED / f"{name}.yaml"
    text = shipped.read_text(encoding="utf-8")
    broken, line = _broken(text)
    own = tmp_path / f"{name}.yaml"
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text(broken, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES", str(tmp_path))

    bad = [(path, error) for path, error in check_rule_files() if error]
    assert [path for path, _ in bad] == [own]
    assert any(problem.line == line for problem in bad[0][1].problems), str(bad[0][1])

    assert main(["rules"]) == 2
    out = capsys.readouterr().out
    assert f"有误  {own}" in out and f"第 {line} 行" in out


def test_the_web_apps_start_up_check_names_a_broken_rule_file(tmp_path, monkeypatch):
    from django.core import checks

    own = tmp_path / "monitoring.yaml"
    shutil.copy(SHIPPED / "monitoring.yaml", own)
    own.write_text(own.read_text(encoding="utf-8") + "\nunknown_rule: 1\n", encoding="utf-8")
    monkeypatch.setenv("JIXIAO_RULES", str(tmp_path))
    errors = [m for m in checks.run_checks() if m.id == "jixiao.E001"]
    assert len(errors) == 1 and str(own) in errors[0].msg and "规则文件有误" in errors[0].msg
