"""Unfilled forms (CHECKS.md · More arithmetic and consistency): 得分 or 完成值 left blank, and conclusion fields still
holding the form's printed instructions.

Whether a form has a place for a score is the document's to say (the reader keeps it in `unfilled`): data entered
in the web app has no printed form, and its indicators are scored by the rules, so a score it does not state is not
a blank (SCORE.NOT_SCORED says what cannot be scored).
"""

from __future__ import annotations

from typing import Iterator

from ..form_conventions import is_instruction
from ..model import FormText, Indicator, Unfilled
from . import CheckContext, Finding, check

_COLUMNS = {"score": "得分", "actual": "完成值"}


def _tables(ctx: CheckContext) -> Iterator[tuple[str, str, list[Unfilled], list[Indicator], bool]]:
    """(location, subject, what was left blank, indicators, whether its budget execution score is blank, whether a
    total score is stated anywhere) per table that left something blank (a table that left nothing blank has nothing
    to report, and a province's tables mostly left nothing)."""
    e, department = ctx.evaluation, ctx.result.department
    scores_execution = department is not None and department.execution is not None
    if e.unfilled:
        yield ("", "部门整体", list(e.unfilled), [i for g in e.goals for i in g.indicators] + list(e.indicators),
               scores_execution and e.stated_execution_score is None, e.stated_score is not None)
    for index, p in enumerate(e.projects):
        if not p.unfilled:
            continue
        yield f"projects[{index}]", f"项目“{p.name}”", list(p.unfilled), list(p.indicators), \
            p.stated_execution_score is None, p.stated_score is not None


def _names(indicators: list[Indicator]) -> str:
    shown = "、".join(f"“{i.name}”" for i in indicators[:5])
    return shown + (f"等 {len(indicators)} 项" if len(indicators) > 5 else "")


@check("FORM.UNFILLED", "自评表的得分、完成值已填写")
def unfilled(ctx: CheckContext) -> Iterator[Finding]:
    for location, subject, blank, indicators, execution_blank, total_stated in _tables(ctx):
        if "score" in blank:
            missing = [i for i in indicators if i.score is None]
            parts = (["预算执行"] if execution_blank else []) + ([f"{len(missing)} 项指标"] if missing else [])
            if parts:
                yield Finding("FORM.UNFILLED", "error", location or "stated_score",
                              f"自评表“得分”一栏未填写：{'、'.join(parts)}没有得分，自评结果无从核对，请按评分规则逐项打分。",
                              stated=_COLUMNS["score"], recomputed=f"{len(missing)} 项指标未打分", subject=subject)
        elif "total" in blank and not total_stated:  # a total the text states is SCORE.ABOVE_PARTS's to weigh
            yield Finding("FORM.UNFILLED", "error", location or "stated_score",
                          "自评表“总分”栏未填写，文中也未说明自评总分，请填写总分及评价等级。",
                          stated="总分", recomputed="（空）", subject=subject)
        if "actual" in blank:
            missing = [i for i in indicators if not (i.actual or "").strip()]
            if missing:
                yield Finding("FORM.UNFILLED", "error", location or "indicators",
                              f"自评表“完成值”一栏有 {len(missing)} 项指标未填写（{_names(missing)}），"
                              "无法判断目标是否完成，请填写实际完成值。",
                              stated=_COLUMNS["actual"], recomputed=f"{len(missing)} 项未填", subject=subject)


def _form_texts(ctx: CheckContext) -> Iterator[tuple[str, str, FormText]]:
    e = ctx.evaluation
    for i, text in enumerate(e.form_texts):
        yield f"form_texts[{i}]", "部门整体", text
    for index, p in enumerate(e.projects):
        for i, text in enumerate(p.form_texts):
            yield f"projects[{index}].form_texts[{i}]", f"项目“{p.name}”", text


@check("FORM.INSTRUCTIONS", "结论、问题等栏目已填写，而不是表格的填写说明")
def instructions(ctx: CheckContext) -> Iterator[Finding]:
    for location, subject, text in _form_texts(ctx):
        if not is_instruction(text.text):
            continue
        shown = text.text.strip()
        shown = shown if len(shown) <= 40 else shown[:40] + "…"
        yield Finding("FORM.INSTRUCTIONS", "warning", location,
                      f"“{text.label}”一栏填的仍是表格的填写说明（“{shown}”），请按说明填写实际内容。",
                      stated=text.label, recomputed="填写说明", where=text.where, subject=subject)
