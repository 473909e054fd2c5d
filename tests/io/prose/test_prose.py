"""The prose reader on the dev fixtures' and seeds' own sentences; every figure below is read off a fixture, its
expect file, a seed or its golden file."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pytest
import yaml

from jixiao.io.layout.model import Paragraph, Source
from jixiao.io.prose import ProseReading, read_prose
from jixiao.io.prose.lexicon import LexiconError, lexicon, parse_lexicon
from jixiao.io.prose.mentions import read_mentions
from jixiao.io.prose.rules import grade_scale
from jixiao.io.prose.statements import statements
from jixiao.io.prose.text import Piece, Sentence

from .documents import DEV, ROOT, SEEDS, dev_documents, layout_of

NARRATIVE = ["chongqing-dept-2020-web.txt", "henan-narrative-2022.doc", "hebei-narrative-2021-s1.docx",
             "shandong-dept-2022-spaces.txt", "sichuan-final-2022-toc.txt", "guangdong-project-2024.doc",
             "yunnan-framework-2023-questionnaire.docx", "gansu-dept-2021.pdf", "hunan-dept-2021-cellperline.txt",
             "shanxi-project-2021-web-pipes.txt"]
SEED_FILES = {"000": "000_c8758e53477b5b54.txt", "002": "002_a69605e6553f655b.txt", "003": "003_08c5a9fc441d161e.txt"}


@lru_cache(maxsize=None)
def reading(name: str) -> ProseReading:
    path = DEV / name if (DEV / name).exists() else SEEDS / name
    return read_prose(layout_of(path))


def expect(name: str) -> dict:
    return yaml.safe_load((DEV / f"{name}.expect.yaml").read_text(encoding="utf-8"))


def golden(seed: str) -> dict:
    return yaml.safe_load((ROOT / "tests" / "golden" / f"seed-{seed}.yaml").read_text(encoding="utf-8"))["facts"]


def sentence(text: str) -> Sentence:
    return Sentence(text, Piece(text, Source("test", line=1), "paragraph", 0))


def facts(r: ProseReading) -> dict[str, list[Decimal]]:
    found: dict[str, list[Decimal]] = {}
    for s in r.statements:
        found.setdefault(s.fact, []).append(s.value)
    return found


# ------------------------------------------------------------------------------------------------------ lexicon
def test_lexicon_loads_and_a_wrong_one_is_refused_in_chinese():
    assert any(s.path == "budget.project_expenditure" for s in lexicon().subjects)
    with pytest.raises(LexiconError, match="词表缺少"):
        parse_lexicon({"units": {}})
    broken = yaml.safe_load((ROOT / "jixiao" / "io" / "prose" / "lexicon.yaml").read_text(encoding="utf-8"))
    broken["units"]["万元"] = {"unit": "万元", "factor": "一"}
    with pytest.raises(LexiconError, match="不是数字"):
        parse_lexicon(broken)


def test_each_lexicon_reads_with_its_own_words():
    # the compiled patterns are kept on the lexicon: a lexicon with another unit reads it, the shipped one does not
    data = yaml.safe_load((ROOT / "jixiao" / "io" / "prose" / "lexicon.yaml").read_text(encoding="utf-8"))
    data["units"]["万万"] = {"unit": "万元", "factor": "10000"}
    other = parse_lexicon(data)
    text = sentence("本年项目支出 3 万万。")
    assert [m.value for m in read_mentions(text, 2022, other)] == [Decimal(30000)]
    assert read_mentions(text, 2022, lexicon()) == []
    assert read_mentions(text, 2022, parse_lexicon(data)) != read_mentions(text, 2022, lexicon())


# ----------------------------------------------------------------------------------------------------- mentions
def test_this_year_and_last_year_in_one_sentence_are_two_facts():
    # henan-narrative-2022.doc: "本年年初预算安排1210.30万元，上年年初预算安排1186.70万元。"
    r = reading("henan-narrative-2022.doc")
    initial = [m for m in r.mentions if m.scope == "年初预算" and m.unit == "万元"]
    assert [(m.value, m.year) for m in initial] == [(Decimal("1210.30"), 2022), (Decimal("1186.70"), 2021)]
    assert facts(r)["budget.total.budget_initial"] == [Decimal("1210.30")]
    assert r.data["budget"]["total"]["budget_initial"] == "1210.30"
    # chongqing-dept-2020-web.txt names both years by number: 2020年 … 2019年
    c = reading("chongqing-dept-2020-web.txt")
    assert facts(c)["budget.total.budget_initial"] == [Decimal("1520.36")]
    assert any(m.value == Decimal("1488.10") and m.year == 2019 for m in c.mentions)


def test_a_report_on_a_units_projects_states_its_project_expenditure():
    # yunnan-report-2024-markdown (项目支出绩效单位自评报告): 中心实施项目共9个…，年初批复预算6个项目420.00万元，…调整预算
    # 后项目预算468.50万元 / 本年年初预算安排420.00万元，上年年初预算安排398.60万元 / 全年项目实际支出452.30万元
    wanted = expect("yunnan-report-2024-markdown.md")["facts"]
    r = reading("yunnan-report-2024-markdown.md")
    budget = {k: v for k, v in facts(r).items() if k.startswith("budget.")}
    assert budget == {k: [Decimal(v)] for k, v in wanted.items() if k.startswith("budget.")}
    # a report on one project (本项目…) keeps stating its project's budget
    one = statements(read_mentions(sentence("本项目2023年年初预算安排56万元，全年实际支出47.6万元。"), 2023), 2023, True)
    assert [(s.fact, s.value) for s in one] == [("projects[0].budget.budget_initial", Decimal(56)),
                                                ("projects[0].budget.spent", Decimal("47.6"))]


def test_projects_added_within_the_year_are_parts_of_the_count():
    wanted = next(f for f in expect("yunnan-report-2024-markdown.md")["findings"] if f["code"] == "COUNT.SUM")
    (total,) = [t for t in reading("yunnan-report-2024-markdown.md").stated_totals if t.parts and t.kind == "count"]
    assert _finding(total) == (Decimal(wanted["stated"]), Decimal(wanted["recomputed"]))
    assert [p.label for p in total.parts] == ["年初批复预算", "年中增加"] and total.subject == "中心实施项目"


def test_a_stated_rate_keeps_its_operands():
    # henan: 全年预算数1320.00万元，实际支出1254.60万元，预算执行率为96.05% (RATE.MISMATCH: 95.05)
    r = reading("henan-narrative-2022.doc")
    rate = next(m for m in r.mentions if m.unit == "%" and m.value == Decimal("96.05"))
    assert rate.comparison.kind == "execution_rate"
    operands = {(o.scope, o.value) for o in rate.comparison.operands}
    assert {("调整预算", Decimal("1320.00")), ("执行", Decimal("1254.60"))} <= operands
    assert facts(r)["budget.total.execution_rate"] == [Decimal("96.05")]


def test_a_change_on_another_year_is_a_comparison_not_a_fact_of_that_year():
    # sichuan-final-2022-toc.txt: 与2021年相比，收、支总计各增加42.16万元，增长5.12%
    r = reading("sichuan-final-2022-toc.txt")
    change = next(m for m in r.mentions if m.value == Decimal("42.16"))
    rate = next(m for m in r.mentions if m.value == Decimal("5.12"))
    assert (change.comparison.kind, change.comparison.direction) == ("change", 1)
    assert rate.comparison.kind == "change_rate" and "2021" in rate.comparison.base
    assert change.year is None  # 2021 is the base of the comparison, not the year of the figure


def test_units_normalised_to_wanyuan():
    # seed 000: 完成养老保险费征缴 4.75 亿元; seed 002: 比上年减少14,293.93元，减少16%
    (billion,) = read_mentions(sentence("企业养老保险配合税务部门完成养老保险费征缴 4.75 亿元。"), 2023)
    assert (billion.value, billion.unit) == (Decimal("47500.00"), "万元")
    yuan, percent = read_mentions(sentence("比上年减少14,293.93元，减少16%"), 2022)
    assert (yuan.value, yuan.unit) == (Decimal("1.429393"), "万元")
    assert percent.comparison.kind == "change_rate" and percent.comparison.direction == -1


def test_the_statements_of_the_final_accounts():
    r = reading("sichuan-final-2022-toc.txt")
    facts_expected = {k: v for k, v in expect("sichuan-final-2022-toc.txt")["facts"].items()
                      if k.startswith(("income.", "budget.", "three_public_expenses."))}
    for key, value in facts_expected.items():
        path = key.split(".")
        node = r.data
        for part in path:
            node = node[part]
        assert Decimal(node) == Decimal(value), key
    assert r.data["department"]["staff_actual"]["total"] == 46


# ----------------------------------------------------------------------------------------------------- the year
def test_the_year_of_every_dev_fixture():
    misses = []
    for path in dev_documents():
        r = read_prose(layout_of(path))
        wanted = expect(path.name)["year"]
        if r.year != wanted:
            misses.append((path.name, r.year, wanted, r.year_reason))
    for miss in misses:
        print("year missed:", *miss)
    assert not misses


def test_a_report_about_2023_written_later_is_2023():
    r = reading("yunnan-framework-2023-questionnaire.docx")  # 报告时间：2024年3月
    assert r.year == 2023 and "2023" in r.year_reason
    g = reading("guangdong-project-2024.doc")  # 数据截至2023年12月31日 in a 2024 report
    assert g.year == 2024


# ----------------------------------------------------------------------------------------------- the department
@pytest.mark.parametrize("name", NARRATIVE)
def test_the_department_of_the_narrative_fixtures(name):
    assert reading(name).department == expect(name)["department"]


# What OCR cannot give back, said here so that the test fails the day it does (and its line must go): a scan's
# department name beginning with 瓯, a character Debian's tesseract chi_sim reads as nothing, even alone on a strip;
# one beginning with 闽, which it drops in the scan and reads as 国 on a clean strip (闽屿市… rendered at 48 px).
OCR_LIMITS = {"zhejiang-dept-2023-scan.pdf": "江岭县生态环境分局", "fujian-project-2022-scan.pdf": "屿市卫生健康委员会"}


def test_departments_of_all_dev_fixtures_print_misses():
    right, misses = 0, {}
    for path in dev_documents():
        r = read_prose(layout_of(path))
        if r.department == expect(path.name)["department"]:
            right += 1
        else:
            misses[path.name] = r.department
    print(f"departments right: {right}/{len(dev_documents())}", misses)
    assert misses == OCR_LIMITS


def test_another_departments_name_is_kept():
    # shandong: 《鲁泉县交通运输局2022年度部门整体支出绩效目标》 in the report of 鲁泉县文化和旅游局 (DEPT.OTHER)
    r = reading("shandong-dept-2022-spaces.txt")
    assert "鲁泉县交通运输局" in {n.name for n in r.mentioned_departments}
    assert "鲁泉县财政局" not in {n.name for n in r.mentioned_departments}  # it issued the notice, not a self-name
    for name in ("chongqing-dept-2020-web.txt", "henan-narrative-2022.doc", "hebei-narrative-2021-s1.docx"):
        assert {n.name for n in reading(name).mentioned_departments} == {expect(name)["department"]}


# ----------------------------------------------------------------------------------------------------- the rules
def test_grade_scale_stated_by_the_report():
    scale = [(b.name, b.min) for b in reading("chongqing-dept-2020-web.txt").stated_grade_scale]
    assert scale == [("优秀", Decimal(85)), ("良好", Decimal(75)), ("一般", Decimal(60)), ("较差", Decimal(0))]
    gansu = reading("gansu-dept-2021.pdf")
    wanted = expect("gansu-dept-2021.pdf")["facts"]
    assert gansu.stated_grade_scale[1].name == wanted["stated_grade_scale[1].name"]
    assert gansu.stated_grade_scale[1].min == Decimal(wanted["stated_grade_scale[1].min"])
    assert gansu.stated_execution_weight == Decimal(10) and "执行率" in gansu.execution_formula
    yunnan = [(b.name, b.min) for b in reading("yunnan-framework-2023-questionnaire.docx").stated_grade_scale]
    assert yunnan[:3] == [("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60))]


def test_grade_scale_written_as_inequalities():
    """A scale printed under the table as brackets of inequalities: 优秀（≥85分）、良好（75分≤得分<85分）…"""
    text = "评价等级：优秀（≥85分）、良好（75分≤得分<85分）、一般（60分≤得分<75分）、较差（<60分）。"
    assert [(b.name, b.min) for b in grade_scale(text)] == [
        ("优秀", Decimal(85)), ("良好", Decimal(75)), ("一般", Decimal(60)), ("较差", Decimal(0))]
    assert [(b.name, b.min) for b in grade_scale("优：≥90分；良：80≤得分<90；中：60-79；差：<60分")] == [
        ("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", Decimal(0))]
    liaoning = reading("liaoning-dept-2021.xls")
    wanted = expect("liaoning-dept-2021.xls")["facts"]
    assert liaoning.stated_grade_scale[1].name == wanted["stated_grade_scale[1].name"]
    assert liaoning.stated_grade_scale[1].min == Decimal(wanted["stated_grade_scale[1].min"])


def test_execution_weight_of_twenty():
    r = reading("hubei-project-2023.docx")  # 得分（20分×执行率）
    assert r.stated_execution_weight == Decimal(20)


# ---------------------------------------------------------------------------------------------------- the totals
def _finding(total) -> tuple[Decimal, Decimal]:
    recomputed = sum((p.value for p in total.parts), Decimal(0)) if total.parts else Decimal(len(total.items))
    return total.total, recomputed


def test_sum_with_its_parts_henan():
    wanted = next(f for f in expect("henan-narrative-2022.doc")["findings"] if f["code"] == "SUM.PROSE")
    (total,) = [t for t in reading("henan-narrative-2022.doc").stated_totals if t.kind == "sum"]
    assert _finding(total) == (Decimal(wanted["stated"]), Decimal(wanted["recomputed"]))
    assert total.parts[0].label == "食品安全抽检经费"


def test_count_with_its_items_chongqing():
    wanted = next(f for f in expect("chongqing-dept-2020-web.txt")["findings"] if f["code"] == "COUNT.ITEMS")
    (total,) = reading("chongqing-dept-2020-web.txt").stated_totals
    assert _finding(total) == (Decimal(wanted["stated"]), Decimal(wanted["recomputed"]))
    assert total.items[0] == "办公室"


def test_counts_of_hebei():
    wanted = next(f for f in expect("hebei-narrative-2021-s1.docx")["findings"] if f["code"] == "COUNT.SUM")
    totals = reading("hebei-narrative-2021-s1.docx").stated_totals
    (summed,) = [t for t in totals if t.parts]
    assert _finding(summed) == (Decimal(wanted["stated"]), Decimal(wanted["recomputed"]))
    (named,) = [t for t in totals if t.items]  # “共3个：…”列出 3 个单位，数目相符
    assert _finding(named) == (Decimal(3), Decimal(3))


def test_sums_of_the_model_figures_are_left_to_their_own_checks():
    # sichuan: 三公经费 12.80 with parts 11.80 is SUM.THREE_PUBLIC, not also SUM.PROSE; its 收入合计 likewise
    sums = [t for t in reading("sichuan-final-2022-toc.txt").stated_totals if t.kind == "sum"]
    assert [_finding(t) for t in sums] == [(Decimal("865.42"), Decimal("865.42"))]  # the budget's lines: see below


def test_the_budgets_lines_in_a_sentence_are_a_total_the_text_states():
    # guizhou: 2021年部门支出合计2486.70万元，其中：基本支出896.30万元，项目支出1580.40万元。 (SUM.PROSE, not the
    # table check SUM.SPENDING: no table states the budget)
    wanted = next(f for f in expect("guizhou-narrative-2021.pdf")["findings"] if f["code"] == "SUM.PROSE")
    (total,) = [t for t in reading("guizhou-narrative-2021.pdf").stated_totals if t.kind == "sum"]
    assert _finding(total) == (Decimal(wanted["stated"]), Decimal(wanted["recomputed"]))
    assert [p.label for p in total.parts] == ["基本支出", "项目支出"]


def test_seed_totals_that_agree():
    seed = reading(SEED_FILES["000"])  # 2023 年共支出就业补助资金 2718.15 万元，其中社会保险补贴 574.99 万元 …
    sums = [t for t in seed.stated_totals if t.kind == "sum"]
    assert sums and all(_finding(t)[0] == _finding(t)[1] for t in sums)
    offices = reading(SEED_FILES["002"])  # 设8个内设机构：办公室、法规仲裁股（加挂…牌子）…
    assert [(_finding(t)) for t in offices.stated_totals if t.items] == [(Decimal(8), Decimal(8))]


# ---------------------------------------------------------------------------------------------------- the scores
@pytest.mark.parametrize("name", ["chongqing-dept-2020-web.txt", "henan-narrative-2022.doc", "gansu-dept-2021.pdf",
                                  "shandong-dept-2022-spaces.txt", "yunnan-framework-2023-questionnaire.docx",
                                  "hebei-narrative-2021-s1.docx", "sichuan-final-2022-toc.txt",
                                  "hunan-dept-2021-cellperline.txt", "jiangxi-dept-2023-cellperline.txt"])
def test_stated_score_and_grade(name):
    wanted = expect(name)["facts"]
    r = reading(name)
    assert r.stated_score == Decimal(wanted["stated_score"])
    if "stated_grade" in wanted:
        assert r.stated_grade == wanted["stated_grade"]


def test_a_total_row_one_cell_per_line_gives_full_marks_then_the_score():
    # 总分 / 100 / 97 is the row 总分 | 100 | 97; a label followed by one figure (综合得分 / 92) is that figure
    assert _reading_of(["总分", "100", "97", "自评等级", "优"]).stated_score == Decimal(97)
    assert _reading_of(["综合得分", "92", "评价等次", "优"]).stated_score == Decimal(92)


def test_score_of_a_project_report():
    wanted = expect("guangdong-project-2024.doc")["facts"]  # 经自评，本项目自评得分98分
    assert reading("guangdong-project-2024.doc").stated_score == Decimal(wanted["projects[0].stated_score"])


def test_a_project_in_a_list_is_not_the_reports_score():
    # hebei: 社会组织培育孵化经费…自评得分0分 is a project's; 经自评，部门整体支出自评得分95分 is the report's
    assert reading("hebei-narrative-2021-s1.docx").stated_score == Decimal(95)


# ----------------------------------------------------------------------------------------------------- the dates
def test_malformed_report_date():
    wanted = next(f for f in expect("hunan-dept-2021-cellperline.txt")["findings"] if f["code"] == "DATE.MALFORMED")
    r = reading("hunan-dept-2021-cellperline.txt")
    assert [t.text for t in r.malformed_dates] == [wanted["stated"]]
    assert not r.stated_dates


def test_report_and_as_of_dates():
    henan = reading("henan-narrative-2022.doc")
    assert [(d.kind, d.date.isoformat()) for d in henan.stated_dates] == \
        [("report", expect("henan-narrative-2022.doc")["facts"]["report_date"])]
    guangdong = reading("guangdong-project-2024.doc")
    assert [(d.kind, d.date.isoformat()) for d in guangdong.stated_dates] == \
        [("as_of", expect("guangdong-project-2024.doc")["facts"]["stated_dates[0].date"])]


def test_a_date_beside_the_signature_is_a_report_date():
    # hunan-dept-2020-pipes-web: 报告日期 2021年3月10日 on the cover, and the signature line of the evaluation group
    wanted = next(f for f in expect("hunan-dept-2020-pipes-web.txt")["findings"] if f["code"] == "DATE.REPORTS")
    dates = reading("hunan-dept-2020-pipes-web.txt").stated_dates
    assert [d.kind for d in dates] == ["report", "report"]
    assert [f"{d.date.year}年{d.date.month}月{d.date.day}日" for d in dates] == [wanted["stated"], wanted["recomputed"]]
    from jixiao.io.prose.dates import stated_dates
    signed = Piece("单位负责人签章：王敏　　2023年3月2日", Source("test", line=30), "paragraph", 0)
    prose = Piece("我局于2023年3月2日召开会议，负责人签字确认了自评结果。", Source("test", line=9), "paragraph", 1)
    assert [d.kind for d in stated_dates([signed, prose])[0]] == ["report", "other"]


def test_years_of_titles():
    # sichuan: 关于2021年度预算绩效情况的说明 inside the 2022 final accounts (DATE.YEAR)
    assert {y.year for y in reading("sichuan-final-2022-toc.txt").stated_years} == {2021, 2022}
    assert {y.year for y in reading(SEED_FILES["002"]).stated_years} == set(golden("002")["stated_years"])


# ------------------------------------------------------------------------------------------------------ sections
def test_sections_kept_as_form_texts():
    texts = {t.label: t.text for t in reading("henan-narrative-2022.doc").form_texts}
    assert "一是部分专项经费支付进度偏慢" in texts["四、存在的问题及改进措施"]
    labels = [t.label for t in reading("sichuan-final-2022-toc.txt").form_texts]
    assert labels.count("二、评价结论及建议") == 1  # the contents line is not a second, empty section


# --------------------------------------------------------------------------------------------------------- seeds
@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_seed_year_department_and_score(seed):
    wanted = golden(seed)
    r = reading(SEED_FILES[seed])
    assert r.year == wanted["year"]
    assert r.department == wanted["department.name"]
    assert r.stated_score == Decimal(wanted["stated_score"])
    assert r.stated_grade == wanted["stated_grade"]


def test_seed_budget_figures():
    wanted = golden("000")
    data = reading(SEED_FILES["000"]).data["budget"]
    for line in ("total", "project_expenditure"):
        for field in ("budget_initial", "budget_adjusted", "spent"):
            assert Decimal(data[line][field]) == Decimal(wanted[f"budget.{line}.{field}"])
    r002 = reading(SEED_FILES["002"])
    wanted = golden("002")
    assert Decimal(r002.data["budget"]["total"]["budget_initial"]) == Decimal(wanted["budget.total.budget_initial"])
    assert Decimal(r002.data["income"]["total"]) == Decimal(wanted["income.total"])
    reception = r002.data["three_public_expenses"]["reception"]
    assert (Decimal(reception["spent"]), Decimal(reception["budget"])) == \
        tuple(Decimal(v) for v in wanted["three_public_expenses.reception"][:2])


def test_read_prose_on_a_layout_built_from_text():
    layout = type(layout_of(DEV / "henan-narrative-2022.doc"))("t.txt", "text", [
        Paragraph("豫川县市场监督管理局2022年度部门整体支出绩效自评报告", Source("t.txt", line=1)),
        Paragraph("经自评，我局2022年度部门整体支出综合评分为93分，评价等级为优。", Source("t.txt", line=2))])
    r = read_prose(layout)
    assert (r.year, r.department, r.stated_score, r.stated_grade) == (2022, "豫川县市场监督管理局", Decimal(93), "优")
    assert r.sources["stated_score"].line == 2


def test_everything_read_is_valid_core_data():
    from jixiao.core.build import evaluation_from_data

    for name in NARRATIVE + list(SEED_FILES.values()):
        r = reading(name)
        evaluation = evaluation_from_data(r.as_data(), name)
        assert evaluation.year == r.year and evaluation.department.name == r.department
        assert evaluation.stated_score == r.stated_score


def _mismatches(r: ProseReading) -> dict[str, int]:
    found = {"SUM.PROSE": 0, "COUNT.ITEMS": 0, "COUNT.SUM": 0}
    for total in r.stated_totals:
        stated, recomputed = _finding(total)
        if stated != recomputed:
            code = "SUM.PROSE" if total.kind == "sum" else "COUNT.ITEMS" if total.items else "COUNT.SUM"
            found[code] += 1
    return found


def test_totals_disagree_only_where_a_reviewer_finds_it():
    """On every dev fixture a total that does not add up is one the expect file lists, and on the seeds none."""
    for path in dev_documents():
        wanted = {code: 0 for code in ("SUM.PROSE", "COUNT.ITEMS", "COUNT.SUM")}
        for finding in expect(path.name)["findings"]:
            if finding["code"] in wanted:
                wanted[finding["code"]] += 1
        assert _mismatches(read_prose(layout_of(path))) == wanted, path.name
    for name in SEED_FILES.values():
        assert not any(_mismatches(reading(name)).values()), name


def test_staff_kinds_add_up_in_a_seed():
    # seed 002: 人员编制数36人，其中：行政编制13人，事业编制23人。… 实有在职人数40人，其中：行政编制人员23人，工勤编2人，
    # 事业编制15人；离退休人员33人。(the retired are not among the staff)
    staff = [t for t in reading(SEED_FILES["002"]).stated_totals if t.unit == "人"]
    assert [(t.total, [p.value for p in t.parts]) for t in staff] == [
        (Decimal(36), [Decimal(13), Decimal(23)]), (Decimal(40), [Decimal(23), Decimal(2), Decimal(15)])]


def _reading_of(lines: list[str]) -> ProseReading:
    from jixiao.io.layout.model import Layout

    return read_prose(Layout("t.txt", "text", [Paragraph(t, Source("t.txt", line=i + 1)) for i, t in enumerate(lines)]))


def test_other_writings_of_the_same_rules_and_dates():
    # henan's title and signature, its date written in Chinese numerals as official documents sign; gansu's
    # 85/75/60 scale written grade first, as score-band tables print it
    r = _reading_of(["豫川县市场监督管理局2022年度部门整体支出绩效自评报告",
                     "评价等级：优秀：85分（含）以上；良好：75-85分；一般：60-75分；较差：60分以下。",
                     "豫川县市场监督管理局", "二〇二三年三月二十日"])
    assert [(d.kind, d.date.isoformat()) for d in r.stated_dates] == \
        [("report", expect("henan-narrative-2022.doc")["facts"]["report_date"])]
    assert [(b.name, b.min) for b in r.stated_grade_scale] == \
        [("优秀", Decimal(85)), ("良好", Decimal(75)), ("一般", Decimal(60)), ("较差", Decimal(0))]


def test_a_change_after_a_list_of_parts_is_the_totals():
    # seed 002: 2022年决算支出“三公”经费7.5万元，其中公务接待费5.18万元，公务用车2.32万元，…，比上年减少14,293.93元，
    # 减少16%  — golden: 三公经费 spent 7.5, last year 8.93
    spent, _budget, last_year = (Decimal(v) for v in golden("002")["three_public_expenses.total"])
    found = facts(reading(SEED_FILES["002"]))
    (change,) = found["three_public_expenses.total.change"]
    assert change == Decimal("-1.429393") and abs(change - (spent - last_year)) < Decimal("0.01")
    assert found["three_public_expenses.total.change_rate"] == [Decimal(-16)]


def test_seed_dates():
    def dated(seed, kind):
        return sorted({d.date.isoformat() for d in reading(SEED_FILES[seed]).stated_dates if d.kind == kind})

    assert dated("000", "report") == [golden("000")["date.report"]]  # 于 2024 年 3 月 20 日…完成了…自评
    assert dated("000", "as_of") == [golden("000")["date.as_of"]]  # 截至 2023 年底
    assert dated("002", "report") == sorted(golden("002")["date.report"])
    assert dated("002", "as_of") == [golden("002")["date.as_of"]]
    assert dated("003", "table") == [golden("003")["date.table"]]


def test_a_supervisor_run_together_with_the_next_label_is_read_up_to_that_label():
    # sichuan-project-2022-runtogether: a project table's head row with its cells run together
    r = _reading_of(["部门预算项目支出绩效自评表(2022年度)", "项目名称51172522R000000008842-退役军人优待抚恤补助",
                     "主管部门巴东川县退役军人事务局实施单位 (盖章)巴东川县退役军人事务局"])
    assert r.department == "巴东川县退役军人事务局"
    # a name followed by other words that are no label is not cut short to fit
    assert _reading_of(["主管部门巴东川县退役军人事务局下属服务中心"]).department != "巴东川县退役军人事务局"


def test_a_table_label_whose_last_character_a_scan_lost_still_names_the_department():
    # shaanxi-project-2024-scan: OCR reads the cell 主管部门 as 主管部
    from jixiao.io.layout.model import Layout, Table

    table = Table.from_rows([["项目名称", "农村公路安全生命防护工程"],
                             ["主管部", "秦川县交通运输局", "实施单位", "秦川县交通运输局"]])
    assert read_prose(Layout("t.pdf", "scan", [Paragraph("项目支出绩效自评表(2024年度)"), table])).department == "秦川县交通运输局"
    # a sentence that only begins like a label is no label
    assert _reading_of(["主管部署了秦川县交通运输局的工作"]).department is None
