"""Generate a synthetic province: departments with their goals and projects, as one JSON file per department.

Deterministic (seeded): the same arguments give the same files. Methods are mixed the way real tables mix them:
counts (higher is better, some short of target, some far over), costs and days (lower is better), rates (=100%),
qualitative tiers with the evaluator's score, judgement scores, and a few indicators with no actual value.

    python bench/generate_province.py --departments 4000 --projects 25 --out bench/data/province
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

UNITS = ["人", "例", "份", "次", "户", "件"]
WORDS = [("明显提高", "明显提高"), ("长期", "长期"), ("有效保障", "基本保障"), ("满意", "满意"), ("及时", "及时")]
QUALITATIVE_TIERS = [("achieved", 0.9), ("partial", 0.7), ("not_achieved", 0.4)]


def indicator(rng: random.Random, i: int, kind: str, weight: str, level1: str, level2: str) -> dict:
    ind = {"name": f"指标{i}", "level1": level1, "level2": level2, "weight": weight}
    w = float(weight)
    if kind == "count":
        target = rng.randint(10, 50000)
        actual = int(target * rng.choice([1, 1, 1, 0.9, 0.75, 1.1, 1.3, 3.0]))
        unit = rng.choice(UNITS)
        ind.update(target=f"{target} {unit}", actual=f"{actual} {unit}", score=weight)
    elif kind == "cost":
        target = rng.randint(5, 3000)
        actual = round(target * rng.choice([1, 0.95, 0.8, 1.05, 1.2]), 2)
        ind.update(target=f"≤{target} 万元", actual=f"{actual} 万元", score=weight)
    elif kind == "days":
        target = rng.choice([15, 30, 60, 90])
        ind.update(target=f"≤{target} 日", actual=f"{target + rng.choice([0, -5, 5, 10])} 日", score=weight)
    elif kind == "rate":
        ind.update(target="=100%", actual=f"{rng.choice([100, 100, 98.5, 96, 92.3])}%", score=weight)
    elif kind == "share":
        target = rng.choice([85, 90, 95])
        ind.update(target=f"≥{target}%", actual=f"{rng.choice([target, target + 3, target - 2])}%", score=weight)
    elif kind == "words":
        target, actual = rng.choice(WORDS)
        tier, share = rng.choice(QUALITATIVE_TIERS) if target != actual else ("achieved", 1.0)
        ind.update(target=target, actual=actual, tier=tier, score=f"{round(w * share, 1)}")
    elif kind == "judgement":
        ind.update(method="judgement", score=f"{round(w * rng.choice([1, 0.9, 0.8]), 1)}", reason="按佐证材料酌情评分")
    if rng.random() < 0.01:
        ind.pop("actual", None)  # not scored: reported as missing, never 0
    return ind


# (kind, weight, level1, level2): twelve indicators, 80 points as in the Hubei 20/80 project table
PROJECT_LAYOUT = [
    ("count", "8", "output", "quantity"), ("count", "8", "output", "quantity"), ("count", "6", "output", "quantity"),
    ("rate", "6", "output", "quality"), ("share", "6", "output", "quality"), ("days", "6", "output", "timeliness"),
    ("cost", "6", "output", "cost"), ("words", "8", "outcome", "social"), ("words", "6", "outcome", "sustainability"),
    ("judgement", "4", "outcome", "economic"), ("words", "6", "outcome", "sustainability"),
    ("share", "10", "satisfaction", "beneficiary_satisfaction"),
]
GOAL_LAYOUT = [
    ("count", "3", "output", "quantity"), ("rate", "2", "output", "quality"), ("days", "1", "output", "timeliness"),
    ("words", "1", "outcome", "social"), ("words", "1", "outcome", "sustainability"),
    ("share", "2", "satisfaction", "beneficiary_satisfaction"),
]


def department(rng: random.Random, index: int, projects: int) -> dict:
    project_list = []
    total_budget = 0.0
    for p in range(projects):
        budget = round(rng.uniform(1, 2000), 2)
        spent = round(budget * rng.choice([1, 1, 0.99, 0.95, 0.8, 1.02]), 2)
        total_budget += budget
        project_list.append({
            "name": f"项目{index}-{p}", "budget_category": "general_public",
            "budget": {"budget_adjusted": f"{budget:.2f}", "spent": f"{spent:.2f}"},
            "indicators": [indicator(rng, i, *spec) for i, spec in enumerate(PROJECT_LAYOUT)],
            "deviation_reason": rng.choice(["无", "目标按往年数据测算，实际工作量增加。"]),
            "stated_score": "100",
        })
    goals = [{"name": f"年度目标 {g + 1}", "weight": "10", "indicators": [indicator(rng, i, *spec) for i, spec in enumerate(GOAL_LAYOUT)]}
             for g in range(8)]
    spent_total = round(total_budget * 0.98, 2)
    return {
        "year": 2023, "scheme": "hubei-department", "project_scheme": "hubei-project",
        "department": {"name": f"第{index}部门", "staff_authorized": {"total": rng.randint(10, 80)},
                       "staff_actual": {"total": rng.randint(10, 85)},
                       "units": [{"name": f"第{index}部门本级", "is_main": True}, {"name": f"第{index}部门下属单位"}]},
        "budget": {"total": {"budget_adjusted": f"{total_budget + 500:.2f}", "spent": f"{spent_total + 480:.2f}"},
                   "basic_expenditure": {"spent": "480.00"}, "personnel_cost": {"spent": "400.00"},
                   "operating_cost": {"spent": "80.00"}, "project_expenditure": {"spent": f"{spent_total:.2f}"}},
        "three_public_expenses": {"reception": {"budget": "7.14", "spent": "5.18", "last_year": "6.39"},
                                  "vehicle_operation": {"budget": "2.55", "spent": "2.32", "last_year": "2.54"},
                                  "total": {"budget": "9.69", "spent": "7.50", "last_year": "8.93"}},
        "execution": {"budget_adjusted": f"{total_budget:.2f}", "spent": f"{spent_total:.2f}"},
        "statements": [{"fact": "three_public_expenses.reception.change_rate", "value": "-18.94", "unit": "%"},
                       {"fact": "budget.total.execution_rate", "value": "98.00", "unit": "%"}],
        "goals": goals,
        "projects": project_list,
        "stated_score": "100", "stated_grade": "优",
    }


def generate(out: Path, departments: int, projects: int, seed: int = 20231231) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    stamp = out / f".generated-{departments}-{projects}-{seed}"
    paths = [out / f"dept-{i:05d}.json" for i in range(departments)]
    if stamp.exists():
        return paths
    rng = random.Random(seed)
    for i, path in enumerate(paths):
        path.write_text(json.dumps(department(rng, i, projects), ensure_ascii=False), encoding="utf-8")
    stamp.touch()
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=4000)
    parser.add_argument("--projects", type=int, default=25)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "province")
    args = parser.parse_args()
    paths = generate(args.out, args.departments, args.projects)
    print(f"{len(paths)} 个部门文件，位于 {args.out}")


if __name__ == "__main__":
    main()
