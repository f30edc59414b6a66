"""Whole-organisation views of a cycle: the alignment tree and the roadmap."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from okrs.web.access import page, selected_cycle, user_of
from okrs.web.pages import CycleView, load_cycle_view

ROADMAP_RULES = ["OKR401", "OKR402", "OKR403"]
ALL_TEAMS = "all"


@page
def alignment(request: HttpRequest) -> HttpResponse:
    """Company objectives at the top, what aligns to them beneath, the unaligned apart."""
    cycle, cycles = selected_cycle(request)
    view = load_cycle_view(cycle, user_of(request), rules=[]) if cycle else None
    trees, loose = view.alignment_tree() if view else ([], [])
    context = {"view": view, "cycles": cycles, "trees": trees, "loose": loose}
    return render(request, "okrs/alignment.html", context)


@page
def roadmap(request: HttpRequest) -> HttpResponse:
    """Initiatives by key result with impact and coverage; each team's 70/20/10 split.

    `?team=KEY` shows one team, `?team=all` every team; by default the user's teams
    (every team for someone in none), so the page stays short in a large company.
    """
    cycle, cycles = selected_cycle(request)
    context: dict[str, Any] = {"view": None, "cycles": cycles}
    if cycle:
        view = load_cycle_view(cycle, user_of(request), rules=ROADMAP_RULES)
        scope = request.GET.get("team", "")
        teams = _roadmap_teams(view, scope)
        context |= {
            "view": view,
            "scope": scope if scope == ALL_TEAMS or scope in view.teams else "",
            "team": view.teams.get(scope),
            "buckets": view.bucket_rows(teams),
            "objectives": view.roadmap_rows(teams),
            "unlinked": view.unlinked_initiatives(teams),
            "team_choices": [(t.team.key, t.team.name) for t in view.team_tree()],
        }
    return render(request, "okrs/roadmap.html", context)


def _roadmap_teams(view: CycleView, scope: str) -> set[str] | None:
    """The teams a roadmap shows: one, all (None), or by default the user's own."""
    if scope == ALL_TEAMS:
        return None
    if scope in view.teams:
        return {scope}
    return set(view.my_teams) or None
