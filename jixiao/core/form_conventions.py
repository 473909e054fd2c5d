"""How printed forms word their filling instructions, so that a form handed in with the instructions still in the
cells can be told from one filled in (FORM.INSTRUCTIONS).

These are the conventions of the forms' wording (CHECKS.md · Unfilled forms), not sentences of any one document: an
instruction addresses the person filling in the form ("请填写…", "需说明…"), tells them what to write about
("对照年度目标，说明…", "结合自评情况，分析…") or limits their length ("（200字以内）").
"""

from __future__ import annotations

import re

# An instruction stands at the start of the cell, or is the cell's bracketed note.
INSTRUCTION_PATTERNS: tuple[str, ...] = (
    r"^[（(]?\s*(?:填写|填表|填报)说明",  # （填写说明：…）
    r"^请(?:填写|填报|据实|如实|简要|逐项|对照|结合|根据|按照|说明|列明|写明|描述|分析|概述)",  # 请填写… / 请结合…说明
    # 对照年度目标，说明… / 结合自评情况，分析… / 根据…，填写…: a circumstance, then what to write
    r"^(?:对照|结合|根据|按照|围绕|针对|依据)[^。；;]{0,30}?[，,]\s*(?:简要)?(?:说明|分析|填写|阐述|概述|描述|列明|写明|总结)",
    r"^(?:需|须|应|需要)(?:说明|填写|列明|写明|注明)",  # 需说明…
    r"^(?:简要)?(?:说明|填写|列明|描述|概述)(?:本|该|项目|部门|单位|相关|主要|各项|年度|自评|存在|取得)",  # 说明项目…
)

# A word limit in brackets ("（100字以内）", "(限200字)") is never written by someone filling in the form.
WORD_LIMIT = r"[（(]\s*(?:限|不超过|不少于)?\s*\d+\s*字(?:以内|以下|左右)?\s*[）)]"

_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in INSTRUCTION_PATTERNS))
_WORD_LIMIT = re.compile(WORD_LIMIT)


def is_instruction(text: str) -> bool:
    """Whether a cell's text is the form's printed instruction rather than an answer."""
    text = text.strip()
    return bool(text) and (bool(_INSTRUCTION.search(text)) or bool(_WORD_LIMIT.search(text)))
