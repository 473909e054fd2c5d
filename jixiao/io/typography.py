"""Chinese typesetting for documents: no spaces between Chinese characters and figures ("2023 年" → "2023年"), which
justified lines would otherwise stretch into gaps."""

from __future__ import annotations

import re

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’（）《》]"
_AROUND = re.compile(rf"(?<={_CJK}) +(?=[0-9A-Za-z%.+\-−≥≤])|(?<=[0-9A-Za-z%.]) +(?={_CJK})")


def typeset(text: str) -> str:
    return _AROUND.sub("", text)
