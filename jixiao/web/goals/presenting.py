"""What the goal pages show: findings placed on the field they concern, the form's widgets, a goal set read-only with
its review, library entries. Showing only: the checks are the core's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.core.cycle import goals as core
from jixiao.core.labels import SEVERITIES
from jixiao.core.money import fmt_wan, parse_decimal
from jixiao.web import params
from jixiao.web.accounts import permissions
from jixiao.web.accounts.models import Role

from . import forms, services
from .models import GoalSet

_PATH = re.compile(r"^(?:projects\[(?P<project>\d+)\]\.|goals\[(?P<goal>\d+)\]\.)?"
                   r"(?:(?P<own>goal|budget|name|weight)|indicators(?:\[(?P<row>\d+)\](?:\.(?P<field>\w+))?)?)$")


@dataclass(frozen=True)
class ShownFinding:
    severity: str
    severity_label: str
    where: str  # 部门整体目标·第 2 行
    message: str
    explanation: str
    code: str
    anchor: str  # the id of the field or block it concerns on the editing page

    @property
    def title(self) -> str:
        """The check in words (core.TITLES); the code itself for one without a title."""
        return core.TITLES.get(self.code, self.code)


def shown(found: list[core.GoalFinding], document: dict, layout: dict | None = None,
          withheld: list[str] = ()) -> list[ShownFinding]:
    """`layout`: where the document's rows are on the page that posted it (forms.Posted.layout), for the live checks;
    without it, the rows are where the document has them (a stored goal set as the page draws it). `withheld`: cells
    typed but not read with nothing stored for them (forms.Posted.for_checks); a finding on such a cell, its row or
    its table is left out, for it would judge the cell as empty (a weight refused is no 未填写权重)."""
    order = {"error": 0, "warning": 1, "notice": 2}
    result = []
    for finding in sorted(found, key=lambda f: order.get(f.severity, 3)):
        if any(_covers(finding.path, cell) for cell in withheld):
            continue
        where, anchor = _place(finding.path, document, layout or {})
        # the page puts the place before the message: a message opening with it said it twice (项目“X”：项目“X”没有…)
        message = finding.message[len(where):].lstrip("：:") if where and finding.message.startswith(where) and \
            len(finding.message) > len(where) else finding.message
        result.append(ShownFinding(finding.severity, SEVERITIES.get(finding.severity, finding.severity), where,
                                   message, finding.explanation, finding.code, anchor))
    return result


def _covers(path: str, cell: str) -> bool:
    """Whether a finding at `path` concerns `cell`: the cell itself, or what holds it (its row, its table)."""
    return cell == path or cell.startswith(path + ".") or cell.startswith(path + "[")


def _place(path: str, document: dict, layout: dict) -> tuple[str, str]:
    if path == "goals":  # the department's goals together (their weights' total, output and outcome present)
        return "部门整体目标", "block-dept-"
    match = _PATH.match(path)
    if match is None:
        return "", ""
    prefix, subject = "g0-", "部门整体目标"
    if match["goal"] is not None:
        index, count = int(match["goal"]), len(core.department_goals(document))
        prefix, subject = f"g{index}-", core.goal_subject(index, count)
    elif match["project"] is not None:
        index = int(match["project"])
        projects = document.get("projects") or []
        name = projects[index].get("name") if index < len(projects) else ""
        prefix, subject = f"p{index}-", f"项目“{name or index + 1}”"
    page_prefix, rows = layout.get(prefix, (forms.goal_prefix(int(prefix[1:-1])) if prefix[0] == "g" else prefix, []))
    if match["own"]:  # the goal's text, a project's name or budget: the field itself
        return subject, f"f-{page_prefix}{match['own']}"
    if match["row"] is None:
        return subject, f"block-{page_prefix or 'dept-'}"
    column = match["field"] if match["field"] in {c.path for c in forms.COLUMNS} else "name"
    row = int(match["row"])
    posted, number = rows[row] if row < len(rows) else (row, row + 1)
    return f"{subject}·第 {number} 行", f"f-{page_prefix}i{posted}-{column}"


@dataclass
class Cell:
    name: str
    widget: str
    error: str


# Each input drawn, kept per process by all it is drawn from (the field, which is one of forms' constants, its name,
# text, whether editable, the implied value): a goal set's page drawn again draws none of its hundreds of inputs
# again (a 指标类型 select lists every option). Emptied when full.
_WIDGETS: dict = {}
_WIDGETS_MOST = 16384


def _cell(spec, name: str, value: str, errors: dict, editable: bool = True, implied: str = "") -> Cell:
    """`implied`: the value shown was the target's, not stored (forms.IMPLIED); said back with the post."""
    key = (id(spec), name, value, editable, implied) if type(value) is str and type(implied) is str else None
    widget = _WIDGETS.get(key) if key is not None else None
    if widget is None:
        widget = _widget(spec, name, value, editable, implied)
        if key is not None:
            if len(_WIDGETS) >= _WIDGETS_MOST:
                _WIDGETS.clear()
            _WIDGETS[key] = widget
    return Cell(name, widget, errors.get(name, ""))


def _widget(spec, name: str, value: str, editable: bool, implied: str) -> str:
    from django.utils.html import format_html

    widget = spec.widget(name, value, editable, element_id=f"f-{name}")
    if implied and editable:
        widget = format_html('{}<input type="hidden" name="{}-implied" value="{}">', widget, name, implied)
    return widget


NEW_ROW = "__i__"  # the index of the row added on the page, replaced by its number


def with_widgets(blocks: list[forms.Block], errors: dict[str, str], editable: bool = True) -> list[dict]:
    """Each block with its inputs drawn (the evaluations' Field widgets; read-only ones when not `editable`) and
    each field's message."""
    drawn = []
    for block in blocks:
        specs = [forms.GOAL] + ([forms.PROJECT_NAME, forms.BUDGET] if block.is_project else [forms.GOAL_WEIGHT])
        fields = {spec.path: (spec.label, _cell(spec, f"{block.prefix}{spec.path}", block.values.get(spec.path, ""),
                                                errors, editable)) for spec in specs}
        rows = [[_cell(column, f"{block.prefix}i{index}-{column.path}", row.get(column.path, ""), errors, editable,
                       row.get(f"{column.path}-implied", ""))
                 for column in forms.COLUMNS] for index, row in enumerate(block.rows)]
        # the row 添加一行 copies (goals.js), numbered by the page as it adds it
        blank = [[_cell(column, f"{block.prefix}i{NEW_ROW}-{column.path}", "", {}) for column in forms.COLUMNS]]
        drawn.append({"prefix": block.prefix, "anchor": f"block-{block.prefix or 'dept-'}", "title": block.title,
                      "fields": fields, "rows": rows, "is_project": block.is_project, "blank": blank,
                      "removable": block.removable})
    return drawn


def detail_context(user, goal_set: GoalSet) -> dict:
    document = goal_set.document
    goals = core.department_goals(document) or [{}]
    parts = [(forms.goal_title(index, len(goals)) + (f"（{goal['weight']} 分）" if goal.get("weight") else ""),
              goal.get("goal") or "", "", goal.get("indicators") or []) for index, goal in enumerate(goals)]
    parts += [(f"项目：{p.get('name')}", p.get("goal") or "", _budget_shown(p.get("budget")), p.get("indicators") or [])
              for p in document.get("projects") or []]
    evaluation = goal_set.evaluation
    if evaluation is not None and not permissions.visible_evaluations(user, type(evaluation).objects).filter(
            pk=evaluation.pk).exists():
        evaluation = None
    summary = services.summarise(goal_set)
    return {
        "goal_set": goal_set, "findings": shown(summary, document),
        # said beside 申报 before it is pressed: the confirm dialog came first and the refusal only after it
        "errors_left": sum(1 for f in summary if f.severity == "error"),
        "parts": [(title, goal, budget, [_indicator_row(i) for i in indicators])
                  for title, goal, budget, indicators in parts],
        "actions": [(action, services.BUTTONS[action]) for action in services.allowed_actions(user, goal_set)],
        "can_edit": services.can_edit(user, goal_set), "evaluation": evaluation, **links(user, goal_set),
        "events": _labelled(goal_set.events.select_related("user")[:20]),
    }


def _budget_shown(stored) -> str:
    """A project's 申请预算 as every page shows 万元 (16,800.00, rounded once here), not as stored ("16800"); ""
    when none is stored, and the text as stored should it not be a number (the form refuses those)."""
    if stored in (None, ""):
        return ""
    amount = parse_decimal(str(stored))
    return fmt_wan(amount) if amount is not None else str(stored)


def _labelled(events) -> list:
    events = list(events)
    for event in events:
        event.label = services.LABELS.get(event.action, event.action)
    return events


def _indicator_row(indicator: dict) -> dict:
    return {**indicator, "unit_of_measure": core.unit_of(indicator),
            "category": core.label_of_level(indicator.get("level1", ""), indicator.get("level2", "")),
            "direction_label": core.DIRECTIONS.get(
                core.direction_of(indicator.get("target"), indicator.get("direction")), "")}


def library_scope(request):
    """(department whose history to search, goal set) for the library: the goal set being edited when the user may
    see it, else the user's own department; a finance reviewer searches the library itself."""
    pk = params.integer(request.GET.get("goal_set"))  # not isdigit(): "²" is a digit a lookup refuses (a 500)
    goal_set = services.visible_goal_sets(request.user).filter(pk=pk).first() if pk > 0 else None
    if goal_set is not None:
        return goal_set.department, goal_set
    own = sorted(permissions.department_ids(request.user, Role.PREPARER, Role.DEPARTMENT_REVIEWER))
    if own:
        from jixiao.web.organisations.models import Department

        return Department.objects.get(pk=own[0]), None
    return None, None


def as_json(entry: core.LibraryIndicator) -> dict:
    return {"name": entry.name, "level1": entry.level1, "level2": entry.level2,
            "category": f"{entry.level1}/{entry.level2}", "unit_of_measure": entry.unit_of_measure,
            "direction": entry.direction, "criteria": entry.criteria, "target": entry.target, "origin": entry.origin}


def library_row(entry: core.LibraryIndicator) -> dict:
    return {**as_json(entry), "category_label": core.label_of_level(entry.level1, entry.level2),
            "direction_label": core.DIRECTIONS.get(entry.direction, "")}


def links(user, goal_set: GoalSet) -> dict:
    """Findings link to their field on the editing page, for whoever may edit; for others they are plain text."""
    from django.urls import reverse

    editable = services.can_edit(user, goal_set)
    return {"can_link": editable, "link_base": reverse("goals:edit", args=[goal_set.pk]) if editable else ""}
