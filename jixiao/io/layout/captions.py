"""A table's caption: the short paragraph or heading just above it that names a table (表 3 …, 附表, …自评表)."""

from __future__ import annotations

import re

from .model import Block, Heading, Paragraph

TABLE_TITLE = re.compile(r"表(\s*[(（].{0,12}[)）])?\s*$|^表\s*\d+|^附表")


def caption_of(blocks: list[Block], loose: bool = True) -> str:
    """The last block's text when it names a table. `loose` also takes a short line holding 表 anywhere (Word and
    PDF titles such as “2023年度项目支出绩效自评表（湖北）”); plain text, whose short lines are often cells, is strict."""
    if blocks and isinstance(blocks[-1], (Paragraph, Heading)):
        text = blocks[-1].text.strip()
        if len(text) <= 60 and (TABLE_TITLE.search(text) or loose and "表" in text and len(text) <= 40):
            return text
    return ""
