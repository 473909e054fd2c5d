"""The cross-layout group: every dev fixture written as blocks (Word/PDF-style content) or sheets, re-rendered in the
other layouts the bureau receives, with the same expectation — facts and findings do not depend on the layout.

Text in each convention of authoring.flatten (tabs, runs of spaces, "|" pipes, markdown, one cell per line, cells run
together) and, for fixtures that are not .docx already, a .docx with real merged cells. Built in memory at benchmark
time from the dev specs only (never from kept_out); no LibreOffice conversions and no scans, which are slow.

A variant is named `<fixture>~<style>`; the audit sees that name with the extension of the variant's format
(`.txt`, `.md`, `.docx`), since the reader chooses its reader by extension.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.reading.fixtures.authoring import flatten, write_docx
from tests.reading.fixtures.build import Fixture, expectation, fixtures_of

TEXT_STYLES = ("tabs", "spaces", "pipes", "markdown", "cell_per_line", "run_together")
STYLES = TEXT_STYLES + ("docx",)

# Fixtures whose expectation only holds in their own layout: (name, why).
EXCLUDED: list[tuple[str, str]] = []


@dataclass
class Variant:
    name: str  # <fixture>~<style>
    style: str
    file_name: str  # what the audit is given: the name with its format's extension
    content: bytes
    expect: dict


def crossable(fixture: Fixture) -> bool:
    excluded = {name for name, _why in EXCLUDED}
    return (fixture.blocks is not None or fixture.sheets is not None) and fixture.name not in excluded


def variants(styles: tuple[str, ...] = STYLES):
    """Every variant of every crossable dev fixture, fixture by fixture, in `styles` order."""
    for fixture in fixtures_of("dev"):
        if not crossable(fixture):
            continue
        for style in styles:
            if style == "docx" and fixture.name.lower().endswith(".docx"):
                continue
            name = f"{fixture.name}~{style}"
            expect = dict(expectation(fixture), document=name)
            extension = {"docx": ".docx", "markdown": ".md"}.get(style, ".txt")
            yield Variant(name, style, name + extension, render(fixture, style), expect)


def render(fixture: Fixture, style: str) -> bytes:
    if style == "docx":
        return _docx(_blocks(fixture), fixture.landscape)
    if fixture.sheets is not None:  # each sheet flattened, one after another, as a copy of every sheet would be
        return "\n".join(flatten(blocks, style) for blocks in fixture.sheets.values()).encode("utf-8")
    return flatten(fixture.blocks, style).encode("utf-8")


def _blocks(fixture: Fixture) -> list:
    if fixture.blocks is not None:
        return fixture.blocks
    blocks: list = []
    for sheet in fixture.sheets.values():
        blocks += sheet
    return blocks


def _docx(blocks: list, landscape: bool) -> bytes:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "crossed.docx"
        write_docx(blocks, path, landscape)
        return path.read_bytes()
