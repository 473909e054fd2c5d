"""Facts from the text of a self-evaluation report, and an Evaluation built from them.

Every pattern here comes from the conventions of the documents (FORMATS.md): section numbering, “万元”, “得分”,
“等级”, “执行率 …%”, table headers such as 项目名称 / 自评得分 / 自评等级, the self-evaluation table's rows
(数量指标 … 年初目标值 实际完成值 得分). None depends on a particular department's names or figures.

A figure the report states once becomes data; every figure it states becomes a Statement, so that the checks compare
each with the data and with each other. Every fact keeps the lines it came from and how sure the extractor is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.core.build import evaluation_from_data
from jixiao.core.errors import InputError
from jixiao.core.model import Evaluation

from .text_source import Paragraph, SourceText, tidy

NUMBER = r"[-+]?\d[\d,]*(?:\.\d+)?"
GRADES = ("优秀", "良好", "一般", "较差", "优", "良", "中", "差")
GRADE = "|".join(GRADES)
LEVEL2_LABELS = {"数量": "quantity", "质量": "quality", "时效": "timeliness", "成本": "cost", "社会效益": "social",
                 "经济效益": "economic", "生态效益": "ecological", "可持续影响": "sustainability",
                 "可持续性影响": "sustainability", "满意度": "beneficiary_satisfaction"}
LEVEL1_OF = {"quantity": "output", "quality": "output", "timeliness": "output", "cost": "output", "social": "outcome",
             "economic": "outcome", "ecological": "outcome", "sustainability": "outcome",
             "beneficiary_satisfaction": "satisfaction"}
UNIT_WORDS = re.compile(r"^(?:万?人次?|例|份|个|次|件|户|家|笔|本|场|天|日|月底前|年底前|万元?|元|亿元|%|名|项|期|套|台|辆|元/人)$")


def number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


@dataclass
class Fact:
    key: str  # what it is: a document path (budget.total.spent), a fact key, or a label (year, department)
    value: Any
    where: str  # 第 9 行 / 第 9–11 行
    text: str  # the words it was read from
    confidence: float  # 0–1


@dataclass
class Extraction:
    evaluation: Evaluation
    facts: list[Fact]
    missing: list[str]  # what a careful reader looks for and the extractor did not find
    source: SourceText
    data: dict = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)  # document path → where in the source


class _Builder:
    def __init__(self, source: SourceText):
        self.source = source
        self.data: dict[str, Any] = {"department": {}, "statements": [], "stated_years": [], "stated_dates": []}
        self.facts: list[Fact] = []
        self.set_paths: set[str] = set()
        self.places: dict[str, str] = {}  # where an item was read that no fact names by its path (a unit's staff)

    def fact(self, key: str, value: Any, paragraph: Paragraph, text: str, confidence: float) -> None:
        self.facts.append(Fact(key, value, paragraph.where, text[:120], confidence))

    def set(self, path: str, value: Any, paragraph: Paragraph, text: str, confidence: float = 0.9,
            state: str | None = None, unit: str = "") -> None:
        """Record a figure: the first time as data, every time as a statement (when it names a checkable fact)."""
        if path not in self.set_paths:
            self.set_paths.add(path)
            _put(self.data, path, str(value) if isinstance(value, Decimal) else value)
        self.fact(path, value, paragraph, text, confidence)
        if state and isinstance(value, Decimal):
            self.state(state, value, paragraph, text, unit)

    def state(self, fact: str, value: Decimal, paragraph: Paragraph, text: str, unit: str = "") -> None:
        self.data["statements"].append({"fact": fact, "value": str(value), "unit": unit, "where": paragraph.where,
                                        "text": text[:80]})
        self.fact(fact, value, paragraph, text, 0.85)


def _put(data: dict, path: str, value: Any) -> None:
    steps = path.split(".")
    for step in steps[:-1]:
        data = data.setdefault(step, {})
    data[steps[-1]] = value


# ------------------------------------------------------------------------------------------------ extraction
def extract(source: SourceText) -> Extraction:
    builder = _Builder(source)
    for step in (_identity, _dates, _budget, _declared_totals, _income, _three_public, _staff, _project_list,
                 _project_sentences, _project_items, _grade_summary, _score_and_grade, _tables, _form_tables, _problems,
                 _narrative_figures):
        step(builder)
    data = builder.data
    data.setdefault("year", 0)
    locations = {fact.key: fact.where for fact in reversed(builder.facts)} | builder.places
    for g, goal in enumerate(data.get("goals", [])):
        for i, indicator in enumerate(goal.get("indicators", [])):
            locations[f"goals[{g}].indicators[{i}]"] = indicator.pop("_where", "")
    for p, project in enumerate(data.get("projects", [])):
        locations[f"projects[{p}]"] = project.pop("_where", "")
        for i, indicator in enumerate(project.get("indicators", [])):
            locations[f"projects[{p}].indicators[{i}]"] = indicator.pop("_where", "")
    missing = [label for key, label in (("year", "评价年度"), ("department.name", "部门名称"), ("budget", "预算执行数据"),
                                        ("stated_score", "综合得分"), ("stated_grade", "评价等级"))
               if _get(data, key) in (None, 0, {})]
    if not data["department"].get("name"):
        data["department"]["name"] = "（未识别的部门）"
    for key in ("statements", "stated_years", "stated_dates"):
        if not data[key]:
            data.pop(key)
    try:
        evaluation = evaluation_from_data(data, source.name)
    except InputError as error:  # an extractor bug must not hide the report's facts: say what broke
        raise InputError(error.problems, f"{source.name}（提取结果）") from None
    return Extraction(evaluation, builder.facts, missing, source, data, {k: v for k, v in locations.items() if v})


def _get(data: dict, path: str) -> Any:
    for step in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data


# ------------------------------------------------------------------------------------------- who and when
_NAMED = re.compile(r"(?:部门（单位）名称|单位名称|部门名称)[:：]?\s*(?P<name>[\u4e00-\u9fff（）]{4,40})")
_ORG_END = re.compile(r".*(?:局|委员会|办公室|中心|院|厅|所|站|馆|队|委|办)")
_TITLE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{3,40}?(?:局|委员会|委|办公室|中心|院|厅|部|所|站|会|馆|队))\s*(?P<year>20\d{2})\s*年度")
_YEAR_TITLE = re.compile(r"(20\d{2})\s*年度(?:[^。，；]{0,30}?)(?:自评(?:工作)?报告|自评表|评价报告|绩效自评|绩效评价)")


def _identity(b: _Builder) -> None:
    counts: dict[int, int] = {}
    for paragraph in b.source.paragraphs:
        for year in re.findall(r"(20\d{2})\s*年度", paragraph.text) if "年度" in paragraph.text else ():
            counts[int(year)] = counts.get(int(year), 0) + 1
    if counts:
        year = max(counts, key=lambda y: (counts[y], y))
        b.data["year"] = year
        b.facts.append(Fact("year", year, "全文", f"“{year}年度”出现 {counts[year]} 次", min(0.99, 0.5 + counts[year] / 20)))
    for paragraph in b.source.paragraphs:
        named = _NAMED.search(paragraph.text)
        organisation = _ORG_END.match(named["name"]) if named else None
        if organisation:  # the longest run ending like an organisation's name (…保障局, not …社会)
            b.data["department"]["name"] = organisation.group(0)
            b.fact("department.name", organisation.group(0), paragraph, named.group(0), 0.95)
            break
    else:
        for paragraph in b.source.paragraphs[:40]:
            titled = _TITLE.search(paragraph.text)
            if titled:
                name = titled["name"][: len(titled["name"]) // 2] if _doubled(titled["name"]) else titled["name"]
                b.data["department"]["name"] = name  # a cover line joined to the title repeats the name
                b.fact("department.name", name, paragraph, titled.group(0), 0.8)
                break
    for paragraph in b.source.paragraphs:
        for match in _YEAR_TITLE.finditer(paragraph.text):
            if len(paragraph.text) <= 80 or match.start() < 60:
                b.data["stated_years"].append({"year": int(match[1]), "where": paragraph.where, "text": match.group(0)[:60]})
                b.fact("stated_year", int(match[1]), paragraph, match.group(0), 0.8)


def _doubled(text: str) -> bool:
    half = len(text) // 2
    return half > 4 and text[:half] == text[half: 2 * half]


_DATE = r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"


def _dates(b: _Builder) -> None:
    rules = (("report", re.compile(r"报告日期[:：]?\s*" + _DATE)), ("table", re.compile(r"填报日期[:：]?\s*" + _DATE)),
             ("as_of", re.compile(r"截[止至]\s*" + _DATE)), ("report", re.compile(r"于\s*" + _DATE + r"[，,]?\s*(?:圆满)?完成")),
             ("report", re.compile(r"(?:^|(?<=[局委办院心府会]))\s*" + _DATE + r"\s*$")))  # a dated signature
    seen: set[tuple[str, str]] = set()
    for paragraph in b.source.paragraphs:
        # a date needs 年, 月 and 日: most paragraphs hold none, and each rule would be tried at every character
        for kind, rule in rules if "日" in paragraph.text and "月" in paragraph.text else ():
            for match in rule.finditer(paragraph.text):
                try:
                    import datetime as dt

                    date = dt.date(int(match[1]), int(match[2]), int(match[3]))
                except ValueError:
                    continue
                if (kind, paragraph.where) in seen:
                    continue
                seen.add((kind, paragraph.where))
                b.data["stated_dates"].append({"kind": kind, "date": date.isoformat(), "where": paragraph.where,
                                               "text": match.group(0)[:60]})
                b.fact(f"date.{kind}", date, paragraph, match.group(0), 0.9)
        year_end = re.search(r"截至\s*(20\d{2})\s*年底", paragraph.text) if "截至" in paragraph.text else None
        if year_end:
            b.data["stated_dates"].append({"kind": "as_of", "date": f"{year_end[1]}-12-31", "where": paragraph.where,
                                           "text": year_end.group(0)})
            b.fact("date.as_of", f"{year_end[1]}-12-31", paragraph, year_end.group(0), 0.9)


# ---------------------------------------------------------------------------------------------------- budget
_BUDGET_FIELDS = (
    ("budget_initial", re.compile(r"(?:年初预算(?:安排|数)?|批复部门预算)(?:为)?\s*(" + NUMBER + r")\s*万元")),
    ("budget_adjusted", re.compile(r"调整后预算数?(?:为)?\s*(" + NUMBER + r")\s*万元")),
    ("spent", re.compile(r"(?:决算数|支出决算为|决算支出|(?<!项目)总支出)\s*(" + NUMBER + r")\s*万元")),
)
_EXECUTION = re.compile(r"(?:实际)?支出率达?\s*(" + NUMBER + r")\s*%")
_COMPLETION = re.compile(r"完成年初预算的\s*(" + NUMBER + r")\s*%")
_CHANGE = re.compile(r"(?:收、支总计|支出合计)各?(增加|减少)\s*(" + NUMBER + r")\s*万元，(?:增长|下降)\s*(" + NUMBER + r")\s*%")
_SHARE = re.compile(r"(基本支出|项目支出)\s*(" + NUMBER + r")\s*万元，占本年支出(?:合计的)?\s*(" + NUMBER + r")\s*%")


_NOT_BUDGET = re.compile(r"三公|公务|出国|接待|运行费|采购|机关运行")
# 上年年初预算安排 X 万元, 2022年决算数 X 万元 in a 2023 report: the figure of the year before, not this year's
_PREVIOUS_YEAR = re.compile(r"(?:上年度?|上一年度?|去年|((?:19|20)\d{2})\s*年度?)\s*$")


def _of_another_year(before: str, year: Any) -> bool:
    found = _PREVIOUS_YEAR.search(before)
    if not found:
        return False
    return found.group(1) is None or (isinstance(year, int) and int(found.group(1)) != year)


def _budget_line(text: str) -> str:
    cuts = [i for i in (text.find(word) for word in ("预算", "决算", "执行数")) if i >= 0]
    head = text[: min(cuts) + 2] if cuts else text  # what the sentence speaks of comes before its first figure
    if "项目支出" in head or re.search(r"项目支出共计", text):
        return "project_expenditure"
    if "基本支出" in head:
        return "basic_expenditure"
    return "total"


def _sentence_at(text: str, at: int) -> str:
    """The sentence holding offset `at`: a paragraph of several sentences (…全年执行数 X 万元。其中项目支出调整后预算 Y
    万元) speaks of the total in the first and of a part in the second."""
    start = max(text.rfind(mark, 0, at) for mark in "。；;") + 1
    ends = [i for i in (text.find(mark, at) for mark in "。；;") if i >= 0]
    return text[start:min(ends)] if ends else text[start:]


# built once: _budget runs them on every paragraph
_PERSONNEL = re.compile(r"(?:工资福利支出|人员经费)\s*(" + NUMBER + r")\s*万元")
_OPERATING = re.compile(r"(?:一般商品和服务支出|公用经费)\s*(" + NUMBER + r")\s*万元")
_PROJECT_SPENT = re.compile(r"项目支出\s*(" + NUMBER + r")\s*万元")


def _budget(b: _Builder) -> None:
    for paragraph in b.source.paragraphs:
        text = paragraph.text
        if "万元" not in text and "%" not in text:  # every pattern below reads a figure in 万元 or a rate
            continue
        if "\t" in text or re.match(r"^\d+[、.]\s*[^：:]{2,40}[：:]\s*项目全年预算数", text) or "“三公”" in text[:20]:
            continue
        line = _budget_line(text)
        for field_name, pattern in _BUDGET_FIELDS:
            for match in pattern.finditer(text):
                if _NOT_BUDGET.search(text[max(0, match.start() - 25): match.start()]):
                    continue  # 三公, procurement and running-cost figures are not the budget's
                if _of_another_year(text[:match.start()], b.data.get("year")):
                    continue
                value = number(match[1])
                line = _budget_line(_sentence_at(text, match.start()))
                b.set(f"budget.{line}.{field_name}", value, paragraph, text[max(0, match.start() - 20): match.end()],
                      state=f"budget.{line}.{field_name}", unit="万元")
        for match in _EXECUTION.finditer(text):
            b.state(f"budget.{line}.execution_rate", number(match[1]), paragraph, match.group(0), "%")
        for match in _COMPLETION.finditer(text):
            if "“三公”" not in text and "公务" not in text[: match.start()][-30:]:
                b.state("budget.total.completion_of_initial", number(match[1]), paragraph, match.group(0), "%")
        change = _CHANGE.search(text)
        if change and _get(b.data, "budget.total.spent") and not _get(b.data, "budget.total.last_year"):
            spent = Decimal(_get(b.data, "budget.total.spent"))
            amount = number(change[2]) * (1 if change[1] == "增加" else -1)
            b.set("budget.total.last_year", spent - amount, paragraph, change.group(0), 0.7)
            b.state("budget.total.change_rate", number(change[3]) * (1 if change[1] == "增加" else -1), paragraph,
                    change.group(0), "%")
        for match in _SHARE.finditer(text):
            key = "basic_expenditure" if match[1] == "基本支出" else "project_expenditure"
            b.set(f"budget.{key}.spent", number(match[2]), paragraph, match.group(0))
            b.state(f"budget.spent_share.{key}", number(match[3]), paragraph, match.group(0), "%")
        personnel = _PERSONNEL.search(text)
        operating = _OPERATING.search(text)
        project = _PROJECT_SPENT.search(text)
        if personnel and operating and ("其中" in text):
            b.set("budget.personnel_cost.spent", number(personnel[1]), paragraph, personnel.group(0), 0.75)
            b.set("budget.operating_cost.spent", number(operating[1]), paragraph, operating.group(0), 0.75)
            if project:
                b.set("budget.project_expenditure.spent", number(project[1]), paragraph, project.group(0), 0.75)


def _declared_totals(b: _Builder) -> None:
    """A self-evaluation table's header: 基本支出总额 … 项目支出总额 …"""
    for paragraph in b.source.paragraphs:
        match = re.search(r"基本支出总额\s*(" + NUMBER + r")\s*项目支出总额\s*(" + NUMBER + r")", paragraph.text)
        if match:
            b.set("declared_totals.basic_expenditure", number(match[1]), paragraph, match.group(0), 0.85)
            b.set("declared_totals.project_expenditure", number(match[2]), paragraph, match.group(0), 0.85)
            return


def _income(b: _Builder) -> None:
    for paragraph in b.source.paragraphs:
        # each pattern only on paragraphs holding its words (a pattern opening with a lookbehind is tried everywhere)
        total = re.search(r"(?:决算总收入|(?<!预算)收入合计)\s*(" + NUMBER + r")\s*万元", paragraph.text) \
            if "收入" in paragraph.text else None
        if total:
            b.set("income.total", number(total[1]), paragraph, total.group(0), 0.8, state="income.total", unit="万元")
        appropriation = re.search(r"(?:其中[:：]?)?财政拨款(?:收入)?\s*(" + NUMBER + r")\s*万元", paragraph.text) \
            if total and "财政拨款" in paragraph.text else None
        if appropriation and total:
            b.set("income.fiscal_appropriation", number(appropriation[1]), paragraph, appropriation.group(0), 0.75)


# -------------------------------------------------------------------------------------------- three public
_PARTS = {"因公出国": "overseas_travel", "出国费": "overseas_travel", "公务接待费": "reception",
          "公务用车购置及运行费": "vehicle", "公务用车运行费": "vehicle_operation", "公务用车运行维护费": "vehicle_operation",
          "公务用车购置费": "vehicle_purchase", "合计": "total"}
_TP_ROW = re.compile(r"(出国费|公务接待费|公务用车购置及运行费|公务用车运行维护费|公务用车购置费|合计)\s*((?:" + NUMBER + r"%?\s*){2,7})")
_TP_SENTENCE = re.compile(r"(“三公”经费|公务接待费|公务用车运行费|公务用车购置费)(?:财政拨款)?支出(?:预算为\s*(" + NUMBER + r")\s*万元，支出)?决算为\s*(" + NUMBER + r")\s*万元，完成(?:年初)?预算的\s*(" + NUMBER + r")\s*%(?:，比年初预算(减少|增加)\s*(" + NUMBER + r")\s*万元)?")
_TP_SHORT = re.compile(r"(公务用车运行费|公务接待费)\s*(" + NUMBER + r")\s*万元，完成年初预算的\s*(" + NUMBER + r")\s*%，比年初预算(减少|增加)\s*(" + NUMBER + r")\s*万元")


def _three_public(b: _Builder) -> None:
    for paragraph in b.source.paragraphs:
        text = paragraph.text
        if "与上年" in text and "节约" in text:  # the comparison table: spent, budget, saving, %, last year, change, %
            decrease = "减少" in text[text.find("与上年"):]
            for match in _TP_ROW.finditer(text[text.find("节约"):]):
                figures = re.findall(NUMBER + r"%?", match[2])
                part = _PARTS[match[1]]
                if len(figures) < 7:
                    continue
                spent, budget, saving, saving_rate, last, change, change_rate = figures[:7]
                sign = -1 if decrease else 1
                base = f"three_public_expenses.{part if part != 'vehicle' else 'vehicle_operation'}"
                b.set(f"{base}.spent", number(spent), paragraph, match.group(0), 0.8)
                b.set(f"{base}.budget", number(budget), paragraph, match.group(0), 0.8)
                b.set(f"{base}.last_year", number(last), paragraph, match.group(0), 0.8)
                b.state(f"three_public_expenses.{part}.saving", number(saving), paragraph, match.group(0), "万元")
                b.state(f"three_public_expenses.{part}.saving_rate", number(saving_rate.rstrip("%")), paragraph, match.group(0), "%")
                b.state(f"three_public_expenses.{part}.change", sign * number(change), paragraph, match.group(0), "万元")
                b.state(f"three_public_expenses.{part}.change_rate", sign * number(change_rate.rstrip("%")), paragraph,
                        match.group(0), "%")
            continue
        if "完成" not in text:  # both sentence patterns need 完成…预算的 X %
            continue
        for match in list(_TP_SENTENCE.finditer(text)) + list(_TP_SHORT.finditer(text)):
            short = match.re is _TP_SHORT
            part = "total" if match[1] == "“三公”经费" else _PARTS[match[1]]
            spent, rate = (match[2], match[3]) if short else (match[3], match[4])
            direction, change = (match[4], match[5]) if short else (match[5], match[6])
            base = f"three_public_expenses.{part}"
            b.set(f"{base}.spent", number(spent), paragraph, match.group(0), 0.85)
            if not short and match[2]:
                b.set(f"{base}.budget", number(match[2]), paragraph, match.group(0), 0.85)
            elif change:
                budget = number(spent) + (number(change) if direction == "减少" else -number(change))
                b.set(f"{base}.budget", budget, paragraph, match.group(0), 0.7)  # 决算 + 减少数, as the report implies
            b.state(f"{base}.control_rate", number(rate), paragraph, match.group(0), "%")
            if change and not short and match[2]:
                b.state(f"{base}.saving", number(change) * (1 if direction == "减少" else -1), paragraph, match.group(0), "万元")


# ----------------------------------------------------------------------------------------------------- staff
_UNIT_STAFF = re.compile(r"(?:^|[；;，,：:、]|包括)\s*(?P<unit>[\u4e00-\u9fff（）]{4,40}?(?:中心|所|站|局|院|办|处|队|馆|会|室))[，,]?\s*编制\s*(?P<a>\d+)\s*[人名]，?\s*在职(?:人员)?\s*(?P<b>\d+)\s*人")


def _staff(b: _Builder) -> None:
    units = []
    for paragraph in b.source.paragraphs:
        text = paragraph.text
        if "编制" not in text and "实有在职人数" not in text and "离退休人员" not in text:  # each pattern needs one
            continue
        for match in _UNIT_STAFF.finditer(text):
            b.places[f"department.units[{len(units)}]"] = paragraph.where
            units.append({"name": match["unit"], "staff_authorized": {"total": int(match["a"])},
                          "staff_actual": {"total": int(match["b"])}})
            b.fact("unit.staff", (match["unit"], int(match["a"]), int(match["b"])), paragraph, match.group(0), 0.85)
        form = re.search(r"人员编制\s*(\d+)\s*实有人数\s*(\d+)", text)
        if form and "staff_authorized" not in b.data["department"]:
            b.data["department"]["staff_authorized"] = {"total": int(form[1])}
            b.data["department"]["staff_actual"] = {"total": int(form[2])}
            b.fact("department.staff", (int(form[1]), int(form[2])), paragraph, form.group(0), 0.9)
        prose = re.search(r"人员编制数?\s*(\d+)\s*人，其中[:：]?\s*行政编制\s*(\d+)\s*人，事业编制\s*(\d+)\s*人", text)
        if prose:
            authorized = b.data["department"].setdefault("staff_authorized", {})
            authorized.update(total=int(prose[1]), administrative=int(prose[2]), institutional=int(prose[3]))
            b.fact("department.staff_authorized", int(prose[1]), paragraph, prose.group(0), 0.85)
        actual = re.search(r"实有在职人数\s*(\d+)\s*人", text)
        if actual:
            b.data["department"].setdefault("staff_actual", {})["total"] = int(actual[1])
            b.fact("department.staff_actual", int(actual[1]), paragraph, actual.group(0), 0.85)
        retirees = re.search(r"离退休人员\s*(\d+)\s*人", text)
        if retirees:
            b.data["department"]["retirees"] = int(retirees[1])
    if units:
        b.data["department"]["units"] = units


# -------------------------------------------------------------------------------------------------- projects
_PROJECT_LIST_WORDS = (("name", ("项目名称",)), ("amount", ("预算", "金额", "资金")), ("score", ("得分",)),
                       ("grade", ("等级", "等次")), ("unit", ("单位", "部门")))


def _header_columns(cells: list[str], words: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, int]:
    """A table's header row read as a table: the column of each key, by the first cell holding one of its words."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = next((key for key, wanted in words if key not in columns and any(w in cell for w in wanted)), None)
        if key is not None:
            columns[key] = i
    return columns


def _project_list(b: _Builder) -> None:
    """A project score table: a header with 项目名称 and 得分/等级, rows of tab-separated cells."""
    columns: dict[str, int] | None = None
    projects = []
    for paragraph in b.source.paragraphs:
        cells = paragraph.text.split("\t")
        if len(cells) < 4:
            continue
        if any("项目名称" in c for c in cells) and any("得分" in c or "等级" in c for c in cells):
            columns = _header_columns(cells, _PROJECT_LIST_WORDS)
            continue
        if columns is None or not cells[0].strip().isdigit() or "name" not in columns:
            continue
        project: dict[str, Any] = {"name": cells[columns["name"]].strip(), "_where": paragraph.where}
        if "unit" in columns and columns["unit"] < len(cells):
            project["implementing_unit"] = cells[columns["unit"]].strip()
        if "amount" in columns and columns["amount"] < len(cells) and number(cells[columns["amount"]].strip()) is not None:
            project["budget"] = {"budget_adjusted": str(number(cells[columns["amount"]].strip()))}
        if "score" in columns and columns["score"] < len(cells) and number(cells[columns["score"]].strip()) is not None:
            project["stated_score"] = str(number(cells[columns["score"]].strip()))
        if "grade" in columns and columns["grade"] < len(cells) and cells[columns["grade"]].strip() in GRADES:
            project["stated_grade"] = cells[columns["grade"]].strip()
        projects.append(project)
        b.fact(f"projects[{len(projects) - 1}]", project["name"], paragraph, paragraph.text, 0.9)
    if projects:
        b.data["projects"] = projects


_PROJECT_SENTENCE = re.compile(r"^(\d+)[、.]\s*(?P<name>[^：:]{2,60})[：:]\s*项目全年预算数为\s*(?P<budget>" + NUMBER +
                               r")\s*万元，执行数为\s*(?P<spent>" + NUMBER + r")\s*万元，完成预算\s*(?P<rate>" + NUMBER + r")\s*%"
                               # the project's own result when the list gives it: 自评 92.70 分（优）, 自评得分95分
                               r"(?:[，,]\s*自评(?:得分)?为?\s*(?P<score>" + NUMBER + r")\s*分(?:[（(](?P<grade>" + GRADE +
                               r")[）)])?)?")


_PROJECT_NAME_ONLY = re.compile(r"^\d+[、.]\s*[^：:]{2,60}[：:]\s*$")


def _project_sentences(b: _Builder) -> None:
    """Final-accounts reports list each project: 项目全年预算数为 X 万元，执行数为 Y 万元，完成预算 Z%."""
    if b.data.get("projects"):
        return
    projects = []
    paragraphs = b.source.paragraphs
    for index, paragraph in enumerate(paragraphs):
        match = _PROJECT_SENTENCE.match(paragraph.text)
        if match is None and _PROJECT_NAME_ONLY.match(paragraph.text) and index + 1 < len(paragraphs):
            # “9、招募选派……面试工作经费：” with its figures in the next paragraph: one sentence broken in two
            match = _PROJECT_SENTENCE.match(paragraph.text + paragraphs[index + 1].text)
        if match:
            project = {"name": match["name"].strip(), "_where": paragraph.where,
                       "budget": {"budget_adjusted": str(number(match["budget"])), "spent": str(number(match["spent"]))}}
            if match["score"]:
                project["stated_score"] = str(number(match["score"]))
            if match["grade"]:
                project["stated_grade"] = match["grade"]
            projects.append(project)
            b.fact(f"projects[{len(projects) - 1}]", match["name"], paragraph, match.group(0), 0.9)
    if projects:
        b.data["projects"] = projects


# A numbered item of a list in the prose naming one project and giving its own result: "1.名称：全年预算数X万元，
# 执行数Y万元，执行率Z%，自评得分N分，评价等级为优。" or "（2）名称：自评得分N分，等级为良；". Each clause is found by
# its words, in any order; an item is a project's when it states the project's score, or its budget and spending.
_ITEM = re.compile(r"^\s*(?:(?P<n>\d{1,2})[、.．]|[（(](?P<p>\d{1,2})[）)])\s*"
                   r"(?P<name>[^：:，,。；;]{2,40}?)\s*[：:]\s*(?P<rest>.+)$")
_ITEM_BUDGET = re.compile(r"(?:全年预算数|调整后预算数?|预算数|预算金额|预算)(?:为)?\s*(?P<v>" + NUMBER + r")\s*万元")
_ITEM_SPENT = re.compile(r"(?:全年执行数|执行数|实际支出数?|支出数?)(?:为)?\s*(?P<v>" + NUMBER + r")\s*万元")
_ITEM_SCORE = re.compile(r"自评(?:总?得分|总分)?(?:为)?\s*(?P<v>" + NUMBER + r")\s*分")
_ITEM_RATE = re.compile(r"(?:预算执行率|执行率|完成预算)(?:为)?\s*(?P<v>" + NUMBER + r")\s*[%％]")
_ITEM_GRADE = re.compile(r"(?:等级|等次)(?:为|是|:|：)?\s*[“\"]?(?P<v>" + GRADE + r")")
# a list item about the department as a whole, or about a kind of spending (its whole name), is no project; a
# project may well be named after what it pays (…专项资金(生均公用经费))
_NOT_A_PROJECT = re.compile(r"^(?:本|我|全)?(?:部门|单位|局|委)?(?:整体|全局)|"
                            r"^(?:基本支出|人员经费|公用经费|项目支出|合计|总计|收入|支出|支出情况|预算执行情况?)$")
# the number of projects the text says it evaluated (共对40个项目开展绩效自评): a list of fewer is only some of them
_PROJECT_COUNT = re.compile(r"共(?:对|计|有|实施|开展|涉及)?\s*(\d+)\s*个(?:[^，,。；;\d]{0,8})?项目")


def _project_items(b: _Builder) -> None:
    """Each project's result written as a numbered list in the prose (see _ITEM): the items numbered 1, 2, 3 … in
    one run, two at least; a run whose numbering breaks ends there."""
    if b.data.get("projects"):
        return
    runs: list[list[tuple[dict, Paragraph, str]]] = [[]]
    for paragraph in b.source.paragraphs:
        item = _ITEM.match(paragraph.text)
        project = _item_project(item) if item else None
        if project is None:
            if runs[-1]:
                runs.append([])
            continue
        number_ = int(item["n"] or item["p"])
        if number_ != len(runs[-1]) + 1:
            runs.append([])
            if number_ != 1:
                continue
        runs[-1].append((project, paragraph, item.group(0)))
    run = max(runs, key=len)
    counts = {int(m.group(1)) for p in b.source.paragraphs for m in _PROJECT_COUNT.finditer(p.text)}
    if len(run) < 2 or (counts and len(run) not in counts):
        return  # one item is no list; fewer items than the projects the text counts are not the whole list
    projects = []
    for project, paragraph, text in run:
        projects.append({**project, "_where": paragraph.where})
        index = len(projects) - 1
        b.fact(f"projects[{index}]", project["name"], paragraph, text, 0.8)
        stated_rate = _ITEM_RATE.search(text)
        if stated_rate and "budget" in project:  # the rate the item states, recomputed from its own two figures
            b.state(f"projects[{index}].budget.execution_rate", number(stated_rate["v"]), paragraph, text, "%")
    b.data["projects"] = projects


def _item_project(item: re.Match) -> dict | None:
    name, rest = item["name"].strip(), item["rest"]
    if _NOT_A_PROJECT.search(name):
        return None
    project: dict[str, Any] = {"name": name}
    budget, spent = _ITEM_BUDGET.search(rest), _ITEM_SPENT.search(rest)
    score = _ITEM_SCORE.search(rest)
    if budget and spent and budget.start() != spent.start():
        project["budget"] = {"budget_adjusted": str(number(budget["v"])), "spent": str(number(spent["v"]))}
    if score:
        project["stated_score"] = str(number(score["v"]))
        grade = _ITEM_GRADE.search(rest, score.end())
        if grade:
            project["stated_grade"] = grade["v"]
    return project if ("budget" in project or "stated_score" in project) else None


def _grade_summary(b: _Builder) -> None:
    for paragraph in b.source.paragraphs:
        text = paragraph.text
        if "项目" not in text and "评优率" not in text:  # each pattern below needs one of these words
            continue
        counts = re.findall(r"“(" + GRADE + r")”项目\s*(\d+)\s*个", text)
        for grade, n in counts:
            b.state(f"projects.grade_count.{grade}", Decimal(n), paragraph, f"“{grade}”项目 {n} 个", "个")
        share = re.search(r"评优率为?\s*(" + NUMBER + r")\s*%", text)
        if share:
            b.state("projects.excellent_share", number(share[1]), paragraph, share.group(0), "%")
        involved = re.search(r"(?<!本级)(?<!单位)(?:共涉及|涉及)项目\s*(\d+)\s*个|项目支出共计\s*(\d+)\s*个", text)
        if involved:
            b.state("projects.count", Decimal(involved[1] or involved[2]), paragraph, involved.group(0), "个")


def _score_and_grade(b: _Builder) -> None:
    for paragraph in b.source.paragraphs:
        text = paragraph.text
        # the whole figure or none: 1O0 (a scan's O) and 1 00 (a wrap) are not the score 1
        if "评" not in text and "得分" not in text and "结果级别" not in text:  # each pattern needs one of these
            continue
        stated = re.search(r"(?:自评结果得分|综合得分|自评分为|总得分)\s*(" + NUMBER + r")(?![\dOolI.%])(?!\s+\d)\s*分?", text)
        if stated and "stated_score" not in b.data and "项目" not in text[max(0, stated.start() - 8): stated.start()]:
            b.set("stated_score", number(stated[1]), paragraph, stated.group(0), 0.85, state="score.total", unit="分")
        grade = re.search(r"评价等级为?[“\"]?(" + GRADE + r")[”\"]?|结果级别为[“\"](" + GRADE + r")[”\"]", text)
        if grade and "stated_grade" not in b.data:
            b.set("stated_grade", grade[1] or grade[2], paragraph, grade.group(0), 0.85)
        empty = re.search(r"评价等次\s*(?:$|[一二三四五六七八九十]+、)", text)
        if empty and "stated_grade" not in b.data:
            b.set("stated_grade", "", paragraph, empty.group(0), 0.7)  # the form has the field, and it is empty


# ---------------------------------------------------------------------------------------------------- tables
_INDICATOR_ROW = re.compile(r"^\s*(?:(产出|效益|满意度)\s*指标\s+)?(数量|质量|时效|成本|社会效益|经济效益|生态效益|可持续性?影响|满意度)\s*指\s*标\s+(?P<rest>.+)$")
_EXECUTION_ROW = re.compile(r"(?:年度财政资金总额|部门整体支出总额|年度资金总额)\s+(" + NUMBER + r")\s+(" + NUMBER + r")\s+(" + NUMBER + r")\s+(" + NUMBER + r")")
_FIGURES_ROW = re.compile(r"^\s*(" + NUMBER + r")\s+(" + NUMBER + r")\s+(" + NUMBER + r")%?\s+(" + NUMBER + r")\s*$")
_GOAL = re.compile(r"年度目标\s*(\d+)[:：]")
_GOAL_ROW = re.compile(r"^年度目标\s*(\d+)(?!\d)(?:（(\d+(?:\.\d+)?)\s*分）)?(?![\d:：])\s*(?P<text>.*)$")
_GOAL_SUMMARY = re.compile(r"分值\s*" + NUMBER + r"\s*分[，,]\s*得\s*" + NUMBER + r"\s*分")
_GOAL_WEIGHT = re.compile(r"^（(\d+(?:\.\d+)?)\s*分）$")
def _one_character_apart(a: str, b: str) -> bool:
    """The same project named with one character mistyped in one place (退休人员社会化管理服务经费 in the list,
    社会代管理 over its table): same length, long enough to be a name, and only one character differs."""
    return len(a) == len(b) >= 8 and sum(x != y for x, y in zip(a, b)) == 1


_PROJECT_TABLE = re.compile(r"^\s*(?:20\d{2}\s*年度)?(?P<name>.+?)项目(?:绩效)?自评表\s*$")
_SECTION_TITLE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)?\s*(?:20\d{2}\s*年度?)?\s*$")
_TOTAL_ROW = re.compile(r"^\s*总分\s+(" + NUMBER + r")\s*$")


_TITLE_TAIL = re.compile(r"^(?:项目?(?:绩效)?自?评?表?|评表|表)$")


def _wrapped_title(tidied: str, lines: list[str], number_: int) -> re.Match | None:
    """A project table's title wrapped before its last words (“2023 年度招募选派……经费” / “项目自评表”, “……经费项目自”
    / “评表”): the line joined with the next one that has text, when that one is the rest of 项目自评表 alone."""
    if not tidied or len(tidied) > 60 or re.search(r"[。，；：:,;]", tidied):
        return None
    following = tidy(next((x.strip() for x in lines[number_: number_ + 3] if x.strip()), ""))
    if not following or not _TITLE_TAIL.match(following):
        return None
    return _PROJECT_TABLE.match(tidied + following)


def _sentence_from(lines: list[str], index: int) -> str:
    """The sentence starting at line `index`, joined over its wrapped lines (up to its full stop)."""
    text = ""
    for line in lines[index: index + 8]:
        text += line.strip()
        if not line.strip() or text.endswith("。"):
            break
    return text


_LABEL_PREFIX = re.compile(r"^(?:(?:产出|效益|服务对象满意度|满意度|社会效益|经济效益|生态效益|可持续性?影响|数量|质量|时效|成本)"
                           r"指标|服务对象满意度|度指标|指标|标)")
_HEADER_WORDS = re.compile(r"一级|二级|三级|年初|目标值|完成值|指标值|得分|分值|（A）|（B）|总分|：|:")


def _wrapped_name(fragments: list[str]) -> tuple[str, str]:
    """A row whose figures stand on a line of their own: its name wrapped onto the lines above, after the labels of
    its level-1 and level-2 columns. Returns (name, level2) or ("", "") when the lines do not read as a name."""
    if not fragments or len(fragments) > 10 or any(_HEADER_WORDS.search(f) for f in fragments):
        return "", ""
    text = "".join(tidy(f) for f in fragments)
    level2 = ""
    while True:
        label = _LABEL_PREFIX.match(text)
        if not label or len(text) - label.end() < 4:
            break
        level2 = _level2_of(label.group(0)) or level2
        text = text[label.end():]
    if not 2 <= len(text) <= 60 or not re.search(r"[\u4e00-\u9fff]", text) or \
            re.search(r"\d{3,}", re.sub(r"(?:19|20)\d{2}年", "", text)):  # a figure, not a name (a year may be in it)
        return "", ""
    return text, level2


_LEVEL2_LINE = re.compile(r"^(" + "|".join(sorted(LEVEL2_LABELS, key=len, reverse=True)) + r")指标$")


def _wrapped_row(lines: list[str], last_row: int, number_: int, weighted: bool) -> tuple | None:
    """A row whose cells wrapped so that its score stands alone on the last line (“解决农民工拖欠工资 2547.2077 万元” /
    “2547.2077 万” / “元” / “5”): the lines above it since the last row read, back to the table's header, joined —
    a word broken between two lines is one word, a cell ending where the next begins is two — and read as one row.
    Returns (name, level2, target, actual, weight, score), or None when they do not read as a row."""
    fragments = _fragments_above(lines, last_row, number_, 8)
    # a table of one cell per line is not a text row that wrapped: one of its lines holds two cells
    if not fragments or all(len(x.split()) < 2 for x in fragments + [lines[number_ - 1]]):
        return None
    joined = fragments[0]
    for fragment in fragments[1:] + [lines[number_ - 1].strip()]:
        # a word broken between two lines, or an operator (≤) whose figure went onto the next line
        broken = re.search(r"[\u4e00-\u9fff]$", joined) and re.match(r"[\u4e00-\u9fff]", fragment)
        joined += fragment if broken or re.search(r"(?:^|\s)[≥≤<>＜＞]$", joined) else " " + fragment
    name_tokens, target, actual, weight, score = _split_values(joined.split(), weighted)
    if target is None or not name_tokens or _figure_in_name(name_tokens) or number(weight) > 100 or \
            not all(re.search(r"[\w\u4e00-\u9fff]", value) for value in (target, actual)):
        return None
    name, level2 = _wrapped_name(["".join(name_tokens)])
    if not name:
        return None
    return name, level2, tidy(target), tidy(actual), weight, score


def _figure_in_name(tokens: list[str]) -> bool:
    """A figure among a row's name words (a year before 年 aside) is a column the row does not have — 分值 printed
    before 年度指标值 — so the row is not of the shape read."""
    return any(number(t) is not None and not (re.fullmatch(r"(?:19|20)\d{2}", t) and following.startswith("年"))
               for t, following in zip(tokens, tokens[1:] + [""]))


def _fragments_above(lines: list[str], last_row: int, number_: int, most: int = 10) -> list[str]:
    """The lines with text above line `number_` that belong to its row: back to the last row read or the table's
    header (its words, a colon, 总分), at most `most` of them."""
    fragments: list[str] = []
    for k in range(number_ - 2, max(last_row, number_ - 2 * most - 2) - 1, -1):
        text = lines[k].strip()
        if not text:
            continue
        if _HEADER_WORDS.search(tidy(text)) or _TOTAL_ROW.match(text) or len(fragments) == most:
            break
        fragments.insert(0, text)
    return fragments


def _labels_only(fragments: list[str]) -> str:
    """The level-2 label that lines holding nothing but level labels, wrapped, name; "" when they hold more."""
    if not fragments or len(fragments) > 10:
        return ""
    text, level2 = "".join(tidy(f) for f in fragments), ""
    while text:
        label = _LABEL_PREFIX.match(text)
        if not label:
            return ""
        level2 = _level2_of(label.group(0)) or level2
        text = text[label.end():]
    return level2


def _split_values(tokens: list[str], weighted: bool = False) -> tuple[list[str], str | None, str | None, str | None, str | None]:
    """name tokens, target, actual, weight, score — read from the right of a table row's words. `weighted`: the
    header has a 分值 column before 得分, so a row ends in two figures."""
    figures = 2 if weighted else 1
    if len(tokens) < figures or any(number(t) is None for t in tokens[-figures:]):
        return tokens, None, None, None, None
    score = tokens[-1]
    weight = tokens[-2] if weighted else score
    rest = tokens[:-figures]
    values: list[str] = []
    while rest and len(values) < 2:
        token = rest.pop()
        if UNIT_WORDS.match(token) and rest and re.search(r"\d$", rest[-1]):
            token = f"{rest.pop()} {token}"
        values.insert(0, token)
    if len(values) < 2:
        return tokens, None, None, None, None
    return rest, values[0], values[1], weight, score

_COLUMN_WORDS = (("actual", ("实际完成值", "实际值", "完成值", "实际完成")), ("target", ("指标值", "目标值")),
                 ("name", ("三级指标", "指标名称")), ("level1", ("一级指标",)), ("level2", ("二级指标",)),
                 ("weight", ("分值", "权重")), ("score", ("得分",)), ("reason", ("偏差原因",)))
_LEVEL1_WORDS = {"产出": "output", "效益": "outcome", "满意度": "satisfaction"}
_GOAL_CELL = re.compile(r"^年度目标\s*(\d+)(?:（(\d+(?:\.\d+)?)\s*分）)?[:：]?$")


def _indicator_columns(cells: list[str]) -> dict[str, int] | None:
    """A table header read as a table (Word, or tab-separated text): which column holds what."""
    columns = _header_columns(cells, _COLUMN_WORDS)
    wanted = {"name", "target", "actual"} <= columns.keys() and ("score" in columns or "weight" in columns)
    return columns if wanted else None


def _execution_columns(cells: list[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if "budget" not in columns and re.search(r"预算数", cell) and "年初" not in cell:
            columns["budget"] = i
        elif "spent" not in columns and "执行数" in cell:
            columns["spent"] = i
        elif "weight" not in columns and cell == "分值":
            columns["weight"] = i
        elif "score" not in columns and cell.startswith("得分"):
            columns["score"] = i
    return columns if {"budget", "spent", "score"} <= columns.keys() else None  # 分值 may sit in the 得分 header


def _level2_of(cell: str) -> str:
    for label in sorted(LEVEL2_LABELS, key=len, reverse=True):
        if label in cell:
            return LEVEL2_LABELS[label]
    return ""


def _indicator_from_cells(cells: list[str], columns: dict[str, int]) -> dict | None:
    def cell(key: str) -> str:
        i = columns.get(key)
        return cells[i] if i is not None and i < len(cells) else ""

    name, score, weight = cell("name"), number(cell("score")), number(cell("weight"))
    if not re.search(r"[\u4e00-\u9fff]", name) or len(name) > 200 or (score is None and weight is None):
        return None
    level2 = _level2_of(cell("level2"))
    level1 = next((v for k, v in _LEVEL1_WORDS.items() if cell("level1").startswith(k)), LEVEL1_OF.get(level2, "output"))
    indicator = {"name": name, "level1": level1, "level2": level2 or None, "target": cell("target"),
                 "actual": cell("actual"), "weight": str(weight if weight is not None else score),
                 "score": str(score) if score is not None else None, "deviation_reason": cell("reason") or None}
    return {k: v for k, v in indicator.items() if v is not None}


_REASON_ROW = re.compile(r"^偏差大或目\s*$|^偏差大或目标")


def _tables(b: _Builder) -> None:
    """Self-evaluation tables: the department's (annual goals) and each project's, read line by line from the
    original text, where spaces still separate the cells."""
    lines = b.source.lines
    goals: list[dict] = []
    projects: dict[str, dict] = {p["name"]: p for p in b.data.get("projects", [])}
    current: dict | None = None  # the indicator list being filled
    current_kind = ""
    level2 = ""
    pending = ""
    columns: dict[str, int] | None = None  # of the indicator table being read as a table
    execution_columns: dict[str, int] | None = None
    weighted = False  # the space-separated header last seen has 分值 and 得分
    last_row = 0  # the line of the last indicator row read: the lines since then may hold a wrapped name
    for number_, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        if "三级指标" in line and "\t" not in line:
            weighted = "分值" in line and "得分" in line
        cells = [tidy(cell) for cell in raw.split("\t")] if "\t" in raw else []
        if sum(1 for cell in cells if cell) >= 2:  # a row read as a table: its header says what each cell is
            where = Paragraph(line, number_, number_)
            goal_cell = _GOAL_CELL.match(cells[0])
            if goal_cell:
                goals.append({"name": f"年度目标{goal_cell[1]}：{cells[1]}", "indicators": [], "_named": True})
                if goal_cell[2]:
                    goals[-1]["weight"] = goal_cell[2]
                current, current_kind, columns = goals[-1], "goal", None
                continue
            header = _indicator_columns(cells)
            if header:
                columns = header
                continue
            header = _execution_columns(cells)
            if header:
                execution_columns = header
                continue
            if execution_columns and len(cells) > max(execution_columns.values()) and \
                    all(number(cells[i]) is not None for i in execution_columns.values()):
                budget, spent, score = (str(number(cells[execution_columns[k]])) for k in ("budget", "spent", "score"))
                if current is not None and current_kind == "project":
                    current["budget"] = {"budget_adjusted": budget, "spent": spent}
                    current["stated_execution_score"] = score
                elif "execution" not in b.data:  # outside a project's table: the department's
                    b.data["execution"] = {"budget_adjusted": budget, "spent": spent}
                    b.data["stated_execution_score"] = score
                b.fact("execution", (budget, spent), where, line, 0.9)
                execution_columns = None
                continue
            if cells[0] == "总分" and current is not None:
                figures = [number(cell) for cell in cells[1:] if number(cell) is not None]
                at = columns.get("score") if columns else None
                if at is not None and at < len(cells):  # the header says which cell is the score: a blank one
                    figures = [number(cells[at])] if number(cells[at]) is not None else []  # is no score
                if figures:
                    if current_kind == "project":
                        current["stated_score"] = str(figures[-1])
                    else:
                        b.data.setdefault("stated_score", str(figures[-1]))
                continue
            if cells[0].startswith("偏差大或目标") and current is not None:
                if len(cells) > 1 and cells[1]:
                    (current if current_kind == "project" else b.data).setdefault("deviation_reason", cells[1])
                continue
            if columns and current is not None:
                indicator = _indicator_from_cells(cells, columns)
                if indicator:
                    current["indicators"].append({**indicator, "_where": f"第 {number_} 行"})
                    b.fact("indicator", (indicator["name"], indicator["target"], indicator["actual"],
                                         indicator.get("score")), where, line, 0.9)
                    continue
        tidied = tidy(line)  # once per line: the rules below read it several times
        goal = _GOAL.search(line)
        if goal and _GOAL_SUMMARY.search(_sentence_from(lines, number_ - 1)):
            goal = None  # a sentence of the report that sums a goal up, not the goal's row of the table
        table_goal = _GOAL_ROW.match(tidied)
        if table_goal:  # “年度目标 1（10 分） 为满足……”: the table's row, weight in brackets
            goals.append({"name": f"年度目标{table_goal[1]}：{table_goal['text']}", "indicators": []})
            if table_goal[2]:
                goals[-1]["weight"] = table_goal[2]
            current, current_kind, columns = goals[-1], "goal", None
            continue
        if goal:
            goals.append({"name": tidied, "indicators": []})
            current, current_kind, columns = goals[-1], "goal", None
            continue
        if current_kind == "goal" and not current["indicators"] and not current.get("_named"):
            weight = _GOAL_WEIGHT.match(tidied)
            if weight and not current.get("weight"):
                current["weight"] = weight[1]
                continue
            if re.match(r"^(?:年度|绩效|指标|一级)\s*$", line) or line.startswith("一级指标"):
                current["_named"] = True
            elif len(current["name"]) < 300 and not _PROJECT_TABLE.match(tidied):
                current["name"] += tidied
                continue
        table = _PROJECT_TABLE.match(tidied) or _wrapped_title(tidied, lines, number_)
        if table and _SECTION_TITLE.match(table["name"]):
            table = None  # “三、2023年度项目绩效自评表” heads the section of project tables; it names no project
        if table:
            name = table["name"].strip()
            project = projects.get(name) or next((p for n, p in projects.items() if n and (n in name or name in n)), None) \
                or next((p for n, p in projects.items() if _one_character_apart(n, name)), None)
            if project is None:
                project = projects[name] = {"name": name}
            project.setdefault("indicators", [])
            current, current_kind, level2, columns, execution_columns = project, "project", "", None, None
            continue
        execution = _EXECUTION_ROW.search(line)
        if execution is None and current is not None and not current.get("indicators") and \
                "stated_execution_score" not in current:
            # the label wrapped onto lines of its own; the four figures follow (a list of projects may have given the
            # budget already, not the table's execution score)
            execution = _FIGURES_ROW.match(line)
        if execution is None and current is None and "execution" not in b.data and _FIGURES_ROW.match(line) and \
                any("总额" in previous for previous in lines[max(0, number_ - 9): number_ - 1]):
            execution = _FIGURES_ROW.match(line)
            current_kind = "department"
        if execution and (current is not None or current_kind == "department"):
            budget, spent, _, score = (number(x) for x in execution.groups())
            paragraph = Paragraph(line, number_, number_)
            if current_kind == "project":
                current["budget"] = {"budget_adjusted": str(budget), "spent": str(spent)}
                current["stated_execution_score"] = str(score)
            elif not goals and "execution" not in b.data:
                current_kind = ""
                b.data["execution"] = {"budget_adjusted": str(budget), "spent": str(spent)}
                b.data["stated_execution_score"] = str(score)
                b.fact("execution", (budget, spent), paragraph, line, 0.9)
            continue
        total = _TOTAL_ROW.match(line)
        if total and current is not None:
            if current_kind == "project":
                current["stated_score"] = str(number(total[1]))
            else:
                b.data.setdefault("stated_score", str(number(total[1])))
            continue
        reason = _REASON_ROW.match(line)
        if reason and current is not None:
            current["_expect_reason"] = True
            continue
        if current is not None and current.get("_expect_reason"):
            if re.match(r"^(?:标未完成原|因分析|未完成原因分|析|原因分析)\s*$", line):
                continue
            current.pop("_expect_reason")
            target = current if current_kind == "project" else b.data
            if "deviation_reason" not in target:
                target["deviation_reason"] = tidied
            continue
        row = _INDICATOR_ROW.match(pending + " " + line if pending else line)
        if current is None:
            continue
        label = _LEVEL2_LINE.match(tidied)
        if label and current.get("indicators") is not None:  # 数量指标 alone: its rows follow on lines of their own
            level2 = LEVEL2_LABELS.get(label[1], level2)
            pending = ""
            continue
        if current.get("indicators") is not None and re.search(r"(?:^|\s)" + NUMBER + r"$", line) and \
                _split_values(line.split(), weighted)[1] is None:
            wrapped = _wrapped_row(lines, last_row, number_, weighted)
            if wrapped:
                name, wrapped_level2, target, actual, weight, score = wrapped
                level2 = wrapped_level2 or level2
                pending = ""
                last_row = number_
                indicator = {"name": name, "level1": LEVEL1_OF.get(level2, "output"), "level2": level2 or None,
                             "target": target, "actual": actual, "weight": str(number(weight)),
                             "score": str(number(score))}
                current["indicators"].append({**indicator, "_where": f"第 {number_} 行"})
                b.fact("indicator", (name, target, actual, score), Paragraph(line, number_, number_), line, 0.75)
                continue
        if row:
            level2 = LEVEL2_LABELS.get(re.sub(r"\s", "", row[2]), "")
            rest = row["rest"]
        elif level2 and current.get("indicators") is not None and re.search(r"\s" + NUMBER + r"\s*$", line) and \
                "：" not in line and ":" not in line and \
                not re.match(r"^(?:一级|二级|三级|年初|实际|得分|预算|执行|总分|单位名称|项目(?:名称|类别|属性|类型|实施)|主管|填报)",
                             line):
            rest = line
        else:
            pending = ""
            continue
        tokens = rest.split()
        name_tokens, target, actual, weight, score = _split_values(tokens, weighted)
        if target is None:
            pending = line if row else ""
            continue
        pending = ""
        name = tidy(" ".join(name_tokens))
        if not name_tokens and not row:
            name, wrapped_level2 = _wrapped_name(_fragments_above(lines, last_row, number_))
            level2 = wrapped_level2 or level2
        elif not row:  # the row's labels alone on the lines above it (满意 / 度指 / 标 / 服务对象满 / 意度)
            level2 = _labels_only(_fragments_above(lines, last_row, number_)) or level2
        if not re.search(r"[\u4e00-\u9fff]", name) or name in ("指标", "指") or len(name) > 80:
            continue
        last_row = number_
        indicator = {"name": name, "level1": LEVEL1_OF.get(level2, "output"), "level2": level2 or None,
                     "target": tidy(target), "actual": tidy(actual), "weight": str(number(weight)), "score": str(number(score))}
        current["indicators"].append({**{k: v for k, v in indicator.items() if v is not None}, "_where": f"第 {number_} 行"})
        b.fact("indicator", (name, target, actual, score), Paragraph(line, number_, number_), line, 0.75)
    for project in projects.values():
        project.pop("_expect_reason", None)
    if goals and any(g["indicators"] for g in goals):
        for goal in goals:
            goal.pop("_expect_reason", None)
            goal.pop("_named", None)
        b.data["goals"] = [g for g in goals if g["indicators"]]
        b.data.setdefault("scheme", "hubei-department")
    if projects:
        b.data["projects"] = list(projects.values())
        if any(p.get("indicators") for p in projects.values()):
            executions = {p.get("stated_execution_score") for p in projects.values() if p.get("indicators")}
            b.data.setdefault("project_scheme", "hubei-project" if "20" in executions else "mof-2020-project")
    b.data.pop("_expect_reason", None)


def _form_tables(b: _Builder) -> None:
    """The Hunan-style form: a header of column names, then rows such as “1、局机关 1209.14 0 1209.14 0 0 0”."""
    shapes = {
        "income": (("收入合计", "total"), ("上年结转", "carried_over"), ("公共财政拨款", "general_public"),
                   ("政府基金拨款", "government_fund"), ("其他收入", "other_income")),
        "budget": (("支出合计", "total.spent"), ("人员支出", "personnel_cost.spent"), ("公用支出", "operating_cost.spent"),
                   ("项目支出", "project_expenditure.spent")),
        "three_public_expenses": (("公务接待费", "reception.spent"), ("公务用车运维费", "vehicle_operation.spent"),
                                  ("公务用车购置费", "vehicle_purchase.spent"), ("因公出国费", "overseas_travel.spent")),
        "fixed_assets": (("固定资产合计", "total"), ("在用固定资产", "in_use"), ("出租固定资产", "leased")),
    }
    kind = ""
    for paragraph in b.source.paragraphs:
        text = paragraph.text
        for key, columns in shapes.items():
            if sum(1 for label, _ in columns if label in text) >= 2 and "局机关" not in text[:6]:
                kind = key
        row = re.match(r"^\d+、(?P<unit>[\u4e00-\u9fff]{2,20})\s*(?P<figures>(?:" + NUMBER + r"\s*){2,8})$", text)
        if row and kind:
            figures = [number(x) for x in row["figures"].split()]
            order = _form_order(kind, figures)
            for (label, path), value in zip(order, figures):
                if value is None or path is None:
                    continue
                b.set(f"{kind}.{path}" if kind != "budget" else f"budget.{path}", value, paragraph, text, 0.75)
            kind = ""


def _form_order(kind: str, figures: list[Decimal | None]) -> list[tuple[str, str | None]]:
    """The form's columns in the order its rows give figures (the header lists 合计 first, then the parts)."""
    return {
        "income": [("收入合计", "total"), ("上年结转", "carried_over"), ("公共财政拨款", "general_public"),
                   ("政府基金拨款", "government_fund"), ("纳入专户管理的非税收入拨款", None), ("其他收入", "other_income")],
        "budget": [("支出合计", "total.spent"), ("基本支出", "basic_expenditure.spent"), ("人员支出", "personnel_cost.spent"),
                   ("公用支出", "operating_cost.spent"), ("项目支出", "project_expenditure.spent"), ("当年结余", "balance"),
                   ("累计结余", "balance_accumulated")],
        "three_public_expenses": [("合计", "total.spent"), ("公务接待费", "reception.spent"), ("公务用车运维费", "vehicle_operation.spent"),
                                  ("公务用车购置费", "vehicle_purchase.spent"), ("因公出国费", "overseas_travel.spent")],
        "fixed_assets": [("固定资产合计", "total"), ("在用固定资产", "in_use"), ("出租固定资产", "leased"), ("其他", "other")],
    }[kind]


def _problems(b: _Builder) -> None:
    for index, paragraph in enumerate(b.source.paragraphs):
        if re.search(r"存在的(?:主要)?问题", paragraph.text) and len(paragraph.text) < 40:
            body = []
            for following in b.source.paragraphs[index + 1: index + 8]:
                if re.match(r"^（[一二三四五六七八九十]+）|^[一二三四五六七八九十]+、", following.text):
                    break
                body.append(following.text)
            if body:
                b.data.setdefault("problems", "".join(body)[:2000])
                b.fact("problems", "".join(body)[:60], paragraph, paragraph.text, 0.7)
                return


def _narrative_figures(b: _Builder) -> None:
    """A figure the report's prose gives for an indicator of its table (“弥补工伤保险基金缺口73万”) is the same fact."""
    # which paragraphs are prose does not depend on the indicator, and indicators of the same name find the same
    # figures: both computed once, so the work grows with the text, not with the text times the indicators
    prose = [p for p in b.source.paragraphs
             if "\t" not in p.text and "。" in p.text and not re.search(r"指标\s*\S+\s*\d", p.text[:40])]
    found: dict[str, list[tuple[Paragraph, re.Match]]] = {}
    for g, goal in enumerate(b.data.get("goals", [])):
        for i, indicator in enumerate(goal["indicators"]):
            name = indicator["name"]
            if len(name) < 4:
                continue
            if name not in found:
                found[name] = _figures_after(name, prose)
            for paragraph, match in found[name]:
                b.state(f"goals[{g}].indicators[{i}].actual", number(match[1]), paragraph, match.group(0), match[2])


def _figures_after(name: str, prose: list[Paragraph]) -> list[tuple[Paragraph, re.Match]]:
    """Each figure with its unit right after `name` in the prose (not one followed by more figures)."""
    pattern = re.compile(re.escape(name) + r"(?:份数|数|为|达)?\s*(" + NUMBER + r")\s*(万元|万人|万|人|例|份|个|件)(?![\s\d]*\d)")
    return [(paragraph, match) for paragraph in prose if name in paragraph.text
            for match in pattern.finditer(paragraph.text)]
