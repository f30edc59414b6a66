"""The dashboard of a cycle, the welcome page of a new install, and presentation mode."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from okrs.goals import selectors
from okrs.goals.models import KeyResult
from okrs.people.models import Team
from okrs.web.access import page, selected_cycle, team_access, today, user_of
from okrs.web.cycle_health import health_rows, health_totals
from okrs.web.pages import Capped, load_cycle_view, subtree_keys

PRESENT_REFRESH_SECONDS = 60
HEALTH_ROWS = 10
LIST_ITEMS = 12  # of the lists of what needs attention and of what nobody checked in on


@page
def dashboard(request: HttpRequest) -> HttpResponse:
    """Scores of the company and the teams, what needs attention, the user's OKRs first,
    and the coach's findings counted per team (every rule, OKR302's history included).

    Only the objectives the page shows are read: the top teams' and the user's, and the
    first of those needing attention or a check-in; the lists count the rest in SQL.
    """
    cycle, cycles = selected_cycle(request)
    if cycle is None:
        return render(request, "okrs/welcome.html", {"cycles": cycles})
    actor, as_of = user_of(request), today()
    attention, attention_total = selectors.needing_attention(
        cycle, actor, as_of=as_of, limit=LIST_ITEMS
    )
    stale = selectors.stale_findings(cycle, actor, as_of=as_of, limit=LIST_ITEMS)
    quiet = [f.target_key for _, f in stale.first]
    _, my_teams = team_access(actor)
    shown = (
        Q(pk__in=attention)
        | Q(pk__in=KeyResult.objects.filter(key__in=quiet).values("objective_id"))
        | Q(team__parent__isnull=True)
        | Q(team__key__in=my_teams)
    )
    view = load_cycle_view(cycle, actor, where=shown, rules=[], as_of=as_of)
    counts = selectors.finding_counts(cycle, actor, as_of=as_of, stale=stale)
    health = health_rows(view.teams, counts, view.my_teams)
    context = {
        "view": view,
        "cycles": cycles,
        "empty": not selectors.visible_objectives(actor).filter(cycle=cycle).exists(),
        "attention": Capped(view.rows_of_ids(attention), attention_total),
        "quiet": Capped(view.key_result_rows(quiet), stale.total),
        "health": health[:HEALTH_ROWS],
        "health_more": max(0, len(health) - HEALTH_ROWS),
        "health_totals": health_totals(health),
    }
    return render(request, "okrs/dashboard.html", context)


@page
def present(request: HttpRequest, key: str | None = None) -> HttpResponse:
    """A full-screen view of a team's (or the company's) OKRs that refreshes itself."""
    team = get_object_or_404(Team, key=key) if key else None
    cycle, _ = selected_cycle(request)
    view = (
        load_cycle_view(
            cycle, user_of(request), team_keys=subtree_keys(team.key) if team else None, rules=[]
        )
        if cycle
        else None
    )
    context: dict[str, Any] = {"view": view, "team": team, "refresh": PRESENT_REFRESH_SECONDS}
    if view:
        context["rows"] = view.rows_of_team(team.key) if team else view.top_rows()
        top = team.key if team else next((t.team.key for t in view.organisation.top()), "")
        context["figures"] = view.team_scores.get(top)
        context["team_rows"] = (
            view.organisation.below(team.key)
            if team
            else [r for r in view.organisation.tree() if r.depth == 1]
        )
    return render(request, "okrs/present.html", context)
