"""The wrong department (CHECKS.md · More arithmetic and consistency): a report copied from another department's keeps
the other's name where it names itself, e.g. in its basis ("根据《××局2022年度部门整体绩效目标》").

Which names stand for the reporting body is the reader's (or the user's) decision, kept in `mentioned_departments`:
a superior bureau named as the reviewer is not one of them. This check only compares each with the evaluation's
department, its units and its projects' implementing units.
"""

from __future__ import annotations

import re
from typing import Iterator

from . import CheckContext, Finding, check

_NOISE = re.compile(r"[\s（）()“”\"'《》〈〉]")


def _plain(name: str) -> str:
    return _NOISE.sub("", name)


def _own_names(ctx: CheckContext) -> list[str]:
    e = ctx.evaluation
    names = [e.department.name, *(u.name for u in e.department.units),
             *(p.implementing_unit for p in e.projects if p.implementing_unit)]
    return [n for n in map(_plain, names) if n]


SHORTEST_ABBREVIATION = 4  # 县文旅局: fewer characters (县局) would be found in any name


def _abbreviates(short: str, full: str) -> bool:
    """A Chinese short form keeps characters of the full name in their order: 县文旅局 for ××县文化和旅游局."""
    rest = iter(full)
    return len(short) >= SHORTEST_ABBREVIATION and all(char in rest for char in short)


def _is_own(name: str, own: list[str]) -> bool:
    """The department or one of its units, in full or in a shorter or longer form of the same name (×× 局 and
    ××县 ×× 局机关, ××县 ×× 局 and ×× 局, 县文旅局)."""
    return any(name in mine or mine in name or _abbreviates(name, mine) for mine in own)


@check("DEPT.OTHER", "报告中作为报告主体的部门名称与被评价部门一致")
def other_department(ctx: CheckContext) -> Iterator[Finding]:
    own = _own_names(ctx)
    if not own:
        return
    seen: set[str] = set()
    for index, stated in enumerate(ctx.evaluation.mentioned_departments):
        name = _plain(stated.name)
        if not name or name in seen or _is_own(name, own):
            continue
        seen.add(name)
        yield Finding("DEPT.OTHER", "error", f"mentioned_departments[{index}]",
                      f"本报告评价的是“{ctx.evaluation.department.name}”，此处却以“{stated.name}”为报告主体"
                      f"{'（' + stated.text + '）' if stated.text else ''}，疑似沿用了其他部门的材料，请核对更正。",
                      stated=stated.name, recomputed=ctx.evaluation.department.name, where=stated.where,
                      subject=stated.text or "部门名称")
