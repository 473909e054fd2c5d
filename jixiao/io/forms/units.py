"""The unit a form states for its money. The model keeps amounts in 万元; most forms print 万元, but a district's
system may print 元 (360,000.00) and say so in the funds block's label or header ("项目资金（元）", "年初预算数（元）")
or in a caption over the table ("单位：元", "金额单位：元"). The unit stated governs the block's money columns:
their figures are put in 万元 as they are read, so the checks compare like with like."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

from .values import _CONFUSED, _DIGITS

# what one of each unit is in 万元
SCALES = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
_UNIT = r"(万元|千元|亿元|元)"
# a bracketed note on a label: （元）, （单位：元）, （金额单位：万元）
_NOTE = re.compile(rf"[（(]\s*(?:[^（）()：:]{{0,4}}单位\s*[:：]\s*)?{_UNIT}\s*[）)]")
# a caption's statement: 单位：元, 金额单位：万元
_CAPTION = re.compile(rf"单位\s*[:：]\s*{_UNIT}(?![\u4e00-\u9fff])")


def stated_scale(labels: Iterable[str], captions: Iterable[str]) -> Decimal:
    """How many 万元 one unit of the block's money is: the unit its own labels state first (they are the block's,
    a caption may be the page's), else a caption's, else 万元."""
    for text in labels:
        found = _NOTE.search(text)
        if found:
            return SCALES[found.group(1)]
    for text in captions:
        found = _CAPTION.search(text) or _NOTE.fullmatch(text.strip())
        if found:
            return SCALES[found.group(1)]
    return Decimal(1)


def in_wan(text: str | None, scale: Decimal) -> str | None:
    """A money figure ("360,000.00" 元) in 万元 ("36"), as plain as the model writes it; anything else unchanged."""
    if text is None or scale == 1:
        return text
    plain = text.replace(",", "").replace("，", "").strip()
    if _CONFUSED.fullmatch(plain) and re.search(r"\d", plain):  # l,104,000: a scan's l for 1
        plain = plain.translate(_DIGITS)
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", plain):
        return text
    value = (Decimal(plain) * scale).normalize()
    return f"{value:f}"
