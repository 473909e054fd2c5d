"""Weights (CHECKS.md · Arithmetic): goal and category weights against their indicators and against the scheme."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..labels import LEVEL1
from ..money import ZERO, fmt_normalised, fmt_plain

FULL_MARKS = Decimal(100)
from ..phrasing import shorten
from ..results import Node, ScoreCard
from . import CheckContext, Finding, Later, check
from ._common import score_cards, subject_of


def _card_findings(card: ScoreCard, ctx: CheckContext) -> Iterator[Finding]:
    scheme = card.scheme
    if scheme.framework:
        return  # the scheme fixes a framework's weights and validated them on load
    leaves_total = card.leaf_weight if card.leaf_weight is not None else sum((leaf.weight for leaf in card.leaves()), ZERO)
    subject = None  # named only for a finding (most tables have none)
    if scheme.indicators_total is not None and leaves_total != scheme.indicators_total:
        subject = _card_subject(card, ctx)
        prefix = f"{card.path}." if card.path else ""
        yield Finding(
            "WEIGHT.TOTAL", "error", f"{prefix}{'goals' if scheme.goals else 'indicators'}",
            f"各指标分值之和为 {fmt_normalised(leaves_total)}，按“{scheme.name}”应为 {fmt_normalised(scheme.indicators_total)}"
            + (f"；连同预算执行 {fmt_normalised(scheme.execution.weight)} 分，全表合计 "
               f"{fmt_normalised(leaves_total + scheme.execution.weight)} 分，应为 "
               f"{fmt_normalised(scheme.indicators_total + scheme.execution.weight)} 分" if scheme.execution else "")
            + "，请调整分值。",
            stated=fmt_normalised(leaves_total), recomputed=fmt_normalised(scheme.indicators_total), subject=subject,
        )
    for group in card.groups:
        declared = group.weight
        # a group with nothing to report, passed over before a generator is made for it: one that declares no weight
        # and is not a goal, or whose indicators' weights add up to the weight it declares
        if (declared is None and not group.path.startswith("goals")) or \
                (declared is not None and group.leaf_weight == declared):
            continue
        if subject is None:
            subject = _card_subject(card, ctx)
        yield from _group_findings(group, card, ctx, subject)


def _card_subject(card: ScoreCard, ctx: CheckContext) -> Later | str:
    return Later(subject_of, ctx.evaluation, card.path) if card.path else "部门整体"


def _group_findings(group: Node, card: ScoreCard, ctx: CheckContext, subject: str) -> Iterator[Finding]:
    declared = group.weight
    if group.path.startswith("goals") and declared is None:
        yield Finding("WEIGHT.GOAL", "error", group.path, f"{shorten(group.name)}未填写目标分值。", subject=subject)
        return
    if declared is None:
        return
    categories = card.scheme.categories
    if card.scheme.category(group.key) is not None and any(c.optional for c in categories) and not any(
        g.key == c.key for c in categories if c.optional for g in card.groups
    ):
        return  # its points were spread over the others as the department decided; only the total is fixed
    if group.leaf_weight != declared:
        what = "目标" if group.path.startswith("goals") else "一级指标"
        location = group.path if group.path.startswith("goals") else f"{card.path + '.' if card.path else ''}indicators"
        yield Finding(
            "WEIGHT.GROUP", "error", location,
            f"{what}“{shorten(group.name)}”分值为 {fmt_plain(declared)}，其下指标分值之和为 "
            f"{fmt_normalised(group.leaf_weight)}，两者应相等。",
            stated=fmt_plain(declared), recomputed=fmt_normalised(group.leaf_weight), subject=subject,
        )


def _stated_groups(ctx: CheckContext) -> Iterator[Finding]:
    """Level-1 weights a department's table prints for itself, where no scheme scores the department: each against
    the weights of the indicators under it."""
    e = ctx.evaluation
    if not e.stated_group_weights:
        return
    department = ctx.result.department
    # a scheme that scores the department checks its own groups' weights with the score card; a group whose weight
    # the scheme leaves to the department (产出指标 with no fixed share) is checked against the weight its table prints
    unfixed = None if department is None else {g.key for g in department.groups if g.weight is None}
    if unfixed is None:
        yield from _stated_total(e)
    for i, stated in enumerate(e.stated_group_weights):
        if unfixed is not None and stated.group not in unfixed:
            continue
        leaves = [x.weight for x in e.indicators if x.level1 == stated.group]
        if not leaves or any(w is None for w in leaves):
            continue
        total = sum(leaves, Decimal(0))
        if total != stated.weight:
            yield Finding("WEIGHT.GROUP", "error", f"stated_group_weights[{i}]",
                          f"一级指标“{shorten(LEVEL1.get(stated.group, stated.group))}”分值为 {fmt_plain(stated.weight)}，其下指标分值之和为 "
                          f"{fmt_normalised(total)}，两者应相等。",
                          stated=fmt_plain(stated.weight), recomputed=fmt_normalised(total), subject="部门整体",
                          where=stated.where)


def _stated_total(e) -> Iterator[Finding]:
    """The level-1 weights a table prints for itself are its scheme: when they give every indicator's group and make
    the full 100 marks, the indicators' weights must make 100 too (30 + 25 + 25 + 20 over leaves adding to 98)."""
    groups = {stated.group: stated.weight for stated in e.stated_group_weights}
    weights = [x.weight for x in e.indicators]
    if not groups or not weights or any(w is None for w in weights):
        return
    if any(x.level1 not in groups for x in e.indicators) or sum(groups.values(), Decimal(0)) != FULL_MARKS:
        return
    total = sum(weights, Decimal(0))
    if total != FULL_MARKS:
        yield Finding("WEIGHT.TOTAL", "error", "indicators",
                      f"各指标分值之和为 {fmt_normalised(total)}，按一级指标所列分值合计应为 {fmt_plain(FULL_MARKS)} 分，"
                      "请调整分值。",
                      stated=fmt_plain(FULL_MARKS), recomputed=fmt_normalised(total), subject="部门整体",
                      where=e.stated_group_weights[0].where)


@check("WEIGHT", "指标分值与目标、一级指标及评分方案总分相符")
def weights(ctx: CheckContext) -> Iterator[Finding]:
    yield from _stated_groups(ctx)
    cards = score_cards(ctx)
    for card in cards:
        yield from _card_findings(card, ctx)
    for card in cards:
        for leaf in card.leaves():
            if leaf.method != "checklist":
                continue
            criteria = leaf.indicator.criteria
            if criteria and all(c.points is not None for c in criteria):
                points = sum((c.points for c in criteria), Decimal(0))
                if points != leaf.weight:
                    yield Finding(
                        "WEIGHT.CRITERIA", "error", leaf.path,
                        f"评分细则各项分值之和 {fmt_normalised(points)} 不等于指标分值 {fmt_plain(leaf.weight)}。",
                        stated=fmt_plain(leaf.weight), recomputed=fmt_normalised(points),
                        subject=subject_of(ctx.evaluation, leaf.path),
                    )
