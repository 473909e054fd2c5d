"""Reading what the review pages post: the sample (top N, ticked rows, why) and the bureau's scores. Typed text is
kept for the page shown again; each problem is a Chinese sentence naming the field or the row."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.core import limits
from jixiao.core.cycle import gaps
from jixiao.web import params
from jixiao.web.evaluations.fields import Field, read_number

from .services import Row

REASON = Field("reason", "抽查理由", max_length=500)


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


@dataclass
class SampleForm:
    top: int = 0
    picked: set[int] = field(default_factory=set)
    reason: str = ""
    typed_top: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def read_sample(post) -> SampleForm:
    form = SampleForm(typed_top=post.get("top", "").strip(), reason=post.get("reason", "").strip())
    form.picked = {params.integer(v) for v in post.getlist("pick") if params.integer(v) > 0}
    if form.typed_top:
        value, problem = read_number(form.typed_top, "count")
        if problem is None and value != value.to_integral_value():
            problem = f"请输入整数，不是“{_short(form.typed_top)}”"
        if problem:
            form.errors["top"] = f"前 N 名：{problem}"
        else:
            form.top = int(value)
    _, problem = REASON.read(form.reason)
    if problem:
        form.errors["reason"] = f"抽查理由：{problem}"
    return form


@dataclass
class ScoresForm:
    values: dict[str, Decimal | None] = field(default_factory=dict)  # path → score (None: cleared)
    typed: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _beyond_any_score(raw: str) -> Decimal | None:
    """The number typed when it reads as a number above any score (the score bound's "不能超过 100" would name the
    scale, not the row's weight); None otherwise."""
    value, problem = read_number(raw, "signed")
    return value if problem is None and value > limits.SCORE.high else None


def read_scores(rows: list[Row], post) -> ScoresForm:
    """A row missing from the post keeps what is stored; an emptied one is cleared. A row posted back as the page
    showed it keeps what is stored too: the page shows a stored score to 2 places (5.1571 as 5.16), and reading that
    text back as a new score would overwrite the stored one and count as a change nobody made."""
    form = ScoresForm()
    for row in rows:
        if row.field not in post:
            continue
        raw = post.get(row.field, "").strip()
        form.typed[row.path] = raw
        if row.stored is not None and raw == row.shown:
            continue
        if not raw:
            form.values[row.path] = None
            continue
        value, problem = read_number(raw, "score")
        if problem is not None:
            # a number past every score (123) is named against this row's weight, as 5 on a 3-point row is, not
            # against the score bound's 100
            value = _beyond_any_score(raw)
        if value is not None:
            problem = gaps.score_problem(value, row.weight)
            problem = problem and f"{problem}，不是“{_short(raw)}”"
        if problem:
            form.errors[row.path] = f"第 {row.number} 行“{_short(row.name)}”：{problem}"
        else:
            form.values[row.path] = value
    return form
