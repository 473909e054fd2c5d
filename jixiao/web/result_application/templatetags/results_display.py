"""Figures of the suggestion table as shown: rounded once, here, by the core's money helpers (万元 and scores to 2
places, ROUND_HALF_UP)."""

from django import template

from jixiao.core.money import fmt_total, fmt_wan

register = template.Library()


@register.filter
def wan(value) -> str:
    return fmt_wan(value)


@register.filter
def total_score(value) -> str:
    """An evaluation's or a project's total score: 2 places, as on every page ("78.20")."""
    return fmt_total(value)


@register.filter
def signed_wan(value) -> str:
    """A change of budget: +12.00 / −12.00 / 0.00."""
    if value is None:
        return "—"
    shown = fmt_wan(abs(value))
    return shown if shown == "0.00" else ("+" if value > 0 else "−") + shown

