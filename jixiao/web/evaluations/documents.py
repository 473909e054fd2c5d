"""Evaluation documents as stored data: edits applied to them, the tidying after an edit, and field-by-field
differences (for conflicts, the audit trail and version comparison)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jixiao.core import docpath
from jixiao.core.build import evaluation_from_data, evaluation_to_data

EMPTY = (None, "", [], {})


@dataclass(frozen=True)
class Edit:
    """Set the value at `path` (a field, or a whole list edited as a table). None clears the field."""

    path: str
    value: Any


def apply_edits(document: dict, edits: list[Edit]) -> dict:
    """`document` with the edits made, in place. Clearing what is not there is no edit, so the page's empty
    'new goal' slot adds nothing until something is typed into it."""
    for edit in edits:
        if edit.value in EMPTY and docpath.get(document, edit.path) is None:
            continue
        docpath.assign(document, edit.path, edit.value)
    tidy(document)
    return document


def tidy(document: dict) -> None:
    """Goals and surveys left empty are dropped; a survey with content but no number gets one. (A goal with content
    but no name is the page's to refuse, on the name's field.)"""
    for key in ("goals", "surveys"):
        items = document.get(key)
        if not isinstance(items, list):
            continue
        kept = [item for item in items if isinstance(item, dict) and any(v not in EMPTY for v in item.values())]
        for number, item in enumerate(kept, 1):
            if key == "surveys" and not item.get("id"):
                item["id"] = f"survey{number}"
        if kept:
            document[key] = kept
        else:
            document.pop(key)


def normalised(data: dict) -> dict:
    """The document as the core reads it and writes it back: validated (InputError otherwise), in its canonical
    spelling of values."""
    return evaluation_to_data(evaluation_from_data(data))


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{'projects[0].budget.spent': '5', …}: every leaf value of a stored document by its path."""
    flat: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            flat.update(flatten(value, docpath.child(prefix, key)))
        if not data and prefix:
            flat[prefix] = {}
    elif isinstance(data, list):
        for index, value in enumerate(data):
            flat.update(flatten(value, docpath.child(prefix, index)))
        if not data and prefix:
            flat[prefix] = []
    else:
        flat[prefix] = data
    return flat


def diff(old: dict, new: dict) -> list[tuple[str, Any, Any]]:
    """(path, old value, new value) of every leaf that differs, in document order."""
    before, after = flatten(old), flatten(new)
    return [(path, before.get(path), after.get(path)) for path in sorted(set(before) | set(after), key=_order)
            if before.get(path) != after.get(path)]


def _order(path: str) -> tuple:
    try:
        return tuple((1, s) if isinstance(s, int) else (0, s) for s in docpath.parse(path))
    except docpath.PathError:
        return ((2, path),)
