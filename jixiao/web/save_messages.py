"""What a save brought about, said in its message: an evaluation's page and the goal-setting page both name the
findings a save made (how many, the first in words, errors first), as one sentence. Only wording here: the pages
find the findings themselves (the scoring and checking stay behind their services)."""

from __future__ import annotations

from jixiao.core.labels import SEVERITIES
from jixiao.web.people import person


def new_findings(found: list) -> str:
    """新出现 3 个问题：错误：<the first's message>（另有 2 个）; `found` ordered as the page lists them, errors first."""
    first = found[0]
    more = f"（另有 {len(found) - 1} 个）" if len(found) > 1 else ""
    return f"新出现 {len(found)} 个问题：{SEVERITIES[first.severity]}：{first.message.rstrip('。')}{more}"


def first_named(named: list[str], shown: int = 3) -> str:
    """The first `shown` problems of a refused save, joined by ；, and how many more there are (“；另有 1 处”): a
    banner that counted 4 and listed 3 read as a miscount (trial 11)."""
    return "；".join(named[:shown]) + (f"；另有 {len(named) - shown} 处" if len(named) > shown else "")


def brought_about(parts: list[str], ending: str = "。") -> str:
    """这次修改后<parts, joined by ；><ending>, where `ending` says where to look; "" when the save brought nothing."""
    if not parts:
        return ""
    return "这次修改后" + "；".join(parts) + ending


def saved_meanwhile(saver, user) -> tuple[str, str]:
    """How a save conflict names the save made since the page was opened: (who made it, as its sentence opens —
    “李四 ”, “其他人”, or “您本人（李四）在另一窗口或另一次保存中” when it was the same user in another tab; how its
    table names it — 对方, or 另一次保存 for the same user). A trial read “…填报人 已保存…对方改为” of its own other tab."""
    if saver is None:
        return "其他人", "对方"
    if same_user(saver, user):
        return f"{OWN_OTHER_SAVE.format(person(saver))}", "另一次保存"
    return f"{person(saver)} ", "对方"


OWN_OTHER_SAVE = "您本人（{}）在另一窗口或另一次保存中"


def same_user(saver, user) -> bool:
    """Whether the save made since the page was opened was this user's own (another tab, a page opened earlier)."""
    return saver is not None and user is not None and getattr(user, "pk", None) is not None and saver.pk == user.pk
