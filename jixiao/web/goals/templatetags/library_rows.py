"""The indicator library's rows drawn in Python: sixty rows of seven escaped cells as template variables were a fifth
of the library page's time (issue 11). The markup is the template's, unchanged."""

from django import template
from django.utils.safestring import mark_safe

from jixiao.web.evaluations.fields import _e

register = template.Library()

COLUMNS = ("name", "category_label", "unit_of_measure", "direction_label", "target", "criteria", "origin")


@register.simple_tag
def library_rows(results):
    if not results:
        return mark_safe('<tr><td colspan="7">没有匹配的指标。</td></tr>')
    return mark_safe("".join("<tr>" + "".join(f"<td>{_e(row[column])}</td>" for column in COLUMNS) + "</tr>\n  "
                             for row in results))


@register.simple_tag
def grid_rows(rows, editable=False):
    """The indicator rows of a block of the goals' editing page, each cell its input and its message (presenting.
    with_widgets), drawn in Python: a department's goals have hundreds of cells, each four template nodes were most
    of the page's drawing (issue 11 §3). The markup is the template's, unchanged. `editable`: each row ends with its
    ✕ (goals.js removes the row, and marks it removed for the save)."""
    remove = ('<td class="no-print"><button type="button" class="link delete-goal-row" title="删除此行" '
              'aria-label="删除此行">✕</button></td>') if editable else ""
    parts = []
    for row in rows:
        parts.append("<tr>")
        for cell in row:
            error = f'<span class="error">{_e(cell.error)}</span>' if cell.error else ""
            parts.append(f'<td class="{"invalid" if cell.error else ""}">{_e(cell.widget)}{error}</td>')
        parts.append(f"{remove}</tr>")
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped
