"""What a save brought about, said in its message: an evaluation's page and the goal-setting page both name the
findings a save made (how many, the first in words, errors first), as one sentence. Only wording here: the pages
find the findings themselves (the scoring and checking stay behind their services)."""

from __future__ import annotations

from jixiao.core.labels import SEVERITIES


def new_findings(found: list) -> str:
    """新出现 3 个问题：错误：<the first's message>（另有 2 个）; `found` ordered as the page lists them, errors first."""
    first = found[0]
    more = f"（另有 {len(found) - 1} 个）" if len(found) > 1 else ""
    return f"新出现 {len(found)} 个问题：{SEVERITIES[first.severity]}：{first.message.rstrip('。')}{more}"


def brought_about(parts: list[str], ending: str = "。") -> str:
    """这次修改后<parts, joined by ；><ending>, where `ending` says where to look; "" when the save brought nothing."""
    if not parts:
        return ""
    return "这次修改后" + "；".join(parts) + ending
