"""The tables of the self-evaluation documents, built from an evaluation and its score cards.

Each function returns one `Table` laid out like the original form (FORMATS.md): merged header cells, totals that
the workbook keeps as formulas, and the figures at full precision. Spans follow HTML: a cell covered by a rowspan
from the row above is left out of the row; formula coordinates are (body row, grid column).
"""

from __future__ import annotations

from decimal import Decimal

from ..labels import BUDGET_CATEGORIES, LEVEL1, LEVEL2
from ..model import Evaluation, Project, ThreePublicLine, headcount
from ..money import HUNDRED, SCORE_PLACES, ZERO, fmt_normalised, fmt_total, round_half_up
from ..results import EvaluationResult, LeafResult, Node, ScoreCard
from ..survey import score_survey
from .model import Cell, RatioOf, SumOf, Table, number, text
from .rounding import shown_gap, total_parts
from .three_public import PARTS as THREE_PUBLIC_PARTS, last_year_comparable, last_year_missing

CONTINUITY = {"continuing": "持续性项目", "new": "新增性项目"}
RECURRENCE = {"recurring": "常年性项目", "multi_year": "延续性项目", "one_off": "一次性项目"}


def _ticks(options: dict[str, str], chosen: str | None) -> str:
    return "  ".join(f"{i}、{label} {'√' if key == chosen else '□'}" for i, (key, label) in enumerate(options.items(), 1))


def _score(leaf: LeafResult) -> Cell:
    cell = number(leaf.score, "score") if leaf.score is not None else text("未计分")
    return _at(cell, f"{leaf.path}.score", leaf.indicator.score, leaf.score)


def _at(cell: Cell, path: str, stored=None, shown=None) -> Cell:
    """The cell as showing the evaluation's value at `path`; a figure the table computes (`shown`) only where it is
    the value stored (`stored`): a score the rule gave where the form stated another is no stored value's place."""
    if stored is shown or (stored is not None and shown is not None and stored == shown):
        cell.path = path
    return cell


def _indicator_row(leaf: LeafResult) -> list[Cell]:
    """一级指标 二级指标 三级指标 指标值 实际完成值 分值 得分 偏差原因, each cell at its indicator's stored value."""
    ind, path = leaf.indicator, leaf.path
    return [_at(text(LEVEL1.get(ind.level1, ind.level1)), f"{path}.level1"),
            _at(text(LEVEL2.get(ind.level2 or "", ind.level2 or "")), f"{path}.level2"),
            _at(text(ind.name), f"{path}.name"), _at(text(ind.target), f"{path}.target"),
            _at(text(ind.actual), f"{path}.actual"), _at(number(leaf.weight, "score"), f"{path}.weight", ind.weight, leaf.weight),
            _score(leaf), _at(text(ind.deviation_reason), f"{path}.deviation_reason")]


def rounding_note(scores, total, total_label: str) -> str:
    """The note Chinese financial tables print under a total computed at full precision from rows shown rounded
    (2 places), only where the rows shown do not add up to the total shown (`rounding.shown_gap`), with both sums: a
    reader adding the column finds the difference explained, and a table that adds up carries no note. `total`: the
    table's total at full precision."""
    gap = shown_gap(scores, total)
    if not gap:
        return ""
    total = round_half_up(total, SCORE_PLACES)
    return (f"注：{total_label} {fmt_total(total)} 分按未经四舍五入的得分计算，各行所列得分之和为 {fmt_total(total - gap)} 分，"
            f"相差 {fmt_total(abs(gap))} 分为四舍五入尾差。")


def subtotal_notes(card: ScoreCard | None) -> list[str]:
    """`rounding_note` for each total a page shows beside parts its reader can add: the card's total against its
    execution score and goal subtotals (rounding.total_parts), each subtotal against its indicators' scores; a
    group named as the reader finds it (年度目标 1), not by its whole goal text. None where the shown parts add up."""
    if card is None:
        return []
    notes = [rounding_note(total_parts(card), card.total, "总分")]
    notes += [rounding_note([leaf.score for leaf in g.leaves()], g.score, g.name.split("：")[0]) for g in card.groups]
    return [note for note in notes if note]


def _card_scores(card: ScoreCard) -> list:
    """The scores a card's total adds up: its execution row's (if any) and its indicators'."""
    execution = [card.execution.score] if card.execution else []
    return execution + [leaf.score for group in card.groups for leaf in group.leaves()]


# ------------------------------------------------------------------------------------------- project table
# What a form's 偏差原因 column gains in a workbook, whose landscape sheet has room the PDF's portrait page has not:
# the PDF's columns, 109 × 1.1 of Excel's units (7 px each, Calibri's digit), print 233 mm wide, and A4 landscape
# has 272 mm within its 0.5 in margins; 18 more fill it. At 14 it held eight characters a line: a reason of a
# sentence or two (seed 003's, set on the indicator it names) made its row five lines or more.
REASON_ROOM = 18


def project_table(result_card: ScoreCard, project: Project, index: int, department: str) -> Table:
    """The project self-evaluation table; the execution row follows the scheme (MoF 10 points, Hubei 20 × rate)."""
    base = f"projects[{index}]"
    scheme = result_card.scheme
    execution = result_card.execution
    weight = scheme.execution.weight if scheme.execution else ZERO
    body: list[list[Cell]] = [
        [text("项目名称", bold=True), _at(text(project.name, colspan=7), f"{base}.name")],
        [text("主管部门", bold=True), _at(text(department, colspan=3), "department.name"), text("项目实施单位", bold=True),
         _at(text(project.implementing_unit or "", colspan=3), f"{base}.implementing_unit")],
        [text("项目类别", bold=True), _at(text(_ticks(BUDGET_CATEGORIES, project.budget_category), colspan=7), f"{base}.budget_category")],
        [text("项目属性", bold=True), _at(text(_ticks(CONTINUITY, project.continuity), colspan=3), f"{base}.continuity"),
         text("项目类型", bold=True), _at(text(_ticks(RECURRENCE, project.recurrence), colspan=3), f"{base}.recurrence")],
        [text("预算执行情况（万元）", bold=True, rowspan=2), text("预算数（A）", bold=True), text("执行数（B）", bold=True),
         text("执行率（B/A）", bold=True), text("分值", bold=True), text(f"得分（{fmt_normalised(weight)} 分 × 执行率）", bold=True, colspan=3)],
    ]
    budget = project.budget
    row = len(body)
    rate = execution.rate * HUNDRED if execution and execution.rate is not None else None
    score = execution.score if execution else None
    if scheme.table_layout == "hubei":
        body.append([
            _at(number(budget.budget_adjusted if budget else None, "wan"), f"{base}.budget.budget_adjusted"),
            _at(number(budget.spent if budget else None, "wan"), f"{base}.budget.spent"),
            number(rate, "percent", formula=RatioOf((row, 2), (row, 1))), number(weight, "score"),
            _at(number(score, "score", colspan=3), f"{base}.stated_execution_score", project.stated_execution_score, score),
        ])  # the first column is covered by the label's rowspan
    else:  # 财预〔2020〕10号: 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分
        body[-1] = [text("预算执行情况（万元）", bold=True, rowspan=2), text("年初预算数", bold=True), text("全年预算数", bold=True),
                    text("全年执行数", bold=True), text("分值", bold=True), text("执行率", bold=True), text("得分", bold=True, colspan=2)]
        body.append([
            _at(number(budget.budget_initial if budget else None, "wan"), f"{base}.budget.budget_initial"),
            _at(number(budget.budget_adjusted if budget else None, "wan"), f"{base}.budget.budget_adjusted"),
            _at(number(budget.spent if budget else None, "wan"), f"{base}.budget.spent"), number(weight, "score"),
            number(rate, "percent", formula=RatioOf((row, 3), (row, 2))),
            _at(number(score, "score", colspan=2), f"{base}.stated_execution_score", project.stated_execution_score, score),
        ])
        body.append([text("年度总体目标", bold=True), _at(text(project.goal or "", colspan=7), f"{base}.goal")])
    score_column = 5 if scheme.table_layout == "hubei" else 6
    body.append([text("年度绩效指标", bold=True, colspan=8)])
    body.append([text(h, bold=True) for h in ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因")])
    first = len(body)
    heading_row = first - 1
    for group in result_card.groups:
        for leaf in group.leaves():
            body.append(_indicator_row(leaf))
    last = len(body) - 1
    score_cells = tuple((r, 6) for r in range(first, last + 1)) + ((row, score_column),)
    weight_cells = tuple((r, 5) for r in range(first, last + 1)) + ((row, 4),)
    tail_row = len(body)
    body.append([text("总分", bold=True, colspan=5), number(result_card.scheme.total_weight, "score", formula=SumOf(weight_cells)),
                 _at(number(result_card.total, "total", formula=SumOf(score_cells)), f"{base}.stated_score",
                     project.stated_score, result_card.total),
                 text(grade_text(result_card))])
    body.append([text("偏差大或目标未完成原因分析", bold=True),
                 _at(text(project.deviation_reason or "无", colspan=7), f"{base}.deviation_reason", project.deviation_reason or "无",
                     project.deviation_reason)])
    body.append([text("改进措施及结果应用方案", bold=True),
                 _at(text(project.improvement or "无", colspan=7), f"{base}.improvement", project.improvement or "无",
                     project.improvement)])
    # 分值 and 得分 as wide as a total of "100.00" in 宋体 9 pt with the padding of a cell in the PDF and in Word; the
    # target and actual columns, for an amount with its unit on one line of the PDF (“2547.2077 万元”, 63 pt at 9 pt);
    # 三级指标, a name of up to 30 characters, 8 a line in Word (4 lines, not 5), taken from 偏差原因, mostly empty and
    # as wide as its heading
    return Table(f"{project.name}项目自评表", [], body, sheet=f"项目{index + 1}",
                 widths=[11, 11, 20, 18, 18, 10, 10, 11], key=f"project-table-{index}", heading_row=heading_row,
                 tail_row=tail_row,
                 sheet_widths=[11, 11, 17, 18, 18, 10, 10, 14 + REASON_ROOM],
                 note=rounding_note(_card_scores(result_card), result_card.total, "总分"))


# ---------------------------------------------------------------------------------------- department goals
def department_goals_table(card: ScoreCard, evaluation: Evaluation) -> Table:
    """The department table of a goals-shaped scheme: execution, then each annual goal with its indicators."""
    execution = card.execution
    weight = card.scheme.execution.weight if card.scheme.execution else ZERO
    body: list[list[Cell]] = [
        [text("单位名称", bold=True), _at(text(evaluation.department.name, colspan=7), "department.name")],
        [text("预算执行情况（万元）", bold=True, rowspan=2), text("预算数（A）", bold=True), text("执行数（B）", bold=True),
         text("执行率（B/A）", bold=True), text(f"得分（{fmt_normalised(weight)} 分 × 执行率）", bold=True, colspan=4)],
    ]
    row = len(body)
    line = execution.path if execution else "execution"
    body.append([_at(number(execution.budget_adjusted if execution else None, "wan"), f"{line}.budget_adjusted"),
                 _at(number(execution.spent if execution else None, "wan"), f"{line}.spent"),
                 number(execution.rate * HUNDRED if execution and execution.rate is not None else None, "percent",
                        formula=RatioOf((row, 2), (row, 1))),
                 _at(number(execution.score if execution else None, "score", colspan=4), "stated_execution_score",
                     evaluation.stated_execution_score, execution.score if execution else None)])
    score_cells: list[tuple[int, int]] = [(row, 4)]
    heading_row = None  # the first goal's indicator headings: every goal's are the same
    for i, group in enumerate(card.groups):
        body.append([text(f"年度目标 {i + 1}（{_points(group.weight)}）", bold=True),
                     _at(text(_goal_text(group.name), colspan=7), f"{group.path}.name")])
        heading_row = len(body) if heading_row is None else heading_row
        body.append([text(h, bold=True) for h in ("一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "分值", "得分", "偏差原因")])
        for leaf in group.leaves():
            body.append(_indicator_row(leaf))
            score_cells.append((len(body) - 1, 6))
    tail_row = len(body)
    body.append([text("总分", bold=True, colspan=6),
                 _at(number(card.total, "total", formula=SumOf(tuple(score_cells))), "stated_score", evaluation.stated_score,
                     card.total),
                 text(grade_text(card))])
    body.append([text("偏差大或目标未完成原因分析", bold=True),
                 _at(text(evaluation.deviation_reason or "无", colspan=7), "deviation_reason", evaluation.deviation_reason or "无",
                     evaluation.deviation_reason)])
    body.append([text("改进措施及结果应用方案", bold=True),
                 _at(text(evaluation.improvement or "无", colspan=7), "improvement", evaluation.improvement or "无",
                     evaluation.improvement)])
    return Table(f"{evaluation.year} 年度部门整体绩效自评表", [], body, sheet="部门整体自评表",
                 # 预算数 column: room for 123456.78; the first, for “年度目标 10” on one line (at 11 its number wrapped
                 # under it, its （15 分） under that), taken from 偏差原因, mostly empty; the target and actual
                 # columns, for an amount with its unit on one line of the PDF (“2547.2077 万元”, 63 pt at 9 pt);
                 # 三级指标, 7 characters a line in Word (6 before), from 分值 and 得分, still as wide as “100.00”
                 widths=[13, 14, 17, 18, 18, 9, 9, 11], key="department-table",
                 sheet_widths=[13, 14, 15, 18, 18, 10, 10, 11 + REASON_ROOM],
                 heading_row=heading_row, tail_row=tail_row,
                 note=rounding_note(_card_scores(card), card.total, "总分"))


def _points(weight: Decimal | None) -> str:
    return "分值未填写" if weight is None else f"{fmt_normalised(weight)} 分"


def grade_text(card: ScoreCard) -> str:
    """The grade as a table or sentence states it, and why there is none."""
    if card.grade is not None:
        return card.grade.name
    return "未评定（分值之和不符）" if card.grade_withheld else "未评定（尚有未计分指标）"


def _goal_text(name: str) -> str:
    return name.split("：", 1)[1] if "：" in name and name.startswith("年度目标") else name


# ------------------------------------------------------------------------------------------------ framework
def framework_table(card: ScoreCard) -> Table:
    header = [[text(h, bold=True) for h in ("一级指标", "二级指标", "三级指标", "指标分值", "得分", "指标解释", "指标评分细则", "数据来源")]]
    body: list[list[Cell]] = []
    score_cells = []
    for top in card.groups:
        for middle in top.children:
            leaves = middle.leaves() if isinstance(middle, Node) else [middle]
            for leaf in leaves:
                ind = leaf.indicator
                criteria = "；".join(f"{c.text}（{_points(c.points)}）" if c.points is not None else c.text for c in ind.criteria)
                body.append([text(f"{top.key} {top.name}（{fmt_normalised(top.weight)}）"),
                             text(f"{middle.key} {middle.name}（{fmt_normalised(middle.weight)}）" if isinstance(middle, Node) else ""),
                             _at(text(f"{ind.code or ''} {ind.name}".strip()), f"{leaf.path}.name"),
                             _at(number(leaf.weight, "score"), f"{leaf.path}.weight", ind.weight, leaf.weight), _score(leaf),
                             _at(text(ind.definition), f"{leaf.path}.definition"), text(criteria or (ind.reason or "")),
                             _at(text(ind.data_source), f"{leaf.path}.data_source")])
                score_cells.append((len(body) - 1, 4))
    weights = tuple((r, 3) for r, _ in score_cells)
    body.append([text("合计", bold=True, colspan=3), number(card.scheme.total_weight, "score", formula=SumOf(weights)),
                 number(card.total, "total", formula=SumOf(tuple(score_cells))), text("", colspan=3)])
    return Table("部门整体支出绩效评价指标体系及评分表", header, body, sheet="评价指标体系",
                 widths=[12, 12, 18, 10, 10, 24, 28, 14], key="framework-table",  # 得分: room for 100.00
                 note=rounding_note([leaf.score for leaf in card.leaves()], card.total, "合计"))


# ---------------------------------------------------------------------------------------- project summary
def project_summary_table(evaluation: Evaluation, result: EvaluationResult) -> Table:
    header = [[text(h, bold=True) for h in ("序号", "主管部门（单位）", "项目名称", "预算金额（调整后，万元）", "自评得分", "自评等级")]]
    body: list[list[Cell]] = []
    for p in result.projects:
        budget = p.project.budget
        unit = p.project.implementing_unit or evaluation.department.name
        row = [number(p.index + 1, "int"), text(unit), text(p.project.name),
               number(budget.budget_adjusted if budget else None, "wan"), number(p.score, "total"), text(p.grade)]
        if p.card is None:  # a project with its own table: its values stand there
            base = f"projects[{p.index}]"
            _at(row[1], f"{base}.implementing_unit", unit, p.project.implementing_unit)
            _at(row[2], f"{base}.name")
            _at(row[3], f"{base}.budget.budget_adjusted")
        body.append(row)
    n = len(body)
    total = sum((p.project.budget.budget_adjusted for p in result.projects
                 if p.project.budget and p.project.budget.budget_adjusted is not None), ZERO)
    body.append([text("合计", bold=True, colspan=3), number(total, "wan", formula=SumOf(tuple((r, 3) for r in range(n)))),
                 text("", colspan=2)])
    counts = "，".join(f"“{grade}” {count} 个" for grade, count in result.grade_counts.items())
    share = result.excellent_share * HUNDRED if result.excellent_share is not None else None
    body.append([text("等级分布", bold=True, colspan=3), text(counts, colspan=3)])
    body.append([text(f"评优率（“{result.excellent_grade}”的项目占比）", bold=True, colspan=3),
                 number(share, "percent", colspan=3)])
    # 主管部门 wide enough for a unit named in 17 characters (…局（本级）) on one line, 项目名称 for 25: narrower, a
    # workbook's rows were made two lines tall for them (Excel's 宋体 wraps them) while LibreOffice printed one line,
    # and a sheet's rows came out unevenly tall
    return Table("项目自评结果", header, body, sheet="项目自评结果", widths=[6, 31, 44, 16, 10, 10], key="project-summary")


# ------------------------------------------------------------------------------------------- money tables
def income_table(evaluation: Evaluation) -> Table | None:
    rows = _unit_rows(evaluation, "income")
    if not rows:
        return None
    parts = (("carried_over", "上年结转"), ("fiscal_appropriation", "财政拨款"), ("general_public", "其中：一般公共预算"),
             ("government_fund", "政府性基金预算"), ("superior_subsidy", "上级补助收入"), ("service_income", "事业收入"),
             ("other_income", "其他收入"))
    header = [[text("机构名称", bold=True, rowspan=2), text("收入合计", bold=True, rowspan=2), text("其中", bold=True, colspan=len(parts))],
              [text(label, bold=True) for _, label in parts]]
    body = [[_at(text(name), name_path), _at(number(income.total, "wan"), f"{path}.total")] +
            [_at(number(getattr(income, key), "wan"), f"{path}.{key}") for key, _ in parts]
            for name, income, path, name_path in rows]
    return Table("年度收入情况（万元）", header, body, sheet="收入", widths=[22] + [12] * (len(parts) + 1), key="income")


def spending_table(evaluation: Evaluation) -> Table | None:
    rows = _unit_rows(evaluation, "budget")
    if not rows:
        return None
    header = [[text("机构名称", bold=True, rowspan=2), text("支出合计", bold=True, rowspan=2), text("基本支出", bold=True, colspan=3),
               text("项目支出", bold=True, rowspan=2), text("结转结余", bold=True, rowspan=2)],
              [text("小计", bold=True), text("人员经费", bold=True), text("公用经费", bold=True)]]
    body = []
    for name, budget, path, name_path in rows:
        r = len(body)
        spent = lambda line: getattr(getattr(budget, line), "spent", None) if getattr(budget, line) else None  # noqa: E731
        body.append([_at(text(name), name_path),
                     _at(number(spent("total"), "wan", formula=SumOf(((r, 2), (r, 5)))), f"{path}.total.spent"),
                     _at(number(spent("basic_expenditure"), "wan", formula=SumOf(((r, 3), (r, 4)))), f"{path}.basic_expenditure.spent"),
                     _at(number(spent("personnel_cost"), "wan"), f"{path}.personnel_cost.spent"),
                     _at(number(spent("operating_cost"), "wan"), f"{path}.operating_cost.spent"),
                     _at(number(spent("project_expenditure"), "wan"), f"{path}.project_expenditure.spent"),
                     _at(number(budget.balance, "wan"), f"{path}.balance")])
    return Table("年度支出和结余情况（万元）", header, body, sheet="支出", widths=[22, 12, 12, 12, 12, 12, 12], key="spending")


def budget_execution_table(evaluation: Evaluation) -> Table | None:
    budget = evaluation.budget
    if budget is None:
        return None
    lines = (("total", "部门整体支出"), ("basic_expenditure", "基本支出"), ("personnel_cost", "其中：人员经费"),
             ("operating_cost", "其中：公用经费"), ("project_expenditure", "项目支出"))
    header = [[text(h, bold=True) for h in ("项目", "年初预算数", "调整后预算数", "决算数", "执行率")]]
    body = []
    for key, label in lines:
        line = getattr(budget, key)
        if line is None:
            continue
        r = len(body)
        rate = line.spent / line.budget_adjusted * HUNDRED if line.spent is not None and line.budget_adjusted else None
        body.append([text(label), _at(number(line.budget_initial, "wan"), f"budget.{key}.budget_initial"),
                     _at(number(line.budget_adjusted, "wan"), f"budget.{key}.budget_adjusted"),
                     _at(number(line.spent, "wan"), f"budget.{key}.spent"),
                     number(rate, "percent", formula=RatioOf((r, 3), (r, 2))) if rate is not None
                     else text("—", align="center")])  # not computed, and says so: a blank reads as forgotten
    # 执行率 = 决算数 ÷ 调整后预算数 (RULES); a statement giving 年初预算 and 决算 only has no rate to show
    unadjusted = any(getattr(budget, key) is not None and getattr(budget, key).budget_adjusted is None for key, _ in lines)
    return Table("预算执行情况（万元）", header, body, sheet="预算执行", widths=[22, 14, 14, 14, 12], key="budget",
                 note="注：未填写调整后预算数，不计算执行率。" if unadjusted else "")


def three_public_table(evaluation: Evaluation) -> Table | None:
    """三公经费 against the budget and against last year's 决算 (上年决算数). Where last year cannot be compared with
    (three_public.last_year_comparable, as the chart and the sentence decide), the table has no columns for it, and
    its note says why: a published table shows no empty or partial comparison."""
    expenses = evaluation.three_public_expenses
    if expenses is None:
        return None
    parts = THREE_PUBLIC_PARTS
    compared = last_year_comparable(expenses)
    header = [[text("项目", bold=True, rowspan=2), text("决算数", bold=True, rowspan=2), text("与年初预算对比", bold=True, colspan=3)]
              + ([text("与上年决算对比", bold=True, colspan=3)] if compared else []),
              [text(h, bold=True) for h in ("预算数", "节约数", "节约比例") + (("上年数", "增减数", "增减比例") if compared else ())]]
    body: list[list[Cell]] = []
    for key, label in parts:
        line = getattr(expenses, key)
        if line is not None:
            body.append(_three_public_row(label, line, len(body), f"three_public_expenses.{key}")[:None if compared else 5])
    n = len(body)
    total = expenses.total or ThreePublicLine(
        budget=_sum([getattr(getattr(expenses, k), "budget", None) for k, _ in parts if getattr(expenses, k)]),
        spent=_sum([getattr(getattr(expenses, k), "spent", None) for k, _ in parts if getattr(expenses, k)]),
        last_year=_sum([getattr(getattr(expenses, k), "last_year", None) for k, _ in parts if getattr(expenses, k)]))
    row = _three_public_row("合计", total, n, "three_public_expenses.total" if expenses.total else "")[:None if compared else 5]
    row[0].bold = True
    for column in (1, 2, 5) if compared else (1, 2):
        row[column].formula = SumOf(tuple((r, column) for r in range(n)))
    body.append(row)
    return Table("“三公”经费支出情况（万元）", header, body, sheet="三公经费",
                 widths=[20, 11, 11, 11, 11, 11, 11, 11][:None if compared else 5], key="three-public",
                 note="" if compared else f"注：本次自评{last_year_missing(expenses)}“三公”经费上年决算数，本表未列与上年决算对比。")


def _three_public_row(label: str, line: ThreePublicLine, r: int, path: str = "") -> list[Cell]:
    saving = line.budget - line.spent if line.budget is not None and line.spent is not None else None
    saving_rate = saving / line.budget * HUNDRED if saving is not None and line.budget else None
    change = line.spent - line.last_year if line.spent is not None and line.last_year is not None else None
    change_rate = change / line.last_year * HUNDRED if change is not None and line.last_year else None
    def at(cell: Cell, field: str) -> Cell:
        return _at(cell, f"{path}.{field}") if path else cell

    return [text(label), at(number(line.spent, "wan"), "spent"), at(number(line.budget, "wan"), "budget"), number(saving, "wan"),
            number(saving_rate, "percent", formula=RatioOf((r, 3), (r, 2)) if saving_rate is not None else None),
            at(number(line.last_year, "wan"), "last_year"), number(change, "wan"),
            number(change_rate, "percent", formula=RatioOf((r, 6), (r, 5)) if change_rate is not None else None)]


def assets_table(evaluation: Evaluation) -> Table | None:
    rows = _unit_rows(evaluation, "fixed_assets")
    if not rows:
        return None
    unit = rows[0][1].currency_unit
    header = [[text(h, bold=True) for h in ("机构名称", "固定资产合计", "在用固定资产", "出租固定资产", "其他")]]
    body = []
    for name, assets, path, name_path in rows:
        r = len(body)
        body.append([_at(text(name), name_path), _at(number(assets.total, "wan", formula=SumOf(((r, 2), (r, 3), (r, 4)))), f"{path}.total"),
                     _at(number(assets.in_use, "wan"), f"{path}.in_use"), _at(number(assets.leased, "wan"), f"{path}.leased"),
                     _at(number(assets.other, "wan"), f"{path}.other")])
    return Table(f"固定资产情况（{unit}）", header, body, sheet="固定资产", widths=[22, 14, 14, 14, 12], key="assets",
                 money_unit=unit)


def staff_table(evaluation: Evaluation) -> Table | None:
    rows = [(u.name, u.staff_authorized, u.staff_actual) for u in evaluation.department.units
            if u.staff_authorized or u.staff_actual]
    dept = evaluation.department
    if dept.staff_authorized or dept.staff_actual:
        rows.insert(0, (dept.name, dept.staff_authorized, dept.staff_actual))
    if not rows:
        return None

    header = [[text(h, bold=True) for h in ("单位", "编制数", "实有人数", "超编（+）/空编（−）")]]
    body = [[text(name), number(headcount(a), "int"), number(headcount(b), "int"),
             number(headcount(b) - headcount(a) if headcount(a) is not None and headcount(b) is not None else None, "int")]
            for name, a, b in rows]
    return Table("人员编制与实有人数（人）", header, body, sheet="人员", widths=[30, 10, 10, 16], key="staff")


def survey_table(evaluation: Evaluation, survey_index: int) -> Table:
    survey = evaluation.surveys[survey_index]
    result = score_survey(survey)
    options = max((len(q.options) for q in survey.questions), default=0)
    header = [[text("题目", bold=True, rowspan=2)] + [text(f"选项 {chr(65 + i)}", bold=True, colspan=2) for i in range(options)] +
              [text("本题得分", bold=True, rowspan=2)],
              [c for _ in range(options) for c in (text("分值", bold=True), text("人数", bold=True))]]
    body = []
    for question in survey.questions:
        row = [text(question.text)]
        for option in question.options:
            row += [number(option.points, "decimal"), number(option.count, "int")]
        row += [Cell() for _ in range((options - len(question.options)) * 2)]
        row.append(number(sum((o.points * o.count for o in question.options), ZERO) / result.valid if result.valid else None, "score"))
        body.append(row)
    body.append([text(f"发放 {survey.issued or '—'} 份，收回 {survey.returned or '—'} 份，有效 {result.valid or '—'} 份", colspan=1 + 2 * options),
                 number(result.score, "score")])
    return Table(f"满意度调查问卷统计（{survey.title or survey.id}）", header, body, sheet=f"调查{survey_index + 1}",
                 widths=[30] + [8] * (2 * options) + [10], key=f"survey-{survey_index}")


def _unit_rows(evaluation: Evaluation, field: str) -> list[tuple[str, object, str, str]]:
    """(name, the figures, their path, the name's path) of each unit with the figures, then the department's."""
    rows = [(u.name, getattr(u, field), f"department.units[{i}].{field}", f"department.units[{i}].name")
            for i, u in enumerate(evaluation.department.units) if getattr(u, field) is not None]
    own = getattr(evaluation, field)
    if own is not None:
        rows.append(("合计", own, field, "") if rows else (evaluation.department.name, own, field, "department.name"))
    return rows


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None
