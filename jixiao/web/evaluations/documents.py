"""Evaluation documents as stored data: edits applied to them, the tidying after an edit, and field-by-field
differences (for conflicts, the audit trail and version comparison)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import msgspec

from jixiao.core import docpath
from jixiao.core.build import evaluation_from_data, evaluation_to_data

EMPTY = (None, "", [], {})


@dataclass(frozen=True)
class Edit:
    """Set the value at `path` (a field, or a whole list edited as a table). None clears the field."""

    path: str
    value: Any


def copied(document: dict) -> dict:
    """A stored document copied whole, to be edited without touching the stored one: through JSON (what the column
    holds), several times faster than copy.deepcopy on an evaluation's thousands of values (each page drawn makes
    one); deepcopy for anything JSON does not hold as it is (a Decimal an edit has put in)."""
    try:
        copy_ = msgspec.json.decode(msgspec.json.encode(document))
    except (TypeError, msgspec.EncodeError):
        return copy.deepcopy(document)
    return copy_ if copy_ == document else copy.deepcopy(document)


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


def is_tidy(document: dict) -> bool:
    """`tidy` would change nothing in `document` (asked without copying it, on every entry page drawn from its kept
    fields): its goals and surveys are each a dict holding something (a survey its number too), or not lists (an
    empty list is dropped). Kept beside `tidy`: the two say one rule."""
    for key in ("goals", "surveys"):
        items = document.get(key)
        if not isinstance(items, list):
            continue
        if not items:  # dropped
            return False
        for item in items:
            if not isinstance(item, dict) or all(v in EMPTY for v in item.values()):
                return False
            if key == "surveys" and not item.get("id"):
                return False
    return True


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
    """(path, old value, new value) of every leaf that differs, in document order. The rows of a table (a list of
    objects: indicators, projects, goals) are followed by identity (`align`), not position: a row removed or added is
    one change holding the whole row, at its place in `old` or `new`, and a kept row's changes are named at its place
    in `new` (what the saved document holds), so removing a row does not make every row below it look edited."""
    changes: list[tuple[str, Any, Any]] = []
    _diff(old, new, "", changes)
    return changes


_MISSING = object()  # a key absent from one side (not the same as a stored None)


def _diff(old: Any, new: Any, prefix: str, changes: list) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict) and old and new:
        for key in sorted(set(old) | set(new)):
            _diff(old.get(key, _MISSING), new.get(key, _MISSING), docpath.child(prefix, key), changes)
    elif _tables(old, new):
        old, new = _rows(old), _rows(new)
        for i, j in align(old, new):
            if j is None:
                changes.append((docpath.child(prefix, i), old[i], None))
            elif i is None:
                changes.append((docpath.child(prefix, j), None, new[j]))
            else:
                _diff(old[i], new[j], docpath.child(prefix, j), changes)
    else:
        before = flatten(old, prefix) if old is not _MISSING else {}
        after = flatten(new, prefix) if new is not _MISSING else {}
        changes += [(path, before.get(path), after.get(path)) for path in sorted(set(before) | set(after), key=_order)
                    if before.get(path) != after.get(path)]


def _is_table(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(row, dict) for row in value)


def _tables(*values: Any) -> bool:
    """Whether the values are one table's versions: lists of objects (or absent, or empty) and at least one has rows."""
    return (all(isinstance(v, list) or v is _MISSING for v in values) and any(_is_table(v) for v in values)
            and all(_is_table(v) or not v for v in values if v is not _MISSING))


def _rows(value: Any) -> list:
    return [] if value is _MISSING else value


def _identity(row: dict) -> Any:
    """What names a row whatever its place: a survey's id, an indicator's, project's or goal's name."""
    for key in ("id", "name"):
        if isinstance(row.get(key), str) and row[key].strip():
            return key, row[key].strip()
    return None


def _likeness(a: dict, b: dict) -> float:
    """How surely `b` is `a` edited (0: another row): the same row scores highest, then the same name (or id), then
    a row sharing at least half of its fields (a row renamed, or one without a name yet)."""
    if a == b:
        return 4.0
    keys = set(a) | set(b)
    shared = sum(1 for key in keys if a.get(key, _MISSING) == b.get(key, _MISSING)) / len(keys)
    identity = _identity(a)
    if identity is not None and identity == _identity(b):
        return 2.0 + shared
    return shared if shared >= 0.5 else 0.0


def align(old: list, new: list) -> list[tuple[int | None, int | None]]:
    """The rows of two versions of a table paired in order, (old index, new index), with None on the side a row is
    missing from: the pairing (order kept) whose rows are most alike. Equal rows at both ends are paired first, so
    the usual save (a row or two edited) compares few rows."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    middle = _best_pairing(old[head:len(old) - tail], new[head:len(new) - tail])
    return ([(k, k) for k in range(head)]
            + [(None if i is None else i + head, None if j is None else j + head) for i, j in middle]
            + [(len(old) - tail + k, len(new) - tail + k) for k in range(tail)])


def _best_pairing(old: list, new: list) -> list[tuple[int | None, int | None]]:
    n, m = len(old), len(new)
    alike = [[_likeness(a, b) if isinstance(a, dict) and isinstance(b, dict) else float(a == b) * 4 for b in new]
             for a in old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = best[i + 1][j + 1] + alike[i][j] if alike[i][j] else -1.0
            best[i][j] = max(paired, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if alike[i][j] and best[i][j] == best[i + 1][j + 1] + alike[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    return pairs + [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]


def follow(path: str, old: dict, new: dict, aligned: dict | None = None) -> str | None:
    """Where what `path` names in `old` is in `new`, rows followed by identity (`align`); None when a row on the way
    is no longer there. An index past the end of an old table (a row being added) goes past the end of the new.
    `aligned`: a dict kept across calls on the same two documents, so that each table is aligned once."""
    aligned = {} if aligned is None else aligned
    steps = list(docpath.parse(path))
    before, after = old, new
    for position, step in enumerate(steps):
        if isinstance(step, int) and isinstance(before, list) and isinstance(after, list) and _tables(before, after):
            if step >= len(before):
                steps[position] = len(after) + step - len(before)
                break
            key = (id(before), id(after))
            if key not in aligned:
                aligned[key] = dict(pair for pair in align(before, after) if pair[0] is not None)
            found = aligned[key][step]
            if found is None:
                return None
            steps[position] = found
            before, after = before[step], after[found]
        elif isinstance(before, (dict, list)) and isinstance(after, (dict, list)):
            before, after = docpath.get(before, (step,)), docpath.get(after, (step,))
        else:
            break
    return docpath.join(steps)


def followed(path: str, old: dict, new: dict, aligned: dict) -> str | None:
    """`follow` for a place that may name no data (a finding of the report as a whole, an import source named
    otherwise, an empty path): such a place stays where it is."""
    if not path:
        return path
    try:
        return follow(path, old, new, aligned)
    except docpath.PathError:
        return path


def merge(base: dict, theirs: dict, mine: dict) -> tuple[dict, list[tuple[str, Any, Any, Any]]]:
    """`base` with the changes of both `theirs` and `mine` (two saves of it), rows followed by identity; and the
    clashes (base path, base value, theirs, mine) where both changed one value differently (the merge holds mine),
    a row removed on one side and edited on the other among them."""
    clashes: list[tuple[str, Any, Any, Any]] = []
    merged = _merge(base, theirs, mine, "", clashes)
    clashes.sort(key=lambda clash: _order(clash[0]))
    return merged, [tuple(None if v is _MISSING else v for v in clash) for clash in clashes]


def _merge(base: Any, theirs: Any, mine: Any, path: str, clashes: list) -> Any:
    if mine == base:
        return theirs
    if theirs == base or theirs == mine:
        return mine
    if all(isinstance(v, dict) for v in (base, theirs, mine)):
        merged = {}
        for key in dict.fromkeys([*mine, *theirs, *base]):
            value = _merge(base.get(key, _MISSING), theirs.get(key, _MISSING), mine.get(key, _MISSING),
                           docpath.child(path, key), clashes)
            if value is not _MISSING:
                merged[key] = value
        return merged
    if _tables(base, theirs, mine):
        return _merge_rows(_rows(base), _rows(theirs), _rows(mine), path, clashes)
    clashes.append((path, base, theirs, mine))
    return mine


def _merge_rows(base: list, theirs: list, mine: list, path: str, clashes: list) -> list:
    """Each row of `base` merged with what became of it on both sides; the rows either side added, at their place
    (before the base row they were added before), theirs first, a row both added once."""
    their_rows, their_added = _placed(align(base, theirs), len(base))
    my_rows, my_added = _placed(align(base, mine), len(base))
    merged = []
    for i in range(len(base) + 1):
        added = [theirs[j] for j in their_added.get(i, [])]
        merged += added + [mine[j] for j in my_added.get(i, []) if mine[j] not in added]
        if i < len(base):
            value = _merge(base[i], _at(theirs, their_rows[i]), _at(mine, my_rows[i]), docpath.child(path, i), clashes)
            if value is not _MISSING:
                merged.append(value)
    return merged


def _placed(pairs: list, length: int) -> tuple[dict[int, int | None], dict[int, list[int]]]:
    """From an alignment: old row → new row (or None), and old row → the new rows added just before it (`length`:
    after the last)."""
    rows: dict[int, int | None] = {}
    added: dict[int, list[int]] = {}
    waiting: list[int] = []
    for i, j in pairs:
        if i is None:
            waiting.append(j)
            continue
        rows[i] = j
        if waiting:
            added[i], waiting = waiting, []
    if waiting:
        added[length] = waiting
    return rows, added


def _at(rows: list, index: int | None) -> Any:
    return _MISSING if index is None else rows[index]


def _order(path: str) -> tuple:
    try:
        return tuple((1, s) if isinstance(s, int) else (0, s) for s in docpath.parse(path))
    except docpath.PathError:
        return ((2, path),)
