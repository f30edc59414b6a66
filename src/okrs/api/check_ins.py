"""Check-ins: listed and filtered, corrected, deleted, and recorded in bulk (all or nothing).

A single check-in is recorded on its key result: `POST /key-results/{ref}/check-ins`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api import queries
from okrs.api.auth import actor
from okrs.api.errors import READ_ERRORS, WRITE_ERRORS
from okrs.api.pagination import paginate
from okrs.api.schemas import (
    BulkCheckIns,
    BulkCheckInsOut,
    CheckInIn,
    CheckInOut,
    CheckInPatch,
    CheckInQuery,
    Page,
)
from okrs.core.errors import Forbidden, Invalid, NotFound
from okrs.goals import services
from okrs.goals.models import CheckIn, KeyResult
from okrs.goals.services import record_check_in
from okrs.people.models import User

router = Router(tags=["check-ins"])

COLUMNS = queries.Columns(
    {
        "id": "id",
        "key_result": "key_result__key",
        "date": "date",
        "value": "value",
        "confidence": "confidence",
        "note": "note",
        "blockers": "blockers",
        "author": "author__email",
        "created_at": "created_at",
    }
)


@router.get("", response={200: Page[CheckInOut], **READ_ERRORS})
def list_check_ins(request: HttpRequest, query: Query[CheckInQuery]) -> dict[str, Any]:
    """Check-ins of the key results the caller sees, oldest first, filtered by keys."""
    filters = {
        "key_result__key": query.key_result,
        "key_result__objective__key": query.objective,
        "key_result__objective__cycle__key": query.cycle,
        "key_result__objective__team__key": query.team,
        "author__email": query.author.strip().lower() if query.author else None,
    }
    selected = {name: value for name, value in filters.items() if value is not None}
    selection = visible(actor(request)).filter(**selected)
    return paginate(request, COLUMNS.select(selection), query, COLUMNS.bodies)


@router.get("/{int:check_in_id}", response={200: CheckInOut, **READ_ERRORS})
def get_check_in(request: HttpRequest, check_in_id: int) -> dict[str, Any]:
    """One check-in by id."""
    return body(actor(request), find(request, check_in_id).pk)


@router.patch("/{int:check_in_id}", response={200: CheckInOut, **WRITE_ERRORS})
def update_check_in(
    request: HttpRequest, check_in_id: int, payload: CheckInPatch
) -> dict[str, Any]:
    """Correct a check-in's value, confidence, note or blockers (its date stays)."""
    stored = find(request, check_in_id)
    given = payload.model_dump(exclude_unset=True)
    saved, _ = record_check_in(
        stored.key_result.key,
        given.get("value", stored.value),
        confidence=given.get("confidence", stored.confidence),
        note=given.get("note", stored.note) or "",
        blockers=given.get("blockers", stored.blockers) or "",
        day=stored.date,
        actor=actor(request),
    )
    return body(actor(request), saved.pk)


@router.delete("/{int:check_in_id}", response={204: None, **WRITE_ERRORS})
def delete_check_in(request: HttpRequest, check_in_id: int) -> Status[None]:
    """Delete a check-in; the key result's current value falls back to the one before."""
    services.delete_check_in(find(request, check_in_id).pk, actor=actor(request))
    return Status(204, None)


@router.post("/bulk", response={200: BulkCheckInsOut, **WRITE_ERRORS})
def bulk_check_in(request: HttpRequest, payload: BulkCheckIns) -> dict[str, Any]:
    """Check in on many key results at once: all are recorded, or none.

    Every invalid item is reported, its field named by index (`items[3].value`).
    """
    user = actor(request)
    saved: list[tuple[CheckIn, bool]] = []
    problems: list[tuple[str, str]] = []
    with transaction.atomic():
        for index, item in enumerate(payload.items):
            try:
                kr = queries.get_ref(queries.key_results(user), item.key_result, "key result")
                saved.append(record(kr, item, user))
            except Invalid as error:
                problems += [(f"items[{index}].{p.field}", p.message) for p in error.problems]
            except NotFound as error:
                problems.append((f"items[{index}].key_result", str(error)))
            except Forbidden as error:
                raise Forbidden(f"items[{index}]: {error}") from None
        if problems:
            raise Invalid.each(problems)
    ids = [check_in.pk for check_in, _ in saved]
    by_id = {r["id"]: r for r in COLUMNS.bodies(COLUMNS.select(visible(user).filter(pk__in=ids)))}
    created = sum(1 for _, was_created in saved if was_created)
    return {
        "created": created,
        "updated": len(saved) - created,
        "items": [by_id[pk] for pk in ids],
    }


def record(kr: KeyResult, payload: CheckInIn, user: User) -> tuple[CheckIn, bool]:
    """Record one check-in (`okrs.goals.services.record_check_in`); True when it is new."""
    return record_check_in(
        kr.key,
        payload.value,
        confidence=payload.confidence,
        note=payload.note,
        blockers=payload.blockers,
        day=payload.date,
        actor=user,
    )


def visible(user: User) -> QuerySet[CheckIn]:
    """The check-ins the user sees, oldest first."""
    return queries.check_ins(user).order_by("date", "id")


def body(user: User, pk: int) -> dict[str, Any]:
    return COLUMNS.body(visible(user), pk)


def find(request: HttpRequest, pk: int) -> CheckIn:
    return queries.get_id(
        queries.check_ins(actor(request)).select_related("key_result"), pk, "check-in"
    )
