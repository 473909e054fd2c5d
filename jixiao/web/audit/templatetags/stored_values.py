"""A stored value as people read it, with the stored code in the title (audit log, version comparison)."""

from typing import NamedTuple

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ..models import Action
from ..values import (DECISION, EVALUATION, EXPORT, GOAL_SET, IMPORTED, MONITORING, REPORT_AUDIT, ROW_SHOWN, SCORED,
                      decision_field, decision_object, decision_subjects, decision_value, evaluation_names,
                      export_names, goal_set_names, imports, label, monitored_names, monitoring_field,
                      monitoring_names, returns_left, row_words, score_value, spot_check_names, status_label)

register = template.Library()
SHOWN_CHARS = 60
# an event's action in words, read once: get_action_display rebuilds the choices' dict for every row
ACTION_WORDS = dict(Action.choices)


def action_words(event) -> str:
    """The event's action in words; a change that removed or added a row whole (audit.log.record_changes: the row as
    JSON on one side, nothing on the other) says so, where 修改数据 read as an edit of the row (trial 11)."""
    if event.action == Action.CHANGE and event.field.endswith("]"):
        if event.old_value.startswith("{") and not event.new_value:
            return "删除数据（整行）"
        if event.new_value.startswith("{") and not event.old_value:
            return "新增数据（整行）"
    return ACTION_WORDS.get(event.action, event.action)


def _shown(raw: str, words: str | None, empty: str = "", room: int | None = None):
    """`room`: the characters of `words` shown (a whole row in words can be long); all of them are in the title."""
    if words is not None and room is not None and len(words) > room:
        return format_html('<span title="{}">{}</span>', f"{words}\n{raw}", Truncator(words).chars(room))
    if words is not None:
        return format_html('<span title="{}">{}</span>', raw, words)
    if raw == "":
        return empty
    short = Truncator(raw).chars(SHOWN_CHARS)
    return short if short == raw else format_html('<span title="{}">{}</span>', raw, short)


@register.simple_tag
def event_value(event, which: str, left: dict[int, str] | None = None):
    """The old or new value of an audit event: a workflow event's status or a document field's code in words. An
    evaluation's return is named by who returned it: the new value's by the status the event left, the old value's
    by `left` (values.returns_left)."""
    raw = event.old_value if which == "old" else event.new_value
    if event.object_type == DECISION:
        return _shown(raw, decision_value(event.field, raw))
    if event.object_type == SCORED and raw:
        return _shown(raw, score_value(raw))
    if event.action != Action.WORKFLOW:
        row = row_words(event.object_type, event.field, raw) if event.action == Action.CHANGE else None
        return _shown(raw, row, room=ROW_SHOWN) if row is not None else _shown(raw, label(event.field, raw))
    returned_from = event.old_value if which == "new" else (left or {}).get(event.seq, "")
    return _shown(raw, status_label(raw, event.object_type, returned_from))


@register.simple_tag
def document_value(path: str, value):
    """A value at `path` of a stored document; None (absent) is shown as （空）."""
    if value is None:
        return "（空）"
    raw = str(value)
    return _shown(raw, label(path, value), empty="（空）")


class _Named(NamedTuple):
    """What the page has read of the events' objects (values: one query each for a page)."""

    subjects: dict  # budget decisions: object id → the row's name
    evaluations: dict  # object id → values.EvaluationName
    imports: set  # report audits' object ids that are a department's import
    exports: dict  # object id → what a bureau's year file holds (values.export_names)
    spot_checks: dict  # object id → the evaluation a spot-check rescored, as values.EvaluationName
    goal_sets: dict  # object id → the goal set's department and year
    monitoring: dict  # object id → the monitoring report's department and period
    monitored: object  # values.MonitoredNames: the rows and indicators whose fields changed, by name


def _object(event, named: _Named) -> str:
    """The object's id; by name, the id in the title, a budget decision's evaluation and row, an evaluation's
    department and year (a spot-check's, of the evaluation it rescored) and a year file's year and contents (one
    deleted since: its id)."""
    from jixiao.web.evaluations.fields import _e
    from jixiao.web.organisations.templatetags.departments import generated_badge_of

    if event.object_type == DECISION:
        return f'<span title="{_e(event.object_id)}">{_e(decision_object(event.object_id, named.subjects))}</span>'
    if event.object_type == EXPORT and event.object_id in named.exports:
        return f'<span title="{_e(event.object_id)}">{_e(event.object_id)} · {_e(named.exports[event.object_id])}</span>'
    about = (named.goal_sets if event.object_type == GOAL_SET else
             named.monitoring if event.object_type == MONITORING else {}).get(event.object_id)
    if about is not None:
        return f'<span title="{_e(event.object_id)}">{_e(event.object_id)} · {_e(about)}</span>'
    evaluation = (named.evaluations.get(event.object_id) if event.object_type == EVALUATION else
                  named.spot_checks.get(event.object_id) if event.object_type == SCORED else None)
    if evaluation is None:
        return _e(event.object_id)
    badge = generated_badge_of(evaluation.department_generated, evaluation.generated)
    return f'<span title="{_e(event.object_id)}">{_e(event.object_id)} · {_e(evaluation.name)}</span>{badge}'


def _kind(event, named: _Named) -> str:
    from jixiao.web.evaluations.templatetags.display import object_type

    if event.object_type == REPORT_AUDIT and event.object_id in named.imports:
        return IMPORTED
    return object_type(event.object_type)


def _where(event, named: _Named) -> str:
    from jixiao.web.evaluations.templatetags.display import where

    if event.object_type == DECISION:
        return decision_field(event.field) or event.field
    if event.object_type == MONITORING and event.field:
        return monitoring_field(event.field, event.object_id, named.monitored) or where(event.field)
    return where(event.field)


@register.simple_tag
def event_rows(events):
    """The log's rows drawn in Python: a page of events × ten cells as template variables and filters were most of
    its time (issue 11). The markup is the template's, unchanged."""
    from django.utils import timezone

    from jixiao.web.evaluations.fields import _e

    rows = []
    events = list(events)
    left = returns_left(events)
    named = _Named(decision_subjects(events), evaluation_names(events), imports(events), export_names(events),
                   spot_check_names(events), goal_set_names(events), monitoring_names(events), monitored_names(events))
    for e in events:
        time = timezone.localtime(e.time).strftime("%Y-%m-%d %H:%M:%S") if e.time else ""
        rows.append(
            f'\n  <tr><td title="哈希 {_e(e.hash)}">{e.seq}</td><td>{time}</td><td>{_e(e.username)}</td>'
            f"<td>{_e(e.ip or '')}</td><td>{_e(action_words(e))}</td>\n"
            f"      <td>{_e(_kind(e, named))} {_object(e, named)}</td>"
            f'<td title="{_e(e.field)}">{_e(_where(e, named))}</td><td>{_e(event_value(e, "old", left))}</td>'
            f'<td>{_e(event_value(e, "new", left))}</td><td>{_e(e.detail)}</td></tr>\n  ')
    return mark_safe("".join(rows))
