"""Load, score and check the first N departments of the generated province, one phase after the other, for callgrind
to count the instructions of each phase apart (wall time on a shared machine moves; instructions do not):

    valgrind --tool=callgrind --dump-before=getppid --callgrind-out-file=/tmp/cg.%p \\
        python bench/phases.py --departments 100
    python bench/phases.py --departments 100 --instructions /tmp/cg.<pid>   # the phases' totals, in millions
    ... python bench/phases.py --as-stored     # load as the web app's rescoring does (bench/province.py --as-stored)

Between phases the script calls os.getppid(), which does nothing else: `--dump-before` makes callgrind write one
file per phase (.1 start-up, .2 load, .3 score, .4 check). Run on its own it prints the CPU time of each phase.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_province import generate  # noqa: E402
from bench.province import decode  # noqa: E402
from jixiao.core.checks import _load_plugins, run_checks  # noqa: E402
from jixiao.core.engine import score_evaluation  # noqa: E402
from jixiao.io.scheme_files import load_library  # noqa: E402

PHASES = ("start-up", "load", "score", "check")


def instructions(prefix: str) -> None:
    """The instructions callgrind counted in each phase's dump (prefix.1 … prefix.4), in millions."""
    total = 0
    for number, phase in enumerate(PHASES, 1):
        text = Path(f"{prefix}.{number}").read_text()
        count = int(re.search(r"^summary: (\d+)", text, re.M).group(1))
        if phase != "start-up":
            total += count
        print(f"{phase}: {count / 1e6:.0f}M")
    print(f"load + score + check: {total / 1e6:.0f}M")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--data", type=Path, default=Path(__file__).parent / "data" / "phases")
    parser.add_argument("--instructions", help="print the phases of these callgrind dumps instead of running")
    parser.add_argument("--as-stored", action="store_true", help="load as the web app's rescoring does")
    args = parser.parse_args()
    if args.instructions:
        instructions(args.instructions)
        return
    raws = [p.read_bytes() for p in generate(args.data, args.departments, 25)]
    library = load_library()
    _load_plugins()
    clock = [time.process_time()]
    os.getppid()
    evaluations = [decode(raw, "", args.as_stored) for raw in raws]
    clock.append(time.process_time())
    os.getppid()
    results = [score_evaluation(e, library) for e in evaluations]
    clock.append(time.process_time())
    os.getppid()
    findings = sum(len(run_checks(e, library, r)) for e, r in zip(evaluations, results))
    clock.append(time.process_time())
    os.getppid()
    times = ", ".join(f"{phase} {b - a:.2f} s" for phase, a, b in zip(PHASES[1:], clock, clock[1:]))
    print(f"{len(raws)} departments, {findings} findings; CPU {times}")


if __name__ == "__main__":
    main()
