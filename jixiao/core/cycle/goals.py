"""Goal setting before the year (绩效目标申报 and 审核, CYCLE.md §1): the indicator library, searching it, and the checks
made on a goal set as it is typed.

Pure: the library comes in as the data of its rule files (`jixiao/rules/indicators/*.yaml`, read by
`jixiao.io.rule_files.load_rules`), history as evaluation documents; nothing here reads files or the database.

A goal set's document (what the web stores) is the department's overall goal with its indicators, then each project
with its goal and indicators; indicators carry the glossary's names:

    {"goals": [{"goal": "…", "weight": "10", "indicators": [{"name", "level1", "level2", "unit_of_measure",
     "direction", "target", "weight", "reason"}]}], "projects": [{"name", "goal", "budget", "indicators": [...]}]}

The department states one or more annual goals (年度目标), each with its text, its weight (optional: its indicators'
sum) and its indicators, as its evaluation scores them. A document stored before goal sets kept them apart has one
overall `goal` and one `indicators` table: `department_goals` reads both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from .. import docpath
from ..carried_over import TEXT_KEPT_AFTER, past_years
from ..errors import InputError, Problem
from ..labels import LEVEL1, LEVEL2
from ..methods import infer_method
from ..model import Indicator
from ..money import IMPLAUSIBLE_RATE, UNIT_SLIP, fmt_normalised, fmt_plain, implausibly_large, percent_typed_as_fraction
from ..phrasing import with_unit
from ..scheme import Scheme
from ..targets import Quantity, base_unit, comparable, parse_quantity

LEVEL2_OF = {
    "output": ("quantity", "quality", "timeliness", "cost"),
    "outcome": ("economic", "social", "ecological", "sustainability"),
    "satisfaction": ("beneficiary_satisfaction",),
}
DIRECTIONS = {"higher_better": "≥ 正向", "lower_better": "≤ 反向", "exact": "= 等于", "qualitative": "定性"}
QUANTITATIVE = ("higher_better", "lower_better", "exact")
MONEY_UNITS = ("元", "万元", "亿元")
DEFAULT_WEIGHT_TOTALS = {"department": Decimal(100), "project": Decimal(90)}
_ENTRY_KEYS = {"name", "level1", "level2", "unit_of_measure", "direction", "criteria", "target", "definition"}
_FILE_KEYS = {"sector", "title", "indicators", "weight_totals", "departments"}
SCHEME_KEYS = ("scheme", "project_scheme")  # the evaluation's scoring schemes, which a goal set remembers


# ------------------------------------------------------------------------------------------------------ library
@dataclass(frozen=True)
class LibraryIndicator:
    """One reusable indicator: from the national common framework, a sector file, or an evaluation or goal set."""

    name: str
    level1: str
    level2: str
    unit_of_measure: str
    direction: str
    criteria: str  # how it is scored (评分方法)
    target: str  # the typical target
    origin: str  # where it came from, as the user reads it: 共性指标, 行业指标·教育, 本部门 2023 年自评 …
    definition: str = ""


@dataclass(frozen=True)
class Library:
    indicators: tuple[LibraryIndicator, ...]
    weight_totals: Mapping[str, Decimal] = field(default_factory=lambda: dict(DEFAULT_WEIGHT_TOTALS))
    # a sector file's title → the words of the names of the departments it is for (its `departments`)
    sectors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def sector_of(self, department_name: str) -> str:
        """The title of the sector file whose words the department's name contains ("" when none does)."""
        for title, words in self.sectors.items():
            if any(word in department_name for word in words):
                return title
        return ""


def department_words(data: Any) -> tuple[str, ...]:
    """A sector file's `departments`: words of the names of the departments it is for (人力资源和社会保障 …)."""
    words = data.get("departments") if isinstance(data, dict) else None
    return tuple(str(w).strip() for w in words if str(w).strip()) if isinstance(words, list) else ()


def library_from_data(data: Any, source: str) -> tuple[str, tuple[LibraryIndicator, ...], dict[str, Decimal]]:
    """One library file: (its title, its indicators, the weight totals it sets). Raises InputError naming each
    wrong entry's path; every problem of the file is reported at once."""
    if not isinstance(data, dict):
        raise InputError([Problem("", "指标库文件应是键值表（含 title 和 indicators）")], source)
    problems = [Problem(key, "不认识的字段（可用：sector、title、indicators、weight_totals、departments）")
                for key in data if key not in _FILE_KEYS]
    if "departments" in data and not department_words(data):
        problems.append(Problem("departments", "应是非空的词语列表（部门名称中的词，如 人力资源和社会保障）"))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(Problem("title", "缺少指标库名称（如 共性指标、行业指标·教育）"))
        title = ""
    totals = _weight_totals(data.get("weight_totals"), problems)
    entries = data.get("indicators")
    if not isinstance(entries, list) or not entries:
        problems.append(Problem("indicators", "应是非空的指标列表"))
        entries = []
    indicators = []
    for index, entry in enumerate(entries):
        found = _entry(entry, f"indicators[{index}]", title, problems)
        if found is not None:
            indicators.append(found)
    if problems:
        raise InputError(problems, source)
    return title, tuple(indicators), totals


def _weight_totals(raw: Any, problems: list[Problem]) -> dict[str, Decimal]:
    totals = dict(DEFAULT_WEIGHT_TOTALS)
    if raw is None:
        return totals
    if not isinstance(raw, dict):
        problems.append(Problem("weight_totals", "应是键值表，如 {department: 100, project: 90}"))
        return totals
    for key, value in raw.items():
        number = _decimal(value)
        if key not in totals:
            problems.append(Problem(f"weight_totals.{key}", "只能是 department（部门整体）或 project（项目）"))
        elif number is None or not Decimal(0) < number <= Decimal(100):
            problems.append(Problem(f"weight_totals.{key}", f"应是 0 到 100 之间的分值，不是“{value}”"))
        else:
            totals[key] = number
    return totals


def _entry(entry: Any, path: str, origin: str, problems: list[Problem]) -> LibraryIndicator | None:
    if not isinstance(entry, dict):
        problems.append(Problem(path, "应是键值表（name、level1、level2、unit_of_measure、direction、criteria、target）"))
        return None
    before = len(problems)
    problems += [Problem(f"{path}.{key}", "不认识的字段") for key in entry if key not in _ENTRY_KEYS]
    text = {key: str(entry.get(key) or "").strip() for key in _ENTRY_KEYS}
    for key in ("name", "level1", "level2", "direction", "criteria"):
        if not text[key]:
            problems.append(Problem(f"{path}.{key}", "缺少必填项"))
    level1, level2, direction = text["level1"], text["level2"], text["direction"]
    if level1 and level1 not in LEVEL2_OF:
        problems.append(Problem(f"{path}.level1", f"一级指标“{level1}”不在允许的范围内（可选：{'、'.join(LEVEL2_OF)}）"))
    elif level1 and level2 and level2 not in LEVEL2_OF[level1]:
        problems.append(Problem(f"{path}.level2", f"二级指标“{level2}”不属于{LEVEL1[level1]}"
                                                  f"（可选：{'、'.join(LEVEL2_OF[level1])}）"))
    if direction and direction not in DIRECTIONS:
        problems.append(Problem(f"{path}.direction", f"指标方向“{direction}”不在允许的范围内（可选：{'、'.join(DIRECTIONS)}）"))
    direction = operator_direction(text["target"]) or direction
    if direction in QUANTITATIVE:
        if not text["unit_of_measure"]:
            problems.append(Problem(f"{path}.unit_of_measure", "定量指标须写明计量单位"))
        if text["target"] and parse_quantity(text["target"]) is None:
            problems.append(Problem(f"{path}.target", f"定量指标的典型目标值“{text['target']}”不是数值"))
    if len(problems) > before:
        return None
    return LibraryIndicator(text["name"], level1, level2, text["unit_of_measure"], direction, text["criteria"],
                            text["target"], origin, text["definition"])


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def operator_direction(target: str | None) -> str:
    """The direction a target's operator states (`=100%` → exact, `≥95%` → higher_better, `≤5 日` → lower_better), as
    the engine scores it; "" for a plain number or words, whose direction only the entry can state. A library entry's
    target written with an operator fills the goal form's 方向 with what the operator says, whatever else it states."""
    quantity = parse_quantity(target)
    return direction_of(target) if quantity is not None and quantity.operator is not None else ""


def direction_of(target: str | None, stated: str | None = None) -> str:
    """The direction an indicator states, or the one its target implies (the scoring engine's inference)."""
    if stated in DIRECTIONS:
        return stated
    method = infer_method(Indicator(name="", level1="output", target=target or None))
    return method if method in DIRECTIONS else "qualitative"


def unit_of(indicator: Mapping[str, Any]) -> str:
    quantity = parse_quantity(indicator.get("target"))
    return str(indicator.get("unit_of_measure") or (quantity.unit if quantity else "") or "")


def indicators_of_document(document: Mapping[str, Any], origin: str) -> list[LibraryIndicator]:
    """The indicators of an evaluation (its department goals and its projects) or of a goal set, as library
    entries: what a department used before becomes what it can draw on."""
    found: list[LibraryIndicator] = []
    groups = [(g.get("name") or "", g.get("indicators") or []) for g in document.get("goals") or []]
    groups.append(("部门整体", document.get("indicators") or []))
    groups += [(p.get("name") or "", p.get("indicators") or []) for p in document.get("projects") or []]
    for where, indicators in groups:
        for indicator in indicators:
            if not isinstance(indicator, dict) or not indicator.get("name") or indicator.get("level1") not in LEVEL2_OF:
                continue  # a framework's 决策/过程 items are not goals' indicators
            target = str(indicator.get("target") or "")
            found.append(LibraryIndicator(
                str(indicator["name"]), indicator["level1"], str(indicator.get("level2") or ""), unit_of(indicator),
                direction_of(target, indicator.get("direction") or indicator.get("method")), "", target,
                f"{origin}·{where[:20]}" if where else origin))
    return found


# ------------------------------------------------------------------------------------------------------- search
@lru_cache(maxsize=32_768)
def _key(name: str) -> str:
    """Names compared without spaces, punctuation and a leading year (“2023 年劳动仲裁受理案件数”). Kept per name: a
    search compares the query with every name the library and the bureau's history offer (a few thousand, the same
    ones keystroke after keystroke), and these two substitutions were most of a search's time (issue 11)."""
    name = re.sub(r"^\s*(19|20)\d{2}\s*年(度)?", "", name)
    return re.sub(r"[\s，,。.、：:（）()“”\"'·-]", "", name)


OWN_ORIGIN = "本部门"  # how `indicators_of_document` origins of the department's own history start


def source_order(sector: str, common: str) -> Callable[[LibraryIndicator], int]:
    """Which suggestions come first: the department's own history, then its sector's file, then the common
    indicators, then other sectors and other departments (a 人社局 typing 满意 wants 农民工满意度, not 农户满意度)."""
    def order(entry: LibraryIndicator) -> int:
        if entry.origin.startswith(OWN_ORIGIN):
            return 0
        if sector and entry.origin == sector:
            return 1
        return 2 if entry.origin == common else 3
    return order


def search(candidates: Iterable[LibraryIndicator], query: str, *, level1: str = "", level2: str = "",
           limit: int = 12, order: Callable[[LibraryIndicator], int] | None = None,
           taken: Iterable[str] = ()) -> list[LibraryIndicator]:
    """The candidates that best match what is typed: whole query in the name first (names that are sentences after
    the others, then by `order` of their source, then start before middle, then shorter), then most of its
    characters; one entry per name (the first source given wins, so the caller orders sources by trust). Names the
    table already has (`taken`, compared as GOAL.REPEATED compares them) are not offered: taken again, they would
    be a repeated indicator."""
    wanted = _key(query)
    have = {repeat_key(name) for name in taken}
    scored: list[tuple[tuple[int, ...], LibraryIndicator]] = []
    seen: set[str] = set()
    for position, entry in enumerate(candidates):
        if (level1 and entry.level1 != level1) or (level2 and entry.level2 != level2):
            continue
        if have and repeat_key(entry.name) in have:
            continue
        key = _key(entry.name)
        if key in seen:
            continue
        rank = _rank(wanted, key, entry)
        if rank is not None:
            seen.add(key)
            source = order(entry) if order else 0
            scored.append(((int(rank > 1), int(sentence_like(entry.name)), source, rank, len(key), position), entry))
    scored.sort(key=lambda item: item[0])
    return [entry for _, entry in scored[:limit]]


SENTENCE_MARKS = "，。；！、"  # 、 lists several things in one name (…补贴、求职创业补贴、岗位补贴发放额)
LONGEST_NAME = 20  # characters of a name (spaces and punctuation not counted) beyond which it reads as a sentence


@lru_cache(maxsize=32_768)  # asked of every name a search finds, as `_key`
def sentence_like(name: str) -> bool:
    """An indicator named by a sentence (“加大劳动保障执法力度，增强……”) or a list: some reports write the goal where the
    indicator's name belongs. Such names stay suggested, after the short names an indicator should have (a
    measurable thing: 城镇新增就业人数), so that the suggestions do not carry the habit on."""
    return any(mark in name for mark in SENTENCE_MARKS) or len(_key(name)) > LONGEST_NAME


def _rank(wanted: str, key: str, entry: LibraryIndicator) -> int | None:
    if not wanted:
        return 3
    if key.startswith(wanted):
        return 0
    if wanted in key:
        return 1
    shared = sum(1 for char in set(wanted) if char in key)
    if len(wanted) >= 2 and shared * 3 >= len(set(wanted)) * 2:
        return 2
    return None


# ------------------------------------------------------------------------------------------------------- checks
# What each check of a goal set verifies, in words: users read these (as the evaluation's checks' titles); the code
# stays for the record and for people who cite it.
TITLES = {
    "GOAL.MEASURE": "定量指标须可衡量", "GOAL.UNIT": "定量指标须有计量单位", "GOAL.VAGUE": "指标值不得含糊",
    "GOAL.BELOW_LAST_YEAR": "目标值不低于上年实际", "GOAL.COST_AMOUNT": "成本指标须为金额",
    "GOAL.COST_BUDGET": "成本指标不超过申请预算", "GOAL.LEVELS": "须有产出和效益指标",
    "GOAL.WEIGHT_MISSING": "指标须有权重", "GOAL.WEIGHTS": "权重合计", "GOAL.TEXT": "须有年度绩效目标",
    "GOAL.BUDGET": "项目须有申请预算", "GOAL.OLD_YEAR": "名称和目标中的年份", "GOAL.REPEATED": "同一指标不重复填写",
    "GOAL.BUDGET_SCALE": "申请预算与上年预算的量级相符", "GOAL.UNIT_MISMATCH": "目标值单位与计量单位一致",
    "GOAL.PERCENT_FRACTION": "百分比指标值不写成小数",
}


@dataclass(frozen=True)
class GoalFinding:
    code: str
    severity: str  # error | warning | notice
    path: str  # in the goal set's document
    message: str  # what is wrong here
    explanation: str  # the rule, and what to do


@dataclass(frozen=True)
class PreviousValue:
    actual: str
    year: int
    where: str


def previous_actuals(document: Mapping[str, Any]) -> dict[str, PreviousValue]:
    """Last year's actual values from the department's evaluation of that year, by `project|indicator` name: the
    department's own goals under the empty project name, each project's under its name."""
    year = int(document.get("year") or 0)
    found: dict[str, PreviousValue] = {}
    groups = [("", g.get("name") or "", g.get("indicators") or []) for g in document.get("goals") or []]
    groups += [(p.get("name") or "", p.get("name") or "", p.get("indicators") or [])
               for p in document.get("projects") or []]
    for project, where, indicators in groups:
        for indicator in indicators:
            if isinstance(indicator, dict) and indicator.get("name") and indicator.get("actual"):
                found.setdefault(f"{_key(project)}|{_key(str(indicator['name']))}",
                                 PreviousValue(str(indicator["actual"]), year, where))
    return found


@dataclass(frozen=True)
class PreviousBudgets:
    """What last year's evaluation says the money was (万元): each project's budget by its name as `_key` compares it
    (“2023 年…” is the same project as “2024 年…”), and the department's whole budget with what that figure is."""

    year: int
    projects: Mapping[str, Decimal]
    department: Decimal | None = None
    department_label: str = ""


# The department's whole budget, as an evaluation may state it: the largest of these is taken, and the sum of its
# projects' budgets when that is larger. A department's budget total can leave out what its fund projects spend
# (seed 003: 2366.08 万元 in all, while its self-evaluation's projects add up to 21468.3, one of them 16800), so no one
# figure bounds a project: the largest does. An evaluation stating none has no whole budget (its projects' sum alone
# would make any project that grows beyond last year's others a finding).
_WHOLE_BUDGETS = (("budget.total", "部门预算总额"), ("execution", "部门整体自评表所列预算"),
                  ("budget.project_expenditure", "项目支出预算"), ("declared_totals.project_expenditure", "项目支出总额"))


def previous_budgets(document: Mapping[str, Any]) -> PreviousBudgets:
    """Last year's budgets from the department's evaluation of that year (its document as stored): each project's
    adjusted budget (else its initial one, which an evaluation started from approved goals holds), and the largest
    whole-department figure it states (or the sum of its projects' budgets, when larger)."""
    projects: dict[str, Decimal] = {}
    for project in document.get("projects") or []:
        if isinstance(project, dict) and project.get("name"):
            amount = _budget_of(project.get("budget"))
            if amount is not None:
                projects.setdefault(_key(str(project["name"])), amount)
    wholes = []
    for path, label in _WHOLE_BUDGETS:
        line = docpath.get(document, path)
        amount = _budget_of(line) if isinstance(line, dict) else _decimal(line)
        if amount is not None and amount > 0:
            wholes.append((amount, label))
    if projects and wholes:
        wholes.append((sum(projects.values(), Decimal(0)), "各项目预算合计"))
    department, label = max(wholes, key=lambda whole: whole[0]) if wholes else (None, "")
    return PreviousBudgets(int(document.get("year") or 0), projects, department, label)


def _budget_of(line: Any) -> Decimal | None:
    if not isinstance(line, dict):
        return None
    for key in ("budget_adjusted", "budget_initial"):
        amount = _decimal(line.get(key))
        if amount is not None and amount > 0:
            return amount
    return None


def check_budget_scale(project: Mapping[str, Any], path: str, subject: str,
                       last: PreviousBudgets | None) -> list[GoalFinding]:
    """A requested budget ten times last year's for the same project or more, or above the department's whole budget
    of last year: most often 元 typed into the 万元 field (200000 for 20 万元) or a digit too many, as EXECUTION.OVER
    and EXECUTION.LOW ask of an evaluation's figures (the same factor). A warning: a project can grow."""
    budget = _decimal(project.get("budget"))
    if last is None or budget is None or budget <= 0:
        return []
    said = []
    before = last.projects.get(_key(str(project.get("name") or "")))
    if implausibly_large(budget, before):
        said.append(f"是该项目 {last.year} 年预算 {fmt_plain(before)} 万元的 {fmt_plain(IMPLAUSIBLE_RATE)} 倍以上")
    if last.department is not None and budget > last.department:
        said.append(f"超过 {last.year} 年{last.department_label} {fmt_plain(last.department)} 万元")
    if not said:
        return []
    return [GoalFinding("GOAL.BUDGET_SCALE", "warning", path,
                        f"{subject}申请预算 {fmt_plain(budget)} 万元，{'，且'.join(said)}（{last.year} 年度自评所列）。",
                        f"申请预算以万元填写：请先核对{UNIT_SLIP}；确需大幅增加的，请在年度绩效目标中说明依据。")]


def check_measurable(indicator: Mapping[str, Any], path: str) -> list[GoalFinding]:
    """A quantitative indicator needs a number and a unit; a quantity indicator must be quantitative."""
    direction = direction_of(indicator.get("target"), indicator.get("direction"))
    target = parse_quantity(indicator.get("target"))
    name = indicator.get("name") or "（未命名）"
    why = "定量指标须有数值和计量单位，完成程度才能衡量；确属定性的，请把指标方向选为“定性”。"
    if direction in QUANTITATIVE and target is None:
        return [GoalFinding("GOAL.MEASURE", "error", f"{path}.target",
                            f"“{name}”是定量指标，目标值“{indicator.get('target') or '（空）'}”不是数值。", why)]
    if direction in QUANTITATIVE and not unit_of(indicator):
        return [GoalFinding("GOAL.UNIT", "error", f"{path}.unit_of_measure",
                            f"“{name}”的目标值“{indicator.get('target')}”没有计量单位。", why)]
    if indicator.get("level2") == "quantity" and direction == "qualitative":
        return [GoalFinding("GOAL.VAGUE", "error", f"{path}.target",
                            f"数量指标“{name}”的目标值“{indicator.get('target') or '（空）'}”不是数量。",
                            "数量指标应设定具体数量（如 ≥100 人），否则年底无法判断是否完成。")]
    return []


def check_unit_agrees(indicator: Mapping[str, Any], path: str) -> list[GoalFinding]:
    """A target written with a unit other than the indicator's own (计量单位 人, 目标值 ≥1800 例): one of the two is a
    slip, and at the year's end the actual is read against the target's unit, not the column's. Units the evaluation
    compares as one (`targets.comparable`: 万元 and 元, 万人 and 人, a bare 万) agree, as do % and ％ and a leading
    measure word 个 (个工作日, 工作日); a target or a column without a unit says nothing to compare."""
    target = parse_quantity(indicator.get("target"))
    stated = str(indicator.get("unit_of_measure") or "").strip()
    if target is None or not target.unit or not stated:
        return []
    if comparable(Quantity(None, Decimal(1), _unit_key(stated)), Quantity(None, Decimal(1), _unit_key(target.unit))):
        return []
    name = indicator.get("name") or "（未命名）"
    return [GoalFinding("GOAL.UNIT_MISMATCH", "warning", f"{path}.target",
                        f"“{name}”的计量单位是“{stated}”，目标值“{indicator.get('target')}”的单位却是“{target.unit}”。",
                        f"目标值应按计量单位填写（如 {target.operator or ''}{with_unit(fmt_plain(target.value), stated)}），或改正计量单位；"
                        "单位不一致时，年底的实际完成值无法与目标值比较。")]


def _unit_key(unit: str) -> str:
    """A unit as check_unit_agrees compares it: without spaces, ％ as %, without a leading measure word 个."""
    unit = "".join(unit.split()).replace("％", "%")
    return unit[1:] if len(unit) > 1 and unit.startswith("个") else unit


def check_against_last_year(indicator: Mapping[str, Any], path: str, previous: Mapping[str, PreviousValue],
                            project: str = "") -> list[GoalFinding]:
    """A target easier than what was already achieved last year (lower for ≥, higher for ≤), unless a reason is
    given: targets set low so that they are sure to be met are what reviewers of goals find most. The same indicator
    is the one of that name in the same project (`project`), or among the department's goals ("")."""
    last = previous.get(f"{_key(project)}|{_key(str(indicator.get('name') or ''))}")
    target = parse_quantity(indicator.get("target"))
    actual = parse_quantity(last.actual) if last else None
    direction = direction_of(indicator.get("target"), indicator.get("direction"))
    if last is None or target is None or actual is None or direction not in ("higher_better", "lower_better"):
        return []
    pair = comparable(_with_unit(target, indicator), actual)
    if pair is None:
        return []
    easier = pair[0] < pair[1] if direction == "higher_better" else pair[0] > pair[1]
    if not easier or str(indicator.get("reason") or "").strip():
        return []
    word = "低于" if direction == "higher_better" else "高于"
    return [GoalFinding("GOAL.BELOW_LAST_YEAR", "warning", f"{path}.target",
                        f"“{indicator.get('name')}”的目标值“{indicator.get('target')}”{word}上年实际完成值"
                        f"“{last.actual}”（{last.year} 年自评·{last.where[:20]}）。",
                        "目标值一般不应比上年已实际达到的更容易完成；确需调整的，请在“说明”栏写明理由。")]


def _with_unit(target: Quantity, indicator: Mapping[str, Any]) -> Quantity:
    unit = target.unit or str(indicator.get("unit_of_measure") or "")
    return Quantity(target.operator, target.value, unit)


def check_cost(indicator: Mapping[str, Any], path: str, budget: Decimal | None) -> list[GoalFinding]:
    """A cost indicator states an amount of money, within the budget requested."""
    if indicator.get("level2") != "cost":
        return []
    name = indicator.get("name") or "（未命名）"
    quantity = parse_quantity(indicator.get("target"))
    unit = unit_of(indicator)
    if quantity is None or unit not in MONEY_UNITS:
        return [GoalFinding("GOAL.COST_AMOUNT", "error", f"{path}.target",
                            f"成本指标“{name}”的目标值“{indicator.get('target') or '（空）'}”没有写明金额（元、万元）。",
                            "成本指标应写明控制的金额（如 ≤20 万元），并与申请的预算相符。")]
    _, factor = base_unit(unit)
    amount_wan = quantity.value * factor / Decimal(10000)
    if budget is not None and amount_wan > budget:
        return [GoalFinding("GOAL.COST_BUDGET", "warning", f"{path}.target",
                            f"成本指标“{name}”的金额 {fmt_plain(amount_wan)} 万元超过项目申请预算 {fmt_plain(budget)} 万元。",
                            "成本指标的金额应与申请的预算相符。")]
    return []


def check_levels(indicators: list[Mapping[str, Any]], path: str, subject: str) -> list[GoalFinding]:
    """Every goal has at least one output and one outcome indicator."""
    present = {i.get("level1") for i in indicators}
    missing = [LEVEL1[level] for level in ("output", "outcome") if level not in present]
    if not missing:
        return []
    return [GoalFinding("GOAL.LEVELS", "error", path, f"{subject}没有{'和'.join(missing)}。",
                        "每个绩效目标至少应有一个产出指标和一个效益指标，说明要交付什么、要达到什么效果。")]


def check_weights(indicators: list[Mapping[str, Any]], path: str, subject: str, total: Decimal) -> list[GoalFinding]:
    """The indicators' weights add up to what the scoring scheme leaves them (its total less budget execution)."""
    weights = [_decimal(i.get("weight")) for i in indicators]
    if not indicators:
        return []
    why = (f"指标权重合计应为 {fmt_plain(total)} 分（本部门自评所用评分方案的总分减去预算执行分值），"
           "否则年底无法按方案评分。")
    if any(w is None for w in weights):
        return [GoalFinding("GOAL.WEIGHT_MISSING", "error", path, f"{subject}有指标未填写权重（分值）。", why)]
    summed = sum(weights, Decimal(0))
    if summed == total:
        return []
    return [GoalFinding("GOAL.WEIGHTS", "error", path,
                        f"{subject}各指标权重合计 {fmt_plain(summed)} 分，应为 {fmt_plain(total)} 分。", why)]


def indicators_total(scheme: Scheme) -> Decimal:
    """What a scheme leaves the goal's indicators: its total weight less the budget execution item (湖北 100 − 20)."""
    return scheme.total_weight - (scheme.execution.weight if scheme.execution else Decimal(0))


def weight_totals_of(document: Mapping[str, Any], schemes: Mapping[str, Scheme],
                     fallback: Mapping[str, Decimal] = DEFAULT_WEIGHT_TOTALS) -> dict[str, Decimal]:
    """The indicator totals of the schemes the goal set names (`scheme` for the department, `project_scheme` for
    projects), each falling back to the library file's total when no scheme is named or known."""
    totals = dict(fallback)
    for part, key in (("department", "scheme"), ("project", "project_scheme")):
        scheme = schemes.get(str(document.get(key) or ""))
        if scheme is not None and indicators_total(scheme) > 0:  # a scheme without a total leaves the file's
            totals[part] = indicators_total(scheme)
    return totals


def check_text(goal: Any, path: str, subject: str) -> list[GoalFinding]:
    """Every goal states in words what the money is to achieve: the reviewer and the year-end report start there."""
    if str(goal or "").strip():
        return []
    return [GoalFinding("GOAL.TEXT", "error", path, f"{subject}没有填写年度绩效目标。",
                        "请用一两句话写明本年度要做成什么、达到什么效果，指标由此细化。")]


def check_budget(project: Mapping[str, Any], path: str, subject: str) -> list[GoalFinding]:
    """A project's goals are declared with the budget requested for it: cost indicators and review depend on it."""
    if _decimal(project.get("budget")) is not None:
        return []
    return [GoalFinding("GOAL.BUDGET", "error", path, f"{subject}没有填写申请预算。",
                        "绩效目标随预算一同申报，请填写该项目申请的预算金额（万元）。")]


def check_old_year(name: Any, path: str, year: int | None) -> list[GoalFinding]:
    """A name copied from an earlier year that still names it (“2023 年劳动仲裁受理案件数” in the 2024 goals, or in
    the 2027 goals), the year read as the evaluation reads it (core.carried_over)."""
    found = past_years(str(name or ""), year) if year else []
    return _old_year(found, path, year, f"名称“{name}”", "名称请确认是否")


def check_old_year_in_text(goal: Any, path: str, subject: str, year: int | None) -> list[GoalFinding]:
    """A goal's sentences carried from an earlier year that still say it (“2023 年完成城镇新增就业 1500 人” in the 2025
    goals); a year the sentence builds on (在 2023 年基础上, 较 2023 年) is kept."""
    found = past_years(str(goal or ""), year, TEXT_KEPT_AFTER) if year else []
    return _old_year(found, path, year, f"{subject}的年度绩效目标", "目标请确认其中的年份是否")


def _old_year(found: list[int], path: str, year: int | None, what: str, confirm: str) -> list[GoalFinding]:
    if not found or year is None:
        return []
    said = "、".join(str(y) for y in found)
    whence = "上年" if found == [year - 1] else "以往年度"
    return [GoalFinding("GOAL.OLD_YEAR", "warning", path, f"{what}仍写着 {said} 年：本目标为 {year} 年度。",
                        f"沿用{whence}的{confirm}应改为 {year} 年。")]


def repeat_key(name: Any) -> str:
    """An indicator's name as GOAL.REPEATED compares it: without its spaces (“服务对象 满意度” is “服务对象满意度”)."""
    return "".join(str(name or "").split())


def check_repeated(indicators: list[Mapping[str, Any]], prefix: str) -> list[GoalFinding]:
    """An indicator entered twice in one table (a suggestion taken again, a row copied): counted twice in the
    weights and scored twice at the year's end. Named at each repeat, with the row it repeats (the page says
    whose table and which row the finding is on)."""
    first: dict[str, int] = {}
    found = []
    for row, indicator in enumerate(indicators):
        name = repeat_key(indicator.get("name"))
        if not name:
            continue
        if name in first:
            found.append(GoalFinding(
                "GOAL.REPEATED", "warning", f"{prefix}indicators[{row}].name",
                f"指标“{indicator.get('name')}”与第 {first[name] + 1} 行重复。",
                "同一指标只应填写一次：重复的一行会重复计入权重，年底也会被重复计分；请删除或改为另一项指标。"))
        else:
            first[name] = row
    return found


def department_goals(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The department's annual goals of a goal set's document, each {"goal", "weight", "indicators"}: its `goals`, or
    for a document stored with one overall goal (`goal`, `indicators`), that one; [] when it states none."""
    goals = document.get("goals")
    if isinstance(goals, list):
        return [g for g in goals if isinstance(g, dict)]
    if document.get("goal") or document.get("indicators"):
        return [{"goal": document.get("goal") or "", "indicators": document.get("indicators") or []}]
    return []


def goal_subject(index: int, count: int) -> str:
    """A department goal as messages name it: 部门整体目标 when it is the only one, else 年度目标 2."""
    return "部门整体目标" if count == 1 else f"年度目标 {index + 1}"


def check_goal_weight(goal: Mapping[str, Any], prefix: str, subject: str) -> list[GoalFinding]:
    """A goal's own weight (分值, as its evaluation scores it) is what its indicators' weights add up to: the goal is
    scored by them, so one of the two was changed without the other."""
    stated = _decimal(goal.get("weight")) if str(goal.get("weight") or "").strip() else None
    weights = [_decimal(i.get("weight")) for i in goal.get("indicators") or []]
    if stated is None or not weights or any(w is None for w in weights):
        return []
    summed = sum(weights, Decimal(0))  # type: ignore[arg-type]
    if summed == stated:
        return []
    return [GoalFinding("GOAL.WEIGHTS", "error", f"{prefix}weight",
                        f"{subject}：分值 {fmt_plain(stated)} 分，其指标权重合计 {fmt_plain(summed)} 分。",
                        "年度目标的分值应等于其各项指标的权重之和：请改正分值或指标权重。")]


def check_percent_fraction(indicator: Mapping[str, Any], path: str) -> list[GoalFinding]:
    """A rate in % typed as a fraction (计量单位 %, 指标值 0.95): almost always 95% meant. Carried as it is, next
    year's 95% would be compared with 0.95% and the goal read as exceeded a hundredfold."""
    target = parse_quantity(indicator.get("target"))
    unit = _unit_key(target.unit if target is not None and target.unit else str(indicator.get("unit_of_measure") or ""))
    if target is None or unit != "%" or not percent_typed_as_fraction(target.value):  # not 1: 差错率≤1% is common
        return []
    meant = fmt_normalised(target.value * 100)
    name = indicator.get("name") or "（未命名）"
    return [GoalFinding("GOAL.PERCENT_FRACTION", "warning", f"{path}.target",
                        f"“{name}”的指标值 {fmt_plain(target.value)} 的单位是 %，是否应为 {meant}%？",
                        f"计量单位为 % 时，指标值应按百分数填写（如 {meant}%）；"
                        "按小数填写，年底的实际完成率会与 " + fmt_plain(target.value) + "% 比较。")]


def check_goal_set(document: Mapping[str, Any], previous: Mapping[str, PreviousValue],
                   weight_totals: Mapping[str, Decimal] = DEFAULT_WEIGHT_TOTALS,
                   year: int | None = None, budgets: PreviousBudgets | None = None) -> list[GoalFinding]:
    """Every check on a whole goal set of `year`: the department's goal, then each project's. `previous` and
    `budgets`: last year's actual values and budgets (`previous_actuals`, `previous_budgets` of its evaluation)."""
    goals = department_goals(document) or [{"goal": "", "indicators": []}]
    findings: list[GoalFinding] = []
    parts = []
    legacy = not isinstance(document.get("goals"), list)  # one overall goal: its paths are the document's own
    for index, goal in enumerate(goals):
        prefix, subject = "" if legacy else f"goals[{index}].", goal_subject(index, len(goals))
        findings += check_text(goal.get("goal"), f"{prefix}goal", subject)
        findings += check_old_year_in_text(goal.get("goal"), f"{prefix}goal", subject, year)
        findings += check_goal_weight(goal, prefix, subject)
        parts.append((prefix, subject, "", list(goal.get("indicators") or []), None, None))
    # the department's goals together: output and outcome present, weights adding up to the scheme's total
    together = [i for goal in goals for i in goal.get("indicators") or []]
    where = "indicators" if legacy else "goals[0].indicators" if len(goals) == 1 else "goals"
    findings += check_levels(together, where, "部门整体目标")
    findings += check_weights(together, where, "部门整体目标", weight_totals["department"])
    for index, project in enumerate(document.get("projects") or []):
        name = project.get("name") or f"第 {index + 1} 个项目"
        prefix, subject = f"projects[{index}].", f"项目“{name}”"
        findings += check_old_year(project.get("name"), f"{prefix}name", year)
        findings += check_text(project.get("goal"), f"{prefix}goal", subject)
        findings += check_old_year_in_text(project.get("goal"), f"{prefix}goal", subject, year)
        findings += check_budget(project, f"{prefix}budget", subject)
        findings += check_budget_scale(project, f"{prefix}budget", subject, budgets)
        parts.append((prefix, subject, str(project.get("name") or ""), project.get("indicators") or [],
                      _decimal(project.get("budget")) if project.get("budget") else None, weight_totals["project"]))
    for prefix, subject, project, indicators, budget, total in parts:
        if total is not None:  # a project's table; the department's goals were checked together above
            findings += check_levels(indicators, f"{prefix}indicators", subject)
            findings += check_weights(indicators, f"{prefix}indicators", subject, total)
        findings += check_repeated(indicators, prefix)
        for row, indicator in enumerate(indicators):
            path = f"{prefix}indicators[{row}]"
            findings += check_old_year(indicator.get("name"), f"{path}.name", year)
            findings += check_measurable(indicator, path)
            findings += check_unit_agrees(indicator, path)
            findings += check_percent_fraction(indicator, path)
            findings += check_cost(indicator, path, budget)
            findings += check_against_last_year(indicator, path, previous, project)
    return findings


def label_of_level(level1: str, level2: str) -> str:
    return f"{LEVEL1.get(level1, level1)}·{LEVEL2.get(level2, level2)}"


# ----------------------------------------------------------------------------------------------------- skeleton
_INDICATOR_FIELDS = ("name", "level1", "level2", "unit_of_measure", "target", "weight")
DEPARTMENT_GOAL_NAME = "部门整体绩效目标"  # the skeleton's goal name when the goal set states no goal text


_OPERATORS = {"higher_better": "≥", "lower_better": "≤", "exact": "="}


def _skeleton_indicator(indicator: Mapping[str, Any]) -> dict[str, Any]:
    """A goal's indicator as the self-evaluation holds it: no actual value, no score; the direction chosen becomes
    the scoring method, so that an exact target written without “=” is still scored as exact."""
    leaf = {key: indicator[key] for key in _INDICATOR_FIELDS if indicator.get(key) not in (None, "")}
    leaf["method"] = direction_of(indicator.get("target"), indicator.get("direction"))
    target = target_text(indicator.get("target"), str(indicator.get("unit_of_measure") or "").strip(), leaf["method"])
    if target:
        leaf["target"] = target
    return leaf


def target_text(target: Any, unit: str, direction: str) -> str:
    """A target as an evaluation's 指标值 is written, “≥95%”: the evaluation reads the unit from the target's text,
    so a bare number typed beside its 计量单位 (0.95 with %) takes the unit (and the direction's sign) with it;
    without them next year's actual 95% would be compared with 0.95."""
    text = str(target or "").strip()
    quantity = parse_quantity(text)
    if quantity is None or quantity.unit or not unit or direction not in _OPERATORS:
        return text
    return with_unit(text if quantity.operator else _OPERATORS[direction] + text, unit)


def evaluation_skeleton(goals: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """That year's self-evaluation started from approved goals: `base` (the department's figures carried from last
    year, without last year's values) with the department's annual goals as its goals (each with its text, weight
    and indicators) and each project with its goal, indicators and targets. Projects of `base` with the same name keep
    their other fields (unit, category …)."""
    document = {key: value for key, value in base.items() if key not in ("goals", "projects")}
    document.update({key: goals[key] for key in SCHEME_KEYS if goals.get(key)})
    stated = [g for g in department_goals(goals) if g.get("goal") or g.get("indicators")]
    carried = []
    for index, stated_goal in enumerate(stated):
        indicators = [_skeleton_indicator(i) for i in stated_goal.get("indicators") or []]
        stand_in = DEPARTMENT_GOAL_NAME if len(stated) == 1 else f"年度目标 {index + 1}"
        goal: dict[str, Any] = {"name": str(stated_goal.get("goal") or "").strip() or stand_in,
                                "indicators": indicators}
        weights = [_decimal(i.get("weight")) for i in indicators]
        if str(stated_goal.get("weight") or "").strip():
            goal["weight"] = str(stated_goal["weight"]).strip()
        elif indicators and all(w is not None for w in weights):
            goal["weight"] = fmt_plain(sum(weights, Decimal(0)))  # type: ignore[arg-type]
        carried.append(goal)
    if carried:
        document["goals"] = carried
    known = {p.get("name"): p for p in base.get("projects") or [] if isinstance(p, dict)}
    projects = []
    for project in goals.get("projects") or []:
        carried = known.get(project.get("name"), {})
        kept = {k: v for k, v in carried.items() if k not in ("goal", "indicators", "budget")}
        kept["name"] = project.get("name")
        if project.get("goal"):
            kept["goal"] = project["goal"]
        if project.get("budget"):
            kept["budget"] = {"budget_initial": project["budget"]}
        kept["indicators"] = [_skeleton_indicator(i) for i in project.get("indicators") or []]
        projects.append(kept)
    if projects:
        document["projects"] = projects
    return document
