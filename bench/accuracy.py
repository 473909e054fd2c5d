"""Precision and recall of `jixiao audit` against the golden files of the seeds (tests/golden/): facts a careful
reader extracts, and the findings CHECKS.md cites.

    python bench/accuracy.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from jixiao.io.extract.audit import audit_file  # noqa: E402
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
    audit = audit_file(SEEDS / golden["seed"], library)
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


def main() -> None:
    library = load_library()
    totals = [0] * 6
    for path in sorted((ROOT / "tests" / "golden").glob("seed-*.yaml")):
        (fr, fx, fg), (nr, nx, ng), notes = score(path, library)
        totals = [a + b for a, b in zip(totals, (fr, fx, fg, nr, nx, ng))]
        print(f"{path.stem}：事实 精确率 {fr}/{fx}，召回率 {fr}/{fg}；发现 精确率 {nr}/{nx}，召回率 {nr}/{ng}")
        print("\n".join(notes))
    fr, fx, fg, nr, nx, ng = totals
    print(f"合计：事实 精确率 {fr / fx:.1%}，召回率 {fr / fg:.1%}；发现 精确率 {nr / nx:.1%}，召回率 {nr / ng:.1%}")


if __name__ == "__main__":
    main()
