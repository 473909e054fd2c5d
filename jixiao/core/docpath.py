"""Paths into an evaluation document: `projects[3].indicators[2].actual`.

One module parses, builds, reads, writes and compares these paths for the core, io and web, so that nobody slices
strings (`int(path[9:-1])`) or writes another regex for them. A path is a tuple of steps: a key (str) or a list
index (int). The document is plain data (dicts and lists), as stored and as `evaluation_to_data` writes it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

Step = str | int
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,6})\]|(\.)")


class PathError(ValueError):
    """A path that is not of the form key.key[index]…"""


@lru_cache(maxsize=8192)
def parse(path: str) -> tuple[Step, ...]:
    """'projects[3].indicators[2]' → ('projects', 3, 'indicators', 2). Raises PathError for anything else.
    Memoised: the checks name the place of every finding, and a province repeats the same few thousand paths."""
    steps: list[Step] = []
    position, expect_key = 0, True
    for match in _TOKEN.finditer(path):
        if match.start() != position:
            raise PathError(f"路径“{path}”无法识别")
        key, index, dot = match.groups()
        if key is not None:
            if not expect_key:
                raise PathError(f"路径“{path}”无法识别")
            steps.append(key)
            expect_key = False
        elif index is not None:
            if not steps:
                raise PathError(f"路径“{path}”无法识别")
            steps.append(int(index))
        else:
            if expect_key:  # '.a' or 'a..b'
                raise PathError(f"路径“{path}”无法识别")
            expect_key = True
        position = match.end()
    if position != len(path) or not steps or expect_key:
        raise PathError(f"路径“{path}”无法识别")
    return tuple(steps)


def join(steps: tuple[Step, ...] | list[Step]) -> str:
    """The inverse of parse."""
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def child(path: str, step: Step) -> str:
    if not path:
        return join([step])
    return f"{path}[{step}]" if isinstance(step, int) else f"{path}.{step}"


def get(data: Any, path: str | tuple[Step, ...], default: Any = None) -> Any:
    """The value at `path`, or `default` when any step is missing."""
    for step in parse(path) if isinstance(path, str) else path:
        if isinstance(step, int):
            if not isinstance(data, list) or step >= len(data):
                return default
        elif not isinstance(data, dict) or step not in data:
            return default
        data = data[step]
    return data


def assign(data: dict, path: str | tuple[Step, ...], value: Any) -> None:
    """Set the value at `path`, creating the dicts and lists on the way (a list is padded with empty dicts up to the
    index, which is how the page's empty 'new goal' slot becomes a goal). `None` removes a key instead."""
    steps = parse(path) if isinstance(path, str) else path
    if value is None and not isinstance(steps[-1], int):
        remove(data, steps)
        return
    for step, following in zip(steps, steps[1:]):
        fresh: Any = [] if isinstance(following, int) else {}
        data = _descend(data, step, fresh)
    last = steps[-1]
    if isinstance(last, int):
        if not isinstance(data, list):
            raise PathError(f"路径“{join(steps)}”指向的不是列表")
        while len(data) <= last:
            data.append({})
    elif not isinstance(data, dict):
        raise PathError(f"路径“{join(steps)}”的上一级不是对象")
    data[last] = value


def remove(data: dict, path: str | tuple[Step, ...]) -> None:
    """Remove the key at `path` if it is there, and the objects it leaves empty (so that clearing the only figure
    of a budget line leaves no empty line behind). Lists are never removed."""
    steps = parse(path) if isinstance(path, str) else path
    chain = [data]
    for step in steps[:-1]:
        chain.append(get(chain[-1], (step,)))
        if chain[-1] is None:
            return
    parent = chain[-1]
    if not isinstance(parent, dict) or steps[-1] not in parent:
        return
    del parent[steps[-1]]
    for depth in range(len(steps) - 1, 0, -1):
        holder, key, item = chain[depth - 1], steps[depth - 1], chain[depth]
        if isinstance(key, int) or not isinstance(item, dict) or item:
            break
        del holder[key]


def _descend(data: Any, step: Step, fresh: Any) -> Any:
    if isinstance(step, int):
        if not isinstance(data, list):
            raise PathError(f"第 {step} 项的上一级不是列表")
        while len(data) <= step:
            data.append({})
        if data[step] is None:
            data[step] = fresh
        return data[step]
    if not isinstance(data, dict):
        raise PathError(f"“{step}”的上一级不是对象")
    if data.get(step) is None:
        data[step] = fresh
    return data[step]


def covers(prefix: str, path: str) -> bool:
    """`path` is `prefix` or lies below it ('projects[1]' covers 'projects[1].name', not 'projects[10]')."""
    if not prefix:
        return True
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def overlaps(a: str, b: str) -> bool:
    """One path lies within the other: a change at one may change what the other holds."""
    return covers(a, b) or covers(b, a)


def overlapping_any(paths: list[str]):
    """`lambda location: any(overlaps(location, p) for p in paths)`, with each path's prefixes built once: a page
    asks it of hundreds of findings (issue 11)."""
    if any(not p for p in paths):  # the whole document overlaps every location
        return lambda location: True
    below = [(p, (p + ".", p + "[")) for p in paths]

    def overlapping(location: str) -> bool:
        if not location:
            return bool(below)
        above = (location + ".", location + "[")
        return any(location == p or location.startswith(tails) or p.startswith(above) for p, tails in below)

    return overlapping


def index_in(path: str, collection: str) -> int | None:
    """The index of the item of `collection` that `path` lies in: index_in('projects[3].budget', 'projects') → 3."""
    if not covers(collection, path) or path == collection:
        return None
    try:
        steps = parse(path)
        base = parse(collection)
    except PathError:
        return None
    following = steps[len(base)] if len(steps) > len(base) else None
    return following if isinstance(following, int) else None


def is_path(text: str) -> bool:
    try:
        parse(text)
    except PathError:
        return False
    return True
