"""Insert many rows quickly: the values `bulk_create` would write, without its per-value work.

Django's `bulk_create` prepares every value of every row through the field and the query
compiler, which for a demo's quarter of a million rows takes longer than the database. Here
each column's conversion is chosen once (the same adapters the fields call), primary keys
are given in advance so later rows can point at earlier ones, and the rows go to the
database in one COPY (PostgreSQL) or one prepared statement (SQLite). PostgreSQL's sequences
are then moved past the new keys, so rows the services add later get keys of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.management.color import no_style
from django.db import connection, models

M = TypeVar("M", bound=models.Model)
BATCH_SIZE = 2000
# Values of these fields go to the database as they are (the fields only check them).
PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    kind = field.get_internal_type()
    ops = connection.ops
    if kind in PLAIN:
        return lambda value: value
    if kind == "DateTimeField":
        return lambda value: None if value is None else ops.adapt_datetimefield_value(value)
    if kind == "DateField":
        return lambda value: None if value is None else ops.adapt_datefield_value(value)
    return lambda value: field.get_db_prep_save(value, connection)


def insert_rows(model: type[M], rows: Sequence[M]) -> None:
    """Insert model instances (not yet saved) and give each its primary key."""
    if not rows:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    pk = meta.pk
    assert pk is not None
    fields = list(meta.concrete_fields)
    # Table and column names come from the model's metadata, quoted; values are parameters.
    table = quote(meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({quote(pk.column)}) FROM {table}")  # noqa: S608
        found = cursor.fetchone()
        start = (found[0] if found and found[0] is not None else 0) + 1
        for offset, row in enumerate(rows):
            row.pk = start + offset
        columns = ", ".join(quote(f.column) for f in fields)
        convert = [(f.attname, _converter(f)) for f in fields]
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: one stream, no statement per batch.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([c(getattr(row, name)) for name, c in convert])
        else:
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            for begin in range(0, len(rows), BATCH_SIZE):
                batch = rows[begin : begin + BATCH_SIZE]
                cursor.executemany(
                    sql, [tuple(c(getattr(row, name)) for name, c in convert) for row in batch]
                )
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
