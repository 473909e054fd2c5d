"""The score that counts beside the department's own, where the bureau's spot-check rescored a whole table
(review.counted): one drawing for every page that shows a table's score — the evaluation's overview, the bureau's
list, 结果应用 — so that each labels the two alike and a reader sees at a glance which one counts."""

from django import template
from django.utils.safestring import mark_safe

from jixiao.core.money import fmt_total
from jixiao.web.analytics.models import REVIEWED
from jixiao.web.evaluations.fields import _e

register = template.Library()

COUNTS = "排名与结果应用按复核得分：财政抽查复核了本表的全部指标"


def scores_beside(score, grade, self_score, self_grade, why: str = "", testid: str = "") -> str:
    """复核得分 (bold, first: what counts) above 自评得分, each with its grade, each kept on one line; `why` (the
    Counted's reason, with the 自评偏差) shown on hovering. For a score cell of a table."""
    title = _e(f"{COUNTS}；{why}" if why else COUNTS)
    test = f' data-testid="{_e(testid)}"' if testid else ""
    return (f'<span class="counted-score"{test} title="{title}">复核得分 <b>{fmt_total(score)}</b>{_graded(grade)}'
            f'</span><br><span class="self-score hint">自评得分 {fmt_total(self_score)}{_graded(self_grade)}</span>')


def grades_beside(counted) -> str:
    """A grade cell beside `scores_beside`'s score cell: the grade that counts first, the department's own below it,
    dimmed, as the score cell has them; "" when the department's own counts (the cell shows it as ever)."""
    if counted is None or not counted.reviewed:
        return ""
    return grade_above_own(counted.grade, counted.self_grade)


def grade_above_own(grade, self_grade) -> str:
    """`grades_beside` of the figures, for a row that holds them rather than a Counted (the bureau's list)."""
    return (f'<span class="counted-score" title="{_e(COUNTS)}">{_e(grade or "未评定")}</span><br>'
            f'<span class="self-score hint">自评 {_e(self_grade or "未评定")}</span>')


def listed_score(row) -> str:
    """A list's score cell (the bureau's, the evaluations list to the bureau's reviewer) for a row that holds what
    counts as the projection keeps it (`counted_source`, `counted_score`, `counted_grade`, `counted_reason` beside the
    evaluation's own `score` and `grade`): `scores_beside` where the bureau's spot-check rescored the table, "" where
    the department's own counts (the list draws it as ever)."""
    if getattr(row, "counted_source", None) != REVIEWED:
        return ""
    return scores_beside(row.counted_score, row.counted_grade, row.score, row.grade, row.counted_reason or "",
                         f"reviewed-{row.pk}")


def listed_grade(row) -> str:
    """`listed_score`'s grade cell: the grade that counts above the department's own; "" where its own counts."""
    if getattr(row, "counted_source", None) != REVIEWED:
        return ""
    return grade_above_own(row.counted_grade, row.grade)


def _graded(grade) -> str:
    return f"（{_e(grade)}）" if grade else ""


@register.simple_tag
def counted_score(counted, testid: str = ""):
    """`scores_beside` of a reviewed.Counted; "" when the department's own score counts (nothing to add)."""
    if counted is None or not counted.reviewed:
        return ""
    return mark_safe(scores_beside(counted.score, counted.grade, counted.self_score, counted.self_grade,
                                   counted.reason, testid))


@register.simple_tag
def reviewed_score(score, grade, self_score, self_grade, why, testid=""):
    """`scores_beside` as a template tag, for a page that holds the figures rather than a Counted (结果应用's
    subjects, whose grade column and 理由 say the grades: "" leaves them out here)."""
    return mark_safe(scores_beside(score, grade, self_score, self_grade, why, testid))
