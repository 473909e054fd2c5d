"""Documents out of any figure an Evaluation holds: a 27-digit amount, 1E+30, tiny, negative and many-decimal
amounts render as docx, PDF and xlsx without an exception (issue 8, finding 5); the workbook never receives text
longer than a cell holds or a number Excel cannot hold; control characters do not break Word.

The evaluations are converted straight into the model, past any bounds a reader puts on input: inputs get bounds
(the web's fields, the core's readers), but a writer must hold whatever an Evaluation can hold."""

from __future__ import annotations

import io
import math
from decimal import Decimal as D
from itertools import cycle

import msgspec
import openpyxl
import pytest
from docx import Document as Docx
from hypothesis import HealthCheck, example, given, settings, strategies as st

from jixiao.core.build import evaluation_to_data
from jixiao.core.model import Evaluation
from jixiao.core.money import fixed, fmt_percent, fmt_plain, fmt_score, fmt_wan, round_half_up
from jixiao.io.documents import render
from jixiao.io.xlsx_formulas import EXCEL_MAX

MONEY_SECTIONS = ("budget", "income", "three_public_expenses", "fixed_assets")
CUT = "…（已截断）"


@pytest.fixture(scope="module")
def base(jingzhou, tongcheng, changli):
    """Seed 002 (income, spending, 三公, assets, charts) with two Hubei and two MoF-style projects added."""
    data = evaluation_to_data(jingzhou)
    data["projects"] = evaluation_to_data(tongcheng)["projects"][:2] + evaluation_to_data(changli)["projects"][:2]
    return data


def with_amounts(data: dict, amounts: list[D]) -> dict:
    """The evaluation with every money figure replaced, in turn, by one of `amounts`."""
    values = cycle(amounts)

    def replace(node):
        if isinstance(node, dict):
            return {k: (f"{next(values)}" if isinstance(v, str) and k not in ("name", "currency_unit") else replace(v))
                    for k, v in node.items()}
        if isinstance(node, list):
            return [replace(item) for item in node]
        return node

    changed = dict(data)
    for key in MONEY_SECTIONS:
        changed[key] = replace(data[key])
    units = [{**unit, **{key: replace(unit[key]) for key in MONEY_SECTIONS if unit.get(key)}}
             for unit in data["department"]["units"]]
    changed["department"] = {**data["department"], "units": units}
    changed["projects"] = [{**p, "budget": replace(p["budget"])} for p in data["projects"]]
    return changed


def evaluation_from_data(data: dict) -> Evaluation:
    return msgspec.convert(data, type=Evaluation)


def decimal_from(sign: int, digits: int, exponent: int) -> D:
    return D((sign, tuple(int(d) for d in str(digits)), exponent))


# huge (up to 47 digits), tiny (down to 1E-40), negative, and up to 40 decimal places; and as large and as precise
# as real input may be (below 10^15, 10 decimals)
amounts = st.one_of(st.builds(decimal_from, st.integers(0, 1), st.integers(0, 10**35), st.integers(-40, 12)),
                    st.builds(decimal_from, st.integers(0, 1), st.integers(0, 10**25 - 1), st.just(-10)))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(amounts, min_size=7, max_size=7))
@example([D("123456789012345678901234567")] * 7)  # the 27-digit amount of the finding
@example([D("1E+30"), D("-0.0000000000000000000000000001"), D("-123456.123456789012345678901234567890"),
          D("1E-40"), D("0"), D("99999999999999999999999999.995"), D("-1E+30")])
def test_any_amount_renders_in_every_document(library, base, amounts):
    evaluation = evaluation_from_data(with_amounts(base, amounts))
    docx = render(evaluation, library, "docx").content
    assert "靖州县人力资源和社会保障局" in "".join(p.text for p in Docx(io.BytesIO(docx)).paragraphs)
    assert render(evaluation, library, "pdf").content.startswith(b"%PDF")
    assert_excel_can_hold(render(evaluation, library, "xlsx").content)


def assert_excel_can_hold(content: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    assert math.isfinite(cell.value) and abs(cell.value) <= EXCEL_MAX, (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert len(cell.value) <= 32767, (sheet.title, cell.coordinate)


def test_figures_beyond_excel_and_text_beyond_a_cell(library, base):
    data = with_amounts(base, [D("1E+400"), D("-1E+400"), D("12.5")])
    data["projects"][0]["name"] = "项" * 40_000
    data["projects"][0]["indicators"][0]["deviation_reason"] = "9" * 10_000_000
    content = render(evaluation_from_data(data), library, "xlsx").content
    assert_excel_can_hold(content)
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book["项目1"]["B2"].value == "项" * (32767 - len(CUT)) + CUT  # cut, and visibly so
    assert book["项目1"]["H11"].value.endswith("9" + CUT)
    budget = book["预算执行"]
    assert (budget["B3"].value, budget["B3"].data_type) == ("1.00E+400", "s")  # as the report states it, as text
    assert (budget["D3"].value, budget["D3"].data_type) == ("-1.00E+400", "s")
    assert (budget["D4"].value, budget["D4"].data_type) == (12.5, "n")


def test_control_characters_do_not_break_word(library, jingzhou):
    data = evaluation_to_data(jingzhou)
    data["department"]["name"] = "靖州县\x00人力资源\x01和社会保障局\x0b"
    docx = render(evaluation_from_data(data), library, "docx").content
    assert "靖州县人力资源和社会保障局" in "\n".join(p.text for p in Docx(io.BytesIO(docx)).paragraphs)


# ------------------------------------------------------------------------------------------------ formatting
@pytest.mark.parametrize("value, wan, percent, score", [
    ("123456789012345678901234567.125", "123,456,789,012,345,678,901,234,567.13", "12345678901234567890123456712.50%",
     "123456789012345678901234567.13"),
    ("1E+30", "1.00E+30", "1.00E+32%", "1.00E+30"),
    ("1.125E+40", "1.13E+40", "1.13E+42%", "1.13E+40"),  # half up in scientific notation too
    ("1E+9999999", "1.00E+9999999", "1.00E+10000001%", "1.00E+9999999"),
    ("0.123456789012345678901234567891", "0.12", "12.35%", "0.12"),
    ("-0.001", "0.00", "-0.10%", "0"),  # never "-0.00"
    ("2366.075", "2,366.08", "236607.50%", "2366.08"),
    ("NaN", "—", "—", "—"),
])
def test_formatting_never_fails(value, wan, percent, score):
    assert (fmt_wan(D(value)), fmt_percent(D(value)), fmt_score(D(value))) == (wan, percent, score)


def test_rounding_is_exact_beyond_the_default_precision():
    assert round_half_up(D("123456789012345678901234567.125"), 2) == D("123456789012345678901234567.13")
    assert round_half_up(D("1.00000000000000000000000000000000005"), 34) == D("1.0000000000000000000000000000000001")
    assert fixed(D("1E-40"), 2) == "0.00" and fmt_plain(D("1E+40")) == "1E+40"
