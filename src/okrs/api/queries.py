"""What an actor may read, as querysets, and how a path's `{ref}` finds one row.

The visibility rule itself is `okrs.people.permissions.visible_objectives_q`; here it is
applied through a subquery, so the rows a join on contributors would repeat are counted
once, and everything below an objective (its key results, their check-ins, initiative
links to them) disappears with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from okrs.core.errors import Conflict, NotFound
from okrs.core.validation import check_key
from okrs.goals.models import (
    CheckIn,
    InitiativeLink,
    KeyResult,
    Objective,
)
from okrs.people.models import User, key_problem
from okrs.people.permissions import visible_objectives_q

M = TypeVar("M", bound=Model)

MAX_ID = 2**63 - 1


def objectives(actor: User) -> QuerySet[Objective]:
    """The objectives the actor may see."""
    return Objective.objects.filter(visible_objectives_q(actor))


def key_results(actor: User) -> QuerySet[KeyResult]:
    return KeyResult.objects.filter(visible_objectives_q(actor, "objective__"))


def check_ins(actor: User) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(visible_objectives_q(actor, "key_result__objective__"))


def initiative_links(actor: User) -> QuerySet[InitiativeLink]:
    return InitiativeLink.objects.filter(visible_objectives_q(actor, "key_result__objective__"))


def get_ref(queryset: QuerySet[M], ref: str, what: str, key_field: str = "key") -> M:
    """The row whose id (all digits) or key is `ref`, among those in `queryset`."""
    if ref.isascii() and ref.isdigit():
        lookup = Q(pk=int(ref)) if int(ref) <= MAX_ID else None
    else:
        lookup = Q(**{key_field: ref}) if key_field != "key" or check_key(ref) is None else None
    found = queryset.filter(lookup).first() if lookup is not None else None
    if found is None:
        raise NotFound(f"unknown {what} '{ref}'")
    return found


def get_id(queryset: QuerySet[M], pk: int, what: str) -> M:
    """The row with this id among those in `queryset`."""
    found = queryset.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if found is None:
        raise NotFound(f"unknown {what} {pk}")
    return found


def require_new_key(model: type[Model], key: str | None) -> None:
    """409 when a key chosen for a new row is in use, in any case (keys are unique across
    cycles, ignoring case); it does not say by what."""
    message = key_problem(model, key) if key else None
    if message:
        raise Conflict(message, field="key")


@dataclass(frozen=True)
class Columns:
    """Response field name -> ORM path: reads rows straight into response bodies."""

    paths: dict[str, str]

    def select(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.values_list(*self.paths.values())

    def bodies(self, rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
        return [dict(zip(self.paths, row, strict=True)) for row in rows]

    def body(self, queryset: QuerySet[Any], pk: int) -> dict[str, Any]:
        """The body of the row with this id (which the caller has found already)."""
        return self.bodies([self.select(queryset).get(pk=pk)])[0]
