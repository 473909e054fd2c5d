"""Generated evaluation documents: the year before a seed, with figures varied by a seeded `random.Random`.

Works on the stored JSON shape (`evaluation_to_data`: numbers as strings). Amounts are scaled by one factor per
document so that every sum and rate the seed states still holds; actual values move around their targets, some
falling short with a deviation reason; the stated scores a careful department would write are then taken from the
core's own result (`sync_stated`), so that the evaluation's score and grade remain the core's."""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
from collections import Counter
from decimal import Decimal

from jixiao.core.checks.repeated_indicators import fact_key
from jixiao.core.money import places_shown, round_half_up
from jixiao.core.targets import EQ, LE, LT, parse_quantity

from .texts import IMPROVEMENTS, SHORT_ACTUAL, SHORT_REASONS

# Amount subtrees of a document and of a unit (万元): scaled together so that totals still add up.
MONEY_KEYS = ("budget", "income", "three_public_expenses", "running_cost", "procurement", "execution",
              "declared_totals", "fixed_assets")
MAX_PLACES = 6  # the entry pages accept at most 6 decimals: a generated amount must survive a post back unchanged
_YEAR = re.compile(r"(?<![\d.])(20[0-4]\d)(?=\s*年)")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_OPERATOR = re.compile(r"^\s*(≥|≤|>=|<=|>|<|=|＞|＜|不低于|不少于|不超过|不高于|达到|控制在)\s*")
_SUFFIX = re.compile(r"\s*(及以上|以上|以内|及以下|以下)\s*$")


# ------------------------------------------------------------------------------------------------ years
def shift_years(value, delta: int):
    """Every year written in the document's words (2023 年, 2023年度) moved by `delta`, in every string below."""
    if isinstance(value, str):
        return _YEAR.sub(lambda m: str(int(m[1]) + delta), value)
    if isinstance(value, list):
        return [shift_years(item, delta) for item in value]
    if isinstance(value, dict):
        return {key: shift_years(item, delta) for key, item in value.items()}
    return value


def _shift_date(text: str, delta: int) -> str:
    day = dt.date.fromisoformat(text)
    try:
        return day.replace(year=day.year + delta).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year + delta, day=28).isoformat()


def shift_document_years(data: dict, delta: int) -> dict:
    data = shift_years(data, delta)
    data["year"] = int(data["year"]) + delta
    for stated in data.get("stated_years", []):
        stated["year"] = int(stated["year"]) + delta
    for stated in data.get("stated_dates", []):
        stated["date"] = _shift_date(stated["date"], delta)
    if data.get("report_date"):
        data["report_date"] = _shift_date(data["report_date"], delta)
    return data


# ---------------------------------------------------------------------------------------------- amounts
def scaled(amount: str, factor: Decimal) -> str:
    """`amount` × `factor` at the places the amount shows (at least 2, at most MAX_PLACES): figures that added up
    within their rounding still do."""
    original = Decimal(amount)
    places = min(max(places_shown(original), 2), MAX_PLACES)
    return format(round_half_up(original * factor, places), "f")


def _scale_tree(value, factor: Decimal):
    if isinstance(value, dict):
        return {key: (item if key == "currency_unit" else _scale_tree(item, factor)) for key, item in value.items()}
    if isinstance(value, list):  # other_items: [{name, amount}]
        return [_scale_tree(item, factor) for item in value]
    if isinstance(value, str):
        return scaled(value, factor) if _NUMBER.fullmatch(value) else value
    return value


def scale_amounts(data: dict, factor: Decimal) -> None:
    """Every amount in 万元 times `factor`: the document's, its units', its projects' and the amounts it states."""
    for key in MONEY_KEYS:
        if key in data:
            data[key] = _scale_tree(data[key], factor)
    for unit in data.get("department", {}).get("units", []):
        for key in MONEY_KEYS:
            if key in unit:
                unit[key] = _scale_tree(unit[key], factor)
    for project in data.get("projects", []):
        for key in ("budget", "execution"):
            if key in project:
                project[key] = _scale_tree(project[key], factor)
        for fund in project.get("funds", []):
            fund.update(_scale_tree({k: v for k, v in fund.items() if k in ("amount", "spent")}, factor))
    for statement in data.get("statements", []):
        if statement.get("unit") in ("万元", "元"):
            # stated as the report shows it, at the seed's places: agrees with the data within its rounding
            shown = places_shown(Decimal(statement["value"]))
            restate(statement, format(round_half_up(Decimal(statement["value"]) * factor, shown), "f"))


def restate(statement: dict, value: str) -> None:
    """A statement's new value, in its figure and in the words it quotes."""
    old = statement["value"]
    statement["value"] = value
    if statement.get("text") and old in statement["text"]:
        statement["text"] = statement["text"].replace(old, value)


def vary_spending(data: dict, rng: random.Random, shortfall: float, share: float = 0.5) -> None:
    """A `share` of the projects spend less than their budget (by up to `shortfall`); a department whose execution
    line was the sum of its projects keeps it so."""
    projects = [p for p in data.get("projects", []) if p.get("budget", {}).get("spent") is not None]
    before = sum((Decimal(p["budget"]["spent"]) for p in projects), Decimal(0))
    execution = data.get("execution") or {}
    follows = bool(projects) and execution.get("spent") is not None and Decimal(execution["spent"]) == before
    for project in projects:
        if rng.random() < share:
            rate = Decimal(1) - Decimal(str(round(rng.uniform(0, shortfall), 2)))
            project["budget"]["spent"] = scaled(project["budget"]["spent"], rate)
    if follows:
        execution["spent"] = format(sum((Decimal(p["budget"]["spent"]) for p in projects), Decimal(0)), "f")


# ------------------------------------------------------------------------------------------- indicators
def _number_text(value: Decimal, like: Decimal, unit: str) -> str:
    if unit == "万元":
        return format(round_half_up(value, 2).normalize(), "f") if value != value.to_integral() else str(int(value))
    if like == like.to_integral():
        return str(int(round_half_up(value, 0)))
    return format(round_half_up(value, 2).normalize(), "f")


def _with_value(target: str, value: Decimal) -> str:
    """The target's own spelling (`≥90%`, `25.29 万人`) without its operator, holding `value`."""
    text = _SUFFIX.sub("", _OPERATOR.sub("", target))
    match = _NUMBER.search(text)
    assert match is not None
    like = Decimal(match[0])
    unit = text[match.end():].strip()
    return text[:match.start()] + _number_text(value, like, unit) + text[match.end():]


def _quantitative_actual(target: str, rng: random.Random, short: tuple[float, float] | None) -> str | None:
    """An actual value for a numeric target (None for a target in words): met (at or a little beyond it, never so
    far that it needs a reason) or, when `short` (the range of actual ÷ target), missed."""
    quantity = parse_quantity(target)
    if quantity is None:
        return None
    a = quantity.value
    if quantity.operator in (LE, LT):
        factor = 1 / rng.uniform(*short) if short else rng.uniform(0.9, 1.0)
    elif quantity.operator == EQ:
        factor = rng.uniform(*short) if short else 1.0
    else:
        factor = rng.uniform(*short) if short else rng.uniform(1.0, 1.12)
    value = a * Decimal(str(round(factor, 3)))
    if quantity.is_percent and not short and quantity.operator not in (LE, LT, EQ):
        value = Decimal(rng.randint(int(a), 100)) if a < 100 else a
    return _with_value(target, value)


TIER_SHARE = {"partial": Decimal("0.7"), "not_achieved": Decimal("0.4")}  # of the weight, inside each tier


def vary_indicator(indicator: dict, rng: random.Random, short: tuple[float, float] | None,
                   tier: str = "partial") -> None:
    """A new actual value around the target: met, or (`short`: the range of actual ÷ target) missed with a
    deviation reason; a target in words missed is judged in `tier`."""
    target = indicator.get("target")
    if not target or indicator.get("weight") is None:
        return
    for key in ("tier", "deviation_reason", "improvement"):
        indicator.pop(key, None)
    actual = _quantitative_actual(target, rng, short)
    if actual is None:  # words: judged in tiers
        indicator["actual"] = SHORT_ACTUAL[tier] if short else target
        if short:
            indicator["tier"] = tier
            indicator["score"] = format(round_half_up(Decimal(indicator["weight"]) * TIER_SHARE[tier], 2).normalize(),
                                        "f")
        else:
            indicator["score"] = indicator["weight"]
    else:
        indicator["actual"] = actual
    if short:
        indicator["deviation_reason"] = rng.choice(SHORT_REASONS)
        indicator["improvement"] = rng.choice(IMPROVEMENTS)


def vary_indicators(data: dict, rng: random.Random, short_share: float,
                    short_range: tuple[float, float] = (0.55, 0.93), tier: str = "partial") -> None:
    groups = [goal.get("indicators", []) for goal in data.get("goals", [])]
    groups += [data.get("indicators", [])] + [p.get("indicators", []) for p in data.get("projects", [])]
    for indicators in groups:
        for indicator in indicators:
            vary_indicator(indicator, rng, short_range if rng.random() < short_share else None, tier)


def align_cost(indicator: dict, budget: dict) -> None:
    """A cost indicator in 万元 holds the project's own figures: its budget as the ceiling, its spending as the
    actual value (met, since no generated project spends beyond its budget)."""
    quantity = parse_quantity(indicator.get("target"))
    if indicator.get("level2") != "cost" or quantity is None or quantity.unit != "万元":
        return
    if budget.get("budget_adjusted") is None or budget.get("spent") is None:
        return
    indicator["target"] = f"≤{budget['budget_adjusted']} 万元"
    indicator["actual"] = f"{budget['spent']} 万元"
    for key in ("tier", "deviation_reason", "improvement"):
        indicator.pop(key, None)


def align_costs(data: dict) -> None:
    for project in data.get("projects", []):
        for indicator in project.get("indicators", []):
            align_cost(indicator, project.get("budget") or {})


def mirror_goals(data: dict) -> None:
    """A department goal's indicator that is a project's states that project's target and actual values: one
    indicator, one value in the department's table and the project's (what FACT.TABLES holds a document to). A goal
    made of one project's indicators (the same names in the same order: a generated department's goal i is its
    project i's) mirrors them all; in another goal, an indicator whose name and target are found once among the goals
    and in one project only (a seed's goals gather several projects' indicators) mirrors that one. A goal's words
    judged in a tier keep its own weight's share."""
    projects = [p.get("indicators", []) for p in data.get("projects", [])]
    goals = [goal.get("indicators", []) for goal in data.get("goals", [])]
    in_projects = Counter(fact_key(row) for rows in projects for row in rows)
    in_goals = Counter(fact_key(row) for rows in goals for row in rows)
    by_key = {fact_key(row): row for rows in projects for row in rows}
    for rows in goals:
        names = [row.get("name") for row in rows]
        source = next((p for p in projects if [r.get("name") for r in p] == names), None)
        if source is not None:
            pairs = zip(rows, source)
        else:
            pairs = ((row, by_key[key]) for row in rows if (key := fact_key(row)) is not None
                     and in_projects[key] == 1 and in_goals[key] == 1)
        for row, mirrored in pairs:
            _mirror(row, mirrored)


def _mirror(row: dict, source: dict) -> None:
    for key in ("target", "actual", "tier", "deviation_reason", "improvement"):
        row.pop(key, None)
        if key in source:
            row[key] = source[key]
    if "score" in source and row.get("weight") is not None:
        weight = Decimal(row["weight"])
        share = TIER_SHARE.get(source.get("tier"), Decimal(1))
        row["score"] = format(round_half_up(weight * share, 2).normalize(), "f")


# ----------------------------------------------------------------------------------------- the whole
def previous_year(data: dict, rng: random.Random, *, short_share: float = 0.15, shortfall: float = 0.12) -> dict:
    """The year before `data`: same departments, units, projects, goals and indicators, other figures."""
    document = shift_document_years(copy.deepcopy(data), -1)
    factor = Decimal(str(round(rng.uniform(0.86, 0.97), 2)))
    scale_amounts(document, factor)
    vary_spending(document, rng, shortfall)
    vary_indicators(document, rng, short_share)
    align_costs(document)
    mirror_goals(document)
    vary_stated_only(document, rng)
    return document


def vary_stated_only(data: dict, rng: random.Random) -> None:
    """Projects listed with a stated score and no indicators (seed 000's list) state other scores; `sync_stated` holds
    them to what their spending allows (those `vary_spending` left underspent) and their grades follow."""
    for project in data.get("projects", []):
        if not project.get("indicators") and project.get("stated_score") is not None:
            stated = Decimal(project["stated_score"])
            if stated > 0:
                project["stated_score"] = str(max(60, min(100, int(stated) + rng.randint(-6, 2))))
