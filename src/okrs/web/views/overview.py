"""Whole-organisation views of a cycle: the alignment tree and the roadmap.

Their long lists come a page at a time (`okrs.web.paging`): each has an endpoint that
sends a further page alone, for HTMX to add to the list shown.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from okrs.core import domain
from okrs.goals.models import Cycle
from okrs.web.access import page, selected_cycle, user_of, visible_objective_or_404
from okrs.web.htmx import HtmxHttpRequest
from okrs.web.pages import CycleView, ObjectiveRow, load_cycle_view
from okrs.web.paging import Listing, Paging
from okrs.web.roadmap import BucketRow

ROADMAP_RULES = ["OKR401", "OKR402", "OKR403"]
UNALIGNED = Paging(
    "alignment", "alignment-unaligned", anchor="unaligned", noun="unaligned objectives", per_page=50
)
ROADMAP_OBJECTIVES = Paging(
    "roadmap", "roadmap-objectives", anchor="initiatives", noun="objectives", per_page=25
)
ROADMAP_SPLITS = Paging(
    "roadmap", "roadmap-splits", anchor="splits", noun="team splits", per_page=24, param="splits"
)

ListPart = Callable[[HtmxHttpRequest, Cycle], HttpResponse]


def list_part(paging: Paging) -> Callable[[ListPart], Callable[[HtmxHttpRequest], HttpResponse]]:
    """Make a view that sends one page of a list alone, for HTMX to add to the list shown.

    The view gets the cycle the request selects (404 with none yet); a request without
    HTMX goes to the whole page at the same page of the list.
    """

    def decorate(part: ListPart) -> Callable[[HtmxHttpRequest], HttpResponse]:
        @page
        @functools.wraps(part)
        def endpoint(request: HtmxHttpRequest) -> HttpResponse:
            if not request.htmx:
                return redirect(paging.whole_url(request.GET))
            cycle, _ = selected_cycle(request)
            if cycle is None:
                raise Http404("no cycle yet")
            return part(request, cycle)

        return endpoint

    return decorate


@page
def alignment(request: HttpRequest) -> HttpResponse:
    """Company objectives at the top with what aligns to them; the unaligned apart.

    Only the company's objectives and what aligns right beneath them are shown: deeper
    branches load when opened (`alignment_branch`). `?root=KEY` shows the tree from one
    objective down, which is where a closed branch links without JavaScript; `?page=N`
    pages through the objectives aligned to nothing.
    """
    actor = user_of(request)
    cycle, cycles = selected_cycle(request)
    root = request.GET.get("root", "")
    if root:
        cycle = visible_objective_or_404(actor, root).cycle
    view = load_cycle_view(cycle, actor, rules=[]) if cycle else None
    context: dict[str, Any] = {"view": view, "cycles": cycles, "root": root}
    if view and root:
        context |= {"trees": [view.alignment.branch(root)], "path": view.alignment.path(root)}
    elif view:
        context |= {"trees": view.alignment.roots(), "unaligned": _unaligned(view, request)}
    return render(request, "okrs/alignment.html", context)


@page
def alignment_branch(request: HtmxHttpRequest, key: str) -> HttpResponse:
    """What aligns beneath an objective of the tree, for HTMX to show when it is opened.

    A hidden objective answers 404; a request without HTMX goes to the page rooted there.
    """
    actor = user_of(request)
    objective = visible_objective_or_404(actor, key)
    if not request.htmx:
        return redirect(f"{reverse('alignment')}?root={key}")
    view = load_cycle_view(objective.cycle, actor, rules=[])
    context = {"view": view, "node": view.alignment.branch(key)}
    return render(request, "okrs/partials/tree_branch.html", context)


@list_part(UNALIGNED)
def alignment_unaligned(request: HtmxHttpRequest, cycle: Cycle) -> HttpResponse:
    """A further page of the unaligned objectives."""
    view = load_cycle_view(cycle, user_of(request), rules=[])
    context = {"view": view, "unaligned": _unaligned(view, request)}
    return render(request, "okrs/partials/unaligned_items.html", context)


def _unaligned(view: CycleView, request: HttpRequest) -> Listing[domain.Objective, ObjectiveRow]:
    """The page of unaligned objectives that `?page=N` asks for (the first by default)."""
    return UNALIGNED.listing(request, view.cycle.key, view.alignment.unaligned(), view.rows)


@page
def roadmap(request: HttpRequest) -> HttpResponse:
    """Initiatives by key result with impact and coverage; each team's 70/20/10 split.

    `?team=KEY` shows one team, `?team=all` every team; by default the user's teams, so
    the page stays short in a large company, or every team (saying why) for someone in
    none or whose teams have no initiatives (`Roadmap.teams`).
    Objectives come a page at a time (`?page=N`), and so do the splits (`?splits=N`).
    """
    cycle, cycles = selected_cycle(request)
    context: dict[str, Any] = {"view": None, "cycles": cycles}
    if cycle:
        view, teams = _roadmap_view(request, cycle)
        scope = request.GET.get("team", "")
        context |= {
            "view": view,
            "scope": view.organisation.scope_name(scope),
            "team": view.teams.get(scope),
            "all_teams": teams is None,
            "scope_note": view.roadmap.teams(scope)[1],
            "splits": _roadmap_splits(view, request, teams),
            "objectives": _roadmap_objectives(view, request, teams),
            "unlinked": view.roadmap.unlinked(teams),
            "team_choices": [(t.team.key, t.team.name) for t in view.organisation.tree()],
        }
    return render(request, "okrs/roadmap.html", context)


@list_part(ROADMAP_OBJECTIVES)
def roadmap_objectives(request: HtmxHttpRequest, cycle: Cycle) -> HttpResponse:
    """A further page of the roadmap's objectives, with their key results' initiatives."""
    view, teams = _roadmap_view(request, cycle)
    context = {"view": view, "objectives": _roadmap_objectives(view, request, teams)}
    return render(request, "okrs/partials/roadmap_objectives.html", context)


@list_part(ROADMAP_SPLITS)
def roadmap_splits(request: HtmxHttpRequest, cycle: Cycle) -> HttpResponse:
    """A further page of the roadmap's 70/20/10 splits."""
    view, teams = _roadmap_view(request, cycle)
    context = {"view": view, "splits": _roadmap_splits(view, request, teams)}
    return render(request, "okrs/partials/split_cards.html", context)


def _roadmap_view(request: HttpRequest, cycle: Cycle) -> tuple[CycleView, set[str] | None]:
    """The cycle as the roadmap's user sees it, and the teams it shows (None: all)."""
    view = load_cycle_view(cycle, user_of(request), rules=ROADMAP_RULES)
    return view, view.roadmap.teams(request.GET.get("team", ""))[0]


def _roadmap_objectives(
    view: CycleView, request: HttpRequest, teams: set[str] | None
) -> Listing[domain.Objective, ObjectiveRow]:
    """The page of the teams' objectives that `?page=N` asks for, the user's teams first."""
    objectives = view.objectives_mine_first(teams)
    return ROADMAP_OBJECTIVES.listing(request, view.cycle.key, objectives, view.rows)


def _roadmap_splits(
    view: CycleView, request: HttpRequest, teams: set[str] | None
) -> Listing[domain.Team, BucketRow]:
    """The page of the teams' 70/20/10 splits that `?splits=N` asks for."""
    return ROADMAP_SPLITS.listing(
        request, view.cycle.key, view.roadmap.split_teams(teams), view.roadmap.bucket_rows
    )
