from django.core.paginator import Paginator
from django.shortcuts import render

from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role

from .models import Action, AuditEvent


@role_required(Role.AUDIT_ADMIN)
def log(request):
    events = AuditEvent.objects.all()
    action, user = request.GET.get("action", ""), request.GET.get("user", "").strip()
    if action in Action.values:
        events = events.filter(action=action)
    if user:
        events = events.filter(username=user)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "actions": Action.choices, "action": action, "user_filter": user})
