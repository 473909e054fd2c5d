"""The checks reviewers raise in the wild (CHECKS.md · More arithmetic and consistency), each on the figures of the
dev fixture whose expectation lists it (tests/reading/fixtures/dev/*.expect.yaml and _specs.py), at its edges."""

from decimal import Decimal as D

from jixiao.core.model import (Budget, BudgetLine, Department, Evaluation, FormText, Goal, Indicator, Project,
                               StatedBand, StatedName, StatedPart, StatedText, StatedTotal, Survey, SurveyOption,
                               SurveyQuestion)

from .helpers import findings, replace, replace_in_list

LEVELS = {"数量指标": ("output", "quantity"), "质量指标": ("output", "quality"), "时效指标": ("output", "timeliness"),
          "成本指标": ("output", "cost"), "社会效益指标": ("outcome", "social"), "经济效益指标": ("outcome", "economic"),
          "生态效益指标": ("outcome", "ecological"), "可持续影响指标": ("outcome", "sustainability"),
          "服务对象满意度指标": ("satisfaction", "beneficiary_satisfaction")}


def indicators(rows) -> list[Indicator]:
    """Rows as the fixture specs write them: (level 2, name, target, actual, weight, score)."""
    out = []
    for level2, name, target, actual, weight, score in rows:
        level1, key = LEVELS[level2]
        out.append(Indicator(name=name, level1=level1, level2=key, target=target, actual=actual, weight=D(weight),
                             score=None if score is None else D(score)))
    return out


def project_evaluation(department: str, year: int, project: Project) -> Evaluation:
    return Evaluation(year=year, department=Department(name=department), projects=[project])


def errors(found) -> set[str]:
    return {f.code for f in found if f.severity == "error"}


# ------------------------------------------------------------------------------------------ totals in prose
def henan(total: str = "386.50", parts=("120.00", "85.50", "42.00", "129.00")) -> Evaluation:
    """henan-narrative-2022: 全年共完成项目支出386.50万元，其中：… 120.00、85.50、42.00、129.00 万元."""
    labels = ("食品安全抽检经费", "特种设备检验经费", "市场主体年报公示经费", "执法办案经费")
    stated = StatedTotal(kind="sum", total=D(total), unit="万元", subject="项目支出", where="第 5 段",
                         parts=[StatedPart(label=label, value=D(v)) for label, v in zip(labels, parts)])
    return Evaluation(year=2022, department=Department(name="豫川县市场监督管理局"), stated_totals=[stated])


def test_a_total_in_prose_that_its_parts_do_not_make(library):
    [finding] = findings(henan(), library, "SUM.PROSE")
    assert (finding.code, finding.severity, finding.stated, finding.recomputed) == \
        ("SUM.PROSE", "error", "386.50", "376.50")
    assert "项目支出共 386.50 万元" in finding.message and "相差 10.00 万元" in finding.message
    assert finding.where == "第 5 段"


def guizhou(stated_in_text: bool) -> Evaluation:
    """guizhou-narrative-2021: 部门支出合计2486.70万元，其中：基本支出896.30万元，项目支出1580.40万元。"""
    budget = Budget(total=BudgetLine(spent=D("2486.70")), basic_expenditure=BudgetLine(spent=D("896.30")),
                    project_expenditure=BudgetLine(spent=D("1580.40")))
    stated = StatedTotal(kind="sum", total=D("2486.70"), unit="万元", subject="支出", where="第 1 页",
                         parts=[StatedPart(label="基本支出", value=D("896.30")),
                                StatedPart(label="项目支出", value=D("1580.40"))])
    return Evaluation(year=2021, department=Department(name="黔东岭县农业农村局"), budget=budget,
                      stated_totals=[stated] if stated_in_text else [])


def test_the_budgets_lines_stated_in_a_sentence_are_corrected_once_as_the_texts(library):
    assert [(f.code, f.stated, f.recomputed) for f in findings(guizhou(True), library, "SUM")] == \
        [("SUM.PROSE", "2486.70", "2476.70")]
    # the same figures in a budget table (no sentence states them): the table's row
    assert [(f.code, f.stated) for f in findings(guizhou(False), library, "SUM")] == [("SUM.SPENDING", "2486.70")]


def test_a_total_in_prose_that_adds_up_is_silent(library):
    assert findings(henan(total="376.50"), library, "SUM.PROSE") == []


def test_parts_written_to_the_unit_may_be_half_a_unit_off_each(library):
    # the same parts written to the whole 万元 (120, 86, 42, 129 = 377) against 376.50: 0.5 apart, inside the four
    # half units the rounding of the parts allows; 10 apart (386.50) is not
    assert findings(henan(total="376.50", parts=("120", "86", "42", "129")), library, "SUM.PROSE") == []
    assert [f.recomputed for f in findings(henan(parts=("120", "86", "42", "129")), library, "SUM.PROSE")] == ["377"]


def test_one_part_is_a_share_of_the_total_not_its_decomposition(library):
    assert findings(henan(parts=("120.00",)), library, "SUM.PROSE") == []
    [finding] = findings(henan(total="85.50", parts=("120.00",)), library, "SUM.PROSE")
    assert (finding.stated, finding.recomputed) == ("85.50", "120.00")


# ---------------------------------------------------------------------------------------------------- counts
def chongqing(items: list[str], total: int = 7) -> Evaluation:
    """chongqing-dept-2020-web: 局机关内设办公室、财务科、国土空间规划科、用地审批科、不动产登记科、执法监察科等7个科室."""
    stated = StatedTotal(kind="count", total=D(total), unit="个", subject="内设科室", items=items)
    return Evaluation(year=2020, department=Department(name="重庆市云溪区规划和自然资源局"), stated_totals=[stated])


CHONGQING_SECTIONS = ["办公室", "财务科", "国土空间规划科", "用地审批科", "不动产登记科", "执法监察科"]


def test_a_count_naming_fewer_items(library):
    [finding] = findings(chongqing(CHONGQING_SECTIONS), library, "COUNT")
    assert (finding.code, finding.stated, finding.recomputed) == ("COUNT.ITEMS", "7", "6")
    assert "内设科室 7 个，列出的却是 6 个" in finding.message


def test_a_count_naming_as_many_items_is_silent(library):
    assert findings(chongqing(CHONGQING_SECTIONS, total=6), library, "COUNT") == []
    assert findings(chongqing([]), library, "COUNT") == []  # no list: nothing to count


def hebei(total: int, parts: list[tuple[str, int]]) -> Evaluation:
    """hebei-narrative-2021-s1: 年初安排项目5个，年中追加项目4个，共8个项目."""
    stated = StatedTotal(kind="count", total=D(total), unit="个", subject="项目",
                         parts=[StatedPart(label=label, value=D(v)) for label, v in parts])
    return Evaluation(year=2021, department=Department(name="柳泉县民政局"), stated_totals=[stated])


def test_a_count_its_parts_do_not_make(library):
    [finding] = findings(hebei(8, [("年初安排项目", 5), ("年中追加项目", 4)]), library, "COUNT")
    assert (finding.code, finding.severity, finding.stated, finding.recomputed) == ("COUNT.SUM", "error", "8", "9")
    assert "年初安排项目 5、年中追加项目 4 合计为 9 个" in finding.message
    assert findings(hebei(9, [("年初安排项目", 5), ("年中追加项目", 4)]), library, "COUNT") == []


def test_a_part_that_takes_away_is_subtracted(library):
    # the same figures the other way round: 9 at the start, 4 withdrawn, 5 in all
    assert findings(hebei(5, [("年初安排项目", 9), ("年中撤销项目", 4)]), library, "COUNT") == []
    [finding] = findings(hebei(8, [("年初安排项目", 9), ("年中减少项目", 4)]), library, "COUNT")
    assert finding.recomputed == "5"


# ------------------------------------------------------------------------------------ totals above their parts
HUBEI_GOALS = [  # hubei-dept-2022: goal weights 10 + 15 + 15 + 20 + 15 = 75, with budget execution's 20: 95
    ("年度目标1：完成第三次国土调查成果年度变更", 10, [("数量指标", "年度变更调查图斑数", "≥3500个", "3620个", 5, 5),
                                     ("社会效益指标", "调查成果应用水平", "明显提高", "明显提高", 5, 5)]),
    ("年度目标2：保障重点项目建设用地", 15, [("数量指标", "报批建设用地面积", "≥1800亩", "1650亩", 10, "9.17"),
                              ("经济效益指标", "重点项目落地率", "≥90%", "92%", 5, 5)]),
    ("年度目标3：开展耕地保护督察整改", 15, [("数量指标", "整改问题图斑数", "≥260个", "260个", 10, 10),
                              ("生态效益指标", "耕地保有量", "≥48.2万亩", "48.3万亩", 5, 5)]),
    ("年度目标4：推进不动产登记“一窗受理”", 20, [("数量指标", "办理登记业务件数", "≥12000件", "12860件", 10, 10),
                                  ("时效指标", "一般登记办结时限", "≤5个工作日", "4个工作日", 5, 5),
                                  ("服务对象满意度指标", "办事群众满意度", "≥90%", "92%", 5, 5)]),
    ("年度目标5：加强自然资源执法", 15, [("数量指标", "立案查处违法用地案件数", "≥40件", "36件", 10, 9),
                            ("社会效益指标", "违法用地发生率", "逐年下降", "有所下降", 5, 3)]),
]


def hubei_department() -> Evaluation:
    return Evaluation(
        year=2022, scheme="hubei-department", department=Department(name="荆岭县自然资源和规划局"),
        budget=None, execution=BudgetLine(budget_initial=D("2480.5"), budget_adjusted=D("2615.3"), spent=D("2615.3")),
        goals=[Goal(name=name, weight=D(weight), indicators=indicators(rows)) for name, weight, rows in HUBEI_GOALS],
        stated_execution_weight=D(20), stated_execution_score=D(20), stated_score=D(100), stated_grade="优")


def test_a_total_above_the_points_the_table_can_give(library):
    found = findings(hubei_department(), library)
    [above] = [f for f in found if f.code == "SCORE.ABOVE_PARTS"]
    assert (above.severity, above.stated, above.recomputed) == ("error", "100", "95")
    assert "预算执行（20 分）与各年度目标的分值合计只有 95 分" in above.message
    # the expectation of hubei-dept-2022, and no other error (but the qualitative 违法用地发生率, scored 3 of 5 without
    # the tier the web app asks for)
    assert errors(found) - {"SCORE.NOT_SCORED"} == {"WEIGHT.TOTAL", "SCORE.ABOVE_PARTS", "SCORE.SUBTOTAL"}
    [subtotal] = [f for f in found if f.code == "SCORE.SUBTOTAL"]
    assert (subtotal.stated, subtotal.recomputed) == ("100", "91.17")


GUANGDONG = [("数量指标", "配置设备的乡镇卫生院数", "≥12家", "12家", 15, 15),
             ("数量指标", "培训基层医务人员人次", "≥400人次", "360人次", 15, "13.5"),
             ("质量指标", "设备验收合格率", "100%", "100%", 10, 10),
             ("成本指标", "设备采购节约率", "≥3%", "4%", 10, 10),
             ("社会效益指标", "基层就诊人次占比", "≥60%", "58%", 30, 29),
             ("服务对象满意度指标", "群众满意度", "≥90%", "91%", 10, 10)]


def guangdong(unfilled: list) -> Evaluation:
    """guangdong-project-2024: the table's 总分 cell is blank; the text says 自评得分98分."""
    project = Project(name="基层医疗卫生机构能力提升", budget=BudgetLine(budget_initial=D(300), budget_adjusted=D(300),
                                                                spent=D(288)),
                      indicators=indicators(GUANGDONG), stated_execution_weight=D(10), stated_execution_score=D("9.6"),
                      stated_score=D(98), stated_grade="优", unfilled=unfilled)
    return project_evaluation("粤海县卫生健康局", 2024, project)


def test_a_total_stated_in_the_text_above_the_scores_of_the_table(library):
    found = findings(guangdong(["total"]), library)
    [above] = [f for f in found if f.code == "SCORE.ABOVE_PARTS"]
    assert (above.stated, above.recomputed, above.location) == ("98", "97.1", "projects[0].stated_score")
    assert "表中总分栏空白" in above.message
    assert errors(found) == {"SCORE.ABOVE_PARTS"}  # the guangdong expectation: not SUBTOTAL, not TOTAL as well


def test_a_total_the_table_states_is_added_up_by_subtotal_alone(library):
    # every stated part right, only their sum wrong: one correction (hubei-project-2021: 95 stated, 93 added up)
    found = findings(guangdong([]), library)
    assert errors(found) == {"SCORE.SUBTOTAL"}
    assert [(f.stated, f.recomputed) for f in found if f.code == "SCORE.SUBTOTAL"] == [("98", "97.1")]


def test_a_total_in_the_text_below_the_scores_of_the_table_is_a_subtotal(library):
    evaluation = guangdong(["total"])
    # the text's total leaving budget execution out: 97.1 − 9.6 = 87.5
    evaluation = replace(evaluation, projects=replace_in_list(evaluation.projects, 0, stated_score=D("87.5")))
    found = findings(evaluation, library)
    assert errors(found) == {"SCORE.SUBTOTAL"}


def test_a_total_within_its_parts_is_silent(library):
    evaluation = guangdong(["total"])
    evaluation = replace(evaluation, projects=replace_in_list(evaluation.projects, 0, stated_score=D("97.1")))
    assert findings(evaluation, library, "SCORE.ABOVE_PARTS") == []


# ---------------------------------------------------------------------------------------- scores out of order
NINGXIA = [("数量指标", "维修供水管网长度", "≥40公里", "39.2公里", 10, 7),
           ("数量指标", "维修水窖数量", "≥200眼", "170眼", 10, "8.5"),
           ("质量指标", "维修工程验收合格率", "100%", "100%", 10, 10),
           ("成本指标", "每公里管网维修成本", "≤2.5万元", "2.4万元", 10, 10),
           ("社会效益指标", "农村自来水普及率", "≥95%", "96%", 20, 20),
           ("服务对象满意度指标", "受益群众满意度", "≥90%", "92%", 10, 10)]


def ningxia(rows=NINGXIA) -> Evaluation:
    """ningxia-project-2024-markdown (its quantitative rows): 98% of the pipes scored 7 of 10, 85% of the cisterns
    8.5 of 10."""
    project = Project(name="农村饮水安全工程维修养护",
                      budget=BudgetLine(budget_initial=D(150), budget_adjusted=D(150), spent=D("148.2")),
                      indicators=indicators(rows), stated_execution_weight=D(10), stated_execution_score=D("9.88"))
    return project_evaluation("红柳县水务局", 2024, project)


def test_a_higher_completion_scored_lower(library):
    found = findings(ningxia(), library, "SCORE.ORDER", "SCORE.METHOD")
    [order] = [f for f in found if f.code == "SCORE.ORDER"]
    assert (order.severity, order.location, order.stated, order.recomputed) == \
        ("warning", "projects[0].indicators[0]", "7", "≥ 8.5")
    assert "完成 98.00% 得 7 分" in order.message and "只完成 85.00% 却得 8.5 分" in order.message
    [method] = [f for f in found if f.code == "SCORE.METHOD"]
    assert (method.stated, method.recomputed) == ("7", "9.8")


def test_scores_in_the_order_of_completion_are_silent(library):
    rows = [NINGXIA[0][:5] + ("9.8",)] + NINGXIA[1:]  # 9.8 as the method gives
    assert findings(ningxia(rows), library, "SCORE.ORDER") == []


# ------------------------------------------------------------------------------------------- copied actuals
def anhui(actual: str) -> Evaluation:
    """anhui-project-2022-oneline: 实际完成值 "≥3000平方米" copied from the target."""
    row = ("数量指标", "修复破损路面面积", "≥3000平方米", actual, 10, 10)
    project = Project(name="乡村公路日常养护补助", budget=BudgetLine(budget_adjusted=D(80), spent=D("79.6")),
                      indicators=indicators([row]))
    return project_evaluation("江岭县石门湾镇人民政府", 2022, project)


def test_an_actual_copied_from_the_target_is_reported_once(library):
    [finding] = findings(anhui("≥3000平方米"), library, "MEASURE")
    assert (finding.code, finding.severity, finding.stated, finding.recomputed) == \
        ("MEASURE.ACTUAL_COPY", "warning", "≥3000平方米", "≥3000平方米")
    assert "照抄的目标" in finding.message


def test_an_actual_with_its_own_bound_is_a_bound_not_a_copy(library):
    # hubei-project-2023: 帮扶对象满意度 target ≥90%, actual ≥96%
    row = ("服务对象满意度指标", "帮扶对象满意度", "≥90%", "≥96%", 10, 10)
    evaluation = replace(anhui(""), projects=[Project(name="困难职工帮扶救助资金", indicators=indicators([row]))])
    assert [f.code for f in findings(evaluation, library, "MEASURE")] == ["MEASURE.ACTUAL_BOUND"]
    assert findings(anhui("3000平方米"), library, "MEASURE") == []


# ----------------------------------------------------------------------------------------------- unfilled forms
SICHUAN = [("数量指标", "全年免费开放天数", "≥300天", None, 30, None),
           ("数量指标", "举办公益讲座展览场次", "≥48场", "52场", 20, None),
           ("社会效益指标", "年接待群众人次", "≥8万人次", None, 30, None),
           ("服务对象满意度指标", "读者和观众满意度", "≥90%", "93%", 10, None)]
SICHUAN_TEXTS = [("年度目标完成情况", "对照年度目标，说明相关任务目标的完成情况（100字以内）"),
                 ("评价结论", "结合自评情况，说明项目自评总分，说明项目实施取得的成效或成果。（200字以内）"),
                 ("存在问题", "结合自评情况，分析存在的问题及原因。（200字以内）")]


def sichuan(unfilled: list, texts=SICHUAN_TEXTS) -> Evaluation:
    """sichuan-project-2023-cellpipes: no score anywhere, two 完成值 blank, three cells holding the instructions."""
    project = Project(name="公共文化场馆免费开放运行经费",
                      budget=BudgetLine(budget_initial=D(45), budget_adjusted=D("48.6"), spent=D("47.9")),
                      indicators=indicators(SICHUAN), stated_execution_weight=D(10), unfilled=unfilled,
                      form_texts=[FormText(label=label, text=text) for label, text in texts])
    return project_evaluation("青溪县文化广播电视和旅游局", 2023, project)


def test_a_form_with_its_score_and_actual_columns_blank(library):
    found = findings(sichuan(["score", "actual"]), library, "FORM.UNFILLED")
    assert [(f.stated, f.severity) for f in found] == [("得分", "error"), ("完成值", "error")]
    assert "预算执行、4 项指标没有得分" in found[0].message
    assert "有 2 项指标未填写（“全年免费开放天数”、“年接待群众人次”）" in found[1].message


def test_a_blank_total_is_unfilled_unless_the_text_states_it(library):
    # sichuan: its blank 合计 is part of the blank 得分 column, one finding; guangdong: the text states 98
    assert [f.stated for f in findings(sichuan(["score", "total"]), library, "FORM.UNFILLED")] == ["得分"]
    assert findings(guangdong(["total"]), library, "FORM.UNFILLED") == []
    blank = replace(guangdong(["total"]), projects=replace_in_list(guangdong(["total"]).projects, 0, stated_score=None))
    assert [f.stated for f in findings(blank, library, "FORM.UNFILLED")] == ["总分"]


def test_blanks_are_the_forms_only_when_the_document_says_so(library):
    # data entered in the web app: the engine scores it, and a missing actual is SCORE.NOT_SCORED's
    assert findings(sichuan([]), library, "FORM.UNFILLED") == []


def test_cells_still_holding_the_forms_instructions(library):
    found = findings(sichuan([]), library, "FORM.INSTRUCTIONS")
    assert [f.stated for f in found] == ["年度目标完成情况", "评价结论", "存在问题"]
    assert "“年度目标完成情况”一栏填的仍是表格的填写说明" in found[0].message


def test_cells_filled_in_are_not_instructions(library):
    filled = [("年度目标完成情况", "维修供水管网39.2公里、水窖170眼，农村自来水普及率达到96%。"),  # ningxia
              ("评价结论", "经自评，本项目自评得分98分，评价等级为优。"),  # guangdong
              ("评价依据", "根据《鲁泉县财政局关于开展2022年度部门整体支出绩效自评工作的通知》和《鲁泉县交通运输局"
                       "2022年度部门整体支出绩效目标》，我局组织开展了部门整体支出绩效自评。")]  # shandong
    assert findings(sichuan([], texts=filled), library, "FORM.INSTRUCTIONS") == []


# ---------------------------------------------------------------------------------------- dates, departments
def test_a_malformed_date(library):
    evaluation = Evaluation(year=2021, department=Department(name="湘岭县民政局"),
                            malformed_dates=[StatedText(text="202年3月15日", where="第 12 行")])  # hunan-dept-2021
    [finding] = findings(evaluation, library, "DATE.MALFORMED")
    assert (finding.severity, finding.stated, finding.where) == ("error", "202年3月15日", "第 12 行")


def shandong(*names: str) -> Evaluation:
    return Evaluation(year=2022, department=Department(name="鲁泉县文化和旅游局"),
                      mentioned_departments=[StatedName(name=n, where="评价依据") for n in names])


def test_another_departments_name_as_the_reporting_body(library):
    [finding] = findings(shandong("鲁泉县文化和旅游局", "鲁泉县交通运输局", "鲁泉县交通运输局"), library, "DEPT.OTHER")
    assert (finding.severity, finding.stated, finding.recomputed) == ("error", "鲁泉县交通运输局", "鲁泉县文化和旅游局")


def test_the_departments_own_name_in_short_or_long_form_is_silent(library):
    assert findings(shandong("文化和旅游局", "鲁泉县文化和旅游局机关", "鲁泉县文旅局"), library, "DEPT.OTHER") == []
    # a short form of another department is not the department's: 交通运输局 shares only 鲁泉县…局
    assert [f.stated for f in findings(shandong("鲁泉县交通局"), library, "DEPT.OTHER")] == ["鲁泉县交通局"]


# ------------------------------------------------------------------------------- execution on its stated points
def hubei_project(weight: str | None, scheme: str | None = None) -> Evaluation:
    """hubei-project-2023: 68.4 of 72 spent (95.00%), execution stated 20 of 20 points."""
    project = Project(name="困难职工帮扶救助资金", budget=BudgetLine(budget_adjusted=D(72), spent=D("68.4")),
                      indicators=indicators([("数量指标", "帮扶困难职工户次", "≥600户次", "612户次", 10, 10)]),
                      stated_execution_score=D(20), stated_execution_weight=None if weight is None else D(weight))
    return replace(project_evaluation("荆岭县总工会", 2023, project), project_scheme=scheme)


def test_execution_is_scored_on_the_points_the_table_states(library):
    [finding] = findings(hubei_project("20"), library, "EXECUTION")  # the national scheme gives 10
    assert (finding.stated, finding.recomputed) == ("20", "19")
    assert "表中分值 20 分" in finding.message
    [scheme] = findings(hubei_project(None, "hubei-project"), library, "EXECUTION")
    assert (scheme.recomputed, "表中分值" in scheme.message) == ("19", False)
    assert [f.recomputed for f in findings(hubei_project(None), library, "EXECUTION")] == ["9.5"]


# ---------------------------------------------------------------------------------------- the report's own scale
SCALE = [StatedBand(name="优秀", min=D(85)), StatedBand(name="良好", min=D(75)), StatedBand(name="一般", min=D(60)),
         StatedBand(name="较差", min=D(0))]  # 85分（含）以上为优秀，75分（含）至85分为良好 … 60分以下为较差


def graded(score: str, grade: str, scale=SCALE) -> Evaluation:
    return Evaluation(year=2021, department=Department(name="陇西川县民政局"), stated_score=D(score),
                      stated_grade=grade, stated_grade_scale=scale)


def test_a_grade_on_the_reports_own_scale(library):
    # gansu-dept-2021: 84.07 is 良好 on its 85/75/60, not 优秀
    [finding] = findings(graded("84.07", "优秀"), library, "GRADE")
    assert (finding.code, finding.stated, finding.recomputed) == ("GRADE.MISMATCH", "优秀", "良好")
    assert "报告自述的等级标准" in finding.message


def test_a_grade_right_on_the_reports_own_scale_is_silent(library):
    # chongqing-dept-2020: 87.19 graded 优秀 on its own 85/75/60; the default 90/80/60 would call it 良
    assert findings(graded("87.19", "优秀"), library, "GRADE") == []
    # without its scale, 90/80/60 calls it 良, answered in the report's words (it writes 优秀, so 良好)
    assert [f.recomputed for f in findings(graded("87.19", "优秀", []), library, "GRADE")] == ["良好"]


def test_a_grade_is_answered_in_the_reports_own_words(library):
    # liaoning-dept-2021 without the line under its table: 82.41 written 优秀 is 良 on 90/80/60, said as 良好
    [finding] = findings(graded("82.41", "优秀", []), library, "GRADE")
    assert (finding.stated, finding.recomputed) == ("优秀", "良好") and "应为“良好”" in finding.message
    assert findings(graded("92", "优秀", []), library, "GRADE") == []  # 优秀 is the 优 band in those words
    assert [f.recomputed for f in findings(graded("58", "一般", []), library, "GRADE")] == ["较差"]
    assert [f.recomputed for f in findings(graded("93.95", "良", []), library, "GRADE")] == ["优"]  # its own words


def test_a_score_below_every_band_the_report_states_is_not_graded_by_it(library):
    assert findings(graded("59", "合格", SCALE[:3]), library, "GRADE") == []


# ---------------------------------------------------------------------------------------------------- surveys
def test_a_questionnaire_with_more_valid_than_returned_and_answers_above_the_valid(library):
    # yunnan-framework-2023: issued 120, returned 112, valid 115; question 3 answered 80 + 30 + 8 = 118
    counts = [(90, 20, 5), (86, 24, 5), (80, 30, 8)]
    questions = [SurveyQuestion(text=f"第{i}题", options=[
        SurveyOption(label="满意", points=D(10), count=a, satisfied=True),
        SurveyOption(label="基本满意", points=D(5), count=b), SurveyOption(label="不满意", points=D(0), count=c)])
        for i, (a, b, c) in enumerate(counts, 1)]
    survey = Survey(id="s1", title="受益群众满意度调查问卷统计表", issued=120, returned=112, valid=115, questions=questions)
    evaluation = Evaluation(year=2023, department=Department(name="云南某县林业和草原局"), surveys=[survey])
    found = findings(evaluation, library, "SURVEY")
    assert [(f.code, f.stated, f.recomputed) for f in found] == \
        [("SURVEY.COUNTS", "115", "≤ 112"), ("SURVEY.ANSWERS", "118", "≤ 115")]
    assert found[1].location == "surveys[0].questions[2]"


def test_a_survey_stated_without_its_questions_is_not_recomputed_to_zero(library):
    """Yunnan's questionnaire table as read without its questions (dev fixture): 120 issued, 112 returned, 115
    valid, score 85.26. The counts are checked; the score has nothing to be recomputed from."""
    from jixiao.core.build import evaluation_from_data
    from jixiao.core.checks import run_checks
    from jixiao.core.engine import score_evaluation

    evaluation = evaluation_from_data({"year": 2023, "department": {"name": "滇南县林业和草原局"}, "surveys": [
        {"id": "问卷1", "issued": 120, "returned": 112, "valid": 115, "stated_score": "85.26"}]})
    codes = {f.code for f in run_checks(evaluation, library, score_evaluation(evaluation, library))}
    assert "SURVEY.COUNTS" in codes and "SURVEY.SCORE" not in codes


def test_a_projects_sources_of_funds_cannot_add_up_to_more_than_its_total(library):
    """Anhui's one-line table (dev fixture): 年度资金总额 written 0 while 其中本年财政拨款 is 80. Parts below the total are
    not a finding (a blank 上年结转 row is not listed)."""
    from jixiao.core.build import evaluation_from_data
    from jixiao.core.checks import run_checks
    from jixiao.core.engine import score_evaluation

    def project(total: str, parts: list[str]) -> dict:
        return {"name": "镇村公共服务设施建设", "budget": {"budget_initial": total, "budget_adjusted": total, "spent": total},
                "funds": [{"name": "本年财政拨款", "amount": a} for a in parts]}

    def found(total, parts):
        evaluation = evaluation_from_data({"year": 2022, "department": {"name": "江岭县石门湾镇人民政府"},
                                           "projects": [project(total, parts)]})
        return [f for f in run_checks(evaluation, library, score_evaluation(evaluation, library))
                if f.code == "SUM.BUDGET"]

    [finding] = found("0", ["80"])
    assert (finding.stated, finding.recomputed, finding.location) == ("0", "80.00", "projects[0].budget.budget_adjusted")
    assert found("80", ["60"]) == [] and found("80", ["60", "20"]) == []


def test_a_project_table_whose_total_row_is_zero_is_scored_on_its_sources(library):
    """Anhui's one-line table (dev fixture): 年度资金总额 0 / 0 / 0 with 执行率 0.00% and 得分 0, over 本年财政拨款 80 / 80 /
    79.6. Read with `execution` as the sources' sum, execution scores 10 × 79.6 ÷ 80 = 9.95, not 0."""
    from jixiao.core.build import evaluation_from_data
    from jixiao.core.checks import run_checks
    from jixiao.core.engine import score_evaluation

    project = {"name": "乡村公路日常养护补助", "budget": {"budget_initial": "0", "budget_adjusted": "0", "spent": "0"},
               "execution": {"budget_initial": "80", "budget_adjusted": "80", "spent": "79.6"},
               "funds": [{"name": "本年财政拨款", "amount": "80"}], "stated_execution_score": "0",
               "stated_execution_weight": "10", "scheme": "mof-2020-project",
               "indicators": [{"name": "养护农村公路里程", "level1": "output", "level2": "quantity", "target": "≥120公里",
                               "actual": "126公里", "weight": "10", "score": "10"}]}
    evaluation = evaluation_from_data({"year": 2022, "department": {"name": "江岭县石门湾镇人民政府"},
                                       "projects": [project]})
    result = score_evaluation(evaluation, library)
    run = result.projects[0].card.execution
    assert (run.path, run.score) == ("projects[0].execution", D("9.95"))
    [finding] = [f for f in run_checks(evaluation, library, result) if f.code == "EXECUTION.SCORE"]
    assert (finding.stated, finding.recomputed) == ("0", "9.95")


def test_a_row_that_says_its_deviation_has_no_reason_is_quoted(library):
    """guizhou-project-2022.pdf: 培训农村劳动力人数 ≥500人, 420人, 得分 12.6 of 15, 偏差原因 “无”: unexplained, and the
    finding says what the row wrote."""
    rows = indicators([("数量指标", "培训农村劳动力人数", "≥500人", "420人", "15", "12.6")])
    rows[0] = replace(rows[0], deviation_reason="无")
    project = Project(name="农村劳动力转移就业技能培训", indicators=rows,
                      budget=BudgetLine(budget_initial=D(95), budget_adjusted=D(95), spent=D("91.2")))
    [finding] = findings(project_evaluation("黔岭县人力资源和社会保障局", 2022, project), library, "DEVIATION")
    assert (finding.stated, finding.recomputed) == ("无", "完成率 84.00%") and "而本行偏差原因为“无”" in finding.message


def test_a_report_date_the_text_also_states_is_one_date(library):
    """A report dated 2023-03-20 under its signature, read as its report date and kept among the dates it states:
    one date, so one DATE.EARLY when it is early and none when it is not."""
    from jixiao.core.model import StatedDate

    import datetime as dt

    def dated(day: dt.date) -> Evaluation:
        return Evaluation(year=2022, department=Department(name="豫川县市场监督管理局"), report_date=day,
                          stated_dates=[StatedDate(kind="report", date=day, where="第 17 行", text=str(day))])

    assert findings(dated(dt.date(2023, 3, 20)), library, "DATE") == []
    [early] = findings(dated(dt.date(2022, 12, 20)), library, "DATE")
    assert (early.code, early.location, early.where) == ("DATE.EARLY", "stated_dates[0]", "第 17 行")


def test_two_report_dates_are_said_as_the_report_writes_them(library):
    """hunan-dept-2020-pipes-web: 报告日期 2021年3月10日 on the cover, 2021年4月2日 beside the signature."""
    from jixiao.core.model import StatedDate

    import datetime as dt

    evaluation = Evaluation(year=2020, department=Department(name="潇湘县人力资源和社会保障局"), stated_dates=[
        StatedDate(kind="report", date=dt.date(2021, 4, 2), where="第 28 行", text="2021年4月2日"),
        StatedDate(kind="report", date=dt.date(2021, 3, 10), where="第 13 行", text="2021年3月10日")])
    [found] = findings(evaluation, library, "DATE.REPORTS")
    assert (found.stated, found.recomputed, found.where) == ("2021年4月2日", "2021年3月10日", "第 28 行")
    assert "2021年4月2日（第 28 行）、2021年3月10日（第 13 行）" in found.message


def test_a_total_row_that_may_be_blank_asserts_no_error(library):
    # guangdong-project-2024 with its cells run together: 总分 | 100 | (blank) reads "总分100", full marks with the 得分
    # blank or the 得分 with the 分值 blank; the text's 98 is above the table's 97.1 either way — said as a warning
    found = findings(guangdong(["total_unclear"]), library)
    [above] = [f for f in found if f.code == "SCORE.ABOVE_PARTS"]
    assert (above.severity, above.stated, above.recomputed) == ("warning", "98", "97.1")
    assert "分不清总分栏是否空白" in above.message
    assert errors(found) == set()
    below = guangdong(["total_unclear"])
    below = replace(below, projects=replace_in_list(below.projects, 0, stated_score=D("87.5")))
    assert [(f.code, f.severity) for f in findings(below, library) if f.code.startswith("SCORE")] == [
        ("SCORE.SUBTOTAL", "warning")]
