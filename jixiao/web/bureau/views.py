from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from jixiao.web.accounts import permissions
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.evaluations.models import Evaluation, Status

from . import exports
from .filtersets import filter_evaluations
from .models import ExportJob


@role_required(Role.FINANCE_REVIEWER)
def dashboard(request):
    mine = Evaluation.objects.filter(department__finance_bureau_id__in=permissions.bureau_ids(request.user))
    evaluations, chosen = filter_evaluations(mine.select_related("department"), request.GET)
    totals = evaluations.aggregate(errors=Sum("errors"), warnings=Sum("warnings"), notices=Sum("notices"))
    by_status = {row["status"]: row["n"] for row in evaluations.values("status").annotate(n=Count("id"))}
    return render(request, "bureau/dashboard.html", {
        "evaluations": evaluations, "chosen": chosen, "totals": totals,
        "by_status": [(label, by_status.get(value, 0)) for value, label in Status.choices],
        "years": sorted(set(mine.values_list("year", flat=True)), reverse=True),
        "grades": sorted({g for g in mine.values_list("grade", flat=True) if g}),
        "statuses": Status.choices,
        "jobs": ExportJob.objects.filter(user=request.user)[:5],
    })


@require_POST
@role_required(Role.FINANCE_REVIEWER)
def export_start(request):
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        from django.contrib import messages

        messages.error(request, "请选择要打包的年度。")
        return redirect("bureau:dashboard")
    job = ExportJob.objects.create(user=request.user, year=year)
    record(Action.EXPORT, request, object_type="export", object_id=job.pk, detail=f"打包 {year} 年度已接收的自评")
    exports.start(job, permissions.bureau_ids(request.user))
    return redirect("bureau:export", job.pk)


def _job(request, job_id: int) -> ExportJob:
    job = ExportJob.objects.filter(pk=job_id, user=request.user).first()
    if job is None:
        raise Http404("没有这个导出任务。")
    return job


@role_required(Role.FINANCE_REVIEWER)
def export_status(request, job_id: int):
    job = _job(request, job_id)
    template = "bureau/_export_progress.html" if request.headers.get("HX-Request") else "bureau/export.html"
    return render(request, template, {"job": job})


@role_required(Role.FINANCE_REVIEWER)
def export_download(request, job_id: int):
    job = _job(request, job_id)
    if job.state != ExportJob.State.DONE:
        raise Http404("导出尚未完成。")
    path = exports.exports_dir() / job.file
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{job.year}年度部门绩效自评（已接收）.zip")
