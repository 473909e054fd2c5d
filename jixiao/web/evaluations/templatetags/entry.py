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
    """A labelled field with its unit, its help, its input error and the findings about it (plain formatting over
    the widget's escaping, as the widget itself is built)."""
    from django.utils.safestring import mark_safe

    from jixiao.web.evaluations.fields import _e

    f = cell.field
    classes = "field" + (" invalid" if cell.error else "") + (" wide" if f.kind == "longtext" else "")
    help_mark = f' <span class="help" tabindex="0" title="{_e(f.help)}">?</span>' if f.help else ""
    unit = f'<span class="unit">{_e(f.unit)}</span>' if f.unit else ""
    if f.fill and editable:  # app.js copies the live panel's computed value in (never a stale drawn one)
        unit += (f'<button type="button" class="link fill-computed no-print" data-fill="{_e(f.fill)}" '
                 f'data-for="{_e(cell.name)}" title="按规则计算的结果填入本栏（计算结果随填写即时更新）">填入计算结果</button>')
    error = f'<span class="error">{_e(cell.error)}</span>' if cell.error else ""
    notes = "".join(f'<span class="finding {_e(x.severity)}">{_e(x.message)}</span>' for x in findings or ())
    name = _e(cell.name)
    widget = f.widget(cell.name, cell.value, editable, element_id=cell.name, title=_source(context, cell))
    return mark_safe(f'<div class="{classes}"><label for="{name}">{_e(f.label)}{help_mark}</label>'
                     f'<div class="input">{widget}{unit}</div><div class="feedback" id="fb-{name}">{error}{notes}</div></div>')


@register.simple_tag(takes_context=True)
def grid_row(context, row: dict, g: dict, editable: bool):
    """One row of an entry grid: its cells' inputs and errors, its score cell, its link and its delete button. Drawn
    in Python, not by a template per cell: a goals page has hundreds of rows (issue 11)."""
    from django.utils.safestring import mark_safe

    from jixiao.web.evaluations.fields import _e

    grid = g["grid"]
    document = getattr(context.get("page"), "document", None)  # names the items of a place (项目“…”)
    cells = "".join(
        f'<td{" class=" + chr(34) + "invalid" + chr(34) if cell.error else ""}>'
        f'{_input(context, cell, editable, document)}'
        f'{"<div class=" + chr(34) + "error" + chr(34) + ">" + _e(cell.error) + "</div>" if cell.error else ""}</td>'
        for cell in row["cells"])
    score = score_cell(context, row, g) if grid.scored else ""
    link = f'<a href="{_e(row["link"])}">自评表</a>' if row["link"] else ""
    page = f'<td class="no-print">{link}</td>' if grid.row_page else ""
    delete = (f'<td class="no-print"><input type="hidden" name="{_e(grid.name)}-{row["position"]}-origin" '
              f'value="{_e(row["origin"])}"><button type="button" class="link delete-row" title="删除此行" '
              f'aria-label="删除此行">✕</button></td>') if editable else ""
    at = f' id="at-{_e(row["path"])}"' if row["path"] else ""
    gap = "\n        "
    return mark_safe(f'<tr data-row="{row["position"]}"{at}>{gap}{cells}{gap}{score}{gap}{page}{gap}{delete}\n      </tr>')


def _input(context, cell, editable: bool, document) -> str:
    """A cell's input; a 事项 given as a place in the data shows that place in words (年度目标 7 › 指标“…” ›
    实际完成值) and keeps its input, which holds the path posted back, folded under 修改 (a closed <details> still
    posts what it holds), open when the cell has an error. Read-only, the words alone."""
    from jixiao.web.evaluations.fields import _e

    words = cell.field.place_in_words(cell.value, document) if cell.field.kind == "fact" else ""
    if not words:
        return widget(context, cell, editable)
    shown = f'<div class="fact-place" data-testid="fact-place">{_e(words)}</div>'
    if not editable:
        return shown
    return (f'{shown}<details class="fact-path"{" open" if cell.error else ""}><summary class="hint">修改</summary>'
            f'{widget(context, cell, editable)}</details>')


@register.simple_tag(takes_context=True)
def score_cell(context, row: dict, g: dict, oob: bool = False):
    """A scored row's score (a link explaining it) and the marks of its findings; `oob` for the live preview."""
    from urllib.parse import quote

    from django.urls import reverse
    from django.utils.safestring import mark_safe

    from jixiao.web.evaluations.fields import _e

    flagged = " flagged" if row["findings"] else ""
    swap = ' hx-swap-oob="true"' if oob else ""
    link = ""
    if row["leaf"]:
        href = _e(f'{reverse("evaluations:explain", args=[context["evaluation"].pk])}?path={quote(row["path"])}')
        link = (f'<a href="{href}" hx-get="{href}" hx-target="#explain" data-testid="row-score" '
                f'title="点击查看得分是怎样算出的">{_e(row["score"]) if row["score"] else "未计分"}</a>')
    marks = "".join(f'<span class="mark {_e(f.severity)}" title="{_e(f.message)}">●</span>' for f in row["findings"])
    # the newline after the cell is the one the template it replaces ended with: the pages stay byte for byte
    return mark_safe(f'<td class="score{flagged}" id="score-{_e(g["grid"].name)}-{row["index"]}"{swap}>{link}{marks}</td>\n')
