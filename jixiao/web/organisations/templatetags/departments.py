"""A department's name as the lists show it: a small badge marks the departments the demo generated."""

from django import template
from django.utils.html import format_html

from jixiao.web.organisations.models import GENERATED, GENERATED_EVALUATION_NOTE, GENERATED_NOTE

register = template.Library()


@register.filter
def generated_badge(department, evaluation=None) -> str:
    """` 演示生成` after a generated department's name ({{ e.department|generated_badge }}); nothing otherwise.
    Where the name stands for one evaluation (a row or heading of a department and year), that evaluation too
    ({{ e.department|generated_badge:e }}): the demo generates earlier years of real departments. The caller reads
    both fields with its rows (only()/values lists name them): no query here."""
    return generated_badge_of(getattr(department, "generated", False), getattr(evaluation, "generated", False))


def generated_badge_of(department_generated: bool, evaluation_generated: bool = False) -> str:
    """`generated_badge` of a row read as values (or of flags read elsewhere, the audit log's evaluation names): its
    department's and its evaluation's `generated`. The one place the badge is chosen."""
    if department_generated:
        return _GENERATED
    return _GENERATED_EVALUATION if evaluation_generated else ""


def generated_years_badge(years: list[int]) -> str:
    """A real department's row that spans years (analytics' departments × years): 演示生成 and the years among them the
    demo generated, e.g. 演示生成：2022 年度; nothing when it generated none."""
    if not years:
        return ""
    return format_html(_BADGE, GENERATED_EVALUATION_NOTE, f"{GENERATED}：{'、'.join(map(str, years))} 年度")


_BADGE = ' <span class="status" data-testid="generated" title="{}">{}</span>'
_GENERATED = format_html(_BADGE, GENERATED_NOTE, GENERATED)  # drawn once per process
_GENERATED_EVALUATION = format_html(_BADGE, GENERATED_EVALUATION_NOTE, GENERATED)  # its title: the department is real


@register.simple_tag
def matched(name: str, search: str) -> str:
    """`name` with the part a search found in it marked (<mark>), escaped; as it is when the search is not in it."""
    at = name.lower().find(search.lower()) if search else -1
    if at < 0:
        return format_html("{}", name)
    end = at + len(search)
    return format_html("{}<mark>{}</mark>{}", name[:at], name[at:end], name[end:])
