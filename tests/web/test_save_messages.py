"""The sentence a save's message adds about what the save brought (jixiao.web.save_messages), shared by an
evaluation's data-entry pages and the goal-setting page."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.cycle import goals
from jixiao.web.save_messages import brought_about, new_findings


def _changli_goals(weight: str, name: str) -> list[dict]:
    """昌黎's demo department goal (jixiao.web.goals.demo): five library indicators weighted 30/25/25/10/10 of the
    library's total 100, the first weight and the fourth name as given."""
    rows = [("城镇新增就业人数", weight), ("养老金按时足额发放率", "25"), ("城镇登记失业率", "25"), (name, "10"),
            ("参保群众满意度", "10")]
    return [{"name": n, "weight": w} for n, w in rows]


def test_the_first_new_finding_is_named_in_words_and_the_rest_counted():
    indicators = _changli_goals("31", "养老金按时足额发放率")
    found = goals.check_weights(indicators, "", "部门整体绩效目标", Decimal(100)) + goals.check_repeated(indicators, "")
    assert [f.severity for f in found] == ["error", "warning"]  # errors first, as the pages order them
    assert new_findings(found) == "新出现 2 个问题：错误：部门整体绩效目标各指标权重合计 101 分，应为 100 分（另有 1 个）"
    assert new_findings(found[1:]) == "新出现 1 个问题：警告：指标“养老金按时足额发放率”与第 2 行重复"


def test_the_sentence_joins_what_the_save_brought_and_ends_where_the_page_shows_it():
    indicators = _changli_goals("30", "养老金按时足额发放率")
    found = goals.check_repeated(indicators, "")
    # the goal-setting page: its findings are marked where they are
    assert brought_about([new_findings(found)], "，见页面上标出的位置。") == \
        "这次修改后新出现 1 个问题：警告：指标“养老金按时足额发放率”与第 2 行重复，见页面上标出的位置。"
    # an evaluation's page: the total moved (通城's, as in test_entry_guidance), then what was found and cleared
    assert brought_about(["总分由 100.00 分变为 99.94 分", new_findings(found), "消除了 1 个问题"],
                         "。见页面右侧的检查结果。") == ("这次修改后总分由 100.00 分变为 99.94 分；新出现 1 个问题：警告："
                                                     "指标“养老金按时足额发放率”与第 2 行重复；消除了 1 个问题。见页面右侧的检查结果。")
    assert brought_about(["总分由 99.94 分变为 100.00 分"]) == "这次修改后总分由 99.94 分变为 100.00 分。"
    # a save that brought nothing adds nothing to "已保存。"
    assert brought_about([], "，见页面上标出的位置。") == ""
