"""The five shapes real self-evaluation reports take (FORMATS.md S1–S5), built from an evaluation, its score cards
and its findings. What goes into each shape is here; how it looks in Word, Excel or PDF is in `jixiao.io`."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from ..checks import Finding, title_of
from ..labels import LEVEL1, LEVEL2, SEVERITIES
from ..locations import describe
from ..model import Evaluation
from ..money import ZERO, fmt_percent, fmt_score, fmt_total
from ..phrasing import shorten
from ..results import EvaluationResult, Node
from . import narrative as N
from . import tables as T
from .model import Chart, Cover, PageBreak, Paragraph, Report, Section, Signature, Table
from .rounding import TAIL_NOTE, groups_tail, parts_tail
from .three_public import last_year_comparable

SHAPES = {
    "S1": "县级部门整体绩效自评报告（附项目自评结果表）",
    "S2": "部门整体支出绩效自评报告（叙述式）",
    "S3": "部门（单位）整体支出绩效评价自评表及报告",
    "S4": "部门决算及绩效自评表",
    "S5": "部门整体支出绩效评价报告（含评价指标体系）",
}


def default_shape(evaluation: Evaluation, result: EvaluationResult) -> str:
    if evaluation.report_shape:
        return evaluation.report_shape
    card = result.department
    if card is not None and card.scheme.report_shape:
        return card.scheme.report_shape
    return "S1" if evaluation.projects else "S3"


def build_report(evaluation: Evaluation, result: EvaluationResult, findings: list[Finding] | None = None,
                 shape: str | None = None, with_findings: bool = False) -> Report:
    shape = shape or default_shape(evaluation, result)
    builder: Callable[[Evaluation, EvaluationResult], Report] = BUILDERS[shape]
    report = builder(evaluation, result)
    # figures numbered as the document shows them (图 1, 图 2 …): a shape shows some charts, not all, in its own order
    for number, chart in enumerate((block for block in report.walk() if isinstance(block, Chart)), 1):
        chart.title = numbered_figure(number, chart.title)
    report.tables = [block for block in report.walk() if isinstance(block, Table)]
    if with_findings and findings is not None:
        report.annexes.append(findings_annex(findings))
        report.tables.append(report.annexes[-1].blocks[-1])  # type: ignore[arg-type]
    return report


def workbook_tables(evaluation: Evaluation, result: EvaluationResult, findings: list[Finding] | None = None) -> list[Table]:
    """Every table the evaluation has, whatever the shape: the workbook is also the import template."""
    tables = _department_table(evaluation, result)
    if evaluation.projects:
        tables.append(T.project_summary_table(evaluation, result))
    tables += _project_tables(evaluation, result) + _money_tables(evaluation)
    tables += [T.survey_table(evaluation, i) for i in range(len(evaluation.surveys))]
    if findings:
        tables.append(findings_annex(findings).blocks[-1])  # type: ignore[arg-type]
    return tables


# --------------------------------------------------------------------------------------------- shared parts
def _title(evaluation: Evaluation, what: str) -> str:
    """The evaluation's own title when it names a report; a report is not titled as the table the evaluation was
    read from (a trial's 自评报告 was headed “…绩效自评表”, the title of seed 003's table): then the report's name."""
    if evaluation.title and "报告" in evaluation.title:
        return evaluation.title
    return f"{evaluation.department.name}{evaluation.year}年度{what}"


def _projects_total(evaluation: Evaluation) -> Decimal | None:
    values = [p.budget.budget_adjusted for p in evaluation.projects if p.budget and p.budget.budget_adjusted is not None]
    return sum(values, ZERO) if values else None


def _numbered(index: int, name: str) -> str:
    """“1. 为满足……”, but “年度目标 1：为满足……” as it is: not “1. 年度目标 1：”."""
    return name if name.startswith("年度目标") else f"{index + 1}. {name}"


def _paragraphs(*texts: str | None) -> list[Paragraph]:
    """One paragraph per line a preparer typed: a text of three numbered measures printed as one run-on line."""
    return [Paragraph(line.strip()) for t in texts if t for line in t.splitlines() if line.strip()]


NOTHING = frozenset({"无", "无。", "无."})


def _said(*texts: str | None) -> list[Paragraph]:
    """The texts that say something: a "无" beside another text is left out (a report printed "无" and then the
    problems it went on to describe); [] when none says anything."""
    return _paragraphs(*(t for t in texts if t and t.strip() not in NOTHING))


def _missing(evaluation: Evaluation, what: str, blocks: list) -> list:
    """The blocks of a part, or where it has none the sentence that says the department did not fill it in: no
    heading over nothing, no empty table (trial 13)."""
    return blocks or [Paragraph(N.missing_sentence(evaluation.year, what))]


def _staff_sentences(evaluation: Evaluation) -> list[Paragraph]:
    """The staffing of each unit; the department's own where its units have none; else that none was filled in."""
    units = [u for u in evaluation.department.units if u.staff_authorized or u.staff_actual]
    if not units:
        return _missing(evaluation, "人员编制", _department_staff(evaluation))
    parts = []
    for unit in units:
        authorized = unit.staff_authorized.total if unit.staff_authorized else None
        actual = unit.staff_actual.total if unit.staff_actual else None
        if actual is None and unit.staff_actual:
            actual = sum(p for p in (unit.staff_actual.administrative, unit.staff_actual.institutional,
                                     unit.staff_actual.other) if p is not None)
        bits = ([f"编制 {authorized} 人"] if authorized is not None else []) + ([f"在职人员 {actual} 人"] if actual is not None else [])
        parts.append(f"{unit.name}{'，'.join(bits)}")
    return [Paragraph(f"纳入本次自评的预算单位 {len(evaluation.department.units)} 个：{'；'.join(parts)}。")]


def _department_staff(evaluation: Evaluation) -> list[Paragraph]:
    dept = evaluation.department
    authorized = dept.staff_authorized.total if dept.staff_authorized else None
    actual = dept.staff_actual.total if dept.staff_actual else None
    bits = ([f"编制 {authorized} 人"] if authorized is not None else []) + \
        ([f"在职人员 {actual} 人"] if actual is not None else [])
    return [Paragraph(f"{dept.name}{'，'.join(bits)}。")] if bits else []


def numbered_figure(number: int, title: str) -> str:
    return f"图 {number} {title}"


def charts_for(evaluation: Evaluation, result: EvaluationResult) -> list[Chart]:
    """The charts of an evaluation (change on last year, income and spending structure, 三公, scores)."""
    charts: list[Chart] = []
    budget = evaluation.budget
    if budget and budget.total and budget.total.spent is not None and budget.total.last_year is not None:
        charts.append(Chart("bars", "支出决算总计变动情况", [f"{evaluation.year - 1} 年", f"{evaluation.year} 年"],
                            [("支出合计", [budget.total.last_year, budget.total.spent])], key="change"))
    if parts := N.income_sources(evaluation):  # the sources the section's sentence states (N.income_sentence)
        charts.append(Chart("pie", "收入决算结构", [p[0] for p in parts], [("收入", [p[1] for p in parts])], key="income"))
    if budget:
        parts = [(label, getattr(budget, key).spent) for key, label in (
            ("personnel_cost", "人员经费"), ("operating_cost", "公用经费"), ("project_expenditure", "项目支出"))
            if getattr(budget, key) is not None and getattr(budget, key).spent]
        if len(parts) >= 2:
            charts.append(Chart("pie", "支出决算结构", [p[0] for p in parts], [("支出", [p[1] for p in parts])], key="spending"))
    expenses = evaluation.three_public_expenses
    if expenses:
        names = (("overseas_travel", "因公出国（境）"), ("vehicle_purchase", "公务用车购置"),
                 ("vehicle_operation", "公务用车运行"), ("reception", "公务接待"))
        lines = [(label, getattr(expenses, key)) for key, label in names if getattr(expenses, key) is not None]
        series = [(name, [getattr(line, attr) or ZERO for _, line in lines]) for attr, name in (
            ("budget", "预算数"), ("spent", "决算数"), ("last_year", "上年数"))
            if any(getattr(line, attr) is not None for _, line in lines)
            and (attr != "last_year" or last_year_comparable(expenses))]  # as the table and the sentence compare
        if lines and series:  # the title names what the bars compare: no 上年 where last year is not compared
            words = [{"预算数": "预算", "决算数": "决算", "上年数": "上年"}[name] for name, _ in series]
            compared = f"{'、'.join(words[:-1])}与{words[-1]}对比" if len(words) > 1 else words[0]
            charts.append(Chart("grouped_bars", f"“三公”经费{compared}", [l for l, _ in lines], series, key="three-public"))
    card = result.department
    if card is not None and card.groups:
        labels = [f"目标 {i + 1}" if group.name.startswith("年度目标") else shorten(group.name, 8)
                  for i, group in enumerate(card.groups)]
        if card.execution is not None:
            labels.insert(0, "预算执行")
        weights = [g.weight if g.weight is not None else g.leaf_weight for g in card.groups]
        scores = [g.score for g in card.groups]
        if card.execution is not None:
            weights.insert(0, card.execution.weight)
            scores.insert(0, card.execution.score or ZERO)
        charts.append(Chart("grouped_bars", "各部分得分", labels, [("分值", weights), ("得分", scores)], unit="分", key="scores",
                            figures="score"))
        level2: dict[str, list[Decimal]] = {}
        for group in card.groups:
            for child in group.children:
                if isinstance(child, Node):
                    level2.setdefault(child.name, [ZERO, ZERO])
                    level2[child.name][0] += child.weight or child.leaf_weight
                    level2[child.name][1] += child.score
        if level2:
            charts.append(Chart("hbars", "二级指标得分", list(level2), [("分值", [v[0] for v in level2.values()]),
                                                                        ("得分", [v[1] for v in level2.values()])], unit="分", key="level2",
                                figures="score"))
    return charts


def _money_tables(evaluation: Evaluation) -> list[Table]:
    return [t for t in (T.budget_execution_table(evaluation), T.income_table(evaluation), T.spending_table(evaluation),
                        T.three_public_table(evaluation), T.assets_table(evaluation), T.staff_table(evaluation)) if t]


def _project_tables(evaluation: Evaluation, result: EvaluationResult) -> list[Table]:
    return [T.project_table(p.card, p.project, p.index, evaluation.department.name) for p in result.projects if p.card]


def _department_table(evaluation: Evaluation, result: EvaluationResult) -> list[Table]:
    card = result.department
    if card is None:
        return []
    return [T.framework_table(card) if card.scheme.framework else T.department_goals_table(card, evaluation)]


def _conclusion(evaluation: Evaluation, result: EvaluationResult, heading: str, level: int = 1) -> Section:
    section = Section(heading, level)
    section.add(Paragraph(N.score_sentence(result.department, evaluation.stated_score, evaluation.stated_grade)))
    card = result.department
    if card is not None:
        for group in card.groups:
            weight = group.weight if group.weight is not None else group.leaf_weight
            section.add(Paragraph(f"{group.name}：分值 {fmt_score(weight)} 分，得 {fmt_score(group.score)} 分。"))
        # the subtotals stated here beside the indicators of the table above (12.35 beside 1.41 + … = 12.34), or
        # beside the total; the table notes its own total against its rows
        if parts_tail(card) or groups_tail(card):
            section.add(Paragraph(TAIL_NOTE, style="note"))
    return section


def _problems(evaluation: Evaluation, level: int, numbers: tuple[str, str]) -> list[Section]:
    return [
        Section(numbers[0], level).add(*_paragraphs(evaluation.problems or evaluation.deviation_reason or "无")),
        Section(numbers[1], level).add(*_paragraphs(evaluation.measures or evaluation.improvement or "无")),
    ]


def _group_signature(evaluation: Evaluation) -> Signature:
    rows = [[m.name, m.title or "", m.unit or "", "组长" if m.role == "leader" else "成员", ""] for m in evaluation.evaluation_group]
    return Signature("评价小组", [["姓名", "职务/职称", "单位", "角色", "签字"]] + (rows or [["", "", "", "", ""]] * 3))


WORD_BREAK = "\u200b"  # where a long code may break in a narrow column: after . and _ (MEASURE. / ACTUAL_ / BOUND)


def _breakable(code: str) -> str:
    return code.replace(".", "." + WORD_BREAK).replace("_", "_" + WORD_BREAK)


def findings_annex(findings: list[Finding]) -> Section:
    # the check in words for readers, its code on a line of its own for people who cite it (in brackets after the
    # words it was broken mid-code, "（STAFF.OVE" / "R）"); the place as a reader finds it
    header = [[T.text(h, bold=True) for h in ("序号", "严重程度", "检查内容", "位置", "问题", "所列", "重算/应为")]]
    body = [[T.number(i + 1, "int"), T.text(SEVERITIES[f.severity]), T.text(f"{title_of(f.code)}\n{_breakable(f.code)}"),
             T.text(f"{f.subject} {f.where or describe(f.location)}".strip()),
             T.text(f.message), T.text(f.stated), T.text(f.recomputed)] for i, f in enumerate(findings)]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    section = Section("附件：审核发现", 1)
    section.add(Paragraph(f"共 {counts['error']} 个错误、{counts['warning']} 个警告、{counts['notice']} 个提示。"))
    # 所列 and 重算/应为 wide enough for an amount such as 25387.76 on one line (a figure broken after
    # 25388.9 reads as two numbers); 严重程度 for 错误/警告/提示 on one line
    section.add(Table("审核发现", header, body, sheet="审核发现", widths=[5, 8, 23, 20, 37, 14, 14], key="findings"))
    return section


# ------------------------------------------------------------------------------------------------------ S1
def shape_s1(evaluation: Evaluation, result: EvaluationResult) -> Report:
    report = Report("S1", _title(evaluation, "部门整体绩效自评工作报告"), evaluation.department.name)
    budget = evaluation.budget
    one = Section("一、绩效自评工作组织开展情况", 1)
    money = Section("（一）部门预算安排及资金分配拨付使用情况", 2).add(*_missing(evaluation, "预算执行", _paragraphs(
        N.budget_sentence(evaluation.year, "本部门（含所属预算单位）整体", budget.total if budget else None),
        N.budget_sentence(evaluation.year, f"部门（含所属预算单位）项目支出共计 {len(evaluation.projects)} 个，"
                          if evaluation.projects else "部门项目支出", budget.project_expenditure if budget else None))))
    organised = Section("（二）绩效自评开展情况", 2).add(*_staff_sentences(evaluation))
    projects = Section("1. 项目支出自评", 3).add(*_missing(evaluation, "项目自评", _paragraphs(
        N.projects_sentence(result, _projects_total(evaluation)))))
    if evaluation.projects:
        projects.add(T.project_summary_table(evaluation, result))
    organised.add(projects, Section("2. 部门整体绩效自评结果", 3).add(
        Paragraph(N.score_sentence(result.department, evaluation.stated_score, evaluation.stated_grade))))
    one.add(money, organised)
    two = Section("二、绩效目标实现情况", 1)
    goals = Section("（一）部门整体支出绩效目标实现情况", 2)
    for goal in evaluation.goals:
        goals.add(Paragraph(f"{goal.name}{('：' + goal.actual) if goal.actual else ''}"))
    if result.department is not None:
        goals.add(*[Paragraph(t) for t in N.indicator_sentence(result.department)])
    goals.blocks = _missing(evaluation, "绩效目标", goals.blocks)
    two.add(goals)
    project_goals = Section("（二）项目支出绩效目标完成情况", 2)
    for p in result.projects:
        if p.card is not None:
            project_goals.add(Paragraph(f"{p.project.name}：" + "；".join(
                f"{leaf.indicator.name}{leaf.indicator.actual or ''}" for leaf in p.card.leaves()) + "。"))
    project_goals.blocks = _missing(evaluation, "项目绩效目标", project_goals.blocks)
    two.add(project_goals)
    three = Section("三、绩效目标设定质量情况", 1).add(*_said(evaluation.deviation_reason, evaluation.problems)
                                                   or [Paragraph("无。")])
    four = Section("四、整改措施及结果应用", 1).add(*_paragraphs(evaluation.measures or evaluation.improvement or "无。",
                                                          "根据要求，绩效自评结果在政府网站公开。"))
    report.sections = [one, two, three, four]
    report.signed = evaluation.department.name
    report.date = f"{evaluation.report_date:%Y年%-m月%-d日}" if evaluation.report_date else ""
    return report


# ------------------------------------------------------------------------------------------------------ S2
def shape_s2(evaluation: Evaluation, result: EvaluationResult) -> Report:
    report = Report("S2", _title(evaluation, "部门整体支出绩效自评报告"), evaluation.department.name)
    budget = evaluation.budget
    money = _paragraphs(N.budget_sentence(evaluation.year, "本部门", budget.total if budget else None),
                        N.spending_structure_sentence(evaluation)) + _money_tables(evaluation)
    basic = Section("一、基本情况", 1).add(*_paragraphs(evaluation.department.duties),
                                      *_missing(evaluation, "预算执行", money))
    goals = Section("二、预期目标", 1).add(*_missing(evaluation, "绩效目标", [
        Paragraph(_numbered(i, g.name)) for i, g in enumerate(evaluation.goals)]))
    organised = Section("三、自评组织与实施", 1).add(Paragraph("按照财政部门的要求，成立评价小组，经前期准备、组织实施、分析评价三个阶段完成自评。"))
    execution = Section("四、项目执行情况", 1)
    parts = [("投入与过程", _paragraphs(N.projects_sentence(result, _projects_total(evaluation)))),
             ("产出与效果", [Paragraph(t) for t in N.indicator_sentence(result.department)] if result.department else [])]
    # a part with nothing to say gets no heading: it would stand over nothing but the charts that follow
    for number, (title, blocks) in zip("一二", [(t, b) for t, b in parts if b]):
        execution.add(Section(f"（{number}）{title}", 2).add(*blocks))
    execution.add(*charts_for(evaluation, result))
    execution.blocks = _missing(evaluation, "项目执行", execution.blocks)
    conclusion = _conclusion(evaluation, result, "五、评价结论")
    problems, measures = _problems(evaluation, 1, ("六、存在的问题", "七、改进措施"))
    group = Section("八、评价小组", 1).add(_group_signature(evaluation))
    report.sections = [basic, goals, organised, execution, conclusion, problems, measures, group]
    report.signed = evaluation.department.name
    return report


# ------------------------------------------------------------------------------------------------------ S3
def shape_s3(evaluation: Evaluation, result: EvaluationResult) -> Report:
    dept = evaluation.department
    report = Report("S3", _title(evaluation, "部门（单位）整体支出绩效评价自评报告"))
    report.cover = Cover(report.title, [
        ("部门（单位）名称", dept.name), ("预算编码", dept.code or ""), ("评价方式", "部门（单位）绩效自评"),
        ("评价机构", "部门（单位）评价组"),
        ("报告日期", f"{evaluation.report_date:%Y年%-m月%-d日}" if evaluation.report_date else "    年  月  日")],
        issuer=f"{dept.finance_bureau}（制）" if dept.finance_bureau else "")
    authorized = dept.staff_authorized.total if dept.staff_authorized else None
    actual = dept.staff_actual.total if dept.staff_actual else None
    facts = Table("部门（单位）基本概况", [], [
        [T.text("联系人", bold=True), T.text(dept.contact), T.text("联络电话", bold=True), T.text(dept.contact_phone)],
        [T.text("人员编制", bold=True), T.number(authorized, "int"), T.text("实有人数", bold=True), T.number(actual, "int")],
        [T.text("职能职责概述", bold=True), T.text(dept.duties, colspan=3)],
    ], sheet="基本概况", widths=[16, 30, 16, 30], key="profile")
    one = Section("一、部门（单位）基本概况", 1).add(facts)
    two = Section("二、部门（单位）收支情况", 1).add(*_missing(evaluation, "收支决算", _money_tables(evaluation)))
    three = Section("三、部门（单位）整体支出绩效自评情况", 1)
    qualitative = [g for g in evaluation.goals if not g.indicators]
    if qualitative:
        three.add(Table("整体支出绩效定性目标及实施计划完成情况", [[T.text("预期目标", bold=True), T.text("实际完成", bold=True)]],
                        [[T.text(g.name), T.text(g.actual)] for g in qualitative], sheet="定性目标", widths=[30, 60], key="qualitative-goals"))
    quantitative = [i for g in evaluation.goals for i in g.indicators]
    if quantitative:
        three.add(Table("整体支出绩效定量目标及实施计划完成情况",
                        [[T.text(h, bold=True) for h in ("评价内容", "二级指标", "绩效目标", "完成情况")]],
                        [[T.text(LEVEL1.get(i.level1, i.level1)), T.text(LEVEL2.get(i.level2 or "", i.level2 or "")),
                          T.text(i.name), T.text(i.actual)] for i in quantitative],
                        sheet="定量目标", widths=[14, 14, 30, 50], key="quantitative-goals"))
    three.add(*_department_table(evaluation, result))
    card = result.department
    score = card.total if card is not None and card.total is not None else evaluation.stated_score
    grade = card.grade.name if card is not None and card.grade else (evaluation.stated_grade or "")
    three.add(Table("自评结果", [], [[T.text("绩效自评综合得分", bold=True), T.number(score, "total")],
                                    [T.text("评价等次", bold=True), T.text(grade)]], sheet="自评结果", widths=[30, 30], key="result"))
    four = Section("四、评价人员", 1).add(_group_signature(evaluation))
    opinions = Section("意见", 1).add(
        Signature("评价组组长（签字）", closing="年    月    日"),
        Signature("部门（单位）意见：部门（单位）负责人（签章）", closing="年    月    日"),
        Signature("财政部门归口业务科室意见：财政部门归口业务科室负责人（签章）", closing="年    月    日"))
    narrative = Section(f"{dept.name}{evaluation.year}年度部门整体支出绩效自评报告", 1)
    budget = evaluation.budget
    narrative.add(Section("一、部门概况", 2).add(*_paragraphs(dept.duties), *_staff_sentences(evaluation)),
                  Section("二、部门整体支出资金使用情况", 2).add(*_missing(evaluation, "预算执行", _paragraphs(
                      N.budget_sentence(evaluation.year, "本部门", budget.total if budget else None),
                      N.spending_structure_sentence(evaluation), N.three_public_sentence(evaluation)))),
                  Section("三、部门整体支出绩效情况", 2).add(*_missing(evaluation, "绩效目标完成", [
                      *([Paragraph(t) for t in N.indicator_sentence(card)] if card else []),
                      *[Paragraph(f"{g.name}：{g.actual}") for g in qualitative if g.actual]])),
                  *_problems(evaluation, 2, ("四、存在的问题", "五、改进措施")))
    report.sections = [one, two, three, four, opinions, _page_break(), narrative]
    report.signed = dept.name
    report.date = f"{evaluation.report_date:%Y年%-m月%-d日}" if evaluation.report_date else ""
    return report


def _page_break() -> Section:
    return Section("", 0, [PageBreak()])


# ------------------------------------------------------------------------------------------------------ S4
def shape_s4(evaluation: Evaluation, result: EvaluationResult) -> Report:
    dept = evaluation.department
    report = Report("S4", f"{dept.name}{evaluation.year}年度部门决算及绩效自评")
    budget = evaluation.budget
    one = Section("第一部分 部门概况", 1).add(
        Section("一、部门主要职责", 2).add(*_paragraphs(dept.duties or "（见部门“三定”方案）")),
        Section("二、机构设置情况", 2).add(*_missing(evaluation, "预算单位", [
            Paragraph(f"纳入{evaluation.year}年度部门决算编制范围的预算单位包括：" +
                      "；".join(f"{i + 1}、{u.name}" for i, u in enumerate(dept.units)) + "。")]
            if dept.units else [])))
    two = Section("第二部分 部门决算表", 1).add(*_missing(evaluation, "部门决算", _money_tables(evaluation)))
    charts = charts_for(evaluation, result)
    three = Section("第三部分 部门决算情况说明", 1).add(
        Section("一、收入支出决算总体情况说明", 2).add(*_missing(evaluation, "支出决算", _paragraphs(
            N.budget_sentence(evaluation.year, "本部门支出", budget.total if budget else None)) +
            [c for c in charts if c.key == "change"])),
        Section("二、收入决算情况说明", 2).add(Paragraph(N.income_sentence(evaluation)),
                                       *[c for c in charts if c.key == "income"]),
        Section("三、支出决算情况说明", 2).add(*_missing(evaluation, "支出决算", _paragraphs(
            N.spending_structure_sentence(evaluation)) + [c for c in charts if c.key == "spending"])),
        Section("四、“三公”经费支出决算情况说明", 2).add(*_missing(evaluation, "“三公”经费", _paragraphs(
            N.three_public_sentence(evaluation)) + [c for c in charts if c.key == "three-public"])),
        Section("五、预算绩效情况说明", 2).add(*_missing(evaluation, "项目自评", _paragraphs(
            N.projects_sentence(result, _projects_total(evaluation))) +
            [Paragraph(_project_sentence(p)) for p in result.projects])))
    annex = Section("第四部分 附件", 1)
    annex.add(Section(f"一、{evaluation.year} 年度部门整体绩效自评表", 2).add(*_missing(
        evaluation, "部门整体绩效指标", [
        *_department_table(evaluation, result), *[c for c in charts if c.key in ("scores", "level2")]])))
    annex.add(_conclusion(evaluation, result, f"二、{evaluation.year} 年度部门整体绩效自评报告", 2))
    annex.blocks[-1].add(*_problems(evaluation, 3, ("（一）存在的问题和原因", "（二）下一步拟改进措施")))  # type: ignore[union-attr]
    annex.add(Section(f"三、{evaluation.year} 年度项目绩效自评表", 2).add(*_missing(evaluation, "项目绩效自评",
                                                                               _project_tables(evaluation, result))))
    report.sections = [one, two, three, annex]
    return report


def _project_sentence(p) -> str:
    budget = p.project.budget
    if budget is None or budget.budget_adjusted is None:
        return f"{p.index + 1}、{p.project.name}。"
    # a rate as rates read everywhere (2 places: 100.00%), the project's 综合得分 as a total (92.70)
    done = budget.spent / budget.budget_adjusted if budget.spent is not None and budget.budget_adjusted else None
    rate = f"，完成预算 {fmt_percent(done)}" if done is not None else ""
    spent = f"，执行数为 {N.wan(budget.spent)} 万元" if budget.spent is not None else ""
    score = f"，自评 {fmt_total(p.score)} 分（{p.grade}）" if p.score is not None else ""
    return f"{p.index + 1}、{p.project.name}：项目全年预算数为 {N.wan(budget.budget_adjusted)} 万元{spent}{rate}{score}。"


# ------------------------------------------------------------------------------------------------------ S5
def shape_s5(evaluation: Evaluation, result: EvaluationResult) -> Report:
    dept = evaluation.department
    report = Report("S5", _title(evaluation, "部门整体支出绩效评价报告"))
    report.cover = Cover(report.title, [("评价对象", f"{dept.name}{evaluation.year}年度部门整体支出"),
                                        ("委托单位", dept.finance_bureau or ""), ("评价单位", f"{dept.name}评价小组"),
                                        ("报告时间", f"{evaluation.report_date:%Y年%-m月}" if evaluation.report_date else "")])
    budget = evaluation.budget
    card = result.department
    overview = Section("一、部门概况", 1).add(
        Section("（一）机构设置及人员情况", 2).add(*_staff_sentences(evaluation), *[t for t in [T.staff_table(evaluation)] if t]),
        Section("（二）部门职责", 2).add(*_paragraphs(dept.duties or "（见部门“三定”方案）")),
        Section("（三）资金投入和使用情况", 2).add(*_missing(evaluation, "预算执行", _paragraphs(
            N.budget_sentence(evaluation.year, "本部门", budget.total if budget else None),
            N.spending_structure_sentence(evaluation), N.three_public_sentence(evaluation)) + _money_tables(evaluation))))
    goals = Section("二、绩效目标", 1).add(*[Paragraph(_numbered(i, g.name)) for i, g in enumerate(evaluation.goals)] or
                                      [Paragraph("见部门绩效目标申报表。")])
    approach = Section("三、评价思路、目的与依据", 1).add(Paragraph(
        f"评价对象为{dept.name}{evaluation.year}年度部门整体支出，评价期间为 {evaluation.year} 年 1 月 1 日至 12 月 31 日。"
        + (f"评价依据“{card.scheme.name}”（{card.scheme.source}）。" if card else "")))
    conclusion = _conclusion(evaluation, result, "四、评价结论及分析")
    if card is not None:
        conclusion.add(*[c for c in charts_for(evaluation, result) if c.key in ("scores", "level2")])
    experience = Section("五、主要经验及做法", 1).add(*_paragraphs(evaluation.improvement or "无。"))
    problems, measures = _problems(evaluation, 1, ("六、存在的问题及原因", "七、有关建议"))
    annexes = Section("附件", 1)
    if card is not None:
        annexes.add(Section("附件 1 评价指标体系及评分表", 2).add(*_department_table(evaluation, result)))
    for i, _ in enumerate(evaluation.surveys):
        annexes.add(Section(f"附件 {i + 2} 满意度调查问卷统计", 2).add(T.survey_table(evaluation, i)))
    annexes.add(Section("评价小组", 2).add(_group_signature(evaluation)))
    report.sections = [overview, goals, approach, conclusion, experience, problems, measures, annexes]
    report.signed = f"{dept.name}评价小组"
    return report


BUILDERS: dict[str, Callable[[Evaluation, EvaluationResult], Report]] = {
    "S1": shape_s1, "S2": shape_s2, "S3": shape_s3, "S4": shape_s4, "S5": shape_s5}
