"""What changes when a file is added, edited or removed, read without opening the files: a long-lived process asks
it often (the scheme library, the rule files, the page cache's key)."""

from __future__ import annotations

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
