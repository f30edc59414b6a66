"""Write thousands of rows in a few statements, without making model instances.

An import of 1,000 objectives writes 4,000 key results, 16,000 check-ins and their
stored figures and findings. Django's `bulk_update` builds a CASE WHEN per column and
row, and `bulk_create` a model instance per row: for rows nothing reads back, these
cost more than the database's work. Here the rows come from one list of values: on
SQLite a VALUES list per batch of parameters, on PostgreSQL one array per column
(`unnest`), which spares psycopg quoting a parameter per value into a long statement.
Both helpers send no signals, like the bulk methods they stand in for, and run in the
caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

Field: TypeAlias = "models.Field[Any, Any]"
SQLITE_BATCH = 1000


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Set `fields` of rows given as (pk, *values in the order of `fields`)."""
    meta = model._meta
    assert meta.pk is not None
    columns = [meta.pk, *(_field(model, name) for name in fields)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = [quote(column.column) for column in columns]
    assignments = ", ".join(f"{name} = v.{name}" for name in names[1:])
    with connection.cursor() as cursor:
        prepared = _preparing(columns)
        for source, params in _sources(columns, [prepared(row) for row in rows]):
            cursor.execute(
                f"WITH v ({', '.join(names)}) AS ({source}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{names[0]} = v.{names[0]}",
                params,
            )


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows given as {attname: value}; fields left out take their defaults, made
    for each row as a new instance would (`created_at=timezone.now`).

    For rows whose ids nobody needs back; models whose fields compute their value on
    save (`auto_now`) are refused.
    """
    meta = model._meta
    columns = [field for field in meta.concrete_fields if field is not meta.auto_field]
    if any(
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        for field in columns
    ):
        raise ValueError(f"{model.__name__} sets fields on save: use bulk_create")
    if rows and (unknown := set(rows[0]) - {column.attname for column in columns}):
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    quote = connection.ops.quote_name
    names = ", ".join(quote(column.column) for column in columns)
    prepared = _preparing(columns)
    values = [
        prepared([row[c.attname] if c.attname in row else c.get_default() for c in columns])
        for row in rows
    ]
    with connection.cursor() as cursor:
        for source, params in _sources(columns, values):
            cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({names}) {source}", params)


def _field(model: type[models.Model], name: str) -> Field:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _preparing(columns: Sequence[Field]) -> Callable[[Sequence[Any]], list[Any]]:
    """A function giving a row's values as the database takes them (`get_db_prep_save`)."""
    # The connection itself: `django.db.connection` looks it up again at each use.
    database = connections[DEFAULT_DB_ALIAS]
    preparers = [column.get_db_prep_save for column in columns]

    def prepared(row: Sequence[Any]) -> list[Any]:
        return [prepare(value, database) for prepare, value in zip(preparers, row, strict=True)]

    return prepared


def _sources(
    columns: Sequence[Field], rows: Sequence[Sequence[Any]]
) -> Iterable[tuple[str, list[Any]]]:
    """(SQL giving the rows, its parameters) for batches of prepared rows."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{column.db_type(connection)}[]" for column in columns)
        yield (
            f"SELECT * FROM unnest({arrays})",
            [list(values) for values in zip(*rows, strict=True)],
        )
        return
    size = max(1, min(SQLITE_BATCH, connection.ops.bulk_batch_size(columns, rows)))
    placeholders = f"({', '.join('%s' for _ in columns)})"
    for start in range(0, len(rows), size):
        batch = rows[start : start + size]
        yield (
            f"VALUES {', '.join([placeholders] * len(batch))}",
            [value for row in batch for value in row],
        )
