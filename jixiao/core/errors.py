"""Errors in input, said in Chinese, naming the path in the file (`projects[3].indicators[2].actual`) and the line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .labels import FIELDS


@dataclass
class Problem:
    path: str  # e.g. projects[3].indicators[2].actual; '' for the whole file
    message: str  # Chinese
    line: int | None = None  # 1-based line in the source file, when known

    def __str__(self) -> str:
        where = self.path or "（文件）"
        label = field_label(self.path)
        if label:
            where = f"{where}（{label}）"
        if self.line is not None:
            where = f"第 {self.line} 行 {where}"
        return f"{where}：{self.message}"


@dataclass
class InputError(Exception):
    """The input cannot be used. Nothing of it was loaded."""

    problems: list[Problem] = field(default_factory=list)
    source: str = ""

    def __str__(self) -> str:
        head = f"{self.source}：" if self.source else ""
        return head + "；".join(str(p) for p in self.problems)


class SchemeError(InputError):
    """A scheme file that cannot be used."""


def field_label(path: str) -> str:
    last = re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1]) if path else ""
    return FIELDS.get(last, "")


_TYPE_NAMES = {
    "str": "文本",
    "int": "整数",
    "float": "数字",
    "decimal": "数字",
    "bool": "是/否（true/false）",
    "null": "空值",
    "object": "键值表",
    "array": "列表",
    "date": "日期（如 2024-03-20）",
}


def _type_name(name: str) -> str:
    parts = [p.strip(" `") for p in name.split("|")]
    return "或".join(_TYPE_NAMES.get(p, p) for p in parts)


_PATTERNS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`"),
     lambda m: f"应为{_type_name(m['want'])}，实际是{_type_name(m['got'])}"),
    (re.compile(r"Object missing required field `(?P<f>[^`]+)`"), None),  # handled in translate()
    (re.compile(r"Object contains unknown field `(?P<f>[^`]+)`"), None),
    (re.compile(r"Invalid enum value (?P<v>.+)"), lambda m: f"取值 {m['v']} 不在允许的范围内"),
    (re.compile(r"Invalid decimal string"), lambda m: "不是有效的数字"),
    (re.compile(r"Invalid RFC3339 encoded date"), lambda m: "不是有效的日期（应写作 2024-03-20）"),
    (re.compile(r"Expected `(?P<want>[^`]+)` (?P<cmp>[<>]=?) (?P<n>\S+)"), lambda m: f"取值超出范围（应 {m['cmp']} {m['n']}）"),
]

_PATH = re.compile(r" - at `\$(?P<path>[^`]*)`$")


ENUM_CHOICES: dict[str, tuple[str, ...]] = {}  # field name → allowed values, filled by the model's owner


def translate(message: str) -> Problem:
    """One msgspec validation message as a Chinese Problem with its path."""
    path = ""
    match = _PATH.search(message)
    if match:
        path = match["path"].lstrip(".")
        message = message[: match.start()]
    missing = re.match(r"Object missing required field `(?P<f>[^`]+)`", message)
    if missing:
        field_path = f"{path}.{missing['f']}" if path else missing["f"]
        return Problem(field_path, "缺少必填项")
    unknown = re.match(r"Object contains unknown field `(?P<f>[^`]+)`", message)
    if unknown:
        field_path = f"{path}.{unknown['f']}" if path else unknown["f"]
        return Problem(field_path, "不认识的字段（请检查拼写，字段名见 docs/input-format.md）")
    for pattern, render in _PATTERNS:
        found = pattern.search(message)
        if found and render is not None:
            text = render(found)  # type: ignore[operator]
            choices = ENUM_CHOICES.get(re.sub(r"\[\d+\]$", "", path.rsplit(".", 1)[-1]))
            if message.startswith("Invalid enum value") and choices:
                text += f"（可选：{'、'.join(choices)}）"
            return Problem(path, text)
    return Problem(path, f"格式不正确（{message}）")
