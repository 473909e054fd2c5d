"""An evaluation's status in the lists and headers; a returned one says who returned it (and, in lists, on which
day)."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ..models import Status
from ..returns import RETURNED_BY, status_name, status_of

register = template.Library()


# The badge of each status but a return, the same markup for every evaluation in it: drawn once per process, not
# by format_html and the field's choices for each row of a list (a bureau's lists show dozens)
_UNRETURNED = {status.value: format_html('<span class="status {}">{}</span>', status.value, status.label)
               for status in Status if status != Status.RETURNED}


@register.simple_tag
def status_badge(evaluation):
    """With `last_action` and `last_action_at` (returns.with_last_event) it names who returned it without a query."""
    badge = _UNRETURNED.get(evaluation.status)
    if badge is not None:
        return badge
    when = getattr(evaluation, "last_action_at", None)
    if evaluation.status == Status.RETURNED and when:
        return format_html('<span class="status {}">{}</span> <small>{}</small>', evaluation.status,
                           status_of(evaluation), timezone.localtime(when).date().isoformat())
    return format_html('<span class="status {}">{}</span>', evaluation.status, status_of(evaluation))


def status_badge_of(status: str, last_action: str | None, when) -> str:
    """`status_badge` of an evaluation read as values, `last_action` and `last_action_at` among them
    (returns.with_last_event: None for an evaluation without a workflow event, whose return no event names)."""
    badge = _UNRETURNED.get(status)
    if badge is not None:
        return badge
    name = status_name(status, last_action)
    if status == Status.RETURNED and when:
        return format_html('<span class="status {}">{}</span> <small>{}</small>', status, name,
                           timezone.localtime(when).date().isoformat())
    return format_html('<span class="status {}">{}</span>', status, name)


@register.simple_tag
def status_heading(evaluation):
    """The status beside an evaluation's title, named as the lists name it."""
    return format_html('<span class="status {}" data-testid="evaluation-status">{}</span>', evaluation.status,
                       status_of(evaluation))


@register.simple_tag
def return_name(event) -> str:
    """A return event by the name its status then has (部门退回修改 or 财政退回修改)."""
    return RETURNED_BY.get(event.action, "")
