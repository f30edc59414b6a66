"""Team pages: the list of teams, one team's OKRs, sub-teams and KPIs, and team editing."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from okrs.core.choices import Role
from okrs.goals.services import create_team, update_team
from okrs.people.models import Membership, Team
from okrs.people.permissions import is_admin, require_admin
from okrs.web.access import page, selected_cycle, user_of
from okrs.web.form_options import team_choices
from okrs.web.forms import TeamForm
from okrs.web.pages import kpi_rows, load_cycle_view
from okrs.web.views.form_page import form_page, submit


@page
def team_list(request: HttpRequest) -> HttpResponse:
    """Every team in tree order with its score in the selected cycle."""
    cycle, cycles = selected_cycle(request)
    view = load_cycle_view(cycle, user_of(request), rules=[]) if cycle else None
    rows = view.organisation.tree() if view else []
    teams = [] if rows else tree_order(list(Team.objects.order_by("name")))
    context = {"view": view, "cycles": cycles, "rows": rows, "teams": teams}
    return render(request, "okrs/team_list.html", context)


def tree_order(teams: list[Team]) -> list[tuple[Team, int]]:
    """Teams with their depth, parents before their sub-teams, siblings by name.

    A team whose parent is missing from `teams` (or in a loop) is listed at the top level.
    """
    known = {t.pk for t in teams}
    children: dict[int | None, list[Team]] = {}
    for team in teams:
        parent = team.parent_id if team.parent_id in known else None
        children.setdefault(parent, []).append(team)
    order: list[tuple[Team, int]] = []
    placed: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for team in children.get(parent, []):
            if team.pk not in placed:
                placed.add(team.pk)
                order.append((team, depth))
                walk(team.pk, depth + 1)

    walk(None, 0)
    order += [(t, 0) for t in teams if t.pk not in placed]
    return order


@page
def team_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A team's objectives with their key results, its sub-teams and its KPIs."""
    team = get_object_or_404(Team.objects.select_related("parent"), key=key)
    cycle, cycles = selected_cycle(request)
    actor = user_of(request)
    view = load_cycle_view(cycle, actor, team_keys={key}) if cycle else None
    members = list(
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("-is_lead", "user__name", "user__email")
    )
    leads = {m.user_id for m in members if m.is_lead}
    context = {
        "team": team,
        "view": view,
        "cycles": cycles,
        "rows": view.rows_of_team(key) if view else [],
        "sub_teams": view.organisation.below_stored(key) if view else [],
        "figures": view.team_scores.get(key) if view else None,
        "team_findings": view.findings_for("team", key) if view else [],
        "editable": bool(view and key in view.editable),
        "kpis": kpi_rows(team),
        "members": members,
        # `people.permissions.may_manage_members`, from the members read anyway
        "manages_members": is_admin(actor) or (actor.role != Role.VIEWER and actor.pk in leads),
    }
    return render(request, "okrs/team.html", context)


@page
def team_new(request: HttpRequest) -> HttpResponse:
    """Admins add a team to the organisation tree."""
    actor = user_of(request)
    require_admin(actor)
    form = TeamForm(request.POST or None, parents=team_choices())

    def save() -> HttpResponse:
        data = form.cleaned_data
        team = create_team(
            data["key"], name=data["name"], kind=data["kind"], parent=data["parent"], actor=actor
        )
        messages.success(request, f"Team {team.name} created.")
        return redirect("team", key=team.key)

    if request.method == "POST" and (done := submit(form, save)):
        return done
    return form_page(request, form, title="New team", cancel=reverse("teams"))


@page
def team_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Admins rename a team, change its kind or move it in the tree."""
    actor = user_of(request)
    require_admin(actor)
    team = get_object_or_404(Team.objects.select_related("parent"), key=key)
    initial = {"key": team.key, "name": team.name, "kind": team.kind}
    initial["parent"] = team.parent.key if team.parent else ""
    parents = [c for c in team_choices() if c[0] != key]
    form = TeamForm(request.POST or None, initial=initial, parents=parents, editing=True)

    def save() -> HttpResponse:
        data = form.cleaned_data
        update_team(key, name=data["name"], kind=data["kind"], parent=data["parent"], actor=actor)
        messages.success(request, "Team saved.")
        return redirect("team", key=key)

    if request.method == "POST" and (done := submit(form, save)):
        return done
    return form_page(
        request, form, title=f"Edit team {team.name}", cancel=reverse("team", args=[key])
    )
