"""Start a team's cycle from a template: pick one, set your own baselines and targets, save."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from okrs.core.choices import CycleState
from okrs.core.validation import format_number
from okrs.goals.models import Cycle
from okrs.goals.services import create_objective
from okrs.web.access import page, selected_cycle, team_access, team_to_edit, user_of
from okrs.web.form_options import team_choices
from okrs.web.forms import TemplateForm, TemplateKeyResultFormSet
from okrs.web.okr_examples import OkrExample, gallery, get_example
from okrs.web.views.form_page import form_page, submit


@page
def template_gallery(request: HttpRequest) -> HttpResponse:
    """OKR templates for each team structure."""
    editable, _ = team_access(user_of(request))
    context = {"gallery": gallery(), "can_use": bool(editable), "team": request.GET.get("team")}
    return render(request, "okrs/gallery.html", context)


@page
def template_use(request: HttpRequest, slug: str) -> HttpResponse:
    """The template's objective and key results prefilled; the team edits them and saves."""
    example = get_example(slug)
    if example is None:
        raise Http404(f"unknown template '{slug}'")
    actor = user_of(request)
    editable, _ = team_access(actor)
    team = team_to_edit(actor, request.POST.get("team") or request.GET.get("team"))
    selected, _ = selected_cycle(request)
    open_cycles = Cycle.objects.exclude(state=CycleState.CLOSED).order_by("-start")
    cycles = [(c.key, f"{c.key} ({c.get_state_display().lower()})") for c in open_cycles]
    if not cycles:
        messages.info(request, "Create a cycle first: objectives live in a cycle.")
        return redirect("cycles")
    initial = {
        "team": team,
        "cycle": selected.key if selected and selected.state != "closed" else cycles[0][0],
        "title": example.objective,
        "kind": example.kind,
    }
    form = TemplateForm(
        request.POST or None, initial=initial, teams=team_choices(editable), cycles=cycles
    )
    formset = TemplateKeyResultFormSet(
        request.POST or None, initial=_key_result_rows(example), prefix="krs"
    )

    def save() -> HttpResponse:
        objective = create_objective(
            form.cleaned_data["cycle"],
            form.values(),
            key_results=[f.values() for f in formset.sent()],
            actor=actor,
        )
        messages.success(request, "Objective created from the template.")
        return redirect("objective", key=objective.key)

    if request.method == "POST" and (done := submit(form, save, rows=("key_results", formset))):
        return done
    return form_page(
        request,
        form,
        title=f"Start from “{example.objective}”",
        intro=example.why + " Set your own baselines (where you stand today) and targets.",
        cancel=reverse("templates"),
        submit_label="Create objective",
        formset=formset,
        formset_title="Key results",
        formset_inline=True,
    )


def _key_result_rows(example: OkrExample) -> list[dict[str, str]]:
    return [
        {
            "title": kr.title,
            "unit": kr.unit,
            "type": kr.type,
            "direction": kr.direction or "",
            "baseline": "" if kr.baseline is None else format_number(kr.baseline),
            "target": "" if kr.target is None else format_number(kr.target),
        }
        for kr in example.key_results
    ]
