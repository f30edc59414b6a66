"""Cycles: the list, creating, editing and deleting them (admins), and moving their state on."""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from okrs.core.choices import CycleState
from okrs.goals.models import Cycle, Initiative
from okrs.goals.services import (
    create_cycle,
    delete_cycle,
    set_cycle_state,
    update_cycle,
)
from okrs.people.permissions import is_admin, require_admin
from okrs.web.access import page, user_of
from okrs.web.forms import CycleForm
from okrs.web.views.form_page import REFUSED, form_page, problems_text, submit

NEXT_STATE = dict(itertools.pairwise(CycleState.values))


@page
def cycle_list(request: HttpRequest) -> HttpResponse:
    """Every cycle with its dates, state and number of objectives."""
    cycles = Cycle.objects.annotate(
        objective_count=Count("objectives"),
        has_initiatives=Exists(Initiative.objects.filter(cycle=OuterRef("pk"))),
    ).order_by("-start")
    rows = [(c, NEXT_STATE.get(c.state)) for c in cycles]
    context = {"rows": rows, "is_admin": is_admin(user_of(request))}
    return render(request, "okrs/cycles.html", context)


@page
def cycle_new(request: HttpRequest) -> HttpResponse:
    """Admins create a cycle; a quarter name fills in its dates."""
    actor = user_of(request)
    require_admin(actor)
    form = CycleForm(request.POST or None)

    def save() -> HttpResponse:
        data = form.cleaned_data
        cycle = create_cycle(data["key"], data["start"], data["end"], actor=actor)
        messages.success(request, f"Cycle {cycle.key} created, in planning.")
        return redirect(reverse("dashboard") + f"?cycle={cycle.key}")

    if request.method == "POST" and (done := submit(form, save)):
        return done
    return form_page(request, form, title="New cycle", cancel=reverse("cycles"))


@page
def cycle_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Admins move a cycle's dates."""
    actor = user_of(request)
    require_admin(actor)
    cycle = get_object_or_404(Cycle, key=key)
    initial = {"key": cycle.key, "start": cycle.start, "end": cycle.end}
    form = CycleForm(request.POST or None, initial=initial, editing=True)

    def save() -> HttpResponse:
        update_cycle(key, form.cleaned_data["start"], form.cleaned_data["end"], actor=actor)
        messages.success(request, f"Cycle {key} saved.")
        return redirect("cycles")

    if request.method == "POST" and (done := submit(form, save)):
        return done
    return form_page(request, form, title=f"Edit cycle {key}", cancel=reverse("cycles"))


@page
@require_POST
def cycle_state(request: HttpRequest, key: str) -> HttpResponse:
    """Admins move a cycle on: planning → active → closed."""
    try:
        cycle = set_cycle_state(key, request.POST.get("state", ""), actor=user_of(request))
    except REFUSED as error:
        messages.error(request, problems_text(error))
    else:
        messages.success(request, f"Cycle {cycle.key} is now {cycle.state}.")
    return redirect("cycles")


@page
def cycle_delete(request: HttpRequest, key: str) -> HttpResponse:
    """Admins delete an empty cycle, once they confirm on this page."""
    actor = user_of(request)
    require_admin(actor)
    cycle = get_object_or_404(Cycle, key=key)
    if request.method == "POST":
        try:
            delete_cycle(key, actor=actor)
        except REFUSED as error:
            messages.error(request, problems_text(error))
        else:
            messages.success(request, f"Cycle {key} deleted.")
        return redirect("cycles")
    return render(request, "okrs/cycle_delete.html", {"cycle": cycle})
