"""A fingerprint of what scoring and checking give: every leaf's score (digits too), each card's total, grade and
what it misses, each project's grade, and every finding's code, severity, location, texts and subject, for
departments 0–300 and 3000–3400 of the generated province (bench/generate_province.py, its default seed) and for the
three seeds. A change meant to make rescoring faster must leave it as it was.

    python bench/fingerprint.py                 # one sha256 per part, and overall
    python bench/fingerprint.py --dump FILE     # and every line hashed, to diff two versions

The departments are generated once (the generator draws them in order: department 3000 needs the 2999 before it) and
kept in bench/data/fingerprint-departments.pickle.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_province import department  # noqa: E402
from jixiao.core.build import evaluation_from_json  # noqa: E402
from jixiao.core.checks import run_checks  # noqa: E402
from jixiao.core.engine import score_evaluation  # noqa: E402
from jixiao.io.evaluation_file import read_evaluation  # noqa: E402
from jixiao.io.scheme_files import load_library  # noqa: E402


CACHE = ROOT / "bench" / "data" / "fingerprint-departments.pickle"


def departments() -> dict[int, bytes]:
    """The departments fingerprinted, as the JSON the province benchmark reads."""
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    rng = random.Random(20231231)
    kept = {}
    for i in range(3400):
        d = department(rng, i, 25)
        if i <= 300 or i >= 3000:
            kept[i] = json.dumps(d, ensure_ascii=False).encode()
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps(kept))
    return kept


def s(x) -> str:
    """A Decimal with its digits (8 and 8.0 differ), anything else as repr."""
    return repr(x) if not hasattr(x, "as_tuple") else f"D{x}"


def card_lines(card):
    out = [f"card {card.path} total={s(card.total)} shown={s(card.shown_total)} complete={card.complete} "
           f"grade={card.grade.name if card.grade else None} missing={card.missing} withheld={card.grade_withheld} "
           f"lw={s(card.leaf_weight)}"]
    if card.execution:
        e = card.execution
        out.append(f" exec {e.path} {s(e.weight)} {s(e.rate)} {s(e.score)} {e.missing}")
    for leaf in card.leaves():
        out.append(f" leaf {leaf.path} {leaf.method} w={s(leaf.weight)} sc={s(leaf.score)} m={leaf.missing} "
                   f"c={s(leaf.completion)} o={leaf.over_achieved} t={leaf.tier.key if leaf.tier else None} "
                   f"ot={leaf.outside_tier} ob={leaf.out_of_bounds} ed={leaf.evaluator_deduction} r={s(leaf.rate)}")
    return out


def lines_of(evaluation, library):
    result = score_evaluation(evaluation, library)
    out = []
    if result.department:
        out += card_lines(result.department)
    for p in result.projects:
        out.append(f"project {p.index} score={s(p.score)} grade={p.grade} src={p.grade_source}")
        if p.card:
            out += card_lines(p.card)
    out.append(f"counts {sorted(result.grade_counts.items())} {result.excellent_grade} {s(result.excellent_share)} {result.graded_projects}")
    for f in run_checks(evaluation, library, result):
        out.append(f"F {f.code}|{f.severity}|{f.location}|{f.message}|{f.stated}|{f.recomputed}|{f.where}|{f.subject}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump")
    args = ap.parse_args()
    library = load_library()
    total = hashlib.sha256()
    dump = open(args.dump, "w", encoding="utf-8") if args.dump else None
    parts = {}
    seeds = sorted((ROOT / "examples").glob("seed-*.yaml"))
    for path in seeds:
        lines = lines_of(read_evaluation(path), library)
        parts[path.name] = lines
    low, high = [], []
    for i, raw in departments().items():
        (low if i <= 300 else high).extend(lines_of(evaluation_from_json(raw, str(i)), library))
    parts["depts0-300"] = low
    parts["depts3000-3400"] = high
    for name, lines in parts.items():
        text = "\n".join(lines).encode()
        h = hashlib.sha256(text).hexdigest()
        total.update(h.encode())
        nf = sum(1 for line in lines if line.startswith("F "))
        print(f"{name}: {len(lines)} lines, {nf} findings, {h[:16]}")
        if dump:
            dump.write(f"=== {name}\n" + "\n".join(lines) + "\n")
    print("ALL", total.hexdigest())
    if dump:
        dump.close()


if __name__ == "__main__":
    main()
