"""Precision and recall of `jixiao audit`, per group:

- seeds: the golden files of the seeds (tests/golden/), as before;
- generated: report variants of structured evaluations (tests/reading/generate.py);
- crossed: the dev fixtures written as blocks or sheets, re-rendered in the other layouts (tests/reading/crossed.py)
  with the same expectation, with totals per layout;
- dev and kept_out: the fixtures (tests/reading/fixtures/), each scored against its expect.yaml by
  tests/reading/scoring.py — facts precision/recall, findings precision/recall, false errors (error-severity findings
  matched to no expected one), coverage (forms recognised / expected) and time per MB.

    python bench/accuracy.py                # all groups
    python bench/accuracy.py dev -v         # one group, with what was missed per document
    python bench/accuracy.py dev -v --only=hubei,hunan   # the documents whose names hold one of the words

The kept-out group's figures are also printed batch by batch (its spec modules `_specs_k<N><author>.py`): a batch
that has informed development (fixtures/README.md, Rotation) is read apart from a fresh one.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from jixiao.io.extract.audit import audit_bytes  # noqa: E402
from jixiao.io.scheme_files import load_library  # noqa: E402

SEEDS = ROOT / "tests" / "seeds"  # copies of ../shared/seeds, so a clean clone is self-contained


def observed_facts(audit) -> dict:
    """The audit's reading, in the golden files' terms."""
    e = audit.evaluation
    facts: dict = {"department.name": e.department.name, "year": e.year}
    dates: dict[str, list[str]] = {}
    for d in e.stated_dates:
        dates.setdefault(f"date.{d.kind}", []).append(d.date.isoformat())
    for key, values in dates.items():
        facts[key] = values if len(set(values)) > 1 else values[0]
    facts["stated_years"] = sorted({y.year for y in e.stated_years}, reverse=True)
    if e.budget:
        for line in ("total", "basic_expenditure", "personnel_cost", "operating_cost", "project_expenditure"):
            budget_line = getattr(e.budget, line)
            for field in ("budget_initial", "budget_adjusted", "spent"):
                value = getattr(budget_line, field, None) if budget_line else None
                if value is not None:
                    facts[f"budget.{line}.{field}"] = str(value)
    for s in e.statements:
        facts.setdefault(s.fact, f"{s.value:f}")
    if e.income and e.income.total is not None:
        facts["income.total"] = str(e.income.total)
    tp = e.three_public_expenses
    if tp:
        for part in ("reception", "vehicle_operation", "total"):
            line = getattr(tp, part)
            if line:
                facts[f"three_public_expenses.{part}"] = [str(v) for v in (line.spent, line.budget, line.last_year) if v is not None]
                if line.spent is not None:
                    facts[f"three_public_expenses.{part}.spent"] = str(line.spent)
    if e.fixed_assets and e.fixed_assets.total is not None:
        facts["fixed_assets.total"] = str(e.fixed_assets.total)
    facts["projects.count"] = len(e.projects)
    for label, index in (("project.first", 0), ("project.eighteenth", 17), ("project.last", -1)):
        if len(e.projects) > abs(index):
            p = e.projects[index]
            budget = p.budget.budget_adjusted if p.budget else None
            row = [p.name, str(budget)] + ([str(p.budget.spent)] if p.budget and p.budget.spent is not None and not p.stated_grade else [])
            facts[label] = row + ([str(p.stated_score), p.stated_grade] if p.stated_grade else [])
    facts["units.count"] = len(e.department.units)
    for unit in e.department.units:
        if unit.staff_authorized and unit.staff_actual:
            facts[f"unit.{unit.name.removeprefix(e.department.name[:3])}"] = [unit.staff_authorized.total, unit.staff_actual.total]
    if e.department.staff_authorized and e.department.staff_actual:
        facts["department.staff"] = [e.department.staff_authorized.total, e.department.staff_actual.total]
    if e.execution:
        facts["execution"] = [str(e.execution.budget_adjusted), str(e.execution.spent)]
    if e.declared_totals:
        facts["declared_totals"] = [str(e.declared_totals.basic_expenditure), str(e.declared_totals.project_expenditure)]
    facts["goals.weights"] = [str(g.weight) for g in e.goals]
    if e.stated_score is not None:
        facts["stated_score"] = str(e.stated_score)
    if e.stated_grade is not None:
        facts["stated_grade"] = e.stated_grade
    return facts


def score(golden_path: Path, library) -> tuple[tuple[int, int, int], tuple[int, int, int], list[str]]:
    golden = yaml.safe_load(golden_path.read_text(encoding="utf-8"))
    path = SEEDS / golden["seed"]
    audit = run_audit(path.name, path.read_bytes(), library)
    seen = observed_facts(audit)
    wanted = golden["facts"]
    right = [k for k, v in wanted.items() if _same(seen.get(k), v)]
    wrong = [k for k, v in wanted.items() if k in seen and seen.get(k) not in (None, [], "") and not _same(seen.get(k), v)]
    notes = [f"  事实未提取：{k}" for k in wanted if k not in right and k not in wrong] + \
            [f"  事实有误：{k} 提取为 {seen.get(k)!r}，应为 {wanted[k]!r}" for k in wrong]
    expected = dict(golden["findings"])
    found: dict[str, int] = {}
    for finding in audit.findings:
        found[finding.code] = found.get(finding.code, 0) + 1
    matched = sum(min(n, expected.get(code, 0)) for code, n in found.items())
    notes += [f"  多报：{code} {n - expected.get(code, 0)} 条" for code, n in found.items() if n > expected.get(code, 0)]
    notes += [f"  漏报：{code} {n - found.get(code, 0)} 条" for code, n in expected.items() if n > found.get(code, 0)]
    return (len(right), len(right) + len(wrong), len(wanted)), (matched, sum(found.values()), sum(expected.values())), notes


def _same(seen, wanted) -> bool:
    normal = lambda v: [str(x) for x in v] if isinstance(v, list) else str(v)  # noqa: E731
    return seen is not None and normal(seen) == normal(wanted)


def run_audit(name: str, content: bytes, library):
    """The one call into the reading pipeline (today's entry point; when it moves, change it here only)."""
    return audit_bytes(name, content, library)


def seeds_group(library, verbose: bool) -> None:
    totals = [0] * 6
    for path in sorted((ROOT / "tests" / "golden").glob("seed-*.yaml")):
        (fr, fx, fg), (nr, nx, ng), notes = score(path, library)
        totals = [a + b for a, b in zip(totals, (fr, fx, fg, nr, nx, ng))]
        print(f"  {path.stem}：事实 精确率 {fr}/{fx}，召回率 {fr}/{fg}；发现 精确率 {nr}/{nx}，召回率 {nr}/{ng}")
        if verbose and notes:
            print("\n".join(notes))
    fr, fx, fg, nr, nx, ng = totals
    print(f"  合计：事实 精确率 {fr / fx:.1%}，召回率 {fr / fg:.1%}；发现 精确率 {nr / nx:.1%}，召回率 {nr / ng:.1%}")


def documents(group: str, library):
    """(name, content, expect) of a group's documents."""
    if group == "generated":
        from tests.reading.generate import variants

        for v in variants(seed=20240601, count=3, library=library):
            yield v.name, v.text.encode("utf-8"), v.expect
        return
    if group == "crossed":
        from tests.reading.crossed import variants as crossed_variants

        for v in crossed_variants():
            yield v.file_name, v.content, v.expect
        return
    folder = ROOT / "tests" / "reading" / "fixtures" / group
    for expect_path in sorted(folder.glob("*.expect.yaml")):
        expect = yaml.safe_load(expect_path.read_text(encoding="utf-8"))
        yield expect["document"], (folder / expect["document"]).read_bytes(), expect


def batches(group: str) -> dict[str, set[str]]:
    """The document names of each batch of a group, by the prefix its authors' spec modules share (k3, k4, ...)."""
    import re

    from tests.reading.fixtures.build import HERE, fixtures_of

    found: dict[str, set[str]] = {}
    for module in sorted((HERE / group).glob("_specs_k*.py")):
        batch = re.match(r"_specs_(k\d+)", module.stem)
        if batch:
            found.setdefault(batch[1], set()).update(f.name for f in fixtures_of(group, module.stem[len("_specs_"):]))
    return found


def _print_batches(group: str, scores) -> None:
    """Precision and recall of each batch of the group, from the documents already scored."""
    from tests.reading.scoring import GroupScore

    for batch, names in batches(group).items():
        part = GroupScore()
        part.documents = [d for d in scores.documents if d.name in names]
        print(f"  批次 {batch}（{len(part.documents)} 份）：事实 召回率 {part.ratio('facts_right', 'facts_expected')}，"
              f"发现 精确率 {part.ratio('findings_matched', 'findings_found')}，"
              f"召回率 {part.ratio('findings_matched', 'findings_expected')}，误报错误 {part.total('false_errors')} 条")


def fixture_group(group: str, library, verbose: bool) -> None:
    import time

    from tests.reading.scoring import GroupScore, score_document

    from jixiao.io.layout import ocr

    scores = GroupScore()
    floor = _floor_seconds_per_mb()
    text_seconds = text_mb = ocr_pages = ocr_seconds = 0.0
    only = [w for a in sys.argv[1:] if a.startswith("--only=") for w in a[7:].split(",") if w]
    for name, content, expect in documents(group, library):
        if only and not any(w in name for w in only):
            continue
        started = time.perf_counter()
        before = (ocr.LAST.pages, ocr.LAST.seconds)
        try:
            audit, error = run_audit(name, content, library), ""
        except Exception as exc:  # a format today's reader refuses is a document read as nothing
            audit, error = None, f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        if (ocr.LAST.pages, ocr.LAST.seconds) != before:
            ocr_pages, ocr_seconds = ocr_pages + ocr.LAST.pages, ocr_seconds + ocr.LAST.seconds
        if name.lower().endswith(TEXT_FORMATS):
            text_seconds, text_mb = text_seconds + seconds, text_mb + len(content) / 1_000_000
        scores.seconds += seconds
        scores.megabytes += len(content) / 1_000_000
        document = score_document(expect, audit, error)
        scores.documents.append(document)
        if verbose:
            print(f"  {name}：事实 {document.facts_right}/{document.facts_expected}，发现 "
                  f"{document.findings_matched}/{document.findings_expected}（共报 {document.findings_found}），"
                  f"误报错误 {document.false_errors}")
            print("\n".join(document.notes))
    if group == "crossed":
        _per_style(scores)
    if group == "kept_out":
        _print_batches(group, scores)
    reported = any(d.coverage_reported for d in scores.documents)
    coverage = scores.ratio("forms_recognised", "forms_expected") if reported else "未提供（审核结果没有 coverage）"
    print(f"  文档 {len(scores.documents)} 份，{scores.megabytes:.2f} MB")
    print(f"  事实 精确率 {scores.ratio('facts_right', 'facts_read')}，召回率 {scores.ratio('facts_right', 'facts_expected')}")
    print(f"  发现 精确率 {scores.ratio('findings_matched', 'findings_found')}，"
          f"召回率 {scores.ratio('findings_matched', 'findings_expected')}")
    print(f"  误报错误 {scores.total('false_errors')} 条；识别表单 {coverage}")
    failed = sum(1 for d in scores.documents if any(n.startswith("  未能审核") for n in d.notes))
    if failed:
        print(f"  未能审核 {failed} 份（格式不支持或读取出错）")
    per_mb = scores.seconds / scores.megabytes if scores.megabytes else 0.0
    print(f"  用时 {scores.seconds:.2f} s，每 MB {per_mb:.2f} s（含 LibreOffice 转换和文字识别）")
    if text_mb:
        print(f"  文字文件（{'、'.join(TEXT_FORMATS)}）{text_mb:.2f} MB 用时 {text_seconds:.2f} s，每 MB "
              f"{text_seconds / text_mb:.2f} s（同机基线：Python 逐字扫描 1 MB 文本 {floor:.3f} s；"
              "大文件的线性见 bench/extract_scaling.py）")
    if ocr_pages:
        print(f"  文字识别 {ocr_pages:.0f} 页，用时 {ocr_seconds:.1f} s，每分钟 {ocr_pages / ocr_seconds * 60:.1f} 页"
              "（渲染基线见 bench/ocr.py）")


def _per_style(scores) -> None:
    """The crossed group's totals per layout, so that the weakest layout shows."""
    from tests.reading.crossed import STYLES
    from tests.reading.scoring import GroupScore

    heads = ["文档", "事实 精确率", "事实 召回率", "发现 精确率", "发现 召回率", "误报错误"]
    print("  " + _pad("版式", 14) + "".join(_pad(h, w, right=True) for h, w in zip(heads, (4, 18, 18, 16, 16, 10))))
    for style in STYLES:
        part = GroupScore([d for d in scores.documents if d.name.rsplit("~", 1)[-1] == style])
        if not part.documents:
            continue
        cells = [_percent(part, "facts_right", "facts_read"), _percent(part, "facts_right", "facts_expected"),
                 _percent(part, "findings_matched", "findings_found"),
                 _percent(part, "findings_matched", "findings_expected")]
        print(f"  {style:<14}{len(part.documents):>4}{cells[0]:>18}{cells[1]:>18}{cells[2]:>16}{cells[3]:>16}"
              f"{part.total('false_errors'):>10}")


def _pad(text: str, width: int, right: bool = False) -> str:
    """Padded to a display width (a Chinese character is two columns wide)."""
    gap = " " * max(0, width - sum(2 if ord(ch) > 0x2E7F else 1 for ch in text))
    return gap + text if right else text + gap


def _percent(scores, numerator: str, denominator: str) -> str:
    n, d = scores.total(numerator), scores.total(denominator)
    return f"{n}/{d} {n / d:.1%}" if d else f"{n}/0"


def _floor_seconds_per_mb() -> float:
    """A floor measured in the same run: one pass of Python over 1 MB of Chinese text."""
    import time

    text = "预算执行率为百分之九十八点六一" * 23000
    started = time.perf_counter()
    sum(1 for ch in text if ch == "率")
    return time.perf_counter() - started


GROUPS = ("seeds", "generated", "crossed", "dev", "kept_out")
TEXT_FORMATS = (".txt", ".md", ".html", ".docx")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv[1:]
    library = load_library()
    for group in args or GROUPS:
        print(f"【{group}】")
        if group == "seeds":
            seeds_group(library, verbose=True)
        else:
            fixture_group(group, library, verbose)


if __name__ == "__main__":
    main()
