"""YAML read the way jixiao needs it: numbers as exact Decimals, text fields kept as written, and the line of
every value remembered so that an error can name it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from jixiao.core.errors import InputError, Problem

try:  # the C parser is much faster; fall back to the pure-Python one where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Fields whose values are text even when they look like numbers ("100" as a target is the text a person wrote).
TEXT_KEYS = frozenset({
    "target", "actual", "name", "code", "text", "title", "label", "unit_of_measure", "contact_phone", "id",
    "where", "fact_text", "reason", "letter",
})

_INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null", "timestamp"))
_constructor = yaml.constructor.SafeConstructor()


class Located:
    """Plain data from a YAML text, with the 1-based line of each path."""

    def __init__(self, data: Any, lines: dict[str, int]):
        self.data = data
        self.lines = lines

    def line_of(self, path: str) -> int | None:
        """The line of `path`, or of its nearest ancestor that the file has."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""


def load_yaml(text: str, source: str = "") -> Located:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise InputError([Problem("", f"YAML 格式错误：{_problem_zh(error.problem)}", line)], source) from None
    except yaml.YAMLError as error:
        raise InputError([Problem("", f"YAML 格式错误：{error}")], source) from None
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    data = _build(node, "", None, lines, problems) if node is not None else None
    if problems:
        raise InputError(problems, source)
    return Located(data, lines)


def _build(node: yaml.Node, path: str, key: str | None, lines: dict[str, int], problems: list[Problem]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            child = f"{path}.{name}" if path else name
            if name in result:
                problems.append(Problem(child, "同一字段写了两次", key_node.start_mark.line + 1))
            result[name] = _build(value_node, child, name, lines, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, f"{path}[{i}]", None, lines, problems) for i, item in enumerate(node.value)]
    return _scalar(node, key)


def _scalar(node: yaml.ScalarNode, key: str | None) -> Any:
    tag, value = node.tag, node.value
    if key in TEXT_KEYS and tag != _NULL:
        return value
    if tag == _INT:
        return _constructor.construct_yaml_int(node)
    if tag == _FLOAT:
        try:
            return Decimal(value.replace("_", ""))
        except InvalidOperation:
            return value  # .inf and .nan are not amounts; let validation say so
    if tag == _BOOL:
        return _constructor.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    if tag == _TIMESTAMP:
        try:
            stamp = _constructor.construct_yaml_timestamp(node)
        except ValueError:  # 2024-13-01 looks like a date but is none; validation will say so
            return value
        return stamp if isinstance(stamp, dt.date) else value
    return value


_PROBLEMS_ZH = {  # messages of both the C and the pure-Python parser
    "mapping values are not allowed": "此处不能出现“键: 值”（可能缺少缩进，或文字中的冒号需加引号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能用制表符缩进，请改用空格",
    "found character that cannot start any token": "出现了不能出现在此处的字符（常见原因：用制表符缩进，请改用空格）",
    "did not find expected ',' or '}'": "花括号 { } 内缺少逗号或右括号（文字中含英文逗号或方括号时需加引号）",
    "did not find expected ',' or ']'": "方括号 [ ] 内缺少逗号或右括号",
    "did not find expected key": "缩进不一致，找不到应有的字段",
    "did not find expected '-' indicator": "列表项缺少“-”",
    "found undefined alias": "引用了未定义的锚点",
}


def _problem_zh(problem: str | None) -> str:
    if not problem:
        return "无法解析"
    for english, chinese in _PROBLEMS_ZH.items():
        if problem.startswith(english):
            return chinese
    return problem
