"""What changes when a file is added, edited or removed, read without opening the files: a long-lived process asks
it often (the scheme library, the rule files, the page cache's key)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def files_signature(paths: Iterable[Path]) -> tuple:
    """Each file's path, size and modification time."""
    found = []
    for path in paths:
        try:
            status = path.stat()
        except OSError:  # removed between the listing and now: the next look sees it gone
            continue
        found.append((str(path), status.st_size, status.st_mtime_ns))
    return tuple(found)


def folders_signature(folders: Iterable[Path | str], suffix: str, recursive: bool = False) -> tuple:
    """`files_signature` of the files named `*suffix` in each folder in turn (and its subfolders, when `recursive`),
    each folder's sorted as pathlib sorts them: `files_signature(p for f in folders for p in sorted(Path(f).glob(
    "*" + suffix)))`, `rglob` when recursive. Read with os.scandir: pathlib's globbing and Path objects cost ~0.3 ms
    for the nine scheme files, which the scheme library and the page cache look at once a second (and a page counted
    under callgrind, fifty times slower, once or twice)."""
    found = []
    for folder in folders:
        top = str(Path(folder))
        matched: list[tuple[tuple[str, ...], str]] = []
        _scan(top, (), suffix, recursive, matched)
        for _, path in sorted(matched):
            try:
                status = os.stat(path)
            except OSError:  # removed between the listing and now, or a broken link: as files_signature
                continue
            found.append((path, status.st_size, status.st_mtime_ns))
    return tuple(found)


def _scan(top: str, parts: tuple[str, ...], suffix: str, recursive: bool, matched: list) -> None:
    """(parts below `top`, the path as str(Path) writes it) of each entry named `*suffix`; subfolders (not links to
    them) as rglob walks them. A folder missing or unreadable holds nothing, as for glob."""
    directory = (os.path.join(*parts) if top == "." else os.path.join(top, *parts)) if parts else top
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.endswith(suffix):
            matched.append(((*parts, name), name if directory == "." else os.path.join(directory, name)))
        if recursive:
            try:
                below = entry.is_dir(follow_symlinks=False)
            except OSError:
                below = False
            if below:
                _scan(top, (*parts, name), suffix, recursive, matched)
