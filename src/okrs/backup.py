"""Backup and restore of a whole installation in one JSON file (gzip when it ends in `.gz`).

The file holds every row of people and goals — users with their password hashes, teams,
memberships, API tokens (hashes only), cycles with objectives, key results, check-ins,
initiatives, KPIs, comments, reviews and surveys — as Django's serializers write them,
with primary keys kept and natural keys for permissions, so that it loads into SQLite or
PostgreSQL alike. Sessions, sign-in attempts and the admin's log are not part of it.

A restore goes into an empty database only, in one transaction; the stored figures are
recomputed afterwards, since fixture saves skip the signals that keep them.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time
from pathlib import Path
from typing import IO, Any, cast

from django.apps import apps
from django.contrib.auth.models import Permission
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader

from okrs.core.errors import Conflict, Invalid

FORMAT = "okrs-backup"
FORMAT_VERSION = 1
APPS = ("people", "goals")
EXTRA_MODELS = ("auth.group",)

Progress = Callable[[str], None]


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder keeps milliseconds only."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def backed_up_models() -> list[type[models.Model]]:
    """The models a backup holds, those referred to before those referring to them."""
    chosen: list[type[models.Model]] = [apps.get_model(label) for label in EXTRA_MODELS]
    for label in APPS:
        chosen += [m for m in apps.get_app_config(label).get_models() if not m._meta.auto_created]
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


@contextmanager
def _open(path: Path, mode: str, *, gzipped: bool) -> Iterator[IO[str]]:
    if gzipped:
        with gzip.open(path, mode + "t", encoding="utf-8") as file:
            yield cast(IO[str], file)
    else:
        with path.open(mode, encoding="utf-8") as file:
            yield file


def _migrations() -> dict[str, list[str]]:
    loader = MigrationLoader(connection)
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(loader.applied_migrations):
        applied.setdefault(app_label, []).append(name)
    return applied


def backup(path: Path, progress: Progress = lambda line: None) -> dict[str, int]:
    """Write every row to `path`; the number of rows by model label."""
    counts: dict[str, int] = {}
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "migrations": _migrations(),
    }
    partial = path.with_name(path.name + ".partial")
    try:
        _write(partial, header, counts, progress, gzipped=path.suffix == ".gz")
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return counts


def _write(
    partial: Path,
    header: dict[str, Any],
    counts: dict[str, int],
    progress: Progress,
    *,
    gzipped: bool,
) -> None:
    with transaction.atomic(), _open(partial, "w", gzipped=gzipped) as file:
        # One snapshot: on PostgreSQL, rows written meanwhile stay out of every table alike.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        file.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "models": {')
        for index, model in enumerate(backed_up_models()):
            label = _label(model)
            rows = model._base_manager.order_by("pk").prefetch_related(
                *(field.name for field in model._meta.many_to_many)
            )
            counts[label] = rows.count()
            file.write(("," if index else "") + f"\n{json.dumps(label)}: ")
            serializers.serialize(
                "json",
                rows.iterator(chunk_size=2000),
                stream=file,
                # Permissions by name: their ids differ between databases. Every other
                # reference by id, which costs no query per row.
                use_natural_foreign_keys=_refers_to_permissions(model),
                cls=ExactEncoder,
            )
            progress(f"{label}: {counts[label]} row(s)")
        file.write("\n}}\n")


def read_backup(path: Path) -> dict[str, Any]:
    """The contents of a backup file, checked to be one this version can restore."""
    try:
        with _open(path, "r", gzipped=path.suffix == ".gz") as file:
            data = json.load(file)
    except FileNotFoundError:
        raise Invalid(f"{path}: no such file") from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Invalid(f"{path}: not an okrs backup ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Invalid(f'{path}: not an okrs backup (no \'"format": "{FORMAT}"\')')
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise Invalid(
            f"{path}: backup format version {version!r}; this okrs reads version {FORMAT_VERSION}"
        )
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = [
        f"{app}.{name}"
        for app, names in (data.get("migrations") or {}).items()
        for name in names
        if (app, name) not in known and app in {a for a, _ in known}
    ]
    if unknown:
        raise Invalid(
            f"{path}: made by a newer okrs (migrations {', '.join(unknown[:3])} unknown here); "
            "install that version to restore it"
        )
    return data


def stored_rows() -> dict[str, int]:
    """Rows already in the database, by model label; empty for an empty database."""
    return {
        _label(model): count
        for model in backed_up_models()
        if (count := model._default_manager.count())
    }


def restore(path: Path, progress: Progress = lambda line: None) -> dict[str, int]:
    """Load a backup into an empty database, then recompute every cycle's figures."""
    from okrs.goals.figures import recompute_cycle
    from okrs.goals.models import Cycle

    data = read_backup(path)
    tables = data.get("models")
    if not isinstance(tables, dict):
        raise Invalid(f"{path}: not an okrs backup (no models)")
    known = {_label(model): model for model in backed_up_models()}
    if unknown := sorted(set(tables) - set(known)):
        raise Invalid(f"{path}: holds rows of unknown models: {', '.join(unknown)}")
    counts: dict[str, int] = {}
    with transaction.atomic():
        if occupied := stored_rows():
            held = ", ".join(f"{n} {label}" for label, n in list(occupied.items())[:4])
            raise Conflict(
                f"restore needs an empty database; this one holds rows ({held}). "
                "Point DATABASE_URL at a new database."
            )
        try:
            with connection.constraint_checks_disabled():
                for label, model in known.items():
                    rows = tables.get(label) or []
                    _load(model, serializers.deserialize("python", rows))
                    counts[label] = len(rows)
                    progress(f"{label}: {len(rows)} row(s)")
            connection.check_constraints(table_names=[m._meta.db_table for m in known.values()])
        except (DeserializationError, IntegrityError) as error:
            raise Invalid(f"{path}: cannot be restored ({error})") from None
        _reset_sequences(list(known.values()))
        cycles = list(Cycle.objects.order_by("key"))
        for cycle in cycles:
            recompute_cycle(cycle)
            progress(f"figures of {cycle.key}: recomputed")
    return counts


def _refers_to_permissions(model: type[models.Model]) -> bool:
    return any(
        field.related_model is Permission
        for field in model._meta.get_fields()
        if field.many_to_many or field.many_to_one
    )


def _load(model: type[models.Model], items: Iterator[DeserializedObject]) -> None:
    """Insert the deserialized rows of one model in batches, then their many-to-many links."""
    if any(getattr(field, "auto_now", False) for field in model._meta.concrete_fields):
        for item in items:  # one by one: a raw save keeps the stored `auto_now` time
            item.save()
        return
    links: dict[str, list[models.Model]] = {}
    for batch in _batches(items, 1000):
        model._base_manager.bulk_create([item.object for item in batch])
        for item in batch:
            for name, targets in (item.m2m_data or {}).items():
                field = model._meta.get_field(name)
                assert isinstance(field, models.ManyToManyField)
                through = getattr(model, name).through
                links.setdefault(name, []).extend(
                    through(
                        **{
                            f"{field.m2m_field_name()}_id": item.object.pk,
                            f"{field.m2m_reverse_field_name()}_id": target,
                        }
                    )
                    for target in targets
                )
    for name, rows in links.items():
        getattr(model, name).through._base_manager.bulk_create(rows, batch_size=1000)


def _batches(items: Iterator[DeserializedObject], size: int) -> Iterator[list[DeserializedObject]]:
    batch: list[DeserializedObject] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _reset_sequences(chosen: list[type[models.Model]]) -> None:
    """Move PostgreSQL's id sequences past the restored ids (nothing to do on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), chosen)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
