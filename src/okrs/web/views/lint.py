"""The coach beside the edit forms: live findings on an objective or key result being typed.

The lint endpoints answer HTMX with the findings panel of a draft built from the form's
values; they write nothing and ask for the same rights as the form they serve.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from okrs.goals.models import Cycle, KeyResult, Objective
from okrs.goals.selectors import visible_objectives
from okrs.people.permissions import require_team_editor
from okrs.web.access import (
    page,
    selected_cycle,
    team_to_edit,
    user_of,
    visible_objective_or_404,
)
from okrs.web.drafts import Draft, lint_key_result_draft, lint_objective_draft

DRAFT_TEMPLATE = "okrs/partials/coach_draft.html"


@dataclass
class CoachPanel:
    """The coach beside an edit form: where to send the draft, and what it says now."""

    url: str
    draft: Draft


@page
@require_POST
def objective_lint(request: HttpRequest, key: str | None = None) -> HttpResponse:
    """The coach on an objective form's values (a new objective, or objective `key`)."""
    actor = user_of(request)
    if key:
        stored = visible_objective_or_404(actor, key)
        require_team_editor(actor, stored.team_id)
        cycle = stored.cycle
    else:
        stored = None
        team_to_edit(actor, request.POST.get("team") or None)
        cycle = _selected_cycle(request)
    draft = lint_objective_draft(request.POST, cycle=cycle, stored=stored)
    return render(request, DRAFT_TEMPLATE, {"draft": draft})


@page
@require_POST
def key_result_lint_new(request: HttpRequest, key: str) -> HttpResponse:
    """The coach on the values of a new key result of objective `key`."""
    actor = user_of(request)
    objective = get_object_or_404(
        visible_objectives(actor).select_related("cycle", "team", "owner"), key=key
    )
    require_team_editor(actor, objective.team_id)
    draft = lint_key_result_draft(request.POST, objective=objective)
    return render(request, DRAFT_TEMPLATE, {"draft": draft})


@page
@require_POST
def key_result_lint(request: HttpRequest, key: str) -> HttpResponse:
    """The coach on the values of key result `key` being edited."""
    actor = user_of(request)
    kr = get_object_or_404(
        KeyResult.objects.select_related(
            "objective__cycle", "objective__team", "objective__owner"
        ).filter(objective__in=visible_objectives(actor)),
        key=key,
    )
    require_team_editor(actor, kr.objective.team_id)
    draft = lint_key_result_draft(request.POST, objective=kr.objective, stored=kr)
    return render(request, DRAFT_TEMPLATE, {"draft": draft})


def objective_panel(
    form: forms.Form, url: str, cycle: Cycle, stored: Objective | None = None
) -> CoachPanel:
    """The coach's panel for an objective form as it stands (so it works without JS)."""
    return CoachPanel(url, lint_objective_draft(values_of(form), cycle=cycle, stored=stored))


def key_result_panel(
    form: forms.Form, url: str, objective: Objective, stored: KeyResult | None = None
) -> CoachPanel:
    """The coach's panel for a key result form as it stands."""
    draft = lint_key_result_draft(values_of(form), objective=objective, stored=stored)
    return CoachPanel(url, draft)


def values_of(form: forms.Form) -> dict[str, str]:
    """The form's values as typed (posted) or as first shown (initial), as text."""
    if form.is_bound:
        return {name: form.data.get(form.add_prefix(name), "") for name in form.fields}
    values = {}
    for name in form.fields:
        value = form[name].value()
        values[name] = "" if value is None or isinstance(value, list) else str(value)
    return values


def _selected_cycle(request: HttpRequest) -> Cycle:
    cycle, _ = selected_cycle(request)
    if cycle is None:
        raise Http404("no cycle yet: objectives live in a cycle")
    return cycle
