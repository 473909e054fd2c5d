"""Generating the seed 003 department report (通城, 26 projects) as .docx and as PDF, beside LibreOffice converting
the same .docx to PDF in the same run. Targets: docx under 1 s; our PDF faster than LibreOffice's conversion.

    python bench/documents.py            # best of 3 runs each, after one warm-up
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.io.documents import render  # noqa: E402
from jixiao.io.evaluation_file import read_evaluation  # noqa: E402
from jixiao.io.scheme_files import load_library  # noqa: E402


def best(function, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    library = load_library()
    evaluation = read_evaluation(ROOT / "examples" / "seed-003-tongcheng-2023.yaml")
    render(evaluation, library, "docx")  # warm-up: imports, fonts
    render(evaluation, library, "pdf")
    docx_time, docx = best(lambda: render(evaluation, library, "docx"))
    pdf_time, pdf = best(lambda: render(evaluation, library, "pdf"))
    xlsx_time, _ = best(lambda: render(evaluation, library, "xlsx"))
    print(f"通城 2023（{len(evaluation.projects)} 个项目）：")
    print(f"  docx  {docx_time * 1000:7.0f} ms  ({len(docx.content) / 1024:.0f} KB)   目标 < 1000 ms")
    print(f"  pdf   {pdf_time * 1000:7.0f} ms  ({len(pdf.content) / 1024:.0f} KB)")
    print(f"  xlsx  {xlsx_time * 1000:7.0f} ms")
    soffice = shutil.which("soffice")
    if soffice is None:
        print("  LibreOffice 未安装（apt-get install libreoffice-writer-nogui），无法对比。")
        return
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx.content)
        profile = f"-env:UserInstallation=file://{folder}/profile"
        command = [soffice, "--headless", "--norestore", profile, "--convert-to", "pdf", str(source), "--outdir", folder]
        subprocess.run(command, check=True, capture_output=True)  # first start creates the profile
        office_time, _ = best(lambda: subprocess.run(command, check=True, capture_output=True))
    print(f"  LibreOffice 将同一 docx 转为 PDF {office_time * 1000:7.0f} ms")
    print(f"  jixiao PDF / LibreOffice 转换 = {pdf_time / office_time:.2f}（小于 1 即更快）")


if __name__ == "__main__":
    main()
