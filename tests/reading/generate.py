"""Report variants of a structured evaluation, each with the reading and the findings it should give.

    python -m tests.reading.generate --seed 7 --count 3 --out /tmp/variants     # writes .txt and .expect.yaml

From an evaluation (examples/*.yaml, or the small ones made up below) a variant writes the parts a report carries —
title and cover, the department's budget, its self-evaluation table (annual goals), each project's table or the
project score list, the stated score and grade — in one layout drawn with the seed: cells separated by tabs, runs of
spaces, "|", markdown, one per line, or run together; title and score wordings; the year as "(20XX年)" or
"20XX年度"; a numbering style; a table of contents; page furniture; OCR-like noise (O for 0, l for 1).

The expected facts come from the evaluation; the expected findings come from running the core's scoring and checks
(jixiao.core.engine.score_evaluation, jixiao.core.checks.run_checks) on the part of the evaluation the variant
writes — so a variant expects exactly what a reader that recovers the evaluation would find. Deterministic per seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import msgspec
import yaml

from jixiao.core.build import evaluation_from_data
from jixiao.core.checks import run_checks
from jixiao.core.engine import DEFAULT_PROJECT_SCHEME, score_evaluation
from jixiao.core.labels import LEVEL1, LEVEL2
from jixiao.core.model import BudgetLine, Evaluation

from .fixtures.authoring import Para, flatten, furnish, money, plain
from .fixtures.layouts import department_overall, national_project, project_list

ROOT = Path(__file__).resolve().parents[2]
SEPARATORS = ("tabs", "spaces", "pipes", "markdown", "cell_per_line", "cell_pipe", "run_together")
# the year in the title, in brackets after it, or in brackets on a line of its own under it
TITLES = ("{dept}{year}年度{kind}绩效自评报告", "{dept}{kind}绩效自评报告（{year}年）", "{year}年度{dept}{kind}绩效自评报告",
          "关于{dept}{year}年度{kind}绩效自评情况的报告", "{dept}{kind}绩效自评报告\n（{year}年度）",
          "{dept}{kind}绩效自评报告\n({year}年度)")
SCORES = ("自评得分{score}分", "综合评分为{score}分", "自评总分(分){score}", "评价总得分{score}分")
SCORE_LEADS = ("经自评，", "对{year}年度{kind}开展绩效自评，")
GRADES = ("，评价等级为“{grade}”。", "，自评等级为{grade}。", "，等级为“{grade}”。")
NUMBERING = (("一、", "（一）"), ("第一部分 ", "一、"), ("1.", "1.1 "), ("一、", "1."))
CN = "一二三四五六七八九十"
# the report's date under its signature: 2023.3.15, 二〇二三年三月十五日, 2023年3月15日, 2023-03-15
DATES = ("dots", "chinese", "digits", "dashes")
# the funds block's column words: (initial or None, budget, spent), rate word, weight word
FUNDS = ((("年初预算数", "全年预算数", "全年执行数"), "执行率", "分值"),
         (("年初预算", "调整后预算数", "预算执行数"), "预算执行率", "权重"),
         ((None, "预算数", "执行数"), "执行率", "分值"),
         ((None, "调整后预算数", "实际支出数"), "执行率", "分值"),
         (("年初预算数", "调整后预算数", "执行数"), "执行率", "分值"),
         (("年初预算数", "全年预算数（A）", "全年执行数（B）"), "执行率（B/A）", "分值"))
FUNDS_TOTALS = ("年度资金总额", "年度资金总额：", "总额")
# the indicator block's (target, actual) words, 分值 or 权重, the reason column
VALUES = (("年度指标值", "实际完成值"), ("指标值", "全年实际值"), ("年初目标值", "实际完成值"), ("年度指标值", "全年实际值"),
          ("指标值", "完成值"), ("目标值", "实际完成值"), ("指标值", "实际值"))
REASONS = ("偏差原因分析及改进措施", "未完成原因分析", "偏差原因", "未完成原因和改进措施")


@dataclass
class Variant:
    name: str
    text: str
    expect: dict


# ------------------------------------------------------------------------------------------------ evaluations
def sources() -> list[tuple[str, Evaluation]]:
    """The shipped examples and two made-up evaluations (one clean, one with an execution score and a grade wrong)."""
    found = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        found.append((path.stem, evaluation_from_data(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)))
    found.append(("made-up-clean", evaluation_from_data(_made_up(clean=True))))
    found.append(("made-up-defects", evaluation_from_data(_made_up(clean=False))))
    return found


def _made_up(clean: bool) -> dict:
    indicators = [
        {"name": "完成培训人次", "level1": "output", "level2": "quantity", "target": "≥1000人次", "actual": "1080人次", "weight": 20, "score": 20},
        {"name": "培训合格率", "level1": "output", "level2": "quality", "target": "≥90%", "actual": "94%", "weight": 15, "score": 15},
        {"name": "人均培训成本", "level1": "output", "level2": "cost", "target": "≤1500元", "actual": "1420元", "weight": 15, "score": 15},
        {"name": "参训人员就业率", "level1": "outcome", "level2": "social", "target": "≥70%", "actual": "63%", "weight": 30,
         "score": 27, "deviation_reason": "部分学员继续升学"},
        {"name": "学员满意度", "level1": "satisfaction", "level2": "beneficiary_satisfaction", "target": "≥90%", "actual": "93%",
         "weight": 10, "score": 10}]
    project = {"name": "职业技能提升培训", "budget": {"budget_initial": 120, "budget_adjusted": 120, "spent": 110.4},
               "indicators": indicators, "stated_execution_score": 9.2 if clean else 10,
               "stated_score": 96.2, "stated_grade": "优"}
    if not clean:
        project["indicators"][3] = {**indicators[3], "score": 21}  # 63/70 × 30 = 27: a lower score than the method's
        project["stated_score"] = 91
        project["stated_grade"] = "良"
    return {"year": 2022, "department": {"name": "示例县人力资源和社会保障局"}, "projects": [project]}


def written_part(e: Evaluation) -> Evaluation:
    """The part of the evaluation a variant writes: everything else is dropped before the checks run, so that the
    expected findings are those a reader of the variant can find."""
    # a project's own 偏差原因 (the text under its table, not an indicator's cell) is not written either
    projects = [msgspec.structs.replace(p, funds=[], form_texts=[], problems=None, improvement=None, code=None,
                                        continuity=None, recurrence=None, budget_category=None, deviation_reason=None)
                for p in e.projects
                if not p.indicators or (p.budget and p.budget.budget_adjusted and p.budget.spent is not None)]
    # a project list prints each budget once, to the fen (project_list: money()): the evaluation's 1.5238 reads
    # 1.52 there, and its spending is not in the list
    projects = [msgspec.structs.replace(p, budget=BudgetLine(budget_adjusted=Decimal(money(p.budget.budget_adjusted))))
                if not p.indicators and p.budget and p.budget.budget_adjusted is not None else p for p in projects]
    line = e.execution or (e.budget.total if e.budget else None)
    goals, execution = e.goals, e.execution
    if goals and (line is None or line.spent is None or not (line.budget_adjusted or line.budget_initial)):
        goals = []  # a department table needs its funds row: without one the variant does not write the table
    elif goals:
        execution = BudgetLine(budget_initial=line.budget_initial, budget_adjusted=line.budget_adjusted or line.budget_initial,
                               spent=line.spent)
    return Evaluation(year=e.year, department=msgspec.structs.replace(e.department, units=[], staff_authorized=None,
                                                                       staff_actual=None),
                      scheme=e.scheme, project_scheme=e.project_scheme, budget=e.budget, execution=execution,
                      goals=goals, projects=projects, stated_score=e.stated_score, stated_grade=e.stated_grade,
                      stated_execution_score=e.stated_execution_score,
                      stated_execution_weight=e.stated_execution_weight)


# ------------------------------------------------------------------------------------------------- rendering
def draw_style(e: Evaluation, rng: random.Random, library) -> dict:
    """The conventions one variant is written in, each drawn at random: the tables' column words and order, money
    in 万元 or 元, level-1 weights in labels, the grade's words, the report's date."""
    words, rate_word, weight_word = rng.choice(FUNDS)
    style = {"funds_words": words, "rate_word": rate_word, "weight_word": rng.choice((weight_word, "权重", "分值")),
             "rate_first": rng.random() < 0.4, "total_label": rng.choice(FUNDS_TOTALS),
             "value_words": rng.choice(VALUES), "reason_word": rng.choice(REASONS),
             "order": rng.choice(("before", "after", "scorefirst")), "level1_form": rng.choice(("", "full", "half", "bare"))}
    if rng.random() < 0.3:
        style["yuan"], style["yuan_places"] = True, rng.choice((2, 0))
    style["list_name_first"] = rng.random() < 0.5
    style["grade_words"] = rng.random() < 0.5  # 优秀 for 优 where the scale knows both
    if rng.random() < 0.6:
        style["date"] = (rng.choice(DATES), rng.randint(1, 4), rng.randint(1, 28))
    return style


def styled_part(e: Evaluation, style: dict, library) -> Evaluation:
    """The written part as a variant in `style` writes it: no initial budget where the funds block has no column for
    it, the grade in the scale's other words, the report's date."""
    changes: dict = {}
    if style["funds_words"][0] is None:
        changes["projects"] = [msgspec.structs.replace(p, budget=msgspec.structs.replace(p.budget, budget_initial=None))
                               if p.indicators and p.budget else p for p in e.projects]
        if e.goals and e.execution:
            changes["execution"] = msgspec.structs.replace(e.execution, budget_initial=None)
    if style.get("grade_words") and e.stated_grade:
        other = _other_grade_word(e, library)
        if other:
            changes["stated_grade"] = other
    if style.get("date"):
        _, month, day = style["date"]
        changes["report_date"] = dt.date(e.year + 1, month, day)
    return msgspec.structs.replace(e, **changes) if changes else e


def _other_grade_word(e: Evaluation, library) -> str | None:
    """The grade in the scale's other words (优秀 for 优), when the scale lists them."""
    try:
        scheme = library.scheme(e.scheme) if e.scheme else library.scheme(e.project_scheme or DEFAULT_PROJECT_SCHEME)
        scale = library.grade_scale(scheme.grade_scale)
    except Exception:  # noqa: BLE001 — no scale, no other words
        return None
    for band in scale.bands:
        if band.name == e.stated_grade and band.words:
            return next((w for w in band.words if w != band.name), None)
    return None


def _date_words(style: str, date: dt.date) -> str:
    if style == "dots":
        return f"{date.year}.{date.month}.{date.day}"
    if style == "dashes":
        return date.isoformat()
    if style == "chinese":
        digits = "〇一二三四五六七八九"
        return ("".join(digits[int(c)] for c in str(date.year)) + f"年{_cn(date.month)}月{_cn(date.day)}日")
    return f"{date.year}年{date.month}月{date.day}日"


def render(e: Evaluation, rng: random.Random, style: dict | None = None) -> tuple[str, dict]:
    style = style or {"funds_words": FUNDS[0][0], "value_words": VALUES[0]}
    separator = rng.choice(SEPARATORS)
    level1, level2 = rng.choice(NUMBERING)
    kind = "部门整体支出" if (e.goals or len(e.projects) > 1) else "项目支出"
    title = rng.choice(TITLES).format(dept=e.department.name, year=e.year, kind=kind)
    sections: list[tuple[str, list]] = []
    if e.budget and e.budget.total:
        text = f"{e.year}年度部门" + _budget_words(e.budget.total, "全年支出")
        lines = {line: _budget_words(getattr(e.budget, line), "支出") for line, _ in BUDGET_LINES
                 if getattr(e.budget, line) is not None}
        inner = "，".join(f"{label}{lines[line]}" for line, label in BUDGET_LINES[1:3] if lines.get(line))
        parts = [f"{label}{lines[line]}" + (f"（{inner}）" if line == "basic_expenditure" and inner else "")
                 for line, label in BUDGET_LINES if line in ("basic_expenditure", "project_expenditure") and lines.get(line)]
        text += "；其中" + "，".join(parts) if parts else ""
        sections.append(("部门预算执行情况", [Para(text + "。")]))
    if e.goals:
        sections.append(("部门整体支出绩效自评表", department_overall({**_department_spec(e), "style": style})[1:]))
    tables = [p for p in e.projects if p.indicators]
    listed = [p for p in e.projects if not p.indicators]
    for p in tables:
        sections.append((f"{p.name}项目支出绩效自评表", national_project({**_project_spec(e, p), "style": style})[1:]))
    if listed:
        sections.append(("项目自评结果", [project_list([(p.name, p.budget.budget_adjusted if p.budget else 0,
                                                      p.stated_score if p.stated_score is not None else "", p.stated_grade or "")
                                                     for p in listed], e.department.name,
                                                    name_first=style.get("list_name_first", False))]))
    if e.stated_score is not None:
        words = rng.choice(SCORES).format(score=plain(e.stated_score))
        lead = rng.choice(SCORE_LEADS).format(year=e.year, kind=kind)
        grade = rng.choice(GRADES).format(grade=e.stated_grade) if e.stated_grade else "。"
        sections.append(("自评结论", [Para(f"{lead}{words}{grade}")]))
    headings = [_heading(level1, i) + name for i, (name, _) in enumerate(sections)]
    blocks: list = [Para(line, 1) for line in title.split("\n")]
    if rng.random() < 0.5:
        blocks.append(Para("目  录"))
        blocks += [Para(f"{h}{'…' * 8}{i + 1}") for i, h in enumerate(headings)]
    for heading, (_, content) in zip(headings, sections):
        blocks.append(Para(heading, 2))
        blocks += content
    if style.get("date") and e.report_date:
        blocks += [Para(e.department.name), Para(_date_words(style["date"][0], e.report_date))]
    text = flatten(blocks, separator)
    furniture = rng.random() < 0.5
    if furniture:
        text = furnish(text, title.split("\n")[0], every=rng.choice((20, 30, 45)), page_style=rng.choice(("dash", "of")))
    noisy = rng.random() < 0.3
    if noisy:
        text = _ocr_noise(text, rng)
    words = style.get("funds_words")
    return text, {"separator": separator, "numbering": level1 + "/" + level2, "toc": "目  录" in text,
                  "furniture": furniture, "ocr_noise": noisy,
                  "funds": "/".join(w for w in words if w) + ("，元" if style.get("yuan") else ""),
                  "values": "/".join(style["value_words"]) + "，" + style.get("order", "before"),
                  "level1": style.get("level1_form") or "plain", "date": (style.get("date") or ("none",))[0]}


BUDGET_LINES = (("basic_expenditure", "基本支出"), ("personnel_cost", "人员经费"), ("operating_cost", "公用经费"),
                ("project_expenditure", "项目支出"))


def _budget_words(line: BudgetLine, spent_word: str) -> str:
    """年初预算 X 万元，调整后预算 Y 万元，全年支出 Z 万元 — a line that gives only its spending is just that figure."""
    if line.budget_initial is None and line.budget_adjusted is None and line.spent is not None:
        return f"{plain(line.spent)}万元"
    return "，".join(f"{label}{plain(v)}万元" for label, v in (("年初预算", line.budget_initial),
                                                             ("调整后预算", line.budget_adjusted), (spent_word, line.spent))
                    if v is not None)


def _heading(style: str, i: int) -> str:
    if style == "一、":
        return f"{_cn(i + 1)}、"
    if style == "第一部分 ":
        return f"第{_cn(i + 1)}部分 "
    return f"{i + 1}."


def _cn(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 21 → 二十一 (up to 99)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN[tens - 1]) + "十" if tens else "") + (CN[ones - 1] if ones else "")


def _ocr_noise(text: str, rng: random.Random) -> str:
    """O for 0 and l for 1 inside some figures, as OCR does."""
    def spoil(match: re.Match) -> str:
        figure = match.group(0)
        if rng.random() < 0.15:
            figure = figure.replace("0", "O", 1) if "0" in figure and rng.random() < 0.5 else figure.replace("1", "l", 1)
        return figure
    return re.sub(r"\d+(?:\.\d+)?", spoil, text)


def _indicator_rows(indicators) -> list[tuple]:
    return [(LEVEL1.get(i.level1, i.level1), LEVEL2.get(i.level2 or "", i.level2 or ""), i.name, i.target or "",
             i.actual or "", i.weight if i.weight is not None else "", i.score if i.score is not None else "",
             i.deviation_reason or "") for i in indicators]


def _project_spec(e: Evaluation, p) -> dict:
    b = p.budget
    funds = {"initial": b.budget_initial if b.budget_initial is not None else b.budget_adjusted,
             "adjusted": b.budget_adjusted, "spent": b.spent if b.spent is not None else b.budget_adjusted,
             "weight": p.stated_execution_weight or (20 if (p.scheme or e.project_scheme or "").startswith("hubei") else 10)}
    if p.stated_execution_score is not None:
        funds["score"] = p.stated_execution_score
    spec = {"name": p.name, "dept": e.department.name, "year": e.year, "funds": funds, "expected": p.goal or "",
            "achieved": "", "indicators": _indicator_rows(p.indicators)}
    if p.stated_score is not None:
        spec["total"] = p.stated_score
    if p.stated_grade:
        spec["grade"] = p.stated_grade
    return spec


def _execution_weight(e: Evaluation):
    return e.stated_execution_weight or (20 if (e.scheme or "").startswith("hubei") else 10)


def _department_form(e: Evaluation) -> str:
    """The form a variant's department table is: Hubei's when it prints budget execution's 分值 as 20
    (jixiao/io/forms/templates/hubei_department.yaml), else the national one."""
    return "hubei_department" if _execution_weight(e) == 20 else "department_overall"


def _department_spec(e: Evaluation) -> dict:
    line = e.execution or e.budget.total
    weight = _execution_weight(e)
    funds = {"initial": line.budget_initial if line.budget_initial is not None else line.budget_adjusted,
             "adjusted": line.budget_adjusted, "spent": line.spent, "weight": weight}
    if e.stated_execution_score is not None:
        funds["score"] = e.stated_execution_score
    # a goal without a weight is printed with its 分值 cell empty, not 0
    goals = [{"name": g.name, "weight": g.weight if g.weight is not None else "",
              "indicators": [r[:7] for r in _indicator_rows(g.indicators)]}
             for g in e.goals]
    spec = {"dept": e.department.name, "year": e.year, "funds": funds, "goals": goals}
    if e.stated_score is not None:
        spec["total"] = e.stated_score
    if e.stated_grade is not None:  # the form's 自评等级 row, left empty when the evaluation's grade is ""
        spec["grade"] = e.stated_grade
    return spec


# ------------------------------------------------------------------------------------------------ expectations
def expected_facts(e: Evaluation) -> dict:
    facts: dict = {"year": e.year, "department.name": e.department.name}
    if e.stated_score is not None:
        facts["stated_score"] = plain(e.stated_score)
    for i, p in enumerate(e.projects[:3]):
        facts[f"projects[{i}].name"] = p.name
        if p.budget and p.budget.budget_adjusted is not None:
            facts[f"projects[{i}].budget.budget_adjusted"] = plain(p.budget.budget_adjusted)
        if p.stated_score is not None:
            facts[f"projects[{i}].stated_score"] = plain(p.stated_score)
        for j, ind in enumerate(p.indicators[:2]):
            facts[f"projects[{i}].indicators[{j}].name"] = ind.name
            if ind.actual:
                facts[f"projects[{i}].indicators[{j}].actual"] = ind.actual
    for i, g in enumerate(e.goals[:3]):
        if g.weight is not None:
            facts[f"goals[{i}].weight"] = plain(g.weight)
    return facts


def expected_findings(e: Evaluation, library) -> list[dict]:
    result = score_evaluation(e, library)
    found = []
    for f in run_checks(e, library, result):
        item = {"code": f.code}
        if f.stated not in (None, ""):
            item["stated"] = f.stated
        if f.recomputed not in (None, ""):
            item["recomputed"] = f.recomputed
        item["severity"] = f.severity
        found.append(item)
    return found


def variants(seed: int, count: int, library) -> list[Variant]:
    rng = random.Random(seed)
    out = []
    for stem, evaluation in sources():
        written = written_part(evaluation)
        for n in range(count):
            drawn = random.Random(rng.random())
            style = draw_style(written, drawn, library)
            part = styled_part(written, style, library)
            findings = expected_findings(part, library)
            text, layout = render(part, drawn, style)
            expect = {"document": f"{stem}-{n}.txt", "layout": ", ".join(f"{k}={v}" for k, v in layout.items()),
                      "year": part.year, "department": part.department.name,
                      "forms": ([_department_form(part)] if part.goals else []) +
                               (["project_self_evaluation"] if any(p.indicators for p in part.projects) else []),
                      "facts": expected_facts(part), "findings": findings, "no_errors_beyond": True}
            out.append(Variant(expect["document"], text, expect))
    return out


def main() -> None:
    from jixiao.io.scheme_files import load_library

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=2)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for v in variants(args.seed, args.count, load_library()):
        (args.out / v.name).write_text(v.text, encoding="utf-8")
        (args.out / f"{v.name}.expect.yaml").write_text(
            yaml.safe_dump(v.expect, allow_unicode=True, sort_keys=False), encoding="utf-8")
        print(v.name)


if __name__ == "__main__":
    main()
