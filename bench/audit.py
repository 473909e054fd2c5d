"""Auditing the seed reports: time per file and per MB (target: the largest, seed 003, under 1 s).

    python bench/audit.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.io.extract.audit import audit_file  # noqa: E402
from jixiao.io.scheme_files import load_library  # noqa: E402


def main() -> None:
    library = load_library()
    seeds = sorted((ROOT / "tests" / "seeds").glob("*.txt"))
    audit_file(seeds[0], library)  # warm-up
    for path in seeds:
        size = path.stat().st_size
        best = min(_time(path, library) for _ in range(5))
        print(f"{path.name}  {size / 1024:6.0f} KB  {best * 1000:7.1f} ms  {best / (size / 1e6):6.2f} s/MB")


def _time(path: Path, library) -> float:
    start = time.perf_counter()
    audit_file(path, library)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
