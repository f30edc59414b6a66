"""Who sees and edits what in the web app, on top of `okrs.people.permissions`.

Views use `page` (sign-in required, service errors turned into 403 and 404), find the
cycle a page shows with `selected_cycle`, and ask `editable_team_keys` once per request
which teams' OKRs the user may change, so templates render edit controls only there.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest
from django.utils import timezone

from okrs.core.cycles import current_cycle
from okrs.core.errors import Forbidden, NotFound
from okrs.goals.models import Cycle, Objective
from okrs.goals.selectors import visible_objectives
from okrs.people.models import Team, User
from okrs.people.permissions import (
    TEAM_EDITORS_ONLY,
    can_edit_team,
    is_admin,
    team_keys,
)

View = TypeVar("View", bound=Callable[..., Any])
SESSION_CYCLE = "okrs_cycle"


def page(view: View) -> View:
    """Sign-in required; a refused change answers 403 and an unknown or hidden key 404."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        except Forbidden as error:
            raise HttpForbidden(str(error)) from error
        except NotFound as error:
            raise Http404(str(error)) from error

    return cast(View, login_required(wrapper))


def today() -> date:
    """The day the figures are shown as of: today in the server's time zone."""
    return timezone.localdate()


def user_of(request: HttpRequest) -> User:
    """The signed-in user (every page requires one)."""
    return cast(User, request.user)


def selected_cycle(request: HttpRequest) -> tuple[Cycle | None, list[Cycle]]:
    """The cycle a page shows, and all cycles for the switcher.

    `?cycle=KEY` picks one and is remembered in the session; otherwise the remembered
    one, else the active cycle containing today, else the one containing today, else
    the latest.
    """
    cycles = list(Cycle.objects.order_by("-start"))
    by_key = {c.key: c for c in cycles}
    requested = request.GET.get("cycle")
    if requested:
        if requested not in by_key:
            raise Http404(f"unknown cycle '{requested}'")
        request.session[SESSION_CYCLE] = requested
    chosen = by_key.get(requested or request.session.get(SESSION_CYCLE, ""))
    return chosen or current_cycle(cycles, today()), cycles


def team_access(actor: User) -> tuple[set[str], set[str]]:
    """(keys of the teams whose OKRs the actor may change, keys of the actor's teams).

    Only admins may change other teams' OKRs than their own: only theirs are asked about.
    """
    mine = team_keys(actor)
    if is_admin(actor):
        return set(Team.objects.values_list("key", flat=True)), set(mine.values())
    editable = {key for pk, key in mine.items() if can_edit_team(actor, pk)}
    return editable, set(mine.values())


def team_to_edit(actor: User, requested: str | None) -> str:
    """The requested team when the user may edit it (403 if not), else their first team."""
    editable, mine = team_access(actor)
    if requested:
        if requested not in editable:
            raise Forbidden(TEAM_EDITORS_ONLY)
        return requested
    candidates = sorted(mine & editable) or sorted(editable)
    if not candidates:
        raise Forbidden("you may not change any team's OKRs")
    return candidates[0]


def visible_objective_or_404(actor: User, key: str) -> Objective:
    """The objective with this key, with its cycle, team and alignment; 404 when hidden."""
    objective = (
        visible_objectives(actor)
        .select_related(
            "cycle", "team", "aligned_objective__team", "aligned_key_result__objective__team"
        )
        .filter(key=key)
        .first()
    )
    if objective is None:
        raise Http404(f"unknown objective '{key}'")
    return objective
