"""A stored value as people read it, with the stored code in the title (audit log, version comparison)."""

from django import template
from django.utils.html import format_html
from django.utils.text import Truncator

from ..models import Action
from ..values import label, status_label

register = template.Library()
SHOWN_CHARS = 60


def _shown(raw: str, words: str | None, empty: str = ""):
    if words is not None:
        return format_html('<span title="{}">{}</span>', raw, words)
    if raw == "":
        return empty
    short = Truncator(raw).chars(SHOWN_CHARS)
    return short if short == raw else format_html('<span title="{}">{}</span>', raw, short)


@register.simple_tag
def event_value(event, which: str):
    """The old or new value of an audit event: a workflow event's status or a document field's code in words."""
    raw = event.old_value if which == "old" else event.new_value
    words = status_label(raw) if event.action == Action.WORKFLOW else label(event.field, raw)
    return _shown(raw, words)


@register.simple_tag
def document_value(path: str, value):
    """A value at `path` of a stored document; None (absent) is shown as （空）."""
    if value is None:
        return "（空）"
    raw = str(value)
    return _shown(raw, label(path, value), empty="（空）")
