"""The data revision: a number that grows with every committed write to a table a page can show, read before a page
is drawn so that a page kept by the page cache is never older than the revision it is kept under.

Database triggers keep it, not Django signals: `update()`, bulk writes, raw SQL, migrations' data steps and the
workers' own connections all change what pages show, and only the database sees them all. The triggers are installed
on every table but those below after every `migrate` (apps.py), like the audit log's.

- PostgreSQL: one statement-level trigger per table adds 1 to the row of the writing server process (pg_backend_pid),
  inside the writing transaction. A process runs one transaction at a time, so no two transactions ever wait on
  the same row and no new lock order (deadlock) is made; the revision is the sum of the rows, and a commit makes its
  increment visible together with its data. A pid reused later goes on counting on its row: the sum only grows.
- SQLite: one row, three row-level triggers per table (SQLite has no statement triggers); SQLite writes one
  transaction at a time anyway.
"""

from __future__ import annotations

TABLE = "jx_data_revision"
TRIGGER = "jx_revision"

# Tables whose writes no page shows as content: the sessions (a session's data is part of the page cache's key
# instead), the revision itself, Django's migration record, the workers' heartbeats and the task timings (/metrics,
# never cached); the pages that say whether a worker is alive read the clock and are not kept (`pagecache.now`).
UNTRACKED = frozenset({TABLE, "django_session", "django_migrations", "worker_workerprocess", "metrics_tasktiming"})


def tracked_tables(connection) -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if t not in UNTRACKED)


def _sqlite_statements(table: str, existing: set[str]) -> list[str]:
    bump = (f"INSERT INTO {TABLE} (\"key\", n) VALUES (0, 1) "
            f"ON CONFLICT (\"key\") DO UPDATE SET n = n + 1;")
    statements = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        name = f"{TRIGGER}_{table}_{event.lower()}"
        if name not in existing:
            statements.append(f'CREATE TRIGGER {name} AFTER {event} ON "{table}" BEGIN {bump} END;')
    return statements


_POSTGRES_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {TRIGGER}_bump() RETURNS trigger AS $$ BEGIN "
    f"INSERT INTO {TABLE} (\"key\", n) VALUES (pg_backend_pid(), 1) "
    f"ON CONFLICT (\"key\") DO UPDATE SET n = {TABLE}.n + 1; RETURN NULL; END; $$ LANGUAGE plpgsql;"
)


def _postgres_statements(table: str, existing: set[str]) -> list[str]:
    if table in existing:
        return []
    return [f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}_bump();"]


def _existing(connection) -> set[str]:
    """SQLite: names of our triggers; PostgreSQL: the tables that have ours."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER}_%"])
        else:
            cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname = %s AND c.relnamespace = 'public'::regnamespace", [TRIGGER])
        return {row[0] for row in cursor.fetchall()}


def install(connection) -> int:
    """Triggers on every tracked table that lacks them; the number of statements run. Idempotent."""
    if connection.vendor not in ("sqlite", "postgresql") or TABLE not in connection.introspection.table_names():
        return 0
    existing = _existing(connection)
    build = _sqlite_statements if connection.vendor == "sqlite" else _postgres_statements
    statements = [s for table in tracked_tables(connection) for s in build(table, existing)]
    if statements and connection.vendor == "postgresql":
        statements.insert(0, _POSTGRES_FUNCTION)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {TABLE} (\"key\", n) VALUES (0, 1) "
                       f"ON CONFLICT (\"key\") DO UPDATE SET n = {TABLE}.n + 1")  # a migration changes pages too
    return len(statements)


def current(connection) -> int:
    """The revision this connection sees now."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {TABLE}")
        return int(cursor.fetchone()[0])


def advance_past(connection, previous: int) -> None:
    """After the data went back to an older state (a restore from a backup): move the revision beyond `previous`, the
    one before, so that no page kept from the newer data is served for the older."""
    if TABLE not in connection.introspection.table_names():
        return
    gap = previous - current(connection) + 1
    if gap > 0:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {TABLE} (\"key\", n) VALUES (-1, %s) "
                           f"ON CONFLICT (\"key\") DO UPDATE SET n = {TABLE}.n + %s", [gap, gap])
