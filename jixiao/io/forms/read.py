"""read_forms(layout) → one FormReading per form found: the values in the core model's shape (a Project for a project
form, evaluation-level fields for a department form), each with the cell it came from, and what was not read."""

from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

from jixiao.io.layout.model import Layout, Source

from . import blocks, extra, lists, match, schema, stream, transpose
from .blocks import Cell, Read
from .indicators import read_indicators
from .values import POINTS, as_written, clean, figure, is_blank

_CODE = re.compile(r"^([0-9A-Za-z_]{3,})\s*[-—－_]\s*(.+)$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})  # 目标l: a scan's l for 1
_PLACEHOLDERS = ("对照年度目标", "结合自评情况", "字以内")


@dataclass
class FormReading:
    template: str
    target: str  # "project" | "evaluation"
    data: dict
    sources: dict[str, Source] = field(default_factory=dict)
    rows_read: int = 0
    rows_total: int = 0
    unread: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)  # cells that may be blank or not: which is not known
    checks: list[str] = field(default_factory=list)  # relations the figures break (rate ≠ spent ÷ budget …)
    weights_verified: bool = False  # see FormCoverage.weights_verified

    # `data` also holds what the form says of the document as a whole: the department (主管部门 / 部门名称) and the
    # year of its title; they are not fields of a Project, so model_data() leaves them out.
    DOCUMENT_KEYS: ClassVar[tuple[str, ...]] = ("year", "department_name")

    def model_data(self) -> dict:
        """data as evaluation_from_data takes it (a project under projects[i], else evaluation-level fields)."""
        return {k: v for k, v in self.data.items() if k not in self.DOCUMENT_KEYS}


@lru_cache(maxsize=1)
def templates() -> tuple[schema.Template, ...]:
    return tuple(schema.load_all())


def read_forms(layout: Layout) -> list[FormReading]:
    all_templates = list(templates())
    # run-together lines are cut at the labels of forms with a head block; a questionnaire's words (有效, 发放) are
    # ordinary words inside cells and would cut them
    vocabulary = sorted({w for t in all_templates if t.identify["start"] for w in t.vocabulary()}, key=len,
                        reverse=True)
    # a block printed sideways (labels down a column, one indicator or fund row per column) is turned back first
    cells = stream.split_labels(stream.tokens(transpose.restore(layout, all_templates)), vocabulary)
    readings = []
    for found in match.find(cells, all_templates):
        part = cells[found.start:found.end]
        before = cells[max(0, found.start - 8):found.start]
        reading = _read(found.template, part, before)
        if "list" in found.template.blocks and not reading.rows_total:
            continue  # the list's header words were there, not its header: no list
        readings.append(_variant(reading, found.template, all_templates))
    return readings


def _variant(reading: FormReading, template: schema.Template, all_templates: list) -> FormReading:
    """A province's form that differs from the one it extends only by the execution weight it prints (Hubei: 20)."""
    weight = reading.data.get("stated_execution_weight")
    for other in all_templates:
        if other.identify["execution_weight"] == [weight] and other.identify["all"] == template.identify["all"] \
                and other.target == template.target and other.id != template.id:
            reading.template = other.id
    return reading


def _read(template: schema.Template, part: list[stream.Token], before: list[stream.Token]) -> FormReading:
    vocabulary = set(template.vocabulary())
    read = Read()
    blocks.head(part, template, vocabulary, read)
    goal_words = set(template.blocks["goal"].label) if "goal" in template.blocks else set()
    indicator_words = {w for c in template.blocks["indicators"].columns for w in c.words} \
        if "indicators" in template.blocks else set()
    blocks.funds(part, template, read, goal_words | indicator_words | set(template.total), before)
    blocks.goal(part, template, read, vocabulary)
    extra.framework(part, template, read)
    extra.figures(part, template, read)
    if template.id == "questionnaire":
        extra.questionnaire(part, template, read)
    if "list" in template.blocks:
        lists.project_list(part, template, read)
    # the goals end where the indicator block's header begins (its level columns), not at any of its words: 年度目标
    # is both the goals' label and the indicators' goal column
    level_words = {w for c in template.blocks["indicators"].columns if c.name in ("level1", "level2", "name")
                   for w in c.words} if "indicators" in template.blocks else set()
    goals_end = blocks.goals(part, template, read, 0, level_words | set(template.total))
    end = read_indicators(part, template, read, goals_end)
    blocks.total(part, template, read, end)
    _weights_total(read)
    reading = FormReading(template.id, template.target, {})
    _assemble(template, read, reading)
    year = _year(before + part[:12])
    if year:
        reading.data["year"] = year
    reading.rows_read, reading.rows_total = read.rows_read, read.rows_total
    reading.unread, reading.checks, reading.unclear = read.unread, read.checks, read.unclear
    return reading


def _weights_total(read: Read) -> None:
    """Σ weights = total: the indicators' weights (with budget execution's, and the goals' when the form weighs its
    goals instead) against the full marks the 总分 row prints, when every row was read."""
    full = blocks.decimal(read.values["total_weight"].text) if "total_weight" in read.values else None
    if full is None or read.rows_read != read.rows_total:
        return
    found, _ = blocks._weights(read)
    goals = [blocks.decimal(g["weight"].text) for g in read.goals if g.get("weight") is not None]
    execution = blocks.decimal(read.funds.get("total", {}).get("weight", Cell(None, Source())).text) or 0
    sums = {found}
    if goals and all(g is not None for g in goals):
        sums.add(sum(goals) + execution)
    if full not in sums:
        read.checks.append(f"各项分值合计 {'、'.join(str(s) for s in sorted(sums))} 与总分一行的满分 {full} 不符"
                           f"（{read.values['total_weight'].source}）")


def _year(tokens: list[stream.Token]) -> int | None:
    for token in tokens:
        found = _YEAR.search(token.text)
        if found and ("表" in token.text or "年度" in token.text):
            return int(found.group(1))
    return None


def _put(reading: FormReading, path: str, cell: Cell | None, text: str | None = None, keep: tuple = ()) -> None:
    """Set a value read from a cell; a blank cell sets nothing, except a word in `keep` the document wrote as its
    answer (偏差原因 “无” is a reason given, which a reviewer weighs, not an empty cell)."""
    if cell is None:
        return
    value = cell.text if text is None else text
    if value is None or (is_blank(value) and clean(value) not in keep):
        return
    target = reading.data
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    for here, nxt in zip(parts, parts[1:]):
        if here.startswith("["):
            target = target[int(here[1:-1])]
            continue
        if nxt.startswith("["):
            target = target.setdefault(here, [])
            while len(target) <= int(nxt[1:-1]):
                target.append({})
        else:
            target = target.setdefault(here, {})
    target[parts[-1]] = as_written(value) if isinstance(value, str) else value
    reading.sources[path] = cell.source


def _assemble(template: schema.Template, read: Read, reading: FormReading) -> None:
    v = read.values
    project = template.target == "project"
    if project and "name" in v:
        name = clean(v["name"].text or "")
        coded = _CODE.match(name)
        if coded:
            _put(reading, "code", v["name"], coded.group(1))
            name = coded.group(2)
        _put(reading, "name", v["name"], name)
        for field_ in ("implementing_unit",):
            if field_ in v:
                _put(reading, field_, v[field_], _uncoded(v[field_].text))
    for label in ("department", "department_name"):
        if label in v:
            _put(reading, "department_name", v[label], _uncoded(v[label].text))
    for name, cell in v.items():
        path = name[5:] if name.startswith("path:") else name if "." in name else None
        if path:  # a field the template names by its path in the model (department.code, income.total)
            if "staff" in path and cell.text and cell.text.strip().isdigit():
                _put(reading, path, cell)
                _set_path(reading.data, path, int(cell.text.strip()))
            else:
                _put(reading, path, cell)
    if "department_name" in v and template.target == "evaluation" and "department" in reading.data:
        _put(reading, "department.name", v["department_name"], _uncoded(v["department_name"].text))
    _assemble_funds(template, read, reading)
    if project:
        _put(reading, "goal", v.get("goal"))
    texts = []
    if "goal_actual" in v:
        texts.append(("年度目标完成情况", v["goal_actual"]))
    texts += [(k[5:], c) for k, c in v.items() if k.startswith("text:")]
    for i, (label, cell) in enumerate(t for t in texts if not is_blank(t[1].text)):
        _put(reading, f"form_texts[{i}].label", cell, label)
        _put(reading, f"form_texts[{i}].text", cell)
    if "stated_grade" in v and v["stated_grade"].text is None:
        reading.blank.append("stated_grade")
    _put(reading, "stated_grade", v.get("stated_grade"))
    score = v.get("stated_score")
    if score is not None:
        if score.text is None:
            reading.blank.append("stated_score")
        _put(reading, "stated_score", score)
    _assemble_goals(read, reading)
    survey = {k[7:]: c for k, c in v.items() if k.startswith("survey:")}
    if survey or read.questions:
        _put(reading, "surveys[0].id", next(iter(survey.values()), None) or read.questions[0][0], "问卷1")
        for name, cell in survey.items():
            _put(reading, f"surveys[0].{name}", cell)
            if name != "stated_score":
                reading.data["surveys"][0][name] = int(cell.text)
        _assemble_questions(read, reading)
    if "list" in template.blocks:
        _assemble_list(template.blocks["list"], read, reading)
    else:
        _assemble_indicators(template, read, reading, "indicators")
    for i, (statement, source) in enumerate(read.statements):
        reading.data.setdefault("statements", []).append(statement)
        reading.sources[f"statements[{i}]"] = source


def _assemble_questions(read: Read, reading: FormReading) -> None:
    """A questionnaire's questions, each option with its points, whether it counts as satisfied, and its count."""
    for i, (text, options) in enumerate(read.questions):
        base = f"surveys[0].questions[{i}]"
        _put(reading, f"{base}.text", text)
        for j, (label, points, satisfied, count) in enumerate(options):
            _put(reading, f"{base}.options[{j}].label", count, label)
            _put(reading, f"{base}.options[{j}].points", count, points)
            _put(reading, f"{base}.options[{j}].count", count)
            option = reading.data["surveys"][0]["questions"][i]["options"][j]
            option["count"], option["satisfied"] = int(count.text), satisfied


def _assemble_list(block: schema.Block, read: Read, reading: FormReading) -> None:
    """Each row of a list one item under the block's path (projects[i]), each column at the path it names."""
    types = block.types()
    for i, row in enumerate(read.rows):
        for name, cell in row.items():
            if name == "number" or types.get(name) == "rate":  # the model derives a project's rate
                continue
            value = figure(cell.text) if types.get(name) in ("money", "score", "count") else \
                _unwrapped(clean(cell.text)) if cell.text else None
            _put(reading, f"{block.path}[{i}].{name}", cell, value)


_WRAP = re.compile(r"(?<=[\u4e00-\u9fff\d)）])\s+(?=[\u4e00-\u9fff\d(（])")


def _unwrapped(text: str) -> str:
    """A narrow cell's text without the spaces its line wraps left between Chinese words and figures
    (调整下达 2023 年中央就业补助 资金)."""
    return _WRAP.sub("", text)


def _uncoded(text: str | None) -> str:
    text = clean(text or "")
    coded = _CODE.match(text)
    return coded.group(2) if coded else text


def _assemble_funds(template: schema.Template, read: Read, reading: FormReading) -> None:
    block = template.blocks.get("funds")
    if block is None:
        return
    prefix = block.path or "budget"
    total = read.funds.get("total", {})
    for column in ("budget_initial", "budget_adjusted", "spent"):
        cell = total.get(column)
        if cell is not None:
            _put(reading, f"{prefix}.{column}", cell, figure(cell.text))
            if template.target == "evaluation":
                _put(reading, f"budget.total.{column}", cell, figure(cell.text))
        for row, cells in read.funds.items():
            if "." in row and cells.get(column) is not None:
                _put(reading, f"{row}.{column}", cells[column], figure(cells[column].text))
    if "weight" in total:
        _put(reading, "stated_execution_weight", total["weight"], figure(total["weight"].text))
    if "score" in total:
        if total["score"].text is None:
            reading.blank.append("stated_execution_score")
        _put(reading, "stated_execution_score", total["score"], figure(total["score"].text))
    if template.target != "project":
        return
    _execution_on_sources(read, reading)
    index = 0
    for row, cells in read.funds.items():
        if row == "total":
            continue
        cell = cells.get("budget_adjusted") or cells.get("budget_initial")
        if cell is None or figure(cell.text) is None:
            cell = cells.get("budget_initial")
        if cell is None or figure(cell.text) is None:
            continue
        _put(reading, f"funds[{index}].name", read.fund_labels.get(row, cell), row)  # sourced at its label
        _put(reading, f"funds[{index}].amount", cell, figure(cell.text))
        spent = cells.get("spent")
        if spent is not None and figure(spent.text) is not None:
            _put(reading, f"funds[{index}].spent", spent, figure(spent.text))
        index += 1


def _execution_on_sources(read: Read, reading: FormReading) -> None:
    """A 年度资金总额 row left 0 or blank while its sources (其中：本年财政拨款 …) are filled: the execution rate and
    score the table should show are the sources' (their sum is what the total row should say, and SUM.BUDGET says
    it does not), so `execution` holds that sum; `budget` keeps the row as written."""
    total = read.funds.get("total", {})
    columns = ("budget_initial", "budget_adjusted", "spent")
    if any(blocks.decimal(total[c].text) for c in columns if total.get(c) is not None):
        return
    parts = [cells for row, cells in read.funds.items() if row != "total" and "." not in row]
    sums: dict[str, tuple] = {}
    for column in columns:
        cells = [c[column] for c in parts if c.get(column) is not None and blocks.decimal(c[column].text) is not None]
        if cells:
            sums[column] = (sum(blocks.decimal(c.text) for c in cells), cells[0])
    if not sums.get("budget_adjusted", (0,))[0] or "spent" not in sums:
        return
    for column, (value, cell) in sums.items():
        _put(reading, f"execution.{column}", cell, str(value))


_GOAL_NUMBER = re.compile(r"目标\s*(\d+)")
_NAMED_GOAL = re.compile(r"^(?:年度)?(?:绩效)?目标\s*(\d+)\s*[:：]\s*(?P<name>.+?)\s*(?:[（(]\s*(?P<weight>\d+(?:\.\d+)?)\s*分\s*[）)])?\s*$")


def _goals_from_labels(read: Read) -> None:
    """A table with no list of goals whose indicator rows sit under labels naming them (年度目标1：保障防汛抗旱安全
    （20分）, merged down the rows): the goals are those labels, numbered 1, 2, … as printed."""
    if read.goals:
        return
    named: dict[int, Cell] = {}
    for row in read.rows:
        ref = row.get("goal")
        found = _NAMED_GOAL.match(clean(ref.text or "").translate(_DIGITS)) if ref is not None else None
        if found:
            named.setdefault(int(found.group(1)), ref)
    if not named or sorted(named) != list(range(1, len(named) + 1)):
        return
    for number in sorted(named):
        cell = named[number]
        found = _NAMED_GOAL.match(clean(cell.text).translate(_DIGITS))
        goal = {"name": Cell(found.group("name"), cell.source)}
        if found.group("weight"):
            goal["weight"] = Cell(found.group("weight"), cell.source)
        read.goals.append(goal)


def _assemble_goals(read: Read, reading: FormReading) -> None:
    _goals_from_labels(read)
    for i, goal in enumerate(read.goals):
        _put(reading, f"goals[{i}].name", goal.get("name"))
        if goal.get("weight") is not None and figure(goal["weight"].text) is not None:
            _put(reading, f"goals[{i}].weight", goal["weight"], figure(goal["weight"].text))
        _put(reading, f"goals[{i}].actual", goal.get("actual"))


def _indicator_paths(read: Read, reading: FormReading, path: str) -> list[str]:
    """Where each indicator row goes: under its goal (目标2 → goals[1]) when the form groups them, else in order."""
    paths, counts = [], {}
    goals = len(read.goals)
    for i, row in enumerate(read.rows):
        ref = row.get("goal")
        digits = _GOAL_NUMBER.search((ref.text or "").translate(_DIGITS)) if ref is not None else None
        number = int(digits.group(1)) - 1 if digits else -1
        if 0 <= number < goals:
            counts[number] = counts.get(number, -1) + 1
            paths.append(f"goals[{number}].indicators[{counts[number]}]")
        else:
            counts[-1] = counts.get(-1, -1) + 1
            paths.append(f"{path}[{counts[-1]}]")
    return paths




def _group_weight(reading: FormReading, level1: Cell) -> None:
    """A level-1 label that prints its 分值 ("A 决策（35分）"), once per label."""
    found = POINTS.search(level1.text or "")
    if not found:
        return
    group = clean(re.sub(r"[（(][^）)]*[）)]", "", level1.text))
    stated = reading.data.setdefault("stated_group_weights", [])
    if all(g["group"] != group for g in stated):
        stated.append({"group": group, "weight": found.group(1), "where": str(level1.source)})


def _weights_verified(rows: list[dict[str, Cell]]) -> bool:
    """Each row under a level-1 label that prints its 分值, and the weights read under each label make it."""
    printed: dict[str, Decimal] = {}
    read_under: dict[str, Decimal] = {}
    for row in rows:
        level1, weight = row.get("level1"), row.get("weight")
        found = POINTS.search(level1.text or "") if level1 is not None else None
        value = figure(weight.text) if weight is not None and weight.text else None
        if not found or value is None:
            return False
        printed[level1.text] = Decimal(found.group(1))
        read_under[level1.text] = read_under.get(level1.text, Decimal(0)) + Decimal(value)
    return bool(printed) and printed == read_under


def _assemble_indicators(template: schema.Template, read: Read, reading: FormReading, path: str) -> None:
    reading.weights_verified = _weights_verified(read.rows)
    for row, base in zip(read.rows, _indicator_paths(read, reading, path)):
        target = _measure(row, "target")
        actual = _measure(row, "actual")
        _put(reading, f"{base}.name", row["name"])
        level1 = row.get("level1")
        level1 = level1 if level1 is not None and level1.text else None  # a blank label is no label
        _put(reading, f"{base}.level1", level1, clean(re.sub(r"[（(][^）)]*[）)]", "", level1.text)) if level1
             else None)
        if level1 is not None and template.target == "evaluation":
            _group_weight(reading, level1)
        if level1 is None:
            _set_level1(reading.data, base)
        if "level2" in row:
            _put(reading, f"{base}.level2", row["level2"])
        if target:
            _put(reading, f"{base}.target", target[1], target[0])
        if actual:
            _put(reading, f"{base}.actual", actual[1], actual[0])
        elif "actual" in row:
            reading.blank.append(f"{base}.actual")
        for name in ("weight", "score"):
            cell = row.get(name)
            if cell is not None and figure(cell.text) is not None:
                _put(reading, f"{base}.{name}", cell, figure(cell.text))
            elif name in row:
                reading.blank.append(f"{base}.{name}")
        _put(reading, f"{base}.deviation_reason", row.get("deviation_reason"), keep=("无",))
        _put(reading, f"{base}.definition", row.get("definition"))
        _put(reading, f"{base}.data_source", row.get("data_source"))


def _measure(row: dict[str, Cell], name: str) -> tuple[str, Cell] | None:
    """A target or actual as written; a form that prints the operator and the unit in columns of their own
    (指标性质 ≥ | 指标值 48 | 度量单位 场) has them put back together."""
    cell = row.get(name)
    if cell is None or is_blank(cell.text):
        return None
    text = clean(cell.text)
    unit = row.get("unit")
    if unit is not None and not is_blank(unit.text) and figure(text) is not None:
        text += clean(unit.text)
    nature = row.get("nature")
    if name == "target" and nature is not None and not is_blank(nature.text) and nature.text.strip() in "≥≤=<>＞＜":
        if nature.text.strip() != "=":
            text = nature.text.strip() + text
    return text, cell


def _set_level1(data: dict, path: str) -> None:
    """An indicator whose form printed no level-1 label: the model requires one, so it is left empty, not guessed."""
    target = data
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        target = target[int(part[1:-1])] if part.startswith("[") else target.setdefault(part, {})
    target.setdefault("level1", "")


def _set_path(data: dict, path: str, value) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data.setdefault(part, {})
    data[parts[-1]] = value
