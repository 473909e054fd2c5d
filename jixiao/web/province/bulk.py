"""Writing many model instances at once. On PostgreSQL: `COPY … FROM STDIN`, with primary keys drawn from the
table's sequence first (so that children can refer to them, as after `bulk_create`); elsewhere `bulk_create`.

Why not `bulk_create` everywhere: on PostgreSQL Django sends each column as an array, which psycopg quotes value by
value in Python — for stored JSON documents (every quote escaped) that is most of a load's time; COPY's row
formatting runs in psycopg's C code. The values are Django's own (`pre_save`, `get_db_prep_save`), as an INSERT
would store them; no signals are sent, as with `bulk_create`."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

BATCH = 2000


def insert(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Store `objs` (new instances of `model`); afterwards each has its primary key."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH)
        return
    for obj in objs:  # a parent saved since it was assigned: its key into the child's column (bulk_create does it)
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    _draw_keys(model, objs)
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for obj in objs:
            copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias


def _draw_keys(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [model._meta.db_table, pk.column, len(objs)])
        for obj, (key,) in zip(objs, cursor.fetchall()):
            obj.pk = key
