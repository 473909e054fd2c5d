"""Long fuzzing of the report readers and the text extractor (the CI suite runs a short hypothesis pass).

    python bench/fuzz.py                # 30 minutes
    python bench/fuzz.py --minutes 2 --seed 7

Inputs are real documents mutated: the seed reports as text, and jixiao's own Word, PDF and Excel files of the
three seed evaluations, with bytes flipped, cut, spliced and repeated, and, for the zip formats, the XML inside
changed and zipped again so that the mutations reach the XML parsers rather than stopping at the zip checksum. Every
input must end in an audit or in a clean UploadError/InputError with a Chinese message; anything else is a failure,
saved under bench/out/fuzz-failures/ with its traceback. Prints inputs per second and the failures; exits 1 on any.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
import traceback
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.core.errors import InputError  # noqa: E402
from jixiao.io.documents import render  # noqa: E402
from jixiao.io.evaluation_file import read_evaluation  # noqa: E402
from jixiao.io.extract.audit import audit_bytes  # noqa: E402
from jixiao.io.extract.readers import UploadError  # noqa: E402
from jixiao.io.scheme_files import load_library  # noqa: E402

OUT = ROOT / "bench" / "out" / "fuzz-failures"
WORDS = ["年度", "万元", "%", "得分", "等级", "优", "良", "差", "项目", "预算", "执行率", "年度目标1：", "（10 分）",
         "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分", "总分", "\t", "\n", "。", "≥", "≤", "2023",
         "年", "月", "日", "编制", "在职", "人", "三公", "合计", "—", "5", "0.01", "100", "-3", "1e9", "９９"]


def corpus(library) -> list[tuple[str, bytes]]:
    items = [(path.name, path.read_bytes()) for path in sorted((ROOT / "tests" / "seeds").glob("*.txt"))]
    for example in sorted((ROOT / "examples").glob("seed-*.yaml")):
        evaluation = read_evaluation(example)
        for fmt in ("docx", "pdf", "xlsx"):
            items.append((f"{example.stem}.{fmt}", render(evaluation, library, fmt).content))
    return items


def mutate(name: str, content: bytes, rng: random.Random) -> bytes:
    if name.endswith((".docx", ".xlsx")) and rng.random() < 0.6:
        return _mutate_zip_member(content, rng)
    data = bytearray(content)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        if not data:
            data = bytearray(rng.randbytes(rng.randint(1, 64)))
        elif choice < 0.35:  # flip bytes
            for _ in range(rng.randint(1, 16)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif choice < 0.5:  # cut
            data = data[: rng.randrange(len(data))]
        elif choice < 0.7:  # splice a chunk elsewhere
            start = rng.randrange(len(data))
            chunk = data[start: start + rng.randint(1, 4096)]
            at = rng.randrange(len(data))
            data[at:at] = chunk
        elif choice < 0.85 and name.endswith(".txt"):  # words of the reports' vocabulary
            at = rng.randrange(len(data))
            data[at:at] = "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30))).encode()
        else:  # delete a range
            start = rng.randrange(len(data))
            del data[start: start + rng.randint(1, 2048)]
    return bytes(data)


def _mutate_zip_member(content: bytes, rng: random.Random) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    names = source.namelist()
    target = rng.choice([n for n in names if n.endswith(".xml")] or names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == target:
                data = bytearray(data)
                for _ in range(rng.randint(1, 6)):
                    if not data:
                        break
                    at = rng.randrange(len(data))
                    kind = rng.random()
                    if kind < 0.4:
                        data[at] = rng.choice(b"<>&\"'/=x0 \x00\xff")
                    elif kind < 0.6:
                        data[at:at] = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;'
                    elif kind < 0.8:
                        del data[at: at + rng.randint(1, 200)]
                    else:
                        data[at:at] = data[at: at + rng.randint(1, 500)] * rng.randint(1, 20)
                data = bytes(data)
            archive.writestr(item, data)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    library = load_library()
    rng = random.Random(args.seed)
    items = corpus(library)
    deadline = time.monotonic() + args.minutes * 60
    counts = {"audited": 0, "refused": 0, "failed": 0}
    by_kind: dict[str, int] = {}
    started = time.monotonic()
    while time.monotonic() < deadline:
        name, content = rng.choice(items)
        data = mutate(name, content, rng)
        kind = Path(name).suffix
        by_kind[kind] = by_kind.get(kind, 0) + 1
        try:
            audit_bytes(name, data, library)
            counts["audited"] += 1
        except (UploadError, InputError) as error:
            if not str(error).strip():
                raise AssertionError(f"{name}: empty error message")
            counts["refused"] += 1
        except Exception:  # noqa: BLE001 — the point of the fuzzer: anything else is a defect
            counts["failed"] += 1
            OUT.mkdir(parents=True, exist_ok=True)
            stem = f"{counts['failed']:04d}-{name}"
            (OUT / stem).write_bytes(data)
            (OUT / f"{stem}.traceback.txt").write_text(traceback.format_exc(), encoding="utf-8")
    seconds = time.monotonic() - started
    total = sum(counts.values())
    print(f"fuzz: {total} inputs in {seconds:.0f} s ({total / seconds:.1f}/s); "
          + "，".join(f"{k} {v}" for k, v in sorted(by_kind.items())))
    print(f"  audited {counts['audited']}, refused with a message {counts['refused']}, failed {counts['failed']}")
    if counts["failed"]:
        print(f"  failures saved under {OUT}")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
