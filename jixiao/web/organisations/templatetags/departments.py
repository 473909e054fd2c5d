"""A department's name as the lists show it: a small badge marks the departments the demo generated."""

from django import template
from django.utils.html import format_html

from jixiao.web.organisations.models import GENERATED, GENERATED_NOTE

register = template.Library()


@register.filter
def generated_badge(department) -> str:
    """` 演示生成` after a generated department's name ({{ e.department|generated_badge }}); nothing otherwise."""
    return _GENERATED if getattr(department, "generated", False) else ""


_GENERATED = format_html(' <span class="status" data-testid="generated" title="{}">{}</span>', GENERATED_NOTE,
                         GENERATED)  # drawn once per process


@register.simple_tag
def matched(name: str, search: str) -> str:
    """`name` with the part a search found in it marked (<mark>), escaped; as it is when the search is not in it."""
    at = name.lower().find(search.lower()) if search else -1
    if at < 0:
        return format_html("{}", name)
    end = at + len(search)
    return format_html("{}<mark>{}</mark>{}", name[:at], name[at:end], name[end:])
