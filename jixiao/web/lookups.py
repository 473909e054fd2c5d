"""The lookups every signed-in request makes (its session, its user, the user's authenticator and memberships) as SQL
written once per process and database, run again with new values.

Through the ORM each of these four costs ~0.5 ms of Python building and compiling the same statement again, and
~0.04 ms to run on SQLite: about 1.6 ms of every signed-in page before its view did anything (`bench/web.py` prints
that request, a signed-in address with no page, as its reference). The statements select the model's concrete
columns by primary key or one other column, the values pass through the same converters the ORM applies (SQLite's
dates become aware datetimes), and the instances are made by `Model.from_db`, as a queryset makes them.

`one_related` does the same for a row with the rows its foreign keys lead to (`select_related`): an evaluation's or a
report's page opens with one, its scope then asked in Python. `kept` keeps what Django compiled for the heavier
statements of a page (see its section below)."""

from __future__ import annotations

import copy
from collections import OrderedDict
from functools import lru_cache

from django.db import connections, router


@lru_cache(maxsize=None)
def _statement(model, where: tuple[str, ...], fields: tuple[str, ...] | None, alias: str):
    """(SQL, the fields tested, attribute names, converters per column) for `model`'s columns (or `fields`')
    where each of `where` equals a parameter; per database alias, whose quoting and converters may differ."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    chosen = meta.concrete_fields if fields is None else [meta.get_field(name) for name in fields]
    tests = [(meta.get_field(name), op) for name, op in map(_operator, where)]
    conditions = [f"{quote(field.column)} {op} {_IN if op == 'IN' else '%s'}" for field, op in tests]
    sql = (f"SELECT {', '.join(quote(f.column) for f in chosen)} FROM {quote(meta.db_table)} "
           f"WHERE {' AND '.join(conditions)}")
    converters = []
    for field in chosen:
        column = field.get_col(meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        converters.append((column, tuple(found)))
    return sql, tuple(field for field, _ in tests), tuple(f.attname for f in chosen), tuple(converters)


_IN = "(jixiao-in-list)"  # where an `__in` condition's placeholders go, as many as its values


def _operator(condition: str) -> tuple[str, str]:
    """'expire_date__gt' → ('expire_date', '>'), 'department_id__in' → ('department_id', 'IN'); a plain name is
    equality."""
    name, _, lookup = condition.rpartition("__") if condition.endswith(("__gt", "__in")) else (condition, "", "")
    return name, {"": "=", "gt": ">", "in": "IN"}[lookup]


def _rows(model, where: tuple[str, ...], values: list, fields: tuple[str, ...] | None):
    alias = router.db_for_read(model)
    sql, tested, names, converters = _statement(model, where, fields, alias)
    connection = connections[alias]
    # each value prepared as the ORM prepares a lookup's (an id given as text becomes an int, or ValueError); an
    # `__in` list as the ORM reads it: once each, without None, and an empty one matches nothing (no statement)
    prepared, lists = [], []
    for field, value, condition in zip(tested, values, where):
        if condition.endswith("__in"):
            members = [field.get_db_prep_value(v, connection, prepared=False) for v in dict.fromkeys(value)
                       if v is not None]
            if not members:
                return alias, names, []
            prepared += members
            lists.append(", ".join(["%s"] * len(members)))
        else:
            prepared.append(field.get_db_prep_value(value, connection, prepared=False))
    for placeholders in lists:
        sql = sql.replace(_IN, f"({placeholders})", 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, prepared)
        raw = cursor.fetchall()
    rows = []
    for row in raw:
        converted = list(row)
        for index, (column, functions) in enumerate(converters):
            for function in functions:
                converted[index] = function(converted[index], column, connection)
        rows.append(converted)
    return alias, names, rows


def one(model, where: tuple[str, ...], values: list):
    """The instance of `model` whose `where` columns match `values` (a unique key), or None."""
    alias, names, rows = _rows(model, where, values, None)
    return model.from_db(alias, names, rows[0]) if rows else None


def values(model, fields: tuple[str, ...], where: tuple[str, ...], values_: list) -> list[tuple]:
    """`fields` of every row of `model` whose `where` columns match (a values_list without the compiling)."""
    return [tuple(row) for row in _rows(model, where, values_, fields)[2]]


@lru_cache(maxsize=None)
def _joined_statement(model, related: tuple[str, ...], where: tuple[str, ...], without: tuple[str, ...], alias: str):
    """As `_statement`, with the rows of `related` (foreign keys, "department" then "department__finance_bureau")
    joined as `select_related` joins them and `model`'s fields `without` left unread (as `defer` leaves them): (SQL,
    the fields tested, and per model joined (path, the model, the foreign key reaching it, attribute names,
    converters per column), in the row's order)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    # each table named by its own name, as Django names it (the tests find a statement reading a column by that
    # name); a table met a second time by an alias
    joined = {"": (model, quote(model._meta.db_table))}
    parts = [("", model, None)]
    joins = []
    for path in related:
        parent_path, _, name = path.rpartition("__")
        parent, parent_alias = joined[parent_path]  # a path's parent is named before it
        key = parent._meta.get_field(name)
        target = key.related_model
        table = quote(target._meta.db_table)
        target_alias = f"T{len(joined)}" if table in {a for _, a in joined.values()} else table
        named = table if target_alias == table else f"{table} {target_alias}"
        joins.append(f"{'LEFT OUTER' if key.null else 'INNER'} JOIN {named} "
                     f"ON {parent_alias}.{quote(key.column)} = {target_alias}.{quote(key.target_field.column)}")
        joined[path] = (target, target_alias)
        parts.append((path, target, key))
    columns, shapes = [], []
    for path, part, key in parts:
        table_alias, fields = joined[path][1], part._meta.concrete_fields
        if not path:
            fields = [field for field in fields if field.name not in without]
        columns += [f"{table_alias}.{quote(field.column)}" for field in fields]
        converters = []
        for field in fields:
            column = field.get_col(part._meta.db_table)
            converters.append((column, tuple(connection.ops.get_db_converters(column)
                                             + column.get_db_converters(connection))))
        shapes.append((path, part, key, tuple(f.attname for f in fields), tuple(converters)))
    tests = [(model._meta.get_field(name), op) for name, op in map(_operator, where)]
    conditions = [f"{joined[''][1]}.{quote(field.column)} {op} %s" for field, op in tests]
    sql = (f"SELECT {', '.join(columns)} FROM {joined[''][1]} {' '.join(joins)} "
           f"WHERE {' AND '.join(conditions)}")
    return sql, tuple(field for field, _ in tests), tuple(shapes)


def one_related(model, related: tuple[str, ...], where: tuple[str, ...], values_: list, without: tuple[str, ...] = ()):
    """`one` with the rows its foreign keys `related` lead to read in the same statement and kept on the instance,
    as `Model.objects.select_related(*related).defer(*without).filter(...).first()` keeps them (a null key: None;
    a field `without` is read when first asked for, as a deferred field is)."""
    alias = router.db_for_read(model)
    sql, tested, shapes = _joined_statement(model, tuple(related), tuple(where), tuple(without), alias)
    connection = connections[alias]
    prepared = [field.get_db_prep_value(value, connection, prepared=False) for field, value in zip(tested, values_)]
    with connection.cursor() as cursor:
        cursor.execute(sql, prepared)
        row = cursor.fetchone()
    if row is None:
        return None
    found, start = {}, 0
    for path, part, key, names, converters in shapes:
        values = list(row[start:start + len(names)])
        start += len(names)
        for index, (column, functions) in enumerate(converters):
            for function in functions:
                values[index] = function(values[index], column, connection)
        primary = part._meta.pk.attname
        instance = None if values[names.index(primary)] is None else part.from_db(alias, names, values)
        found[path] = instance
        if key is not None:
            parent = found[path.rpartition("__")[0]]
            if parent is not None:
                key.set_cached_value(parent, instance)
                if key.unique and instance is not None:  # a one-to-one key: the other side knows it too
                    key.remote_field.set_cached_value(instance, parent)
    return found[""]


# ------------------------------------------------------------------------------------------------ kept querysets
# A page's other statements, too varied to write as SQL here, are kept as the ORM compiled them: `kept(build,
# values)` is `list(build(*values))`, but the queryset is built and compiled once per process for each shape of the
# values (how many each list holds, and `fixed`: what the statement writes in its text, e.g. a page's LIMIT), with
# stand-ins for the values; each call runs that SQL with its own values, and Django makes the rows into models (or
# values) as it would have. The stand-ins are found in the compiled parameters by compiling twice with different
# ones: a statement whose text changes with them, or whose parameters do not show each of them, is never kept (it
# is built each time, as before).
_KEPT: OrderedDict = OrderedDict()
_KEPT_MOST = 256  # shapes kept; a page of a long list is one shape a page number
_NOT_KEPT = object()


def kept(build, values: tuple = (), fixed: tuple = ()) -> list:
    """`list(build(*values, *fixed))`, its statement built and compiled once per process and shape (see above).
    Each value is an int or a str (a primary key, a year, a status), or a list, set or tuple of them (an `__in`);
    `fixed` are passed as they are, and each different `fixed` is a statement of its own."""
    found = _kept_statement(build, values, fixed)
    if found is None:
        return list(build(*values, *fixed))
    (queryset, sql, _, state), params = found
    return list(_run_as(queryset, sql, params, state))


def kept_count(build, values: tuple = (), fixed: tuple = ()) -> int:
    """`build(*values, *fixed).count()`, kept as `kept` keeps a statement: the rows of `build`'s statement (their
    keys only) counted in SQL, as Django counts a queryset it cannot count directly."""
    found = _kept_statement(_keys_of(build), values, fixed)
    if found is None:
        return build(*values, *fixed).count()
    (queryset, sql, _, _), params = found
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) subquery", params)
        return cursor.fetchone()[0]


def kept_sql(build, values: tuple = (), fixed: tuple = ()) -> tuple[str, list, str] | None:
    """The SQL and parameters `kept` runs for `build(*values, *fixed)` (compiled once per process and shape) and the
    database's alias, for a statement around it (an aggregate over its rows); None when it is not kept."""
    found = _kept_statement(build, values, fixed)
    if found is None:
        return None
    (queryset, sql, _, _), params = found
    return sql, params, queryset.db


def kept_slice(build, values: tuple, fixed: tuple, low: int, high: int) -> list:
    """`list(build(*values, *fixed)[low:high])` kept as `kept` keeps it (each slice a statement of its own: a page of
    a list)."""
    return kept(_sliced(build), values, (*fixed, low, high))


_DERIVED: dict = {}  # (what, build) → the derived builder, one per process (its identity is part of a kept shape)


def _keys_of(build):
    def keys(*args):
        queryset = build(*args)
        if queryset.query.distinct or queryset.query.is_sliced or queryset.query.combinator:
            raise ValueError("counted by Django")  # not a plain filter: never kept (_compile_kept), counted as ever
        return queryset.order_by().values("pk")
    return _DERIVED.setdefault(("keys", build), keys)


def _sliced(build):
    def sliced(*args):
        *given, low, high = args
        return build(*given)[low:high]
    return _DERIVED.setdefault(("sliced", build), sliced)


def _kept_statement(build, values: tuple, fixed: tuple):
    """(the kept entry, this call's parameters), or None when the statement is built each time."""
    normalised = [_members(value) if isinstance(value, (list, tuple, set, frozenset)) else value for value in values]
    if any(isinstance(value, list) and not value for value in normalised):
        return None  # an empty `__in`: the ORM answers without a statement
    # a list by its length, a value by its type (a key given as text is another statement's stand-in)
    shape = (build, tuple(len(value) if isinstance(value, list) else type(value) for value in normalised), tuple(fixed))
    entry = _KEPT.get(shape)
    if entry is None:
        entry = _compile_kept(build, normalised, fixed)
        _KEPT[shape] = entry
        while len(_KEPT) > _KEPT_MOST:
            _KEPT.popitem(last=False)
    if entry is _NOT_KEPT:
        return None
    _, _, slots, _ = entry
    params = []
    for index, member, constant, wrap in slots:
        value = constant if index is None else (normalised[index] if member is None else normalised[index][member])
        params.append(value if wrap is None else wrap(value))
    return entry, params


def _members(value) -> list:
    """An `__in` list as the ORM reads it: each member once, in order, without None."""
    return [member for member in dict.fromkeys(value) if member is not None]


def _stand_in(number: int, value):
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"kept(): {type(value).__name__} is not a value a kept statement takes")
    # an int within a small integer column's range (Django refuses a comparison beyond it), as unlikely as a text
    return number if isinstance(value, int) else f"\x1fjixiao-{number}\x1f"


def _stand_ins(base: int, normalised: list) -> list:
    """A different stand-in for each value and each member of a list, numbered from `base`."""
    numbers = iter(range(base, base + 10**9))
    return [[_stand_in(next(numbers), m) for m in value] if isinstance(value, list)
            else _stand_in(next(numbers), value) for value in normalised]


def _compile_kept(build, normalised: list, fixed: tuple):
    try:
        compiled = []
        for base in (20011, 21013):
            stand_ins = _stand_ins(base, normalised)
            queryset = build(*stand_ins, *fixed)
            compiler = queryset.query.get_compiler(using=queryset.db)
            sql, params = compiler.as_sql()
            compiled.append((queryset, compiler, sql, list(params), stand_ins))
    except Exception:  # noqa: BLE001 — a statement the stand-ins cannot make (EmptyResultSet, a type refused): built
        return _NOT_KEPT
    (queryset, compiler, sql, params, stand_ins), (_, _, other_sql, other_params, other_ins) = compiled
    if sql != other_sql or len(params) != len(other_params):
        return _NOT_KEPT
    where: dict = {}
    for index, value in enumerate(stand_ins):
        for member, stand_in in (enumerate(value) if isinstance(value, list) else [(None, value)]):
            other = other_ins[index][member] if member is not None else other_ins[index]
            where[(type(stand_in), stand_in)] = (index, member, other)
    slots, seen = [], set()
    for param, other_param in zip(params, other_params):
        # psycopg gives a small integer column's value as Int2 (an int): found as the int, passed wrapped alike
        plain = int if isinstance(param, int) and not isinstance(param, bool) else type(param)
        found = where.get((plain, param))
        if found is None:
            if param != other_param:
                return _NOT_KEPT  # a parameter made from a value but not the value itself
            slots.append((None, None, param, None))
        else:
            index, member, other = found
            if other_param != other:
                return _NOT_KEPT
            seen.add((index, member))
            slots.append((index, member, None, None if type(param) in (int, str) else type(param)))
    if len(seen) != len(where) or any(str(key[1]) in sql for key in where if key[0] is str):
        return _NOT_KEPT  # a value written into the text, or not passed at all
    state = {name: getattr(compiler, name) for name in
             ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select", "where", "having",
              "qualify", "_meta_ordering")}
    return queryset, sql, tuple(slots), state


def _run_as(queryset, sql: str, params: list, state: dict):
    """A queryset like the kept one whose compiler gives the kept SQL with these parameters (the kept queryset is
    never run itself: its rows are not kept on it)."""
    query = copy.copy(queryset.query)
    compiler_class = connections[queryset.db].ops.compiler(query.compiler)

    def get_compiler(using=None, connection=None, elide_empty=True):
        compiler = compiler_class(query, connections[queryset.db], queryset.db, elide_empty)
        compiler.__dict__.update(state)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler

    query.get_compiler = get_compiler
    runner = queryset.__class__(model=queryset.model, query=query, using=queryset._db, hints=queryset._hints)
    runner._sticky_filter, runner._for_write = queryset._sticky_filter, queryset._for_write
    runner._prefetch_related_lookups = queryset._prefetch_related_lookups[:]
    runner._known_related_objects = queryset._known_related_objects
    runner._iterable_class, runner._fields = queryset._iterable_class, queryset._fields
    return runner
