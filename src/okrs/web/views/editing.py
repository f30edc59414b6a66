"""Create and edit objectives, key results and initiatives; copy an objective onwards.

Every view checks up front that the user may edit the team (403 otherwise, so viewers
never see an edit form), then lets the `okrs.goals.services` service save and check again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from okrs.core.errors import Invalid
from okrs.core.validation import format_number
from okrs.goals.models import Cycle, KeyResult, Objective
from okrs.goals.selectors import visible_initiatives, visible_objectives
from okrs.goals.services import (
    copy_objective_to_next_cycle,
    create_initiative,
    create_key_result,
    create_objective,
    update_initiative,
    update_key_result,
    update_objective,
)
from okrs.people.models import User
from okrs.people.permissions import require_team_editor
from okrs.web.access import (
    page,
    selected_cycle,
    team_access,
    team_to_edit,
    user_of,
    visible_objective_or_404,
)
from okrs.web.form_options import alignment_choices, key_result_choices, people_of, team_choices
from okrs.web.forms import (
    InitiativeForm,
    KeyResultForm,
    LinkFormSet,
    ObjectiveForm,
    links_of,
)
from okrs.web.views.form_page import form_page, problems_text, submit
from okrs.web.views.lint import key_result_panel, objective_panel

# -- objectives -----------------------------------------------------------------------------


@page
def objective_new(request: HttpRequest) -> HttpResponse:
    """A new objective of one of the user's teams in the selected cycle."""
    actor = user_of(request)
    cycle = _cycle_or_none(request)
    if cycle is None:
        messages.info(request, "Create a cycle first: objectives live in a cycle.")
        return redirect("cycles")
    team = team_to_edit(actor, request.POST.get("team") or request.GET.get("team"))
    form = _objective_form(request, actor, cycle, team, initial={"team": team})

    def save() -> HttpResponse:
        objective = create_objective(cycle.key, form.values(), actor=actor)
        messages.success(request, "Objective created. Add two to five key results.")
        return redirect("objective", key=objective.key)

    if request.method == "POST" and (done := submit(form, save)):
        return done
    return form_page(
        request,
        form,
        title=f"New objective in {cycle.key}",
        cancel=reverse("team", args=[team]),
        intro="An objective says where the team wants to go, in words that inspire; "
        "the key results will say how you will know.",
        people=people_of(team),
        coach=objective_panel(form, reverse("objective-lint-new") + f"?cycle={cycle.key}", cycle),
    )


@page
def objective_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Change an objective's title, kind, owner, visibility, alignment or contributors."""
    actor = user_of(request)
    stored = visible_objective_or_404(actor, key)
    require_team_editor(actor, stored.team_id)
    initial = {
        "team": stored.team.key,
        "title": stored.title,
        "description": stored.description,
        "kind": stored.kind,
        "visibility": stored.visibility,
        "owner": stored.owner.email if stored.owner else "",
        "aligned_to": (stored.aligned_objective or stored.aligned_key_result or Objective()).key,
        "contributors": list(stored.contributors.values_list("key", flat=True)),
    }
    form = _objective_form(request, actor, stored.cycle, stored.team.key, initial, exclude=key)

    def save() -> HttpResponse:
        update_objective(key, form.values(), actor=actor)
        messages.success(request, "Objective saved.")
        return redirect("objective", key=key)

    if request.method == "POST" and (done := submit(form, save)):
        return done
    return form_page(
        request,
        form,
        title="Edit objective",
        cancel=reverse("objective", args=[key]),
        people=people_of(stored.team.key),
        coach=objective_panel(form, reverse("objective-lint", args=[key]), stored.cycle, stored),
    )


@page
@require_POST
def objective_copy(request: HttpRequest, key: str) -> HttpResponse:
    """Copy an objective with its key results (no check-ins) into the next quarter."""
    try:
        copy = copy_objective_to_next_cycle(key, actor=user_of(request))
    except Invalid as error:
        messages.error(request, problems_text(error))
        return redirect("objective", key=key)
    messages.success(request, f"Copied to {copy.cycle.key}: set new baselines and targets.")
    return redirect("objective", key=copy.key)


def _objective_form(
    request: HttpRequest,
    actor: User,
    cycle: Cycle,
    team: str,
    initial: dict[str, Any],
    exclude: str | None = None,
) -> ObjectiveForm:
    editable, _ = team_access(actor)
    return ObjectiveForm(
        request.POST or None,
        initial={"kind": "committed", "visibility": "public", **initial},
        teams=team_choices(editable),
        targets=alignment_choices(cycle, team, actor, exclude=exclude),
        all_teams=team_choices(),
    )


# -- key results ----------------------------------------------------------------------------


@page
def key_result_new(request: HttpRequest, key: str) -> HttpResponse:
    """A new key result of an objective."""
    actor = user_of(request)
    objective = visible_objective_or_404(actor, key)
    require_team_editor(actor, objective.team_id)
    form = KeyResultForm(request.POST or None, initial={"type": "metric", "weight": "1"})

    def save() -> HttpResponse:
        kr = create_key_result(key, form.values(), actor=actor)
        messages.success(request, "Key result added.")
        return redirect(reverse("objective", args=[key]) + f"#kr-{kr.key}")

    if request.method == "POST" and (done := submit(form, save)):
        return done
    return form_page(
        request,
        form,
        title="New key result",
        intro=f"For “{objective.title}”. A key result measures an outcome: "
        "from a baseline to a target, not a task to complete.",
        cancel=reverse("objective", args=[key]),
        people=people_of(objective.team.key),
        coach=key_result_panel(form, reverse("key-result-lint-new", args=[key]), objective),
    )


@page
def key_result_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Change a key result; its check-ins stay."""
    actor = user_of(request)
    kr = get_object_or_404(
        KeyResult.objects.select_related(
            "objective__team", "objective__cycle", "objective__owner", "owner"
        ).filter(objective__in=visible_objectives(actor)),
        key=key,
    )
    require_team_editor(actor, kr.objective.team_id)
    initial = {
        "title": kr.title,
        "type": kr.type,
        "unit": kr.unit,
        "baseline": _text(kr.baseline),
        "target": _text(kr.target),
        "direction": kr.direction,
        "weight": _text(kr.weight),
        "owner": kr.owner.email if kr.owner else "",
    }
    form = KeyResultForm(request.POST or None, initial=initial)
    back = reverse("objective", args=[kr.objective.key]) + f"#kr-{key}"

    def save() -> HttpResponse:
        update_key_result(key, form.values(), actor=actor)
        messages.success(request, "Key result saved.")
        return redirect(back)

    if request.method == "POST" and (done := submit(form, save)):
        return done
    return form_page(
        request,
        form,
        title="Edit key result",
        cancel=back,
        people=people_of(kr.objective.team.key),
        coach=key_result_panel(form, reverse("key-result-lint", args=[key]), kr.objective, kr),
    )


# -- initiatives ----------------------------------------------------------------------------


@page
def initiative_new(request: HttpRequest) -> HttpResponse:
    """A new roadmap item of a team, linked to the key results it should move."""
    actor = user_of(request)
    cycle = _cycle_or_none(request)
    if cycle is None:
        messages.info(request, "Create a cycle first: initiatives live in a cycle.")
        return redirect("cycles")
    team = team_to_edit(actor, request.POST.get("team") or request.GET.get("team"))
    return _initiative_page(
        request, actor, cycle, team, None, {"team": team, "status": "planned"}, []
    )


@page
def initiative_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Change an initiative and its impact estimates."""
    actor = user_of(request)
    initiative = get_object_or_404(
        visible_initiatives(actor).select_related("cycle", "team"), key=key
    )
    require_team_editor(actor, initiative.team_id)
    team = initiative.team.key if initiative.team else ""
    initial = {
        "title": initiative.title,
        "team": team,
        "status": initiative.status,
        "effort": _text(initiative.effort),
        "bucket": initiative.bucket,
        "url": initiative.url,
        "external_key": initiative.external_key,
        "start": initiative.start,
        "end": initiative.end,
    }
    links = [
        {"key_result": kr_key, "impact": _text(impact)}
        for kr_key, impact in initiative.links.filter(
            key_result__objective__in=visible_objectives(actor)
        ).values_list("key_result__key", "impact")
    ]
    return _initiative_page(request, actor, initiative.cycle, team, key, initial, links)


def _initiative_page(
    request: HttpRequest,
    actor: User,
    cycle: Cycle,
    team: str,
    key: str | None,
    initial: dict[str, Any],
    links: list[dict[str, Any]],
) -> HttpResponse:
    editable, _ = team_access(actor)
    form = InitiativeForm(request.POST or None, initial=initial, teams=team_choices(editable))
    formset = LinkFormSet(
        request.POST or None,
        initial=links,
        prefix="links",
        form_kwargs={"key_results": key_result_choices(cycle, team, actor)},
    )

    def save() -> HttpResponse:
        fields = form.values(links_of(formset))
        if key:
            update_initiative(key, fields, actor=actor)
        else:
            create_initiative(cycle.key, fields, actor=actor)
        messages.success(request, "Initiative saved.")
        return redirect(reverse("roadmap") + f"?cycle={cycle.key}&team={fields.team}")

    if request.method == "POST" and (done := submit(form, save, rows=("links", formset))):
        return done
    return form_page(
        request,
        form,
        title="Edit initiative" if key else f"New initiative in {cycle.key}",
        intro="An initiative is a bet on the roadmap: estimate how much it moves each key "
        "result, in that key result's unit, so the roadmap shows whether it adds up.",
        cancel=reverse("roadmap") + f"?cycle={cycle.key}",
        formset=formset,
        formset_title="Key results it should move",
    )


# -- helpers --------------------------------------------------------------------------------


def _cycle_or_none(request: HttpRequest) -> Cycle | None:
    cycle, _ = selected_cycle(request)
    return cycle


def _text(value: float | None) -> str:
    """A stored number as the form shows it: 68 rather than 68.0."""
    return "" if value is None else format_number(value)
