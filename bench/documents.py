"""Documents beside their peers, measured in the same run (issue 11, part 4):

- the seed 003 department report (通城, 26 projects) as .docx in-process (target under 0.3 s);
- the same report as PDF in-process;
- the PDF as a whole command (`jixiao report … --format pdf`: Python's start, the imports, scoring, layout, writing)
  beside LibreOffice converting the same .docx as a command (`soffice --headless --convert-to pdf`): target < 1;
- a bureau's disclosure packages (each one evaluation's PDF, xlsx and JSON, as the bureau's zip holds them): N timed
  in one process, projected to 4 000 packages on this machine's cores.

    python bench/documents.py                 # best of 3 for each single figure, 6 packages
    python bench/documents.py --packages 30   # more packages for the projection
    python bench/documents.py --bureau 4000   # and a bureau's 4 000 packages made for real, one process per core

Commands are timed alternately (ours, LibreOffice, ours, …) so that a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.io.documents import disclosure_package, render  # noqa: E402
from jixiao.io.evaluation_file import read_evaluation  # noqa: E402
from jixiao.io.scheme_files import load_library  # noqa: E402

SEED = ROOT / "examples" / "seed-003-tongcheng-2023.yaml"
BUREAU = 4000


def best(function, runs: int = 3) -> tuple[float, float, object]:
    """The least wall time and the least CPU time (this process) of `runs` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def timed(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the command's processes and threads) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def in_process(library, evaluation) -> bytes:
    render(evaluation, library, "docx")  # warm-up: imports, fonts
    render(evaluation, library, "pdf")
    docx_time, docx_cpu, docx = best(lambda: render(evaluation, library, "docx"))
    pdf_time, pdf_cpu, pdf = best(lambda: render(evaluation, library, "pdf"))
    xlsx_time, xlsx_cpu, _ = best(lambda: render(evaluation, library, "xlsx"))
    print(f"通城 2023（{len(evaluation.projects)} 个项目），进程内，3 次取最好：   墙钟      CPU")
    print(f"  docx  {docx_time * 1000:7.0f} ms  {docx_cpu * 1000:7.0f} ms  ({len(docx.content) / 1024:.0f} KB)   目标 < 300 ms"
          f"   墙钟{'达标' if docx_time < 0.3 else '未达标'}，CPU{'达标' if docx_cpu < 0.3 else '未达标'}")
    print(f"  pdf   {pdf_time * 1000:7.0f} ms  {pdf_cpu * 1000:7.0f} ms  ({len(pdf.content) / 1024:.0f} KB)")
    print(f"  xlsx  {xlsx_time * 1000:7.0f} ms  {xlsx_cpu * 1000:7.0f} ms")
    return docx.content


def commands(docx: bytes, runs: int = 3) -> None:
    """Our whole command against LibreOffice's, each started afresh, alternately."""
    soffice = shutil.which("soffice")
    if soffice is None:
        print("  LibreOffice 未安装（apt-get install libreoffice-writer-nogui），无法对比。")
        return
    env = {**os.environ, "PYTHONPATH": str(ROOT), "JIXIAO_DATA": os.environ.get("JIXIAO_DATA", tempfile.gettempdir())}
    # the warm-up below is to leave jixiao's bytecode written, as an installed jixiao has it (pip compiles it); with
    # PYTHONDONTWRITEBYTECODE set (some shells and containers set it) every timed run would compile jixiao again
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx)
        profile = f"-env:UserInstallation=file://{folder}/profile"
        office = [soffice, "--headless", "--norestore", profile, "--convert-to", "pdf", str(source), "--outdir", folder]
        ours = [sys.executable, "-m", "jixiao.cli", "report", str(SEED), "--format", "pdf", "-o", f"{folder}/ours.pdf"]
        timed(office)  # the first start creates LibreOffice's profile; ours compiles bytecode and caches
        # WeasyPrint's C declarations (jixiao/io/weasyprint_ffi.py): each once per user, as LibreOffice's profile is
        timed(ours, env)
        our_times, office_times = [], []
        for _ in range(runs):
            our_times.append(timed(ours, env))
            office_times.append(timed(office))
    (ours_wall, ours_cpu), (office_wall, office_cpu) = _best(our_times), _best(office_times)
    print("整条命令（含 Python/LibreOffice 启动），各 3 次交替取最好：         墙钟      CPU（用户+系统）")
    print(f"  jixiao report --format pdf            {ours_wall * 1000:7.0f} ms  {ours_cpu * 1000:7.0f} ms")
    print(f"  soffice --convert-to pdf（同一 docx） {office_wall * 1000:7.0f} ms  {office_cpu * 1000:7.0f} ms")
    print(f"  jixiao / LibreOffice = {ours_wall / office_wall:.2f}（墙钟），{ours_cpu / office_cpu:.2f}（CPU）"
          f"（小于 1 即更快）\n  墙钟{'达标' if ours_wall < office_wall else '未达标'}，CPU{'达标' if ours_cpu < office_cpu else '未达标'}")


def _best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The fastest run's wall time, and the least CPU time of any run (a busy machine inflates both)."""
    return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)


def packages(library, count: int) -> None:
    """`count` disclosure packages of the seed examples in turn, in one process (as a task worker makes them)."""
    evaluations = [read_evaluation(path) for path in sorted((ROOT / "examples").glob("seed-*.yaml"))]
    disclosure_package(evaluations[0], library)  # warm-up
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        disclosure_package(evaluations[i % len(evaluations)], library)
    per_package = (time.perf_counter() - start) / count
    per_cpu = (time.process_time() - cpu) / count
    cores = os.cpu_count() or 1
    print(f"信息公开包（PDF + xlsx + JSON，{len(evaluations)} 个示例轮流）：{count} 个用时 {per_package * count:.1f} s，"
          f"每个 {per_package * 1000:.0f} ms（CPU {per_cpu * 1000:.0f} ms）")
    for label, each in (("按墙钟", per_package), ("按 CPU", per_cpu)):
        print(f"  {label}推算 {BUREAU} 个：{each * BUREAU / cores / 60:.1f} 分钟（{each * 1000:.0f} ms × {BUREAU} ÷ {cores} 核），"
              f"16 个任务进程 {each * BUREAU / 16 / 60:.1f} 分钟")
    print("  假设：每核一个任务进程（队列的 worker），包与包互不相关，导入与字体只在进程启动时付一次，"
          "各部门报告与三个示例大小相当，16 个进程时各有一核")


_WORKER: dict = {}


def _start_worker() -> None:
    """Each process of the whole-bureau run: the library and the three examples read once, as a task worker would."""
    _WORKER["library"] = load_library()
    _WORKER["evaluations"] = [read_evaluation(path) for path in sorted((ROOT / "examples").glob("seed-*.yaml"))]
    disclosure_package(_WORKER["evaluations"][0], _WORKER["library"])  # warm-up: fonts, imports


def _make(numbers: range) -> tuple[int, float, int]:
    """Packages number `numbers` (the examples in turn); how many, this process's CPU for them, their bytes."""
    cpu, size = time.process_time(), 0
    evaluations = _WORKER["evaluations"]
    for number in numbers:
        size += len(disclosure_package(evaluations[number % len(evaluations)], _WORKER["library"]))
    return len(numbers), time.process_time() - cpu, size


def whole_bureau(count: int, processes: int) -> None:
    """All `count` packages of a bureau made for real by `processes` processes (one per core, as the disclosure
    batch's workers are), timed from the first to the last; beside it the projection from one process's rate."""
    from concurrent.futures import ProcessPoolExecutor

    chunks = [range(start, min(start + 40, count)) for start in range(0, count, 40)]
    with ProcessPoolExecutor(processes, initializer=_start_worker) as pool:
        list(pool.map(_make, [range(0, 0)] * processes))  # every process started and warm before the clock
        start = time.perf_counter()
        done = list(pool.map(_make, chunks))
        wall = time.perf_counter() - start
    made, cpu, size = sum(d[0] for d in done), sum(d[1] for d in done), sum(d[2] for d in done)
    print(f"整个财政局 {made} 个信息公开包，{processes} 个进程实际生成：用时 {wall / 60:.1f} 分钟（{wall:.0f} s），"
          f"每个 CPU {cpu / made * 1000:.0f} ms，合计 {size / 1e9:.2f} GB；"
          f"16 个进程按此推算 {cpu / 16 / 60:.1f} 分钟")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=6, help="计时的信息公开包个数（默认 6）")
    parser.add_argument("--bureau", type=int, default=0, metavar="N",
                        help=f"另外实际生成整个财政局的 N 个包（如 {BUREAU}），每核一个进程")
    args = parser.parse_args()
    library = load_library()
    docx = in_process(library, read_evaluation(SEED))
    commands(docx)
    packages(library, args.packages)
    if args.bureau:
        whole_bureau(args.bureau, os.cpu_count() or 1)
    print("注：本机 2 核由多个进程共用，墙钟受其他负载影响（两条命令交替计时以同等受扰）；CPU 时间较稳定。")


if __name__ == "__main__":
    main()
