"""The aligner on rows whose cells ran together: qualitative cells cut by the phrases forms write, dates kept whole,
and two fitting cuts left unread."""

from __future__ import annotations

from decimal import Decimal

from jixiao.io.forms.align import align
from jixiao.io.forms.phrases import is_phrase, qualitative_cut
from jixiao.io.forms.relations import parse
from tests.io.forms.layouts import DEV, read_layout
from jixiao.io.forms import read_forms

INDICATOR = [("name", "name"), ("target", "measure"), ("actual", "measure"), ("weight", "score"), ("score", "score"),
             ("deviation_reason", "reason")]
RELATIONS = [parse("score <= weight"), parse("weight <= 100")]
TYPES = dict(INDICATOR)


def _cut(text: str):
    return align(text, INDICATOR, RELATIONS, prefer=lambda row: qualitative_cut(row, TYPES))


def test_phrases_of_targets_and_actuals():
    assert all(is_phrase(p) for p in ("持续提升", "提升不明显", "改善明显", "基本建立", "达成预期指标", "有所下降"))
    assert not any(is_phrase(p) for p in ("明显", "持续", "能力持续提升", "提升提升不明显"))


def test_a_qualitative_row_run_together_is_cut_at_its_phrases():
    # from the Fujian fixture: 基层农技服务能力 | 持续提升 | 提升不明显 | 15 | 12 | reason
    got = _cut("基层农技服务能力持续提升提升不明显1512农技人员年龄结构偏大,下年度补充招录")
    assert got.values == {"name": "基层农技服务能力", "target": "持续提升", "actual": "提升不明显", "weight": "15",
                          "score": "12", "deviation_reason": "农技人员年龄结构偏大,下年度补充招录"}
    assert _cut("农村人居环境持续改善改善明显1515").values["actual"] == "改善明显"


def test_without_the_phrases_the_same_row_stays_ambiguous():
    assert not align("农村人居环境持续改善改善明显1515", INDICATOR, RELATIONS).ok


def test_a_date_target_keeps_its_date_actual():
    # from the Guangxi fixture: a name does not take the start of the date, the actual is not the weight's digits
    got = _cut("村卫生室建设完成时间2024年10月底前2024年10月完成1010")
    assert (got.values["name"], got.values["target"], got.values["actual"], got.values["weight"]) == \
        ("村卫生室建设完成时间", "2024年10月底前", "2024年10月完成", "10")


def test_two_phrase_cuts_are_not_read():
    # 窗口服务 | 提升一般 | 一般 and 窗口服务提升 | 一般 | 一般 both read as a form writes them: nothing is guessed
    got = _cut("窗口服务提升一般一般1010")
    assert not got.ok and got.candidates >= 2


def test_bare_figures_cut_from_the_weight_do_not_decide_a_row_of_words():
    # from the Gansu fixture: 养老服务长效机制 | 建立健全 | 初步建立 | 10 | 7; neither word is a phrase the list knows,
    # and the only cut the phrases "accept" takes 1 | 0 out of 107 as target and actual: two readings, none read
    got = _cut("养老服务长效机制建立健全初步建立107")
    assert not got.ok and got.candidates >= 2
    assert "weight" not in got.agreed


def test_phrases_and_units_still_decide_the_figures():
    # the same 107 after phrases (…有效保障基本保障107) or after figures with units (0起0起1010) is read
    got = _cut("困难群众基本生活保障有效保障基本保障107")
    assert (got.values["target"], got.values["actual"], got.values["weight"], got.values["score"]) == \
        ("有效保障", "基本保障", "10", "7")
    got = _cut("供养服务机构安全事故数0起0起1010")
    assert (got.values["name"], got.values["target"], got.values["weight"], got.values["score"]) == \
        ("供养服务机构安全事故数", "0起", "10", "10")


def test_a_phrase_cut_beats_bare_figures_cut_out_of_the_weight():
    # from the Anhui fixture: …保障程度 | 有效保障 | 达成预期指标 | 30 | 28; the cuts 3 | 0 | 28 and 30 | 2 | 8 after
    # the whole text as a name pass only because their target and actual are bare figures
    got = _cut("学校正常运转保障程度有效保障达成预期指标3028")
    assert (got.values["name"], got.values["target"], got.values["actual"], got.values["weight"],
            got.values["score"]) == ("学校正常运转保障程度", "有效保障", "达成预期指标", "30", "28")


def test_ascii_operators_and_thousands_separators_run_together():
    # from the Shanghai fixture (money in 元, ≥ typed as >=): each row has one cut
    got = _cut("维护健身苑点数量>=120个124个2020")
    assert (got.values["name"], got.values["target"], got.values["actual"], got.values["weight"]) == \
        ("维护健身苑点数量", ">=120个", "124个", "20")
    funds = [("budget_initial", "money"), ("budget_adjusted", "money"), ("spent", "money"), ("weight", "score"),
             ("rate", "rate"), ("score", "score")]
    got = align("360,000.00360,000.00318,240.001088.40%8.84", funds,
                [parse("rate = spent / budget_adjusted"), parse("score <= weight"), parse("weight <= 20")])
    assert got.values == {"budget_initial": "360,000.00", "budget_adjusted": "360,000.00", "spent": "318,240.00",
                          "weight": "10", "rate": "88.40%", "score": "8.84"}


def test_a_funds_row_is_printed_in_one_number_format():
    # from the Hubei department fixture: 2480.5 | 2615.3 | 2615.3 and 2480.52 | 615.32 | 615.3 both keep the rate;
    # only the first is printed in one format
    funds = [("budget_initial", "money"), ("budget_adjusted", "money"), ("spent", "money"), ("weight", "score"),
             ("rate", "rate"), ("score", "score")]
    got = align("2480.52615.32615.320100.00%20", funds,
                [parse("rate = spent / budget_adjusted"), parse("score <= weight"), parse("weight <= 20")])
    assert (got.values["budget_initial"], got.values["budget_adjusted"], got.values["spent"]) == \
        ("2480.5", "2615.3", "2615.3")


def test_a_goal_number_runs_into_a_name_starting_with_a_unit_character():
    # from the Hubei department fixture: 1 | 年度目标1：完成…年度变更 | 10 | 已完成 — 年 after the 序号 is the name's,
    # a 序号 has no unit; and the reason never starts with the colon that ends the name's 目标1
    goal = [("number", "count"), ("name", "name"), ("weight", "score"), ("status", "reason")]
    got = align("1年度目标1:完成第三次国土调查成果年度变更10已完成", goal, [parse("weight <= 100")],
                accept=lambda row: row["weight"] is not None)  # as blocks reads a goal row: a weight is printed
    assert got.values == {"number": "1", "name": "年度目标1:完成第三次国土调查成果年度变更", "weight": "10",
                          "status": "已完成"}


def test_a_quantity_still_keeps_its_unit():
    got = _cut("年度变更调查图斑数≥3500个3620个1010")
    assert (got.values["target"], got.values["actual"], got.values["weight"]) == ("≥3500个", "3620个", "10")


def test_reasons_glued_to_the_next_rows_labels_on_one_line():
    reading = read_forms(read_layout(DEV / "guangxi-dept-2024-oneline-runtogether.txt"))[0]
    rows = {r["name"]: r for r in reading.data["indicators"]}
    assert rows["适龄儿童免疫规划疫苗接种率"]["deviation_reason"] == "按全年接种台账统计"
    assert rows["家庭医生签约服务机制"]["deviation_reason"] == "签约服务考核办法待修订"
    assert rows["基层诊疗人次占比"]["level1"] == "效益指标" and "deviation_reason" not in rows["基层诊疗人次占比"]
    assert len(rows) == 6 and not any("绩效指标" in u for u in reading.unread)


# ----------------------------------------------------------------------------------- Hunan's quantitative goals
def test_the_hunan_quantitative_goals_are_read_as_indicators():
    import yaml
    from pathlib import Path

    path = DEV / "hunan-dept-2023-pipes-goals.txt"
    facts = yaml.safe_load(Path(f"{path}.expect.yaml").read_text(encoding="utf-8"))["facts"]
    reading = read_forms(read_layout(path))[0]
    assert reading.template == "hunan_department" and reading.unread == []
    rows = reading.data["indicators"]
    assert len(rows) == 5 and reading.rows_read == reading.rows_total
    assert (rows[0]["name"], rows[0]["target"], rows[0]["actual"]) == (
        facts["indicators[0].name"], facts["indicators[0].target"], facts["indicators[0].actual"])
    assert rows[4]["level1"] == "满意度指标" and "weight" not in rows[4]  # the form scores its goals as a whole


def test_a_scored_department_table_without_goals_gets_the_indicator_scheme():
    from jixiao.core.model import Department, Evaluation, Indicator
    from jixiao.io.reading.schemes import choose_schemes
    from jixiao.io.scheme_files import load_library

    library = load_library()
    evaluation = Evaluation(year=2023, department=Department(name="某县水利局"), stated_execution_weight=10,
                            indicators=[Indicator(name="中小河流治理长度", level1="output", target="≥12公里",
                                                  actual="12.6公里", weight=15, score=15)])
    assert choose_schemes(evaluation, library).scheme == "department-indicators-10-90"
    framework = Evaluation(year=2023, department=Department(name="某县水利局"), indicators=evaluation.indicators)
    assert choose_schemes(framework, library).scheme is None  # no weight printed for execution: nothing chosen


# ------------------------------------------------------------------------- the department table run together
def test_a_department_table_run_together_reads_its_goals_funds_and_goal_groups():
    import yaml
    from pathlib import Path

    from tests.io.forms.report import FORM_KEYS, lookup, merged
    from tests.reading.scoring import same_value

    path = DEV / "jilin-dept-2021-runtogether.txt"
    facts = yaml.safe_load(Path(f"{path}.expect.yaml").read_text(encoding="utf-8"))["facts"]
    reading = read_forms(read_layout(path))[0]
    assert reading.unread == [] and reading.rows_read == reading.rows_total
    data = merged([reading])
    assert [k for k, v in facts.items() if FORM_KEYS.match(k) and not same_value(v, lookup(data, k))] == []
    # 1完成农村公路建设和养护任务40已完成 → number, goal, 分值, 完成情况
    assert [(g["name"], g["weight"], g["actual"]) for g in data["goals"]][0] == ("完成农村公路建设和养护任务", "40", "已完成")
    # 目标2产出指标…: the rows after 目标2 are the second goal's
    assert [i["name"] for i in data["goals"][1]["indicators"]] == ["道路运输企业安全检查次数", "道路运输安全形势"]
    # 其中：基本支出642.8655.1655.1——— fits several cuts; with 项目支出 it must add up to 年度资金总额
    assert (data["budget"]["basic_expenditure"]["budget_adjusted"], data["budget"]["project_expenditure"]["spent"]) \
        == ("655.1", "1246.2")


def test_parts_that_do_not_add_up_are_not_guessed():
    from jixiao.io.forms.parts import resolve_parts

    types = {"budget_initial": "money", "budget_adjusted": "money", "spent": "money"}
    total = {"total": {"budget_initial": "100", "budget_adjusted": "110", "spent": "105"}}
    basic = [{"budget_initial": "40", "budget_adjusted": "45", "spent": "44"},
             {"budget_initial": "40", "budget_adjusted": "4", "spent": "544"}]
    project = [{"budget_initial": "60", "budget_adjusted": "65", "spent": "61"}]
    pending = {"basic": (None, [], basic), "project": (None, [], project)}
    assert resolve_parts([["basic", "project"]], pending, total, types) == {"basic": basic[0], "project": project[0]}
    project_off = [{"budget_initial": "60", "budget_adjusted": "65", "spent": "60"}]  # 44 + 60 ≠ 105
    pending = {"basic": (None, [], basic), "project": (None, [], project_off)}
    assert resolve_parts([["basic", "project"]], pending, total, types) == {}


# --------------------------------------------------------------------------------- a total row run together
def _run_together_reading(fixture: str, index: int):
    from tests.io.forms.layouts import text_layout
    from tests.reading.crossed import variants

    variant = next(v for v in variants(("run_together",)) if v.name.startswith(fixture))
    return read_forms(text_layout(variant.file_name, variant.content.decode("utf-8")))[index]


def test_a_lone_total_figure_run_together_is_not_taken_for_full_marks_with_a_blank_score():
    # the Anhui fixture's second project prints 总分 | (blank) | 100; run together, 总分100 is full marks with the
    # 得分 blank or the 得分 with the 分值 blank (a blank cell leaves no trace): the 得分 is neither read nor blank
    reading = _run_together_reading("anhui-project-2023", 1)
    assert "stated_score" not in reading.data and "stated_score" not in reading.blank
    assert any("分不清是满分还是得分" in u for u in reading.unread)


# ------------------------------------------------------------ 指标性质 and 度量单位 in columns of their own, run together
SICHUAN = [("name", "name"), ("nature", "operator"), ("target", "measure"), ("unit", "unit"), ("actual", "measure"),
           ("weight", "score"), ("score", "score"), ("deviation_reason", "reason")]


def test_operator_and_unit_columns_are_cut_from_their_figures():
    # 指标性质 ≥ | 指标值 90 | 度量单位 % | 完成值 95 …: the unit is cut from the figure before it, % included
    # the types allow 95 | 10 | 10, 9510 | 10 (no score) and 95101 | 0: only 95 is near its target of 90 (within a
    # factor of 3), so the row decides alone
    got = align("优抚对象满意度≥90%951010", SICHUAN, RELATIONS)
    assert got.values == {"name": "优抚对象满意度", "nature": "≥", "target": "90", "unit": "%", "actual": "95",
                          "weight": "10", "score": "10", "deviation_reason": None}
    # a target in words: 指标性质 定性, its 度量单位 empty (an empty cell leaves no trace) and not taken from the words
    types = dict(SICHUAN)
    got = align("优抚对象生活保障水平定性有效保障基本保障3024.5部分对象生活仍较困难", SICHUAN, RELATIONS,
                prefer=lambda row: qualitative_cut(row, types))
    assert got.values == {"name": "优抚对象生活保障水平", "nature": "定性", "target": "有效保障", "unit": None,
                          "actual": "基本保障", "weight": "30", "score": "24.5", "deviation_reason": "部分对象生活仍较困难"}


def test_rows_of_bare_figures_are_decided_by_their_table():
    # 发放优抚对象人数≥1850人18603030 is 1860 | 30 | 30, or 186030 | 3 | 0, or 186030 | 30 with no score: the table
    # decides — its qualitative row is scored for certain (so is every row), and 绩效指标(90分) is what the weights make
    reading = read_forms(read_layout(DEV / "sichuan-project-2022-runtogether.txt"))[0]
    indicators = reading.data["indicators"]
    assert [(i["name"], i["target"], i["actual"], i["weight"], i["score"]) for i in indicators] == [
        ("发放优抚对象人数", "≥1850人", "1860人", "30", "30"), ("按月发放及时率", "100%", "100%", "20", "20"),
        ("优抚对象生活保障水平", "有效保障", "基本保障", "30", "24.5"), ("优抚对象满意度", "≥90%", "95%", "10", "10")]
    # 其他资金 // : nothing but blank marks, whichever cells they stood in
    assert reading.unread == [] and reading.rows_read == reading.rows_total


def test_a_table_that_does_not_decide_leaves_its_rows_unread():
    from jixiao.io.forms.blocks import Cell, Read
    from jixiao.io.forms.indicators import _Pending, _settle
    from jixiao.io.layout.model import Source

    from jixiao.io.forms.align import Alignment

    # a row its own figures do not decide (both actuals near the target): 95 | 10 | 10, or 95 | 1010 with no score
    row = {"name": "优抚对象满意度", "nature": "≥", "target": "90", "unit": "%", "actual": "95", "deviation_reason": None}
    options = [{**row, "weight": "10", "score": "10"}, {**row, "weight": "1010", "score": None}]
    got = Alignment(None, 2, {k: v for k, v in row.items()}, options[0], options)
    columns = [(n, t) for n, t in SICHUAN]
    source = Source(line=1)
    # no certain row, no label weight: both stand
    read, rows = Read(), []
    _settle(rows, [_Pending(0, {}, "优抚对象满意度≥90%951010", source, got)], columns, None, read, None)
    assert read.rows_read == 0 and rows == [] and "种切分都说得通" in read.unread[0]
    # a certain row scored and the label's 10 points: one combination left
    read, rows = Read(), [{"name": Cell("其他", source), "weight": Cell("0", source), "score": Cell("0", source)}]
    _settle(rows, [_Pending(0, {}, "优抚对象满意度≥90%951010", source, got)], columns, None, read, Decimal(10))
    assert (rows[0]["actual"].text, rows[0]["weight"].text, rows[0]["score"].text) == ("95", "10", "10")


def test_a_lone_total_figure_run_together_says_the_total_cell_may_be_blank():
    # guangdong-project-2024 prints 总分 | 100 | (blank) and its score in the text: run together, whether the 总分
    # cell is blank is not known (unfilled: total_unclear), which the checks weigh as a warning, not an error
    from jixiao.io.reading.assemble import unfilled_of

    reading = _run_together_reading("guangdong-project-2024", 0)
    assert reading.unclear == ["stated_score"] and "stated_score" not in reading.blank
    assert unfilled_of(reading.blank, reading.unclear) == ["total_unclear"]
    assert unfilled_of(["stated_score"], ["stated_score"]) == ["total"]
