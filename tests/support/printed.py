"""A workbook as LibreOffice prints it: the text of each PDF page (laid out as printed, a row a line), in order (every sheet, each on its own pages).

    from tests.support.printed import printed_pages
    pages = printed_pages(xlsx_bytes)

Uses the same per-process LibreOffice profile as `recalc` and pdftotext (poppler-utils)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .recalc import convert


def printed_pages(xlsx_bytes: bytes, suffix: str = "xlsx") -> list[str]:
    """`suffix` docx: a Word file as LibreOffice Writer prints it."""
    with tempfile.TemporaryDirectory(prefix="jixiao-print-") as folder:
        source = Path(folder) / f"book.{suffix}"
        source.write_bytes(xlsx_bytes)
        (pdf,) = convert([source], Path(folder), "pdf", "打印工作簿")
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
