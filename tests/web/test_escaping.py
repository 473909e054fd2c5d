"""The escaping of rows drawn in Python (evaluations.fields._e and _escape, issue 11: a fifth of a first drawing) writes
exactly what html.escape and Django's conditional_escape write, for texts with and without the five characters they
replace, and for every kind of value a row shows."""

from __future__ import annotations

import itertools
from decimal import Decimal
from html import escape

from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from jixiao.web.evaluations.fields import _e, _escape

TRICKY = [
    "", " ", "12.50", "-3", "通城县人力资源和社会保障局", "农民工工资清欠“专项”资金（2023年）", "a & b",
    "&amp;", "&&", "<script>alert('x')</script>", '"quoted"', "'single'", "<>", "x>y", "1<2", "A&B<C>D\"E'F",
    "&#x27;", "\u00a0&\u3000",
    "emoji 😀 & 表情", "line\nbreak & tab\t", "\x00nul<", "'" * 5, "&" * 3 + "<" * 3, "一" * 500 + "&", "<" + "字" * 300,
    "％＆＜＞＂＇",  # full-width lookalikes: not escaped
]


def test_escape_writes_what_html_escape_writes():
    for text in TRICKY:
        assert _escape(text) == escape(text), text
    for pair in itertools.product("a&<>\"'字", repeat=3):  # every place of every special among plain characters
        text = "".join(pair)
        assert _escape(text) == escape(text), text


class _Str(str):
    pass


def test_each_kind_of_value_is_written_as_conditional_escape_writes_it():
    values = [*TRICKY, 0, 7, -12, True, False, None, 3.5, Decimal("1234.50"), Decimal("-0E+3"), Decimal("NaN"),
              Decimal("Infinity"), mark_safe("<b>kept</b>"), SafeString("&amp;"), _Str("a<b"),
              lazy(lambda: "惰性 <x>", str)()]
    for value in values:
        assert _e(value) == str(conditional_escape(value)), repr(value)
        assert type(_e(value)) in (str, SafeString)
