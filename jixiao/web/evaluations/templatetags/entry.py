"""Widgets of the data-entry pages, drawn by each field's kind in Python (one call per cell, no include)."""

from django import template

register = template.Library()


def _source(context, cell) -> str:
    """Where an imported value was read, for its input's title: 导入自 工作表“支出” B4."""
    sources = context.get("import_sources")
    if not sources or not cell.path:
        return ""
    from jixiao.web.evaluations.importing import source_of

    found = source_of(cell.path, sources)
    return f"导入自：{found}" if found else ""


@register.simple_tag(takes_context=True)
def widget(context, cell, editable: bool, element_id: bool = False):
    """The input of a posted or stored cell, under its own name."""
    return cell.field.widget(cell.name, cell.value, editable, element_id=cell.name if element_id else "",
                             title=_source(context, cell))


@register.simple_tag
def blank_widget(field, grid_name: str):
    """The input of a new row's cell, numbered by the browser when the row is added."""
    return field.widget(f"{grid_name}-__i__-{field.path}", "", True)


@register.simple_tag(takes_context=True)
def field_block(context, cell, findings, editable: bool):
    """A labelled field with its unit, its help, its input error and the findings about it."""
    from django.utils.html import format_html, format_html_join

    f = cell.field
    classes = "field" + (" invalid" if cell.error else "") + (" wide" if f.kind == "longtext" else "")
    help_mark = format_html(' <span class="help" tabindex="0" title="{}">?</span>', f.help) if f.help else ""
    unit = format_html('<span class="unit">{}</span>', f.unit) if f.unit else ""
    error = format_html('<span class="error">{}</span>', cell.error) if cell.error else ""
    notes = format_html_join("", '<span class="finding {}">{}</span>', ((x.severity, x.message) for x in findings or ()))
    return format_html(
        '<div class="{}"><label for="{}">{}{}</label><div class="input">{}{}</div>'
        '<div class="feedback" id="fb-{}">{}{}</div></div>',
        classes, cell.name, f.label, help_mark,
        f.widget(cell.name, cell.value, editable, element_id=cell.name, title=_source(context, cell)), unit,
        cell.name, error, notes)
