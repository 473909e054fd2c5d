"""Templates: forms as data (templates/*.yaml), validated on load. A bad template is refused with a Chinese message
naming its file and key, so that a province's form can be added by someone who does not read the code."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import relations as rel
from .values import PATTERNS
from .values import key as label_key

TEMPLATES = Path(__file__).parent / "templates"
TYPES = set(PATTERNS) | {"text", "measure", "name", "reason", "grade"}
TOP_KEYS = {"id", "target", "extends", "title", "identify", "fields", "funds", "goal", "goals", "indicators", "total",
            "grade", "texts", "block_labels", "survey", "framework", "figures", "list"}
BLOCK_KEYS = {"columns", "rows", "relations", "scoring", "level1", "level2", "end", "path", "label", "expected",
              "actual", "options", "parts", "name_else"}


class TemplateError(ValueError):
    """A template that cannot be used, with the file and key in Chinese."""


@dataclass
class Column:
    name: str
    words: list[str]
    type: str
    ends: list[str] = field(default_factory=list)  # how a value of a name column ends (局, 中心): where to cut it


@dataclass
class Block:
    columns: list[Column] = field(default_factory=list)
    rows: dict[str, list[str]] = field(default_factory=dict)
    relations: list[rel.Relation] = field(default_factory=list)
    scoring: list[rel.Relation] = field(default_factory=list)  # the form's scoring rule: checked, and decides cuts
    level1: list[str] = field(default_factory=list)
    level2: list[str] = field(default_factory=list)
    end: list[str] = field(default_factory=list)
    path: str = ""
    label: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    actual: list[str] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)  # a questionnaire's option words by kind
    parts: list[list[str]] = field(default_factory=list)  # rows that add up to the total row, column by column
    name_else: str = ""  # the column that names the indicators when the header has no name column (湖南: 二级指标)

    def types(self) -> dict[str, str]:
        return {c.name: c.type for c in self.columns}


@dataclass
class Template:
    id: str
    target: str  # project | evaluation
    file: str
    identify: dict[str, list] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)
    blocks: dict[str, Block] = field(default_factory=dict)
    total: list[str] = field(default_factory=list)
    grade: list[str] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)
    block_labels: list[str] = field(default_factory=list)
    figures: list[Block] = field(default_factory=list)  # tables whose header row names each figure (项目 | 合计 …)

    def vocabulary(self) -> list[str]:
        """Every label word of the form, longest first (run-together text is cut at them)."""
        words: set[str] = set(self.total) | set(self.grade) | set(self.block_labels)
        for group in self.identify.get("all", []) + [self.identify.get("start", [])]:
            words |= set(group)
        for labels in list(self.fields.values()) + list(self.texts.values()):
            words |= set(labels)
        for block in self.blocks.values():
            words |= {w for c in block.columns for w in c.words} | set(block.level1) | set(block.level2)
            words |= {w for ws in block.rows.values() for w in ws} | set(block.label) | set(block.expected)
            words |= set(block.actual) | set(block.end)
        return sorted(words, key=len, reverse=True)


def _fail(file: str, key: str, why: str) -> TemplateError:
    return TemplateError(f"表式模板 {file} 的 {key}：{why}")


def _words(value: Any, file: str, where: str, raw: bool = False) -> list[str]:
    """Label words, compared as cells are (no spaces, no bracketed note); `raw` keeps them as written, for words
    looked for inside a cell's text (得分（20分×执行率）)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
        raise _fail(file, where, "应为一个或多个表头用词（文字列表）")
    return list(dict.fromkeys(w.strip() if raw else label_key(w) for w in value))


def _merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for k, v in over.items():
        merged[k] = _merge(merged[k], v) if isinstance(v, dict) and isinstance(merged.get(k), dict) else v
    return merged


def _block(data: Any, file: str, name: str) -> Block:
    if not isinstance(data, dict):
        raise _fail(file, name, "应为一个表块（键值表）")
    unknown = set(data) - BLOCK_KEYS
    if unknown:
        raise _fail(file, f"{name}.{sorted(unknown)[0]}", "不认识的键")
    block = Block(path=str(data.get("path", "")))
    for col, spec in (data.get("columns") or {}).items():
        where = f"{name}.columns.{col}"
        if not isinstance(spec, dict) or "words" not in spec:
            raise _fail(file, where, "每一列应写明 words（表头用词）和 type（类型）")
        type_ = spec.get("type", "text")
        if type_ not in TYPES:
            raise _fail(file, f"{where}.type", f"类型“{type_}”不存在，可用：{'、'.join(sorted(TYPES))}")
        ends = _words(spec["ends"], file, f"{where}.ends", raw=True) if "ends" in spec else []
        block.columns.append(Column(col, _words(spec["words"], file, f"{where}.words"), type_, ends))
    for row, words in (data.get("rows") or {}).items():
        block.rows[row] = _words(words, file, f"{name}.rows.{row}")
    for kind, words in (data.get("options") or {}).items():
        block.options[kind] = _words(words, file, f"{name}.options.{kind}")
    names = {c.name for c in block.columns}
    for kind in ("relations", "scoring"):
        for i, text in enumerate(data.get(kind) or []):
            getattr(block, kind).append(_relation(text, names, file, f"{name}.{kind}[{i}]"))
    for i, group in enumerate(data.get("parts") or []):
        unknown_rows = [r for r in group or [] if r not in block.rows] if isinstance(group, list) else [group]
        if unknown_rows or not group:
            raise _fail(file, f"{name}.parts[{i}]", f"“{unknown_rows[0] if unknown_rows else ''}”不是本表块 rows 中的行")
        block.parts.append([str(r) for r in group])
    if "name_else" in data:
        if str(data["name_else"]) not in names:
            raise _fail(file, f"{name}.name_else", f"“{data['name_else']}”不是本表块的列")
        block.name_else = str(data["name_else"])
    for key in ("level1", "level2", "end", "label", "expected", "actual"):
        if key in data:
            setattr(block, key, _words(data[key], file, f"{name}.{key}"))
    return block


def _relation(text: Any, names: set[str], file: str, where: str) -> rel.Relation:
    try:
        relation = rel.parse(str(text))
    except ValueError:
        raise _fail(file, where, f"“{text}”不是可用的关系式（如 rate = spent / budget、"
                                 "score <= weight、score = weight * min(rate, 1)）") from None
    for operand in (relation.left, relation.a, relation.b):
        bare = operand.removeprefix("total.")
        if operand and not bare.replace(".", "").isdigit() and bare not in names:
            raise _fail(file, where, f"关系式中的“{operand}”不是本表块的列")
    return relation


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TemplateError(f"表式模板 {path.name} 不是有效的 YAML：{error}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"表式模板 {path.name} 应为键值表")
    return data


def load(path: Path, folder: Path | None = None) -> Template:
    """One template, with what it extends merged under it."""
    folder = folder or path.parent
    data = _read(path)
    file = path.name
    seen = {path.stem}
    while "extends" in data:
        parent = str(data.pop("extends"))
        if parent in seen or not (folder / f"{parent}.yaml").exists():
            raise _fail(file, "extends", f"找不到所继承的模板“{parent}”（或继承成环）")
        seen.add(parent)
        base = _read(folder / f"{parent}.yaml")
        data = _merge(base | {"id": data.get("id")}, data) if "extends" not in base else \
            _merge(base, data) | {"extends": base["extends"]}
    return _build(data, file)


def _build(data: dict, file: str) -> Template:
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise _fail(file, sorted(unknown)[0], "不认识的键")
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise _fail(file, "id", "缺少模板编号")
    if data.get("target") not in ("project", "evaluation"):
        raise _fail(file, "target", "应为 project（项目）或 evaluation（部门整体）")
    identify = data.get("identify") or {}
    if not isinstance(identify, dict) or not identify.get("all"):
        raise _fail(file, "identify.all", "至少要有一组用来识别表式的表头用词")
    groups = [_words(g, file, f"identify.all[{i}]") for i, g in enumerate(identify["all"])]
    template = Template(data["id"], data["target"], file, identify={
        "all": groups,
        "any": _words(identify["any"], file, "identify.any", raw=True) if identify.get("any") else [],
        "none": _words(identify["none"], file, "identify.none") if identify.get("none") else [],
        "start": _words(identify["start"], file, "identify.start") if identify.get("start") else [],
        "execution_weight": [str(identify["execution_weight"])] if identify.get("execution_weight") else []})
    for name, words in (data.get("fields") or {}).items():
        template.fields[name] = _words(words, file, f"fields.{name}")
    for name in ("funds", "goal", "goals", "indicators", "survey", "framework", "list"):
        if data.get(name) is not None:
            template.blocks[name] = _block(data[name], file, name)
    for name in ("total", "grade", "block_labels"):
        if data.get(name):
            setattr(template, name, _words(data[name], file, name))
    figures = data.get("figures") or []
    if not isinstance(figures, list):
        raise _fail(file, "figures", "应为表格列表，每个写明 rows 与 columns")
    for i, spec in enumerate(figures):
        if not isinstance(spec, dict) or not spec.get("rows") or not spec.get("columns"):
            raise _fail(file, f"figures[{i}]", "每个表格应写明 rows（行名 → 路径）与 columns（列名 → 字段）")
        block = Block()
        for path, words in spec["rows"].items():
            block.rows[path] = _words(words, file, f"figures[{i}].rows.{path}")
        for name, words in spec["columns"].items():
            block.columns.append(Column(name, _words(words, file, f"figures[{i}].columns.{name}"), "money"))
        for name, words in (spec.get("stated") or {}).items():  # figures that follow from the others
            block.columns.append(Column(name, _words(words, file, f"figures[{i}].stated.{name}"), "stated"))
        template.figures.append(block)
    for label, words in (data.get("texts") or {}).items():
        template.texts[label] = _words(words, file, f"texts.{label}")
    return template


def load_all(folder: Path = TEMPLATES) -> list[Template]:
    return [load(path, folder) for path in sorted(folder.glob("*.yaml"))]
