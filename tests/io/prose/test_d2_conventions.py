"""Conventions of department-overall reports the d2 fixtures brought in: a grade scale printed as a table or written
with ≥ / < / （含90分）, a report date on the cover or as 2023.3.15 under the signature, 其中 parts beside last year's
figures, an addition to the budget (年中追加). Each sentence is read off a d2 fixture (tests/reading/fixtures/dev/
_specs_d2.py)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.layout.model import Layout, Paragraph, Source, Table
from jixiao.io.prose import ProseReading, read_prose
from jixiao.io.prose.rules import grade_scale


def _reading_of(lines: list[str], tables: tuple = ()) -> ProseReading:
    blocks = [Paragraph(t, Source("t.txt", line=i + 1)) for i, t in enumerate(lines)]
    return read_prose(Layout("t.txt", "text", blocks + list(tables)))


def _bands(scale) -> list[tuple[str, Decimal]]:
    return [(b.name, b.min) for b in scale]


def test_a_scale_with_the_bound_repeated_in_its_aside_and_a_lowest_band_said_and_below():
    # hainan-dept-2022-toc.pdf: the 80 band alone once made 98.45 a 良
    assert _bands(grade_scale("评分等级：90分以上（含90分）为优，80—89分为良，60—79分为中，59分及以下为差。")) == \
        [("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0))]


def test_a_scale_written_with_inequalities():
    # zhejiang-narrative-2022-dotdate.doc: 82 is 良好 on the report's own scale
    assert _bands(grade_scale("得分≥85分为优秀，75分≤得分<85分为良好，60分≤得分<75分为一般，得分<60分为较差。")) == \
        [("优秀", Decimal(85)), ("良好", Decimal(75)), ("一般", Decimal(60)), ("较差", Decimal(0))]


def _table(rows: list[list[str]]) -> Table:
    from jixiao.io.layout.model import Cell

    return Table([Cell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)],
                 source=Source("t.txt", line=20))


def test_a_scale_printed_as_a_table_one_band_a_row():
    # heilongjiang-dept-2022-web-pipes.txt: 优秀 / 良好 / 合格 / 不合格 on 85 / 70 / 60
    scale = _table([["评价等级", "得分区间"], ["优秀", "85分（含）—100分"], ["良好", "70分（含）—85分"],
                    ["合格", "60分（含）—70分"], ["不合格", "60分以下"]])
    r = _reading_of(["按县财政局印发的自评办法，评价等级划分如下："], (scale,))
    assert _bands(r.stated_grade_scale) == \
        [("优秀", Decimal(85)), ("良好", Decimal(70)), ("合格", Decimal(60)), ("不合格", Decimal(0))]
    # the grade in the last column: guangdong-dept-2022-markdown.md's bands written the other way round
    flipped = _table([["分值", "等级"], ["90分（含）以上", "优"], ["80分（含）—90分", "良"], ["60分（含）—80分", "中"],
                      ["60分以下", "差"]])
    assert _bands(_reading_of(["三、评价标准"], (flipped,)).stated_grade_scale) == \
        [("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0))]


def test_report_dates_on_the_cover_and_dotted_under_the_signature():
    # jilin-narrative-2022-cover.docx: the cover's date alone on its line
    r = _reading_of(["长白岭县林业局", "部门整体支出绩效自评报告", "（2022年度）", "评价方式：部门自评", "二〇二三年三月十五日",
                     "一、部门概况", "本年度收入合计2356.80万元。", "二、自评结论", "自评得分88.5分。", "三、问题", "无。",
                     "四、措施", "无。", "长白岭县林业局"])
    assert [(d.kind, d.date.isoformat()) for d in r.stated_dates] == [("report", "2023-03-15")]
    # zhejiang's 2022.12.20 alone, hainan's 2023.3.15 run into the signature by the PDF's text
    for last, day in ((["溪口县商务局", "2022.12.20"], "2022-12-20"), (["椰湾县水务局2023.3.15"], "2023-03-15")):
        r = _reading_of(["溪口县商务局2022年度部门整体支出绩效自评报告", "自评得分82分。"] + last)
        assert [(d.kind, d.date.isoformat()) for d in r.stated_dates] == [("report", day)]
    # a dotted figure inside a sentence stays a figure
    assert _reading_of(["2022年度报告", "版本号2022.12.20已发布，执行率为95.08%，合计1.2万元。"]).stated_dates == []


def _sums(r: ProseReading) -> list[tuple[Decimal, list[Decimal]]]:
    return [(t.total, [p.value for p in t.parts]) for t in r.stated_totals if t.kind == "sum"]


def test_last_years_figure_is_neither_the_total_nor_a_part_of_a_list():
    # guangdong-dept-2022-markdown.md: 其中 after 比上年的 798.20 and after ；上年“三公”经费 3.60
    r = _reading_of(["珠岭县司法局2022年度部门整体支出绩效自评报告",
                     "2022年度收入合计842.60万元，比上年的798.20万元增加44.40万元，增长5.56%；其中：财政拨款收入836.10万元，"
                     "其他收入6.50万元。",
                     "“三公”经费支出3.26万元，其中：公务用车运行维护费2.18万元，公务接待费1.08万元；上年“三公”经费3.60万元，"
                     "下降9.44%。"])
    assert _sums(r) == [(Decimal("3.26"), [Decimal("2.18"), Decimal("1.08")])]
    # the 其中 parts after the ； are the year's: income read whole (842.60 = 836.10 + 6.50)
    assert r.data["income"] == {"total": "842.60", "fiscal_appropriation": "836.10", "other_income": "6.50"}
    # zhejiang-narrative-2022-dotdate.doc: 比上年的 2.75 after the parts
    r = _reading_of(["溪口县商务局2022年度部门整体支出绩效自评报告",
                     "“三公”经费支出2.40万元，其中：因公出国（境）费0万元，公务用车运行维护费1.60万元，公务接待费0.80万元，"
                     "比上年的2.75万元减少0.35万元。"])
    assert _sums(r) == [(Decimal("2.40"), [Decimal("0"), Decimal("1.60"), Decimal("0.80")])]


def test_an_addition_to_the_budget_is_not_the_initial_budget():
    # hainan-dept-2022-toc.pdf: 年中追加预算 86.50 once became a second 年初预算 (FACT.CONFLICT)
    r = _reading_of(["椰湾县水务局2022年度部门整体支出绩效自评报告",
                     "2022年年初预算1286.40万元，年中追加预算86.50万元，其中：防汛抗旱应急资金45.00万元、农村饮水工程维修资金"
                     "28.50万元、河湖长制工作经费10.00万元。"])
    assert [(s.fact, s.value) for s in r.statements] == [("budget.total.budget_initial", Decimal("1286.40"))]
    assert _sums(r) == [(Decimal("86.50"), [Decimal("45.00"), Decimal("28.50"), Decimal("10.00")])]


def test_staff_said_as_actual_personnel():
    # guangdong-dept-2022-markdown.md: 实有人员 34, its kinds after 其中 adding up
    r = _reading_of(["珠岭县司法局2022年度部门整体支出绩效自评报告",
                     "2. 人员情况。核定编制36名，实有人员34人，其中：行政编制人员22人，事业编制人员12人。"])
    assert r.data["department"] == {"staff_authorized": {"total": 36}, "staff_actual": {"total": 34}}


def test_a_growth_rate_after_last_years_whole_is_recomputed_from_it():
    # jilin-narrative-2022-cover.docx: 支出合计比上年的 2106.40 万元 … 增长 9.73% — (2298.64 − 2106.40) ÷ 2106.40 = 9.13%
    r = _reading_of(["长白岭县林业局", "部门整体支出绩效自评报告", "（2022年度）",
                     "本年度支出合计2298.64万元，其中：基本支出1012.36万元，项目支出1286.28万元。"
                     "支出合计比上年的2106.40万元增加192.24万元，增长9.73%，主要是森林防火支出增加。"])
    found = {s.fact: s.value for s in r.statements}
    assert found["budget.total.spent"] == Decimal("2298.64")
    assert found["budget.total.last_year"] == Decimal("2106.40")
    assert found["budget.total.change_rate"] == Decimal("9.73")
    # a rate another year's qualifier names stays that year's: not a fact of the evaluated year
    r = _reading_of(["2022年度部门整体支出绩效自评报告", "2021年支出合计比上年增长6.5%。"])
    assert "budget.total.change_rate" not in {s.fact for s in r.statements}


def test_a_figure_cut_by_a_misread_digit_is_not_read():
    # generated variant of seed 003 (OCR confusions): 人员经费23l6.61万元 is not 6.61; the rest of the list is read
    from jixiao.io.prose.mentions import read_mentions
    from jixiao.io.prose.text import Piece, Sentence

    text = "其中基本支出2544.29万元（人员经费23l6.61万元，公用经费227.67万元），项目支出275.77万元。"
    found = read_mentions(Sentence(text, Piece(text, Source(), "paragraph", 0)), 2023)
    assert [m.value for m in found] == [Decimal("2544.29"), Decimal("227.67"), Decimal("275.77")]


def test_a_date_under_its_label_on_the_cover_is_the_labels():
    # jiangsu-dept-2023-scan.pdf one cell a line: 填报日期 / 2023年12月20日 is the table's date, not a second report date
    r = _reading_of(["2023年度部门整体支出绩效自评表", "部门名称", "苏河县文化广电和旅游局", "填报日期", "2023年12月20日",
                     "年度预算执行情况（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
    assert [d.kind for d in r.stated_dates] == ["other"]
