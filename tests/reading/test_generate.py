"""The variant generator: deterministic per seed, layouts vary, expectations come from the core's checks."""

from __future__ import annotations

from .generate import variants


def test_same_seed_same_variants_and_layouts_vary(library):
    first, again = variants(5, 2, library), variants(5, 2, library)
    assert [v.text for v in first] == [v.text for v in again]
    assert len({v.expect["layout"].split(",")[0] for v in variants(5, 4, library)}) >= 3  # several separators


def test_expected_findings_are_the_cores_on_the_written_part(library):
    defects = [v for v in variants(1, 1, library) if v.name.startswith("made-up-defects")][0]
    codes = {f["code"] for f in defects.expect["findings"]}
    assert {"EXECUTION.SCORE", "SCORE.METHOD", "GRADE.MISMATCH"} <= codes
    clean = [v for v in variants(1, 1, library) if v.name.startswith("made-up-clean")][0]
    assert clean.expect["findings"] == []
    assert "职业技能提升培训" in clean.text and clean.expect["facts"]["projects[0].stated_score"] == "96.2"


def test_conventions_are_drawn_per_variant(library):
    layouts = [v.expect["layout"] for v in variants(5, 4, library)]
    assert len({part for text in layouts for part in text.split(", ") if part.startswith("funds=")}) >= 3
    assert len({part for text in layouts for part in text.split(", ") if part.startswith("values=")}) >= 3
