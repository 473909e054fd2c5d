"""风险评分 (CYCLE.md §4): which submitted self-evaluations, and which of their projects, a finance bureau should
spot-check first. Audit analytics' "control points": each signal is a small pure function registered here by name;
`jixiao/rules/risk.yaml` says which signals count, with what weight and thresholds. A signal that fires adds its
weight; the score is the triggered weight over the weight that could be judged (a signal without the data it needs,
e.g. no earlier spot-check, is "不适用" and counts neither way) × 100. Every point says why, with the figures, whether
it fired or not.

Pure: it reads the core's evaluation, its score cards and findings, and plain history data (`PastYear`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.core.checks import Finding, title_of
from jixiao.core.labels import FIELDS
from jixiao.core.model import Evaluation
from jixiao.core.money import (
    HUNDRED,
    PERCENT_PLACES,
    SCORE_PLACES,
    ZERO,
    fixed,
    fmt_normalised,
    fmt_percent,
    fmt_score,
    fmt_total,
    round_half_up,
)
from jixiao.core.results import EvaluationResult, LeafResult, ScoreCard

EVALUATION, PROJECT = "evaluation", "project"
FIRED, QUIET, NOT_APPLICABLE = "fired", "quiet", "not_applicable"
STATE_LABELS = {FIRED: "触发", QUIET: "未触发", NOT_APPLICABLE: "不适用"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "notice": "提示"}


# ------------------------------------------------------------------------------------------------- the inputs
@dataclass(frozen=True)
class PastYear:
    """What is known of one earlier year of the same department: its evaluation's findings, and — when the bureau
    spot-checked it — the 自评偏差 (self score − bureau score) of its most overrated table and by project name.

    Each table (部门整体, each project) is scored out of its own 100 points, so the evaluation's gap is its largest
    table's, named by `gap_part`, never the tables added up."""

    year: int
    errors: int = 0
    warnings: int = 0
    gap: Decimal | None = None
    project_gaps: Mapping[str, Decimal] = field(default_factory=dict)
    # the same gaps as the spot-check page shows them (sums of its rows' 2-place figures, jixiao.core.cycle.gaps), for
    # the sentence to agree with that page; the rule compares the exact ones above. None / missing: the exact one.
    shown_gap: Decimal | None = None
    project_shown_gaps: Mapping[str, Decimal] = field(default_factory=dict)
    gap_part: str = ""  # the table `gap` is of, as the spot-check page titles it (部门整体, 项目“…”); '' unknown


@dataclass(frozen=True)
class Context:
    evaluation: Evaluation
    result: EvaluationResult
    findings: Sequence[Finding]
    history: Sequence[PastYear] = ()


@dataclass(frozen=True)
class Subject:
    """What a risk score is about: the evaluation as a whole, or one of its projects."""

    kind: str  # EVALUATION or PROJECT
    name: str
    path: str  # '' for the evaluation, projects[i] for a project
    cards: tuple[ScoreCard, ...]  # the score cards it covers (the evaluation: the department's and every project's)
    main: ScoreCard | None  # the card whose budget execution and grade speak for it
    grade: str | None  # the grade claimed: computed, else stated
    findings: tuple[Finding, ...]
    texts: Mapping[str, str | None]  # 存在问题, 偏差原因, 改进措施 … as written

    def leaves(self) -> list[LeafResult]:
        return [leaf for card in self.cards for leaf in card.leaves()]


def subjects_of(context: Context) -> list[Subject]:
    """The evaluation first, then each project."""
    evaluation, result = context.evaluation, context.result
    department = result.department
    cards = tuple(([department] if department else []) + [p.card for p in result.projects if p.card])
    grade = department.grade.name if department and department.grade else evaluation.stated_grade
    subjects = [Subject(EVALUATION, evaluation.department.name, "", cards, department, grade,
                        tuple(context.findings), _texts(evaluation))]
    for project in result.projects:
        path = f"projects[{project.index}]"
        findings = tuple(f for f in context.findings if f.location == path or f.location.startswith(path + "."))
        subjects.append(Subject(PROJECT, project.project.name, path, (project.card,) if project.card else (),
                                project.card, project.grade, findings, _texts(project.project)))
    return subjects


TEXT_FIELDS = ("problems", "deviation_reason", "improvement")


def _texts(owner) -> dict[str, str | None]:
    return {name: getattr(owner, name, None) for name in TEXT_FIELDS}


# ------------------------------------------------------------------------------------------------ the registry
@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # count | number | severity | codes | fields | words | grades | caps | bool
    label: str  # Chinese, for error messages
    default: Any = None  # None: required


@dataclass(frozen=True)
class Verdict:
    state: str  # FIRED, QUIET or NOT_APPLICABLE
    reason: str  # Chinese, with the figures


SignalFunction = Callable[[Subject, Context, Mapping[str, Any]], Verdict]


@dataclass(frozen=True)
class SignalSpec:
    name: str
    title: str
    subjects: frozenset[str]
    params: tuple[Param, ...]
    function: SignalFunction


SIGNALS: dict[str, SignalSpec] = {}
BOTH = frozenset({EVALUATION, PROJECT})


def signal(name: str, title: str, params: Sequence[Param] = (), subjects: frozenset[str] = BOTH):
    def register(function: SignalFunction) -> SignalFunction:
        if name in SIGNALS:
            raise ValueError(f"signal {name} registered twice")
        SIGNALS[name] = SignalSpec(name, title, subjects, tuple(params), function)
        return function

    return register


def fired(reason: str) -> Verdict:
    return Verdict(FIRED, reason)


def quiet(reason: str) -> Verdict:
    return Verdict(QUIET, reason)


def not_applicable(reason: str) -> Verdict:
    return Verdict(NOT_APPLICABLE, reason)


def when(condition: bool, reason: str) -> Verdict:
    return Verdict(FIRED if condition else QUIET, reason)


def _names(items: Sequence[str], most: int = 3, unit: str = "项") -> str:
    return _listed([f"“{item}”" for item in items], most, unit)


def _listed(items: Sequence[str], most: int = 3, unit: str = "项") -> str:
    shown = "、".join(items[:most])
    return shown + (f"等 {len(items)} {unit}" if len(items) > most else "")


# ---------------------------------------------------------------------------------------------------- signals
def _counted(findings: Sequence[Finding]) -> str:
    """How many findings of each check, the check named as the findings pages name it (never its code)."""
    by_title: dict[str, int] = {}
    for finding in findings:
        title = title_of(finding.code)
        by_title[title] = by_title.get(title, 0) + 1
    return "、".join(f"“{title}” {n} 个" for title, n in sorted(by_title.items(), key=lambda kv: (-kv[1], kv[0])))


@signal("findings", "检查发现", [Param("severity", "severity", "级别"), Param("min_count", "count", "个数下限")])
def findings_of_severity(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    severity, least = params["severity"], params["min_count"]
    found = [f for f in subject.findings if f.severity == severity]
    label = SEVERITY_LABELS[severity]
    detail = f"（{_counted(found)}）" if found else ""
    return when(len(found) >= least, f"{label} {len(found)} 个{detail}，达到 {least} 个即触发")


def family_of(code: str) -> str:
    return code.split(".", 1)[0]


@signal("check_family", "某类检查发现", [Param("families", "codes", "检查类别"), Param("min_count", "count", "个数下限"),
                                    Param("severity", "any_severity", "级别", default="any")])
def findings_of_family(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    families, least, severity = params["families"], params["min_count"], params["severity"]
    found = [f for f in subject.findings if (family_of(f.code) in families or f.code in families)
             and severity in ("any", f.severity)]
    which = "、".join(f"“{title_of(family)}”" for family in families)
    level = "" if severity == "any" else SEVERITY_LABELS[severity]
    several = len({title_of(f.code) for f in found}) > 1  # one check's count is the total: not said twice
    detail = f"（{_counted(found)}）" if several else ""
    return when(len(found) >= least, f"检查{which}的{level}发现 {len(found)} 个{detail}，达到 {least} 个即触发")


@signal("full_marks", "全部满分", [Param("min_indicators", "count", "指标数下限")])
def full_marks(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    scored = [leaf for leaf in subject.leaves() if leaf.score is not None]
    if not scored:
        return not_applicable("没有已评分的指标")
    least = params["min_indicators"]
    below = [leaf for leaf in scored if leaf.score < leaf.weight]
    total, weight = sum((leaf.score for leaf in scored), ZERO), sum((leaf.weight for leaf in scored), ZERO)
    if below:
        first = below[0]
        return quiet(f"{len(scored)} 项已评分指标中 {len(below)} 项未得满分（如{_named(subject, first)}"
                     f"{fmt_score(first.score)}/{fmt_score(first.weight)} 分）")
    if len(scored) < least:
        return quiet(f"{len(scored)} 项指标均得满分，但少于 {least} 项不判断")
    return fired(f"{len(scored)} 项已评分指标全部得满分（合计 {fmt_total(total)}/{fmt_score(weight)} 分）")


def _named(subject: Subject, leaf: LeafResult) -> str:
    """An indicator as an example names it. On the evaluation, whose it is: its projects' indicators often share a
    name (“项目成本控制” in most of them), and two examples of the same name must be told apart. On a project, its
    own name is the subject's, shown above the points."""
    name = f"“{leaf.indicator.name}”"
    if subject.kind != EVALUATION:
        return name
    if leaf.path.startswith("goals["):  # goals may share a name too: which goal
        return f"年度目标 {int(leaf.path[6:leaf.path.index(']')]) + 1} 的{name}"
    if not leaf.path.startswith("projects["):
        return f"部门整体的{name}"
    part = leaf.path.split(".", 1)[0]
    owner = next((card.subject for card in subject.cards if card.path == part), None)
    return f"项目“{owner}”的{name}" if owner else name


def _indicator_share(card: ScoreCard) -> tuple[Decimal, Decimal, Decimal] | None:
    scored = [leaf for leaf in card.leaves() if leaf.score is not None]
    weight = sum((leaf.weight for leaf in scored), ZERO)
    if not scored or weight <= 0:
        return None
    score = sum((leaf.score for leaf in scored), ZERO)
    return score / weight, score, weight


def _execution_rate(subject: Subject) -> Decimal | None:
    card = subject.main
    if card is None or card.execution is None or card.execution.rate is None:
        return None
    return card.execution.rate


@signal("completion_ahead_of_spending", "完成度超前于资金执行", [Param("margin", "number", "百分点")])
def completion_ahead_of_spending(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    """CYCLE §2: the indicators' score share (the completion claimed) against the budget execution rate."""
    rate = _execution_rate(subject)
    share = _indicator_share(subject.main) if subject.main else None
    if rate is None or share is None:
        return not_applicable("没有预算执行率或指标得分")
    ratio, score, weight = share
    spent = min(rate, Decimal(1))
    # Whether the point fires is decided on the exact figures (RULES.md §8: compute at full precision, round once
    # when showing): the rule is about what the department claimed and spent, not about how the sentence rounds
    # them, and deciding on the shown figures would let the rounding move a subject across the margin (5.004 points
    # ahead is more than 5 and fires, though it reads 5.00). Only within a hundredth of the margin can the sentence's
    # figures and the verdict seem to disagree.
    ahead = (ratio - spent) * HUNDRED
    margin = params["margin"]
    capped = "（按 100% 计）" if rate > spent else ""  # what is compared, so that the difference shown is its own
    shown_score, shown_ratio = _shown_share(score, weight, ratio)
    return when(ahead > margin, f"指标得分率 {fmt_percent(shown_ratio)}（{fmt_total(shown_score)}/{fmt_score(weight)} 分），"
                                f"预算执行率 {fmt_percent(rate)}{capped}，{_points_apart(shown_ratio, spent)}；"
                                f"高出超过 {fmt_normalised(margin)} 个百分点即触发")


def _shown_share(score: Decimal, weight: Decimal, exact: Decimal) -> tuple[Decimal, Decimal]:
    """The points and the rate as the sentence shows them: the points rounded once to 2 places, and the rate those
    points give over the weight, so that a reader dividing the figures shown finds the rate shown (75.18/80 is
    93.975%, shown 93.98%, where the exact 75.1775/80 would read 93.97%)."""
    shown_score, shown_weight = round_half_up(score, SCORE_PLACES), round_half_up(weight, SCORE_PLACES)
    return shown_score, (shown_score / shown_weight if shown_weight else exact)


def _points_apart(ratio: Decimal, spent: Decimal) -> str:
    """How far the score rate is above or below the execution rate, as the sentence shows the two: each rounded once
    to 2 places, then subtracted, so that 92.54% and 93.44% read as 0.90 apart, not the 0.89 of the exact rates.
    Said in words ("得分率低 0.90 个百分点"), not as a signed difference."""
    difference = round_half_up(ratio * HUNDRED, PERCENT_PLACES) - round_half_up(spent * HUNDRED, PERCENT_PLACES)
    if difference == 0:
        return "两者持平"
    return f"得分率{'高' if difference > 0 else '低'} {fixed(abs(difference), PERCENT_PLACES)} 个百分点"


@signal("grade_above_execution", "等级高于执行率所能支持", [Param("order", "grades", "等级次序"),
                                                     Param("caps", "caps", "执行率上限")])
def grade_above_execution(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    rate, grade = _execution_rate(subject), subject.grade
    order: list[str] = params["order"]
    rank = _grade_rank(grade, order)
    if rate is None or rank is None:
        return not_applicable("没有预算执行率或可比较的等级")
    points = rate * HUNDRED
    caps = [cap for cap in params["caps"] if points < cap["below"]]
    if not caps:
        return quiet(f"预算执行率 {fmt_percent(rate)}，不受等级上限约束；自评等级“{grade}”")
    cap = min(caps, key=lambda c: c["below"])
    allowed = order.index(cap["highest"])
    return when(rank > allowed, f"预算执行率 {fmt_percent(rate)}，低于 {fmt_normalised(cap['below'])}% 时等级最高为"
                                f"“{cap['highest']}”，自评等级“{grade}”")


def _grade_rank(grade: str | None, order: list[str]) -> int | None:
    """The place of a grade (优秀, 良好, A …) in the rule's order, low to high: the highest name it contains."""
    if not grade:
        return None
    found = [i for i, name in enumerate(order) if name in grade]
    return max(found) if found else None


def _quantitative(subject: Subject) -> list[LeafResult]:
    return [leaf for leaf in subject.leaves() if leaf.completion is not None and leaf.actual is not None
            and leaf.target is not None]


@signal("targets_met_exactly", "完成值恰好等于目标值", [Param("min_count", "count", "个数下限"),
                                                 Param("min_share", "number", "占比下限（%）"),
                                                 Param("include_percent", "bool", "计入百分比指标", default=False)])
def targets_met_exactly(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    leaves = [leaf for leaf in _quantitative(subject) if params["include_percent"] or not leaf.target.is_percent]
    if not leaves:
        return not_applicable("没有填写完成值的定量指标")
    exact = [leaf for leaf in leaves if leaf.completion == 1]
    share = Decimal(len(exact)) / len(leaves)
    example = "，如" + _listed([f"{_named(subject, leaf)}（目标 {leaf.indicator.target}、完成 {leaf.indicator.actual}）"
                               for leaf in exact], 2) if exact else ""
    condition = len(exact) >= params["min_count"] and share * HUNDRED >= params["min_share"]
    return when(condition, f"{len(leaves)} 项定量指标中 {len(exact)} 项完成值恰好等于目标值（{fmt_percent(share)}）"
                           f"{example}；达到 {params['min_count']} 项且占 {fmt_normalised(params['min_share'])}% 即触发")


@signal("round_actuals", "完成值多为整数", [Param("multiple_of", "positive", "整数倍"), Param("min_count", "count", "个数下限"),
                                      Param("min_share", "number", "占比下限（%）")])
def round_actuals(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    leaves = [leaf for leaf in _quantitative(subject) if not leaf.actual.is_percent]
    if not leaves:
        return not_applicable("没有填写完成值的定量指标（百分比除外）")
    step = params["multiple_of"]
    found = [leaf for leaf in leaves if leaf.actual.value != 0 and leaf.actual.value % step == 0]
    share = Decimal(len(found)) / len(leaves)
    example = "，如" + _listed([f"{_named(subject, leaf)}{leaf.indicator.actual}" for leaf in found], 2) if found else ""
    condition = len(found) >= params["min_count"] and share * HUNDRED >= params["min_share"]
    return when(condition, f"{len(leaves)} 项定量完成值中 {len(found)} 项是 {fmt_normalised(step)} 的整数倍"
                           f"（{fmt_percent(share)}）{example}；达到 {params['min_count']} 项且占 "
                           f"{fmt_normalised(params['min_share'])}% 即触发")


_SPACE = re.compile(r"\s+")


def _same_text_groups(evaluation: Evaluation, fields: list[str], shortest: int) -> dict[tuple[str, str], list[int]]:
    """(field, text) → the projects that wrote exactly that text, for texts of at least `shortest` characters."""
    groups: dict[tuple[str, str], list[int]] = {}
    for index, project in enumerate(evaluation.projects):
        for name in fields:
            text = _SPACE.sub("", getattr(project, name, None) or "")
            if len(text) >= shortest:
                groups.setdefault((name, text), []).append(index)
    return groups


@signal("pasted_text", "多个项目文字雷同", [Param("fields", "fields", "文字字段"), Param("min_length", "count", "最短字数"),
                                      Param("min_projects", "count", "项目数下限")])
def pasted_text(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    projects = context.evaluation.projects
    least = params["min_projects"]
    if len(projects) < least:
        return not_applicable(f"只有 {len(projects)} 个项目")
    groups = _same_text_groups(context.evaluation, params["fields"], params["min_length"])
    shared = {key: members for key, members in groups.items() if len(members) >= least}
    if subject.kind == PROJECT:
        mine = int(subject.path[len("projects["):-1])
        shared = {key: members for key, members in shared.items() if mine in members}
    if not shared:
        return quiet(f"没有 {params['min_length']} 字以上的同一段文字出现在 {least} 个及以上项目中")
    (name, text), members = max(shared.items(), key=lambda kv: len(kv[1]))
    quoted = text if len(text) <= 30 else text[:30] + "…"
    return fired(f"{FIELDS.get(name, name)}“{quoted}”一字不差地出现在 {len(members)} 个项目中"
                 f"（{_names([projects[i].name for i in members], unit='个')}）；{least} 个及以上即触发")


@signal("no_problems_stated", "未写存在问题", [Param("fields", "fields", "文字字段"), Param("nothing", "words", "视同未写的词")])
def no_problems_stated(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    texts = {name: subject.texts.get(name) for name in params["fields"]}
    if subject.kind == PROJECT and subject.main is None and not any(texts.values()):
        return not_applicable("该项目只列出得分，没有自评表")
    nothing = {_bare(word) for word in params["nothing"]}
    said = [name for name, text in texts.items() if text and _bare(text) not in nothing]
    described = "；".join(f"{FIELDS.get(name, name)}{'“' + text.strip()[:20] + '”' if text else '未填写'}"
                         for name, text in texts.items())
    if said:
        return quiet(f"{'、'.join(FIELDS.get(n, n) for n in said)}有内容")
    return fired(f"{described}：没有说明任何问题")


_PUNCTUATION = re.compile(r"[\s。．.，,；;！!、：:]+")


def _bare(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def _window(context: Context, years: int) -> list[PastYear]:
    year = context.evaluation.year
    return sorted((p for p in context.history if year - years <= p.year < year), key=lambda p: p.year)


@signal("past_findings", "往年检查发现", [Param("years", "count", "回看年数"), Param("severity", "severity", "级别"),
                                    Param("min_count", "count", "个数下限")], frozenset({EVALUATION}))
def past_findings(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    past = _window(context, params["years"])
    if not past:
        return not_applicable(f"近 {params['years']} 年没有该部门的自评")
    attribute = {"error": "errors", "warning": "warnings"}[params["severity"]]
    label = SEVERITY_LABELS[params["severity"]]
    counts = "、".join(f"{p.year} 年度{label} {getattr(p, attribute)} 个" for p in past)
    hit = [p for p in past if getattr(p, attribute) >= params["min_count"]]
    return when(bool(hit), f"{counts}；任一年达到 {params['min_count']} 个即触发")


@signal("past_gaps", "往年抽查自评偏差大", [Param("years", "count", "回看年数"), Param("min_gap", "number", "偏差下限（分）")])
def past_gaps(subject: Subject, context: Context, params: Mapping[str, Any]) -> Verdict:
    """A positive gap: the department scored itself above what the bureau found."""
    past = _window(context, params["years"])
    gaps = [_past_gap(p, subject) for p in past]
    gaps = [(year, part, gap, shown) for year, part, gap, shown in gaps if gap is not None]
    if not gaps:
        return not_applicable(f"近 {params['years']} 年没有财政抽查复核")
    least = params["min_gap"]
    listed = "、".join(f"{year} 年度{part}自评比复核{'高' if shown >= 0 else '低'} {fmt_total(abs(shown))} 分"
                      for year, part, _, shown in gaps)
    # decided on the exact gaps (RULES.md §8), said with the figures the spot-check page shows
    return when(any(gap >= least for _, _, gap, _ in gaps), f"{listed}；高出 {fmt_normalised(least)} 分及以上即触发")


def _past_gap(past: PastYear, subject: Subject) -> tuple[int, str, Decimal | None, Decimal | None]:
    """(year, the table named when it is not the subject's own, exact gap, gap as shown) of the subject in an earlier
    year: for the evaluation, its most overrated table's (`PastYear.gap_part`)."""
    if subject.kind == EVALUATION:
        gap, shown, part = past.gap, past.shown_gap, past.gap_part
    else:
        gap, shown, part = past.project_gaps.get(subject.name), past.project_shown_gaps.get(subject.name), ""
    return past.year, part, gap, gap if shown is None else shown


# ------------------------------------------------------------------------------------------------------ scores
@dataclass(frozen=True)
class SignalRule:
    id: str
    signal: str
    title: str
    weight: Decimal
    params: Mapping[str, Any]


@dataclass(frozen=True)
class RiskRules:
    signals: tuple[SignalRule, ...]


@dataclass(frozen=True)
class Point:
    rule: SignalRule
    verdict: Verdict

    @property
    def fired(self) -> bool:
        return self.verdict.state == FIRED

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.verdict.state]

    @property
    def shown_weight(self) -> str:
        return fmt_normalised(self.rule.weight)


@dataclass(frozen=True)
class RiskScore:
    subject: Subject
    points: tuple[Point, ...]

    @property
    def triggered_weight(self) -> Decimal:
        return sum((p.rule.weight for p in self.points if p.fired), ZERO)

    @property
    def possible_weight(self) -> Decimal:
        return sum((p.rule.weight for p in self.points if p.verdict.state != NOT_APPLICABLE), ZERO)

    @property
    def score(self) -> Decimal | None:
        """Triggered weight ÷ possible weight × 100; None when no signal could be judged."""
        possible = self.possible_weight
        return None if possible == 0 else self.triggered_weight / possible * HUNDRED

    @property
    def fired_points(self) -> list[Point]:
        return [p for p in self.points if p.fired]

    def explanation(self) -> str:
        if self.score is None:
            return "没有可判断的风险信号"
        return (f"触发权重 {fmt_normalised(self.triggered_weight)} ÷ 可判断权重 {fmt_normalised(self.possible_weight)}"
                f" × 100 = {fmt_total(self.score)}")

    @property
    def shown(self) -> str:
        return fmt_total(self.score)

    def summary(self) -> str:
        """The score and the control points that fired, in one line: what a reviewer cites when sampling on risk."""
        if self.score is None:
            return "没有可判断的风险信号"
        fired = "、".join(p.rule.title for p in self.fired_points)
        return f"风险分 {self.shown}，" + (f"触发控制点：{fired}" if fired else "未触发控制点")


def score_subject(subject: Subject, context: Context, rules: RiskRules) -> RiskScore:
    points = []
    for rule in rules.signals:
        spec = SIGNALS[rule.signal]
        if subject.kind in spec.subjects:
            points.append(Point(rule, spec.function(subject, context, rule.params)))
    return RiskScore(subject, tuple(points))


def assess(context: Context, rules: RiskRules) -> tuple[RiskScore, list[RiskScore]]:
    """The evaluation's risk score, and its projects' from the highest down (unjudged last, table order kept)."""
    subjects = subjects_of(context)
    whole = score_subject(subjects[0], context, rules)
    projects = [score_subject(s, context, rules) for s in subjects[1:]]
    projects.sort(key=lambda r: (r.score is None, -(r.score or ZERO)))
    return whole, projects


def rank_key(score: RiskScore) -> tuple:
    """Highest risk first; unjudged last."""
    return (score.score is None, -(score.score or ZERO))

