"""Form readings, prose and the narrative facts become one evaluation's data, each value with where it came from.

Precedence, for a value several layers read: a form's cell > the running text's mention > the narrative extractor.
A form states a figure in the column its header names; prose states it in a sentence whose subject, year and scope
the mention layer resolved; the narrative extractor (jixiao/io/extract/report_text.py, kept for the S1–S5 narrative
facts the other layers do not read yet) matches phrasings.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from typing import Any

from jixiao.core.build import evaluation_from_data
from jixiao.core.errors import InputError

PROSE_LISTS = ("stated_totals", "stated_grade_scale", "mentioned_departments", "malformed_dates")
CHECKABLE_LISTS = ("stated_totals", "malformed_dates")
MERGED_LISTS = ("stated_years", "stated_dates", "form_texts")
SCALARS = ("stated_score", "stated_grade", "stated_execution_score", "stated_execution_weight")
_SPACES = re.compile(r"\s+")
_PROJECT_PATH = re.compile(r"^projects\[(\d+)\](.*)$", re.S)


def same_name(a: str | None, b: str | None) -> bool:
    """One name however a layer wrote it: a cell's line wraps (补助 资金), half- or full-width brackets, a digit a
    scan misread."""
    normal = lambda text: _BETWEEN_DIGITS.sub(  # noqa: E731 — and a scan's letters between digits (2O23)
        lambda m: m.group(0).translate(_MEND), _SPACES.sub("", unicodedata.normalize("NFKC", text)))
    return bool(a and b) and normal(a) == normal(b)


def _plain_name(text: str) -> str:
    return _BETWEEN_DIGITS.sub(lambda m: m.group(0).translate(_MEND),
                               _SPACES.sub("", unicodedata.normalize("NFKC", text or "")))


def _edits(a: str, b: str, most: int) -> int:
    """The edit distance of a and b (characters put in, left out or changed), or most + 1 once it exceeds most."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
        if min(row) > most:
            return most + 1
    return row[-1]


def near_name(a: str | None, b: str | None) -> bool:
    """Two names of one project however a table and a list wrote it: the same but for a character or two of a long
    name (a typo: 社会代管理 for 社会化管理; at most one edit for every ten characters), or one the other's beginning
    of six characters or more (a name a table cut short)."""
    a, b = _plain_name(a or ""), _plain_name(b or "")
    if not (a and b):
        return False
    short, long = sorted((a, b), key=len)
    if len(short) >= 6 and long.startswith(short):
        return True
    most = len(long) // 10
    return most > 0 and _edits(a, b, most) <= most


def _listed_as(project: dict, listed: dict[int, dict]) -> int | None:
    """The one project a list names (not read from a project table) whose name is near the table's, or when several
    are, the one of them whose budget figure is the table's; None when none or no single one fits."""
    fits = [i for i, p in listed.items() if near_name(p.get("name"), project.get("name"))]
    if len(fits) > 1:
        figures = _budget_figures(project)
        fits = [i for i in fits if figures and figures & _budget_figures(listed[i])]
    return fits[0] if len(fits) == 1 else None


def _budget_figures(project: dict) -> set:
    budget = project.get("budget") or {}
    if not isinstance(budget, dict):
        return set()
    return {_number(budget.get(k)) for k in ("budget_adjusted", "budget_initial")} - {None}


class Assembly:
    """The data being built, the sources of its values, and what could not be placed."""

    def __init__(self, base: dict[str, Any] | None, base_sources: dict[str, str]):
        self.data: dict[str, Any] = copy.deepcopy(base) if base else {}
        self.data.setdefault("department", {})
        self.sources: dict[str, str] = dict(base_sources)
        self.unplaced: list[str] = []
        self._tabled: set[int] = set()  # the projects a form read (their index in data["projects"])
        self._tabled_budget: set = set()  # the figures a form's budget table states for the department
        self._project_tables: set[int] = set()  # the projects a project table read (their index in data["projects"])

    # -------------------------------------------------------------------------------------------- prose
    def add_prose(self, prose) -> int:
        """Place what the running text states; returns how many figures were placed."""
        if prose is None:
            return 0
        placed = 0
        if getattr(prose, "year", None):
            self.data["year"] = prose.year
        if getattr(prose, "department", None):
            self.data["department"]["name"] = prose.department
        if getattr(prose, "title", None) and not self.data.get("title"):
            self.data["title"] = prose.title
        for key in SCALARS:
            value = getattr(prose, key, None)
            if value is not None:
                self.data[key] = _plain(value)
                placed += 1
        for key in PROSE_LISTS:
            items = [_plain(x) for x in getattr(prose, key, None) or []]
            if key == "stated_totals":
                items = [t for t in items if not self._restates_the_budget_table(t)]
            if items:
                self.data[key] = items
                placed += len(items) if key in CHECKABLE_LISTS else 0  # a scale or a name alone is not auditable
        for key in MERGED_LISTS:
            self._union(key, [_plain(x) for x in getattr(prose, key, None) or []])
        statements = [_plain(s) for s in getattr(prose, "statements", None) or []]
        if statements:
            self.data["statements"] = _merge_statements(self.data.get("statements") or [], statements)
            placed += len(statements)
        for key, value in (getattr(prose, "data", None) or {}).items():
            placed += _fill(self.data, key, value)
        for path, source in (getattr(prose, "sources", None) or {}).items():
            self.sources.setdefault(path, str(source))
        return placed

    def _restates_the_budget_table(self, total: dict) -> bool:
        """A sum in the text whose total and parts are all figures the budget table states (支出合计, 基本支出,
        项目支出 …) repeats the table: the table's own checks (SUM.SPENDING, SUM.BASIC) add it up."""
        figures = [total.get("total")] + [p.get("value") for p in total.get("parts") or []]
        return total.get("kind") == "sum" and len(figures) > 2 and \
            all(_number(f) in self._tabled_budget for f in figures if f is not None)

    def _union(self, key: str, items: list) -> None:
        """Add what the prose read to what the narrative extractor read, once: the same year on the same line, the
        same date of the same kind, the same labelled text are one statement however each layer quoted it."""
        if not items:
            return
        have = self.data.get(key) or []
        # each item is compared only with those filed where it could be the same statement (the same year on nearby
        # lines, the same date …): comparing every item with every other was quadratic in the size of the document
        filed: dict = {}
        for old in have:
            for slot in _slots(key, old):
                filed.setdefault(slot, []).append(old)
        for item in items:
            slots = _slots(key, item)
            if not any(_same_statement(key, item, old) for slot in slots for old in filed.get(slot, ())):
                have.append(item)
                for slot in slots:
                    filed.setdefault(slot, []).append(item)
        self.data[key] = have

    # -------------------------------------------------------------------------------------------- forms
    def add_form(self, form) -> None:
        data = level_keys(mend_figures(copy.deepcopy(form.data)))
        unfilled = unfilled_of(getattr(form, "blank", None) or [], getattr(form, "unclear", None) or [])
        if unfilled:
            data["unfilled"] = unfilled
        sources = {path: str(source) for path, source in (form.sources or {}).items()}
        year = data.pop("year", None)
        department = data.pop("department_name", None)
        if year:
            self.data["year"] = int(year)
        if department and not self.data["department"].get("name", "").strip("（）未识别的部门"):
            self.data["department"]["name"] = department
        if form.target == "project":
            self._add_project(data, sources, form)
        else:
            _execution_not_total(data)
            if data.get("goals"):  # the narrative's reading of the same table's cells gives way to the form's
                self._drop_statements("goals[")
            listed = data.pop("projects", None)
            if listed is not None:
                self._listed_total(data.pop("budget", None), sources)
            self._tabled_budget |= {_number(v) for line in (data.get("budget") or {}).values()
                                    if isinstance(line, dict) for v in line.values()} - {None}
            for key, value in data.items():
                # a table's stated figures replace the narrative's of the same fact, the others stay
                self.data[key] = _merge_statements(self.data.get(key) or [], value) if key == "statements" else value
            self.sources.update(s for s in sources.items() if not s[0].startswith("projects["))
            by_project = _sources_by_project(sources) if listed else {}
            for i, project in enumerate(listed or []):  # a list of projects: each merged with what else read it
                own = by_project.get(str(i), {})
                self._add_project(project, own, form)

    def _listed_total(self, budget: dict | None, sources: dict[str, str]) -> None:
        """A list's 合计 row states what the listed projects' funds add up to: the department's project expenditure
        where nothing else (its budget table, the text) stated it. A budget table read after the list replaces it."""
        line = (budget or {}).get("project_expenditure") or {}
        if not line:
            return
        have = self.data.setdefault("budget", {})
        if not isinstance(have, dict):
            return
        own = have.setdefault("project_expenditure", {})
        for field, value in line.items():
            path = f"budget.project_expenditure.{field}"
            if own.get(field) is None:
                own[field] = value
                if path in sources:
                    self.sources[path] = sources[path]

    def _drop_statements(self, prefix: str) -> None:
        """Statements the narrative extractor made about cells a form has now read (a goal's indicator): the form's
        cell is the value, and the narrative's row, cut from a table it read as text, may be another row's."""
        kept = [s for s in self.data.get("statements") or [] if not str(s.get("fact", "")).startswith(prefix)]
        if "statements" in self.data and len(kept) != len(self.data["statements"]):
            self.data["statements"] = kept

    def drop_project_figures_read_as_the_departments(self, forms) -> None:
        """A project table's 总分 or funds row read by the narrative extractor as the department's: when no department
        form was recognised and a department-level figure is a project's own, it is the project's, not the
        department's."""
        if not forms or any(f.target != "project" for f in forms):
            return
        projects = self.data.get("projects") or []
        own = {(key, str(p.get(key))) for p in projects for key in ("stated_score", "stated_grade",
                                                                     "stated_execution_score")}
        budgets = [p.get("budget") or {} for p in projects]
        for key in ("stated_score", "stated_grade", "stated_execution_score"):
            if self.data.get(key) is not None and (key, str(self.data[key])) in own:
                del self.data[key]
        execution = self.data.get("execution")
        if execution and any(str(execution.get("spent")) == str(b.get("spent")) for b in budgets):
            del self.data["execution"]

    def distrust_misread_figures(self) -> None:
        """On a scan, an indicator whose score exceeds its weight, or whose weight reads 0, is far likelier misread by
        the OCR than wrong in the report: its weight is taken as not read, so the table's totals are held back and
        the coverage says so, instead of an error the document does not have."""
        tables = [("", self.data)] + [(f"项目“{p.get('name')}”", p) for p in self.data.get("projects") or []]
        tables += [("", g) for g in self.data.get("goals") or []]
        for owner, table in tables:
            for indicator in table.get("indicators") or []:
                weight, score = _number(indicator.get("weight")), _number(indicator.get("score"))
                if weight == 0 or (weight is not None and score is not None and score > weight):
                    indicator.pop("weight", None)
                    self.unplaced.append(f"{owner}指标“{indicator.get('name')}”的分值与得分识别结果不符（扫描件），"
                                         "未作为问题报告")

    def no_department_score_from_a_project(self, forms, whole: bool = False) -> None:
        """Reports made only of project tables: a score the text gives that is one of the projects' own (a sheet's
        总分 read again as prose) is that project's, not the department's — unless the text says it of the department
        as a whole (`whole`). A list of the projects (项目名称 | 预算数 | 执行数 …) is no department's table either."""
        if whole or not forms or any(f.target != "project" and not _list_of_projects(f) for f in forms):
            return
        projects = self.data.get("projects") or []
        score = _number(self.data.get("stated_score"))
        where = self.sources.get("stated_score", "")
        same = [i for i, p in enumerate(projects) if _number(p.get("stated_score")) == score
                and _same_row(where, self.sources.get(f"projects[{i}].stated_score", ""))]
        if score is not None and same:
            self.data.pop("stated_score")
            self.sources.pop("stated_score", None)
            grade = self.data.get("stated_grade")
            if grade is not None and grade in {p.get("stated_grade") for p in projects}:
                self.data.pop("stated_grade")

    def text_score_of_the_one_project(self, forms, whole: bool = False) -> None:
        """A project's report states the project's score in its text ("自评得分98分") while its table's 总分 is
        blank: the text's score is the project's, weighed against the table by SCORE.ABOVE_PARTS. A score the text
        gives the department as a whole (`whole`: 部门整体…自评得分95分) is the department's, beside its one project."""
        projects = self.data.get("projects") or []
        if whole or len(projects) != 1 or any(f.target != "project" for f in forms) or not forms:
            return
        project = projects[0]
        for key in ("stated_score", "stated_grade"):
            if project.get(key) is None and self.data.get(key) is not None:
                project[key] = self.data.pop(key)
                if key in self.sources:
                    self.sources["projects[0]." + key] = self.sources.pop(key)
            elif self.data.get(key) is not None and _same_score(key, self.data[key], project.get(key)):
                del self.data[key]  # the text repeats the project's own score: not a department's

    def _add_project(self, project: dict, sources: dict[str, str], form) -> None:
        if not _valid_project(project):
            self.unplaced.append(f"{_form_label(form)}“{project.get('name') or '（无名称）'}”的数据不完整，未纳入核对")
            return
        projects = self.data.setdefault("projects", [])
        index = next((i for i, p in enumerate(projects) if same_name(p.get("name"), project.get("name"))), None)
        if index is None and form.target == "project":  # a table's project that a list names a little otherwise
            index = _listed_as(project, {i: p for i, p in enumerate(projects) if i not in self._project_tables})
        if index is None:
            # a project table comes before the projects only a list of scores names (an S1 list read by the
            # narrative, which no table matched): the tables are the report's body, the list its summary
            index = next((i for i, p in enumerate(projects) if i not in self._tabled), len(projects))
            self._shift_project_sources(index)
            self._tabled = {i + 1 if i >= index else i for i in self._tabled}
            self._project_tables = {i + 1 if i >= index else i for i in self._project_tables}
            projects.insert(index, project)
        else:  # the form's cells are more precise than a sentence about the same project
            merged = dict(projects[index])
            # the name as first read: the same name (same_name), and the narrative's is mended (no wrap spaces)
            merged.update({k: v for k, v in project.items() if v not in (None, "", []) and k != "name"})
            if isinstance(merged.get("name"), str):
                merged["name"] = _BETWEEN_DIGITS.sub(lambda m: m.group(0).translate(_MEND), merged["name"])
            projects[index] = merged
        self._tabled.add(index)
        if form.target == "project":
            self._project_tables.add(index)
        for path, source in sources.items():
            self.sources[f"projects[{index}].{path}"] = source

    def _shift_project_sources(self, index: int) -> None:
        """Sources of projects[index] and after move one place down, as their projects do."""
        def moved(path: str) -> str:
            found = _PROJECT_PATH.match(path)
            if not found or int(found.group(1)) < index:
                return path
            return f"projects[{int(found.group(1)) + 1}]{found.group(2)}"
        self.sources = {moved(path): source for path, source in self.sources.items()}
        for statement in self.data.get("statements") or []:  # a statement about a project follows its project
            if isinstance(statement, dict) and isinstance(statement.get("fact"), str):
                statement["fact"] = moved(statement["fact"])


def _list_of_projects(form) -> bool:
    """A form that read nothing of the department's own: at most a list of projects (each row one project's name
    and figures), its year and the department's name."""
    return set(form.data or {}) <= {"projects", "year", "department_name"}


def build(assembly: Assembly, name: str):
    """The evaluation, or the reason it could not be built (an extractor bug must not hide the report)."""
    data = assembly.data
    data.setdefault("year", 0)
    data["read_from_report"] = True
    for owner in [data] + list(data.get("projects") or []):
        _texts_to_fields(owner)
    _department_from_mentions(data)
    _report_date(data, assembly.sources)
    if not data["department"].get("name"):
        data["department"]["name"] = "（未识别的部门）"
    problem = ""
    for _ in range(20):  # a value the model refuses is left out, said, and the rest is kept
        try:
            return evaluation_from_data(data, name), problem
        except InputError as error:
            paths = [p.path for p in error.problems if p.path]
            if not paths or not _drop(data, paths[0]):
                return None, str(error)
            assembly.unplaced.append(f"未能纳入核对：{error.problems[0]}")
            problem = str(error)
    return None, problem


UNKNOWN = "（未识别的部门）"


FORM_TEXT_FIELDS = (("偏差", "deviation_reason"), ("改进措施", "improvement"), ("存在问题", "problems"),
                    ("存在的问题", "problems"))


def _texts_to_fields(owner: dict) -> None:
    """A form's own text rows (偏差原因分析, 改进措施, 存在问题) fill the evaluation's or project's field of that name
    when nothing else did: the deviation check then reads the reason the report gives."""
    for text in owner.get("form_texts") or []:
        for word, field in FORM_TEXT_FIELDS:
            if word in (text.get("label") or "") and text.get("text") and not owner.get(field):
                owner[field] = text["text"]


def _department_from_mentions(data: dict) -> None:
    """A report whose title and labels did not name its department but whose text names itself one way throughout
    is that department's; when even that is unknown, names it uses for itself cannot be another's (DEPT.OTHER)."""
    name = (data["department"].get("name") or "").strip()
    if name and name != UNKNOWN:
        return
    names = {m.get("name") for m in data.get("mentioned_departments") or []}
    if len(names) == 1:
        data["department"]["name"] = names.pop()
    data.pop("mentioned_departments", None)


REPORT_DATE_LABEL = re.compile(r"报告日期|报告时间|出具日期")


def _report_date(data: dict, sources: dict[str, str]) -> None:
    """The date a report is signed on (the date under the signature, 于…完成自评) is its report date, when it states
    one; several different ones stay dates the text states (DATE.REPORTS asks which), and the one its 报告日期 field
    gives, when it has one, is the report date. A document that states none but its forms' one 填报日期 was reported
    on that date."""
    dated = [d for d in data.get("stated_dates") or [] if d.get("kind") == "report" and d.get("date")]
    filled = [d for d in data.get("stated_dates") or [] if d.get("kind") == "table" and d.get("date")]
    if not dated and not data.get("report_date") and len({str(d["date"]) for d in filled}) == 1:
        # a document of forms, dated only by their 填报日期 (under the table or in its head): that is the date it
        # was reported on — said once, as the report's date, not again as a table's
        for d in filled:
            d["kind"] = "report"
        dated = filled
    if len({str(d["date"]) for d in dated}) > 1:  # the one labelled 报告日期 (a cover's field) over a signature's
        labelled = [d for d in dated if REPORT_DATE_LABEL.search(d.get("text") or "")]
        dated = labelled if len({str(d["date"]) for d in labelled}) == 1 else dated
    if data.get("report_date") or len({str(d["date"]) for d in dated}) != 1:
        return
    data["report_date"] = dated[0]["date"]
    if dated[0].get("where"):
        sources.setdefault("report_date", dated[0]["where"])


def _drop(data: dict, path: str) -> bool:
    """Remove the value at `path` (a.b[2].c); False when there is nothing there to remove."""
    from jixiao.core import docpath

    try:
        parent_path, _, last = path.rpartition(".")
        parent = docpath.get(data, parent_path) if parent_path else data
    except (docpath.PathError, TypeError, ValueError):
        return False
    key = last.split("[")[0]
    if isinstance(parent, dict) and key in parent:
        if "[" in last and isinstance(parent[key], list):
            index = int(last[last.index("[") + 1:-1])
            if index < len(parent[key]):
                del parent[key][index]
                return True
            return False
        del parent[key]
        return True
    return False


# the fields that hold a figure: a letter in them is an OCR or typing confusion when the rest is a figure
FIGURE_FIELDS = frozenset({"budget_initial", "budget_adjusted", "spent", "weight", "score", "stated_score",
                           "stated_execution_score", "stated_execution_weight", "amount", "total", "value"})
_CONFUSABLE = re.compile(r"^[0-9OoIl.,，]*[0-9][0-9OoIl.,，]*$")
_MEND = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "，": ""})


# a target or actual that is a quantity (≥9O%, l00人次): its number mended when a letter sits inside it, before a
# digit, a decimal point or a % — a letter ending the number may be a unit (5l) and stays
_QUANTITY = re.compile(r"^([≥≤><=＞＜≧≦]?)([0-9OolI]*\d[0-9OolI]*(?:\.[0-9OolI]+)?)(%|[^\dA-Za-z.%][^\d]{0,4})?$")


_BETWEEN_DIGITS = re.compile(r"(?<=\d)[OolI]+(?=\d)")


def mend_figures(data: Any) -> Any:
    """O for 0 and l for 1 inside a figure field (2O → 20, l0 → 10), inside a target's or actual's number
    (≥9O% → ≥90%) and between a name's digits (2O23年度 → 2023年度); a name's words stay as written. A value that is not a figure even mended is left for the
    model to refuse."""
    if isinstance(data, list):
        return [mend_figures(x) for x in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        if key in FIGURE_FIELDS and isinstance(value, str) and _CONFUSABLE.match(value.strip()):
            value = value.strip().translate(_MEND).replace(",", "")
        elif key in ("target", "actual") and isinstance(value, str):
            value = _mended_quantity(value)
        elif key == "name" and isinstance(value, str):  # 2O23年度…: a letter between digits is a digit
            value = _BETWEEN_DIGITS.sub(lambda m: m.group(0).translate(_MEND), value)
        out[key] = mend_figures(value)
    return out


def _mended_quantity(text: str) -> str:
    found = _QUANTITY.match(text.strip())
    if not found or (found.group(2)[-1] in "OolI" and found.group(3) is None):
        return text
    return found.group(1) + found.group(2).translate(_MEND) + (found.group(3) or "")


_ROW = re.compile(r"(工作表“[^”]*”)?\s*(?:第 (\d+) 页)?\s*(?:表 (\d+))?.*?(?:第 (\d+)(?:–\d+)? 行|[A-Z]+(\d+))")


def _same_row(a: str, b: str) -> bool:
    """Two places on the same row of the same sheet, page or table (A17 and H17; 第 17 行 twice)."""
    ma, mb = _ROW.search(a or ""), _ROW.search(b or "")
    if not (ma and mb):
        return False
    key = lambda m: (m.group(1), m.group(2), m.group(3), m.group(4) or m.group(5))  # noqa: E731
    return key(ma) == key(mb)


def _same_score(key: str, a, b) -> bool:
    return _number(a) == _number(b) if key == "stated_score" else a == b


def _number(value):
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def unfilled_of(blank: list[str], unclear: list[str] = ()) -> list[str]:
    """The form's blank cells as the model's `unfilled` (FORM.UNFILLED): 得分 or 实际完成值 left blank in indicator
    rows, 总分 left blank — or perhaps blank (total_unclear: one figure in the 总分 row, full marks or the score)."""
    kinds = []
    if any(re.search(r"indicators\[\d+\]\.score$", b) for b in blank):
        kinds.append("score")
    if any(re.search(r"indicators\[\d+\]\.actual$", b) for b in blank):
        kinds.append("actual")
    if "stated_score" in blank:
        kinds.append("total")
    elif "stated_score" in unclear:
        kinds.append("total_unclear")
    return kinds


def _execution_not_total(data: dict) -> None:
    """A department table's funds block is what its execution score is computed on (`execution`); the department's
    budget in the report's other sense (年初预算 of 财政拨款, 决算 of all funds) is the running text's, so the table's
    figures do not also become `budget.total`, which the text's statements are compared with."""
    budget = data.get("budget")
    if isinstance(budget, dict) and data.get("execution") and budget.get("total") == data["execution"]:
        del budget["total"]
        if not budget:
            del data["budget"]


def _level_key(text: str, labels: dict[str, str]) -> str:
    """The model's key for a level as a form prints it: 产出指标（50分） → output, 服务对象满意度 → the longest label
    it holds; a label the model does not know is kept as printed."""
    if text in labels:
        return text
    plain = re.sub(r"[（(][^）)]*[）)]|\s", "", text)
    found = [(len(label), key) for key, label in labels.items()
             if label.removesuffix("指标") and label.removesuffix("指标") in plain]
    return max(found)[1] if found else text


def level_keys(data: Any) -> Any:
    """Indicators' level1/level2 as the model's keys, so that the scheme's categories (产出 50, 效益 30 …) hold them."""
    from jixiao.core.labels import LEVEL1, LEVEL2

    if isinstance(data, list):
        return [level_keys(x) for x in data]
    if not isinstance(data, dict):
        return data
    out = {k: level_keys(v) for k, v in data.items()}
    if isinstance(out.get("level1"), str):
        out["level1"] = _level_key(out["level1"], LEVEL1)
    if isinstance(out.get("level2"), str):
        out["level2"] = _level_key(out["level2"], LEVEL2)
    if isinstance(out.get("group"), str) and "weight" in out:  # a level-1 label's printed weight names its group
        out["group"] = _level_key(out["group"], LEVEL1)
    return out


def _sources_by_project(sources: dict[str, str]) -> dict[str, dict[str, str]]:
    """The sources under projects[i]. grouped by i (as written) with that prefix taken off, each group in the sources'
    order: gathered in one pass, not one pass over all the sources for every project of a long list (quadratic)."""
    grouped: dict[str, dict[str, str]] = {}
    for path, source in sources.items():
        if path.startswith("projects["):
            index, mark, rest = path[len("projects["):].partition("].")
            if mark:
                grouped.setdefault(index, {})[rest] = source
    return grouped


def _valid_project(project: dict) -> bool:
    try:
        evaluation_from_data({"year": 2000, "department": {"name": "-"}, "projects": [project]})
        return True
    except InputError:
        return False


def _same_statement(key: str, a, b) -> bool:
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return a == b
    if key == "stated_years":  # the same year on overlapping lines (a line inside the paragraph that holds it)
        return a.get("year") == b.get("year") and _overlap(a.get("where", ""), b.get("where", ""))
    if key == "stated_dates":
        return (a.get("kind"), a.get("date")) == (b.get("kind"), b.get("date"))
    if key == "form_texts":
        return a.get("label") == b.get("label") and _SPACES.sub("", a.get("text") or "") == _SPACES.sub("", b.get("text") or "")
    return a == b


_BLOCK = 64  # lines: a stated year is filed under each block of lines its place touches


def _slots(key: str, item) -> list:
    """Where an item is filed and looked for: two items _same_statement takes for one always share a slot (the same
    year, date or text; for a year, a block of the lines where both stand, or the same place without lines)."""
    if not isinstance(item, dict):
        return [("value",)]
    if key == "stated_years":
        found = ("year", item.get("year"))
        lines = _LINES.search(item.get("where", "") or "")
        if lines:
            first, last = sorted((int(lines[1]), int(lines[2] or lines[1])))
            slots = [found + (block,) for block in range(first // _BLOCK, last // _BLOCK + 1)]
        else:
            slots = [found + ("at", item.get("where", "") or "")]
    elif key == "stated_dates":
        slots = [("date", item.get("kind"), item.get("date"))]
    elif key == "form_texts":
        slots = [("text", item.get("label"), _SPACES.sub("", item.get("text") or ""))]
    else:
        return [("dict",)]
    try:
        [hash(slot) for slot in slots]
    except TypeError:  # a value that cannot be a key: compared with every other such item
        return [("unhashable",)]
    return slots


_LINES = re.compile(r"第 (\d+)(?:–(\d+))? 行")


def _overlap(a: str, b: str) -> bool:
    """Two places overlap when their line ranges do; places without lines (a table cell, a page) are compared as
    written."""
    ma, mb = _LINES.search(a or ""), _LINES.search(b or "")
    if not (ma and mb):
        return a == b
    a0, a1 = int(ma[1]), int(ma[2] or ma[1])
    b0, b1 = int(mb[1]), int(mb[2] or mb[1])
    return a0 <= b1 and b0 <= a1


def _form_label(form) -> str:
    from .coverage import FORM_NAMES

    return FORM_NAMES.get(form.template, form.template)


def _merge_statements(old: list[dict], new: list[dict]) -> list[dict]:
    """The mention layer's statements replace the narrative extractor's for the same fact: it tells this year's
    figure from last year's, which the phrasing patterns do not."""
    facts = {s["fact"] for s in new}
    return [s for s in old if s.get("fact") not in facts] + new


def _fill(data: dict, key: str, value: Any) -> int:
    """Set `value` under `key` where the data has nothing yet; nested dicts are filled key by key."""
    if isinstance(value, dict):
        target = data.setdefault(key, {})
        if not isinstance(target, dict):
            return 0
        return sum(_fill(target, k, v) for k, v in value.items())
    if data.get(key) in (None, "", [], {}):
        data[key] = _plain(value)
        return 1
    return 0


def _plain(value: Any) -> Any:
    """msgspec structs and Decimals as the plain data evaluation_from_data accepts."""
    import msgspec

    if isinstance(value, (str, int)) or value is None:
        return value
    return msgspec.to_builtins(value)
