"""Who may see and change what: the single place for the role rules.

admin: everything. member: edits the OKRs of their teams and checks in on them.
viewer: reads. Team-visible objectives exist only for the members of the owning and
contributing teams (and admins): everywhere else they are not found.
"""

from __future__ import annotations

from django.db.models import Q

from okrs.people.models import Role, User


class PermissionDenied(Exception):
    """The actor may not do this; the message says why."""


def is_admin(actor: User | None) -> bool:
    """None is the local operator (the CLI on the server): trusted like an admin."""
    return actor is None or actor.is_admin


def team_ids(actor: User) -> set[int]:
    cached: set[int] | None = getattr(actor, "_okrs_team_ids", None)
    if cached is None:
        cached = set(actor.memberships.values_list("team_id", flat=True))
        actor._okrs_team_ids = cached  # type: ignore[attr-defined]
    return cached


def visible_objectives_q(actor: User | None, prefix: str = "") -> Q:
    """A filter on Objective (or, with a prefix like `objective__`, on related rows)."""
    if is_admin(actor):
        return Q()
    assert actor is not None
    teams = team_ids(actor)
    return (
        Q(**{f"{prefix}visibility": "public"})
        | Q(**{f"{prefix}team_id__in": teams})
        | Q(**{f"{prefix}contributors__in": teams})
    )


def can_see_objective(
    actor: User | None, team_id: int, visibility: str, contributor_ids: set[int]
) -> bool:
    if is_admin(actor) or visibility == "public":
        return True
    assert actor is not None
    teams = team_ids(actor)
    return team_id in teams or bool(teams & contributor_ids)


def can_edit_team(actor: User | None, team_id: int | None) -> bool:
    """Admins edit everything; members edit the OKRs of their own teams; viewers nothing."""
    if is_admin(actor):
        return True
    assert actor is not None
    if actor.role != Role.MEMBER or team_id is None:
        return False
    return team_id in team_ids(actor)


def require_team_editor(actor: User | None, team_id: int | None, what: str) -> None:
    if not can_edit_team(actor, team_id):
        raise PermissionDenied(
            f"you may not change {what}: only admins and members of its team can"
        )


def require_admin(actor: User | None, what: str) -> None:
    if not is_admin(actor):
        raise PermissionDenied(f"you may not {what}: admins only")
