"""Comments on objectives: adding, changing, deleting."""

from __future__ import annotations

from django.db import transaction

from okrs.core import validation
from okrs.core.errors import NotFound
from okrs.goals.models import Comment, Objective
from okrs.goals.services.common import _problems, _raise, _visible_objective, _visible_objectives
from okrs.people.models import User
from okrs.people.permissions import require_comment, require_delete_comment, require_edit_comment

COMMENT_MAX_LENGTH = 2000


@transaction.atomic
def add_comment(objective_key: str, text: str, actor: User | None) -> Comment:
    """A plain-text comment on an objective, at most 2,000 characters and not empty.

    Anyone who sees the objective (its team, other teams when it is public, admins) may
    comment, except viewers; a hidden objective is not found.
    """
    objective = _visible_objective(objective_key, actor)
    require_comment(actor)
    body = text.strip() if isinstance(text, str) else text
    _raise(_problems(("text", _comment_problem(body))))
    return Comment.objects.create(objective=objective, author=actor, text=body)


@transaction.atomic
def update_comment(pk: int, text: str, actor: User | None) -> Comment:
    """Change the text of one's own comment, by the rules of a new one.

    A comment on an objective the actor does not see is not found; someone else's is
    refused, an admin's included.
    """
    comment = _visible_comment(pk, actor)
    require_edit_comment(actor, comment.author_id)
    body = text.strip() if isinstance(text, str) else text
    _raise(_problems(("text", _comment_problem(body))))
    comment.text = body
    comment.save(update_fields=["text"])
    return comment


@transaction.atomic
def delete_comment(pk: int, actor: User | None) -> Objective:
    """Delete a comment: one's own, or any for an admin. Returns the objective it was on.

    A comment on an objective the actor does not see is not found.
    """
    comment = _visible_comment(pk, actor)
    require_delete_comment(actor, comment.author_id)
    objective = comment.objective
    comment.delete()
    return objective


def _visible_comment(pk: int, actor: User | None) -> Comment:
    """A comment on an objective the actor sees; NotFound otherwise."""
    comment = (
        Comment.objects.select_related("objective")
        .filter(pk=pk, objective__in=_visible_objectives(actor))
        .first()
    )
    if comment is None:
        raise NotFound(f"unknown comment {pk}")
    return comment


def _comment_problem(text: object) -> str | None:
    if not isinstance(text, str):
        return validation.expected_text(text)
    if not text:
        return "the comment is empty: write something first"
    if "\x00" in text:
        return "the comment contains a NUL character: remove it"
    if len(text) > COMMENT_MAX_LENGTH:
        return (
            f"a comment is at most {COMMENT_MAX_LENGTH:,} characters, this one has "
            f"{len(text):,}: shorten it"
        )
    return None
