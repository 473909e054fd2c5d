"""Database triggers that make a table append-only (no UPDATE, no DELETE, no TRUNCATE), for the databases jixiao
runs on. Used for the audit log and for frozen versions of evaluations.

Triggers are installed by migrations and again after every `migrate` (a post_migrate handler in the audit app),
because SQLite drops a table's triggers whenever Django rebuilds that table to alter a column.
"""

from __future__ import annotations

AUDIT_TABLE = "audit_auditevent"
VERSION_TABLE = "evaluations_version"
PROTECTED_TABLES = (AUDIT_TABLE, VERSION_TABLE)

# Names used before the module took a table name; dropped so that each table has one set of triggers.
_LEGACY = {AUDIT_TABLE: ("audit_no_update", "audit_no_delete", "audit_no_truncate")}


def _names(table: str) -> tuple[str, str, str]:
    return f"{table}_no_update", f"{table}_no_delete", f"{table}_no_truncate"


def _sqlite_install(table: str) -> list[str]:
    update, delete, _ = _names(table)
    message = f"{table} is append-only"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {update} BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        f"CREATE TRIGGER IF NOT EXISTS {delete} BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END;",
    ]


def _sqlite_remove(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name};" for name in (*_names(table), *_LEGACY.get(table, ()))]


_POSTGRES_FUNCTION = (
    "CREATE OR REPLACE FUNCTION jixiao_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql;"
)


def _postgres_install(table: str) -> list[str]:
    update, _, truncate = _names(table)
    return [
        _POSTGRES_FUNCTION,
        *_postgres_remove(table),
        f"CREATE TRIGGER {update} BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION jixiao_append_only();",
        f"CREATE TRIGGER {truncate} BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION jixiao_append_only();",
    ]


def _postgres_remove(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name} ON {table};" for name in (*_names(table), *_LEGACY.get(table, ()))]


_INSTALL = {"sqlite": _sqlite_install, "postgresql": _postgres_install}
_REMOVE = {"sqlite": _sqlite_remove, "postgresql": _postgres_remove}


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection, table: str = AUDIT_TABLE) -> None:
    builder = _INSTALL.get(connection.vendor)
    if builder is not None:
        if connection.vendor == "sqlite":  # legacy names first, so that one set remains
            _run(connection, [s for s in _sqlite_remove(table) if any(n in s for n in _LEGACY.get(table, ()))])
        _run(connection, builder(table))


def remove(connection, table: str = AUDIT_TABLE) -> None:
    """Only for emptying a test database and for a migration's one-time backfill; the application never calls it."""
    builder = _REMOVE.get(connection.vendor)
    if builder is not None:
        _run(connection, builder(table))


def install_all(connection) -> None:
    """Every protected table that exists in this database."""
    existing = set(connection.introspection.table_names())
    for table in PROTECTED_TABLES:
        if table in existing:
            install(connection, table)


def remove_all(connection) -> None:
    existing = set(connection.introspection.table_names())
    for table in PROTECTED_TABLES:
        if table in existing:
            remove(connection, table)
