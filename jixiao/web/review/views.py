"""抽查复核 pages: the risk ranking and the sample chosen from it, and the spot-check of one sampled evaluation.
Finance reviewers only, and only their own bureau's departments."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from jixiao.core.cycle import gaps
from jixiao.core.model import Indicator
from jixiao.core.reports.rounding import GAP_TAIL_NOTE
from jixiao.web import lookups, params
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import allowed_or_404
from jixiao.web.evaluations.fields import EXAMPLES
from jixiao.web.evaluations.models import LIST_DEFERRED, Evaluation
from jixiao.web.evaluations.services import Actor, analysis_of
from jixiao.web.paging import without_page
from jixiao.web.review.counted import counted_scores

from . import services
from .forms import SampleForm, ScoresForm, read_sample, read_scores


def _year(request) -> int | None:
    return params.year(request.GET.get("year") or request.POST.get("year"))


def _ranking_page(request, form: SampleForm, status: int = 200):
    year = _year(request)
    ranked = services.ranking_page(request.user, year, request.GET.get("page"))
    years = services.reviewable_years(request.user)
    return render(request, "review/index.html", {
        "rows": ranked.rows, "page": ranked.page, "page_query": without_page(request), "year": year, "years": years,
        "form": form, "samples": services.latest_samples(request.user), "open_count": ranked.open_count,
    }, status=status)


@role_required(Role.FINANCE_REVIEWER)
def index(request):
    """The ranking; posted, the sample taken from it."""
    if request.method == "POST":
        return _take_sample(request)
    return _ranking_page(request, SampleForm())


def _take_sample(request):
    form = read_sample(request.POST)
    if "top" in form.errors:  # the shared example of a count (如 36) is no rank to take: show one that fits
        form.errors["top"] = form.errors["top"].replace(f"如 {EXAMPLES['count']}", "如 3")
    if not form.errors:
        try:
            chosen = services.choose_sample(request.user, Actor.of(request), year=_year(request), top=form.top,
                                            picked=form.picked, reason=form.reason)
        except services.SampleRefused as refused:
            form.errors["sample"] = str(refused)
        else:
            messages.success(request, f"已抽中 {len(chosen)} 份自评：" + "、".join(str(c.evaluation) for c in chosen))
            return redirect(reverse("review:index") + (f"?year={_year(request)}" if _year(request) else ""))
    return _ranking_page(request, form, status=400)


@role_required(Role.FINANCE_REVIEWER)
def project_risks(request, pk: int):
    """A ranked evaluation's projects and their risks: the table the opened row fetches, or a page of its own."""
    row = services.ranked_one(request.user, pk)
    template = "review/_project_risks.html" if request.headers.get("HX-Request") else "review/project_risks.html"
    return render(request, template, {"row": row})


# ------------------------------------------------------------------------------------------------- spot-check
@dataclass
class Line:
    row: services.Row
    shown: str
    error: str
    gap: gaps.IndicatorGap
    indicator: Indicator | None  # as the evaluation states it: its target (年度指标值) and actual (实际完成值)


def _indicators(evaluation) -> dict[str, Indicator]:
    """Each scored indicator of the evaluation by its path, from the core's (cached) analysis of the document."""
    result = analysis_of(evaluation).result
    cards = ([result.department] if result.department else []) + [p.card for p in result.projects if p.card]
    return {leaf.path: leaf.indicator for card in cards for leaf in card.leaves()}


def _lines(rows: list[services.Row], form: ScoresForm | None, indicators: dict[str, Indicator]) -> list[Line]:
    lines = []
    for row in rows:
        shown = form.typed.get(row.path, row.shown) if form else row.shown
        lines.append(Line(row, shown, form.errors.get(row.path, "") if form else "", row.gap_row(),
                          indicators.get(row.path)))
    return lines


@role_required(Role.FINANCE_REVIEWER)
def spot_check(request, pk: int):
    # its document is read only when its analysis is not in memory yet (analysis_of): the page shows the analysis
    # by a statement written once per process (web.lookups), `bureau_evaluations` asked in Python of the row
    evaluation = lookups.one_related(Evaluation, ("department",), ("id",), [pk], without=LIST_DEFERRED)
    allowed = evaluation is not None and services.reviews(request.user, evaluation)
    evaluation = allowed_or_404(request, evaluation, allowed, f"无权访问自评 {pk} 的抽查复核", "没有这份自评。")
    check = services.spot_check_of(evaluation)
    if check is None:
        raise Http404("该自评未被抽中，请先在风险排名中选样。")
    check.evaluation = evaluation  # the row just read: not its document read and decoded a second time
    rows = services.rows_of(check)
    form = None
    if request.method == "POST":
        form = read_scores(rows, request.POST)
        if not form.errors:
            changed = services.save_bureau_scores(check, form.values, Actor.of(request))
            messages.success(request, f"已保存 {changed} 项复核得分。" if changed else "复核得分没有变化。")
            return redirect(request.path)
    lines = _lines(rows, form, _indicators(evaluation))
    report = gaps.report(line.gap for line in lines)
    counts = counted_scores(evaluation)
    parts = [(part, [line for line in lines if line.row.part == part.part], counts.said_of(part.part))
             for part in report.parts]
    history = services.department_history(check)
    return render(request, "review/spot_check.html", {
        "check": check, "evaluation": evaluation, "parts": parts, "report": report,
        "errors": list(form.errors.values()) if form else [],
        "history": history, "tail_note": GAP_TAIL_NOTE,
        # the sums' tables carry the 尾差 note where a sum shown minus another misses the 自评偏差 shown
        "sums_tail": any(part.sum.tail for part in report.parts),
        "history_tail": any(part.sum.tail for year in history for part in year.compared),
    }, status=400 if form and form.errors else 200)
