"""Every dev fixture reads into a Layout in which the values its expectation names are found."""

from __future__ import annotations

import pytest

from jixiao.io.layout import Layout, read

from .support import DOCUMENTS, SCANS, expected_values, found, layout_text

NOT_SCANS = [d for d in DOCUMENTS if d.name not in SCANS]


@pytest.fixture(scope="module")
def layouts() -> dict[str, Layout]:
    return {}


def layout_of(cache: dict[str, Layout], document) -> Layout:
    if document.name not in cache:
        cache[document.name] = read(document.name, document.read_bytes())
    return cache[document.name]


@pytest.mark.parametrize("document", NOT_SCANS, ids=lambda d: d.name)
def test_every_dev_fixture_reads_with_its_department_and_figures(document, layouts):
    layout = layout_of(layouts, document)
    assert layout.tables() or layout.paragraphs()
    values = expected_values(document)
    seen = found(values, layout_text(layout))
    print(f"{document.name}: {len(seen)}/{len(values)} expected values found")
    assert values[0] in seen, f"department {values[0]} not in the layout"
    # what is missing is composed by the forms (an operator, a number and a unit in three cells): ≥ 70 % as written
    assert len(seen) >= 0.7 * len(values), sorted(set(values) - set(seen))


def test_kinds_follow_the_files(layouts):
    kinds = {d.suffix: layout_of(layouts, d).kind for d in NOT_SCANS}
    assert kinds[".docx"] == "docx" and kinds[".doc"] == "doc"
    assert kinds[".xlsx"] == "xlsx" and kinds[".xls"] == "xls"
    assert kinds[".txt"] == "text" and kinds[".md"] == "markdown"
    assert kinds[".pdf"] == "pdf"
