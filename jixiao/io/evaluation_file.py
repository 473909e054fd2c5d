"""Reading an evaluation from a YAML or JSON file: all of it or nothing, with errors that name path and line."""

from __future__ import annotations

from pathlib import Path

from jixiao.core.build import evaluation_from_data, evaluation_from_json
from jixiao.core.errors import InputError, Problem
from jixiao.core.model import Evaluation

from .yaml_source import load_yaml

MAX_INPUT_BYTES = 50_000_000


def read_evaluation(path: Path | str) -> Evaluation:
    path = Path(path)
    if not path.exists():
        raise InputError([Problem("", "文件不存在")], str(path))
    if path.is_dir():
        raise InputError([Problem("", "这是一个文件夹，不是文件")], str(path))
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise InputError([Problem("", "文件超过 50 MB，请拆分后再导入")], str(path))
    raw = path.read_bytes()
    if path.suffix.lower() == ".json":
        return evaluation_from_json(raw, str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem("", "文件不是 UTF-8 编码的文本")], str(path)) from None
    return parse_evaluation_yaml(text, str(path))


def parse_evaluation_yaml(text: str, source: str = "") -> Evaluation:
    located = load_yaml(text, source)
    try:
        return evaluation_from_data(located.data, source)
    except InputError as error:
        for problem in error.problems:
            problem.line = problem.line or located.line_of(problem.path)
        raise
