from django.core.paginator import Paginator
from django.template.loader import render_to_string

from jixiao.web.accounts.decorators import role_required
from jixiao.web.accounts.models import Role
from jixiao.web.pagecache import fragments

from .models import Action, AuditEvent


@role_required(Role.AUDIT_ADMIN)
def log(request):
    action, user = request.GET.get("action", ""), request.GET.get("user", "").strip()
    number = request.GET.get("page")
    # the filters, the events' table and its pager drawn once for each state of what they show (every audit
    # administrator sees the same log): a forced reload draws the page around them only
    content = fragments.kept("audit-log", (action, user, number),
                             lambda: fragments.Html(_content(action, user, number)))
    return fragments.render(request, "audit/log.html", {"content": content})


def _content(action: str, user: str, number) -> str:
    events = AuditEvent.objects.all()
    if action in Action.values:
        events = events.filter(action=action)
    if user:
        events = events.filter(username=user)
    page = Paginator(events, 100).get_page(number)
    return render_to_string("audit/log_content.html", {"page": page, "actions": Action.choices, "action": action,
                                                       "user_filter": user})
