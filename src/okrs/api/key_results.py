"""Key results: listed per cycle with their figures, read with findings, edited, checked in on."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api import check_ins, queries
from okrs.api.auth import actor
from okrs.api.errors import READ_ERRORS, WRITE_ERRORS, input_reference
from okrs.api.pagination import paginate
from okrs.api.schemas import (
    AsOfQuery,
    CheckInIn,
    CheckInOut,
    KeyResultDetail,
    KeyResultIn,
    KeyResultOut,
    KeyResultPatch,
    KeyResultQuery,
    Page,
    PageQuery,
    patched,
)
from okrs.api.scored import ScoredCycle
from okrs.goals import services
from okrs.goals.models import KeyResult
from okrs.people.models import User

router = Router(tags=["key results"])


@router.get("", response={200: Page[KeyResultOut], **READ_ERRORS})
def list_key_results(request: HttpRequest, query: Query[KeyResultQuery]) -> dict[str, Any]:
    """Key results of a cycle (the current one unless `cycle` is given) with their figures."""
    where = Q()
    if query.team:
        where &= Q(team__key=query.team)
    if query.objective:
        where &= Q(key=query.objective)
    scored = ScoredCycle.for_list(actor(request), query.cycle, query.as_of, where)
    if scored is None:
        return paginate(request, [], query)
    pairs = scored.key_results(owner=query.owner, status=query.status)
    return paginate(request, pairs, query, scored.key_result_rows)


@router.get("/{ref}", response={200: KeyResultDetail, **READ_ERRORS})
def get_key_result(request: HttpRequest, ref: str, query: Query[AsOfQuery]) -> dict[str, Any]:
    """One key result by id or key, with its figures and the coach's findings."""
    return detail(find(request, ref), actor(request), query.as_of)


@router.post("", response={201: KeyResultDetail, **WRITE_ERRORS})
def create_key_result(request: HttpRequest, payload: KeyResultIn) -> Status[dict[str, Any]]:
    """A new key result at the end of its objective's list."""
    queries.require_new_key(KeyResult, payload.key)
    fields = services.KeyResultFields(**payload.model_dump(exclude={"key", "objective"}))
    with input_reference("objective"):
        kr = services.create_key_result(
            payload.objective, fields, key=payload.key, actor=actor(request)
        )
    return Status(201, detail(kr, actor(request)))


@router.patch("/{ref}", response={200: KeyResultDetail, **WRITE_ERRORS})
def update_key_result(request: HttpRequest, ref: str, payload: KeyResultPatch) -> dict[str, Any]:
    """Change some of a key result's fields; its check-ins stay."""
    kr = find(request, ref)
    fields = patched(current_fields(kr), payload.model_dump(exclude_unset=True))
    services.update_key_result(kr.key, fields, actor=actor(request))
    return detail(kr, actor(request))


@router.delete("/{ref}", response={204: None, **WRITE_ERRORS})
def delete_key_result(request: HttpRequest, ref: str) -> Status[None]:
    """Delete a key result with its check-ins and initiative links."""
    services.delete_key_result(find(request, ref).key, actor=actor(request))
    return Status(204, None)


@router.get("/{ref}/check-ins", response={200: Page[CheckInOut], **READ_ERRORS})
def list_check_ins(request: HttpRequest, ref: str, query: Query[PageQuery]) -> dict[str, Any]:
    """A key result's check-ins, oldest first."""
    kr = find(request, ref)
    selection = check_ins.visible(actor(request)).filter(key_result=kr)
    return paginate(request, check_ins.COLUMNS.select(selection), query, check_ins.COLUMNS.bodies)


@router.post("/{ref}/check-ins", response={200: CheckInOut, 201: CheckInOut, **WRITE_ERRORS})
def check_in(request: HttpRequest, ref: str, payload: CheckInIn) -> Status[dict[str, Any]]:
    """Record the key result's value on a day (today by default).

    Answers 201 for a new check-in, 200 when it corrected the one of the same day.
    """
    saved, created = check_ins.record(find(request, ref), payload, actor(request))
    return Status(201 if created else 200, check_ins.body(actor(request), saved.pk))


def find(request: HttpRequest, ref: str) -> KeyResult:
    return queries.get_ref(
        queries.key_results(actor(request)).select_related("objective__cycle"), ref, "key result"
    )


def detail(kr: KeyResult, user: User, as_of: date | None = None) -> dict[str, Any]:
    scored = ScoredCycle.load(kr.objective.cycle, user, as_of, Q(pk=kr.objective_id))
    return scored.key_result_detail(kr.key)


def current_fields(kr: KeyResult) -> services.KeyResultFields:
    """The key result's fields as `editing` takes them, for a PATCH to change some."""
    return services.KeyResultFields(
        title=kr.title,
        type=kr.type,
        unit=kr.unit,
        baseline=kr.baseline,
        target=kr.target,
        direction=kr.direction or None,
        weight=kr.weight,
        owner=kr.owner.email if kr.owner else None,
    )
