"""The whole database to one file and back (`jixiao backup PATH`, `jixiao restore PATH`).

PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean` (the server's own tools: consistent while the
application runs, restorable table by table by an administrator). SQLite: the sqlite3 backup API, page by page under
SQLite's own locking, so a running application is copied consistently too. A restore refuses a database that holds
data (accounts, bureaus or evaluations) unless forced: it replaces everything in it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from jixiao.web.pagecache import revision

PG_MAGIC = b"PGDMP"  # how a pg_dump custom-format archive begins
SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables that hold what a restore would lose: any row in one of them makes the database "not empty".
DATA_TABLES = ("auth_user", "organisations_financebureau", "evaluations_evaluation")


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in Chinese."""


def backup(path: Path) -> str:
    """Write the database to `path`; returns what was done, in Chinese."""
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} 是一个目录：请给出备份文件的路径，如 {path / 'jixiao.backup'}")
    if not path.parent.is_dir():
        raise BackupError(f"目录 {path.parent} 不存在：请先建立它，或换一个备份文件的路径")
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(path), "--dbname", _pg_dbname()], "pg_dump")
    else:
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    return f"已备份{_what()}到 {path}（{path.stat().st_size:,} 字节）"


def restore(path: Path, force: bool = False) -> str:
    """Replace the database by the backup at `path`; refuses a database with data in it unless `force`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"备份文件 {path} 不存在")
    with path.open("rb") as file:
        head = file.read(16)
    postgres = connection.vendor == "postgresql"
    expected, kind = (PG_MAGIC, "pg_dump 自定义格式") if postgres else (SQLITE_MAGIC, "SQLite 数据库")
    if not head.startswith(expected):
        raise BackupError(f"{path} 不是{kind}的备份文件，当前数据库（{_what()}）无法从它恢复")
    if not force and not is_empty():
        raise BackupError(f"当前数据库（{_what()}）中已有数据（账号、财政局或自评）：恢复会覆盖全部数据。"
                          f"确认覆盖请加 --force")
    before = _revision()
    if postgres:
        connection.close()  # nothing of ours holds a lock on the tables pg_restore drops
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              "--dbname", _pg_dbname(), str(path)], "pg_restore")
    else:
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    revision.advance_past(connection, before)  # pages kept from the data replaced are not served for the restored
    return f"已从 {path} 恢复{_what()}"


def _revision() -> int:
    return revision.current(connection) if revision.TABLE in connection.introspection.table_names() else 0


def is_empty() -> bool:
    """No row in any table that holds what a restore would replace (a database just migrated is empty)."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone() is not None:
                    return False
    return True


def _what() -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return f" PostgreSQL 数据库 {settings['NAME']}"
    return f" SQLite 数据库 {settings['NAME']}"


def _pg_dbname() -> str:
    """A connection string for the tools; the password goes by the environment (below), never on the command line."""
    s = connection.settings_dict
    parts = {"dbname": s["NAME"], "host": s.get("HOST"), "port": s.get("PORT"), "user": s.get("USER")}
    return " ".join(f"{key}={_quoted(value)}" for key, value in parts.items() if value)


def _quoted(value) -> str:
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def _run(command: list[str], tool: str) -> None:
    environment = dict(os.environ)
    if connection.settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    except FileNotFoundError as missing:
        raise BackupError(f"找不到 {tool}：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）") \
            from missing
    if done.returncode != 0:
        raise BackupError(f"{tool} 失败（退出码 {done.returncode}）：{done.stderr.strip()[-1500:]}")
