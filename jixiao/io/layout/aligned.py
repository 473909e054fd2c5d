"""Tables a PDF draws without ruling lines, rebuilt from where their words stand (as pdfplumber's text strategy does):
the columns are the stretches of the page the lines' pieces of text cover, with white gaps between them that no
piece crosses; each piece goes to the column it lies in, so an empty cell stays empty instead of pulling the next
cell left; a line holding only the rest of cells the line above began (a name wrapped by its cell's width) is joined
to that row instead of starting one."""

from __future__ import annotations

import re

CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
MIN_COLUMNS = 3  # fewer is a label and its value, which the text reader handles
MIN_ROWS = 2


class Placed(tuple):
    """A PDF text line's (x0, x1, page width, size), with its pieces [(x0, x1, text)] split at column gaps and its
    top, for the table rebuilt from positions."""

    segments: list[tuple[float, float, str]]
    top: float


def placed(x0: float, x1: float, width: float, size: float, segments, top: float) -> Placed:
    value = Placed((x0, x1, width, size))
    value.segments, value.top = segments, top
    return value


def aligned_run(lines: list, i: int) -> tuple[int, list[list[str]]] | None:
    """(end, rows) of a table without ruling lines starting at line i, or None."""
    first = lines[i].payload
    if not isinstance(first, Placed) or len(first.segments) < MIN_COLUMNS:
        return None
    end, columns = i + 1, _columns([first])
    while end < len(lines):
        line, previous = lines[end].payload, lines[end - 1].payload
        if not isinstance(line, Placed) or lines[end].page != lines[i].page or line.top - previous.top > 3 * line[3]:
            break
        trial = _columns([x.payload for x in lines[i:end + 1] if len(x.payload.segments) >= 2])
        if len(line.segments) < 2 and _column_of(line.segments[0], trial) is None:
            break  # a paragraph across the columns
        if len(trial) < MIN_COLUMNS:
            break
        columns = trial
        end += 1
    rows = _rows([x.payload for x in lines[i:end]], columns)
    if len(rows) < MIN_ROWS or sum(1 for r in rows if sum(1 for c in r if c) >= MIN_COLUMNS) < MIN_ROWS:
        return None
    return end, rows


def _columns(lines: list[Placed]) -> list[tuple[float, float]]:
    """The x stretches the pieces cover, overlapping pieces joined."""
    spans = sorted((a, b) for line in lines for a, b, _ in line.segments)
    out: list[list[float]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _column_of(segment: tuple[float, float, str], columns: list[tuple[float, float]]) -> int | None:
    a, b, _ = segment
    for index, (left, right) in enumerate(columns):
        if a >= left - 1 and b <= right + 1:
            return index
    return None


def _rows(lines: list[Placed], columns: list[tuple[float, float]]) -> list[list[str]]:
    """Pieces by column; a line is the wrapped rest of the row above when each of its pieces is under a piece of
    the line above that runs to its column's right edge (it was cut there by the cell's width)."""
    rows: list[list[str]] = []
    above: dict[int, float] = {}  # column → right end of the line above's piece in it
    for line in lines:
        cells: dict[int, str] = {}
        ends: dict[int, float] = {}
        for segment in line.segments:
            index = _column_of(segment, columns)
            if index is None:  # a piece crossing a gap: nearest column by its start
                index = min(range(len(columns)), key=lambda k: abs(columns[k][0] - segment[0]))
            cells[index] = _joined(cells.get(index, ""), segment[2])
            ends[index] = max(ends.get(index, 0.0), segment[1])
        full = {k for k, end in above.items() if end >= columns[k][1] - 0.6 * line[3]}
        if rows and set(cells) <= full:
            for index, text in cells.items():
                rows[-1][index] = _joined(rows[-1][index], text)
        else:
            rows.append([cells.get(k, "") for k in range(len(columns))])
        above = ends
    return rows


def _joined(text: str, more: str) -> str:
    if text and not (CJK.search(text[-1]) or CJK.search(more[:1])):
        return text + " " + more
    return text + more
