"""The overview's rows drawn in Python: up to 500 rows of eight cells each, which as template markup were most of the
page's time (issue 11). The markup is monitoring/overview.html's, unchanged."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from jixiao.web.evaluations.fields import _e

register = template.Library()


@register.simple_tag
def overview_line(line):
    """One department × project row: its report, figures, colour and warnings."""
    row = line.row
    report = row.report
    href = _e(reverse("monitoring:report", args=[report.pk]))
    colour = (f'<span class="signal {_e(row.colour)}">{_e(row.get_colour_display())}</span>' if row.colour
              else '<span class="signal">未填</span>')
    warnings = "".join(f'<li class="{_e(w["colour"])}">{_e(w["message"])}</li>' for w in line.warnings)
    return mark_safe(
        f'\n  <tr class="row-{_e(row.colour)}">\n'
        f'    <td><a href="{href}">{_e(report.department.name)}</a></td><td>{_e(report.period)}</td>\n'
        f'    <td><span class="status {_e(report.status)}">{_e(report.get_status_display())}</span></td>\n'
        f'    <td class="monitoring-name"><a href="{href}#row-{row.position}">{_e(row.name)}</a></td>\n'
        f'    <td class="num">{_e(line.budget)}</td><td class="num">{_e(line.spent)}</td>'
        f'<td class="num">{_e(line.spending_progress)}</td>\n'
        f'    <td>{colour}\n      <ul class="signals">{warnings}</ul></td>\n  </tr>')
