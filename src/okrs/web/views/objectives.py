"""The objective page with its key results, charts, one-line check-ins and comments (HTMX)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from okrs.core.errors import Invalid, NotFound
from okrs.core.validation import NOTE_MAX_LENGTH, parse_date
from okrs.goals.models import Comment, KeyResult, Objective
from okrs.goals.selectors import visible_objectives
from okrs.goals.services import (
    COMMENT_MAX_LENGTH,
    add_comment,
    delete_comment,
    record_check_in,
    update_comment,
)
from okrs.people.models import User
from okrs.people.permissions import can_comment, may_delete_comment, may_edit_comment
from okrs.web.access import page, user_of, visible_objective_or_404
from okrs.web.charts import key_result_chart
from okrs.web.htmx import HtmxHttpRequest
from okrs.web.pages import CycleView, KeyResultRow, load_cycle_view
from okrs.web.views.form_page import problems_text

CHECK_IN_FIELDS = ("value", "confidence", "note", "date")
ERROR_FIELDS = CHECK_IN_FIELDS
Failed = tuple[str, Invalid, dict[str, str]]  # a refused check-in: key result, error, form


@dataclass
class Panel:
    """A key result on its objective's page: its row, chart and the check-in form's state."""

    row: KeyResultRow
    chart: SafeString
    error: str = ""
    error_field: str = ""
    posted: dict[str, str] = field(default_factory=dict)


@dataclass
class CommentRow:
    """A comment with what the user may do to it: edit (its author), delete (or an admin)."""

    comment: Comment
    editable: bool
    deletable: bool


@page
def objective_detail(request: HttpRequest, key: str) -> HttpResponse:
    """Key results with bars, charts and history; initiatives; alignment; coach findings."""
    return render(request, "okrs/objective.html", objective_context(request, key))


@page
@require_POST
def check_in(request: HtmxHttpRequest, key: str) -> HttpResponse:
    """Record a check-in; HTMX gets the key result's block back, others the page.

    The date is today unless another is given (a missed week, back-dated): the service
    refuses one in the future or outside the cycle. A refused value writes nothing and
    comes back as the service's message, in place.
    """
    objective = _objective_key_of(request, key)
    posted = {name: request.POST.get(name, "").strip() for name in CHECK_IN_FIELDS}
    refused: Invalid | None = None
    try:
        record_check_in(
            key,
            posted["value"],
            confidence=posted["confidence"] or None,
            note=posted["note"],
            day=_check_in_day(posted["date"]),
            actor=user_of(request),
        )
    except Invalid as error:
        refused = error
    if refused is None and not request.htmx:
        return redirect(reverse("objective", args=[objective]) + f"#kr-{key}")
    failed = (key, refused, posted) if refused else None
    context = objective_context(request, objective, failed=failed)
    if not request.htmx:
        return render(request, "okrs/objective.html", context, status=400)
    panel = next(p for p in context["panels"] if p.row.kr.key == key)
    return render(request, "okrs/partials/kr_panel.html", {**context, "panel": panel, "oob": True})


@page
@require_POST
def comment_add(request: HtmxHttpRequest, key: str) -> HttpResponse:
    """Add a comment; HTMX gets the comments block back (the new one last), others the page.

    Whoever sees the objective may comment except viewers (403); a hidden objective is
    404. A refused text writes nothing and comes back with the message, in place.
    """
    text = request.POST.get("text", "")
    try:
        add_comment(key, text, user_of(request))
    except Invalid as refused:
        return _comments_answer(
            request, key, {"comment_error": problems_text(refused), "comment_text": text}
        )
    return _comments_answer(request, key)


@page
@require_POST
def comment_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Change one's own comment; HTMX gets the comments block back, others the page.

    Only the author may (403 for anyone else, admins too); a comment on a hidden
    objective is 404. A refused text writes nothing and comes back in the comment's
    edit form with the message.
    """
    key = _commented_objective_key(request, pk)
    text = request.POST.get("text", "")
    try:
        update_comment(pk, text, user_of(request))
    except Invalid as refused:
        refusal = {"editing": pk, "edit_error": problems_text(refused), "edit_text": text}
        return _comments_answer(request, key, refusal)
    return _comments_answer(request, key)


@page
@require_POST
def comment_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Delete a comment, one's own or, for an admin, any; the comments block comes back.

    Someone else's comment is 403 for a non-admin; one on a hidden objective is 404.
    """
    key = _commented_objective_key(request, pk)
    delete_comment(pk, user_of(request))
    return _comments_answer(request, key)


def _comments_answer(
    request: HtmxHttpRequest, key: str, refusal: dict[str, Any] | None = None
) -> HttpResponse:
    """After a comment is written: HTMX gets the comments block, others go back to the
    objective's comments; a refusal renders the page with its message (400)."""
    if not request.htmx:
        if not refusal:
            return redirect(reverse("objective", args=[key]) + "#comments")
        context = objective_context(request, key) | refusal
        return render(request, "okrs/objective.html", context, status=400)
    actor = user_of(request)
    objective = visible_objective_or_404(actor, key)
    context = comments_context(objective, actor) | (refusal or {})
    return render(request, "okrs/partials/comments.html", context)


def _commented_objective_key(request: HttpRequest, pk: int) -> str:
    """The key of the (visible) objective a comment is on; 404 otherwise."""
    return _visible_objective_key(request, Q(comments__pk=pk), f"unknown comment {pk}")


def comments_context(objective: Objective, actor: User) -> dict[str, Any]:
    """An objective's comments, oldest first, with what the user may do to each, and
    whether the user may add one (one query)."""
    comments = Comment.objects.filter(objective=objective).select_related("author")
    return {
        "comments": [
            CommentRow(
                c, may_edit_comment(actor, c.author_id), may_delete_comment(actor, c.author_id)
            )
            for c in comments.order_by("created_at", "id")
        ],
        "can_comment": can_comment(actor),
        "comment_limit": f"{COMMENT_MAX_LENGTH:,}",
        "comment_max": COMMENT_MAX_LENGTH,
        "comment_url": reverse("comment-add", args=[objective.key]),
    }


def objective_context(
    request: HttpRequest, key: str, failed: Failed | None = None
) -> dict[str, Any]:
    """Everything the objective page shows; `failed` is a refused check-in to show in place."""
    actor = user_of(request)
    stored = visible_objective_or_404(actor, key)
    view = load_cycle_view(stored.cycle, actor, where=_related_objectives(stored), check_ins=True)
    row = view.row(key)
    parent, parent_kr = view.alignment.parent_of(row)
    panels = [_panel(view, kr_row, failed) for kr_row in row.key_results]
    return {
        "view": view,
        "row": row,
        "panels": panels,
        "parent": parent,
        "parent_kr": parent_kr,
        "children": view.alignment.children(key),
        "initiatives": _initiatives_of(panels),
        "note_max": NOTE_MAX_LENGTH,
        "check_in_latest": min(view.as_of, view.plan.cycle.end),
        **comments_context(stored, actor),
    }


def _check_in_day(typed: str) -> date | None:
    """The day a check-in form names (None: today); Invalid for what is no date."""
    if not typed:
        return None
    day, message = parse_date(typed)
    if message:
        raise Invalid(message, field="date")
    return day


def _panel(view: CycleView, kr_row: KeyResultRow, failed: Failed | None) -> Panel:
    chart = key_result_chart(
        kr_row.kr,
        kr_row.figures,
        view.plan.cycle,
        objective_kind=kr_row.objective.kind,
        as_of=view.as_of,
        chart_id=f"chart-{kr_row.kr.key}",
    )
    panel = Panel(kr_row, chart)
    if failed and failed[0] == kr_row.kr.key:
        _, refused, panel.posted = failed
        field_name = refused.field or ""
        known = field_name in ERROR_FIELDS
        panel.error = refused.message if known else str(refused)
        panel.error_field = field_name if known else ""
    return panel


def _initiatives_of(panels: list[Panel]) -> list[dict[str, Any]]:
    """The objective's initiatives, each once, with their impact on each of its key results."""
    found: dict[str, dict[str, Any]] = {}
    for panel in panels:
        for initiative, impact in panel.row.initiatives:
            entry = found.setdefault(initiative.key, {"initiative": initiative, "impacts": []})
            entry["impacts"].append((panel.row, impact))
    return list(found.values())


def _related_objectives(objective: Objective) -> Q:
    """The objective, the one it aligns to (directly or through a key result) and those
    that align to it: what its page shows."""
    parents = [objective.aligned_objective_id]
    if objective.aligned_key_result:
        parents.append(objective.aligned_key_result.objective_id)
    return (
        Q(pk=objective.pk)
        | Q(pk__in=[pk for pk in parents if pk is not None])
        | Q(aligned_objective=objective)
        # Through the objective's key results, not a join: the join would read every
        # key result of the database on PostgreSQL to match one objective's.
        | Q(aligned_key_result__in=KeyResult.objects.filter(objective=objective).values("pk"))
    )


def _objective_key_of(request: HttpRequest, kr_key: str) -> str:
    """The key of the (visible) objective a key result belongs to; 404 otherwise."""
    return _visible_objective_key(
        request, Q(key_results__key=kr_key), f"unknown key result '{kr_key}'"
    )


def _visible_objective_key(request: HttpRequest, where: Q, unknown: str) -> str:
    """The key of the first objective the user sees that `where` selects; 404 otherwise."""
    key = visible_objectives(user_of(request)).filter(where).values_list("key", flat=True).first()
    if key is None:
        raise NotFound(unknown)
    return key
