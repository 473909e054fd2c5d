"""Layouts of the dev fixtures and seeds for the prose tests.

Uses `jixiao.io.layout.read` when the readers exist; until then builds a Layout the plain way (one Paragraph per line,
Headings by their numbering, "|" / tab lines and document tables as Tables), converting .doc/.xls with LibreOffice and
scans with tesseract, so that the prose reader is tested on the fixtures' own sentences."""

from __future__ import annotations

import re
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

from jixiao.io.layout.model import Heading, Layout, Paragraph, Source, Table

ROOT = Path(__file__).resolve().parents[3]
DEV = ROOT / "tests" / "reading" / "fixtures" / "dev"
SEEDS = ROOT / "tests" / "seeds"
NUMBERING = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\s*[一二三四五六七八九十]+\s*\)|\d+[.、](?!\d))\s*")
LEVELS = {"第": 0, "（": 2, "(": 2}
_CACHE = Path(tempfile.gettempdir()) / "jixiao-prose-fixtures"


def dev_documents() -> list[Path]:
    return sorted(p for p in DEV.iterdir() if not p.name.endswith((".yaml", ".py")) and p.is_file())


def _level(numbering: str) -> int:
    if numbering[0] in LEVELS:
        return LEVELS[numbering[0]]
    return 3 if numbering[0].isdigit() else 1


def layout_from_text(name: str, text: str) -> Layout:
    blocks, rows, row_start = [], [], 0

    def flush_rows():
        if rows:
            blocks.append(Table.from_rows(list(rows), Source(name, line=row_start)))
            rows.clear()

    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("|") or "\t" in stripped.strip("\t"):
            if not rows:
                row_start = number
            cells = [c.strip() for c in (stripped.strip("|").split("|") if stripped.startswith("|")
                                         else stripped.split("\t"))]
            rows.append(cells)
            continue
        flush_rows()
        if not stripped:
            continue
        match = NUMBERING.match(stripped)
        source = Source(name, line=number)
        if match and len(stripped) <= 40:
            blocks.append(Heading(stripped[match.end():], _level(match.group(1)), match.group(1), source))
        else:
            blocks.append(Paragraph(stripped, source))
    flush_rows()
    return Layout(name, "text", blocks)


def _convert(path: Path, target: str) -> Path:
    _CACHE.mkdir(exist_ok=True)
    out = _CACHE / f"{path.stem}.{target}"
    if not out.exists():
        subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", str(_CACHE), str(path)],
                       check=True, capture_output=True, timeout=180)
    return out


def _docx_layout(path: Path) -> Layout:
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    layout = layout_from_text(path.name, "\n".join(lines))
    for number, table in enumerate(document.tables, 1):
        rows = []
        for row in table.rows:
            cells, previous = [], None
            for cell in row.cells:
                if cell._tc is not previous:
                    cells.append(cell.text)
                previous = cell._tc
            rows.append(cells)
        layout.blocks.append(Table.from_rows(rows, Source(path.name, cell=f"表 {number}")))
    return layout


def _sheet_layout(path: Path) -> Layout:
    import openpyxl

    book = openpyxl.load_workbook(str(path), data_only=True)
    blocks = []
    for sheet in book.worksheets:
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        blocks.append(Table.from_rows(rows, Source(path.name, sheet=sheet.title)))
    return Layout(path.name, "xlsx", blocks)


def _pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    if text.strip():
        return text
    _CACHE.mkdir(exist_ok=True)
    cached = _CACHE / f"{path.name}.ocr.txt"
    if not cached.exists():
        prefix = _CACHE / path.stem
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(path), str(prefix)], check=True, timeout=300)
        pages = []
        for image in sorted(_CACHE.glob(f"{path.stem}-*.png")):
            pages.append(subprocess.run(["tesseract", str(image), "-", "-l", "chi_sim", "--psm", "6"],
                                        capture_output=True, text=True, timeout=300).stdout)
        cached.write_text("\n".join(pages), encoding="utf-8")
    return cached.read_text(encoding="utf-8")


def _read_with_readers(path: Path) -> Layout | None:
    try:
        from jixiao.io.layout import read  # the readers' branch, once merged
    except ImportError:
        return None
    try:
        return read(path.name, path.read_bytes())
    except Exception as error:  # a reader not finished yet (OCR of scans): fall back, and say so
        print(f"layout reader failed on {path.name}: {error}; using the plain layout")
        return None


@lru_cache(maxsize=None)
def layout_of(path: Path) -> Layout:
    found = _read_with_readers(path)
    if found is not None:
        return found
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        return layout_from_text(path.name, path.read_text(encoding="utf-8"))
    if suffix == ".docx":
        return _docx_layout(path)
    if suffix == ".doc":
        return _docx_layout(_convert(path, "docx"))
    if suffix == ".xlsx":
        return _sheet_layout(path)
    if suffix == ".xls":
        return _sheet_layout(_convert(path, "xlsx"))
    if suffix == ".pdf":
        return layout_from_text(path.name, _pdf_text(path))
    raise ValueError(f"no layout for {path.name}")
