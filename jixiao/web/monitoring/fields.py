"""The report's entry fields: their names in the form, how typed text is read (numbers with their bounds, texts with
their length), and the Chinese message naming the field and the row when it cannot be. Meaning (warnings) is the
core's (`jixiao.core.cycle.monitoring`); this module only reads what people type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jixiao.core import limits
from jixiao.core.cycle.monitoring import value_in_target_unit
from jixiao.web.evaluations.fields import line_breaks, read_number
from jixiao.web.params import PLAIN_NUMBER

PERCENT = limits.Bound(Decimal(0), Decimal(1000), 4, "百分比", high_included=True)
VALUE = limits.Bound(Decimal(0), Decimal(10) ** 12, 6, "完成值")  # in the target's unit: an amount's bounds, not 万元
TEXT_MAX = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－＋，％−", "0123456789.-+,%-")
_PLAIN_NUMBER = PLAIN_NUMBER  # params: ASCII digits only once translated (not ٣)


@dataclass(frozen=True)
class Field:
    attribute: str  # on the row or indicator model
    label: str
    kind: str  # money | value | percent | text

    def read(self, raw: str, target: str | None = None) -> tuple[Decimal | str | None, str | None]:
        """(value, Chinese problem or None); an empty field is None for numbers, '' for texts. `target`: the
        indicator's 年度指标值, whose unit a value may be typed with (the core reads it: `value_in_target_unit`)."""
        text = line_breaks(raw).strip()
        if _CONTROL.search(text):
            return None, "不能包含控制字符（如 NUL），请删除后重新输入"
        if self.kind == "text":
            return (None, f"最多 {TEXT_MAX} 个字，现有 {len(text)} 个") if len(text) > TEXT_MAX else (text, None)
        if not text:
            return None, None
        if self.kind == "percent":
            return read_percent(text)
        if self.kind == "value":
            value, problem = value_in_target_unit(text, target)
            problem = problem or (limits.bound_problem(value, VALUE) if value is not None else None)
            return (None, problem) if problem else (value, None)
        return read_number(text, "money")


def read_percent(text: str) -> tuple[Decimal | None, str | None]:
    """A percentage as people type it: 62.5, 62.5%, full-width digits."""
    cleaned = text.translate(_FULLWIDTH).replace(" ", "").removesuffix("%")
    if not _PLAIN_NUMBER.fullmatch(cleaned):
        return None, f"请输入百分比数字（如 62.5），不是“{text[:20]}{'…' if len(text) > 20 else ''}”"
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        return None, "请输入百分比数字"
    problem = limits.bound_problem(value, PERCENT)
    return (None, problem) if problem else (value, None)


ROW_FIELDS = (
    Field("spent_to_date", "截至本期支出", "money"),
    Field("goal_completion", "目标完成程度", "percent"),
    Field("deviation_reason", "偏差原因", "text"),
    Field("corrective_action", "纠偏措施", "text"),
)
INDICATOR_FIELDS = (
    Field("value_to_date", "截至本期完成值", "value"),
    Field("completion", "完成进度", "percent"),
)


def row_name(position: int, field: Field) -> str:
    return f"r{position}-{field.attribute}"


def indicator_name(row: int, position: int, field: Field) -> str:
    return f"r{row}-i{position}-{field.attribute}"


def shown(value) -> str:
    """A stored value as the field shows it: numbers without trailing zeros (62.5000 → 62.5)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)
