"""Who may see and change what: the single place for the role rules.

admin: everything. member: edits the OKRs of their teams and checks in on them.
viewer: reads. Team-visible objectives exist only for the members of the owning and
contributing teams (and admins): everywhere else they are not found.
"""

from __future__ import annotations

from django.db.models import Q

from okrs.core import domain
from okrs.people.models import Role, User


class PermissionDenied(Exception):
    """The actor may not do this; the message says why."""


def is_admin(actor: User | None) -> bool:
    """None is the local operator (the CLI on the server): trusted like an admin."""
    return actor is None or actor.is_admin


def team_ids(actor: User) -> set[int]:
    """Ids of the actor's teams."""
    return set(_memberships(actor))


def _memberships(actor: User) -> dict[int, str]:
    """The actor's teams, id to key: read once a request, whichever form is asked for."""
    cached: dict[int, str] | None = getattr(actor, "_okrs_memberships", None)
    if cached is None:
        cached = dict(actor.memberships.values_list("team_id", "team__key"))
        actor._okrs_memberships = cached  # type: ignore[attr-defined]
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


def visible_team_keys(actor: User | None) -> set[str] | None:
    """Keys of the teams whose team-only objectives the actor sees; None means all of them."""
    if is_admin(actor):
        return None
    assert actor is not None
    return set(_memberships(actor).values())


def sees(team_keys: set[str] | None, objective: domain.Objective) -> bool:
    """The visibility rule on a snapshot, with `team_keys` from `visible_team_keys`."""
    if team_keys is None or objective.visibility == "public" or objective.team in team_keys:
        return True
    return not team_keys.isdisjoint(objective.contributors)


def can_edit_team(actor: User | None, team_id: int | None) -> bool:
    """Admins edit everything; members edit the OKRs of their own teams; viewers nothing."""
    if is_admin(actor):
        return True
    assert actor is not None
    if actor.role != Role.MEMBER or team_id is None:
        return False
    return team_id in team_ids(actor)


def may_check_in(actor: User | None, *, team_editor: bool, owner: bool) -> bool:
    """Team editors check in on a key result, and so do the owners of it or its objective
    (wherever their team is); viewers never do."""
    if is_admin(actor) or team_editor:
        return True
    return owner and actor is not None and actor.role != Role.VIEWER


def require_team_editor(actor: User | None, team_id: int | None, what: str) -> None:
    if not can_edit_team(actor, team_id):
        raise PermissionDenied(
            f"you may not change {what}: only admins and members of its team can"
        )


def require_admin(actor: User | None, what: str) -> None:
    if not is_admin(actor):
        raise PermissionDenied(f"you may not {what}: admins only")
