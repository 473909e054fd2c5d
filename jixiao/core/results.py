"""What scoring produces: a tree of nodes whose leaves are scored indicators, per project and for the department.

Scores are kept at full precision; `money.fmt_score` rounds them for display. Explanations are not stored: they are
built on demand by `explain.py` from the same inputs, so that scoring a province stays fast. Results are msgspec
Structs without cycle-collector tracking (gc=False): they are trees, and a province makes millions of them.
"""

from __future__ import annotations

from decimal import Decimal

import msgspec

from .model import Indicator, Project
from .money import ZERO, round_half_up, SCORE_PLACES
from .scheme import GradeBand, Scheme, TierSpec
from .targets import Quantity


class _Result(msgspec.Struct, gc=False):
    pass


class LeafResult(_Result):
    indicator: Indicator
    path: str  # e.g. projects[3].indicators[2]
    method: str
    weight: Decimal
    score: Decimal | None  # None: not scored
    missing: str | None = None  # why it is not scored, in Chinese
    target: Quantity | None = None
    actual: Quantity | None = None
    completion: Decimal | None = None  # actual / target, for quantitative methods
    over_achieved: bool = False
    tier: TierSpec | None = None
    outside_tier: bool = False  # the given score is not inside the chosen tier
    out_of_bounds: bool = False  # the given score was above the weight or below 0 and was bounded
    evaluator_deduction: bool = False  # over-achieved, and the evaluator deducted with a reason
    rate: Decimal | None = None  # thresholds and survey: the rate the rule read (percent)

    @property
    def scored(self) -> bool:
        return self.score is not None


class ExecutionResult(_Result):
    path: str
    weight: Decimal
    budget_adjusted: Decimal | None
    spent: Decimal | None
    rate: Decimal | None  # spent / budget_adjusted (a fraction)
    score: Decimal | None
    missing: str | None = None
    source: str = ""


class Node(_Result):
    key: str
    name: str
    weight: Decimal | None  # declared weight (goal, framework node, fixed category) or None
    children: list[Node | LeafResult] = msgspec.field(default_factory=list)
    path: str = ""

    @property
    def score(self) -> Decimal:
        return sum((c.score for c in self.children if c.score is not None), ZERO)

    @property
    def leaf_weight(self) -> Decimal:
        """The sum of the weights of the leaves below: what the node can earn as entered."""
        total = ZERO  # added in a loop as sum() over a generator added them, for less: the checks ask each node
        for child in self.children:
            total += child.leaf_weight if isinstance(child, Node) else child.weight
        return total

    def leaves(self) -> list[LeafResult]:
        found: list[LeafResult] = []
        for child in self.children:
            if isinstance(child, Node):
                found.extend(child.leaves())
            else:
                found.append(child)
        return found


class ScoreCard(_Result):
    """One scored evaluation: the department's own, or one project's."""

    subject: str
    path: str  # '' for the department, projects[i] for a project
    scheme: Scheme
    execution: ExecutionResult | None
    groups: list[Node]
    total: Decimal | None = None
    complete: bool = False
    grade: GradeBand | None = None
    missing: list[str] = msgspec.field(default_factory=list)  # paths of what was not scored
    grade_withheld: str | None = None  # why no grade is given although scores add up (weights in error)
    leaf_cache: list[LeafResult] | None = None
    leaf_weight: Decimal | None = None  # the leaves' weights added up, as scoring found them (None: not scored yet)

    def leaves(self) -> list[LeafResult]:
        """Every scored leaf, in table order (collected once: the checks walk them many times)."""
        if self.leaf_cache is None:
            found: list[LeafResult] = []
            for group in self.groups:
                found.extend(group.leaves())
            self.leaf_cache = found
        return self.leaf_cache

    @property
    def shown_total(self) -> Decimal | None:
        return None if self.total is None else round_half_up(self.total, SCORE_PLACES)


class ProjectResult(_Result):
    index: int
    project: Project
    card: ScoreCard | None  # None when the project has no indicators to score
    score: Decimal | None  # the computed score when complete, else the stated one
    grade: str | None
    grade_source: str  # computed / stated / from_stated_score / withheld / none


class EvaluationResult(_Result):
    department: ScoreCard | None
    projects: list[ProjectResult]
    grade_counts: dict[str, int]
    excellent_grade: str | None
    excellent_share: Decimal | None  # a fraction of the graded projects
    graded_projects: int = 0
