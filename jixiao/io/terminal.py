"""Score cards and findings as text for a terminal, with Chinese characters counted as two columns."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any, Iterable

from jixiao.core.checks import Finding, by_severity
from jixiao.core.labels import LEVEL1, LEVEL2, SEVERITIES
from jixiao.core.model import Evaluation
from jixiao.core.money import HUNDRED, fmt_percent, fmt_plain, fmt_score, fmt_total, fmt_wan
from jixiao.core.results import EvaluationResult, LeafResult, Node, ScoreCard


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > limit - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def table(headers: list[str], rows: Iterable[list[str]], right: set[int] = frozenset(), limits: dict[int, int] | None = None) -> str:
    limits = limits or {}
    rows = [[clip(cell, limits[i]) if i in limits else cell for i, cell in enumerate(row)] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - width(cell))
            parts.append(pad + cell if i in right else cell + pad)
        return "  ".join(parts).rstrip()

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(headers), rule] + [line(r) for r in rows])


# ------------------------------------------------------------------------------------------------- score card
def _leaf_row(leaf: LeafResult, indent: str = "") -> list[str]:
    ind = leaf.indicator
    score = fmt_score(leaf.score) if leaf.score is not None else "未计分"
    return [
        indent + LEVEL1.get(ind.level1, ind.level1), LEVEL2.get(ind.level2 or "", ind.level2 or ""), ind.name,
        ind.target or "", ind.actual or "", fmt_plain(leaf.weight), score,
    ]


def render_card(card: ScoreCard, title: str) -> str:
    lines = [title, f"评分方案：{card.scheme.name}（{card.scheme.file or card.scheme.id}）", ""]
    rows: list[list[str]] = []
    if card.execution is not None:
        run = card.execution
        rate = fmt_percent(run.rate) if run.rate is not None else (run.missing or "")
        rows.append(["预算执行", "执行率", f"预算 {fmt_plain(run.budget_adjusted)} / 执行 {fmt_plain(run.spent)} 万元",
                     "", rate, fmt_plain(run.weight), fmt_score(run.score) if run.score is not None else "未计分"])
    for group in card.groups:
        weight = group.weight if group.weight is not None else group.leaf_weight
        if group.path.startswith("goals") or card.scheme.framework:
            rows.append([f"【{group.name}】", "", "", "", "", fmt_plain(weight), fmt_score(group.score)])
        rows.extend(_rows(group))
    total = fmt_total(card.total)
    grade = card.grade.name if card.grade is not None else f"未评定（{len(card.missing)} 项未计分）"
    rows.append(["合计", "", "", "", "", fmt_plain(card.scheme.total_weight), total])
    lines.append(table(["一级指标", "二级指标", "三级指标", "目标值", "实际完成值", "分值", "得分"], rows,
                       right={5, 6}, limits={0: 26, 2: 34, 3: 16, 4: 16}))
    lines += ["", f"总分 {total}　等级 {grade}"]
    return "\n".join(lines)


def _rows(node: Node) -> list[list[str]]:
    rows = []
    for child in node.children:
        if isinstance(child, LeafResult):
            rows.append(_leaf_row(child, "  "))
        else:
            weight = child.weight if child.weight is not None else child.leaf_weight
            rows.append([f"  {child.key} {child.name}", "", "", "", "", fmt_plain(weight), fmt_score(child.score)])
            rows.extend(_rows(child))
    return rows


def render_projects(result: EvaluationResult) -> str:
    if not result.projects:
        return ""
    rows = []
    for p in result.projects:
        budget = p.project.budget
        rate = fmt_percent(budget.spent / budget.budget_adjusted) if budget and budget.spent is not None \
            and budget.budget_adjusted else ""
        source = {"computed": "按指标计算", "stated": "所列", "from_stated_score": "按所列得分", "withheld": "分值有误，不评定",
                  "none": ""}[p.grade_source]
        rows.append([str(p.index + 1), p.project.name, fmt_wan(budget.budget_adjusted) if budget else "—",
                     fmt_wan(budget.spent) if budget and budget.spent is not None else "—", rate,
                     fmt_total(p.score), p.grade or "—", source])
    text = table(["序号", "项目名称", "调整后预算（万元）", "执行数（万元）", "执行率", "得分", "等级", "来源"], rows,
                 right={0, 2, 3, 4, 5}, limits={1: 44})
    counts = "，".join(f"{grade} {n} 个" for grade, n in result.grade_counts.items())
    share = fmt_percent(result.excellent_share) if result.excellent_share is not None else "—"
    if result.graded_projects < len(result.projects):
        share += f"（按已评定等级的 {result.graded_projects} 个项目计算，{len(result.projects) - result.graded_projects} 个未评定）"
    return f"项目自评结果（{len(result.projects)} 个）\n{text}\n\n等级分布：{counts}；评优率（{result.excellent_grade}）{share}"


def render_overview(evaluation: Evaluation, result: EvaluationResult) -> str:
    lines = [f"{evaluation.department.name}　{evaluation.year} 年度"]
    budget = evaluation.budget
    if budget is not None:
        for key, label in (("total", "部门整体"), ("project_expenditure", "项目支出"), ("basic_expenditure", "基本支出")):
            line = getattr(budget, key)
            if line is not None and line.spent is not None and line.budget_adjusted:
                lines.append(f"{label}：调整后预算 {fmt_wan(line.budget_adjusted)} 万元，决算 {fmt_wan(line.spent)} 万元，"
                             f"执行率 {fmt_percent(line.spent / line.budget_adjusted)}")
    if result.department is None and evaluation.stated_score is not None:
        lines.append(f"部门整体（所列）：得分 {fmt_plain(evaluation.stated_score)}，等级 {evaluation.stated_grade or '（空）'}"
                     "；未附评分表，未重算")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------- findings
def render_findings(findings: list[Finding]) -> str:
    if not findings:
        return "未发现问题。"
    lines = []
    for severity, group in by_severity(findings):
        lines.append(f"{SEVERITIES[severity]}（{len(group)}）")
        for f in group:
            where = f"　{f.where}" if f.where else ""
            lines.append(f"  [{f.code}] {f.subject or '部门'} · {f.location}{where}")
            lines.append(f"    {f.message}")
            if f.stated is not None or f.recomputed is not None:
                lines.append(f"    所列：{f.stated if f.stated is not None else '—'}　重算/应为：{f.recomputed if f.recomputed is not None else '—'}")
        lines.append("")
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "notice")}
    lines.append(f"共 {counts['error']} 个错误、{counts['warning']} 个警告、{counts['notice']} 个提示。")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------------- json
def _d(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def card_json(card: ScoreCard) -> dict[str, Any]:
    def node(n: Node) -> dict[str, Any]:
        return {"key": n.key, "name": n.name, "weight": _d(n.weight), "score": _d(n.score),
                "children": [leaf_json(c) if isinstance(c, LeafResult) else node(c) for c in n.children]}

    execution = card.execution
    return {
        "subject": card.subject, "path": card.path, "scheme": card.scheme.id,
        "execution": None if execution is None else {
            "path": execution.path, "weight": _d(execution.weight), "budget_adjusted": _d(execution.budget_adjusted),
            "spent": _d(execution.spent), "rate": _d(execution.rate), "score": _d(execution.score),
            "missing": execution.missing},
        "groups": [node(g) for g in card.groups],
        "total": _d(card.total), "total_shown": fmt_total(card.total) if card.total is not None else None,
        "complete": card.complete, "grade": card.grade.name if card.grade else None, "missing": card.missing,
    }


def leaf_json(leaf: LeafResult) -> dict[str, Any]:
    return {
        "path": leaf.path, "name": leaf.indicator.name, "level1": leaf.indicator.level1,
        "level2": leaf.indicator.level2, "method": leaf.method, "target": leaf.indicator.target,
        "actual": leaf.indicator.actual, "weight": _d(leaf.weight), "score": _d(leaf.score), "missing": leaf.missing,
        "completion": _d(leaf.completion), "over_achieved": leaf.over_achieved,
    }


def result_json(evaluation: Evaluation, result: EvaluationResult) -> dict[str, Any]:
    return {
        "department": evaluation.department.name, "year": evaluation.year,
        "score_card": card_json(result.department) if result.department else None,
        "stated_score": _d(evaluation.stated_score), "stated_grade": evaluation.stated_grade,
        "projects": [
            {"index": p.index, "name": p.project.name, "score": _d(p.score), "grade": p.grade,
             "grade_source": p.grade_source, "score_card": card_json(p.card) if p.card else None}
            for p in result.projects
        ],
        "grade_counts": result.grade_counts,
        "excellent_share_percent": _d(result.excellent_share * HUNDRED) if result.excellent_share is not None else None,
    }


def finding_json(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity, "location": f.location, "subject": f.subject,
            "message": f.message, "stated": f.stated, "recomputed": f.recomputed, "where": f.where}
