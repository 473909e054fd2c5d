"""Relations between a block's columns, as the templates write them:

    rate = spent / budget_adjusted      score <= weight      score = weight * min(rate, 1)      initial <= total.initial
    score = 0 if rate = 0

A rate column is read in percent as printed (98.61%) and used as a fraction on the right-hand side. Equality holds
within half a unit of the last place the left-hand value is printed to (9.86 against 9.8612…). A relation with a blank
operand is not checkable and holds. `total.x` names column x of the block's total row (parts are within their total).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .values import decimal

_ZERO = re.compile(r"^\s*([\w.#]+)\s*=\s*0\s+if\s+([\w.#]+)\s*=\s*0\s*$")
_FORM = re.compile(
    r"^\s*([\w.]+)\s*(<=|=)\s*(?:([\w.]+)\s*/\s*([\w.]+)|([\w.]+)\s*\*\s*min\(\s*([\w.]+)\s*,\s*1\s*\)|([\w.]+))\s*$")


@dataclass(frozen=True)
class Relation:
    text: str
    left: str
    op: str  # "=" or "<="
    kind: str  # ratio, capped, plain
    a: str
    b: str = ""

    def holds(self, row: dict[str, str | None], types: dict[str, str], context: dict[str, str | None]) -> bool:
        value = lambda name: _number(name, row, types, context)  # noqa: E731
        left = value(self.left)
        a = value(self.a)
        b = value(self.b) if self.b else None
        if left is None or a is None or (self.b and b is None):
            return True
        if self.kind == "zero":  # nothing executed earns nothing, whatever the scoring rule
            return a != 0 or left == 0
        if self.kind == "ratio":
            if b == 0:  # no budget: only nothing spent at a rate of nothing is consistent
                return a == 0 and left == 0
            right = a / b
        elif self.kind == "capped":
            right = a * min(b, Decimal(1))
        else:
            right = a
        if types.get(self.left) == "rate":
            left, right = left * 100, right * 100
        if self.op == "<=":
            return left <= right
        return abs(left - right) <= _half_unit(row.get(self.left) or context.get(self.left) or "")


def _number(name: str, row: dict, types: dict, context: dict) -> Decimal | None:
    if name.startswith("total."):
        raw = context.get(name[6:])
        type_ = types.get(name[6:])
    else:
        raw = row.get(name)
        type_ = types.get(name)
    if name.replace(".", "").isdigit():
        return Decimal(name)
    number = decimal(raw)
    if number is None:
        return None
    return number / 100 if type_ == "rate" else number


def _half_unit(text: str) -> Decimal:
    text = text.strip().rstrip("%")
    places = len(text.split(".")[1]) if "." in text else 0
    return Decimal(5) / Decimal(10) ** (places + 1) + Decimal("1e-9")


def parse(text: str) -> Relation:
    """A relation from a template; ValueError (with the text) when it is not one of the forms."""
    zero = _ZERO.match(text)
    if zero:
        return Relation(text, zero.group(1), "=", "zero", zero.group(2))
    found = _FORM.match(text)
    if not found:
        raise ValueError(text)
    left, op, ra, rb, ca, cb, plain = found.groups()
    if ra:
        return Relation(text, left, op, "ratio", ra, rb)
    if ca:
        return Relation(text, left, op, "capped", ca, cb)
    return Relation(text, left, op, "plain", plain)


def failing(relations: list[Relation], row: dict, types: dict, context: dict | None = None) -> list[Relation]:
    return [r for r in relations if not r.holds(row, types, context or {})]
