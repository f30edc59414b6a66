"""Who may see and change what: the single place for the role rules.

admin: everything. member: edits the OKRs of their teams and checks in on them.
viewer: reads. Team-visible objectives exist only for the members of the owning and
contributing teams (and admins): everywhere else they are not found.

Every write, whatever the path (web form, API, import, CLI acting as a person), goes
through `require_edit`: a person may create or change a row only if they may edit the
row as stored and the row as it will be, and a stored row they do not see is not found.
Cycles and teams are admins' (`require_admin`); a token never carries more than its
person's role allows (`require_token_scope`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Exists, OuterRef, Q

from okrs.core import domain
from okrs.core.choices import Role, TokenScope
from okrs.core.errors import Forbidden, NotFound
from okrs.people.models import User

if TYPE_CHECKING:
    from okrs.goals.models import KeyResult

T = TypeVar("T")
TEAM_EDITORS_ONLY = "only admins and members of this team can change its OKRs"


@dataclass(frozen=True)
class Place:
    """Where a row sits, as far as the role rules go: who edits it and who sees it.

    `team_id` is the team whose members edit the row (None: no team, so admins only);
    `team` its key, for messages. `audience` holds the teams that see it besides admins,
    None when everyone does. An objective sits at its team and, when team-only, is seen by
    it and its contributors; its key results, their check-ins and the links to them sit
    at the objective's place; an initiative and a KPI sit at their team.
    """

    team_id: int | None
    team: str = ""
    audience: frozenset[int] | None = None


def objective_place(
    team_id: int, team: str, visibility: str, contributor_ids: Iterable[int]
) -> Place:
    """The place of an objective (and of everything under it)."""
    return Place(team_id, team, audience(visibility, team_id, contributor_ids))


def initiative_place(team_id: int | None, team: str, served: Iterable[Place]) -> Place:
    """An initiative is seen when it serves no key result or one the actor sees."""
    audiences = [place.audience for place in served]
    if not audiences or None in audiences:
        return Place(team_id, team)
    return Place(team_id, team, frozenset().union(*(a for a in audiences if a is not None)))


def audience(visibility: str, team: T, contributors: Iterable[T]) -> frozenset[T] | None:
    """Who sees an objective besides admins: None for everyone, else its team and contributors."""
    return None if visibility == "public" else frozenset({team, *contributors})


def is_admin(actor: User | None) -> bool:
    """None is the local operator (the CLI on the server): trusted like an admin."""
    return actor is None or actor.is_admin


def team_ids(actor: User) -> set[int]:
    """Ids of the actor's teams."""
    return set(_memberships(actor))


def team_keys(actor: User) -> dict[int, str]:
    """The actor's teams, id to key."""
    return dict(_memberships(actor))


def _memberships(actor: User) -> dict[int, str]:
    """The actor's teams, id to key: read once a request, whichever form is asked for."""
    return _read_memberships(actor)[0]


def _read_memberships(actor: User) -> tuple[dict[int, str], dict[int, str]]:
    """(the actor's teams, the teams they lead), id to key, read in one query a request."""
    cached: tuple[dict[int, str], dict[int, str]] | None = getattr(actor, "_okrs_memberships", None)
    if cached is None:
        rows = list(actor.memberships.values_list("team_id", "team__key", "is_lead"))
        cached = (
            {team_id: key for team_id, key, _ in rows},
            {team_id: key for team_id, key, lead in rows if lead},
        )
        actor._okrs_memberships = cached  # type: ignore[attr-defined]
    return cached


def visible_objectives_q(actor: User | None, prefix: str = "") -> Q:
    """A filter on Objective (or, with a prefix like `objective__`, on related rows).

    Contributing teams are matched with EXISTS, not a join, so no row is repeated and the
    database can filter a cycle's rows through its indexes first.
    """
    if is_admin(actor):
        return Q()
    assert actor is not None
    teams = team_ids(actor)
    from okrs.goals.models import Objective  # goals imports people: resolved at call time

    shared = Objective.contributors.through.objects.filter(
        objective_id=OuterRef(f"{prefix}pk"), team_id__in=teams
    )
    return (
        Q(**{f"{prefix}visibility": "public"})
        | Q(**{f"{prefix}team_id__in": teams})
        | Q(Exists(shared))
    )


def visible_team_keys(actor: User | None) -> set[str] | None:
    """Keys of the teams whose team-only objectives the actor sees; None means all of them."""
    if is_admin(actor):
        return None
    assert actor is not None
    return set(_memberships(actor).values())


def sees(team_keys: set[str] | None, objective: domain.Objective) -> bool:
    """The visibility rule on a snapshot, with `team_keys` from `visible_team_keys`."""
    return _within(
        team_keys, audience(objective.visibility, objective.team, objective.contributors)
    )


def can_see(actor: User | None, place: Place) -> bool:
    """The visibility rule on a stored row's place."""
    if is_admin(actor):
        return True
    assert actor is not None
    return _within(team_ids(actor), place.audience)


def _within(mine: set[T] | None, seen_by: frozenset[T] | None) -> bool:
    """Whether someone in the teams `mine` (None: an admin) is in an audience."""
    return mine is None or seen_by is None or not seen_by.isdisjoint(mine)


def can_edit_team(actor: User | None, team_id: int | None) -> bool:
    """Admins edit everything; members edit the OKRs of their own teams; viewers nothing."""
    if is_admin(actor):
        return True
    assert actor is not None
    if actor.role != Role.MEMBER or team_id is None:
        return False
    return team_id in team_ids(actor)


def require_team_editor(actor: User | None, team_id: int | None) -> None:
    """Forbidden unless the actor may change the OKRs of this team (`can_edit_team`)."""
    if not can_edit_team(actor, team_id):
        raise Forbidden(TEAM_EDITORS_ONLY)


def may_check_in(actor: User | None, *, team_editor: bool, owner: bool) -> bool:
    """Team editors check in on a key result, and so do the owners of it or its objective
    (wherever their team is); viewers never do."""
    if is_admin(actor) or team_editor:
        return True
    return owner and actor is not None and actor.role != Role.VIEWER


def require_check_in(actor: User | None, key: str, *, team_editor: bool, owner: bool) -> None:
    """Forbidden unless the actor may check in on key result `key` (`may_check_in`)."""
    if not may_check_in(actor, team_editor=team_editor, owner=owner):
        raise Forbidden(
            f"you may not check in on key result '{key}': only its team, its owner and "
            "the objective's owner can"
        )


def can_check_in(
    actor: User, editable: set[str], objective: domain.Objective, kr: domain.KeyResult
) -> bool:
    """`may_check_in` on a snapshot, with `editable` the keys of the teams the actor edits."""
    owner = actor.email in {kr.owner, objective.owner} - {None}
    return may_check_in(actor, team_editor=objective.team in editable, owner=owner)


def require_check_in_rights(actor: User | None, kr: KeyResult) -> None:
    """`require_check_in` on a stored key result (with its objective)."""
    objective = kr.objective
    owner = actor is not None and actor.pk in {kr.owner_id, objective.owner_id} - {None}
    require_check_in(
        actor, kr.key, team_editor=can_edit_team(actor, objective.team_id), owner=owner
    )


def require_edit(actor: User | None, what: str, stored: Place | None, wanted: Place | None) -> None:
    """The one rule for every write: the actor may edit the row as stored and as it will be.

    `stored` is None for a row being created, `wanted` None for one being deleted. A
    stored row the actor does not see raises NotFound, so that no answer reveals it.
    """
    if stored is not None and not can_see(actor, stored):
        raise NotFound(f"unknown {what}")
    if stored is not None and not can_edit_team(actor, stored.team_id):
        raise Forbidden(f"you may not change {what}: {_editors(stored)}")
    if wanted is not None and not can_edit_team(actor, wanted.team_id):
        verb = "add" if stored is None else "move"
        hint = "; pick one of your teams" if wanted.team_id is None else ""
        raise Forbidden(f"you may not {verb} {what} there: {_editors(wanted)}{hint}")


def _editors(place: Place) -> str:
    if place.team_id is None:
        return "without a team, only admins can"
    return f"only admins and members of team '{place.team}' can"


def require_admin(actor: User | None, what: str = "") -> None:
    """Forbidden unless the actor is an admin; `what` says what they tried, when it helps."""
    if not is_admin(actor):
        raise Forbidden(f"you may not {what}: admins only" if what else "admins only")


def can_comment(actor: User | None) -> bool:
    """Whoever may see an objective may comment on it, except viewers: they read comments."""
    return is_admin(actor) or (actor is not None and actor.role != Role.VIEWER)


def require_comment(actor: User | None) -> None:
    """Forbidden unless the actor may comment (`can_comment`)."""
    if not can_comment(actor):
        raise Forbidden("viewers read comments but do not write them")


def may_edit_comment(actor: User | None, author_id: int | None) -> bool:
    """Only a comment's author changes its words, and only while they may comment."""
    return actor is not None and author_id == actor.pk and can_comment(actor)


def require_edit_comment(actor: User | None, author_id: int | None) -> None:
    """Forbidden unless the actor may change the words of the comment (`may_edit_comment`)."""
    if not may_edit_comment(actor, author_id):
        raise Forbidden("only the author of a comment can change it")


def may_delete_comment(actor: User | None, author_id: int | None) -> bool:
    """A comment's author withdraws it (a viewer too); admins remove any."""
    return is_admin(actor) or (actor is not None and author_id == actor.pk)


def require_delete_comment(actor: User | None, author_id: int | None) -> None:
    """Forbidden unless the actor may delete the comment (`may_delete_comment`)."""
    if not may_delete_comment(actor, author_id):
        raise Forbidden("only the author of a comment or an admin can delete it")


def may_answer_survey(actor: User | None, *, member: bool) -> bool:
    """A team's members answer its clarity survey, except viewers; admins of other teams not."""
    return member and actor is not None and actor.role != Role.VIEWER


def require_answer_survey(actor: User | None, team_id: int, team: str) -> None:
    """Forbidden unless the actor may answer team `team`'s clarity survey."""
    member = actor is not None and team_id in team_ids(actor)
    if not may_answer_survey(actor, member=member):
        raise Forbidden(f"only members of team '{team}' answer its clarity survey")


def token_scopes(user: User) -> tuple[str, ...]:
    """The scopes a token of this person may carry: never more than their role allows."""
    if is_admin(user) or user.role != Role.VIEWER:
        return (TokenScope.READ, TokenScope.WRITE)
    return (TokenScope.READ,)


def require_token_scope(user: User, scope: str) -> None:
    """Refuse a token scope beyond the person's role, when the token is made and when used."""
    if scope not in token_scopes(user):
        raise Forbidden(
            f"you may not write with an API token: a {user.role}'s tokens only read "
            "(create one with scope read, or ask an admin for a role that writes)"
        )


def may_manage_members(actor: User | None, team_id: int) -> bool:
    """Admins manage every team's members; a team's leads (who are not viewers) their own."""
    if is_admin(actor):
        return True
    assert actor is not None
    return team_id in _read_memberships(actor)[1] and actor.role != Role.VIEWER


def member_teams_to_manage(actor: User) -> list[str]:
    """Keys of the teams whose members a lead manages (not an admin's: they manage all)."""
    if is_admin(actor) or actor.role == Role.VIEWER:
        return []
    return sorted(_read_memberships(actor)[1].values())


def require_manage_members(actor: User | None, team_id: int, team: str) -> None:
    """Forbidden unless the actor may add and remove the members of this team."""
    if not may_manage_members(actor, team_id):
        raise Forbidden(
            f"you may not change the members of team '{team}': only admins and its leads can"
        )
