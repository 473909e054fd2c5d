"""Results applied (结果应用, CYCLE.md §5): next year's budget suggestions (预算安排建议) from an evaluation's grades,
by a bureau's rules, and the state of a rectification notice (整改通知) against its deadline.

Pure: the rules arrive as data (`rules_from_data`, read by `jixiao.io.rule_files.load_rules`), the grades and scores
as the core scored them. Amounts are Decimal at full precision; they are rounded only where they are shown (`fmt_wan`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from jixiao.core.errors import InputError, Problem
from jixiao.core.model import BudgetLine
from jixiao.core.model import Evaluation as CoreEvaluation
from jixiao.core.money import HUNDRED, UNIT_APART, ZERO, fixed, fmt_normalised, fmt_plain, fmt_total, fmt_wan, wan_from_yuan
from jixiao.core.results import EvaluationResult

from .reviewed import Counted

# action → (Chinese name, whether the budget may grow, shrink, or is stopped)
ACTIONS = {
    "priority": "优先保障",
    "as_needed": "按需安排",
    "reduce": "压减预算",
    "cancel": "取消",
    "suspend": "暂停",
}
STOPPING = frozenset({"cancel", "suspend"})  # next year's amount is 0 whatever the base
NOT_REDUCING = frozenset({"priority", "as_needed"})
UNGRADED_ACTION = "review"
UNGRADED_LABEL = "人工研究"
# The department as a whole is never cancelled or cut by its grade: cancelling and cutting apply to projects, so its
# line is the sum of its projects' suggestions (CYCLE.md §5).
SUM_ACTION = "projects"
SUM_LABEL = "按项目汇总"
DEPARTMENT_KEY = "department"


@dataclass(frozen=True)
class GradeRule:
    path: str  # where in the rule file, e.g. grades[2]: kept for the audit and the tooltip, not in the reason
    grade: str
    words: tuple[str, ...]  # other names of the grade (优秀, A): a scale that writes grades otherwise is matched
    action: str
    percent: Decimal | None  # change of next year's budget, in percent of this year's (-10 = 10% less)
    amount: Decimal | None  # or a change in 万元

    @property
    def label(self) -> str:
        return ACTIONS[self.action]

    def matches(self, grade: str) -> bool:
        return grade == self.grade or grade in self.words

    def describe(self) -> str:
        """The rule as its reason cites it: 中：压减预算 10%."""
        if self.action in STOPPING or self.percent == 0 or self.amount == 0:
            return f"{self.grade}：{self.label}"
        if self.percent is not None:
            change = f"{'+' if self.percent > 0 else ''}{fmt_normalised(self.percent)}%"
        else:
            assert self.amount is not None
            change = f"{'+' if self.amount > 0 else ''}{fmt_normalised(self.amount)} 万元"
        return f"{self.grade}：{self.label}，{change}"

    def wording(self) -> str:
        """What the rule does, as a reason says it: 优先保障; 压减预算 10%; 按需安排，增加 2.5 万元."""
        if self.action in STOPPING or self.percent == 0 or self.amount == 0:
            return self.label
        change = self.percent if self.percent is not None else self.amount
        assert change is not None
        size = f"{fmt_normalised(abs(change))}{'%' if self.percent is not None else ' 万元'}"
        if self.action == "reduce":
            return f"{self.label} {size}"
        return f"{self.label}，{'增加' if change > 0 else '减少'} {size}"


@dataclass(frozen=True)
class ResultRules:
    source: str
    name: str
    grades: tuple[GradeRule, ...]
    continuing: tuple[GradeRule, ...]  # for continuing projects (延续项目): these take the place of `grades`

    def rule_for(self, grade: str | None, continuing: bool = False) -> GradeRule | None:
        if not grade:
            return None
        if continuing:
            for rule in self.continuing:
                if rule.matches(grade):
                    return rule
        return next((rule for rule in self.grades if rule.matches(grade)), None)


# ------------------------------------------------------------------------------------------------ the rule file
_TOP_KEYS = {"id", "name", "source", "grades", "continuing"}
_RULE_KEYS = {"grade", "words", "action", "percent", "amount"}


def rules_from_data(data: Any, source: str = "") -> ResultRules:
    """The rules of a result-application file, or InputError naming every rule that cannot be used."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise InputError([Problem("", "应为键值表（grades、continuing …）")], source)
    problems += [Problem(key, "不认识的字段（可用：grades、continuing、name、source、id）") for key in data
                 if key not in _TOP_KEYS]
    grades = _rule_list(data, "grades", problems, required=True)
    continuing = _rule_list(data, "continuing", problems, required=False)
    _check_names(grades, "grades", problems)
    known = {name for rule in grades for name in (rule.grade, *rule.words)}
    for rule in continuing:
        if rule.grade not in known:
            problems.append(Problem(f"{rule.path}.grade", f"等级“{rule.grade}”不在 grades 中"))
    if problems:
        raise InputError(problems, source)
    return ResultRules(source, str(data.get("name") or ""), tuple(grades), tuple(continuing))


def _rule_list(data: dict, key: str, problems: list[Problem], required: bool) -> list[GradeRule]:
    items = data.get(key)
    if items is None and not required:
        return []
    if not isinstance(items, list) or not items:
        problems.append(Problem(key, "应为非空列表，每项一个等级的规则"))
        return []
    rules = []
    for n, item in enumerate(items):
        rule = _rule(item, f"{key}[{n}]", problems)
        if rule is not None:
            rules.append(rule)
    return rules


def _rule(item: Any, path: str, problems: list[Problem]) -> GradeRule | None:
    if not isinstance(item, dict):
        problems.append(Problem(path, "应为键值表（grade、action、percent 或 amount）"))
        return None
    before = len(problems)
    problems += [Problem(f"{path}.{k}", "不认识的字段（可用：grade、words、action、percent、amount）")
                 for k in item if k not in _RULE_KEYS]
    grade = item.get("grade")
    if not isinstance(grade, str) or not grade.strip():
        problems.append(Problem(f"{path}.grade", "缺少等级名称（如 优、良、中、差）"))
    words = item.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        problems.append(Problem(f"{path}.words", "应为等级别名的列表（如 [优秀, A]）"))
        words = []
    action = item.get("action")
    if action not in ACTIONS:
        choices = "、".join(f"{k}（{v}）" for k, v in ACTIONS.items())
        problems.append(Problem(f"{path}.action", f"不认识的处理方式“{action}”（可选：{choices}）"))
    percent, amount = _change(item, path, action, problems)
    if len(problems) > before:
        return None
    return GradeRule(path, grade.strip(), tuple(w.strip() for w in words), action, percent, amount)


def _change(item: dict, path: str, action: Any, problems: list[Problem]) -> tuple[Decimal | None, Decimal | None]:
    """The percent or amount of a rule, checked against its action: a reduction lowers, priority never does."""
    percent, amount = _number(item.get("percent")), _number(item.get("amount"))
    for key, value in (("percent", percent), ("amount", amount)):
        if value is False:
            problems.append(Problem(f"{path}.{key}", "应为数字"))
            return None, None
    if action in STOPPING:
        if amount is not None or percent not in (None, Decimal(-100)):
            problems.append(Problem(f"{path}.percent", "取消或暂停的下年预算为 0：不写 percent/amount，或写 percent: -100"))
        return Decimal(-100), None
    if (percent is None) == (amount is None):
        problems.append(Problem(path, "应写 percent（按本年预算的百分比增减）或 amount（增减的万元数），二者只写一个"))
        return None, None
    key, value = ("percent", percent) if percent is not None else ("amount", amount)
    if percent is not None and not Decimal(-100) <= percent <= HUNDRED:
        problems.append(Problem(f"{path}.percent", "应在 -100 到 100 之间"))
    elif action == "reduce" and value >= 0:
        problems.append(Problem(f"{path}.{key}", "压减预算应为负数（如 -10 表示压减 10%）"))
    elif action in NOT_REDUCING and value < 0:
        problems.append(Problem(f"{path}.{key}", f"{ACTIONS[action]}不应减少预算：应为 0 或正数"))
    return percent, amount


def _number(value: Any) -> Decimal | None | bool:
    """A number of the file as a Decimal, None when absent, False when it is not a finite number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return False
    number = Decimal(value)
    return number if number.is_finite() else False


def _check_names(rules: list[GradeRule], key: str, problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for rule in rules:
        for name in (rule.grade, *rule.words):
            if name in seen:
                problems.append(Problem(f"{rule.path}.grade", f"等级名“{name}”已在 {seen[name]} 中使用"))
            seen[name] = rule.path


# ------------------------------------------------------------------------------------------------- suggestions
@dataclass(frozen=True)
class Subject:
    """What a suggestion is about: the department as a whole, or one project, with its verdict and budget."""

    key: str  # department, project-3
    name: str
    grade: str | None
    score: Decimal | None
    budget: Decimal | None  # this year's budget (万元): the base of next year's suggestion
    budget_label: str  # what the budget is (本年项目支出预算 …), said in the reason
    continuing: bool = False
    # where the finance bureau's spot-check rescored the subject's whole table, `grade` and `score` are the bureau's
    # (reviewed.Counted) and this says so with the department's own score and the 自评偏差; '' otherwise
    reviewed: str = ""
    self_score: Decimal | None = None  # the department's own, shown beside the bureau's when `reviewed`


@dataclass(frozen=True)
class Suggestion:
    subject: Subject
    action: str
    action_label: str
    rule_path: str | None
    amount: Decimal | None  # next year's suggested budget (万元), full precision
    reason: str

    @property
    def key(self) -> str:
        return self.subject.key

    @property
    def change(self) -> Decimal | None:
        if self.amount is None or self.subject.budget is None:
            return None
        return self.amount - self.subject.budget


def suggest(subject: Subject, rules: ResultRules) -> Suggestion:
    rule = rules.rule_for(subject.grade, subject.continuing)
    verdict = _verdict(subject)
    if rule is None:
        why = "未评定等级" if not subject.grade else f"等级“{subject.grade}”在结果应用规则中没有对应规则"
        return Suggestion(subject, UNGRADED_ACTION, UNGRADED_LABEL, None, None,
                          f"{verdict + '，' if verdict else ''}{why}，请人工研究下年预算安排。")
    kind = "延续项目的" if subject.continuing and rule.path.startswith("continuing") else ""
    cited = f"{verdict}，按{kind}结果应用规则{rule.wording()}"
    if subject.budget is None:
        return Suggestion(subject, rule.action, rule.label, rule.path, None, f"{cited}；本年预算未填，无法测算金额。")
    amount, working = _next_amount(subject.budget, rule)
    return Suggestion(subject, rule.action, rule.label, rule.path, amount,
                      f"{cited}：下年建议 = {subject.budget_label} {fmt_wan(subject.budget)} 万元{working}"
                      f" = {fmt_wan(amount)} 万元。")


def counted_subject(subject: Subject, counted: Counted) -> Subject:
    """The subject graded as what counts for it: the bureau's score and grade where its spot-check rescored the
    subject's table (its own verdict kept in the words of `reviewed`), else the subject unchanged."""
    if not counted.reviewed:
        return subject
    return replace(subject, grade=counted.grade, score=counted.score, reviewed=counted.reason,
                   self_score=counted.self_score)


def _verdict(subject: Subject) -> str:
    """自评等级为优（95.50 分）, as a finance officer opens a reason; empty when the evaluation gave no grade. A subject
    the bureau rescored: 抽查复核等级为中（72.00 分，按抽查复核得分；自评 100.00 分（优），自评偏差 28.00 分）."""
    if subject.reviewed:
        score = f"{fmt_total(subject.score)} 分，" if subject.score is not None else ""
        graded = f"抽查复核等级为{subject.grade}" if subject.grade else "抽查复核未评定等级"
        return f"{graded}（{score}{subject.reviewed}）"
    if not subject.grade:
        return f"自评得分 {fmt_total(subject.score)} 分" if subject.score is not None else ""
    score = f"（{fmt_total(subject.score)} 分）" if subject.score is not None else ""
    return f"自评等级为{subject.grade}{score}"


def _next_amount(base: Decimal, rule: GradeRule) -> tuple[Decimal, str]:
    """Next year's amount and how it was reached, never below 0 (a cut larger than the budget stops it)."""
    if rule.action in STOPPING:
        return ZERO, f"，{rule.label}后为 0"
    if rule.percent == 0 or rule.amount == 0:
        return base, "，维持不变"
    if rule.percent is not None:
        amount = base * (HUNDRED + rule.percent) / HUNDRED
        working = f" × (100% {'+' if rule.percent >= 0 else '−'} {fmt_normalised(abs(rule.percent))}%)"
    else:
        assert rule.amount is not None
        amount = base + rule.amount
        working = f" {'+' if rule.amount >= 0 else '−'} {fmt_normalised(abs(rule.amount))} 万元"
    if amount < 0:
        return ZERO, working + "，不足以压减，按 0 计"
    return amount, working


def suggestions(subjects: list[Subject], rules: ResultRules) -> list[Suggestion]:
    """Each subject's suggestion; the department's (key `department`) is the sum of its projects'."""
    projects = [suggest(subject, rules) for subject in subjects if subject.key != DEPARTMENT_KEY]
    departments = [department_suggestion(subject, projects, rules) for subject in subjects
                   if subject.key == DEPARTMENT_KEY]
    return departments + projects


def department_suggestion(subject: Subject, projects: list[Suggestion], rules: ResultRules) -> Suggestion:
    """The department's line: the sum of its projects' suggestions, whatever its own grade. Without projects its
    grade's rule applies, except a cancellation or suspension, which is for projects and is left to people."""
    verdict = _verdict(subject)
    opening = f"部门整体{verdict}；" if verdict else ""
    if not projects:
        own = suggest(subject, rules)
        if own.action not in STOPPING:
            return own
        return Suggestion(subject, UNGRADED_ACTION, UNGRADED_LABEL, own.rule_path, None,
                          f"{opening}{own.action_label}只适用于项目，部门未列项目，请人工研究下年预算安排。")
    missing = [p.subject.name for p in projects if p.amount is None]
    if missing:
        names = "、".join(missing[:3]) + (f" 等 {len(missing)} 个项目" if len(missing) > 3 else "")
        return Suggestion(subject, UNGRADED_ACTION, UNGRADED_LABEL, None, None,
                          f"{opening}部门下年建议为各项目建议之和，{names}尚无建议金额，请先逐项确定。")
    amount = sum((p.amount for p in projects if p.amount is not None), ZERO)
    # compared with what the projects have this year (the report's own line may count otherwise), said in the reason
    base = sum((p.subject.budget for p in projects if p.subject.budget is not None), ZERO)
    line = f"；{subject.budget_label}（报表数）为 {fmt_wan(subject.budget)} 万元" \
        if subject.budget is not None and subject.budget != base else ""
    summed = replace(subject, budget=base, budget_label="各项目本年预算合计")
    return Suggestion(summed, SUM_ACTION, SUM_LABEL, None, amount,
                      f"{opening}取消、压减只适用于项目，部门整体不取消；下年建议为 {len(projects)} 个项目建议之和："
                      f"{_by_action(projects)} = {fmt_wan(amount)} 万元（各项目本年预算合计 {fmt_wan(base)} 万元{line}）。")


def _by_action(projects: list[Suggestion]) -> str:
    """优先保障 3 项 12.00 万元 + 取消 1 项 0.00 万元: the projects' suggestions summed by what is done to them."""
    groups: dict[str, list[Decimal]] = {}
    for project in projects:
        if project.amount is not None:
            groups.setdefault(project.action_label, []).append(project.amount)
    return " + ".join(f"{label} {len(amounts)} 项 {fmt_wan(sum(amounts, ZERO))} 万元" for label, amounts in groups.items())


def implausible_adjustment(amount: Decimal, suggestion: Suggestion) -> str:
    """Why an amount the bureau adjusted a row to is refused as one typed in 元 into its 万元 field: it is UNIT_APART
    times this year's budget or the suggestion (the larger of them, those above 0) or more. 元 typed as 万元 is
    10 000 times, where a change of a budget, however large, is not a hundredfold; the larger base, so that a suggestion
    far above a small budget (an `amount` rule) is not taken for a slip. '' when it is plausible, or when there is
    nothing above 0 to compare with (a cancelled project's suggestion of 0 alone)."""
    subject = suggestion.subject
    bases = [(base, label) for base, label in ((subject.budget, subject.budget_label), (suggestion.amount, "建议金额"))
             if base is not None and base > 0]
    if not bases or not amount.is_finite():
        return ""
    base, label = max(bases, key=lambda pair: pair[0])
    if amount < base * UNIT_APART:
        return ""
    times = amount / base
    shown = f" {fmt_normalised(times)}" if times == times.to_integral_value() else f"约 {fixed(times, 0)}"
    return (f"调整后金额 {fmt_plain(amount)} 万元是{label} {fmt_wan(base)} 万元的{shown} 倍，"
            f"请核对是否把“元”当作“万元”填写（{fmt_plain(amount)} 元即 {fmt_wan(wan_from_yuan(amount))} 万元）")


def subjects_of(document: CoreEvaluation, result: EvaluationResult) -> list[Subject]:
    """The department and each project as the core graded them: the department's base is its project expenditure
    (next year's cuts fall on projects, not on salaries), or its whole budget when the report gives no such line."""
    card = result.department
    lines = document.budget
    project_line = _amount(lines.project_expenditure if lines else None)
    base, label = (project_line, "本年项目支出预算") if project_line is not None else \
        (_amount(lines.total if lines else None), "本年预算")
    grade = card.grade.name if card is not None and card.grade is not None else None
    subjects = [Subject(DEPARTMENT_KEY, document.department.name, grade, card.total if card else None, base, label)]
    for project in result.projects:
        subjects.append(Subject(
            f"project-{project.index}", project.project.name, project.grade, project.score,
            _amount(project.project.budget), "本年项目预算", project.project.continuity == "continuing"))
    return subjects


def _amount(line: BudgetLine | None) -> Decimal | None:
    """This year's budget of a line: the adjusted budget (预算数), else the initial one."""
    if line is None:
        return None
    return line.budget_adjusted if line.budget_adjusted is not None else line.budget_initial


# ----------------------------------------------------------------------------------------- rectification notices
NOTICE_STATES = {"open": "待反馈", "answered": "已反馈", "overdue": "已逾期", "returned": "已退回", "closed": "已办结"}

# The bureau's step on a notice the department answered (CYCLE.md §5), as data: each action, what it is called, the
# states it may be taken from, the review it leaves (which decides the state, `notice_state`), and whether the bureau
# must say why. A returned notice is answered again by the department (its replies amended), then reviewed again;
# a closed one is done: nobody replies to it any more.
NOTICE_ACTIONS = {
    "close": {"label": "确认已整改，办结", "from": ("answered",), "review": "closed", "reason": False},
    "return": {"label": "退回，要求继续整改", "from": ("answered",), "review": "returned", "reason": True},
}
REPLYING_STATES = frozenset({"open", "overdue", "returned"})  # the department may (still, or again) reply


def notice_state(deadline: dt.date, items: int, answered: int, today: dt.date, review: str = "") -> str:
    """A notice the bureau closed is closed, one it returned is returned until the department replies again (the
    replying clears the review); otherwise it is answered when every item has a reply, and until then overdue once
    its deadline day has passed (the deadline day itself is still in time)."""
    if review in ("closed", "returned"):
        return review
    if items and answered >= items:
        return "answered"
    return "overdue" if today > deadline else "open"


def notice_step(state: str, action: str) -> str:
    """The review an action leaves on a notice in `state`, or ValueError saying in Chinese why it cannot be taken."""
    rule = NOTICE_ACTIONS.get(action)
    if rule is None:
        raise ValueError("请选择办结或退回")
    if state not in rule["from"]:
        raise ValueError(f"通知当前为“{NOTICE_STATES.get(state, state)}”，部门全部反馈后才能{rule['label']}")
    return rule["review"]
