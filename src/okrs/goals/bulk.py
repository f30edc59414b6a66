"""Write thousands of rows in a few statements, without making model instances.

An import of 1,000 objectives writes 4,000 key results, 16,000 check-ins and their
stored figures and findings. Django's `bulk_update` builds a CASE WHEN per column and
row, and `bulk_create` a model instance per row: for rows nothing reads back, these
cost more than the database's work. Both helpers send no signals, like the bulk
methods they stand in for, and run in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.db import connection, models

T = TypeVar("T")
MAX_BATCH = 1000


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Set `fields` of rows given as (pk, *values in the order of `fields`).

    One UPDATE per batch, joined to the list of new values (SQLite 3.33+, PostgreSQL).
    """
    meta = model._meta
    assert meta.pk is not None
    columns = [meta.pk, *(_field(model, name) for name in fields)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = [quote(column.column) for column in columns]
    # PostgreSQL types a VALUES list by its rows: a column of NULLs would be text.
    typed = connection.vendor == "postgresql"
    first = ", ".join(
        f"CAST(%s AS {column.db_type(connection)})" if typed else "%s" for column in columns
    )
    other = ", ".join("%s" for _ in columns)
    assignments = ", ".join(f"{name} = v.{name}" for name in names[1:])
    with connection.cursor() as cursor:
        for batch in _batches(columns, rows):
            listed = ", ".join([f"({first})", *[f"({other})"] * (len(batch) - 1)])
            cursor.execute(
                f"WITH v ({', '.join(names)}) AS (VALUES {listed}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{names[0]} = v.{names[0]}",
                [
                    column.get_db_prep_save(value, connection)
                    for row in batch
                    for column, value in zip(columns, row, strict=True)
                ],
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
    placeholders = f"({', '.join('%s' for _ in columns)})"
    with connection.cursor() as cursor:
        for batch in _batches(columns, rows):
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({names}) "
                f"VALUES {', '.join([placeholders] * len(batch))}",
                [
                    column.get_db_prep_save(
                        row[column.attname] if column.attname in row else column.get_default(),
                        connection,
                    )
                    for row in batch
                    for column in columns
                ],
            )


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _batches(columns: Sequence[models.Field[Any, Any]], rows: Sequence[T]) -> Iterable[Sequence[T]]:
    """Rows in batches within the database's limit of parameters a statement."""
    size = max(1, min(MAX_BATCH, connection.ops.bulk_batch_size(columns, rows)))
    return (rows[i : i + size] for i in range(0, len(rows), size))
