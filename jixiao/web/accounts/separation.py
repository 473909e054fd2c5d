"""三权分立 in the database: whatever writes accounts_membership, an account never holds an administrator role
beside any other role. Two administrator roles are also refused by a partial unique index (models.py); the mix of
an administrator role and a business role spans rows, so a trigger checks it. Membership.save checks the same
first, with a Chinese message; these are for writes that bypass it.

Installed by a migration and again after every migrate (SQLite drops a table's triggers when it rebuilds it).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .models import ADMIN_ROLES

TABLE = "accounts_membership"
MESSAGE = "separation of duties: an administrator role cannot be combined with any other role"


def _admin_list() -> str:
    return ", ".join(f"'{role.value}'" for role in sorted(ADMIN_ROLES))


def _conflict(new: str, exclude_self: str) -> str:
    return (f"EXISTS (SELECT 1 FROM {TABLE} m WHERE m.user_id = {new}.user_id {exclude_self} "
            f"AND ({new}.role IN ({_admin_list()}) OR m.role IN ({_admin_list()})))")


def _sqlite() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS membership_separation_insert BEFORE INSERT ON {TABLE} "
        f"WHEN {_conflict('NEW', '')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER IF NOT EXISTS membership_separation_update BEFORE UPDATE OF role, user_id ON {TABLE} "
        f"WHEN {_conflict('NEW', 'AND m.id <> NEW.id')} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ]


def _postgres() -> list[str]:
    users = get_user_model()._meta.db_table
    return [
        # The lock on the account's row makes two concurrent grants to one account wait for each other.
        "CREATE OR REPLACE FUNCTION jixiao_membership_separation() RETURNS trigger AS $$ BEGIN "
        f"PERFORM 1 FROM {users} WHERE id = NEW.user_id FOR UPDATE; "
        f"IF {_conflict('NEW', 'AND m.id <> NEW.id')} THEN RAISE EXCEPTION '{MESSAGE}'; END IF; "
        "RETURN NEW; END; $$ LANGUAGE plpgsql;",
        f"DROP TRIGGER IF EXISTS membership_separation ON {TABLE};",
        f"CREATE TRIGGER membership_separation BEFORE INSERT OR UPDATE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION jixiao_membership_separation();",
    ]


def install(connection) -> None:
    statements = {"sqlite": _sqlite, "postgresql": _postgres}.get(connection.vendor, list)()
    if TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
