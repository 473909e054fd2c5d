"""An evaluation's status in the lists; a returned one says who returned it and on which day."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ..models import Status
from ..returns import RETURNED_BY

register = template.Library()


@register.simple_tag
def status_badge(evaluation):
    """Needs `last_action` and `last_action_at` (returns.with_last_event) to name who returned it."""
    by = RETURNED_BY.get(getattr(evaluation, "last_action", None) or "")
    when = getattr(evaluation, "last_action_at", None)
    if evaluation.status == Status.RETURNED and by and when:
        return format_html('<span class="status {}" title="{}">{}</span> <small>{}</small>', evaluation.status,
                           evaluation.get_status_display(), by, timezone.localtime(when).date().isoformat())
    return format_html('<span class="status {}">{}</span>', evaluation.status, evaluation.get_status_display())
