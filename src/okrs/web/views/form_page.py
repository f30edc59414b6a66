"""Shared handling of edit forms: validate, call a service, show its problems in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from okrs.core.errors import Conflict, Invalid, OkrsError
from okrs.web.forms import CheckedForm

REFUSED = (Invalid, Conflict)  # what a page shows as a message; the others are a 403 or 404


def submit(
    form: CheckedForm, save: Callable[[], HttpResponse], *formsets: forms.BaseFormSet
) -> HttpResponse | None:
    """`save()` when the form and formsets are valid; else None, with the problems shown.

    A service's refusal (`REFUSED`) puts each message beside the field it names.
    """
    if not form.is_valid() or not all(f.is_valid() for f in formsets):
        return None
    try:
        return save()
    except REFUSED as error:
        form.add_problems(error.problems)
        return None


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    title: str,
    cancel: str,
    submit_label: str = "Save",
    intro: str = "",
    **extra: Any,
) -> HttpResponse:
    """The one edit page: a heading, the form (and any formsets in `extra`), Save/Cancel."""
    context = {
        "form": form,
        "title": title,
        "cancel": cancel,
        "submit_label": submit_label,
        "intro": intro,
        **extra,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "okrs/form.html", context, status=status)


def problems_text(error: OkrsError) -> str:
    """A service's refusal as one sentence, for a message above the page."""
    return "; ".join(problem.message for problem in error.problems)
