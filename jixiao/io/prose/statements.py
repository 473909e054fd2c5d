"""Mentions that name one fact of the core unambiguously, as core Statements, and the figures the prose states for
the evaluated year as data in the shape of `jixiao.core.build.evaluation_from_data`.

A figure becomes a statement only when its subject, year and scope are all certain: "本年年初预算安排 X 万元，上年
年初预算安排 Y 万元" gives this year's initial budget and a mention of last year's, never one fact stated twice. A
stated rate keeps its operands in its mention, so the checks can recompute it."""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.core.model import Statement
from jixiao.io.layout.model import Source

from .mentions import Mention

BUDGET_FIELDS = {"年初预算": "budget_initial", "调整预算": "budget_adjusted", "决算": "spent", "执行": "spent"}
# a budget line's 预算数 said neither initial nor adjusted (预算数 X 万元，决算数 Y 万元) is the budget its spending is
# measured against: the adjusted one, as in the final accounts' 预算数 column
LINE_FIELDS = {**BUDGET_FIELDS, "预算": "budget_adjusted"}
THREE_PUBLIC_FIELDS = {"年初预算": "budget", "调整预算": "budget", "预算": "budget", "决算": "spent", "执行": "spent"}
RATE_FACTS = {"execution_rate": "execution_rate", "completion_of_initial": "completion_of_initial"}
# the noun may carry how the number is fixed: 核定编制38名，实有在职人员36人; and when it is counted: 年末实有在职人员
# The subject may be the department in its own words (我局, 局机关及下属事业单位) and the count's date its year's end
# (2022年末); a kind of post right after 核定 (核定事业编制58名) is the whole when no other kind is named beside it.
STAFF_CLAUSE = re.compile(r"(?:^|[，,：:；;。])\s*(?:单位|部门|本单位|本部门|全局|局机关|机关|"
                          r"[我本](?:局|委|厅|办|院|中心|单位)|"
                          r"[\u4e00-\u9fff]{0,8}?(?:及|和)(?:下属|所属)[\u4e00-\u9fff]{0,4}单位)?"
                          r"(?:(?:\d{4}\s*年\s*)?(?:年末|年底|末|底)|期末)?"
                          r"(?:(?:核定|批复|核批)(?:行政|事业|参公)?|现有|实有)?"
                          r"(?:人员编制|编制数?|实有人数|实有人员|现有人员|实有|在职人员|在职人数)\s*(?:为|是|共|数)?\s*$")
# 实有人数 counting the retired too, broken down 其中在职人员 X 人，退休人员 Y 人: the staff is the 在职 part
IN_POST_AFTER = re.compile(r"^[，,]\s*其中[:：]?\s*在职(?:人员|人数)")
IN_POST_PART = re.compile(r"(?:实有|现有)(?:人数|人员)\s*\d+\s*人[，,]\s*其中[:：]?\s*在职(?:人员|人数)\s*$")
OTHER_BODY = re.compile(r"[\u4e00-\u9fff]{2,}(?:中心|所|站|院|队|馆)")
MODEL_FIGURE = re.compile(r"^(?:budget\.\w+\.(?:budget_initial|budget_adjusted|spent|last_year)|"
                          r"three_public_expenses\.\w+\.(?:budget|spent|last_year)|income\.\w+|"
                          r"department\.staff_(?:authorized|actual)\.total|"
                          r"running_cost\.(?:budget_initial|budget_adjusted|spent)|procurement\.(?:budget|spent))$")


def _previous_base(base: str, year: int) -> bool:
    return "上年" in base or "去年" in base or str(year - 1) in base or "同比" in base


BASE_RIGHT_BEFORE = re.compile(r"(?:比|较)(?:上年度?|去年)(?:的|同期)?\s*$")


def _money_fact(m: Mention, year: int) -> str | None:
    c = m.comparison
    if c is not None and c.kind == "change" and m.year in (year, None) and _previous_base(c.base, year) \
            and m.path.startswith("three_public_expenses."):
        return f"{m.path}.change"  # 比上年减少2.5万元: the change the checks recompute from this and last year
    if c is not None or m.year is None:
        return None
    if m.path.startswith("budget."):
        field = LINE_FIELDS.get(m.scope)
        if m.year == year and field:
            return f"{m.path}.{field}"
        if m.year == year - 1 and field == "spent":
            return f"{m.path}.last_year"
    if m.path.startswith("running_cost"):
        field = BUDGET_FIELDS.get(m.scope)
        return f"running_cost.{field}" if m.year == year and field else None
    if m.path.startswith(("three_public_expenses.", "procurement")):
        field = THREE_PUBLIC_FIELDS.get(m.scope)
        if not m.scope and m.year == year - 1 and BASE_RIGHT_BEFORE.search(m.text[:m.start]):
            field = "spent"  # 公务接待费比上年6.85万元下降: a year's spending is compared with last year's spending
        if m.year == year and field:
            return f"{m.path}.{field}"
        if m.year == year - 1 and field == "spent":
            return f"{m.path}.last_year"
    if m.path.startswith("income.") and m.year == year:
        return m.path
    return None


def _rate_fact(m: Mention, year: int) -> str | None:
    c = m.comparison
    if m.path == "projects.excellent_share":
        return m.path
    if c is None or m.year not in (year, None) or not m.path:
        return None
    if c.kind in RATE_FACTS and m.path.startswith("budget.") and m.year == year:
        return f"{m.path}.{RATE_FACTS[c.kind]}"
    # a change against last year is this year's unless a qualifier names another year (增长9.73%, after 比上年的 X)
    if c.kind == "change_rate" and m.year in (year, None) and _previous_base(c.base, year):
        if m.path.startswith("three_public_expenses."):
            return f"{m.path}.change_rate"
        scope = m.scope or next((o.scope for o in c.operands if o.scope), "")  # the scope of what it compares
        if m.path.startswith("budget.") and scope in ("决算", "执行"):
            return f"{m.path}.change_rate"
    own_line = {"budget.basic_expenditure": "基本支出", "budget.project_expenditure": "项目支出"}.get(m.path)
    # 占…项目支出总额的100%: a share of the line itself (how much of it was evaluated), not of the whole spending
    if c.kind == "share" and m.year == year and own_line and "支出" in c.base and own_line not in c.base:
        return f"budget.spent_share.{m.path.split('.')[1]}"
    return None


def _count_fact(m: Mention) -> str | None:
    if m.path.startswith("department.staff_") and m.unit == "人":
        before, after = m.text[:m.start], m.text[m.start + len(m.written):]
        continuation = re.match(r"^[\u4e00-\u9fff]{1,2}[，,]", m.text)  # "名，在职人员 9 人": a line cut from its start
        if IN_POST_AFTER.match(after):
            return None  # 实有人数138人，其中在职人员112人，退休人员26人: the staff are the 在职 part, not the whole
        if (STAFF_CLAUSE.search(before) or IN_POST_PART.search(before)) and not OTHER_BODY.search(before) \
                and not continuation:
            return m.path
    if m.path == "projects.count" and m.unit == "个" and \
            re.search(r"(?:项目支出共计|涉及项目|实施项目|项目个数)[^，。；,]{0,4}$", m.text[:m.start]):
        return m.path  # the count right after its noun, not a later 3个项目 of the same sentence
    return None


BROKEN_START = re.compile(r"^(?:万元|亿元|元|名|人|个|%|分|年度?)[，,、；;]")


def fact_of(m: Mention, year: int | None) -> str | None:
    if year is None or BROKEN_START.match(m.text):
        return None  # "万元，本年收入 0 万元": a line cut from the start of its sentence, whose subject it lost
    if m.unit == "万元":
        return _money_fact(m, year)
    if m.unit == "%":
        return _rate_fact(m, year)
    return _count_fact(m)


PROJECT_FIELDS = ("budget_initial", "budget_adjusted", "spent")


def for_project(key: str | None, several: bool = False) -> str | None:
    """In a project's report the budget the prose states is the project's: budget.total.spent → projects[0].budget.spent;
    the department's own lines and rates are not stated there. A report on a unit's projects together (项目支出绩效
    单位自评报告: 实施项目共9个…) states their budget, the unit's project expenditure: budget.project_expenditure.spent."""
    field = key.rsplit(".", 1)[1] if key else ""
    if key and key.startswith(("budget.total.", "budget.project_expenditure.")) and field in PROJECT_FIELDS:
        if several:
            return "budget.project_expenditure." + field
        if key.startswith("budget.total."):
            return "projects[0].budget." + field
    if key == "budget.total.execution_rate" and not several:
        return "projects[0].budget.execution_rate"
    return None if key and key.startswith("budget.") else key


def _this_project(m: Mention, year: int | None) -> str | None:
    """本项目年初预算 X 万元，…实际支出 Y 万元，预算执行率 Z% in the report on one project: that project's figures."""
    if m.path != "projects.item" or m.year != year:
        return None
    if m.comparison is not None:
        return "projects[0].budget.execution_rate" if m.comparison.kind == "execution_rate" else None
    field = BUDGET_FIELDS.get(m.scope)
    return f"projects[0].budget.{field}" if m.unit == "万元" and field else None


def several_projects(mentions: list[Mention], year: int | None) -> bool:
    """The text counts the projects it reports on (实施项目共9个) and they are more than one."""
    return any(fact_of(m, year) == "projects.count" and m.value > 1 for m in mentions)


def _counted_projects(mentions: list[Mention]) -> dict[str, int]:
    """Each sentence that counts more than one project (text → where its first such count starts), built once so
    that `_projects_together` looks a sentence up instead of scanning every mention for every figure."""
    first: dict[str, int] = {}
    for o in mentions:
        if o.path == "projects.count" and o.value > 1 and o.start < first.get(o.text, o.start + 1):
            first[o.text] = o.start
    return first


def _projects_together(m: Mention, counted_projects: dict[str, int], year: int | None) -> str | None:
    """项目预算 X 万元 in a sentence that counts the projects (年初批复6个项目…，调整预算后项目预算 X 万元) is the budget of
    those projects together — the project expenditure's — not one project's (1、A 项目：项目预算数 X 万元)."""
    field = BUDGET_FIELDS.get(m.scope)
    if m.path != "projects.item" or m.comparison is not None or m.year != year or field is None:
        return None
    counted = counted_projects.get(m.text, m.start) < m.start
    return f"budget.project_expenditure.{field}" if counted else None


# a sentence counting the projects it speaks of (纳入自评范围的项目共 5 个, 实施了 6 个项目), then a budget said of
# no one (全年预算数 X 万元): the budget of those projects, the project expenditure, not the department's whole
PROJECTS_COUNTED = re.compile(r"项目(?:共计|合计|共)?\s*\d+\s*个|\d+\s*个(?:支出)?项目")
NAMES_THE_WHOLE = re.compile(r"部门|整体|单位|合计|总|基本支出|全局|机关")


def _of_the_counted_projects(m: Mention, key: str | None) -> str | None:
    if key is None or not key.startswith("budget.total."):
        return key
    before = m.text[:m.start]
    counted = list(PROJECTS_COUNTED.finditer(before))
    if counted and not NAMES_THE_WHOLE.search(before[counted[-1].end():]):
        return "budget.project_expenditure." + key.removeprefix("budget.total.")
    return key


def fact_keys(mentions: list[Mention], year: int | None, project_report: bool = False) -> list[str | None]:
    """The fact each mention states, in the report's own terms (a project's report states its project's budget)."""
    several = project_report and several_projects(mentions, year)
    keys = []
    counted_projects = _counted_projects(mentions)
    for m in mentions:
        key = fact_of(m, year) or (_projects_together(m, counted_projects, year) if year is not None else None)
        if project_report and key is None and not several:
            keys.append(_this_project(m, year))
            continue
        keys.append(for_project(key, several) if project_report else _of_the_counted_projects(m, key))
    return keys


def statements(mentions: list[Mention], year: int | None, project_report: bool = False) -> list[Statement]:
    found = []
    for m, key in zip(mentions, fact_keys(mentions, year, project_report)):
        if key:
            value = -m.value if key.endswith(("change_rate", ".change")) and m.comparison and m.comparison.direction < 0 \
                else m.value  # 下降16% is −16 as the fact computes it
            found.append(Statement(fact=key, value=value, unit=m.unit, where=str(m.where), text=m.text))
    return found


def _put(data: dict, path: str, value) -> None:
    keys = path.split(".")
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def budget_data(found: list[Statement], sources: dict[str, Source], where: dict[str, Source]) -> dict:
    """The figures of the model the prose states, each where all its statements agree (a conflict is the checks'
    to report, not the reader's to settle)."""
    values: dict[str, set[Decimal]] = {}
    for s in found:
        if MODEL_FIGURE.match(s.fact):  # figures of the model, not the rates and changes computed from them
            values.setdefault(s.fact, set()).add(s.value)
    data: dict = {}
    for key, seen in values.items():
        if len(seen) != 1:
            continue
        value = next(iter(seen))
        if key.startswith("department."):
            _put(data, key, int(value))
        else:
            _put(data, key, str(value))
        sources[key] = where[key]
    return data
