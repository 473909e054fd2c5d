"""The department framework page: the scheme sets the indicators, their weights and methods; the evaluator ticks
criteria, gives judgement scores with reasons and picks tiers; formula indicators are computed by the core."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from jixiao.core.labels import TIERS

from .fields import Field, Section, choice


@dataclass(frozen=True)
class FrameworkLeaf:
    index: int
    spec: Any  # jixiao.core.scheme.FrameworkNode
    fields: tuple[Field, ...]


def framework_leaves(scheme) -> list[tuple[Any, Any]]:
    """(level-1 node, leaf) in the framework's order."""
    found = []

    def walk(node, top):
        if node.children:
            for child in node.children:
                walk(child, top)
        else:
            found.append((top, node))

    for top in scheme.framework:
        walk(top, top)
    return found


def align_framework(document: dict, scheme) -> dict:
    """The document with exactly one answer per framework leaf, in the framework's order, carrying over what was
    entered before (matched by code): the scheme sets the indicators, their weights and methods."""
    aligned = copy.deepcopy(document)
    previous = {a.get("code"): a for a in document.get("indicators", []) if isinstance(a, dict)}
    answers = []
    for top, leaf in framework_leaves(scheme):
        old = previous.get(leaf.code, {})
        answer = {k: v for k, v in old.items()
                  if k in ("score", "reason", "tier", "survey", "target", "actual", "deviation_reason")}
        old_criteria = old.get("criteria") if isinstance(old.get("criteria"), list) else []
        answer.update(code=leaf.code, name=leaf.name, level1=top.key or top.code)
        if leaf.criteria:
            answer["criteria"] = [
                {"text": c.text, **({"met": old_criteria[k]["met"]} if k < len(old_criteria)
                                    and isinstance(old_criteria[k], dict) and old_criteria[k].get("met") is not None
                                    else {})}
                for k, c in enumerate(leaf.criteria)]
        answers.append(answer)
    aligned["indicators"] = answers
    return aligned


def _leaf_fields(j: int, leaf) -> tuple[Field, ...]:
    base = f"indicators[{j}]"
    if leaf.method == "checklist":
        return tuple(Field(f"{base}.criteria[{k}].met", f"{c.text}（{c.points} 分）", "tristate")
                     for k, c in enumerate(leaf.criteria))
    if leaf.method in ("judgement", "qualitative"):
        fields = [Field(f"{base}.score", "得分", "score", f"/ {leaf.weight} 分"),
                  Field(f"{base}.reason", "评分理由", css="w-xl")]
        if leaf.method == "qualitative":
            fields.insert(0, choice(f"{base}.tier", "档次", TIERS))
        return tuple(fields)
    if leaf.method == "survey":
        return (Field(f"{base}.survey", "满意度调查编号", css="w-s"),)
    return ()  # thresholds: computed from the department's figures


def framework_groups(scheme) -> list[tuple[str, list[FrameworkLeaf]]]:
    """(heading, leaves) per level-2 node, each leaf with the fields the evaluator fills in."""
    groups: list[tuple[str, list[FrameworkLeaf]]] = []
    index = 0
    for top in scheme.framework:
        for middle in (top.children or [top]):
            leaves = []
            for leaf in (middle.children or [middle]):
                leaves.append(FrameworkLeaf(index, leaf, _leaf_fields(index, leaf)))
                index += 1
            groups.append((f"{top.code} {top.name} › {middle.code} {middle.name}（{middle.weight} 分）", leaves))
    return groups


def framework_section(scheme) -> Section:
    fields = tuple(f for _, leaves in framework_groups(scheme) for leaf in leaves for f in leaf.fields)
    return Section("framework", f"评价指标（{scheme.name}）", fields=fields, whole=("indicators",))
