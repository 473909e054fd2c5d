"""Why a score is what it is (RULES.md §9): the method, the inputs, the arithmetic and the rule's source, in Chinese.

Built on demand from the score cards, so that bulk scoring does not pay for text nobody reads. The first line names
what is explained where a preparer finds it (年度目标 1 › 指标“…”), never by its internal path.
"""

from __future__ import annotations

from .labels import LEVEL1, LEVEL2, METHODS as METHOD_LABELS
from .locations import describe
from .methods import Context, method_module
from .methods.quantitative import SOURCE as QUANTITATIVE_SOURCE
from .model import Evaluation
from .money import fmt_percent, fmt_plain, fmt_score
from .results import EvaluationResult, ExecutionResult, LeafResult, Node, ScoreCard


class UnknownPath(KeyError):
    pass


def explain_path(evaluation: Evaluation, result: EvaluationResult, path: str, library) -> list[str]:
    """Lines explaining the score at `path`: '' or 'total' (the department), 'projects[i]', a goal, a leaf, or
    the execution item ('projects[i].budget', 'execution' / 'budget.total')."""
    path = path.strip()
    cards = ([result.department] if result.department else []) + [p.card for p in result.projects if p.card]
    if path in ("", "total", "department"):
        if result.department is None:
            raise UnknownPath("本评价没有部门整体评分（未指定部门评分方案）")
        return explain_card(result.department, library, evaluation)
    for card in cards:
        if card.path == path:
            return explain_card(card, library, evaluation)
        if card.execution is not None and card.execution.path == path:
            return explain_execution(card.execution, card, evaluation)
        for group in card.groups:
            found = _find(group, path)
            if isinstance(found, Node):
                return explain_node(found, card, evaluation)
            if isinstance(found, LeafResult):
                return explain_leaf(found, Context(card.scheme, evaluation))
    raise UnknownPath(f"找不到“{path}”；可用的路径如 projects[0]、projects[0].indicators[2]、goals[1].indicators[0]")


def _find(node: Node, path: str) -> Node | LeafResult | None:
    if node.path == path and node.key == path:
        return node
    for child in node.children:
        if isinstance(child, LeafResult):
            if child.path == path:
                return child
        else:
            if child.key == path or child.path == f"framework:{path}":
                return child
            found = _find(child, path)
            if found is not None:
                return found
    return None


def _owner(card: ScoreCard, evaluation: Evaluation | None) -> str:
    """Whose score card it is: 部门整体, or 项目“…”."""
    return describe(card.path, evaluation) if card.path else "部门整体"


def explain_leaf(leaf: LeafResult, context: Context) -> list[str]:
    ind = leaf.indicator
    categories = " / ".join(filter(None, [LEVEL1.get(ind.level1, ind.level1), LEVEL2.get(ind.level2 or "", ind.level2)]))
    # a framework leaf nobody has answered yet has no place in the document, only its code in the framework
    where = f"指标“{ind.name}”" if leaf.path.startswith("framework:") else describe(leaf.path, context.evaluation)
    lines = [
        f"{where}（{categories}）",
        f"计分方法：{METHOD_LABELS[leaf.method]}{'' if ind.method else '（由目标值写法推定）'}",
    ]
    lines += method_module(leaf.method).explain(leaf, context)
    if leaf.score is not None:
        lines.append(f"得分：{fmt_score(leaf.score)} / {fmt_plain(leaf.weight)}")
    lines.append(f"依据：{_source(leaf, context)}")
    return lines


def _source(leaf: LeafResult, context: Context) -> str:
    """The rule a score follows, as the bureau published it: the scheme's document and the method's clause."""
    scheme = context.scheme
    if leaf.method in QUANTITATIVE_SOURCE:
        clause = QUANTITATIVE_SOURCE[leaf.method]
    elif leaf.method == "qualitative":
        clause = scheme.tiers_source or "定性指标分三档，在所选档次的区间内给分"
    elif leaf.method == "thresholds":
        rule = scheme.rule(leaf.indicator.rule or "")
        clause = rule.source if rule and rule.source else "按公式算出比率，再按阈值规则折算得分"
    else:
        clause = {"checklist": "评分细则逐项计分，得分为达到各项的分值之和", "judgement": "酌情评分，须写明理由",
                  "survey": "按满意度调查得分折算"}[leaf.method]
    return f"{_scheme_name(scheme)}：{clause}"


def _scheme_name(scheme) -> str:
    return f"{scheme.source}（评分方案“{scheme.name}”）" if scheme.source else f"评分方案“{scheme.name}”"


def explain_execution(execution: ExecutionResult, card: ScoreCard, evaluation: Evaluation | None = None) -> list[str]:
    lines = [f"{_owner(card, evaluation)} › 预算执行率（分值 {fmt_plain(execution.weight)}）"]
    lines.append(f"调整后预算数 A = {fmt_plain(execution.budget_adjusted)} 万元，执行数 B = {fmt_plain(execution.spent)} 万元")
    if execution.missing:
        lines.append(f"未计分：{execution.missing}。")
    else:
        assert execution.rate is not None
        cap = card.scheme.execution.cap if card.scheme.execution is not None else execution.rate  # the engine's cap
        counted = min(execution.rate, cap)
        capped = f" （超过 {fmt_percent(cap)} 按 {fmt_percent(cap)} 计）" if execution.rate > cap else ""
        lines.append(f"执行率 = B / A = {fmt_percent(execution.rate)}{capped}")
        lines.append(f"得分 = {fmt_plain(execution.weight)} × {fmt_percent(counted)} = {fmt_score(execution.score)} 分")
    lines.append(f"依据：{_scheme_name(card.scheme)}：{execution.source}")
    return lines


def _node_title(node: Node, card: ScoreCard, evaluation: Evaluation | None) -> str:
    """年度目标 2：…, 项目“…” › 产出指标, or a framework node by its code (A1 决策): as the tables name them."""
    if node.path.startswith("goals"):
        where = describe(node.path, evaluation)  # 年度目标 2
        return node.name if node.name.startswith(where) else f"{where}：{node.name}"
    if node.path.startswith("framework:"):
        return f"{node.key} {node.name}"
    return f"{_owner(card, evaluation)} › {node.name}"


def explain_node(node: Node, card: ScoreCard, evaluation: Evaluation | None = None) -> list[str]:
    weight = f"（分值 {fmt_plain(node.weight)}）" if node.weight is not None else ""
    lines = [_node_title(node, card, evaluation) + weight]
    parts = []
    for child in node.children:
        if isinstance(child, LeafResult):
            shown = fmt_score(child.score) if child.score is not None else "未计分"
            lines.append(f"  {child.indicator.name}：{shown} / {fmt_plain(child.weight)}")
        else:
            shown = fmt_score(child.score)
            lines.append(f"  {child.name}：{shown} / {fmt_plain(child.weight or child.leaf_weight)}")
        parts.append(fmt_score(child.score) if child.score is not None else "0")
    lines.append(f"合计 = {' + '.join(parts)} = {fmt_score(node.score)} 分")
    return lines


def explain_card(card: ScoreCard, library, evaluation: Evaluation | None = None) -> list[str]:
    whose = _owner(card, evaluation) if card.path else card.subject
    lines = [f"{whose}　评分方案：{card.scheme.name}（{card.scheme.file or card.scheme.id}）"]
    parts = []
    if card.execution is not None:
        lines.append(f"  预算执行：{fmt_score(card.execution.score)} / {fmt_plain(card.execution.weight)}")
        parts.append(fmt_score(card.execution.score) if card.execution.score is not None else "0")
    for group in card.groups:
        weight = group.weight if group.weight is not None else group.leaf_weight
        lines.append(f"  {group.name}：{fmt_score(group.score)} / {fmt_plain(weight)}")
        parts.append(fmt_score(group.score))
    lines.append(f"总分 = {' + '.join(parts)} = {fmt_score(card.total)} 分")
    if card.complete and card.grade is not None:
        scale = library.grade_scale(card.scheme.grade_scale)
        bounds = "，".join(f"{b.name} ≥ {fmt_plain(b.min)}" for b in scale.bands[:-1])
        lines.append(f"等级：按 {fmt_score(card.total)} 分，依“{scale.name}”（{bounds}）评为“{card.grade.name}”。")
    elif card.grade_withheld:
        lines.append(f"不评定等级：{card.grade_withheld}。")
    else:
        missing = "、".join(describe(path, evaluation) for path in card.missing[:5])
        lines.append(f"尚有 {len(card.missing)} 项未计分（{missing}{'…' if len(card.missing) > 5 else ''}），不评定等级。")
    return lines


def completion_text(leaf: LeafResult) -> str:
    return "" if leaf.completion is None else fmt_percent(leaf.completion)


def scheme_summary(scheme, library) -> str:
    """A scheme in one sentence for the people choosing it: what scores how many points, how grades are given, and
    the document it comes from."""
    parts = []
    if scheme.execution is not None:
        parts.append(f"预算执行 {fmt_plain(scheme.execution.weight)} 分（分值 × 执行率，执行率最高按 "
                     f"{fmt_percent(scheme.execution.cap)} 计）")
    if scheme.framework:
        parts.append("指标框架：" + "、".join(f"{top.name} {fmt_plain(top.weight)} 分" for top in scheme.framework))
    elif scheme.goals:
        parts.append(f"各年度目标及其指标共 {fmt_plain(scheme.indicators_total or 0)} 分，由部门分配")
    elif scheme.categories:
        weighted = [f"{c.name} {fmt_plain(c.weight)} 分" for c in scheme.categories if c.weight is not None]
        parts.append("、".join(weighted) if weighted else f"指标共 {fmt_plain(scheme.indicators_total or 0)} 分，由部门分配")
    scale = library.grade_scale(scheme.grade_scale)
    bands = scale.bands
    parts.append("等级：" + "、".join(f"{b.name} ≥{fmt_plain(b.min)}" if b.min else f"{b.name} <{fmt_plain(bands[i - 1].min)}"
                                     for i, b in enumerate(bands)))
    if scheme.source:
        parts.append(f"依据：{scheme.source}")
    return "；".join(parts) + "。"
