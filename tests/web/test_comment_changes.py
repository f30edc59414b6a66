"""Changing one's comments: the author edits and deletes their own, admins delete any.

Every write path is tried per role (admin, member of the objective's team, member of
another team, viewer) on an objective of their own team, of another team, and hidden
from them: someone else's comment answers 403, one on a hidden objective 404.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from okrs.core.errors import Forbidden, Invalid
from okrs.goals.models import Comment
from okrs.goals.services import COMMENT_MAX_LENGTH, delete_comment, update_comment

OWN, OTHERS = "own", "others"


def edit_url(comment: Comment) -> str:
    return reverse("comment-edit", args=[comment.pk])


def delete_url(comment: Comment) -> str:
    return reverse("comment-delete", args=[comment.pk])


def comments_block(html: str) -> str:
    return html.split('data-testid="comments"')[1].split("</section>")[0]


def comment_by(org, actor_name: str, whose: str, objective: str) -> Comment:
    """A comment on `onb-1` or `onb-secret`, by the actor (own) or by someone else."""
    actor = getattr(org, actor_name)
    other = org.carl if actor == org.ana else org.ana
    author = actor if whose == OWN else other
    target = {"onb-1": org.onboarding_objective, "onb-secret": org.secret_objective}[objective]
    return Comment.objects.create(objective=target, author=author, text="Before")


# (actor, whose comment, objective, answer to an edit, answer to a delete).
# onb-1 is onboarding's public objective: ana's own team, carl's other team.
# onb-secret is onboarding's team-only objective: hidden from carl and vera.
CASES = [
    ("admin", OWN, "onb-1", 302, 302),
    ("admin", OTHERS, "onb-1", 403, 302),  # admins delete any comment, edit only theirs
    ("admin", OTHERS, "onb-secret", 403, 302),
    ("ana", OWN, "onb-1", 302, 302),
    ("ana", OTHERS, "onb-1", 403, 403),
    ("ana", OWN, "onb-secret", 302, 302),
    ("ana", OTHERS, "onb-secret", 403, 403),
    ("carl", OWN, "onb-1", 302, 302),
    ("carl", OTHERS, "onb-1", 403, 403),
    ("carl", OWN, "onb-secret", 404, 404),  # written before it was hidden: not seen now
    ("carl", OTHERS, "onb-secret", 404, 404),
    ("vera", OWN, "onb-1", 403, 302),  # viewers write nothing, but may withdraw their words
    ("vera", OTHERS, "onb-1", 403, 403),
    ("vera", OTHERS, "onb-secret", 404, 404),
]
IDS = [f"{actor}-{whose}-{objective}" for actor, whose, objective, _, _ in CASES]


@pytest.mark.parametrize(("actor", "whose", "objective", "edit", "_"), CASES, ids=IDS)
def test_editing_a_comment_per_role_and_team(signed_in, org, actor, whose, objective, edit, _):
    comment = comment_by(org, actor, whose, objective)
    response = signed_in(getattr(org, actor)).post(edit_url(comment), {"text": "After"})
    assert response.status_code == edit
    comment.refresh_from_db()
    assert comment.text == ("After" if edit == 302 else "Before")
    if edit == 302:
        assert response["Location"] == reverse("objective", args=[objective]) + "#comments"


@pytest.mark.parametrize(("actor", "whose", "objective", "_", "delete"), CASES, ids=IDS)
def test_deleting_a_comment_per_role_and_team(signed_in, org, actor, whose, objective, _, delete):
    comment = comment_by(org, actor, whose, objective)
    response = signed_in(getattr(org, actor)).post(delete_url(comment))
    assert response.status_code == delete
    assert Comment.objects.filter(pk=comment.pk).exists() == (delete != 302)
    if delete == 302:
        assert response["Location"] == reverse("objective", args=[objective]) + "#comments"


def test_an_unknown_comment_is_not_found(signed_in, org):
    client = signed_in(org.admin)
    assert client.post(reverse("comment-edit", args=[999]), {"text": "x"}).status_code == 404
    assert client.post(reverse("comment-delete", args=[999])).status_code == 404


def test_changing_a_comment_needs_a_post(signed_in, org):
    comment = comment_by(org, "ana", OWN, "onb-1")
    client = signed_in(org.ana)
    assert client.get(edit_url(comment)).status_code == 405
    assert client.get(delete_url(comment)).status_code == 405


def test_changing_a_comment_needs_the_csrf_token(org):
    comment = comment_by(org, "ana", OWN, "onb-1")
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.ana)
    assert client.post(edit_url(comment), {"text": "After"}).status_code == 403
    assert client.post(delete_url(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Before"


def test_the_author_sees_edit_and_delete_on_their_comments_only(signed_in, org):
    mine = comment_by(org, "ana", OWN, "onb-1")
    theirs = comment_by(org, "ana", OTHERS, "onb-1")
    html = signed_in(org.ana).get(reverse("objective", args=["onb-1"])).content.decode()
    block = comments_block(html)
    own = block.split(f'id="comment-{mine.pk}"')[1].split("</li>")[0]
    other = block.split(f'id="comment-{theirs.pk}"')[1].split("</li>")[0]
    assert f'action="{edit_url(mine)}"' in own and f'action="{delete_url(mine)}"' in own
    assert ">Before</textarea>" in own  # the edit form starts from the text as it is
    assert "comment-edit" not in other and "comment-delete" not in other


def test_admins_see_delete_but_not_edit_on_someone_elses_comment(signed_in, org):
    comment = comment_by(org, "ana", OWN, "onb-1")
    html = signed_in(org.admin).get(reverse("objective", args=["onb-1"])).content.decode()
    item = comments_block(html).split(f'id="comment-{comment.pk}"')[1].split("</li>")[0]
    assert f'action="{delete_url(comment)}"' in item
    assert f'action="{edit_url(comment)}"' not in item


def test_htmx_gets_the_comments_back_with_the_edited_text(signed_in, org, htmx_headers):
    comment = comment_by(org, "ana", OWN, "onb-1")
    response = signed_in(org.ana).post(
        edit_url(comment), {"text": "  Tour shipped to everyone  "}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section class="card comments" id="comments"')
    assert '<p class="comment-text">Tour shipped to everyone</p>' in html
    assert "<html" not in html
    comment.refresh_from_db()
    assert comment.text == "Tour shipped to everyone"


def test_htmx_gets_the_comments_back_without_the_deleted_one(signed_in, org, htmx_headers):
    kept = Comment.objects.create(objective=org.onboarding_objective, author=org.carl, text="Kept")
    comment = comment_by(org, "ana", OWN, "onb-1")
    comment.text = "Oops, wrong objective"
    comment.save()
    response = signed_in(org.ana).post(delete_url(comment), headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section class="card comments" id="comments"')
    assert "Oops, wrong objective" not in html and "Kept" in html
    assert list(Comment.objects.all()) == [kept]


@pytest.mark.parametrize("text", ["", "  ", "x" * (COMMENT_MAX_LENGTH + 1)])
def test_an_edit_to_an_empty_or_too_long_text_is_refused_in_place(
    signed_in, org, htmx_headers, text
):
    comment = comment_by(org, "ana", OWN, "onb-1")
    response = signed_in(org.ana).post(edit_url(comment), {"text": text}, headers=htmx_headers)
    html = response.content.decode()
    item = html.split(f'id="comment-{comment.pk}"')[1].split("</li>")[0]
    assert 'role="alert"' in item
    assert "The comment is empty" in item or "at most 2,000 characters" in item
    assert f">{text}</textarea>" in item  # what was typed stays, to fix
    assert '<details class="comment-edit" open>' in item
    comment.refresh_from_db()
    assert comment.text == "Before"


def test_without_htmx_a_refused_edit_renders_the_page_with_the_message(signed_in, org):
    comment = comment_by(org, "ana", OWN, "onb-1")
    response = signed_in(org.ana).post(edit_url(comment), {"text": ""})
    assert response.status_code == 400
    assert "The comment is empty" in comments_block(response.content.decode())


def test_the_services_check_permission_and_text_themselves(org):
    comment = comment_by(org, "ana", OWN, "onb-1")
    with pytest.raises(Forbidden):
        update_comment(comment.pk, "Hi", org.carl)
    with pytest.raises(Forbidden):
        delete_comment(comment.pk, org.carl)
    with pytest.raises(Invalid) as refused:
        update_comment(comment.pk, "", org.ana)
    assert refused.value.problems[0][0] == "text"
    assert update_comment(comment.pk, " Fixed ", org.ana).text == "Fixed"
    delete_comment(comment.pk, None)  # the operator, like an admin
    assert not Comment.objects.exists()
