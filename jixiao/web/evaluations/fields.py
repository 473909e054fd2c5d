"""Fields, grids and sections of the data-entry pages, declared as data.

A Field knows where its value lives in the evaluation document, how typed text is read (numbers with their bounds,
dates, choices) with a Chinese message when it cannot be, how a stored value is shown, and how its widget is drawn.
Meaning (scores, checks) is the core's; this module only reads and shows what people type.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from html import escape as _html_escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from jixiao.core import limits
from jixiao.core.facts import GRADE_COUNT_PREFIX
from jixiao.core.phrasing import join_lines
from jixiao.core.targets import halfwidth_figures
from jixiao.web.params import PLAIN_NUMBER

YES = {"on", "true", "1", "是", "yes"}
TEXT_MAX = {"text": 500, "quantity": 200, "longtext": 20000}
# Characters a form never needs and storage refuses (PostgreSQL's jsonb has no NUL): tab and newlines are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def line_breaks(text: str) -> str:
    r"""A text's line breaks as the documents store them (\n): a browser posts a text area's as \r\n, which would read
    as a change of every multi-line text at its first save (and be audited as an edit nobody made)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋，−", "0123456789.-+,-")
_PLAIN_NUMBER = PLAIN_NUMBER  # params: ASCII digits only once translated (not ٣)
_SUFFIXES = {"money": ("万元",), "signed": ("万元",), "weight": ("分",), "score": ("分",), "count": ("人", "个", "份")}
BOUNDS = {"money": limits.MONEY, "signed": limits.SIGNED, "weight": limits.WEIGHT, "score": limits.SCORE,
          "count": limits.COUNT}
NUMBER_KINDS = frozenset(BOUNDS)
EXAMPLES = {"money": "1209.14", "signed": "-18.92", "weight": "10", "score": "8.5", "count": "36"}


def read_number(text: str, kind: str) -> tuple[Decimal | None, str | None]:
    """A number as people type it — full-width digits, thousands separators, the unit after it — within the bounds
    of its kind; or the reason it cannot be read."""
    cleaned = text.translate(_FULLWIDTH).replace(" ", "")
    for suffix in _SUFFIXES.get(kind, ()):
        cleaned = cleaned.removesuffix(suffix)
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        in_yuan = cleaned.removesuffix("元") if kind in ("money", "signed") and cleaned.endswith("元") else ""
        if in_yuan and _PLAIN_NUMBER.fullmatch(in_yuan):  # 150000元 typed where 万元 are asked: say what it is
            wan = (Decimal(in_yuan.replace(",", "")) / 10000).normalize()
            return None, f"金额以万元填写：{in_yuan} 元即 {wan:f} 万元，请填 {wan:f}"
        return None, f"请输入数字（如 {EXAMPLES[kind]}），不是“{_short(text)}”"
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        return None, f"请输入数字，不是“{_short(text)}”"
    if value == 0:
        value = abs(value)  # -0 is 0: kept and shown as 0, not “-0” (a security test stored -0 in money and weights)
    problem = limits.bound_problem(value, BOUNDS[kind])
    return (None, problem) if problem else (value, None)


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


LONG_TEXT = 11  # characters a grid's text cell (w-l, 156 px) shows at 1366×768 in one line


@dataclass(frozen=True)
class Field:
    path: str  # in the document, or in a grid row
    label: str
    kind: str = "text"  # text | longtext | quantity | money | signed | weight | score | count | date | choice | bool
    #                     | tristate | fact
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    css: str = ""
    help: str = ""  # shown beside the label
    required: bool = False  # in a table: a kept row must have it (the core's model requires it)
    max_length: int | None = None  # text shorter than its kind allows (a grade is a word, not a paragraph)
    # a text read in one line but shown whole: drawn as a one-row text area that wraps and grows with its words (a
    # 三级指标 name in a narrow grid column); Enter moves on as in an input (app.js), a line break reads as a space
    wrap: bool = False
    # a stated figure the rules compute (所列得分 …): the key of the computed value the live panel carries
    # (data-computed), which the field's 填入计算结果 button copies in; "" for none
    fill: str = ""

    def read(self, raw: str | None) -> tuple[Any, str | None]:
        """(value for the document, error in Chinese or None)."""
        text = line_breaks(raw or "").strip()
        if self.wrap:
            text = join_lines(text)  # a name pasted from a wrapped cell, as a PDF's wrapped cell is read
        if self.kind == "bool":
            return text.lower() in YES, None
        if self.kind == "tristate":  # 达到 / 未达到 / not yet judged
            choices = {"": None, "true": True, "false": False, "达到": True, "未达到": False, "未评": None}
            if text not in choices:
                return None, f"请从列表中选择（达到、未达到或未评），不是“{_short(text)}”"
            return choices[text], None
        if _CONTROL.search(text):
            return None, "不能包含控制字符（如 NUL），请删除后重新输入"
        if not text:
            return None, None
        if self.kind in NUMBER_KINDS:
            value, error = read_number(text, self.kind)
            if error:
                return None, error
            return (int(value) if self.kind == "count" else f"{value:f}"), None
        if self.kind == "date":
            return _read_date(text)
        if self.kind == "choice":
            return self._read_choice(text)
        if self.kind == "fact":
            return self._read_fact(text)
        if self.kind == "quantity":
            text = halfwidth_figures(text)
        limit = self.max_length or TEXT_MAX.get(self.kind, TEXT_MAX["text"])
        if len(text) > limit:
            return None, f"最多 {limit} 个字，现有 {len(text)} 个"
        return text, None

    def _read_fact(self, text: str) -> tuple[Any, str | None]:
        """A fact of the registry (by its key or its Chinese name) or a path into the document."""
        from jixiao.core import docpath

        for key, label in self.choices:
            if text in (key, label):
                return key, None
        if text.startswith(GRADE_COUNT_PREFIX) or (docpath.is_path(text) and _in_model(text)):
            return text, None
        return None, f"不认识的事项“{_short(text)}”：请从列表中选择，或填写数据中的位置"

    def place_in_words(self, shown: str, document: Any) -> str:
        """A fact typed as a place in the data (`goals[6].indicators[0].actual`) in words, to show beside its input:
        the input keeps the path, which is what is posted back. '' for a fact of the list (its input shows its
        name already), an empty cell or text that is no place."""
        from jixiao.core import docpath
        from jixiao.core.facts import fact_label
        from jixiao.core.locations import describe

        if self.kind != "fact" or not shown or shown in dict(self.choices).values():
            return ""
        if shown.startswith(GRADE_COUNT_PREFIX):
            return fact_label(shown)  # 评为“优”的项目个数
        if docpath.is_path(shown) and _in_model(shown):
            return describe(shown, document)
        return ""

    def _read_choice(self, text: str) -> tuple[Any, str | None]:
        for value, label in self.choices:
            if text == value or text == label:  # a label: pasted from a sheet that shows the Chinese
                return value or None, None
        return None, f"请从列表中选择，不是“{_short(text)}”"

    def show(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "bool":
            return "on" if value else ""
        if self.kind == "tristate":
            return "true" if value is True else "false" if value is False else ""
        if self.kind == "fact":  # a fact of the registry by its Chinese name
            return dict(self.choices).get(value, str(value))
        return str(value)

    def widget(self, name: str, value: str, editable: bool, *, element_id: str = "", title: str = "") -> SafeString:
        """The input for this field, one place for every kind (no template include per cell). `title`: a note
        shown on hovering, e.g. where an imported value was read. Built with plain string formatting over `_e`
        (the same escaping as format_html, without its per-argument wrappers: a grid page draws thousands)."""
        id_attr = f' id="{_e(element_id)}"' if element_id else ""
        # a long text in a narrow cell is read whole on hovering (one that wraps shows itself whole)
        whole = str(value) if self.kind == "text" and not self.wrap and value and len(str(value)) > LONG_TEXT else ""
        if title:
            shown = f"{title}\n{whole}" if whole else title
            id_attr = f'{id_attr} title="{_e(shown)}" data-source="{_e(title)}"'
        elif whole:
            id_attr = f'{id_attr} title="{_e(whole)}"'
        lock = "" if editable else (" disabled" if self.kind in ("choice", "bool", "tristate") else " readonly")
        if self.kind == "longtext":
            return mark_safe(f'<textarea{id_attr} name="{_e(name)}"{lock}>{_e(value)}</textarea>')
        if self.wrap:
            return mark_safe(f'<textarea{id_attr} name="{_e(name)}" rows="1" class="{_e(self.css)} {_e(self.kind)} wrap"'
                             f'{lock}>{_e(value)}</textarea>')
        if self.kind in ("choice", "tristate"):
            options = self.choices if self.kind == "choice" else (("true", "达到"), ("false", "未达到"))
            blank = "未评" if self.kind == "tristate" else ""
            rendered = "".join(f'<option value="{_e(v)}"{" selected" if v == value else ""}>{_e(label)}</option>'
                               for v, label in options if v)
            return mark_safe(f'<select{id_attr} name="{_e(name)}" class="{_e(self.css)}"{lock}>'
                             f'<option value="">{blank}</option>{rendered}</select>')
        if self.kind == "bool":
            # the hidden twin says the field was on the form, so an unticked box is told from an absent one
            checked = " checked" if value else ""
            return mark_safe(f'<input type="hidden" name="{_e(name)}" value=""{lock}>'
                             f'<input type="checkbox"{id_attr} name="{_e(name)}"{checked}{lock}>')
        mode = ' inputmode="decimal"' if self.kind in NUMBER_KINDS else ' list="fact-names"' if self.kind == "fact" else ""
        return mark_safe(f'<input{id_attr} name="{_e(name)}" value="{_e(value)}" class="{_e(self.css)} '
                         f'{_e(self.kind)}"{mode}{lock}>')


def _escape(text: str) -> str:
    """html.escape(text), the same characters written: most texts of a page's rows (names, figures, Chinese prose)
    hold none of the five it replaces, and five `in` tests cost less than its five `replace` calls (issue 11: the
    escaping of rows drawn in Python was a fifth of a first drawing)."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return _html_escape(text)
    return text


def _e(value: Any) -> str:
    """Django's conditional_escape (html.escape of the text, safe strings as they are) without its lazy wrappers. A
    plain str (not a safe string, a subclass) and an int or Decimal (digits, sign, point, exponent: nothing to
    escape) are told apart first, without looking for `__html__`."""
    kind = type(value)
    if kind is str:
        return _escape(value)
    if kind is int or kind is Decimal:
        return str(value)
    html = getattr(value, "__html__", None)
    return html() if html is not None else _escape(str(value))


def stored_or_dash(value: Any) -> str:
    """A stored text (a grade) escaped, or — when there is none, for rows drawn in Python. A score is shown by
    `money.fmt_total`, whose 0 is 0.00, not —."""
    from django.utils.formats import localize

    return _e(localize(value)) if value is not None and value != "" else "—"


def _in_model(path: str) -> bool:
    """A path whose first step is a field of the evaluation (budget.…, projects[3].…), not any word."""
    from jixiao.core import docpath
    from jixiao.core.model import Evaluation

    return docpath.parse(path)[0] in Evaluation.__struct_fields__


DATE_EXAMPLE = "2024-03-20"  # the date a refused date's message shows the format by (a form may show its own)


def _read_date(text: str) -> tuple[str | None, str | None]:
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text.translate(_FULLWIDTH))
    try:
        if match is None:
            raise ValueError
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat(), None
    except ValueError:
        return None, f"请按 {DATE_EXAMPLE} 的格式填写日期，不是“{_short(text)}”"


def money(path: str, label: str) -> Field:
    return Field(path, label, "money", "万元")


def count(path: str, label: str, unit: str = "人") -> Field:
    return Field(path, label, "count", unit)


def choice(path: str, label: str, options: dict[str, str], css: str = "", help: str = "",
           required: bool = False) -> Field:
    return Field(path, label, "choice", choices=tuple(options.items()), css=css, help=help, required=required)


# ------------------------------------------------------------------------------------------------------ grids
@dataclass(frozen=True)
class Grid:
    """A list in the document edited as a table; each row keeps the fields the table does not show."""

    name: str  # form prefix
    path: str  # the list in the document, e.g. department.units
    label: str
    columns: tuple[Field, ...]
    scored: bool = False  # indicator grids show each row's score and findings
    row_page: str = ""  # each stored row links to this page, e.g. "project-{index}" (its own table)

    def rows_of(self, stored: list) -> list[dict]:
        """The table's rows from the stored list (one row per item)."""
        return [row if isinstance(row, dict) else {} for row in stored]

    def list_of(self, rows: list[dict]) -> list:
        """The stored list from the table's rows."""
        return rows

    def row_path(self, index: int) -> str | None:
        """The document path of a row's item, for its scores and findings."""
        return f"{self.path}[{index}]"


@dataclass(frozen=True)
class SurveyGrid(Grid):
    """A questionnaire edited as one row per option: rows with the same question text form one question."""

    def rows_of(self, stored: list) -> list[dict]:
        return [{"question": q.get("text"), **option} for q in stored if isinstance(q, dict)
                for option in q.get("options", []) if isinstance(option, dict)]

    def list_of(self, rows: list[dict]) -> list:
        questions: list[dict] = []
        for row in rows:
            row = dict(row)
            text = row.pop("question", None) or (questions[-1]["text"] if questions else "（未命名题目）")
            if not questions or questions[-1]["text"] != text:
                questions.append({"text": text, "options": []})
            row.setdefault("label", "")
            row.setdefault("points", "0")
            questions[-1]["options"].append(row)
        return questions

    def row_path(self, index: int) -> str | None:
        return None  # a row is an option, not an item of the stored list


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...] = ()
    grids: tuple[Grid, ...] = ()
    groups: tuple[tuple[str, tuple[Field, ...]], ...] = ()  # fields shown under sub-headings
    # Lists saved whole when any field inside them is edited: the framework page's answers are aligned to the
    # scheme, so their indices on the page need not be those stored.
    whole: tuple[str, ...] = ()
    help: str = ""
    paired: bool = False  # group i and grid i belong together (a goal and its indicators, a survey and its options)
    rules: tuple = ()  # functions (document) → [(path of a field on the page, Chinese message)] across fields

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return self.fields + tuple(f for _, fs in self.groups for f in fs)

    @property
    def paths(self) -> list[str]:
        """Every document path this page can change."""
        return list(self.whole) or [f.path for f in self.all_fields] + [g.path for g in self.grids]
