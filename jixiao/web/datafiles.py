"""The data folder holds the database (password hashes, sessions), the secret key and the demo logins: only the
account that runs jixiao may read it. The folder is 0700; the SQLite database, its -wal/-shm/-journal files and
the secrets are 0600. SQLite creates its side files with the database file's mode, so the database is put right
when Django opens it (connection_created) and the rest follows."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    path.chmod(PRIVATE_DIR)  # also when it existed before, made with the umask's 0755
    return path


def secret_in(path: Path) -> str:
    """The secret kept in `path`, generated the first time, never readable by others (not even while written)."""
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        except FileExistsError:  # another process wrote it first
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(50))
    path.chmod(PRIVATE_FILE)
    return path.read_text(encoding="utf-8").strip()


def protect_sqlite(database: Path) -> None:
    for suffix in SQLITE_SUFFIXES:
        side = Path(f"{database}{suffix}")
        if side.exists() and (side.stat().st_mode & 0o777) != PRIVATE_FILE:
            side.chmod(PRIVATE_FILE)


def on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict.get("NAME") or "")
        if name and ":memory:" not in name and "mode=memory" not in name:
            protect_sqlite(Path(name))
