"""Figures of the projection shown as every page shows them: rounded once, half up (core.money)."""

from django import template

from jixiao.core.money import fmt_percent, fmt_score, fmt_wan

register = template.Library()

register.filter("score", fmt_score)
register.filter("rate", fmt_percent)
register.filter("wan", fmt_wan)
