"""Money a form prints in 元 (360,000.00) is the model's 万元 (36) once read: the unit the funds block's label, a
column's header or a caption over the table states governs the block's money columns (values of the dev fixture
shanghai-project-2022.pdf, a district's table printed in 元)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.forms import read_forms
from jixiao.io.forms.units import in_wan, stated_scale
from tests.io.forms.layouts import text_layout


def _form(funds_label: str, caption: str = "", column: str = "年初预算数") -> str:
    rows = [
        "财政项目支出绩效自评表", "（2022年度）"] + ([caption] if caption else []) + [
        "项目名称\t对口地区体育交流活动经费",
        "主管部门\t上海市浦澄区体育局\t实施单位\t上海市浦澄区体育事业管理中心",
        f"{funds_label}\t\t{column}\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "年度资金总额\t48,000.00\t48,000.00\t21,600.00\t10\t45.00%\t10",
        "其中：当年财政拨款\t48,000.00\t48,000.00\t21,600.00\t—\t—\t—",
        "上年结转资金\t0\t0\t0\t—\t—\t—",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
        "产出指标\t数量指标\t举办交流活动场次\t>=4场\t4场\t20\t20\t",
        "总分\t100\t100",
    ]
    return "\n".join(rows) + "\n"


def _budget(text: str) -> dict:
    forms = read_forms(text_layout("form.txt", text))
    assert [f.template for f in forms] == ["project_self_evaluation"]
    return forms[0].data


def test_a_funds_block_labelled_in_yuan_is_read_in_wan():
    data = _budget(_form("项目资金（元）"))
    assert data["budget"] == {"budget_initial": "4.8", "budget_adjusted": "4.8", "spent": "2.16"}
    assert data["stated_execution_score"] == "10"  # scores and rates are not money: kept as printed
    assert data["funds"][0] == {"name": "本年财政拨款", "amount": "4.8", "spent": "2.16"}


def test_a_caption_over_the_table_or_a_column_note_states_the_unit_too():
    assert _budget(_form("项目资金", caption="单位：元"))["budget"]["spent"] == "2.16"
    assert _budget(_form("项目资金", column="年初预算数（元）"))["budget"]["budget_initial"] == "4.8"


def test_a_block_in_wan_or_saying_nothing_keeps_its_figures():
    assert _budget(_form("项目资金（万元）"))["budget"]["spent"] == "21600.00"
    assert _budget(_form("项目资金"))["budget"]["spent"] == "21600.00"


def test_the_blocks_own_label_governs_before_a_caption():
    assert stated_scale(["项目资金（元）"], ["单位：万元"]) == Decimal("0.0001")
    assert stated_scale(["预算执行情况（单位：万元）"], ["单位：元"]) == Decimal(1)
    assert stated_scale([], ["（金额单位：元）"]) == Decimal("0.0001")
    assert stated_scale(["年度资金总额"], ["单位：元以上"]) == Decimal(1)  # not a unit statement


def test_figures_convert_exactly():
    yuan = Decimal("0.0001")
    assert in_wan("360,000.00", yuan) == "36"
    assert in_wan("318,240.00", yuan) == "31.824"
    assert in_wan("0", yuan) == "0"
    assert in_wan("—", yuan) == "—"
    assert in_wan("1,234.5", Decimal(1)) == "1,234.5"  # 万元 as printed: figure() reads it later


def test_a_figure_a_scan_misread_converts_too():
    yuan = Decimal("0.0001")
    assert in_wan("l,104,000", yuan) == "110.4"  # a scan's l for 1
    assert in_wan("3O0,000.00", yuan) == "30"
