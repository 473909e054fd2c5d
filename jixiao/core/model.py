"""Everything an evaluation holds, with the names of GLOSSARY.md.

Amounts are in 万元 unless a field says 元. Money, rates and weights are Decimal. Targets and actual values are kept
as written (`≥100例`, `明显提高`) and read by `targets.parse_quantity`.

These are msgspec Structs: one declaration gives the fields, their types and validation on load, and decoding a
province's worth of evaluations fast enough to score it in seconds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import msgspec

BudgetCategory = Literal["general_public", "government_fund", "state_capital", "social_insurance_fund"]
Continuity = Literal["continuing", "new"]
Recurrence = Literal["recurring", "multi_year", "one_off"]
Method = Literal[
    "higher_better", "lower_better", "exact", "qualitative", "thresholds", "checklist", "judgement", "survey"
]
Tier = Literal["achieved", "partial", "not_achieved"]
Role = Literal["leader", "member"]
# A place of a form left blank: the 得分 column (indicators and budget execution), the 实际完成值 column, the cell of
# the total score. Only a document read says so: data entered in the web app has no printed form to leave blank.
# total_unclear: the table's total row has one figure, full marks or the score, its other cell left blank (a blank
# cell leaves no trace in text whose cells ran together): whether the 总分 cell is blank is not known
Unfilled = Literal["score", "actual", "total", "total_unclear"]


class _Base(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """gc=False: an evaluation is a tree without reference cycles, so the cycle collector need not track its
    millions of nodes (it would otherwise rescan them again and again while a province loads)."""


# ----------------------------------------------------------------------------------------------- who and when
class StaffCount(_Base, kw_only=True):
    """人员编制 / 实有人数, with its kinds where the document gives them."""

    total: int | None = None
    administrative: int | None = None  # 行政
    institutional: int | None = None  # 事业
    other: int | None = None  # 工勤 and others

    def parts_sum(self) -> int | None:
        """The kinds added up, or None when the document gives none of them."""
        parts = [p for p in (self.administrative, self.institutional, self.other) if p is not None]
        return sum(parts) if parts else None

    def headcount(self) -> int | None:
        """The stated total, else the sum of the kinds."""
        return self.total if self.total is not None else self.parts_sum()


def headcount(count: StaffCount | None) -> int | None:
    return None if count is None else count.headcount()


class Unit(_Base, kw_only=True):
    """A budget unit (预算单位): the department's main unit (本级) or a subordinate unit."""

    name: str
    code: str | None = None
    is_main: bool = False
    staff_authorized: StaffCount | None = None
    staff_actual: StaffCount | None = None
    income: Income | None = None
    budget: Budget | None = None
    three_public_expenses: ThreePublicExpenses | None = None
    fixed_assets: FixedAssets | None = None


class Department(_Base, kw_only=True):
    name: str
    code: str | None = None  # 预算编码
    finance_bureau: str | None = None
    reviewing_section: str | None = None
    duties: str | None = None
    internal_divisions: int | None = None
    staff_authorized: StaffCount | None = None
    staff_actual: StaffCount | None = None
    retirees: int | None = None
    contact: str | None = None
    contact_phone: str | None = None
    preparer: str | None = None
    units: list[Unit] = []


class Member(_Base, kw_only=True):
    """A member of the evaluation group (评价小组)."""

    name: str
    title: str | None = None
    unit: str | None = None
    role: Role = "member"


# ----------------------------------------------------------------------------------------------------- money
class BudgetLine(_Base, kw_only=True):
    """Initial budget, adjusted budget and spending of one line (the whole, basic, personnel, a project …)."""

    budget_initial: Decimal | None = None
    budget_adjusted: Decimal | None = None
    spent: Decimal | None = None
    last_year: Decimal | None = None  # 上年决算数


class Budget(_Base, kw_only=True):
    total: BudgetLine | None = None
    basic_expenditure: BudgetLine | None = None
    personnel_cost: BudgetLine | None = None
    operating_cost: BudgetLine | None = None
    project_expenditure: BudgetLine | None = None
    balance: Decimal | None = None  # 结转结余
    balance_accumulated: Decimal | None = None  # 累计结余


class NamedAmount(_Base, kw_only=True):
    name: str
    amount: Decimal


class FundSource(NamedAmount, kw_only=True):
    """A project's source of funds (其中：本年财政拨款 …): its budget (`amount`) and, when the table prints it, its 执行数."""

    spent: Decimal | None = None


class Income(_Base, kw_only=True):
    """Income by source (决算 收入)."""

    total: Decimal | None = None
    carried_over: Decimal | None = None
    fiscal_appropriation: Decimal | None = None
    general_public: Decimal | None = None
    government_fund: Decimal | None = None
    state_capital: Decimal | None = None
    social_insurance_fund: Decimal | None = None
    superior_subsidy: Decimal | None = None
    service_income: Decimal | None = None
    business_income: Decimal | None = None
    affiliate_remittance: Decimal | None = None
    other_income: Decimal | None = None
    other_items: list[NamedAmount] = []


class ThreePublicLine(_Base, kw_only=True):
    budget: Decimal | None = None
    spent: Decimal | None = None
    last_year: Decimal | None = None


class ThreePublicExpenses(_Base, kw_only=True):
    """三公经费: its four parts, and the total the document states."""

    overseas_travel: ThreePublicLine | None = None
    vehicle_purchase: ThreePublicLine | None = None
    vehicle_operation: ThreePublicLine | None = None
    reception: ThreePublicLine | None = None
    total: ThreePublicLine | None = None


class Procurement(_Base, kw_only=True):
    budget: Decimal | None = None
    spent: Decimal | None = None
    goods: Decimal | None = None
    works: Decimal | None = None
    services: Decimal | None = None


class FixedAssets(_Base, kw_only=True):
    """Fixed assets; `currency_unit` says whether the figures are 万元 or 元 (both are published)."""

    currency_unit: Literal["万元", "元"] = "万元"
    total: Decimal | None = None
    in_use: Decimal | None = None
    leased: Decimal | None = None
    other: Decimal | None = None


class DeclaredTotals(_Base, kw_only=True):
    """Totals a self-evaluation table declares in its header (基本支出总额 / 项目支出总额)."""

    basic_expenditure: Decimal | None = None
    project_expenditure: Decimal | None = None


# --------------------------------------------------------------------------------------- goals and indicators
class Criterion(_Base, kw_only=True):
    """One criterion of a 评分细则: ① … worth `points`; `met` is ticked by the evaluator."""

    text: str
    points: Decimal | None = None
    met: bool | None = None


class Indicator(_Base, kw_only=True):
    """A leaf (三级指标) with its level-1 and level-2 categories."""

    name: str
    level1: str
    level2: str | None = None
    weight: Decimal | None = None  # a table without weights (seed 002's form) cannot be scored, only checked
    target: str | None = None
    actual: str | None = None
    unit_of_measure: str | None = None
    method: Method | None = None  # inferred from the target when not given
    tier: Tier | None = None  # qualitative
    score: Decimal | None = None  # the score the evaluator gave or the document states
    reason: str | None = None  # why, for a judgement score
    criteria: list[Criterion] = []
    formula: str | None = None  # a fact key for `thresholds` (e.g. budget.basic_expenditure.execution_rate)
    rule: str | None = None  # a threshold rule of the scheme
    survey: str | None = None  # a survey id for `survey`
    definition: str | None = None
    data_source: str | None = None
    deviation_reason: str | None = None
    improvement: str | None = None
    code: str | None = None  # the framework's code, e.g. A11


class Goal(_Base, kw_only=True):
    """An annual performance goal (年度目标) of a department, with its weight and indicators; a qualitative goal
    states what was expected (`name`) and what was done (`actual`)."""

    name: str
    actual: str | None = None
    weight: Decimal | None = None
    stated_score: Decimal | None = None
    indicators: list[Indicator] = []


# ---------------------------------------------------------------------------------------------------- surveys
class SurveyOption(_Base, kw_only=True):
    label: str
    points: Decimal
    count: int = 0
    satisfied: bool = False


class SurveyQuestion(_Base, kw_only=True):
    text: str
    options: list[SurveyOption]


class Survey(_Base, kw_only=True):
    id: str
    title: str | None = None
    issued: int | None = None
    returned: int | None = None
    valid: int | None = None
    questions: list[SurveyQuestion] = []
    stated_score: Decimal | None = None


# ------------------------------------------------------------------------------------------------ statements
class Statement(_Base, kw_only=True):
    """A figure a document states, kept so that every figure stated can be checked against the data.

    `fact` is a fact key (see `facts.py`, e.g. `three_public_expenses.reception.change_rate`) or a path into the
    evaluation (`goals[6].indicators[0].actual`). Rates are stated in percent.
    """

    fact: str
    value: Decimal
    unit: str = ""
    where: str = ""
    text: str = ""


class StatedDate(_Base, kw_only=True):
    kind: Literal["report", "as_of", "table", "other"]
    date: dt.date
    where: str = ""
    text: str = ""


class StatedYear(_Base, kw_only=True):
    """A year a title or heading names (`2020年度部门整体支出绩效自评报告`)."""

    year: int
    where: str = ""
    text: str = ""

class StatedPart(_Base, kw_only=True):
    """One part a document lists under a total: 其中：财政拨款 1200 万元 / 年中增加 4 个."""

    label: str
    value: Decimal


class StatedTotal(_Base, kw_only=True):
    """A total a document states together with what it is made of: a sum with its parts ("共完成预算资金 X 万元。
    其中：…"), or a count with its parts ("年初 5 个，年中增加 4 个，共 8 个") or with the items it names ("下属单位
    6 个，即 A、B、C…"). Checked by SUM.PROSE and COUNT.*: the total against its parts or against the items named."""

    kind: Literal["sum", "count"]
    total: Decimal
    unit: str = ""
    subject: str = ""  # what is totalled, in the document's words (预算资金, 下属单位)
    parts: list[StatedPart] = []
    items: list[str] = []  # for a count: the names listed after it
    where: str = ""
    text: str = ""


class StatedBand(_Base, kw_only=True):
    """A grade the document's own scale defines: 优秀 from 85 (得分 ≥ 85 分为优秀)."""

    name: str
    min: Decimal


class StatedName(_Base, kw_only=True):
    """A name the document uses for a body (the department it reports on, a unit), where it used it: a report copied
    from another department's keeps the other's name somewhere (DEPT.OTHER)."""

    name: str
    where: str = ""
    text: str = ""


class StatedWeight(_Base, kw_only=True):
    """The 分值 a table prints in a level-1 label ("A 决策（35分）", "产出指标(50分)"), checked against the weights
    of the indicators under it (WEIGHT.GROUP) where no scheme fixes the groups."""

    group: str  # the label without its weight, as the indicators' level1 holds it
    weight: Decimal
    where: str = ""


class StatedText(_Base, kw_only=True):
    """A piece of text kept as written because it could not be read as what it claims to be, e.g. a date
    "202年3月5日" (DATE.MALFORMED)."""

    text: str
    where: str = ""


class FormText(_Base, kw_only=True):
    """A free-text cell or section of a form as the document filled it in (评价结论, 存在问题, 改进措施 …), kept so that
    a form still holding its printed instructions can be seen for what it is."""

    label: str
    text: str
    where: str = ""



# --------------------------------------------------------------------------------------------------- projects
class Project(_Base, kw_only=True):
    name: str
    code: str | None = None
    implementing_unit: str | None = None
    budget_category: BudgetCategory | None = None
    continuity: Continuity | None = None
    recurrence: Recurrence | None = None
    scheme: str | None = None  # overrides the evaluation's project scheme
    budget: BudgetLine | None = None  # 预算数 is the adjusted budget, 执行数 the spending
    # what execution is scored on when it is not `budget`: a table whose 年度资金总额 row was left 0 or blank under
    # filled sources (其中 rows) has its rate in the sources' sum
    execution: BudgetLine | None = None
    funds: list[FundSource] = []  # 资金来源: 财政拨款, 上年结转, 其他资金 …
    goal: str | None = None  # 年度总体目标
    indicators: list[Indicator] = []
    stated_execution_score: Decimal | None = None
    stated_execution_weight: Decimal | None = None  # the 分值 the table gives budget execution (10, or 20 in Hubei)
    stated_score: Decimal | None = None
    stated_grade: str | None = None
    deviation_reason: str | None = None
    improvement: str | None = None
    problems: str | None = None
    form_texts: list[FormText] = []
    unfilled: list[Unfilled] = []  # what the document's form has a place for and left blank (FORM.UNFILLED)

    def execution_line(self) -> tuple[BudgetLine | None, str]:
        """The line budget execution is measured on (RULES.md §2), and its field: `execution` when the table gives
        one, else the project's budget. The engine, the checks and the projection all read it here."""
        return (self.execution, "execution") if self.execution else (self.budget, "budget")


# ------------------------------------------------------------------------------------------------- evaluation
class Evaluation(_Base, kw_only=True):
    """A department's self-evaluation of one year: its figures, its own scoring and its projects'."""

    year: int
    department: Department
    scheme: str | None = None  # how the department as a whole is scored
    project_scheme: str | None = None  # how its projects are scored unless a project says otherwise
    title: str | None = None
    report_date: dt.date | None = None
    budget: Budget | None = None
    income: Income | None = None
    three_public_expenses: ThreePublicExpenses | None = None
    running_cost: BudgetLine | None = None
    procurement: Procurement | None = None
    fixed_assets: FixedAssets | None = None
    execution: BudgetLine | None = None  # what the self-evaluation table scores execution on; default budget.total
    declared_totals: DeclaredTotals | None = None
    goals: list[Goal] = []
    indicators: list[Indicator] = []  # a framework's leaves, or indicators not grouped in goals
    projects: list[Project] = []
    surveys: list[Survey] = []
    evaluation_group: list[Member] = []
    statements: list[Statement] = []
    stated_years: list[StatedYear] = []
    stated_dates: list[StatedDate] = []
    stated_execution_score: Decimal | None = None
    stated_execution_weight: Decimal | None = None  # the 分值 the department table gives budget execution
    stated_score: Decimal | None = None
    stated_grade: str | None = None
    stated_grade_scale: list[StatedBand] = []  # the scale the report states for itself, used instead of the scheme's
    stated_totals: list[StatedTotal] = []
    form_texts: list[FormText] = []
    unfilled: list[Unfilled] = []  # what the department table has a place for and left blank (FORM.UNFILLED)
    mentioned_departments: list[StatedName] = []  # departments the text names as the one reporting
    stated_group_weights: list[StatedWeight] = []
    malformed_dates: list[StatedText] = []
    deviation_reason: str | None = None
    improvement: str | None = None
    problems: str | None = None
    measures: str | None = None
    report_shape: Literal["S1", "S2", "S3", "S4", "S5"] | None = None  # default: the scheme's
    # read from a report by jixiao, not entered: a qualitative indicator's stated score names the tier the report chose
    read_from_report: bool = False
    # 演示生成: its figures were made up by a demo, not reported (the web writes it into a generated evaluation's data)
    generated: bool = False

    def execution_line(self) -> tuple[BudgetLine | None, str]:
        """The department's line budget execution is measured on (RULES.md §2), and its path: `execution` when the
        table gives one, else the budget's total (`Project.execution_line` for a project)."""
        if self.execution:
            return self.execution, "execution"
        return (self.budget.total if self.budget else None), "budget.total"
