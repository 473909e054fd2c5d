"""The text checks of jixiao/core/text_checks.py: an empty section, and a table of contents that is not one."""

from jixiao.core.text_checks import TextParagraph, empty_sections


def _paragraphs(*texts: str) -> list[TextParagraph]:
    return [TextParagraph(text, f"第 {n} 行") for n, text in enumerate(texts, 1)]


def test_a_heading_followed_by_a_heading_of_its_level_is_an_empty_section():
    findings = empty_sections(_paragraphs("一、部门概况", "二、绩效目标", "完成年度调查监测。"))
    assert [(f.code, f.subject, f.where) for f in findings] == [("TEXT.EMPTY", "一、部门概况", "第 1 行")]


def test_a_sub_heading_under_a_heading_is_not_an_empty_section():
    assert empty_sections(_paragraphs("一、部门概况", "（一）部门职能", "负责全县林草资源管理。")) == []


def test_table_of_contents_entries_are_not_empty_sections():
    """A Word report's contents (heading, leader dots, page number) lists every heading one after another; the
    layout reader removes it, but the text checks read the running text, where it is still written."""
    contents = _paragraphs("目  录", "一、部门概况………………………………1", "二、绩效目标………………3",
                           "三、评价思路和方法......4", "四、评价结论及分析\t5", "一、部门概况", "县林草局内设4个股室。")
    assert empty_sections(contents) == []


def test_a_finding_code_is_titled_by_its_own_check_or_its_family():
    from jixiao.core.checks import title_of

    assert title_of("GRADE.MISMATCH") == "评价等级存在且与得分相符"  # the family GRADE's title
    assert title_of("SUM.PROSE") == "文中所述合计 = 其后所列各项之和"  # registered under its own code
    assert title_of("TEXT.PASTED") == "正文句子完整，没有被粘贴打断"  # the text checks, outside the registry
    assert title_of("YEAR.CARRIED_OVER") == "沿用上年的名称已改为本年度"
    assert title_of("NO.SUCH") == "NO.SUCH"
    # a finding yielded under another code than its check's reads as that check; a family of separately
    # registered checks (named by the risk rules) has a name too
    assert title_of("SUM.BASIC") == title_of("SUM.SPENDING") == title_of("SUM.BUDGET")
    assert title_of("SUM") == "合计与各分项之和相符" and title_of("SCORE") == "得分与分值、计分方法及总分相符"
