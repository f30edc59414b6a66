"""Shared handling of edit forms: validate, call a service, show its problems in place."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from okrs.core.errors import Conflict, FieldProblem, Invalid, OkrsError
from okrs.web.forms import CheckedForm, Rows

REFUSED = (Invalid, Conflict)  # what a page shows as a message; the others are a 403 or 404
ROW_FIELD = re.compile(r"(\w+)\[(\d+)\]\.(\w+)")  # `key_results[1].title`


def submit(
    form: CheckedForm, save: Callable[[], HttpResponse], rows: tuple[str, Rows] | None = None
) -> HttpResponse | None:
    """`save()` when the form and its rows parse; else None, with the problems shown.

    A service's refusal (`REFUSED`) puts each message beside the field it names; `rows`
    is (name, formset) when the service names the formset's rows (`key_results[1].title`).
    """
    if not form.is_valid() or (rows and not rows[1].is_valid()):
        return None
    try:
        return save()
    except REFUSED as error:
        sent = rows[1].sent() if rows else []
        for problem in error.problems:
            row = ROW_FIELD.fullmatch(problem.field)
            if rows and row and row[1] == rows[0] and int(row[2]) < len(sent):
                sent[int(row[2])].add_problems([FieldProblem(row[3], problem.message)])
            else:
                form.add_problems([problem])
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
