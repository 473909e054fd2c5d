"""The data-entry pages, declared as data: which fields of the evaluation document each page edits, with the label,
the unit shown beside the input and how typed text is read. One generic parser and one set of templates serve every
page, so that every field of the core's model can be entered without a hand-written form per table.

Typed text is read here (numbers, dates, choices) with a Chinese message for the cell that is wrong; everything the
user typed is kept for the page to show again. Meaning (scores, checks) is the core's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from jixiao.core.labels import BUDGET_CATEGORIES, LEVEL1, LEVEL2, METHODS, TIERS
from jixiao.core.money import parse_decimal

from .services import _get, _set

YES = {"on", "true", "1", "是", "yes"}


@dataclass(frozen=True)
class Field:
    path: str  # in the document, or in a grid row
    label: str
    kind: str = "text"  # text | longtext | money | decimal | int | date | choice | bool
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    css: str = ""

    def read(self, raw: str | None) -> tuple[Any, str | None]:
        """(value for the document, error in Chinese or None)."""
        text = (raw or "").strip()
        if self.kind == "bool":
            return (text.lower() in YES) if text else None, None
        if self.kind == "tristate":  # 达到 / 未达到 / not yet judged
            return {"true": True, "false": False}.get(text), None
        if not text:
            return None, None
        if self.kind in ("money", "decimal"):
            value = parse_decimal(text.rstrip("%").replace("万元", "").replace("元", ""))
            if value is None:
                return None, f"请输入数字（如 1209.14），不是“{text}”"
            return f"{value:f}", None
        if self.kind == "int":
            if not re.fullmatch(r"-?\d+", text.replace(",", "")):
                return None, f"请输入整数，不是“{text}”"
            return int(text.replace(",", "")), None
        if self.kind == "date":
            try:
                return dt.date.fromisoformat(text).isoformat(), None
            except ValueError:
                return None, f"请按 2024-03-20 的格式填写日期，不是“{text}”"
        if self.kind == "choice":
            allowed = {value for value, _ in self.choices}
            by_label = {label: value for value, label in self.choices}
            if text in allowed:
                return text, None
            if text in by_label:  # pasted from a sheet that shows the Chinese label
                return by_label[text], None
            return None, f"请从列表中选择，不是“{text}”"
        return text, None

    def show(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "bool":
            return "on" if value else ""
        if self.kind == "tristate":
            return "true" if value else "false"
        return str(value)


def money(path: str, label: str) -> Field:
    return Field(path, label, "money", "万元")


def count(path: str, label: str, unit: str = "人") -> Field:
    return Field(path, label, "int", unit)


def choice(path: str, label: str, options: dict[str, str], css: str = "") -> Field:
    return Field(path, label, "choice", choices=tuple(options.items()), css=css)


@dataclass(frozen=True)
class Grid:
    """A list in the document edited as a table; each row keeps the fields the table does not show."""

    name: str  # form prefix
    path: str  # the list in the document, e.g. department.units
    label: str
    columns: tuple[Field, ...]
    scored: bool = False  # indicator grids show each row's score and findings


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...] = ()
    grids: tuple[Grid, ...] = ()
    groups: tuple[tuple[str, tuple[Field, ...]], ...] = ()  # fields shown under sub-headings

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return self.fields + tuple(f for _, fs in self.groups for f in fs)

    @property
    def edited(self) -> list[str]:
        if self.key == "framework":
            return ["indicators"]
        return [f.path for f in self.all_fields] + [g.path for g in self.grids]


# --------------------------------------------------------------------------------------------------- columns
ROLE_CHOICES = {"leader": "组长", "member": "成员"}
CONTINUITY = {"continuing": "持续性项目", "new": "新增性项目"}
RECURRENCE = {"recurring": "常年性项目", "multi_year": "延续性项目", "one_off": "一次性项目"}
METHOD_CHOICES = {"": "按目标值推定", **METHODS}

INDICATOR_COLUMNS = (
    choice("level1", "一级指标", {k: LEVEL1[k] for k in ("output", "outcome", "satisfaction")}, "w-s"),
    choice("level2", "二级指标", LEVEL2, "w-s"),
    Field("name", "三级指标", css="w-l"),
    Field("target", "年度指标值", css="w-m"),
    Field("actual", "实际完成值", css="w-m"),
    Field("weight", "分值", "decimal", "分", css="w-xs"),
    choice("method", "计分方法", METHOD_CHOICES, "w-s"),
    choice("tier", "定性档次", TIERS, "w-s"),
    Field("score", "评价人给分", "decimal", "分", css="w-xs"),
    Field("deviation_reason", "偏差原因", css="w-m"),
)

BUDGET_LINE_LABELS = {"total": "支出合计", "basic_expenditure": "基本支出", "personnel_cost": "其中：人员经费",
                      "operating_cost": "其中：公用经费", "project_expenditure": "项目支出"}


def _budget_fields() -> tuple[Field, ...]:
    fields = []
    for line, label in BUDGET_LINE_LABELS.items():
        fields += [money(f"budget.{line}.budget_initial", f"{label}·年初预算数"),
                   money(f"budget.{line}.budget_adjusted", f"{label}·调整后预算数"),
                   money(f"budget.{line}.spent", f"{label}·决算数")]
    return tuple(fields) + (money("budget.balance", "结转结余"),)


def _three_public_fields() -> tuple[Field, ...]:
    parts = {"overseas_travel": "因公出国（境）费", "vehicle_purchase": "公务用车购置费",
             "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费", "total": "合计"}
    fields = []
    for part, label in parts.items():
        fields += [money(f"three_public_expenses.{part}.budget", f"{label}·预算数"),
                   money(f"three_public_expenses.{part}.spent", f"{label}·决算数"),
                   money(f"three_public_expenses.{part}.last_year", f"{label}·上年数")]
    return tuple(fields)


def scheme_choices(applies_to: str) -> dict[str, str]:
    from .services import library

    return {"": "（不评分）" if applies_to == "department" else "（默认：财政部 2020 年规则）",
            **{s.id: s.name for s in library().schemes.values() if s.applies_to == applies_to}}


def profile_section() -> Section:
    return Section("profile", "部门概况", groups=(
        ("基本信息", (
            Field("title", "报告标题", css="w-l"),
            Field("report_date", "报告日期", "date"),
            choice("scheme", "部门整体评分方案", scheme_choices("department")),
            choice("project_scheme", "项目评分方案", scheme_choices("project")),
            Field("department.code", "预算编码"),
            Field("department.contact", "联系人"),
            Field("department.contact_phone", "联系电话"),
            Field("department.preparer", "填报人"),
            count("department.internal_divisions", "内设机构", "个"),
            count("department.retirees", "离退休人员"),
        )),
        ("人员编制", (
            count("department.staff_authorized.total", "编制数"),
            count("department.staff_authorized.administrative", "其中：行政编制"),
            count("department.staff_authorized.institutional", "其中：事业编制"),
            count("department.staff_actual.total", "实有人数"),
            count("department.staff_actual.administrative", "其中：行政"),
            count("department.staff_actual.institutional", "其中：事业"),
            count("department.staff_actual.other", "其中：工勤及其他"),
        )),
        ("职能职责", (Field("department.duties", "职能职责概述", "longtext"),)),
    ), grids=(
        Grid("units", "department.units", "预算单位及人员", (
            Field("name", "单位名称", css="w-l"), Field("is_main", "本级", "bool", css="w-xs"),
            count("staff_authorized.total", "编制数"), count("staff_actual.total", "实有人数"))),
        Grid("group", "evaluation_group", "评价小组", (
            Field("name", "姓名", css="w-s"), Field("title", "职务/职称", css="w-m"), Field("unit", "单位", css="w-m"),
            choice("role", "角色", ROLE_CHOICES, "w-s"))),
    ))


def finance_section() -> Section:
    return Section("finance", "预算、收支与资产", groups=(
        ("预算执行（部门决算）", _budget_fields()),
        ("自评表执行率口径（不填则按支出合计）", (
            money("execution.budget_adjusted", "预算数"), money("execution.spent", "执行数"),
            money("declared_totals.basic_expenditure", "自评表基本支出总额"),
            money("declared_totals.project_expenditure", "自评表项目支出总额"))),
        ("收入", (
            money("income.total", "收入合计"), money("income.carried_over", "上年结转"),
            money("income.fiscal_appropriation", "财政拨款收入"), money("income.general_public", "其中：一般公共预算"),
            money("income.government_fund", "其中：政府性基金预算"), money("income.state_capital", "其中：国有资本经营预算"),
            money("income.superior_subsidy", "上级补助收入"), money("income.service_income", "事业收入"),
            money("income.business_income", "经营收入"), money("income.affiliate_remittance", "附属单位上缴收入"),
            money("income.other_income", "其他收入"))),
        ("“三公”经费", _three_public_fields()),
        ("机关运行经费与政府采购", (
            money("running_cost.budget_initial", "机关运行经费·年初预算数"), money("running_cost.spent", "机关运行经费·决算数"),
            money("procurement.budget", "政府采购·预算数"), money("procurement.spent", "政府采购·实际数"))),
        ("固定资产", (
            choice("fixed_assets.currency_unit", "金额单位", {"万元": "万元", "元": "元"}),
            Field("fixed_assets.total", "固定资产合计", "money"), Field("fixed_assets.in_use", "在用", "money"),
            Field("fixed_assets.leased", "出租", "money"), Field("fixed_assets.other", "其他", "money"))),
    ))


def goals_section(goal_count: int) -> Section:
    """Every annual goal with its indicator grid, and one empty goal to add."""
    groups = []
    grids = []
    for i in range(goal_count + 1):
        groups.append((f"年度目标 {i + 1}" if i < goal_count else "新增年度目标", (
            Field(f"goals[{i}].name", "目标", css="w-xl"), Field(f"goals[{i}].weight", "分值", "decimal", "分"))))
        grids.append(Grid(f"g{i}", f"goals[{i}].indicators", f"年度目标 {i + 1} 的绩效指标", INDICATOR_COLUMNS, scored=True))
    return Section("goals", "部门整体目标与指标", groups=tuple(groups), grids=tuple(grids))


def projects_section() -> Section:
    return Section("projects", "项目清单", grids=(
        Grid("projects", "projects", "项目", (
            Field("name", "项目名称", css="w-l"), Field("implementing_unit", "实施单位", css="w-m"),
            choice("budget_category", "项目类别", BUDGET_CATEGORIES, "w-s"),
            choice("continuity", "项目属性", CONTINUITY, "w-s"), choice("recurrence", "项目类型", RECURRENCE, "w-s"),
            money("budget.budget_adjusted", "调整后预算"), money("budget.spent", "执行数"))),
    ))


def project_section(index: int) -> Section:
    base = f"projects[{index}]"
    return Section(f"project-{index}", "项目自评表", groups=(
        ("项目信息", (
            Field(f"{base}.name", "项目名称", css="w-l"), Field(f"{base}.implementing_unit", "实施单位", css="w-m"),
            choice(f"{base}.budget_category", "项目类别", BUDGET_CATEGORIES),
            choice(f"{base}.continuity", "项目属性", CONTINUITY), choice(f"{base}.recurrence", "项目类型", RECURRENCE),
            choice(f"{base}.scheme", "评分方案", scheme_choices("project")),
            money(f"{base}.budget.budget_initial", "年初预算数"), money(f"{base}.budget.budget_adjusted", "全年预算数"),
            money(f"{base}.budget.spent", "全年执行数"),
            Field(f"{base}.goal", "年度总体目标", "longtext"))),
        ("偏差与改进", (
            Field(f"{base}.deviation_reason", "偏差大或目标未完成原因分析", "longtext"),
            Field(f"{base}.improvement", "改进措施及结果应用方案", "longtext"))),
        ("表中所列得分与等级（与按规则计算的结果核对；不填则以计算结果为准）", (
            Field(f"{base}.stated_execution_score", "所列预算执行得分", "decimal", "分"),
            Field(f"{base}.stated_score", "所列总分", "decimal", "分"),
            Field(f"{base}.stated_grade", "所列等级", css="w-xs"))),
    ), grids=(Grid("ind", f"{base}.indicators", "年度绩效指标", INDICATOR_COLUMNS, scored=True),))


def conclusion_section() -> Section:
    return Section("conclusion", "偏差分析、问题与整改", fields=(
        Field("deviation_reason", "偏差大或目标未完成原因分析", "longtext"),
        Field("improvement", "改进措施及结果应用方案", "longtext"),
        Field("problems", "存在的问题和原因", "longtext"),
        Field("measures", "下一步改进措施", "longtext"),
    ), groups=(("表中所列得分与等级（与按规则计算的结果核对；不填则以计算结果为准）", (
        Field("stated_execution_score", "所列预算执行得分", "decimal", "分"),
        Field("stated_score", "所列综合得分", "decimal", "分"),
        Field("stated_grade", "所列评价等级", css="w-xs"))),))


def statements_section() -> Section:
    return Section("statements", "所列数字核对", grids=(
        Grid("st", "statements", "报告中所列的数字（每条都与数据核对；改正或删除有误的）", (
            Field("fact", "事项（代码或路径）", css="w-l"), Field("value", "所列数值（单位见右）", "decimal", css="w-s"),
            Field("unit", "单位", css="w-xs"), Field("where", "位置", css="w-m"), Field("text", "原文", css="w-l"))),
    ))


SURVEY_COLUMNS = (
    Field("question", "题目", css="w-l"), Field("label", "选项", css="w-xs"),
    Field("points", "分值", "decimal", "分", css="w-xs"), count("count", "选择人数"), Field("satisfied", "计为满意", "bool", css="w-xs"),
)


def survey_section(survey_count: int) -> Section:
    groups, grids = [], []
    for i in range(survey_count + 1):
        groups.append((f"调查 {i + 1}" if i < survey_count else "新增满意度调查", (
            Field(f"surveys[{i}].id", "编号（指标引用）", css="w-s"), Field(f"surveys[{i}].title", "调查名称", css="w-l"),
            count(f"surveys[{i}].issued", "发放", "份"), count(f"surveys[{i}].returned", "收回", "份"),
            count(f"surveys[{i}].valid", "有效", "份"))))
        grids.append(Grid(f"s{i}", f"surveys[{i}].questions", "题目与选项（每行一个选项，同一题目的行写相同题目）", SURVEY_COLUMNS))
    return Section("surveys", "满意度调查", groups=tuple(groups), grids=tuple(grids))


# ------------------------------------------------------------------------------------------------- reading
@dataclass
class Cell:
    field: Field
    name: str
    value: str
    error: str | None = None


@dataclass
class GridRows:
    grid: Grid
    rows: list[list[Cell]]
    origins: list[str]  # the row's index in the stored list, '' for a new row
    row_paths: list[str] = field(default_factory=list)
    client_indices: list[int] = field(default_factory=list)  # the row numbers the browser used


@dataclass
class Page:
    section: Section
    document: dict  # the stored document with this page's values applied (where they could be read)
    cells: dict[str, Cell]
    grids: list[GridRows]
    errors: int = 0


def cell_name(path: str) -> str:
    return "f-" + path


def read_page(section: Section, stored: dict, post: Any | None) -> Page:
    """The page's cells from the stored document (post None) or from what the user posted."""
    import copy

    document = copy.deepcopy(stored)
    cells: dict[str, Cell] = {}
    errors = 0
    for f in section.all_fields:
        name = cell_name(f.path)
        if post is None:
            cells[f.path] = Cell(f, name, f.show(_get(stored, f.path)))
            continue
        if name not in post and f.kind != "bool":
            # not on the posted form (an older page, a partial post): keep what is stored, never clear it
            cells[f.path] = Cell(f, name, f.show(_get(stored, f.path)))
            continue
        raw = post.get(name, "")
        value, error = f.read(raw)
        cells[f.path] = Cell(f, name, raw, error)
        if error:
            errors += 1
        else:
            _set(document, f.path, value)
    grids = []
    for grid in section.grids:
        rows, grid_errors = _read_grid(grid, document, stored, post)
        errors += grid_errors
        grids.append(rows)
    _drop_empty_items(document, section)
    return Page(section, document, cells, grids, errors)


def _read_grid(grid: Grid, document: dict, stored: dict, post: Any | None) -> tuple[GridRows, int]:
    existing = _get(stored, grid.path) or []
    if grid.columns is SURVEY_COLUMNS:
        existing = _survey_rows(existing)
    if post is None:
        rows = [[Cell(c, f"{grid.name}-{i}-{c.path}", c.show(_get(row, c.path))) for c in grid.columns]
                for i, row in enumerate(existing)]
        origins = [str(i) for i in range(len(existing))]
        indices = list(range(len(existing)))
        return GridRows(grid, rows, origins, [f"{grid.path}[{i}]" for i in indices], indices), 0
    try:
        count = min(int(post.get(f"{grid.name}-rows", "0")), 2000)
    except ValueError:
        count = 0
    rows, origins, values, indices, errors = [], [], [], [], 0
    for i in range(count):
        raw = [post.get(f"{grid.name}-{i}-{c.path}", "") for c in grid.columns]
        if not any(r.strip() for r in raw):
            continue  # an emptied row is a deleted row
        origin = post.get(f"{grid.name}-{i}-origin", "")
        base = existing[int(origin)] if origin.isdigit() and int(origin) < len(existing) else {}
        import copy

        row_value = copy.deepcopy(base) if grid.columns is not SURVEY_COLUMNS else {}
        row_cells = []
        for column, text in zip(grid.columns, raw):
            value, error = column.read(text)
            row_cells.append(Cell(column, f"{grid.name}-{len(rows)}-{column.path}", text, error))
            if error:
                errors += 1
            else:
                _set(row_value, column.path, value)
        rows.append(row_cells)
        origins.append(origin)
        values.append(row_value)
        indices.append(i)
    if grid.columns is SURVEY_COLUMNS:
        _set(document, grid.path, _survey_questions(values))
    else:
        _set(document, grid.path, values)
    return GridRows(grid, rows, origins, [f"{grid.path}[{i}]" for i in range(len(rows))], indices), errors


def _survey_rows(questions: list[dict]) -> list[dict]:
    return [{"question": q.get("text"), **option} for q in questions for option in q.get("options", [])]


def _survey_questions(rows: list[dict]) -> list[dict]:
    questions: list[dict] = []
    for row in rows:
        text = row.pop("question", None) or (questions[-1]["text"] if questions else "（未命名题目）")
        if not questions or questions[-1]["text"] != text:
            questions.append({"text": text, "options": []})
        row.setdefault("label", "")
        row.setdefault("points", "0")
        questions[-1]["options"].append(row)
    return questions


def _drop_empty_items(document: dict, section: Section) -> None:
    """The empty 'new goal' and 'new survey' blocks add nothing unless something was typed into them."""
    for key in ("goals", "surveys"):
        items = document.get(key)
        if isinstance(items, list):
            document[key] = [item for item in items if isinstance(item, dict) and any(
                v not in (None, "", []) for k, v in item.items())]
            if not document[key]:
                document.pop(key)
    for key in ("goals", "surveys"):
        for item in document.get(key, []):
            if key == "goals" and not item.get("name"):
                item["name"] = "（未命名目标）"
            if key == "surveys" and not item.get("id"):
                item["id"] = f"survey{document[key].index(item) + 1}"


# ------------------------------------------------------------------------------------------------ frameworks


@dataclass(frozen=True)
class FrameworkLeaf:
    index: int
    spec: Any  # jixiao.core.scheme.FrameworkNode
    fields: tuple[Field, ...]


def framework_leaves(scheme) -> list[tuple[Any, Any]]:
    """(level-1 node, leaf) in the framework's order."""
    found = []

    def walk(node, top):
        if node.children:
            for child in node.children:
                walk(child, top)
        else:
            found.append((top, node))

    for top in scheme.framework:
        walk(top, top)
    return found


def align_framework(document: dict, scheme) -> dict:
    """The document with exactly one answer per framework leaf, in the framework's order, carrying over what was
    entered before (matched by code): the scheme sets the indicators, their weights and methods."""
    import copy

    aligned = copy.deepcopy(document)
    previous = {a.get("code"): a for a in document.get("indicators", []) if isinstance(a, dict)}
    answers = []
    for top, leaf in framework_leaves(scheme):
        answer = {k: v for k, v in previous.get(leaf.code, {}).items()
                  if k in ("score", "reason", "tier", "survey", "target", "actual", "deviation_reason")}
        old_criteria = previous.get(leaf.code, {}).get("criteria", [])
        answer.update(code=leaf.code, name=leaf.name, level1=top.key or top.code)
        if leaf.criteria:
            answer["criteria"] = [{"text": c.text, **({"met": old_criteria[k]["met"]} if k < len(old_criteria)
                                   and old_criteria[k].get("met") is not None else {})}
                                  for k, c in enumerate(leaf.criteria)]
        answers.append(answer)
    aligned["indicators"] = answers
    return aligned


def framework_section(scheme) -> tuple[Section, list[tuple[str, list[FrameworkLeaf]]]]:
    groups: list[tuple[str, list[FrameworkLeaf]]] = []
    all_fields: list[Field] = []
    index = 0

    def leaf_fields(j: int, leaf) -> tuple[Field, ...]:
        base = f"indicators[{j}]"
        if leaf.method == "checklist":
            return tuple(Field(f"{base}.criteria[{k}].met", f"{c.text}（{c.points} 分）", "tristate") for k, c in enumerate(leaf.criteria))
        if leaf.method in ("judgement", "qualitative"):
            fields = [Field(f"{base}.score", "得分", "decimal", f"/ {leaf.weight} 分"), Field(f"{base}.reason", "评分理由", css="w-xl")]
            if leaf.method == "qualitative":
                fields.insert(0, choice(f"{base}.tier", "档次", TIERS))
            return tuple(fields)
        if leaf.method == "survey":
            return (Field(f"{base}.survey", "满意度调查编号", css="w-s"),)
        return ()  # thresholds: computed from the department's figures

    for top in scheme.framework:
        for middle in (top.children or [top]):
            leaves = []
            for leaf in (middle.children or [middle]) if middle.children else [middle]:
                fields = leaf_fields(index, leaf)
                leaves.append(FrameworkLeaf(index, leaf, fields))
                all_fields.extend(fields)
                index += 1
            groups.append((f"{top.code} {top.name} › {middle.code} {middle.name}（{middle.weight} 分）", leaves))
    section = Section("framework", f"评价指标（{scheme.name}）", fields=tuple(all_fields))
    return section, groups
