"""OCR speed on the dev scans: pages per minute of `jixiao.io.layout.read` (render, straighten, erase rules,
tesseract, rebuild), beside a floor measured in the same run on the same machine — pdftoppm alone rendering the same
pages at the same resolution — so that the figure can be compared across machines. Also prints how many of the values
each scan's expectation names are found in the text read.

    python bench/ocr.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.io.layout import ocr, read  # noqa: E402
from tests.io.layout.support import DEV, SCANS, expected_values, found, layout_text  # noqa: E402


def render_only(path: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.monotonic()
        subprocess.run(["pdftoppm", "-r", str(ocr.DPI), "-gray", "-png", str(path), f"{tmp}/p"], check=True,
                       capture_output=True)
        return time.monotonic() - start


def main() -> None:
    pages = seconds = floor = 0.0
    for name in sorted(SCANS):
        path = DEV / name
        start = time.monotonic()
        layout = read(name, path.read_bytes())
        elapsed = time.monotonic() - start
        rendering = render_only(path)
        values = expected_values(path)
        seen = found(values, layout_text(layout))
        pages += ocr.LAST.pages
        seconds += elapsed
        floor += rendering
        print(f"{name}: {ocr.LAST.pages} 页 {elapsed:.1f} 秒；期望值读到 {len(seen)}/{len(values)}"
              f"（未读到：{'、'.join(v for v in values if v not in seen) or '无'}）")
    print(f"OCR：{pages / seconds * 60:.1f} 页/分钟（{seconds / pages:.1f} 秒/页）；"
          f"同机下限 pdftoppm 单独渲染：{pages / floor * 60:.0f} 页/分钟")


if __name__ == "__main__":
    main()
