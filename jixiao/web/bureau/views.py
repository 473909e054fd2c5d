from django.db.models import Count, Sum
from django.shortcuts import render

from jixiao.web.accounts import permissions
from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.evaluations.models import Evaluation, Status

from .filtersets import filter_evaluations


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
    })
