"""Report audit time against text size: the seed reports concatenated to 0.5, 1, 2 and 4 MB.

    python bench/extract_scaling.py            # all four sizes
    python bench/extract_scaling.py 1 2        # chosen sizes in MB

For each size it prints the seconds `audit_bytes` takes (best of two) and seconds per MB, beside a floor measured in the same run
on the same text: `str.splitlines()` and one pass of a number regex. Linear extraction keeps s/MB flat across the
sizes (the target is at most 1 s per MB). The CPU seconds of the same run are printed too: on a machine shared with
other work the wall clock also counts the time the process waited for a processor, the CPU seconds do not.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.io.extract.audit import audit_bytes  # noqa: E402
from jixiao.io.scheme_files import load_library  # noqa: E402

SIZES_MB = (0.5, 1, 2, 4)
REPEAT = 2  # the best of two runs: another process on the machine slows one, not both
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def text_of_size(megabytes: float) -> bytes:
    """The seed texts repeated (each copy whole, in order) until the UTF-8 text reaches the size."""
    seeds = [p.read_bytes() for p in sorted((ROOT / "tests" / "seeds").glob("*.txt"))]
    target = int(megabytes * 1_000_000)
    parts: list[bytes] = []
    size = 0
    while size < target:
        for seed in seeds:
            parts.append(seed)
            size += len(seed) + 1
    return b"\n".join(parts)[:target].rsplit(b"\n", 1)[0]


def floor_seconds(content: bytes) -> float:
    started = time.perf_counter()
    text = content.decode("utf-8")
    lines = text.splitlines()
    sum(len(_NUMBER.findall(line)) for line in lines)
    return time.perf_counter() - started


def _timed(content: bytes, library) -> tuple[float, float, object]:
    started, cpu = time.perf_counter(), time.process_time()
    audit = audit_bytes("bench.txt", content, library)
    return time.perf_counter() - started, time.process_time() - cpu, audit


def main(argv: list[str]) -> None:
    sizes = [float(a) for a in argv] or SIZES_MB
    library = load_library()
    audit_bytes("warm-up.txt", text_of_size(0.05), library)
    print(f"{'MB':>5} {'audit s':>8} {'s/MB':>6} {'cpu s/MB':>8} {'floor s':>8} {'floor s/MB':>10} {'× floor':>8} "
          f"{'findings':>8}")
    for megabytes in sizes:
        content = text_of_size(megabytes)
        real_mb = len(content) / 1_000_000
        seconds, cpu, audit = min((_timed(content, library) for _ in range(REPEAT)), key=lambda run: run[0])
        floor = min(floor_seconds(content) for _ in range(REPEAT))
        print(f"{real_mb:5.2f} {seconds:8.2f} {seconds / real_mb:6.2f} {cpu / real_mb:8.2f} {floor:8.3f} "
              f"{floor / real_mb:10.3f} {seconds / floor:8.0f} {len(audit.findings):8d}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
