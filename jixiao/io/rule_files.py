"""Reading the cycle's rule files (`jixiao/rules/*.yaml`: monitoring warnings, risk signals, result application, the
indicator library): each is parsed by its core module's `*_from_data` and validated on load, so that a bad rule stops
the program with a Chinese message naming the file, the rule's path and its line. A bureau's own rules are a file in
a folder named by `JIXIAO_RULES`, which takes the place of the shipped file of the same name."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, TypeVar

from jixiao.core.errors import InputError, Problem

from .yaml_source import load_yaml

SHIPPED = Path(__file__).resolve().parent.parent / "rules"
MAX_RULE_BYTES = 2_000_000
T = TypeVar("T")


def rule_path(name: str) -> Path:
    """The file that holds rule set `name` (e.g. "monitoring" or "indicators/common"): a bureau's own first."""
    for folder in [Path(p) for p in os.environ.get("JIXIAO_RULES", "").split(os.pathsep) if p]:
        if (folder / f"{name}.yaml").is_file():
            return folder / f"{name}.yaml"
    return SHIPPED / f"{name}.yaml"


def load_rules(name: str, parse: Callable[[Any, str], T], path: Path | None = None) -> T:
    """Rule set `name` parsed by `parse(data, source)`, which raises InputError with Problems naming paths; the lines
    are filled in here."""
    path = path or rule_path(name)
    if not path.is_file():
        raise InputError([Problem("", "规则文件不存在")], str(path))
    if path.stat().st_size > MAX_RULE_BYTES:
        raise InputError([Problem("", "规则文件超过 2 MB")], str(path))
    located = load_yaml(path.read_text(encoding="utf-8"), str(path))
    try:
        return parse(located.data, str(path))
    except InputError as error:
        for problem in error.problems:
            problem.line = problem.line or located.line_of(problem.path)
        error.source = error.source or str(path)
        raise
