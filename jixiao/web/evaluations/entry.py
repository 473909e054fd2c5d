"""Reading a data-entry page: the cells to show (stored values, or what was posted with a message where it could not
be read) and the edits a post makes.

A post changes only what it names. A field absent from the post keeps its stored value; a grid whose row counter is
absent is not touched; a row that is not on the post keeps its stored item; a row is removed only when the post
names it and empties it (or marks it deleted). So a stale page, a partial post or a hostile one cannot clear a table.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from jixiao.core import docpath
from jixiao.web import params

from .documents import Edit, apply_edits, copied, is_tidy
from .fields import Field, Grid, Section

MAX_ROWS = 2000


@dataclass
class Cell:
    field: Field
    name: str
    value: str
    error: str | None = None
    path: str = ""  # where its value lives in the document ('' for a new row)


@dataclass
class GridRows:
    grid: Grid
    rows: list[list[Cell]]
    origins: list[str]  # the row's index in the stored table, '' for a new row
    paths: list[str | None]  # the document path of each row's item (for scores and findings)
    client_indices: list[int] = field(default_factory=list)  # the row numbers the browser used
    # stored rows this post removed: a page shown again (refused, or a conflict) carries them as removed, so that its
    # next post removes them again (they are not on it, and a stored row a post does not name is kept)
    deleted: list[int] = field(default_factory=list)


@dataclass
class Entry:
    section: Section
    document: dict  # the stored document with this post's readable edits applied (for the preview and re-render)
    cells: dict[str, Cell]
    grids: list[GridRows]
    edits: list[Edit]
    errors: int = 0

    def problems(self) -> list[str]:
        """Each refusal as the page's reader finds it: the field under its heading (a table's by its row) and why.
        The banner names them, as the goals and spot-check pages do: the cell marked red may be off the screen."""
        heading = {f.path: title.split("（")[0] for title, fields in self.section.groups for f in fields}
        found = [f"{heading[f.path] + '·' if f.path in heading else ''}{f.label}：{cell.error}"
                 for f in self.section.all_fields if (cell := self.cells.get(f.path)) is not None and cell.error]
        # a table drawn under its group (a goal's indicators under 年度目标 3) is named by that group's heading: the
        # page has one 绩效指标 table per goal, and “绩效指标第 1 行” named none of them
        pairs = zip(self.section.groups, self.section.grids) if self.section.paired else ()
        owner = {grid.name: title.split("（")[0] + "·" for (title, _), grid in pairs}
        for table in self.grids:
            named = owner.get(table.grid.name, table.grid.label)
            found += [f"{named}第 {k + 1} 行·{cell.field.label}：{cell.error}"
                      for k, row in enumerate(table.rows) for cell in row if cell.error]
        return found


def cell_name(path: str) -> str:
    return "f-" + path


def read(section: Section, stored: dict, post: Any | None = None) -> Entry:
    """The page from the stored document (post None) or from what the user posted."""
    cells: dict[str, Cell] = {}
    edits: list[Edit] = []
    errors = 0
    for f in section.all_fields:
        name = cell_name(f.path)
        if post is None or name not in post:  # not on the posted form: keep what is stored, never clear it
            cells[f.path] = Cell(f, name, f.show(docpath.get(stored, f.path)), path=f.path)
            continue
        raw = _posted(post, name, f)
        if raw == f.show(docpath.get(stored, f.path)):  # as the page showed it: no edit (keeps '' apart from none)
            cells[f.path] = Cell(f, name, raw, path=f.path)
            continue
        value, error = f.read(raw)
        if error is None and f.required and value is None:
            error = f"请填写{f.label}"
        cells[f.path] = Cell(f, name, raw, error, path=f.path)
        if error:
            errors += 1
        else:
            edits.append(Edit(f.path, value))
    grids = []
    for grid in section.grids:
        rows, grid_edit, grid_errors = _read_grid(grid, stored, post)
        grids.append(rows)
        errors += grid_errors
        if grid_edit is not None:
            edits.append(grid_edit)
    document = apply_edits(copied(stored), edits)
    errors += _apply_rules(section, document, cells)
    if section.whole:  # saved whole: one edit per list, taken from the page's own (aligned) document
        edits = [Edit(path, copy.deepcopy(docpath.get(document, path)))
                 for path in section.whole if any(docpath.covers(path, e.path) for e in edits)]
    return Entry(section, document, cells, grids, edits, errors)


def as_stored(section: Section, stored: dict) -> Entry:
    """`read(section, stored)` for a page whose fields and tables are drawn already (a stored revision's, kept by
    editing.entry_fields): its document and the count of what its rules refuse, without a cell for each field and
    table cell (a goals page has thousands, and they were a third of its drawing). The document is `stored` itself
    when tidying would leave it as it is (it is only read), a tidied copy otherwise, as `read` makes it."""
    document = stored if is_tidy(stored) else apply_edits(copied(stored), [])
    paths = {f.path for f in section.all_fields}
    # a rule's message goes on a field of the page, once a field (read counts the cells it marks)
    marked = {path for rule in section.rules for path, _ in rule(document) if path in paths}
    return Entry(section, document, {}, [], [], len(marked))


def _apply_rules(section: Section, document: dict, cells: dict[str, Cell]) -> int:
    """Rules across fields (a goal with indicators needs a name): the message goes on the field it names."""
    count = 0
    for rule in section.rules:
        for path, message in rule(document):
            cell = cells.get(path)
            if cell is not None and cell.error is None:
                cell.error = message
                count += 1
    return count


def _posted(post: Any, name: str, f: Field) -> str:
    if f.kind == "bool":  # a hidden twin posts '' beside the checkbox: ticked when any value says so
        return "on" if any(v.strip().lower() in ("on", "true", "1", "是", "yes") for v in post.getlist(name)) else ""
    return post.get(name, "")


def _read_grid(grid: Grid, stored: dict, post: Any | None) -> tuple[GridRows, Edit | None, int]:
    existing = grid.rows_of(docpath.get(stored, grid.path) or [])
    counter = post.get(f"{grid.name}-rows") if post is not None else None
    count = _row_count(counter)
    if count is None:  # a GET, or a post without this table: the stored rows, unchanged
        rows = [[Cell(c, f"{grid.name}-{i}-{c.path}", c.show(docpath.get(row, c.path))) for c in grid.columns]
                for i, row in enumerate(existing)]
        indices = list(range(len(existing)))
        paths = [grid.row_path(i) for i in indices]
        _cell_paths(rows, paths)
        return GridRows(grid, rows, [str(i) for i in indices], paths, indices), None, 0
    return _read_posted_rows(grid, existing, post, count)


def _row_count(counter: str | None) -> int | None:
    count = params.integer(counter, None)  # not isdigit(): "²" is a digit int() refuses (a 500)
    return None if count is None or count < 0 else min(count, MAX_ROWS)


def _read_posted_rows(grid: Grid, existing: list[dict], post: Any, count: int) -> tuple[GridRows, Edit, int]:
    rows, origins, values, indices, errors, deleted = [], [], [], [], 0, []
    used: set[int] = set()
    for i in range(count):
        prefix = f"{grid.name}-{i}-"
        origin = _origin(post.get(prefix + "origin", ""), existing, used)
        named = [c for c in grid.columns if prefix + c.path in post]
        if not any(c.kind != "bool" for c in named) and post.get(prefix + "delete") != "1":
            if origin is not None:  # on the page but none of its cells posted: the stored row stays as it is
                used.add(origin)
                values.append(copy.deepcopy(existing[origin]))
                rows.append([Cell(c, f"{grid.name}-{len(rows)}-{c.path}", c.show(docpath.get(existing[origin], c.path)))
                             for c in grid.columns])
                origins.append(str(origin))
                indices.append(i)
            continue
        if origin is not None:
            used.add(origin)
        raw = {c.path: _posted(post, prefix + c.path, c) for c in named}
        if post.get(prefix + "delete") == "1" or not any(v.strip() for v in raw.values()):
            if origin is not None:
                deleted.append(origin)
            continue  # named and emptied (or marked): deleted
        value = copy.deepcopy(existing[origin]) if origin is not None else {}
        cells = []
        for column in grid.columns:
            text = raw.get(column.path)
            if text is None or text == column.show(docpath.get(value, column.path)):  # not posted, or as shown
                shown = column.show(docpath.get(value, column.path))
                cells.append(Cell(column, f"{grid.name}-{len(rows)}-{column.path}", shown if text is None else text))
                continue
            parsed, error = column.read(text)
            if error is None and column.required and parsed is None:
                error = f"请填写{column.label}（整行清空即删除此行）"
            cells.append(Cell(column, f"{grid.name}-{len(rows)}-{column.path}", text, error))
            if error:
                errors += 1
            else:
                docpath.assign(value, column.path, parsed)
        rows.append(cells)
        origins.append("" if origin is None else str(origin))
        values.append(value)
        indices.append(i)
    _keep_unposted(existing, used, values, rows, origins, indices, grid)
    for k, row in enumerate(rows):  # named by their place on the page shown again
        for cell in row:
            cell.name = f"{grid.name}-{k}-{cell.field.path}"
    paths = [grid.row_path(k) for k in range(len(rows))]
    _cell_paths(rows, paths)
    return GridRows(grid, rows, origins, paths, indices, deleted), Edit(grid.path, grid.list_of(values)), errors


def _cell_paths(rows: list[list[Cell]], paths: list[str | None]) -> None:
    for cells, row_path in zip(rows, paths):
        for cell in cells:
            cell.path = f"{row_path}.{cell.field.path}" if row_path else ""


def _origin(text: str, existing: list, used: set[int]) -> int | None:
    """The stored row a posted row came from; a second claim on the same row makes a new row, not a copy."""
    index = params.integer(text, -1)  # not isdigit(): "²" is a digit int() refuses (a 500)
    return index if 0 <= index < len(existing) and index not in used else None


def _keep_unposted(existing, used, values, rows, origins, indices, grid) -> None:
    """Stored rows the post did not mention stay, at their old places."""
    for index, item in enumerate(existing):
        if index in used:
            continue
        at = min(index, len(values))
        values.insert(at, copy.deepcopy(item))
        rows.insert(at, [Cell(c, f"{grid.name}-{at}-{c.path}", c.show(docpath.get(item, c.path))) for c in grid.columns])
        origins.insert(at, str(index))
        indices.insert(at, -1)
