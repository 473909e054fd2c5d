"""Checks that take a shortcut for a province find what they found the long way, messages included: SCORE.ORDER
passes over a table scored full marks on every row without dividing, SCORE.ABOVE_PARTS words what a table's points
are only for a finding, FACT.TABLES keeps only the project rows whose whole key is a goal's. The long ways are kept
here as they were written, and both are run on the seeds and on generated departments whose scores, weights and
totals were changed so that every finding these checks make is made."""

from __future__ import annotations

from functools import partial

import random
import re
from decimal import Decimal
from typing import Iterator

import msgspec
import pytest

from bench.generate_province import department
from jixiao.core.checks import CheckContext, Finding, Later, REGISTRY, Texts, registered_checks
from jixiao.core.checks._common import score_cards, subject_of
from jixiao.core.checks.repeated_indicators import _by_key, _compare, _normal
from jixiao.core.checks.score_shape import FULL, ONE, PROPORTIONAL, _tolerance, stated_cards, stated_parts
from jixiao.core.engine import score_evaluation
from jixiao.core.model import Evaluation, Indicator
from jixiao.core.money import ZERO, fmt_normalised, fmt_percent, fmt_plain, fmt_score
from jixiao.io.evaluation_file import read_evaluation

from ...conftest import EXAMPLES


def _share_before(leaf):
    given = leaf.indicator.score
    if leaf.method not in PROPORTIONAL or given is None or not leaf.weight or leaf.completion is None \
            or leaf.evaluator_deduction:
        return None
    return given / leaf.weight


def score_order_before(ctx) -> Iterator[Finding]:
    for card in score_cards(ctx):
        rated = [(leaf, min(leaf.completion, ONE), share) for leaf in card.leaves()
                 if (share := _share_before(leaf)) is not None]
        if len(rated) < 2:
            continue
        top = {}
        for leaf, _, share in rated:
            if leaf.method not in top or share > top[leaf.method]:
                top[leaf.method] = share
        for leaf, completion, share in rated:
            if share >= top[leaf.method]:
                continue
            better = [(s, other, c) for other, c, s in rated
                      if other.method == leaf.method and c < completion and s > share]
            if not better:
                continue
            other_share, other, other_completion = max(better, key=lambda x: x[0])
            yield Finding(
                "SCORE.ORDER", "warning", leaf.path,
                f"“{leaf.indicator.name}”完成 {fmt_percent(completion)} 得 {fmt_plain(leaf.indicator.score)} 分"
                f"（分值 {fmt_normalised(leaf.weight)}），而同表“{other.indicator.name}”只完成 "
                f"{fmt_percent(other_completion)} 却得 {fmt_plain(other.indicator.score)} 分（分值 "
                f"{fmt_normalised(other.weight)}）：完成程度高的指标得分比例反而低，请按同一计分方法核对。",
                stated=fmt_plain(leaf.indicator.score), recomputed=f"≥ {fmt_score(leaf.weight * other_share)}",
                subject=subject_of(ctx.evaluation, leaf.path))


def _weights_before(card):
    by_goal = bool(card.goals) and all(g.weight is not None for g in card.goals)
    weights = [g.weight for g in card.goals] if by_goal else [i.weight for i in card.indicators]
    if not weights or any(w is None for w in weights):
        return None
    execution = card.execution_weight
    if execution is None and card.card is not None and card.card.execution is not None:
        execution = card.card.execution.weight
    what = "各年度目标" if by_goal else "各项指标"
    if execution:
        what = f"预算执行（{fmt_normalised(execution)} 分）与{what}"
    return sum(weights, execution or ZERO), what


def above_parts_before(ctx) -> Iterator[Finding]:
    for card in stated_cards(ctx):
        if card.total is None:
            continue
        points = _weights_before(card)
        weights, what = points if points is not None else (None, "")
        if weights is not None and weights < FULL and card.total > weights + _tolerance(card.total):
            yield Finding("SCORE.ABOVE_PARTS", "error", card.location,
                          f"所列总分 {fmt_plain(card.total)} 分，而{what}的分值合计只有 "
                          f"{fmt_normalised(weights)} 分：总分不能高于可得的分值，请核对漏列的指标或总分。",
                          stated=fmt_plain(card.total), recomputed=fmt_normalised(weights), subject=card.subject)
            continue
        unclear = "total_unclear" in card.unfilled and "total" not in card.unfilled
        parts = stated_parts(card) if "total" in card.unfilled or unclear else None
        if parts is None:
            continue
        computed = sum(parts, ZERO)
        if unclear and card.total > computed + _tolerance(card.total, *parts):
            yield Finding("SCORE.ABOVE_PARTS", "warning", card.location,
                          f"所述总分 {fmt_plain(card.total)} 分，而自评表中预算执行与各项指标得分合计只有 "
                          f"{fmt_normalised(computed)} 分；表中总分一行只有一个数字，分不清总分栏是否空白，请核对总分。",
                          stated=fmt_plain(card.total), recomputed=fmt_normalised(computed), subject=card.subject)
        elif not unclear and card.total > computed + _tolerance(card.total, *parts):
            yield Finding("SCORE.ABOVE_PARTS", "error", card.location,
                          f"文中所述总分 {fmt_plain(card.total)} 分，而自评表中预算执行与各项指标得分合计只有 "
                          f"{fmt_normalised(computed)} 分（表中总分栏空白）：所述总分高于各项得分之和，请更正。",
                          stated=fmt_plain(card.total), recomputed=fmt_normalised(computed), subject=card.subject)


def repeated_indicators_before(ctx) -> Iterator[Finding]:
    e = ctx.evaluation
    in_goals = _by_key((f"goals[{g}].indicators[{i}]", ind) for g, goal in enumerate(e.goals)
                       for i, ind in enumerate(goal.indicators))
    if not in_goals:
        return
    names = {name for name, _ in in_goals}
    in_projects: dict = {}
    for p, project in enumerate(e.projects):
        for i, indicator in enumerate(project.indicators):
            name = _normal(indicator.name)
            if name in names and indicator.target:
                in_projects.setdefault((name, _normal(indicator.target)), []).append((p, i, indicator))
    for key, goal_rows in in_goals.items():
        project_rows = in_projects.get(key, [])
        if len(goal_rows) == 1 and len(project_rows) == 1:
            p, i, indicator = project_rows[0]
            yield from _compare(e, *goal_rows[0], f"projects[{p}].indicators[{i}]", indicator)


# SCORE.METHOD, DEVIATION and SCORE.TOTAL as they gave their findings' texts: a `Later` for each text, where they now
# give one `Texts` for all of them


def method_scores_before(ctx) -> Iterator[Finding]:
    from jixiao.core.checks._common import score_disagrees
    from jixiao.core.checks.bounds import COMPUTED_METHODS, _method_message

    for card in score_cards(ctx):
        for leaf in card.leaves():
            given = leaf.indicator.score
            if leaf.method not in COMPUTED_METHODS or given is None or leaf.score is None or leaf.evaluator_deduction:
                continue
            if score_disagrees(given, leaf.score) and not (given > leaf.weight or given < ZERO):
                yield Finding("SCORE.METHOD", "error", leaf.path, Later(_method_message, leaf),
                              stated=Later(fmt_plain, given), recomputed=Later(fmt_score, leaf.score),
                              subject=Later(subject_of, ctx.evaluation, leaf.path))


def unexplained_before(ctx) -> Iterator[Finding]:
    from jixiao.core.checks._common import EMPTY_ANSWERS, substantive
    from jixiao.core.checks.deviations import QUANTITATIVE, _card_reason, _completion, _unexplained_message

    admits = "指标设定" in (ctx.evaluation.problems or "") or "目标值" in (ctx.evaluation.problems or "")
    for card in score_cards(ctx):
        card_reason = _card_reason(ctx, card)
        if substantive(card_reason):
            continue
        for leaf in card.leaves():
            if leaf.over_achieved:
                kind = "over"
            elif (leaf.method in QUANTITATIVE and leaf.score is not None and leaf.score < leaf.weight) or \
                    (leaf.method == "qualitative" and leaf.tier is not None and leaf.tier.key != "achieved"):
                kind = "under"
            else:
                continue
            own = leaf.indicator.deviation_reason
            if own is not None and own.strip() not in EMPTY_ANSWERS:
                continue
            reason = own if own is not None else card_reason
            tail = "；报告“存在的问题”中也承认指标设定不合理" if admits and not card.path and kind == "over" else ""
            yield Finding("DEVIATION.UNEXPLAINED", "warning", leaf.path,
                          Later(partial(_unexplained_message, from_table=own is None), leaf, kind,
                                card.scheme.over_achievement_threshold, reason, tail),
                          stated=reason, recomputed=Later(_completion, leaf) if leaf.completion is not None else None,
                          subject=Later(subject_of, ctx.evaluation, leaf.path))


def totals_before(ctx) -> Iterator[Finding]:
    from jixiao.core.checks._common import score_disagrees
    from jixiao.core.checks.subtotals import _parts_explain, _total_message
    from jixiao.core.money import fmt_total

    for stated in stated_cards(ctx):
        card = stated.card
        if card is None or stated.total is None or not card.complete or card.total is None:
            continue
        if _parts_explain(stated, card):
            continue
        if score_disagrees(stated.total, card.total):
            yield Finding("SCORE.TOTAL", "error", stated.location, Later(_total_message, stated.total, card.total),
                          stated=Later(fmt_plain, stated.total), recomputed=Later(fmt_total, card.total),
                          subject=stated.subject)


BEFORE = {"SCORE.ORDER": score_order_before, "SCORE.ABOVE_PARTS": above_parts_before,
          "FACT.TABLES": repeated_indicators_before, "SCORE.METHOD": method_scores_before,
          "DEVIATION": unexplained_before, "SCORE.TOTAL": totals_before}


def _changed(rng: random.Random, data: dict) -> dict:
    """A generated department with scores below full marks, a weight or a total changed, rows shared with goals."""
    for project in data["projects"]:
        for row in project["indicators"]:
            if "score" in row and rng.random() < 0.3:
                row["score"] = f"{Decimal(row['weight']) * Decimal(rng.choice(['0.5', '0.75', '0.9', '1'])):f}"
        if rng.random() < 0.3:
            project["indicators"][0]["weight"] = rng.choice(["2", "8.0", "0"])
        if rng.random() < 0.3:
            project["unfilled"] = [rng.choice(["total", "total_unclear"])]
            project["stated_score"] = rng.choice(["100", "95", "60.5"])
            project["stated_execution_score"] = "20"
    for goal in data["goals"]:  # the same name and target as a project's row: one fact in two tables
        row = dict(data["projects"][rng.randrange(len(data["projects"]))]["indicators"][rng.randrange(12)])
        if rng.random() < 0.7:  # another figure in the same unit
            row["actual"] = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), row.get("actual", ""), count=1)
        row["name"] = f"{row['name']} " if rng.random() < 0.5 else row["name"]
        goal["indicators"].append(row)
    return data


def _spaced(rng: random.Random, data: dict) -> dict:
    """Names and targets of project rows written with wide spaces, tabs and line breaks, as forms leave them: the
    goals' rows (spaced as they were, or not at all) are the same fact only once the spaces are dropped."""
    spaces = ["\u3000", "\t", "\n", "\xa0", " ", "\r\n"]
    for project in data["projects"]:
        for row in project["indicators"]:
            if rng.random() < 0.5:
                row["name"] = f"{rng.choice(spaces)}{row['name']}{rng.choice(spaces)}"
            if row.get("target") and rng.random() < 0.5:
                row["target"] = row["target"].replace(" ", rng.choice(spaces), 1) + rng.choice(["", "\u3000"])
    return data


def _evaluations() -> list[Evaluation]:
    found = [read_evaluation(path) for path in sorted(EXAMPLES.glob("seed-*.yaml"))]
    rng = random.Random(11)
    found += [msgspec.convert(_changed(rng, department(rng, i, 25)), Evaluation) for i in range(40)]
    spaced = random.Random(12)
    found += [msgspec.convert(_spaced(spaced, _changed(spaced, department(spaced, i, 25))), Evaluation)
              for i in range(10)]
    return found


def _texts(findings) -> list[tuple]:
    return [(f.code, f.severity, f.location, f.message, f.stated, f.recomputed, f.where, f.subject) for f in findings]


def _unread(findings) -> list[Finding]:
    """The findings with their texts not yet built (a copy of each, as the check gave it)."""
    return [msgspec.structs.replace(f) for f in findings]


@pytest.mark.parametrize("code", sorted(BEFORE))
def test_a_check_finds_what_it_found_the_long_way(code, library):
    registered_checks()
    made = 0
    for evaluation in _evaluations():
        ctx = CheckContext(evaluation, score_evaluation(evaluation, library), library)
        found, before = list(REGISTRY[code].function(ctx)), list(BEFORE[code](ctx))
        # compared as findings before any text is read (Texts against Later), then text by text
        assert _unread(found) == _unread(before)
        assert [hash(f) for f in _unread(found)] == [hash(f) for f in _unread(before)]
        now = _texts(found)
        assert now == _texts(before)
        made += len(now)
    assert made > 10  # the changed departments make such findings: the long way is compared where it finds


def test_a_card_keeps_its_leaves_and_their_weights_as_walking_its_groups_gives_them(library):
    """WEIGHT reads the sum of a card's leaf weights that scoring kept, and a project card's leaves are kept as its
    categories' children: both as walking the card's groups and adding the weights up again give them, digits too."""
    for evaluation in _evaluations():
        result = score_evaluation(evaluation, library)
        for card in ([result.department] if result.department else []) + [p.card for p in result.projects if p.card]:
            walked = [leaf for group in card.groups for leaf in group.leaves()]
            assert [id(leaf) for leaf in card.leaves()] == [id(leaf) for leaf in walked]
            added = sum((leaf.weight for leaf in walked), ZERO)
            assert (card.leaf_weight, str(card.leaf_weight)) == (added, str(added))


def _score_disagrees_before(stated: Decimal, computed: Decimal) -> bool:
    from jixiao.core.checks._common import rounded_up
    from jixiao.core.money import SCORE_PLACES, places_shown, round_half_up

    if stated == computed:
        return places_shown(stated) > SCORE_PLACES and stated > round_half_up(computed, SCORE_PLACES)
    return round_half_up(computed, places_shown(stated)) != stated or rounded_up(stated, computed)


_SCORES = ["0", "0.5", "0.49", "0.51", "1", "1.0", "1.00", "1.004", "1.005", "1.495", "1.5", "1.50", "2", "4.5", "5",
           "6.4", "7.2", "8", "8.0", "8.000", "7.995", "7.994", "7.5", "7.49999", "8.5", "89.5", "90", "99.995", "100",
           "-0.5", "-1", "1E+1", "1E-7", "2.5E-1", "0.50000000000000000000000000001"]


@pytest.mark.parametrize("room", [1, 1 << 12])
def test_score_disagrees_takes_the_long_way_s_answer(monkeypatch, room):
    """A stated score more than half a point from the computed one disagrees without its places being read: the same
    answer as comparing it with the computed score rounded to them, on every pair of these figures, digits included;
    a pair within half a point answered again from what was kept for it (`_common._NEAR`, by both figures as
    written: 8 and 8.0 are kept apart), or with room for one pair only."""
    from jixiao.core.checks import _common
    from jixiao.core.checks._common import score_disagrees

    monkeypatch.setattr(_common, "_NEAR", {})
    monkeypatch.setattr(_common, "MAX_NEAR", room)
    pairs = [(Decimal(a), Decimal(b)) for a in _SCORES for b in _SCORES]
    pairs += [(Decimal(a) + Decimal(k) / 1000, Decimal(a)) for a in ("6", "7.5", "8") for k in range(-600, 601, 7)]
    for _ in range(2):
        for stated, computed in pairs:
            assert score_disagrees(stated, computed) == _score_disagrees_before(stated, computed), (stated, computed)
    assert 0 < len(_common._NEAR) <= room


def _outcome(function, *args):
    try:
        return function(*args)
    except ArithmeticError as error:
        return type(error)


@pytest.mark.parametrize("odd", ["Infinity", "-Infinity", "NaN", "1E+999999", "-1E+999999"])
def test_score_disagrees_on_odd_figures_answers_or_fails_as_before(odd):
    from jixiao.core.checks._common import score_disagrees

    for other in ("8", "0", "Infinity", "1E+999999", "NaN"):
        for stated, computed in ((odd, other), (other, odd)):
            pair = (Decimal(stated), Decimal(computed))
            assert _outcome(score_disagrees, *pair) == _outcome(_score_disagrees_before, *pair), pair


@pytest.mark.parametrize("text", ["指标1", "12345 人", " 12345 人 ", "≥\u300090%", "a\tb", "a\nb\r", "a\xa0b", "  ", "",
                                  "满意度\u3000 调查", "x\u2003y", "名称\x0b"])
def test_a_name_or_target_is_normalised_as_translate_did(text):
    """FACT.TABLES drops ordinary spaces with replace() and leaves the rest to translate() only when something
    unprintable is left: the same text as translate() removing all six kinds of space."""
    from jixiao.core.checks.repeated_indicators import _SPACES, _plain

    assert _normal.__wrapped__(text) == text.translate(_SPACES)
    assert _plain(text) == text.translate(_SPACES)  # the project rows' way, which looks for a space before copying


# SCORE.SUBTOTAL, FORM.UNFILLED and GRADE pass over a project table that has nothing for them before gathering its
# figures or naming it; as they were written, they gathered and named every table first.

def subtotals_before(ctx) -> Iterator[Finding]:
    from jixiao.core.checks.subtotals import _indicator_scores, _stated_sum, _total, subtotals

    e = ctx.evaluation
    yield from (f for f in subtotals(ctx) if not f.location.startswith("projects["))
    for index, project in enumerate(e.projects):
        if project.indicators:
            yield from _total(f"projects[{index}]", f"项目“{project.name}”", project.stated_score,
                              project.stated_execution_score, _stated_sum(_indicator_scores(project.indicators)),
                              has_execution=True, in_text="total" in project.unfilled,
                              unclear="total_unclear" in project.unfilled)


def unfilled_before(ctx) -> Iterator[Finding]:
    from jixiao.core.checks import forms

    e, department = ctx.evaluation, ctx.result.department
    scores_execution = department is not None and department.execution is not None
    tables = [("", "部门整体", list(e.unfilled), [i for g in e.goals for i in g.indicators] + list(e.indicators),
               scores_execution and e.stated_execution_score is None, e.stated_score is not None)]
    tables += [(f"projects[{index}]", f"项目“{p.name}”", list(p.unfilled), list(p.indicators),
                p.stated_execution_score is None, p.stated_score is not None) for index, p in enumerate(e.projects)]
    original = forms._tables
    forms._tables = lambda _: iter(tables)
    try:
        yield from forms.unfilled(ctx)
    finally:
        forms._tables = original


def grades_before(ctx) -> Iterator[Finding]:
    from jixiao.core.checks.grades import _check_grade, _graded, _own, stated_scale

    own = stated_scale(ctx.evaluation.stated_grade_scale)
    for location, subject, score, grade, scale in _graded(ctx):
        scale = _own(own, scale, score)
        if scale is not None:
            yield from _check_grade(location, subject, score, grade, scale)


def weights_before(ctx) -> Iterator[Finding]:
    from jixiao.core.checks.weights import Later, _group_findings, _stated_groups, weights

    yield from _stated_groups(ctx)
    for card in score_cards(ctx):
        scheme = card.scheme
        if scheme.framework:
            continue
        leaves_total = card.leaf_weight
        subject = Later(subject_of, ctx.evaluation, card.path) if card.path else "部门整体"
        prefix = f"{card.path}." if card.path else ""
        if scheme.indicators_total is not None and leaves_total != scheme.indicators_total:
            yield Finding(
                "WEIGHT.TOTAL", "error", f"{prefix}{'goals' if scheme.goals else 'indicators'}",
                f"各指标分值之和为 {fmt_normalised(leaves_total)}，按“{scheme.name}”应为 "
                f"{fmt_normalised(scheme.indicators_total)}"
                + (f"；连同预算执行 {fmt_normalised(scheme.execution.weight)} 分，全表合计 "
                   f"{fmt_normalised(leaves_total + scheme.execution.weight)} 分，应为 "
                   f"{fmt_normalised(scheme.indicators_total + scheme.execution.weight)} 分" if scheme.execution else "")
                + "，请调整分值。",
                stated=fmt_normalised(leaves_total), recomputed=fmt_normalised(scheme.indicators_total),
                subject=subject,
            )
        for group in card.groups:
            yield from _group_findings(group, card, ctx, subject)
    yield from (f for f in weights(ctx) if f.code == "WEIGHT.CRITERIA")  # the leaves' criteria: unchanged


def _blank_and_graded(rng: random.Random, data: dict) -> dict:
    """A generated department whose projects state grades (some wrong, some blank) and leave 得分, 完成值 or 总分
    blank, some stating their total in the text and some their execution score."""
    for project in data["projects"]:
        if rng.random() < 0.5:
            project["stated_grade"] = rng.choice(["优", "良", "中", "差", ""])
        if rng.random() < 0.4:
            blank = rng.choice(["score", "actual", "total", "total_unclear"])
            project["unfilled"] = [blank]
            if blank == "score":
                project["indicators"][rng.randrange(12)].pop("score", None)
            elif blank == "actual":
                project["indicators"][rng.randrange(12)]["actual"] = " "
            elif rng.random() < 0.5:
                project.pop("stated_score", None)
        if rng.random() < 0.3:
            project["stated_execution_score"] = rng.choice(["20", "19.5", "18"])
    return data


def test_checks_that_pass_over_a_table_find_what_they_found_gathering_every_table(library):
    registered_checks()
    rng = random.Random(5)
    evaluations = _evaluations() + [msgspec.convert(_blank_and_graded(rng, department(rng, i, 25)), Evaluation)
                                    for i in range(30)]
    made = {}
    for code, before in (("SCORE.SUBTOTAL", subtotals_before), ("FORM.UNFILLED", unfilled_before),
                         ("GRADE", grades_before), ("WEIGHT", weights_before)):
        for evaluation in evaluations:
            ctx = CheckContext(evaluation, score_evaluation(evaluation, library), library)
            now = _texts(REGISTRY[code].function(ctx))
            assert now == _texts(before(ctx)), code
            made[code] = made.get(code, 0) + len(now)
    assert min(made.values()) > 10, made  # each finds something on these tables: compared where it finds


def _two_texts(stated, subject) -> tuple:
    return f"所列 {stated}", stated, None, subject


def test_a_finding_given_texts_is_the_finding_given_its_strings():
    """A Finding whose texts are one `Texts` reads, compares, hashes, prints, pickles, copies and encodes as the same
    Finding given the texts themselves, whichever of them is read first or none."""
    import pickle

    plain = Finding("SCORE.METHOD", "error", "projects[0].indicators[1]", "所列 8", "8", None, "", "项目“甲” › 指标1")

    def given(read: str | None = None) -> Finding:
        texts = Texts(_two_texts, "8", "项目“甲” › 指标1")
        finding = Finding("SCORE.METHOD", "error", "projects[0].indicators[1]", texts, texts, texts, "", texts)
        if read:
            getattr(finding, read)
        return finding

    for read in (None, "message", "stated", "recomputed", "subject"):
        assert _texts([given(read)]) == _texts([plain])
        assert given(read) == plain and plain == given(read) and not (given(read) != plain)
        assert hash(given(read)) == hash(plain) and repr(given(read)) == repr(plain)
        assert pickle.loads(pickle.dumps(given(read))) == plain
        assert _texts([msgspec.structs.replace(given(read), where="第 3 页")]) == _texts([msgspec.structs.replace(
            plain, where="第 3 页")])
        assert msgspec.json.encode(given(read).resolved()) == msgspec.json.encode(plain)
    other = Finding("SCORE.METHOD", "error", "projects[0].indicators[1]", "所列 9", "9", None, "", "项目“甲” › 指标1")
    assert given() != other and not (given() == other) and given() != "所列 8"


def _table_weights_before(card):
    """score_shape._weights as it was: the weights scanned for a blank one before they are added."""
    from jixiao.core.money import ZERO

    by_goal = bool(card.goals) and all(g.weight is not None for g in card.goals)
    weights = [g.weight for g in card.goals] if by_goal else [i.weight for i in card.indicators]
    if not weights or any(w is None for w in weights):
        return None
    execution = card.execution_weight
    if execution is None and card.card is not None and card.card.execution is not None:
        execution = card.card.execution.weight
    return sum(weights, execution or ZERO), by_goal, execution


@pytest.mark.parametrize("weights, execution", [
    (["8", "6"], "20"), (["8", None], "20"), ([None, "8"], None), ([], "20"), (["8.0", "6.00"], None),
    (["Infinity", None], "-Infinity"), (["Infinity"], "-Infinity"), (["sNaN", None], None), (["NaN", "2"], "1"),
])
def test_a_table_s_weights_add_up_as_the_long_way_adds_them(weights, execution):
    """SCORE.ABOVE_PARTS adds a table's weights and lets a blank one stop the sum: the same answer, digits included,
    as scanning for a blank one first, and the same error where weights cannot be added and none is blank."""
    from jixiao.core.checks.score_shape import StatedCard, _weights

    indicators = [Indicator(name="x", level1="output", weight=None if w is None else Decimal(w)) for w in weights]
    card = StatedCard("stated_score", "项目", Decimal(90), None if execution is None else Decimal(execution), None,
                      indicators, [], None)
    now, before = _outcome(_weights, card), _outcome(_table_weights_before, card)
    assert repr(now) == repr(before)
