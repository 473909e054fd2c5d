"""Table revisions: for each table a page can show, a number that grows with every committed write to it. A page kept
by the page cache depends on the revisions of the tables it read while it was drawn (`read_tables`), so a write to
one table leaves every page that never read it served; one row, `EVERYTHING`, every page depends on (a migration, a
restore).

Database triggers keep them, not Django signals: `update()`, bulk writes, raw SQL, migrations' data steps and the
workers' own connections all change what pages show, and only the database sees them all. The triggers are installed
on every table but those below after every `migrate` (apps.py), like the audit log's.

- PostgreSQL: one statement-level trigger per table adds 1 to the row of (that table, the writing server process:
  pg_backend_pid), inside the writing transaction. A process runs one transaction at a time, so no two transactions
  ever wait on the same row and no new lock order (deadlock) is made; a table's revision is the sum of its rows, and
  a commit makes its increment visible together with its data. A pid reused later goes on counting on its rows:
  the sums only grow. `fold` moves the rows of processes that ended into one row per table.
- SQLite: one row per table, three row-level triggers per table (SQLite has no statement triggers); SQLite writes
  one transaction at a time anyway.
"""

from __future__ import annotations

import re

TABLE = "jx_table_revision"
TRIGGER = "jx_rev"
EVERYTHING = "*"  # the row every page depends on
# Before table revisions: one number for the whole database (pagecache 0001); its triggers are replaced by `install`.
OLD_TABLE, OLD_TRIGGER = "jx_data_revision", "jx_revision"

# Tables whose writes no page shows as content: the sessions (a session's data is part of the page cache's key
# instead), the revisions themselves, Django's migration record, the workers' heartbeats and the task timings
# (/metrics, never cached); the pages that say whether a worker is alive read the clock and are not kept
# (`pagecache.now`).
UNTRACKED = frozenset({TABLE, OLD_TABLE, "django_session", "django_migrations", "worker_workerprocess",
                       "metrics_tasktiming"})


def tracked_tables(connection) -> list[str]:
    return sorted(t for t in connection.introspection.table_names() if t not in UNTRACKED)


def _sqlite_statements(table: str, existing: set[str]) -> list[str]:
    bump = (f"INSERT INTO {TABLE} (\"key\", table_name, n) VALUES ('{table}', '{table}', 1) "
            f"ON CONFLICT (\"key\") DO UPDATE SET n = n + 1;")
    statements = []
    for event in ("INSERT", "UPDATE", "DELETE"):
        name = f"{TRIGGER}_{table}_{event.lower()}"
        if name not in existing:
            statements.append(f'CREATE TRIGGER {name} AFTER {event} ON "{table}" BEGIN {bump} END;')
    return statements


_POSTGRES_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {TRIGGER}_bump() RETURNS trigger AS $$ BEGIN "
    f"INSERT INTO {TABLE} (\"key\", table_name, n) VALUES (TG_TABLE_NAME || ':' || pg_backend_pid(), TG_TABLE_NAME, 1) "
    f"ON CONFLICT (\"key\") DO UPDATE SET n = {TABLE}.n + 1; RETURN NULL; END; $$ LANGUAGE plpgsql;"
)


def _postgres_statements(table: str, existing: set[str]) -> list[str]:
    if table in existing:
        return []
    return [f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}_bump();"]


def _existing(connection, trigger: str) -> set[str]:
    """SQLite: names of the triggers named after `trigger`; PostgreSQL: the tables that have `trigger`."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # GLOB: LIKE would take "_" as any character (jx_rev_ ⊂ jx_revision_)
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name GLOB %s", [f"{trigger}_*"])
        else:
            cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname = %s AND c.relnamespace = 'public'::regnamespace", [trigger])
        return {row[0] for row in cursor.fetchall()}


def _drop_old_triggers(connection) -> list[str]:
    """The whole-database revision's triggers (they write a table that goes away with them)."""
    old = _existing(connection, OLD_TRIGGER)
    if connection.vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name};" for name in sorted(old) if name.startswith(f"{OLD_TRIGGER}_")]
    drops = [f'DROP TRIGGER IF EXISTS {OLD_TRIGGER} ON "{table}";' for table in sorted(old)]
    return drops + [f"DROP FUNCTION IF EXISTS {OLD_TRIGGER}_bump();"] if drops else []


def install(connection) -> int:
    """Triggers on every tracked table that lacks them; the number of statements run. Idempotent. Moves
    `EVERYTHING`: a migration changes pages too."""
    if connection.vendor not in ("sqlite", "postgresql") or TABLE not in connection.introspection.table_names():
        return 0
    existing = _existing(connection, TRIGGER)
    build = _sqlite_statements if connection.vendor == "sqlite" else _postgres_statements
    statements = _drop_old_triggers(connection)
    statements += [s for table in tracked_tables(connection) for s in build(table, existing)]
    if connection.vendor == "postgresql" and len(existing) < len(tracked_tables(connection)):
        statements.insert(0, _POSTGRES_FUNCTION)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    move_everything(connection, 1)
    return len(statements)


def revisions(connection) -> dict[str, int]:
    """Each table's revision as this connection sees it now (a table never written: absent, i.e. 0)."""
    with connection.cursor() as cursor:
        # SQLite keeps one row per table (no server processes): its rows are the sums, read without grouping (a
        # fifth of this statement's cost, paid by every page the cache looks up and every kept fragment)
        cursor.execute(f"SELECT table_name, n FROM {TABLE}" if connection.vendor == "sqlite" else
                       f"SELECT table_name, SUM(n) FROM {TABLE} GROUP BY table_name")
        return {table: int(n) for table, n in cursor.fetchall()}


def current(connection) -> int:
    """All tables' revisions summed: grows with every committed write anywhere (a backup's marker)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {TABLE}")
        return int(cursor.fetchone()[0])


def of_tables(connection, tables) -> int:
    """These tables' revisions summed, with the one every page depends on (migrate, restore): moves with every committed
    write to any of them and with nothing else."""
    names = sorted({*tables, EVERYTHING})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {TABLE} WHERE table_name IN "
                       f"({', '.join(['%s'] * len(names))})", names)
        return int(cursor.fetchone()[0])


def move_everything(connection, by: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (\"key\", table_name, n) VALUES (%s, %s, %s) "
                       f"ON CONFLICT (\"key\") DO UPDATE SET n = {TABLE}.n + %s", [EVERYTHING, EVERYTHING, by, by])


def advance_past(connection, previous: int) -> None:
    """After the data went back to an older state (a restore from a backup): move `EVERYTHING` so that the sum is
    beyond `previous`, the one before, and no page kept from the newer data is served for the older."""
    if TABLE not in connection.introspection.table_names():
        return
    move_everything(connection, max(previous - current(connection), 0) + 1)


def fold(connection) -> int:
    """PostgreSQL: the rows of server processes that ended, moved into one row per table (its sum unchanged, in one
    transaction), so that reading the revisions stays a scan of a few rows per table; the number of tables whose
    rows were folded."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH gone AS (DELETE FROM {TABLE} WHERE \"key\" LIKE '%%:%%' AND split_part(\"key\", ':', 2)::int "
            f"NOT IN (SELECT pid FROM pg_stat_activity) RETURNING table_name, n) "
            f"INSERT INTO {TABLE} (\"key\", table_name, n) SELECT table_name, table_name, SUM(n) FROM gone "
            f"GROUP BY table_name ON CONFLICT (\"key\") DO UPDATE SET n = {TABLE}.n + EXCLUDED.n")
        return cursor.rowcount


def table_pattern(tables: list[str]) -> re.Pattern:
    """Finds the tracked tables a statement names (Django quotes them; raw SQL may not)."""
    names = "|".join(re.escape(t) for t in sorted(tables, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9_])({names})(?![A-Za-z0-9_])")
