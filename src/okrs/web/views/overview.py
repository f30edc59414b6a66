"""Whole-organisation views of a cycle: the alignment tree and the roadmap."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from okrs.core import domain
from okrs.web.access import page, selected_cycle, user_of, visible_objective_or_404
from okrs.web.pages import CycleView, load_cycle_view
from okrs.web.views.objectives import HtmxHttpRequest

ROADMAP_RULES = ["OKR401", "OKR402", "OKR403"]
ALL_TEAMS = "all"
UNALIGNED_PER_PAGE = 50


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
        context |= {"trees": [view.alignment_branch(root)], "path": view.alignment_path(root)}
    elif view:
        context |= {"trees": view.alignment_roots(), **_unaligned_context(view, request)}
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
    context = {"view": view, "node": view.alignment_branch(key)}
    return render(request, "okrs/partials/tree_branch.html", context)


@page
def alignment_unaligned(request: HtmxHttpRequest) -> HttpResponse:
    """A further page of the unaligned objectives, for HTMX to add to the list shown."""
    if not request.htmx:
        return redirect(f"{reverse('alignment')}?{request.GET.urlencode()}#unaligned")
    cycle, _ = selected_cycle(request)
    if cycle is None:
        raise Http404("no cycle yet")
    view = load_cycle_view(cycle, user_of(request), rules=[])
    return render(request, "okrs/partials/unaligned_items.html", _unaligned_context(view, request))


def _unaligned_context(view: CycleView, request: HttpRequest) -> dict[str, Any]:
    """The page of unaligned objectives that `?page=N` asks for (the first by default)."""
    paginator = Paginator(view.unaligned(), UNALIGNED_PER_PAGE)
    unaligned: Page[domain.Objective] = paginator.get_page(request.GET.get("page"))
    return {"unaligned": unaligned, "unaligned_rows": view.rows(unaligned.object_list)}


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
            "objectives": view.rows_mine_first(teams),
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
