"""Where a path points, in words a preparer reads: 项目“就业补助” › 指标“培训人数” › 实际完成值.

Findings, explanations and the audit trail keep the path (`projects[3].indicators[2].actual`) for machines; people
see this instead. Items are named by their own name where they have one, else by their number counted from 1.
"""

from __future__ import annotations

from typing import Any

from . import docpath
from .labels import BUDGET_LINES, FIELDS, THREE_PUBLIC_PARTS
from .phrasing import shorten

# What one item of each list is called, and which of its fields names it.
_ITEMS = {
    "projects": ("项目", "name"),
    "goals": ("年度目标", None),  # goal names are whole sentences: numbered instead
    "indicators": ("指标", "name"),
    "units": ("单位", "name"),
    "surveys": ("满意度调查", "title"),
    "questions": ("题目", "text"),
    "options": ("选项", "label"),
    "criteria": ("评分细则", None),
    "statements": ("所列数字", "text"),
    "stated_dates": ("所列日期", "text"),
    "stated_years": ("所列年度", "text"),
    "evaluation_group": ("评价小组成员", "name"),
    "funds": ("资金来源", "name"),
    "other_items": ("其他收入项", "name"),
    "stated_totals": ("文中合计", "text"),
    "parts": ("分项", "label"),
    "form_texts": ("栏目", "label"),
    "mentioned_departments": ("部门名称", "name"),
    "malformed_dates": ("日期", "text"),
    "stated_group_weights": ("一级指标", "group"),
}
_SECTION_WORDS = {"department": "部门概况"}


def describe(path: str, document: Any = None) -> str:
    """A path in Chinese. `document` (plain data or the core model) supplies item names; without it items are
    numbered. Unknown keys are shown as they are rather than dropped."""
    if not path:
        return "部门整体"
    if path.startswith("framework:"):
        return f"指标框架 {path.split(':', 1)[1]}"
    try:
        steps = docpath.parse(path)
    except docpath.PathError:
        return path
    data = document
    words: list[str] = []
    for position, step in enumerate(steps):
        if isinstance(step, int):
            words.append(_item(steps[position - 1] if position else "", step, data))
        elif step in _ITEMS and position + 1 < len(steps):
            pass  # the item that follows names it
        else:
            words.append(_key(step, steps[position - 1] if position else None))
        data = _step(data, step)
    return " › ".join(_squash(words))


def _item(collection: Any, index: int, item_data: Any) -> str:
    """`item_data` is the list the index points into."""
    noun, name_field = _ITEMS.get(collection, ("第", None))
    item = _step(item_data, index)
    name = _step(item, name_field) if name_field else None
    if noun == "第":
        return f"第 {index + 1} 项"
    if isinstance(name, str) and name.strip():
        return f"{noun}“{shorten(name)}”"
    return f"{noun} {index + 1}"


def _key(key: str, parent: Any) -> str:
    if parent == "three_public_expenses" and key in THREE_PUBLIC_PARTS:
        return THREE_PUBLIC_PARTS[key]
    if parent == "budget" and key in BUDGET_LINES:
        return BUDGET_LINES[key]
    if parent == "department" and key == "name":
        return "部门名称"
    return _SECTION_WORDS.get(key) or FIELDS.get(key, key)


def _squash(words: list[str]) -> list[str]:
    """'部门概况 › 单位“本级”' reads better without the section word when an item follows it."""
    return [w for i, w in enumerate(words) if not (w == "部门概况" and i + 1 < len(words))]


def _step(data: Any, step: docpath.Step) -> Any:
    """One step into plain data (dicts and lists) or into the core's model objects."""
    if isinstance(step, int):
        return data[step] if isinstance(data, list) and step < len(data) else None
    if isinstance(data, dict):
        return data.get(step)
    return getattr(data, step, None) if data is not None and not isinstance(data, (str, list)) else None
