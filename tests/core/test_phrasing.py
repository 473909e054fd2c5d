"""core.phrasing.join_lines: a text wrapped by a cell's width read as one line (the web's pasted names and a PDF's
wrapped table cells are joined by this one rule)."""

import pytest

from jixiao.core.phrasing import join_lines


@pytest.mark.parametrize("text, joined", [
    ("执法力度，\n维护", "执法力度，维护"),  # Chinese beside Chinese: nothing between
    ("城乡居民基本医疗\n保险参保率", "城乡居民基本医疗保险参保率"),
    ("Annual\nreport", "Annual report"),  # words of other scripts keep a space
    ("参保率\n95%", "参保率95%"),  # Chinese on one side of the break is enough
    ("  \n办结率 \n\n ≥ 98% \n", "办结率≥ 98%"),  # blank lines and edges dropped
    ("（一）\n项目", "（一）项目"),  # full-width punctuation counts as wide
    ("", ""),
    ("\n \n", ""),
])
def test_join_lines(text, joined):
    assert join_lines(text) == joined
