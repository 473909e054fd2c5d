"""A generated county department's evaluation for one year, in the shape of seed 003 (通城): the department's
annual goals with three-level indicators, its projects with theirs, the department's budget and its execution line
as the sum of its projects. Every target is met first; then `Profile` decides how much falls short, so that the
grades the core computes spread over 优, 良, 中 and 差."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from .documents import align_cost, align_costs, mirror_goals, scaled, vary_indicators, vary_spending
from .sectors import ProjectTemplate, Sector


@dataclass(frozen=True)
class Profile:
    """How a generated department performed: the share of indicators short of target, how far short, and how much
    of the budget its projects left unspent."""

    name: str
    short_share: float
    short_range: tuple[float, float]  # actual ÷ target of an indicator that falls short
    qualitative_tier: str  # the tier of a qualitative indicator that falls short
    underspent_share: float  # the share of projects that spend less than their budget
    shortfall: float  # at most this share of a project's budget left unspent


# Tuned with the core (tests/web/test_demo.py checks that every grade appears): a department meant as 差 misses most
# targets by half and spends two thirds of its budget.
PROFILES = {
    "优": Profile("优", 0.04, (0.85, 0.95), "partial", 0.3, 0.05),
    "良": Profile("良", 0.45, (0.5, 0.75), "partial", 0.7, 0.2),
    "中": Profile("中", 0.7, (0.35, 0.65), "partial", 0.8, 0.35),
    "差": Profile("差", 0.9, (0.25, 0.5), "not_achieved", 1.0, 0.5),
}


@dataclass(frozen=True)
class Schemes:
    department: str
    project: str
    execution_weight: int  # what the department and project schemes give budget execution


HUBEI = Schemes("hubei-department", "hubei-project", 20)
NATIONAL = Schemes("department-goals-10-90", "mof-2020-project", 10)
# Indicator weights in table order (quantity, quality, timeliness, cost, social, sustainability, satisfaction): a
# project's add up to its scheme's indicators total, a goal's to the goal's weight.
PROJECT_WEIGHTS = {20: (12, 10, 8, 10, 10, 10, 20), 10: (15, 12, 10, 13, 15, 15, 10)}
GOAL_WEIGHTS = {20: ((3, 3, 2, 2, 3, 2, 5),) * 4, 10: ((4, 4, 3, 3, 4, 3, 4),) * 2 + ((3, 3, 2, 2, 3, 2, 5),) * 2}


def indicators(template: ProjectTemplate, budget: str, weights: tuple[int, ...], amount: int) -> list[dict]:
    rows = (
        (template.quantity, "output", "quantity", f"{amount} {template.unit}"),
        (f"{template.name}任务完成合格率", "output", "quality", "100%"),
        ("资金拨付及时率", "output", "timeliness", "≥95%"),
        ("项目成本控制", "output", "cost", f"≤{budget} 万元"),
        (template.outcome, "outcome", "social", "明显提高"),
        ("长效管理机制", "outcome", "sustainability", "长期"),
        (f"{template.beneficiaries}满意度", "satisfaction", "beneficiary_satisfaction", "≥90%"),
    )
    return [{"name": name, "level1": level1, "level2": level2, "target": target, "actual": target,
             "weight": str(weight), **({} if _numeric(target) else {"score": str(weight)})}
            for (name, level1, level2, target), weight in zip(rows, weights)]


def _numeric(target: str) -> bool:
    return any(c.isdigit() for c in target)


def project(template: ProjectTemplate, unit: str, factor: Decimal, schemes: Schemes, rng: random.Random) -> dict:
    budget = scaled(str(template.budget), factor)
    amount = max(1, round(template.amount * float(factor) * rng.uniform(0.9, 1.1)))
    return {
        "name": template.name, "implementing_unit": unit, "budget_category": "general_public",
        "continuity": "continuing", "recurrence": "recurring",
        "budget": {"budget_adjusted": budget, "spent": budget},
        "stated_execution_score": str(schemes.execution_weight), "stated_score": "100",
        "indicators": indicators(template, budget, PROJECT_WEIGHTS[schemes.execution_weight], amount),
        "deviation_reason": "无", "improvement": "无",
    }


def goals(projects: list[dict], sector: Sector, schemes: Schemes) -> list[dict]:
    """One annual goal per project, with the project's indicators at the goal's weights."""
    found = []
    plan = zip(projects, sector.projects, GOAL_WEIGHTS[schemes.execution_weight])
    for i, (item, template, weights) in enumerate(plan):
        rows = indicators(template, item["budget"]["budget_adjusted"], weights,
                          int(item["indicators"][0]["target"].split()[0]))
        found.append({"name": f"年度目标 {i + 1}：做好{template.name}，{template.outcome}", "weight": str(sum(weights)),
                      "indicators": rows})
    return found


def budget(projects: list[dict], sector: Sector, factor: Decimal) -> dict:
    project_total = sum((Decimal(p["budget"]["budget_adjusted"]) for p in projects), Decimal(0))
    basic = Decimal(scaled(str(sector.staff_cost), factor))
    personnel = round(basic * Decimal("0.82"), 2)
    return {
        "total": {"budget_initial": str(round((basic + project_total) * Decimal("0.94"), 2)),
                  "budget_adjusted": str(basic + project_total), "spent": str(basic + project_total)},
        "basic_expenditure": {"spent": str(basic)},
        "personnel_cost": {"spent": str(personnel)}, "operating_cost": {"spent": str(basic - personnel)},
        "project_expenditure": {"budget_adjusted": str(project_total), "spent": str(project_total)},
    }


def department_document(county: str, sector: Sector, year: int, schemes: Schemes, profile: Profile,
                        rng: random.Random) -> dict:
    """The evaluation of `county`'s `sector` department for `year`, as `profile` performed."""
    factor = Decimal(str(round(rng.uniform(0.7, 1.3), 2)))
    name = f"{county}{sector.name}"
    units = [f"{name}（本级）"] + [f"{county}{unit}" for unit in sector.units]
    projects = [project(t, units[i % len(units)], factor, schemes, rng) for i, t in enumerate(sector.projects)]
    document = {
        "year": year, "scheme": schemes.department, "project_scheme": schemes.project,
        "title": f"{name} {year} 年度部门整体绩效自评表",
        "department": {"name": name, "units": [{"name": units[0], "is_main": True}] +
                       [{"name": unit} for unit in units[1:]]},
        "budget": budget(projects, sector, factor),
        "execution": {"budget_adjusted": _total(projects, "budget_adjusted"), "spent": _total(projects, "spent")},
        "stated_execution_score": str(schemes.execution_weight), "stated_score": "100",
        "goals": goals(projects, sector, schemes), "projects": projects,
        "deviation_reason": "无", "improvement": "无",
        "problems": "部分项目绩效目标设定偏保守，指标值测算依据不够充分。",
    }
    vary_spending(document, rng, profile.shortfall, profile.underspent_share)
    _follow_spending(document)
    vary_indicators(document, rng, profile.short_share, profile.short_range, profile.qualitative_tier)
    align_costs(document)
    for goal, item in zip(document["goals"], projects):  # goal i is project i's
        for indicator in goal["indicators"]:
            align_cost(indicator, item["budget"])
    mirror_goals(document)
    return document


def _total(projects: list[dict], field: str) -> str:
    return str(sum((Decimal(p["budget"][field]) for p in projects), Decimal(0)))


def _follow_spending(document: dict) -> None:
    """The department's spending lines after its projects spent less: project expenditure and the total."""
    spent = Decimal(_total(document["projects"], "spent"))
    unspent = Decimal(document["budget"]["project_expenditure"]["spent"]) - spent
    document["budget"]["project_expenditure"]["spent"] = str(spent)
    document["budget"]["total"]["spent"] = str(Decimal(document["budget"]["total"]["spent"]) - unspent)
