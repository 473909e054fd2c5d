"""信息公开: the public portal (no login) and the finance reviewer's page choosing what to publish.

The portal reads only `services.published()`: an evaluation that is not published is a 404 whatever the URL, and
nothing on these pages names a user or shows a finding."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from jixiao.io.charts import FontMissing
from jixiao.web import params
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import visible_or_404
from jixiao.web.evaluations.models import LIST_DEFERRED
from jixiao.web.evaluations.services import Actor
from jixiao.web.organisations.models import GENERATED_EVALUATION_NOTE, GENERATED_NOTE, FinanceBureau
from jixiao.web.paging import paged

from . import figures, opendata, services


def _published_or_404(evaluation_id: int):
    found = services.published().filter(pk=evaluation_id).first()
    if found is None:
        raise Http404("没有找到该公开的评价。")
    return found


def index(request):
    bureaus = FinanceBureau.objects.filter(
        departments__evaluations__in=services.published()).annotate(published=Count("departments__evaluations"))
    return render(request, "disclosure/index.html", {"bureaus": bureaus})


def bureau(request, bureau_id: int):
    evaluations = services.published().filter(department__finance_bureau_id=bureau_id)
    found = FinanceBureau.objects.filter(pk=bureau_id, departments__evaluations__in=evaluations).first()
    if found is None:
        raise Http404("该财政局没有公开的评价。")
    # 50 a page, without the documents: a province's bureau publishes thousands
    page, page_query = paged(request, evaluations.defer(*LIST_DEFERRED))
    return render(request, "disclosure/bureau.html", {"bureau": found, "evaluations": page, "page": page,
                                                      "page_query": page_query})


def evaluation(request, evaluation_id: int):
    found = _published_or_404(evaluation_id)
    return render(request, "disclosure/evaluation.html", {
        "evaluation": found, "row": figures.evaluation_row(found, found.publication.published),
        "parts": figures.part_rows(found), "projects": figures.project_rows(found),
        "indicators": figures.indicator_rows(found), "tail_notes": figures.tail_notes(found),
        "formats": services.PUBLIC_FORMATS})


def evaluation_json(request, evaluation_id: int):
    found = _published_or_404(evaluation_id)
    return HttpResponse(opendata.as_json(opendata.evaluation_data(found)), content_type="application/json")


def download(request, evaluation_id: int, fmt: str):
    found = _published_or_404(evaluation_id)
    if fmt not in services.PUBLIC_FORMATS:
        raise Http404("不支持的格式。")
    try:
        name, content = services.document(found, fmt)
    except FontMissing as missing:  # a server without CJK fonts: say so, not a 500
        return render(request, "disclosure/unavailable.html", {"reason": str(missing)}, status=503)
    from jixiao.io.documents import FORMATS

    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# ------------------------------------------------------------------------------------------------ open data
def data(request):
    return render(request, "disclosure/data.html", {"resources": opendata.RESOURCES, "generated_note": GENERATED_NOTE,
                                                    "generated_evaluation_note": GENERATED_EVALUATION_NOTE})


def datapackage(request):
    return HttpResponse(opendata.as_json(opendata.descriptor()), content_type="application/json")


def data_json(request):
    return HttpResponse(opendata.as_json([opendata.evaluation_data(e) for e in services.published()]),
                        content_type="application/json")


def data_csv(request, resource: str):
    if resource not in opendata.RESOURCES:
        raise Http404("没有这个数据表。")
    response = HttpResponse(opendata.as_csv(resource), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{resource}.csv"'
    return response


# ----------------------------------------------------------------------------------- choosing what to publish
@role_required(Role.FINANCE_REVIEWER)
def manage(request):
    candidates = services.manageable(request.user)
    if request.method == "POST":
        action = request.POST.get("action")
        chosen = visible_or_404(request, candidates, params.integer(request.POST.get("evaluation")),
                                "无权公开该评价", "没有找到该评价，或您无权公开。")
        try:
            if action == "publish":
                services.publish(chosen, Actor.of(request))
                messages.success(request, f"已公开 {chosen}。")
            elif action == "withdraw":
                services.withdraw(chosen, Actor.of(request))
                messages.success(request, f"已撤回 {chosen} 的公开。")
            else:
                messages.error(request, "操作无效：请选择“公开”或“撤回”。")
        except services.PublicationError as error:
            messages.error(request, str(error))
        return redirect("disclosure:manage")
    from jixiao.web.evaluations.models import Status

    rows = candidates.filter(status=Status.ACCEPTED).select_related("publication").defer(*LIST_DEFERRED) \
        .order_by("-year", "department__name", "pk")
    page, page_query = paged(request, rows)  # a province's bureau accepts thousands a year
    return render(request, "disclosure/manage.html", {"evaluations": page, "page": page, "page_query": page_query})
