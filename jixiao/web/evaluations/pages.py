"""The data-entry pages of an evaluation, in one registry: key, title, which evaluations have it, and the section it
edits. Tabs, URLs, the crawl and the view all read this list; a new page is a new entry, not a new `if`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from jixiao.core.errors import InputError
from jixiao.core.facts import known_facts
from jixiao.core.labels import BUDGET_CATEGORIES, LEVEL1, LEVEL2, METHODS, TIERS

from .fields import Field, Grid, Section, SurveyGrid, choice, count, money


class NoSuchPage(LookupError):
    pass


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    build: Callable[[dict, Any], Section | None]  # (stored document, scheme library) → the section, None: not here
    template: str = "evaluations/section.html"
    tab: bool = True
    # whether `build` gives a section for this document, asked without building it (the tabs ask it of every page
    # on every page drawn); None: build it to see
    present: Callable[[dict, Any], bool] | None = None


def library():
    from .services import library as shipped

    return shipped()


# --------------------------------------------------------------------------------------------------- columns
ROLE_CHOICES = {"leader": "组长", "member": "成员"}
CONTINUITY = {"continuing": "持续性项目", "new": "新增性项目"}
RECURRENCE = {"recurring": "常年性项目", "multi_year": "延续性项目", "one_off": "一次性项目"}
METHOD_CHOICES = {"": "按目标值推定", **METHODS}
METHOD_HELP = ("计分方法：定量正向（≥目标）达到满分、否则按 实际÷目标 计分；反向（≤目标）按 目标÷实际；定性三档按所选档次"
               "在区间内给分；留空则按年度指标值的写法推定（≥、≤、= 或文字）。")

INDICATOR_COLUMNS = (
    choice("level1", "一级指标", {k: LEVEL1[k] for k in ("output", "outcome", "satisfaction")}, "w-s", required=True),
    choice("level2", "二级指标", LEVEL2, "w-s"),
    Field("name", "三级指标", css="w-l", required=True, wrap=True),  # read whole at 1366, however long
    Field("target", "年度指标值", "quantity", css="w-m"),
    Field("actual", "实际完成值", "quantity", css="w-m"),
    Field("weight", "分值", "weight", "分", css="w-xs"),
    choice("method", "计分方法", METHOD_CHOICES, "w-s", help=METHOD_HELP),
    choice("tier", "定性档次", TIERS, "w-s"),
    Field("score", "得分", "score", "分", css="w-xs"),
    Field("deviation_reason", "偏差原因", css="w-m"),
)

BUDGET_LINE_LABELS = {"total": "支出合计", "basic_expenditure": "基本支出", "personnel_cost": "其中：人员经费",
                      "operating_cost": "其中：公用经费", "project_expenditure": "项目支出"}
THREE_PUBLIC_LABELS = {"overseas_travel": "因公出国（境）费", "vehicle_purchase": "公务用车购置费",
                       "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费", "total": "合计"}


def _budget_fields() -> tuple[Field, ...]:
    fields = []
    for line, label in BUDGET_LINE_LABELS.items():
        fields += [money(f"budget.{line}.budget_initial", f"{label}·年初预算数"),
                   money(f"budget.{line}.budget_adjusted", f"{label}·调整后预算数"),
                   money(f"budget.{line}.spent", f"{label}·决算数")]
    return tuple(fields) + (money("budget.balance", "结转结余"),)


def _three_public_fields() -> tuple[Field, ...]:
    fields = []
    for part, label in THREE_PUBLIC_LABELS.items():
        fields += [money(f"three_public_expenses.{part}.budget", f"{label}·预算数"),
                   money(f"three_public_expenses.{part}.spent", f"{label}·决算数"),
                   money(f"three_public_expenses.{part}.last_year", f"{label}·上年数")]
    return tuple(fields)


def scheme_choices(lib, applies_to: str) -> dict[str, str]:
    return {"": "（不评分）" if applies_to == "department" else "（默认：财政部 2020 年规则）",
            **{s.id: s.name for s in lib.schemes.values() if s.applies_to == applies_to}}


def scheme_help(lib, applies_to: str) -> str:
    from jixiao.core.explain import scheme_summary

    return "\n".join(f"{s.name}：{scheme_summary(s, lib)}" for s in lib.schemes.values() if s.applies_to == applies_to)


# ----------------------------------------------------------------------------------------------------- pages
def profile(document: dict, lib) -> Section:
    return Section("profile", "部门概况", groups=(
        ("基本信息", (
            Field("title", "报告标题", css="w-l"),
            Field("report_date", "报告日期", "date"),
            choice("scheme", "部门整体评分方案", scheme_choices(lib, "department"), help=scheme_help(lib, "department")),
            choice("project_scheme", "项目评分方案", scheme_choices(lib, "project"), help=scheme_help(lib, "project")),
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
            Field("name", "单位名称", css="w-l", required=True), Field("is_main", "本级", "bool", css="w-xs"),
            count("staff_authorized.total", "编制数"), count("staff_actual.total", "实有人数"))),
        Grid("group", "evaluation_group", "评价小组", (
            Field("name", "姓名", css="w-s", required=True), Field("title", "职务/职称", css="w-m"), Field("unit", "单位", css="w-m"),
            choice("role", "角色", ROLE_CHOICES, "w-s"))),
    ))


def finance(document: dict, lib) -> Section:
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


def goals(document: dict, lib) -> Section | None:
    """Every annual goal with its indicator grid, and one empty goal to add."""
    if _framework_scheme(document, lib) is not None:
        return None  # a framework scheme sets the department's indicators itself
    count_ = len(document.get("goals") or [])
    groups, grids = [], []
    for i in range(count_ + 1):
        title = f"年度目标 {i + 1}" if i < count_ else "新增年度目标（填写目标及其指标，保存即添加）"
        groups.append((title, (Field(f"goals[{i}].name", "目标", "longtext", css="w-xl"),
                               Field(f"goals[{i}].weight", "分值", "weight", "分", css="w-xs"))))
        grids.append(Grid(f"g{i}", f"goals[{i}].indicators", "绩效指标", INDICATOR_COLUMNS, scored=True))
    return Section("goals", "部门整体目标与指标", groups=tuple(groups), grids=tuple(grids), help=METHOD_HELP,
                   paired=True, rules=(_named_goals,))


def _named_goals(document: dict) -> list[tuple[str, str]]:
    """A goal with indicators needs its name: otherwise its indicators belong to nobody the table can show."""
    return [(f"goals[{i}].name", "请填写目标（或删去它的全部指标）")
            for i, goal in enumerate(document.get("goals") or [])
            if isinstance(goal, dict) and goal.get("indicators") and not (goal.get("name") or "").strip()]


def projects(document: dict, lib) -> Section:
    return Section("projects", "项目清单", grids=(
        Grid("projects", "projects", "项目", (
            # read whole at 1366 (a trial saw “劳动仲裁办案专项工作经…” cut in its input)
            Field("name", "项目名称", css="w-l", required=True, wrap=True), Field("implementing_unit", "实施单位", css="w-m"),
            choice("budget_category", "项目类别", BUDGET_CATEGORIES, "w-s"),
            choice("continuity", "项目属性", CONTINUITY, "w-s"), choice("recurrence", "项目类型", RECURRENCE, "w-s"),
            money("budget.budget_adjusted", "调整后预算"), money("budget.spent", "执行数")), row_page="project-{index}"),
    ))


def project(index: int) -> Callable[[dict, Any], Section | None]:
    def build(document: dict, lib) -> Section | None:
        if index >= len(document.get("projects") or []):
            return None
        base = f"projects[{index}]"
        name = (document["projects"][index] or {}).get("name") or f"项目 {index + 1}"
        return Section(f"project-{index}", f"项目自评表：{name}", groups=(
            ("项目信息", (
                Field(f"{base}.name", "项目名称", css="w-l", required=True),
                Field(f"{base}.implementing_unit", "实施单位", css="w-m"),
                choice(f"{base}.budget_category", "项目类别", BUDGET_CATEGORIES),
                choice(f"{base}.continuity", "项目属性", CONTINUITY), choice(f"{base}.recurrence", "项目类型", RECURRENCE),
                choice(f"{base}.scheme", "评分方案", scheme_choices(lib, "project"), help=scheme_help(lib, "project")),
                money(f"{base}.budget.budget_initial", "年初预算数"), money(f"{base}.budget.budget_adjusted", "全年预算数"),
                money(f"{base}.budget.spent", "全年执行数"),
                Field(f"{base}.goal", "年度总体目标", "longtext"))),
            ("偏差与改进", (
                Field(f"{base}.deviation_reason", "偏差大或目标未完成原因分析", "longtext"),
                Field(f"{base}.improvement", "改进措施及结果应用方案", "longtext"))),
            ("表中所列得分与等级（与按规则计算的结果核对；不填则以计算结果为准）", (
                Field(f"{base}.stated_execution_score", "所列预算执行得分", "score", "分", fill="project-execution"),
                Field(f"{base}.stated_score", "所列得分", "score", "分", fill="project-score"),
                Field(f"{base}.stated_grade", "所列等级", css="w-xs", max_length=10, fill="project-grade"))),
        ), grids=(Grid("ind", f"{base}.indicators", "年度绩效指标", INDICATOR_COLUMNS, scored=True),), help=METHOD_HELP)
    return build


SURVEY_COLUMNS = (
    Field("question", "题目", css="w-l"), Field("label", "选项", css="w-xs", required=True),
    Field("points", "分值", "weight", "分", css="w-xs"), count("count", "选择人数"),
    Field("satisfied", "计为满意", "bool", css="w-xs"),
)


def surveys(document: dict, lib) -> Section:
    count_ = len(document.get("surveys") or [])
    groups, grids = [], []
    for i in range(count_ + 1):
        groups.append((f"调查 {i + 1}" if i < count_ else "新增满意度调查（填写后保存即可添加）", (
            Field(f"surveys[{i}].id", "编号（指标引用）", css="w-s"), Field(f"surveys[{i}].title", "调查名称", css="w-l"),
            count(f"surveys[{i}].issued", "发放", "份"), count(f"surveys[{i}].returned", "收回", "份"),
            count(f"surveys[{i}].valid", "有效", "份"))))
        grids.append(SurveyGrid(f"s{i}", f"surveys[{i}].questions",
                                "题目与选项（每行一个选项，同一题目的行写相同题目）", SURVEY_COLUMNS))
    return Section("surveys", "满意度调查", groups=tuple(groups), grids=tuple(grids), paired=True,
                   help="编号供指标引用：满意度指标的计分方法选“满意度调查计分”时，按编号取该调查的得分。")


def conclusion(document: dict, lib) -> Section:
    return Section("conclusion", "偏差分析、问题与整改", fields=(
        Field("deviation_reason", "偏差大或目标未完成原因分析", "longtext"),
        Field("improvement", "改进措施及结果应用方案", "longtext"),
        Field("problems", "存在的问题和原因", "longtext"),
        Field("measures", "下一步改进措施", "longtext"),
    ), groups=(("表中所列得分与等级（与按规则计算的结果核对；不填则以计算结果为准）", (
        Field("stated_execution_score", "所列预算执行得分", "score", "分", fill="execution"),
        Field("stated_score", "所列得分", "score", "分", fill="score"),
        Field("stated_grade", "所列评价等级", css="w-xs", max_length=10, fill="grade"))),))


def statements(document: dict, lib) -> Section:
    return Section("statements", "所列数字核对", grids=(
        Grid("st", "statements", "报告中所列的数字（每条都与数据核对；改正或删除有误的）", (
            Field("fact", "事项", "fact", choices=tuple(known_facts().items()), css="w-xl", required=True,
                  help="从列表中选择所列数字是什么（如“部门整体支出预算执行率（%）”），或填写数据中的位置。"),
            Field("value", "所列数值（单位见右）", "signed", css="w-s", required=True),
            # the place and the quoted words read whole (a trial saw “第三部分 五（三）1.（第 23” cut at 1366)
            Field("unit", "单位", css="w-xs"), Field("where", "位置", css="w-m", wrap=True),
            Field("text", "原文", css="w-l", wrap=True))),
    ))


def _framework_scheme(document: dict, lib):
    scheme_id = document.get("scheme")
    if not scheme_id:
        return None
    try:
        scheme = lib.scheme(scheme_id)
    except InputError:
        return None
    return scheme if scheme.framework else None


def framework(document: dict, lib) -> Section | None:
    from .framework import framework_section

    scheme = _framework_scheme(document, lib)
    return None if scheme is None else framework_section(scheme)


def _always(document: dict, lib) -> bool:
    return True


def _with_framework(document: dict, lib) -> bool:
    return _framework_scheme(document, lib) is not None


def _without_framework(document: dict, lib) -> bool:
    return _framework_scheme(document, lib) is None


PAGES: tuple[Page, ...] = (
    Page("framework", "评价指标框架", framework, template="evaluations/framework.html", present=_with_framework),
    Page("profile", "部门概况", profile, present=_always),
    Page("finance", "预算、收支与资产", finance, present=_always),
    Page("goals", "部门整体目标与指标", goals, present=_without_framework),
    Page("projects", "项目清单", projects, present=_always),
    Page("surveys", "满意度调查", surveys, present=_always),
    Page("conclusion", "偏差分析、问题与整改", conclusion, present=_always),
    Page("statements", "所列数字核对", statements, present=_always),
)
_PROJECT_KEY = re.compile(r"project-(\d{1,5})")


def page(document: dict, key: str, lib=None) -> tuple[Page, Section]:
    """The page `key` of this document and its section; NoSuchPage when the document has no such page."""
    lib = lib or library()
    found = next((p for p in PAGES if p.key == key), None)
    if found is None and (match := _PROJECT_KEY.fullmatch(key)):
        found = Page(key, "项目自评表", project(int(match[1])), tab=False)
    section = found.build(document, lib) if found else None
    if found is None or section is None:
        raise NoSuchPage(key)
    return found, section


def tabs(document: dict, lib=None) -> dict[str, str]:
    """key → title of the pages this document has, in order."""
    lib = lib or library()
    return {p.key: p.title for p in PAGES
            if p.tab and (p.build(document, lib) is not None if p.present is None else p.present(document, lib))}


# Where each part of the document is entered: a finding about it links there.
_PAGE_OF = {
    "department": "profile", "evaluation_group": "profile", "title": "profile", "report_date": "profile",
    "scheme": "profile", "project_scheme": "profile",
    "budget": "finance", "execution": "finance", "declared_totals": "finance", "income": "finance",
    "three_public_expenses": "finance", "running_cost": "finance", "procurement": "finance",
    "fixed_assets": "finance", "goals": "goals", "indicators": "framework", "surveys": "surveys",
    "statements": "statements", "stated_score": "conclusion", "stated_grade": "conclusion",
    "stated_execution_score": "conclusion", "deviation_reason": "conclusion", "improvement": "conclusion",
    "problems": "conclusion", "measures": "conclusion",
}


def page_for(path: str, document: dict) -> str | None:
    """The key of the page where what `path` points at is entered, or None (e.g. dates read from a report's text)."""
    from jixiao.core import docpath

    if path.startswith("framework:"):
        return "framework"
    try:
        steps = docpath.parse(path)
    except docpath.PathError:
        return None
    if steps[0] == "projects":
        index = docpath.index_in(path, "projects")
        return "projects" if index is None else f"project-{index}"
    key = _PAGE_OF.get(str(steps[0]))
    if key == "goals" and document.get("scheme") and _framework_scheme(document, library()) is not None:
        return "framework"
    return key
