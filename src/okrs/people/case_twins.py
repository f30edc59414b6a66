"""Upgrading a database that holds keys differing only in case (`ONB-1` and `onb-1`).

Keys became unique ignoring case after such twins could be created. Before that
constraint is added, every twin but the oldest gets a key of its own, deterministically,
and each renaming is printed, so the upgrade never stops on old data.
"""

from __future__ import annotations

import sys
from typing import Any

from django.db.models import Count
from django.db.models.functions import Lower


def rename_case_twins(model: Any) -> list[tuple[str, str]]:
    """Rename the keys that differ from an older row's key only in case; (old, new) pairs.

    The row with the lowest id keeps its key; the others become `KEY-2`, `KEY-3`… (the
    first such key free in any case). `model` may be a migration's historical model.
    """
    rows = model._default_manager.annotate(key_lower=Lower("key"))
    twins = (
        rows.values("key_lower")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
        .values_list("key_lower", flat=True)
    )
    max_length = model._meta.get_field("key").max_length
    renamed: list[tuple[str, str]] = []
    for lowered in list(twins):
        for row in rows.filter(key_lower=lowered).order_by("id")[1:]:
            old, row.key = row.key, _free_key(rows, row.key, max_length)
            row.save(update_fields=["key"])
            renamed.append((old, row.key))
            print(
                f"okrs: renamed {model._meta.verbose_name} '{old}' to '{row.key}': "
                "keys are now unique ignoring case",
                file=sys.stderr,
            )
    return renamed


def _free_key(rows: Any, key: str, max_length: int) -> str:
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = key[: max_length - len(suffix)] + suffix
        if not rows.filter(key_lower=candidate.lower()).exists():
            return candidate
        number += 1
