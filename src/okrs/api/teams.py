"""Teams and people (read only)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router

from okrs.api import queries
from okrs.api.errors import READ_ERRORS
from okrs.api.pagination import paginate
from okrs.api.schemas import Page, PersonOut, PersonQuery, TeamOut, TeamQuery
from okrs.people.models import Membership, Team, User

router = Router(tags=["teams and people"])
people_router = Router(tags=["teams and people"])

COLUMNS = queries.Columns(
    {"id": "id", "key": "key", "name": "name", "kind": "kind", "parent": "parent__key"}
)
PERSON_COLUMNS = queries.Columns({"id": "id", "email": "email", "name": "name", "role": "role"})


@router.get("", response={200: Page[TeamOut], **READ_ERRORS})
def list_teams(request: HttpRequest, query: Query[TeamQuery]) -> dict[str, Any]:
    """Teams by name, optionally of one kind or under one parent team."""
    selection = Team.objects.order_by("name", "id")
    if query.kind is not None:
        selection = selection.filter(kind=query.kind)
    if query.parent is not None:
        selection = selection.filter(parent__key=query.parent)
    return paginate(request, COLUMNS.select(selection), query, COLUMNS.bodies)


@router.get("/{ref}", response={200: TeamOut, **READ_ERRORS})
def get_team(request: HttpRequest, ref: str) -> dict[str, Any]:
    """One team by id or key."""
    return COLUMNS.body(Team.objects.all(), queries.get_ref(Team.objects.all(), ref, "team").pk)


@people_router.get("", response={200: Page[PersonOut], **READ_ERRORS})
def list_people(request: HttpRequest, query: Query[PersonQuery]) -> dict[str, Any]:
    """Active people by email, optionally of one team or with one role."""
    selection = people()
    if query.team is not None:
        selection = selection.filter(memberships__team__key=query.team)
    if query.role is not None:
        selection = selection.filter(role=query.role)
    return paginate(request, PERSON_COLUMNS.select(selection), query, person_bodies)


@people_router.get("/{ref}", response={200: PersonOut, **READ_ERRORS})
def get_person(request: HttpRequest, ref: str) -> dict[str, Any]:
    """One person by id or email address."""
    person = queries.get_ref(people(), ref.strip().lower(), "person", key_field="email")
    return person_bodies([PERSON_COLUMNS.select(people()).get(pk=person.pk)])[0]


def people() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("email", "id")


def person_bodies(rows: list[Any]) -> list[dict[str, Any]]:
    """People with the keys of their teams, in one query for the memberships."""
    items = PERSON_COLUMNS.bodies(rows)
    teams: dict[int, list[str]] = defaultdict(list)
    memberships = Membership.objects.filter(user_id__in=[item["id"] for item in items])
    for user_id, key in memberships.order_by("team__key").values_list("user_id", "team__key"):
        teams[user_id].append(key)
    return [{**item, "teams": teams[item["id"]]} for item in items]
