"""Initiatives (roadmap items) with their impact links to key results."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from okrs.api import queries
from okrs.api.auth import actor
from okrs.api.errors import READ_ERRORS, WRITE_ERRORS, input_reference
from okrs.api.pagination import paginate
from okrs.api.schemas import (
    InitiativeIn,
    InitiativeOut,
    InitiativePatch,
    InitiativeQuery,
    Page,
    patched,
)
from okrs.goals import services
from okrs.goals.models import Initiative
from okrs.goals.selectors import visible_initiatives
from okrs.people.models import User

router = Router(tags=["initiatives"])

COLUMNS = queries.Columns(
    {
        "id": "id",
        "key": "key",
        "cycle": "cycle__key",
        "team": "team__key",
        "title": "title",
        "status": "status",
        "effort": "effort",
        "bucket": "bucket",
        "url": "url",
        "external_key": "external_key",
        "start": "start",
        "end": "end",
    }
)


@router.get("", response={200: Page[InitiativeOut], **READ_ERRORS})
def list_initiatives(request: HttpRequest, query: Query[InitiativeQuery]) -> dict[str, Any]:
    """Initiatives the caller sees, filtered by cycle, team, status or linked key result."""
    filters = {
        "cycle__key": query.cycle,
        "team__key": query.team,
        "status": query.status,
        "links__key_result__key": query.key_result,
    }
    selected = {name: value for name, value in filters.items() if value is not None}
    user = actor(request)
    selection = visible(user).filter(**selected)
    return paginate(request, COLUMNS.select(selection), query, lambda page: bodies(user, page))


@router.get("/{ref}", response={200: InitiativeOut, **READ_ERRORS})
def get_initiative(request: HttpRequest, ref: str) -> dict[str, Any]:
    """One initiative by id or key."""
    return body(actor(request), find(request, ref).pk)


@router.post("", response={201: InitiativeOut, **WRITE_ERRORS})
def create_initiative(request: HttpRequest, payload: InitiativeIn) -> Status[dict[str, Any]]:
    """A new initiative of a team in a cycle, linked to key results with impact estimates."""
    queries.require_new_key(Initiative, payload.key)
    values = payload.model_dump(exclude={"key", "cycle", "links"})
    fields = services.InitiativeFields(
        **values, links=[(link.key_result, link.impact) for link in payload.links]
    )
    with input_reference("cycle"):
        initiative = services.create_initiative(
            payload.cycle, fields, key=payload.key, actor=actor(request)
        )
    return Status(201, body(actor(request), initiative.pk))


@router.patch("/{ref}", response={200: InitiativeOut, **WRITE_ERRORS})
def update_initiative(request: HttpRequest, ref: str, payload: InitiativePatch) -> dict[str, Any]:
    """Change some of an initiative's fields; `links`, when given, replaces all its links."""
    initiative = find(request, ref)
    changes = payload.model_dump(exclude_unset=True)
    if changes.get("links"):
        changes["links"] = [(link["key_result"], link.get("impact")) for link in changes["links"]]
    fields = patched(current_fields(initiative), changes)
    services.update_initiative(initiative.key, fields, actor=actor(request))
    return body(actor(request), initiative.pk)


@router.delete("/{ref}", response={204: None, **WRITE_ERRORS})
def delete_initiative(request: HttpRequest, ref: str) -> Status[None]:
    """Delete an initiative and its links."""
    services.delete_initiative(find(request, ref).key, actor=actor(request))
    return Status(204, None)


def visible(user: User) -> QuerySet[Initiative]:
    return visible_initiatives(user).order_by("cycle__start", "position", "id")


def find(request: HttpRequest, ref: str) -> Initiative:
    return queries.get_ref(visible(actor(request)), ref, "initiative")


def body(user: User, pk: int) -> dict[str, Any]:
    return bodies(user, [COLUMNS.select(visible(user)).get(pk=pk)])[0]


def bodies(user: User, rows: list[Any]) -> list[dict[str, Any]]:
    """Initiatives with the links the user may see, in one query for the links."""
    items = COLUMNS.bodies(rows)
    links: dict[int, list[dict[str, Any]]] = defaultdict(list)
    visible_links = queries.initiative_links(user).filter(
        initiative_id__in=[item["id"] for item in items]
    )
    for initiative_id, key_result, impact in visible_links.order_by("position", "id").values_list(
        "initiative_id", "key_result__key", "impact"
    ):
        links[initiative_id].append({"key_result": key_result, "impact": impact})
    return [
        {**item, "bucket": item["bucket"] or None, "links": links[item["id"]]} for item in items
    ]


def current_fields(initiative: Initiative) -> services.InitiativeFields:
    """The initiative's fields as `editing` takes them, for a PATCH to change some."""
    stored = Initiative.objects.select_related("team").get(pk=initiative.pk)
    return services.InitiativeFields(
        title=stored.title,
        team=stored.team.key if stored.team else None,
        status=stored.status,
        effort=stored.effort,
        bucket=stored.bucket or None,
        url=stored.url,
        external_key=stored.external_key,
        start=stored.start,
        end=stored.end,
        links=list(
            stored.links.order_by("position", "id").values_list("key_result__key", "impact")
        ),
    )
