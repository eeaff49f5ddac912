"""Bulk writes for the migration without the ORM's per-object work (model instances, per-value
preparation, SQL compilation), which in a bulk import costs more than the database does.

On PostgreSQL the rows go in with COPY (psycopg's copy, written in C) and the ids of new rows
are taken from the table's sequence beforehand: no SQL text of thousands of placeholders to
build, send and parse (psycopg's client-side binding splits such a query with a regular
expression on every call: that was a third of the importer's time). On SQLite the rows go in as
multi-row INSERTs, and rows whose ids are wanted through bulk_create.

Each row is a mapping of attname → value; missing columns get the field's default (a callable
default is called per row; auto_now(_add) dates get the current time)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

from django.db import connection, models
from django.utils import timezone

PER_STATEMENT = 1000
MAX_PARAMETERS = 30_000  # below SQLite's 32,766 and PostgreSQL's 65,535
# Field types whose Python values the database driver takes as they are (after the date
# adaptation below); any other type goes through the field's own get_db_prep_save.
PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


def _columns(model: type[models.Model], *, with_pk: bool):
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    ops = connection.ops
    columns = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapt = ops.adapt_datetimefield_value
        elif kind == "DateField":
            adapt = ops.adapt_datefield_value
        elif kind in PLAIN:
            adapt = None
        else:
            adapt = _prep(f)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            now = timezone.now()
            default = now.date() if kind == "DateField" else now
            per_row = None
        elif f.has_default() and callable(f.default):
            default, per_row = None, f.get_default
        else:
            default, per_row = f.get_default(), None
        columns.append((f.attname, default, per_row, adapt))
    return fields, columns


def _prep(field):
    return lambda value: field.get_db_prep_save(value, connection)


def _values(columns, rows: Iterable[Mapping]) -> list[tuple]:
    values = []
    for row in rows:
        out = []
        for name, default, per_row, adapt in columns:
            if name in row:
                value = row[name]
            elif per_row is not None:
                value = per_row()
            else:
                value = default
            if isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, models.Model):
                value = value.pk
            if adapt is not None and value is not None:
                value = adapt(value)
            out.append(value)
        values.append(tuple(out))
    return values


def _write(model: type[models.Model], fields, values: list[tuple]) -> None:
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        per_statement = max(1, min(PER_STATEMENT, MAX_PARAMETERS // len(fields)))
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        for i in range(0, len(values), per_statement):
            chunk = values[i : i + per_statement]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))}"
            cursor.execute(sql, [v for row in chunk for v in row])


def insert(model: type[models.Model], rows: Iterable[Mapping]) -> int:
    """Insert `rows` into `model`'s table (ids from the table); returns the count."""
    fields, columns = _columns(model, with_pk=False)
    values = _values(columns, rows)
    if values:
        _write(model, fields, values)
    return len(values)


_sequences: dict[str, str] = {}


def new_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` new ids from the table's sequence (PostgreSQL), ascending."""
    if n == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if table not in _sequences:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
            _sequences[table] = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [_sequences[table], n])
        return sorted(row[0] for row in cursor.fetchall())


def create(model: type[models.Model], rows: list[Mapping]) -> list[int]:
    """Insert `rows` and return their new ids, in the order of `rows`."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        made = model.objects.bulk_create([model(**row) for row in rows])
        return [obj.pk for obj in made]
    ids = new_ids(model, len(rows))
    pk = model._meta.pk.attname
    fields, columns = _columns(model, with_pk=True)
    values = _values(columns, ({**row, pk: i} for row, i in zip(rows, ids, strict=True)))
    _write(model, fields, values)
    return ids
