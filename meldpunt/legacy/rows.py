"""Plain multi-row INSERTs for rows nobody needs an id of (history rows, source keys, a report's
people and forms). In a bulk import the ORM's per-object work (model instances, per-value
preparation, SQL compilation) costs more than the database; here each row is a tuple, dates and
moments adapted as the ORM would, missing columns filled with the field's default. Works on
SQLite and PostgreSQL alike."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

from django.db import connection, models

PER_STATEMENT = 1000
MAX_PARAMETERS = 30_000  # below SQLite's 32,766 and PostgreSQL's 65,535


def insert(model: type[models.Model], rows: Iterable[Mapping]) -> int:
    """Insert `rows` (mappings of attname → value) into `model`'s table; returns the count."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    ops = connection.ops
    adapters = []
    for f in fields:
        kind = f.get_internal_type()
        if kind == "DateTimeField":
            adapters.append(ops.adapt_datetimefield_value)
        elif kind == "DateField":
            adapters.append(ops.adapt_datefield_value)
        else:
            adapters.append(None)
    defaults = [f.get_default() for f in fields]
    names = [f.attname for f in fields]
    values = []
    for row in rows:
        out = []
        for name, default, adapt in zip(names, defaults, adapters, strict=True):
            value = row.get(name, default)
            if isinstance(value, enum.Enum):
                value = value.value
            elif isinstance(value, models.Model):
                value = value.pk
            if adapt is not None and value is not None:
                value = adapt(value)
            out.append(value)
        values.append(tuple(out))
    if not values:
        return 0
    per_statement = max(1, min(PER_STATEMENT, MAX_PARAMETERS // len(fields)))
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for i in range(0, len(values), per_statement):
            chunk = values[i : i + per_statement]
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))}"
            cursor.execute(sql, [v for row in chunk for v in row])
    return len(values)
