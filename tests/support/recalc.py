"""Recalculate every formula of a workbook as an office suite does when it opens it, and list the cells whose
recalculated value differs from the value written beside the formula.

    from tests.support.recalc import recalculated_mismatches
    assert recalculated_mismatches(xlsx_bytes) == []

LibreOffice (headless, Calc) opens the workbook with "recalculate on load: always" and saves it again; openpyxl
then reads the values written (the original's cached results) and the recalculated ones. Numbers are equal within
floating-point error (1e-9 relative, 1e-12 absolute), not within rounding: a total that is 0.01 off is a mismatch.

Each process keeps its own LibreOffice profile (created on first use, removed at exit), so parallel test processes
never share one, and calls within a process are serialised. Needs `soffice` with Calc (Debian:
libreoffice-calc-nogui, installed by ./test.sh).
"""

from __future__ import annotations

import atexit
import io
import math
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import NamedTuple, Sequence

import openpyxl

REL_TOL, ABS_TOL = 1e-9, 1e-12
TIMEOUT = 600  # seconds for one conversion of a batch
# recalculate formulas on load (0 = always) for OOXML and ODF files alike; the default is never
SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class Mismatch(NamedTuple):
    sheet: str
    cell: str  # e.g. B4
    formula: str  # e.g. =SUM(C4,F4)
    written: object  # the value stored beside the formula
    recalculated: object  # what LibreOffice computes on opening


def recalculated_mismatches(xlsx_bytes: bytes) -> list[Mismatch]:
    """Every formula cell of the workbook whose recalculated value differs from the value written beside it."""
    return recalculated_mismatches_many([xlsx_bytes])[0]


def recalculated_mismatches_many(workbooks: Sequence[bytes]) -> list[list[Mismatch]]:
    """The same for several workbooks, converted in one LibreOffice run (start-up is most of the time)."""
    with tempfile.TemporaryDirectory(prefix="jixiao-recalc-") as folder:
        sources = []
        for i, content in enumerate(workbooks):
            source = Path(folder) / f"book{i}.xlsx"
            source.write_bytes(content)
            sources.append(source)
        out = Path(folder) / "recalculated"
        _convert(sources, out)
        return [_compare(content, (out / source.name).read_bytes()) for content, source in zip(workbooks, sources)]


def _compare(original: bytes, recalculated: bytes) -> list[Mismatch]:
    formulas = _cells(original, data_only=False)
    written = _cells(original, data_only=True)
    again = _cells(recalculated, data_only=True)
    mismatches = []
    for sheet, cells in formulas.items():
        for coordinate, (value, kind) in cells.items():
            if kind != "f":
                continue
            before = written[sheet].get(coordinate, (None, None))[0]
            after = again.get(sheet, {}).get(coordinate, (None, None))[0]
            if not same(before, after):
                mismatches.append(Mismatch(sheet, coordinate, str(value), before, after))
    return mismatches


def _cells(content: bytes, data_only: bool) -> dict[str, dict[str, tuple[object, str]]]:
    """Every non-empty cell of every sheet: coordinate → (value, data type). Read-only mode, row by row: a tenth
    of the time of loading the whole workbook."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    try:
        return {sheet.title: {cell.coordinate: (cell.value, cell.data_type)
                              for row in sheet.iter_rows() for cell in row if getattr(cell, "value", None) is not None}
                for sheet in book.worksheets}
    finally:
        book.close()


def same(a: object, b: object) -> bool:
    """Equal as an office suite shows them: numbers within floating-point error, an empty string as no value."""
    numbers = (int, float)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return (None if a == "" else a) == (None if b == "" else b)


_lock = threading.Lock()
_profiles: dict[int, str] = {}


def _profile() -> str:
    """This process's LibreOffice profile, with the recalculation setting, created once."""
    pid = os.getpid()
    if pid not in _profiles:
        folder = tempfile.mkdtemp(prefix="jixiao-lo-profile-")
        (Path(folder) / "user").mkdir()
        (Path(folder) / "user" / "registrymodifications.xcu").write_text(SETTINGS, encoding="utf-8")
        atexit.register(shutil.rmtree, folder, True)
        _profiles[pid] = folder
    return _profiles[pid]


def _convert(sources: list[Path], out: Path) -> None:
    convert(sources, out, "xlsx:Calc Office Open XML", "重算公式")


def convert(sources: list[Path], out: Path, to: str, purpose: str) -> list[Path]:
    """Convert workbooks with LibreOffice into `out` (`to`: a --convert-to target such as "pdf"), through this
    process's profile, one conversion at a time; the files written, or an error saying which were not and why."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError(f"缺少 soffice（LibreOffice Calc，Debian: apt-get install libreoffice-calc-nogui），无法{purpose}")
    with _lock:
        result = subprocess.run(
            [soffice, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation=file://{_profile()}",
             "--convert-to", to, "--outdir", str(out), *map(str, sources)],
            capture_output=True, text=True, timeout=TIMEOUT)
    suffix = "." + to.split(":")[0]
    written = [out / (s.stem + suffix) for s in sources]
    missing = [s.name for s, w in zip(sources, written) if not w.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice 未能{purpose}：{', '.join(missing)}（是否安装了 libreoffice-calc-nogui？）："
                           f"{result.stdout.strip()} {result.stderr.strip()}")
    return written
