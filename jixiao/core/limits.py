"""What a number in an evaluation may be, and the Chinese reason when it may not.

Real figures are small: a province's whole budget is below 10⁸ 万元, a weight below 100, a count below 10⁹. A value
far outside that is a typing slip or an attack, and left in it breaks arithmetic later (a 27-digit amount cannot be
rounded within Decimal's 28 digits; 1e9999999 overflows). So bounds are checked where numbers come in: the web's
fields use `bound` per kind, and every document the core builds passes `document_problems`.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, Rounded
from operator import attrgetter
from typing import Any, Callable, Iterator

import msgspec

from .docpath import child
from .phrasing import magnitude


@dataclass(frozen=True)
class Bound:
    """An allowed range: low ≤ value < high (or ≤ high when `high_included`), with at most `places` decimals."""

    low: Decimal | None
    high: Decimal
    places: int
    what: str  # the kind of number, for messages
    high_included: bool = False


MONEY = Bound(Decimal(0), Decimal(10) ** 12, 6, "金额（万元）")  # RULES §8: 万元 inputs carry up to 6 decimals
SIGNED = Bound(-(Decimal(10) ** 12), Decimal(10) ** 12, 6, "数值")
WEIGHT = Bound(Decimal(0), Decimal(100), 4, "分值", high_included=True)
SCORE = Bound(Decimal(0), Decimal(100), 4, "得分", high_included=True)
COUNT = Bound(Decimal(0), Decimal(10) ** 9, 0, "人数或个数")

# Anything the core accepts at all, whatever the field: far beyond real figures, far inside Decimal's range.
ANY = Bound(-(Decimal(10) ** 15), Decimal(10) ** 15, 10, "数值")


def places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def bound_problem(value: Decimal, bound: Bound) -> str | None:
    """Why `value` is outside `bound`, in Chinese, or None when it is inside."""
    if not value.is_finite():
        return f"{bound.what}必须是有限的数"
    if bound.low is not None and value < bound.low:
        return f"{bound.what}不能小于 {magnitude(bound.low)}" if bound.low else f"{bound.what}不能为负数"
    too_high = value > bound.high if bound.high_included else value >= bound.high
    if too_high:
        return f"{bound.what}不能{'超过' if bound.high_included else '达到或超过'} {magnitude(bound.high)}"
    if places(value) > bound.places:
        return f"{bound.what}最多 {bound.places} 位小数" if bound.places else f"{bound.what}应为整数"
    return None


def document_problems(document: Any, path: str = "", validated: bool = False) -> Iterator[tuple[str, str]]:
    """(path, reason) for every number of a built document outside what the core accepts at all (`ANY`).

    Nearly every document has none: it is walked once without naming any path (`_any_problem`), and walked again
    naming them only when something is wrong. Naming the path of each of a department's ten thousand fields, a
    generator for each, cost more than scoring and checking it. `validated`: msgspec built the document from data
    and checked every field's type, so a field declared to hold text, a flag or a date holds nothing else and need
    not be read (`_number_fields`)."""
    if not _any_problem((document,), _number_values if validated else msgspec.structs.astuple):
        return iter(())
    return _problems(document, path)


_TEXT_ONLY = (str, bool, type(None), dt.date)


def _number_fields(cls: type) -> tuple[str, ...]:
    """The fields of a Struct type that may hold a number, or a list or Struct that may: all but those declared to
    hold text (a Literal of texts too), a flag, a date or nothing."""
    found = []
    for name, hint in typing.get_type_hints(cls).items():
        options = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
        if not all(option in _TEXT_ONLY or (typing.get_origin(option) is typing.Literal
                                           and all(type(v) is str for v in typing.get_args(option)))
                   for option in options):
            found.append(name)
    return tuple(name for name in cls.__struct_fields__ if name in found)


_NUMBER_GETTERS: dict[type, Any] = {}


def _number_values(struct: msgspec.Struct) -> tuple:
    """The values of `struct`'s `_number_fields` (the getter made once per type)."""
    getter = _NUMBER_GETTERS.get(type(struct))
    if getter is None:
        names = _number_fields(type(struct))
        getter = _NUMBER_GETTERS[type(struct)] = (
            (lambda _: ()) if not names else (lambda s, get=attrgetter(names[0]): (get(s),)) if len(names) == 1
            else attrgetter(*names))
    return getter(struct)


# What `bound_problem(value, ANY)` tests, for `_any_problem`: a finite value in [LOW, HIGH) with at most ANY.places
# decimals. A non-zero value with more has an exponent below -ANY.places, and only then does quantizing it to
# ANY.places discard digits (zeros too), which this context signals as Rounded: one C call, where reading the exponent
# from `as_tuple` builds a tuple of every digit.
_ANY_QUANTUM = Decimal(1).scaleb(-ANY.places)
_DISCARDING = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[Rounded])


def _any_problem(document: Any, values: Callable[[msgspec.Struct], tuple] = msgspec.structs.astuple) -> bool:
    """Whether `_problems` yields anything for the values of `document` (a tuple or list): the same tests of the same
    values, without a path; `values` gives those of a Struct (all of them, or `_number_values`)."""
    stack = [document]
    pop, push = stack.pop, stack.append
    low, high = ANY.low, ANY.high
    while stack:
        for value in pop():
            if value is None:
                continue  # what most fields hold
            kind = type(value)
            if kind is str or kind is bool:
                continue  # what `_problems` passes over
            if isinstance(value, Decimal):
                if not value.is_finite() or value < low or value >= high:
                    return True
                if not value:  # a zero (0E-12) discards no digit, whatever its exponent: read it
                    if bound_problem(value, ANY) is not None:
                        return True
                    continue
                try:
                    value.quantize(_ANY_QUANTUM, None, _DISCARDING)  # positional: a keyword costs as much again
                except Rounded:
                    return True
            elif isinstance(value, int):  # not a bool: bool has no subclasses, and bools were passed over above
                if abs(value) >= 10 ** 15:
                    return True
            elif isinstance(value, list):
                push(value)
            elif isinstance(value, msgspec.Struct):
                push(values(value))
    return False


def _problems(document: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """`document_problems` field by field, each with its path."""
    if isinstance(document, Decimal):
        reason = bound_problem(document, ANY)
        if reason:
            yield path, reason
    elif isinstance(document, int) and not isinstance(document, bool):
        if abs(document) >= 10 ** 15:
            yield path, "数值过大"
    elif isinstance(document, list):
        for index, item in enumerate(document):
            yield from _problems(item, child(path, index))
    elif isinstance(document, msgspec.Struct):
        for name in document.__struct_fields__:
            yield from _problems(getattr(document, name), child(path, name))
