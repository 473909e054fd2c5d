"""A risk score (core.cycle.risk) as plain data to store, and read back: the subject's kind, name and path, and
every control point as the core judged it (its rule's id, signal, title and weight, the verdict and its reason).

Read back, it is a `RiskScore` again — its score, explanation and fired points are the core's own properties, worked
out from the stored weights and verdicts, so a stored score says exactly what the computed one said. The subject
read back carries its kind, name and path only (no score cards, findings or texts: the verdicts already used them);
the rules' thresholds are not kept (the stored rules hash says which file judged)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .risk import FIRED, NOT_APPLICABLE, QUIET, Point, RiskScore, SignalRule, Subject, Verdict

STATES = (FIRED, QUIET, NOT_APPLICABLE)


def score_to_data(score: RiskScore) -> dict[str, Any]:
    subject = score.subject
    return {"kind": subject.kind, "name": subject.name, "path": subject.path,
            "points": [{"id": p.rule.id, "signal": p.rule.signal, "title": p.rule.title, "weight": str(p.rule.weight),
                        "state": p.verdict.state, "reason": p.verdict.reason} for p in score.points]}


def score_from_data(data: dict[str, Any]) -> RiskScore:
    """The score `score_to_data` gave; a ValueError when the data is not such a record."""
    subject = Subject(data["kind"], data["name"], data["path"], (), None, None, (), {})
    points = []
    for point in data["points"]:
        if point["state"] not in STATES:
            raise ValueError(f"不认识的控制点状态：{point['state']}")
        rule = SignalRule(point["id"], point["signal"], point["title"], Decimal(point["weight"]), {})
        points.append(Point(rule, Verdict(point["state"], point["reason"])))
    return RiskScore(subject, tuple(points))


def assessment_to_data(whole: RiskScore, projects: list[RiskScore]) -> dict[str, Any]:
    """The evaluation's score and its projects' (in the order `assess` gives them: highest first)."""
    return {"evaluation": score_to_data(whole), "projects": [score_to_data(p) for p in projects]}


def assessment_from_data(data: dict[str, Any]) -> tuple[RiskScore, list[RiskScore]]:
    return score_from_data(data["evaluation"]), [score_from_data(p) for p in data["projects"]]
