"""The overview's and the report page's rows drawn in Python: up to 500 rows of eight cells each, which as template
markup were most of the page's time (issue 11), one tag for all the rows (a tag a row, and a `{% url %}` a report,
cost about as much as a row's drawing). The markup is the templates' as it was, unchanged."""

from django import template
from django.utils.safestring import mark_safe

from jixiao.web.addresses import by_pk
from jixiao.web.evaluations.fields import _e
from jixiao.web.monitoring.models import Colour
from jixiao.web.organisations.templatetags.departments import generated_badge

register = template.Library()
OPEN_REPORTS = 5  # as many reports as are listed open; more start folded under their count
COLOUR_LABELS = dict(Colour.choices)  # as get_colour_display says them (the overview's rows are not models)


@register.simple_tag
def overview_reports(reports):
    """The reports of the chosen range: one line saying how many and their warnings, opening onto a table of them,
    each linked, with its status and counts (a trial read a paragraph of twelve reports run together as a wall of
    links); a few are shown open. `reports`: (report, period)."""
    if not reports:
        return mark_safe('<p class="hint" data-testid="reports">所选范围内没有运行监控报告。</p>')
    href = by_pk("monitoring:report")
    red, yellow = sum(r.red_count for r, _ in reports), sum(r.yellow_count for r, _ in reports)
    rows = "".join(
        f'<tr><td><a href="{_e(href(r.pk))}">{_e(r.department.name)}</a>{generated_badge(r.department)}</td>'
        f"<td>{_e(period)}</td><td>{_e(r.get_status_display())}</td>"
        f'<td class="num">{r.red_count}</td><td class="num">{r.yellow_count}</td></tr>' for r, period in reports)
    return mark_safe(
        f'<details class="reports" data-testid="reports"{" open" if len(reports) <= OPEN_REPORTS else ""}>'
        f"<summary>所选范围内有 {len(reports)} 份运行监控报告（红色预警共 {red} 条、黄色预警共 {yellow} 条）</summary>"
        '<table class="list compact"><thead><tr><th>部门</th><th>期间</th><th>状态</th><th class="num">红色预警（条）</th>'
        f'<th class="num">黄色预警（条）</th></tr></thead><tbody>{rows}</tbody></table></details>')


@register.simple_tag
def overview_rows(lines):
    """Every department × project row, each followed by the whitespace the template's loop put after it. What rows
    share is drawn once: a report's cells (its address, department, period and status) and each colour's tag."""
    shared: dict = {}
    return mark_safe("".join(_overview_line(line, shared) + "\n  " for line in lines))


def _overview_line(line, shared: dict) -> str:
    """One department × project row: its report, figures, colour and warnings."""
    row, report = line.row, line.report
    if report.pk not in shared:
        href = _e(by_pk("monitoring:report")(report.pk))
        shared[report.pk] = href, (
            f'    <td><a href="{href}">{_e(report.department.name)}</a>{generated_badge(report.department)}</td>'
            f'<td>{_e(report.period)}</td>\n'
            f'    <td><span class="status {_e(report.status)}">{_e(report.get_status_display())}</span></td>\n')
    href, report_cells = shared[report.pk]
    colour = shared.get(("colour", row.colour))
    if colour is None:
        colour = shared[("colour", row.colour)] = (
            f'<span class="signal {_e(row.colour)}" title="本行最严重的预警" data-testid="row-colour">'
            f'{_e(COLOUR_LABELS.get(row.colour, row.colour))}</span>' if row.colour
            else '<span class="signal" title="尚未填报支出，无从判断" data-testid="row-colour">未填</span>')
    warnings = "".join(f'<li class="{_e(w["colour"])}">{_e(w["message"])}</li>' for w in line.warnings)
    return (
        f'\n  <tr class="row-{_e(row.colour)}">\n'
        f"{report_cells}"
        f'    <td class="monitoring-name"><a href="{href}#row-{row.position}">{_e(row.name)}</a></td>\n'
        f'    <td class="num">{_e(line.budget)}</td><td class="num">{_e(line.spent)}</td>'
        f'<td class="num">{_e(line.spending_progress)}</td>\n'
        f'    <td>{colour}\n      <ul class="signals">{warnings}</ul></td>\n  </tr>')


def _input(cell, attrs: str, editable: bool) -> str:
    """An editable cell's input with its error, or a read-only page's shown value (and what a refused post typed)."""
    if not editable and not cell.typed:
        return _e(cell.display)
    error = f'<span class="error">{_e(cell.error)}</span>' if cell.error else ""
    if not editable:
        return f'<input value="{_e(cell.value)}"{attrs} readonly>{error}{_unsaved(cell)}'
    return f'<input name="{_e(cell.name)}" value="{_e(cell.value)}"{attrs}>{error}'


def _text(cell, editable: bool) -> str:
    if not editable and not cell.typed:
        return f"<div>{_e(cell.display)}</div>"
    error = f'<span class="error">{_e(cell.error)}</span>' if cell.error else ""
    if not editable:
        return f"<textarea readonly>{_e(cell.value)}</textarea>{error}{_unsaved(cell)}"
    return f'<textarea name="{_e(cell.name)}">{_e(cell.value)}</textarea>{error}'


def _unsaved(cell) -> str:
    """Beside what a refused post typed on a read-only page: that it was not saved, and what is stored."""
    return f'<span class="error" data-testid="unsaved">未保存（已保存的是：{_e(cell.display)}）</span>'


def _signals(warnings) -> str:
    return "".join(f'<li class="{_e(w["colour"])}">{_e(w["message"])}</li>' for w in warnings)


def _explain(line, editable: bool) -> str:
    """The row's deviation reason and corrective action, when warned or either is filled or refused."""
    row, c = line.row, line.cells
    if not (line.warned or row.deviation_reason or row.corrective_action or c["deviation_reason"].error
            or c["corrective_action"].error
            or (not editable and (c["deviation_reason"].typed or c["corrective_action"].typed))):
        return ""
    return ('\n  <tr class="explain"><td></td><td colspan="6"><div class="explain-fields">\n'
            f'    <label>偏差原因{_text(c["deviation_reason"], editable)}</label>\n'
            f'    <label>纠偏措施{_text(c["corrective_action"], editable)}</label>\n'
            "  </div></td></tr>")


def _indicators(line, editable: bool) -> str:
    """The row's indicators with their progress, folded (open when one of them was refused)."""
    if not line.indicators:
        return ""
    position = line.row.position
    shown_again = [i.cells[name] for i in line.indicators for name in ("value_to_date", "completion")]
    # open when one was refused, or asks whether a fraction was meant as a percentage (folded, it went unseen)
    opened = " open" if any(c.error or (c.typed and not editable) for c in shown_again) \
        or any(i.hint for i in line.indicators) else ""
    warned = line.indicator_warnings
    warned = f'，<span class="error">{warned} 项预警</span>' if warned else ""
    asked = sum(1 for i in line.indicators if i.hint)
    warned += f'，<span class="finding warning">{asked} 项完成进度请核对</span>' if asked else ""
    decimal = ' class="decimal" inputmode="decimal"'
    rows = "".join(
        "<tr>\n"
        f"        <td>{_e(i.name)}</td><td>{_e(i.target)}</td>\n"
        f'        <td>{_input(i.cells["value_to_date"], decimal, editable)}</td>\n'
        f'        <td>{_input(i.cells["completion"], decimal, editable)}{_hint(i.hint)}</td>\n'
        f"        {_computed(i)}\n"
        f'        <td><ul class="signals">{_signals(i.warnings)}</ul></td>\n'
        "      </tr>" for i in line.indicators)
    return (f'\n  <tr class="explain"><td></td><td colspan="6"><details data-testid="indicators-{position}"{opened}>\n'
            f"    <summary>指标进度（{len(line.indicators)} 项{warned}）</summary>\n"
            '    <table class="indicators">\n'
            "      <tr><th>三级指标</th><th>年度指标值</th><th>截至本期完成值</th><th>完成进度（%）</th>"
            '<th class="num">计算的完成进度</th><th>预警</th></tr>\n'
            f"      {rows}\n"
            "    </table>\n"
            '    <p class="hint">完成值按年度指标值的单位填写（可带该单位，如“60 例”“3.8%”），完成进度由此计算；“≤”类指标的完成值只判断是否超过年度指标值，时限类和定性指标不由完成值计算：这些指标的进度请直接填写完成进度（%）。</p>\n'
            "  </details></td></tr>")


def _hint(hint: str) -> str:
    """A completion stored as a fraction (0.95): whether 95% was meant, beside the field (a warning, not a refusal)."""
    return f'<div class="finding warning" data-testid="fraction-hint">{_e(hint)}</div>' if hint else ""


def _computed(indicator) -> str:
    """The completion computed, or in its place what the value typed was judged (a ≤ target exceeded or not) or why
    it could not be, with what to type: a value typed never shows as a bare “—”."""
    note = indicator.note
    if note is None:
        return f'<td class="num">{_e(indicator.completion)}</td>'
    css = "error" if note.over else "hint"
    return f'<td class="value-note"><span class="{css}" data-testid="value-note">{_e(note.message)}</span></td>'


@register.simple_tag
def report_lines(lines, editable: bool):
    """Every monitored row of a report, in one tag rather than one tag a row."""
    return mark_safe("".join(_report_line(line, editable) for line in lines))


def _report_line(line, editable: bool) -> str:
    """One monitored row of a report (its figures, colour and signals), its explanation and its indicators."""
    row, c = line.row, line.cells
    position, name = row.position, _e(row.name)
    department = ' <span class="hint">（预算总额与部门整体目标）</span>' if row.kind == "department" else ""
    spent = _input(c["spent_to_date"], f' class="money" inputmode="decimal" aria-label="{name} 截至本期支出"', editable)
    goal = _input(c["goal_completion"], ' class="decimal" inputmode="decimal" placeholder="按指标平均" '
                                        f'aria-label="{name} 目标完成程度"', editable)
    note = (f'<div class="hint">{_e(line.goal_completion)}（{_e(line.goal_completion_note)}）</div>'
            if line.goal_completion_note else "")
    return (
        f'\n  <tbody data-row="{position}">\n'
        f'  <tr class="row-{_e(line.colour)}" id="row-{position}">\n'
        f"    <td>{position + 1}</td>\n"
        f'    <td class="monitoring-name">{name}{department}</td>\n'
        f'    <td class="num">{_e(line.budget)}</td>\n'
        f'    <td{"" if editable else " class=" + chr(34) + "num" + chr(34)}>{spent}</td>\n'
        f'    <td class="num" data-testid="spending-{position}">{_e(line.spending_progress)}</td>\n'
        f"    <td>{goal}{_hint(line.goal_completion_hint)}\n"
        f"      {note}</td>\n"
        f'    <td><span class="signal {_e(line.colour)}" data-testid="colour-{position}">{_e(line.colour_label)}</span>\n'
        f'      <ul class="signals">{_signals(line.signals)}</ul></td>\n'
        "  </tr>\n"
        f"  {_explain(line, editable)}\n"
        f"  {_indicators(line, editable)}\n"
        "  </tbody>")
