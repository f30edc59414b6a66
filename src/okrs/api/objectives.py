"""Objectives: listed per cycle with their scores, read with the coach's findings, edited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api import queries
from okrs.api.auth import actor
from okrs.api.errors import READ_ERRORS, WRITE_ERRORS, input_reference
from okrs.api.pagination import page_body, paginate
from okrs.api.schemas import (
    AsOfQuery,
    ObjectiveDetail,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    Page,
    ScoredQuery,
    patched,
)
from okrs.api.scored import ScoredCycle
from okrs.goals import services
from okrs.goals.models import Objective
from okrs.goals.selectors import count_objectives
from okrs.people.models import User

router = Router(tags=["objectives"])


@router.get("", response={200: Page[ObjectiveOut], **READ_ERRORS})
def list_objectives(request: HttpRequest, query: Query[ScoredQuery]) -> dict[str, Any]:
    """Objectives of a cycle (the current one unless `cycle` is given) with their figures."""
    where = Q()
    if query.team:
        where &= Q(team__key=query.team)
    if query.owner:
        where &= Q(owner__email__iexact=query.owner.strip())
    cycle = ScoredCycle.chosen_cycle(query.cycle)
    if cycle is None:
        return paginate(request, [], query)
    # Counted and cut in SQL: only the page's objectives are read with their figures.
    count = count_objectives(cycle, actor(request), where)
    page = slice(query.offset, query.offset + query.limit)
    scored = ScoredCycle.load(cycle, actor(request), query.as_of, where, page)
    return page_body(request, count, scored.objective_rows(scored.objectives), query)


@router.get("/{ref}", response={200: ObjectiveDetail, **READ_ERRORS})
def get_objective(request: HttpRequest, ref: str, query: Query[AsOfQuery]) -> dict[str, Any]:
    """One objective by id or key, with its key results and the coach's findings."""
    objective = find(request, ref)
    return detail(objective, actor(request), query.as_of)


@router.post("", response={201: ObjectiveDetail, **WRITE_ERRORS})
def create_objective(request: HttpRequest, payload: ObjectiveIn) -> Status[dict[str, Any]]:
    """A new objective of a team in a cycle (key results are added on their own)."""
    queries.require_new_key(Objective, payload.key)
    fields = services.ObjectiveFields(**payload.model_dump(exclude={"key", "cycle"}))
    with input_reference("cycle"):
        objective = services.create_objective(
            payload.cycle, fields, key=payload.key, actor=actor(request)
        )
    return Status(201, detail(objective, actor(request)))


@router.patch("/{ref}", response={200: ObjectiveDetail, **WRITE_ERRORS})
def update_objective(request: HttpRequest, ref: str, payload: ObjectivePatch) -> dict[str, Any]:
    """Change some of an objective's fields; moving it to another team needs rights on both."""
    objective = find(request, ref)
    fields = patched(current_fields(objective), payload.model_dump(exclude_unset=True))
    services.update_objective(objective.key, fields, actor=actor(request))
    return detail(objective, actor(request))


@router.delete("/{ref}", response={204: None, **WRITE_ERRORS})
def delete_objective(request: HttpRequest, ref: str) -> Status[None]:
    """Delete an objective with its key results, their check-ins and initiative links."""
    services.delete_objective(find(request, ref).key, actor=actor(request))
    return Status(204, None)


def find(request: HttpRequest, ref: str) -> Objective:
    return queries.get_ref(
        queries.objectives(actor(request)).select_related("cycle"), ref, "objective"
    )


def detail(objective: Objective, user: User, as_of: date | None = None) -> dict[str, Any]:
    scored = ScoredCycle.load(objective.cycle, user, as_of, Q(pk=objective.pk))
    return scored.objective_detail(objective.key)


def current_fields(objective: Objective) -> services.ObjectiveFields:
    """The objective's fields as `editing` takes them, for a PATCH to change some."""
    stored = Objective.objects.select_related(
        "team", "owner", "aligned_objective", "aligned_key_result"
    ).get(pk=objective.pk)
    aligned = stored.aligned_objective or stored.aligned_key_result
    return services.ObjectiveFields(
        team=stored.team.key,
        title=stored.title,
        kind=stored.kind,
        description=stored.description,
        owner=stored.owner.email if stored.owner else None,
        visibility=stored.visibility,
        aligned_to=aligned.key if aligned else None,
        contributors=[team.key for team in stored.contributors.all()],
    )
