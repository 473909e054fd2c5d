"""Deviations explained (CHECKS.md · Quality of goals): an under-achieved indicator, or one over-achieved beyond the
scheme's threshold, needs a deviation reason; so do full marks everywhere when targets were missed or exceeded."""

from __future__ import annotations

from typing import Iterator

from .. import docpath
from ..money import fmt_percent, fmt_plain
from ..results import LeafResult, ScoreCard
from . import CheckContext, Finding, Texts, check
from ._common import EMPTY_ANSWERS, score_cards, subject_of, substantive

QUANTITATIVE = {"higher_better", "lower_better", "exact"}


def _off_target(leaf: LeafResult) -> str | None:
    """'over' or 'under' when the indicator missed or far exceeded its target."""
    if leaf.over_achieved:
        return "over"
    if leaf.method in QUANTITATIVE and leaf.score is not None and leaf.score < leaf.weight:
        return "under"
    if leaf.method == "qualitative" and leaf.tier is not None and leaf.tier.key != "achieved":
        return "under"
    return None


def _card_reason(ctx: CheckContext, card: ScoreCard) -> str | None:
    if card.path:
        return ctx.evaluation.projects[docpath.index_in(card.path, "projects")].deviation_reason
    return ctx.evaluation.deviation_reason



@check("DEVIATION", "偏离目标的指标写明偏差原因")
def unexplained(ctx: CheckContext) -> Iterator[Finding]:
    admits = "指标设定" in (ctx.evaluation.problems or "") or "目标值" in (ctx.evaluation.problems or "")
    for card in score_cards(ctx):
        card_reason = _card_reason(ctx, card)
        if substantive(card_reason):
            continue  # the table's own analysis explains its deviations
        for leaf in card.leaves():
            # `_off_target` and `substantive`, written out: called for each of a province's millions of leaves, the
            # calls cost more than the tests
            if leaf.over_achieved:
                kind = "over"
            elif (leaf.method in QUANTITATIVE and leaf.score is not None and leaf.score < leaf.weight) or \
                    (leaf.method == "qualitative" and leaf.tier is not None and leaf.tier.key != "achieved"):
                kind = "under"
            else:
                continue
            own = leaf.indicator.deviation_reason
            if own is not None and own.strip() not in EMPTY_ANSWERS:
                continue
            # the row's own answer ("无") when it wrote one, else the table's
            reason = own if own is not None else card_reason
            texts = Texts(_unexplained_texts, leaf,
                          (kind, reason, admits and not card.path and kind == "over", card, own is None), ctx.evaluation)
            yield Finding("DEVIATION.UNEXPLAINED", "warning", leaf.path, texts, reason, texts, "", texts)


def _unexplained_texts(leaf: LeafResult, how: tuple, evaluation) -> tuple:
    """(message, the reason stated, the completion, subject) of a DEVIATION.UNEXPLAINED finding; `how`: (kind, the
    reason stated, whether the report's 存在的问题 admits targets set badly, the card, whether the reason is the
    table's: the row left its own blank)."""
    kind, reason, admitted, card, from_table = how
    tail = "；报告“存在的问题”中也承认指标设定不合理" if admitted else ""
    message = _unexplained_message(leaf, kind, card.scheme.over_achievement_threshold, reason, tail, from_table)
    return (message, reason, _completion(leaf) if leaf.completion is not None else None,
            subject_of(evaluation, leaf.path))


def _completion(leaf: LeafResult) -> str:
    return f"完成率 {fmt_percent(leaf.completion)}" if leaf.completion is not None else ""


def _unexplained_message(leaf: LeafResult, kind: str, threshold, reason: str | None, tail: str,
                         from_table: bool) -> str:
    """`from_table`: the reason quoted is the table's analysis (the row left its own blank)."""
    if kind == "over":
        what = (f"实际 {leaf.indicator.actual} 超过目标 {leaf.indicator.target}（{_completion(leaf)}），"
                f"超出 {fmt_plain(threshold)}% 以上仍得满分")
    else:
        what = f"未完成目标（目标 {leaf.indicator.target or '—'}，实际 {leaf.indicator.actual or '—'}）"
    # whose answer is quoted: the row's own, or (the row left blank) the table's analysis below it — a new user
    # read the table's “无” quoted for a row whose cell was empty as a reason they had never written
    if reason is None:
        stated = "偏差原因分析未填写"
    elif from_table:
        stated = f"本行未写偏差原因，表中的偏差原因分析为“{reason.strip()}”"
    else:
        stated = f"本行偏差原因为“{reason.strip()}”"
    # the advice follows the deviation: a target far exceeded was likely set too low; a missed one needs its causes
    advice = ("目标明显偏低的应调整目标或酌情扣分" if kind == "over"
              else "写明未完成的原因（客观条件变化、执行问题等）及改进措施")
    return f"{what}，而{stated}{tail}，请说明偏差原因：{advice}。"


def _all_full(leaves: list[LeafResult]) -> bool:
    """Every leaf scored full marks (a loop: any() over a generator cost twice as much, for every table)."""
    for leaf in leaves:
        score = leaf.score
        if score is None or score < leaf.weight:
            return False
    return True


@check("FULL_MARKS", "全部满分而目标有偏离")
def full_marks(ctx: CheckContext) -> Iterator[Finding]:
    for card in score_cards(ctx):
        leaves = card.leaves()
        if not leaves or not _all_full(leaves):
            continue
        off = [leaf for leaf in leaves if _off_target(leaf)]
        if off:
            names = "、".join(leaf.indicator.name for leaf in off[:3]) + ("等" if len(off) > 3 else "")
            yield Finding("FULL_MARKS", "notice", card.path or "goals",
                          f"所有指标均得满分，但 {len(off)} 项指标明显偏离目标（{names}），请确认目标设定是否合理。",
                          subject=card.subject if not card.path else f"项目“{card.subject}”")
