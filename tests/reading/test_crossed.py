"""The crossed group of bench/accuracy.py: dev fixtures re-rendered in other layouts with their own expectation."""

from __future__ import annotations

import yaml

from tests.reading.crossed import STYLES, crossable, render, variants
from tests.reading.fixtures.build import HERE, fixtures_of


def test_every_block_or_sheet_fixture_is_crossed_in_every_other_layout_with_its_expectation():
    crossed = list(variants(STYLES[:-1]))  # the text layouts (a .docx is checked below: writing them all is slow)
    sources = {f.name: f for f in fixtures_of("dev") if f.blocks is not None or f.sheets is not None}
    assert {v.name.split("~")[0] for v in crossed} == set(sources)
    for v in crossed:
        fixture, style = v.name.split("~")
        assert style in STYLES
        written = yaml.safe_load((HERE / "dev" / f"{fixture}.expect.yaml").read_text(encoding="utf-8"))
        assert v.expect == dict(written, document=v.name)
        assert v.file_name.endswith({"docx": ".docx", "markdown": ".md"}.get(style, ".txt"))
    tabs = next(v for v in crossed if v.name == "hubei-dept-2022.xlsx~tabs")
    assert "年度资金总额\t" in tabs.content.decode("utf-8")  # the sheet's table, its cells tab-separated


def test_a_fixture_not_written_as_docx_is_crossed_into_one():
    fixture = next(f for f in fixtures_of("dev") if f.name == "gansu-dept-2021.pdf")
    content = render(fixture, "docx")
    assert content[:2] == b"PK"  # a .docx (a zip)
    assert not crossable(next(f for f in fixtures_of("dev") if f.text is not None))  # text fixtures have no blocks
