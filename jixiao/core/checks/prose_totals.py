"""Totals stated in prose (CHECKS.md · More arithmetic): "共完成预算资金 X 万元。其中：…" against the parts that follow,
"下属单位 6 个，即 A、B…" against the items named, "年初 5 个，年中增加 4 个，共 8 个" against its parts.

What is a total and what its parts are is the reader's (or the user's) decision, kept as a StatedTotal; these checks
only compare. One part listed under a total ("其中：财政拨款 X") is a share of it, not its decomposition: it is
wrong only when it exceeds the total.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterator

from ..model import StatedTotal
from ..money import ZERO, fmt_normalised, fmt_plain, half_unit
from ..phrasing import with_unit
from . import CheckContext, Finding, check

# Parts of a count that take away from it: 年中减少 2 个, 撤并 1 个. A reader may keep the figure as written (2) or
# signed (−2); both mean a decrease.
_DECREASE = re.compile(r"减少|撤销|撤并|撤出|划出|注销|调出")


def _signed(label: str, value: Decimal) -> Decimal:
    return -abs(value) if _DECREASE.search(label) else value


def _where(total: StatedTotal) -> str:
    return f"（{total.where}）" if total.where else ""


def _figure(value: Decimal, unit: str) -> str:
    return with_unit(fmt_plain(value), unit)


def _parts_text(total: StatedTotal) -> str:
    return "、".join(f"{p.label} {fmt_plain(p.value)}" for p in total.parts)


def _disagrees(total: StatedTotal, computed: Decimal, tolerance: Decimal) -> bool:
    if len(total.parts) == 1:
        return computed > total.total + tolerance  # a share above the whole
    return abs(computed - total.total) > tolerance


@check("SUM.PROSE", "文中所述合计 = 其后所列各项之和")
def prose_sums(ctx: CheckContext) -> Iterator[Finding]:
    for i, total in enumerate(ctx.evaluation.stated_totals):
        if total.kind != "sum" or not total.parts:
            continue
        computed = sum((p.value for p in total.parts), ZERO)
        # each figure is rounded to the places it shows: half a unit of its last place, per part and for the total
        tolerance = sum((half_unit(p.value) for p in total.parts), half_unit(total.total))
        if not _disagrees(total, computed, tolerance):
            continue
        what = total.subject or "合计"
        yield Finding(
            "SUM.PROSE", "error", f"stated_totals[{i}]",
            f"文中{_where(total)}写{what}共 {_figure(total.total, total.unit)}，其后所列 {_parts_text(total)} "
            f"合计为 {_figure(computed, total.unit)}，相差 {_figure(abs(computed - total.total), total.unit)}，"
            "请核对合计或各项。",
            stated=fmt_plain(total.total), recomputed=fmt_plain(computed), where=total.where,
            subject=total.text or what)


@check("COUNT", "文中所述个数与所列名称、所列分项相符")
def counts(ctx: CheckContext) -> Iterator[Finding]:
    for i, total in enumerate(ctx.evaluation.stated_totals):
        if total.kind != "count":
            continue
        what, unit = total.subject or "数量", total.unit or "个"
        stated = fmt_normalised(total.total)
        if total.items and Decimal(len(total.items)) != total.total:
            yield Finding(
                "COUNT.ITEMS", "error", f"stated_totals[{i}].items",
                f"文中{_where(total)}写{what} {stated} {unit}，列出的却是 {len(total.items)} 个"
                f"（{'、'.join(total.items)}），请补全名单或更正个数。",
                stated=stated, recomputed=str(len(total.items)), where=total.where, subject=total.text or what)
        if total.parts:
            computed = sum((_signed(p.label, p.value) for p in total.parts), ZERO)
            if _disagrees(total, computed, ZERO):
                yield Finding(
                    "COUNT.SUM", "error", f"stated_totals[{i}].parts",
                    f"文中{_where(total)}写{what}共 {stated} {unit}，而 {_parts_text(total)} 合计为 "
                    f"{fmt_normalised(computed)} {unit}，前后不符，请核对。",
                    stated=stated, recomputed=fmt_normalised(computed), where=total.where,
                    subject=total.text or what)
