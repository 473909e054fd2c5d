"""Layouts for the form tests: `jixiao.io.layout.read` when the readers exist, else a small stand-in for text files
(a line with tabs, "|" or runs of spaces is a table row, any other line a paragraph)."""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.io.layout.model import Layout, Paragraph, Source, Table

DEV = Path(__file__).resolve().parents[2] / "reading" / "fixtures" / "dev"
TEXT_KINDS = {".txt", ".md"}


def read_layout(path: Path) -> Layout | None:
    try:
        from jixiao.io.layout import read  # the readers' branch
    except ImportError:
        read = None
    if read is not None:
        try:
            layout = read(path.name, path.read_bytes())
        except Exception:  # noqa: BLE001 — a reader not written yet (OCR) or refusing the file: no layout to test
            layout = None
        if layout is not None:
            return layout
    if path.suffix in TEXT_KINDS:
        return text_layout(path.name, path.read_text(encoding="utf-8"))
    return None


def _cells(line: str) -> list[str] | None:
    if "\t" in line:
        return line.split("\t")
    if line.startswith("|") and line.count("|") >= 3:
        if re.fullmatch(r"[|\-: ]+", line):
            return []
        return [c.strip() for c in line.strip().strip("|").split("|")]
    if re.search(r"\S {2,}\S", line):
        return re.split(r" {2,}", line.strip())
    return None


def text_layout(name: str, text: str) -> Layout:
    blocks = []
    rows: list[list[str]] = []
    first = 0
    for number, line in enumerate(text.splitlines(), 1):
        cells = _cells(line)
        if cells is not None:
            if not rows:
                first = number
            if cells:
                rows.append(cells)
            continue
        if rows:
            blocks.append(Table.from_rows(rows, Source(name, line=first, last_line=number - 1)))
            rows = []
        if line.strip():
            blocks.append(Paragraph(line.strip(), Source(name, line=number)))
    if rows:
        blocks.append(Table.from_rows(rows, Source(name, line=first)))
    return Layout(name, "text", blocks)
