"""Scoring schemes and grade scales, kept as data (RULES.md: every number a bureau can change lives in a file).

A scheme says how an evaluation is scored: the execution item, the level-1 categories and their weights, the
qualitative tiers, the over-achievement threshold, threshold rules for formulas, the grade scale, and for department
frameworks the fixed indicator tree. Files are read by `jixiao.io.scheme_files`; this module validates their content.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

import msgspec

from .errors import Problem, SchemeError, translate
from .model import Method, Tier
from .money import fmt_normalised, fmt_plain

ZERO, HUNDRED = Decimal(0), Decimal(100)


class _Base(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


class GradeBand(_Base, kw_only=True):
    name: str  # 优 / 良好 …
    min: Decimal  # lowest score of the band, included
    letter: str | None = None  # A/B/C/D where a bureau uses letters
    # the band as reports that write their grades in other words name it (优秀 for 优): one word per vocabulary, in the
    # same place in every band of the scale (优秀 / 良好 / 一般 / 较差), so that a grade is answered in the report's words
    words: list[str] = []


class GradeScale(_Base, kw_only=True):
    id: str
    kind: Literal["grade_scale"]
    name: str
    source: str = ""
    bands: list[GradeBand]  # from the best grade down
    excellent: str  # the band counted in 评优率

    def grade_of(self, score: Decimal) -> GradeBand:
        for band in self.bands:
            if score >= band.min:
                return band
        return self.bands[-1]


class TierSpec(_Base, kw_only=True):
    key: Tier
    name: str
    low: Decimal  # percent of the weight, included
    high: Decimal  # percent of the weight, included only for the top tier


class Execution(_Base, kw_only=True):
    weight: Decimal
    cap: Decimal = Decimal(1)  # the rate counts up to this (100%)
    source: str = ""


class Category(_Base, kw_only=True):
    """A level-1 category (产出/效益/满意度 …): its weight when the scheme fixes it, and what it allows."""

    key: str
    name: str
    weight: Decimal | None = None  # None: the department spreads the points
    optional: bool = False  # 满意度: when absent, its points go to the others
    level2: list[str] = []
    methods: list[Method] = []  # empty: any method


class ThresholdRule(_Base, kw_only=True):
    """A piecewise rule turning a rate (in %) into points (RULES.md §4.5)."""

    id: str
    name: str
    kind: Literal["deduct", "linear", "step"]
    direction: Literal["higher_better", "lower_better"] = "higher_better"
    full_at: Decimal  # the rate at or beyond which the score is full
    zero_at: Decimal | None = None  # linear: the rate at or beyond which the score is 0
    per_point: Decimal | None = None  # deduct: points lost per percentage point short
    per_point_share: Decimal | None = None  # deduct: share of the weight lost per point (5 = 5%)
    else_share: Decimal = ZERO  # step: share of the weight when the rate is not within full_at (percent)
    source: str = ""


class CriterionSpec(_Base, kw_only=True):
    text: str
    points: Decimal


class FrameworkNode(_Base, kw_only=True):
    """A node of a department framework: a category with children, or a leaf with its method."""

    code: str
    name: str
    weight: Decimal
    key: str | None = None  # level-1 code name (decision, management …) for top nodes
    children: list[FrameworkNode] = []
    method: Method | None = None
    formula: str | None = None
    rule: str | None = None
    criteria: list[CriterionSpec] = []
    definition: str = ""
    data_source: str = ""
    survey: str | None = None


class Scheme(_Base, kw_only=True):
    id: str
    kind: Literal["scheme"]
    name: str
    applies_to: Literal["project", "department"]
    source: str = ""
    grade_scale: str
    execution: Execution | None = None
    indicators_total: Decimal | None = None
    categories: list[Category] = []
    goals: bool = False  # the department spreads indicator points over weighted annual goals
    tiers: list[TierSpec] = []
    tiers_source: str = ""
    over_achievement_threshold: Decimal = Decimal(20)  # percent above a higher-is-better target
    rules: list[ThresholdRule] = []
    framework: list[FrameworkNode] = []
    report_shape: Literal["S1", "S2", "S3", "S4", "S5", ""] = ""  # the report a department scored so publishes
    table_layout: Literal["mof-2020", "hubei"] = "mof-2020"  # how its project self-evaluation table is laid out
    file: str = ""  # where it was read from, set by the loader

    def category(self, key: str) -> Category | None:
        for category in self.categories:
            if category.key == key:
                return category
        return None

    def rule(self, rule_id: str) -> ThresholdRule | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None

    def tier(self, key: str) -> TierSpec | None:
        for tier in self.tiers:
            if tier.key == key:
                return tier
        return None

    @property
    def total_weight(self) -> Decimal:
        if self.framework:
            return sum((node.weight for node in self.framework), ZERO)
        execution = self.execution.weight if self.execution else ZERO
        return execution + (self.indicators_total or ZERO)


def grade_scale_from_data(data: Any, source: str = "") -> GradeScale:
    scale = _convert(data, GradeScale, source)
    problems = []
    mins = [band.min for band in scale.bands]
    if not scale.bands:
        problems.append(Problem("bands", "至少需要一个等级"))
    elif mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
        problems.append(Problem("bands", "等级的最低分须从高到低排列且互不相同"))
    elif scale.bands[-1].min != 0:
        problems.append(Problem(f"bands[{len(mins) - 1}].min", "最低一档的最低分应为 0"))
    if scale.excellent not in {band.name for band in scale.bands}:
        problems.append(Problem("excellent", f"“{scale.excellent}”不是本量表中的等级"))
    if problems:
        raise SchemeError(problems, source)
    return scale


def scheme_from_data(data: Any, source: str = "") -> Scheme:
    scheme = _convert(data, Scheme, source)
    problems = _tier_problems(scheme) + _weight_problems(scheme) + _rule_problems(scheme)
    if problems:
        raise SchemeError(problems, source)
    return scheme


def _convert(data: Any, kind: type, source: str) -> Any:
    try:
        return msgspec.convert(data, type=kind)
    except msgspec.ValidationError as error:
        raise SchemeError([translate(str(error))], source) from None


def _tier_problems(scheme: Scheme) -> list[Problem]:
    if not scheme.tiers:
        return []
    problems = []
    ordered = sorted(scheme.tiers, key=lambda t: t.low, reverse=True)
    if ordered[0].high != HUNDRED:
        problems.append(Problem("tiers", "最高一档的上限应为 100（%）"))
    if ordered[-1].low != ZERO:
        problems.append(Problem("tiers", "最低一档的下限应为 0（%）"))
    for upper, lower in zip(ordered, ordered[1:]):
        if lower.high != upper.low:
            problems.append(Problem("tiers", f"“{lower.name}”的上限应等于“{upper.name}”的下限 {fmt_plain(upper.low)}"))
    return problems


def _weight_problems(scheme: Scheme) -> list[Problem]:
    problems = []
    fixed = [c.weight for c in scheme.categories if c.weight is not None]
    if scheme.indicators_total is not None and len(fixed) == len(scheme.categories) and scheme.categories:
        if sum(fixed, ZERO) != scheme.indicators_total:
            problems.append(Problem("categories", f"各一级指标分值之和 {fmt_normalised(sum(fixed, ZERO))} 不等于指标总分 {fmt_plain(scheme.indicators_total)}"))

    def walk(nodes: list[FrameworkNode], path: str) -> None:
        for index, node in enumerate(nodes):
            here = f"{path}[{index}]"
            if node.children:
                total = sum((child.weight for child in node.children), ZERO)
                if total != node.weight:
                    problems.append(Problem(f"{here}.weight", f"“{node.name}”分值 {fmt_plain(node.weight)} 不等于下级分值之和 {fmt_normalised(total)}"))
                walk(node.children, f"{here}.children")
            elif node.method is None:
                problems.append(Problem(f"{here}.method", f"末级指标“{node.name}”须指定计分方法"))
            elif node.method == "checklist":
                points = sum((c.points for c in node.criteria), ZERO)
                if points != node.weight:
                    problems.append(Problem(f"{here}.criteria", f"评分细则分值之和 {fmt_normalised(points)} 不等于指标分值 {fmt_plain(node.weight)}"))
            elif node.method == "thresholds" and (not node.formula or not node.rule):
                problems.append(Problem(here, f"公式指标“{node.name}”须指定 formula 与 rule"))

    walk(scheme.framework, "framework")
    return problems


def _rule_problems(scheme: Scheme) -> list[Problem]:
    problems = []
    known = {rule.id for rule in scheme.rules}
    for index, rule in enumerate(scheme.rules):
        if rule.kind == "deduct" and rule.per_point is None and rule.per_point_share is None:
            problems.append(Problem(f"rules[{index}]", "扣分规则须给出 per_point 或 per_point_share"))
        if rule.kind == "linear" and rule.zero_at is None:
            problems.append(Problem(f"rules[{index}].zero_at", "线性规则须给出得 0 分的临界值"))

    def walk(nodes: list[FrameworkNode], path: str) -> None:
        for index, node in enumerate(nodes):
            if node.rule and node.rule not in known:
                problems.append(Problem(f"{path}[{index}].rule", f"方案中没有名为“{node.rule}”的计分规则"))
            walk(node.children, f"{path}[{index}].children")

    walk(scheme.framework, "framework")
    return problems
