"""Comments on the objective page: who may write them, how they are refused, how they show."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from okrs.core.errors import Forbidden, Invalid
from okrs.goals.models import Comment
from okrs.goals.services import COMMENT_MAX_LENGTH, add_comment


def comment_url(key: str = "onb-1") -> str:
    return reverse("comment-add", args=[key])


def comments_block(html: str) -> str:
    return html.split('data-testid="comments"')[1].split("</section>")[0]


def test_comments_show_author_date_and_text_oldest_first(signed_in, org):
    earlier = timezone.now() - timedelta(days=1)
    Comment.objects.create(
        objective=org.onboarding_objective,
        author=org.carl,
        text="Second",
        created_at=timezone.now(),
    )
    Comment.objects.create(
        objective=org.onboarding_objective, author=org.ana, text="First", created_at=earlier
    )
    org.ana.name = "Ana Alves"
    org.ana.save()
    block = comments_block(
        signed_in(org.vera).get(reverse("objective", args=["onb-1"])).content.decode()
    )
    assert block.index("First") < block.index("Second")
    assert "Ana Alves" in block
    assert "carl@example.com" in block
    assert earlier.strftime("%Y") in block


def test_an_objective_without_comments_says_so(signed_in, org):
    html = signed_in(org.ana).get(reverse("objective", args=["onb-1"])).content.decode()
    assert "No comments yet." in comments_block(html)


def test_a_member_of_another_team_comments_on_a_public_objective(signed_in, org):
    response = signed_in(org.carl).post(comment_url(), {"text": "  How can checkout help?  "})
    assert response["Location"] == reverse("objective", args=["onb-1"]) + "#comments"
    comment = Comment.objects.get()
    assert (comment.objective, comment.author, comment.text) == (
        org.onboarding_objective,
        org.carl,
        "How can checkout help?",
    )


def test_htmx_gets_the_comments_back_with_the_new_one_last(signed_in, org, htmx_headers):
    Comment.objects.create(objective=org.onboarding_objective, author=org.ana, text="Earlier")
    response = signed_in(org.ana).post(
        comment_url(), {"text": "Tour shipped"}, headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section class="card comments" id="comments"')
    assert html.index("Earlier") < html.index("Tour shipped")
    form = html.split('data-testid="comment-form"')[1]
    assert "<textarea" in form and "Tour shipped</textarea>" not in form  # empty again


def test_comment_text_is_escaped_and_keeps_its_line_breaks(signed_in, org):
    signed_in(org.ana).post(comment_url(), {"text": "<b>bold</b>\nnext line"})
    block = comments_block(
        signed_in(org.ana).get(reverse("objective", args=["onb-1"])).content.decode()
    )
    assert "&lt;b&gt;bold&lt;/b&gt;<br>next line" in block


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_comment_is_refused_in_place(signed_in, org, htmx_headers, text):
    response = signed_in(org.ana).post(comment_url(), {"text": text}, headers=htmx_headers)
    assert 'data-testid="comment-error"' in response.content.decode()
    assert "The comment is empty" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_too_long_comment_is_refused_with_its_length_and_kept_for_editing(signed_in, org):
    text = "x" * (COMMENT_MAX_LENGTH + 1)
    response = signed_in(org.ana).post(comment_url(), {"text": text})
    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 2,000 characters, this one has 2,001: shorten it" in html
    assert f">{text}</textarea>" in html
    assert not Comment.objects.exists()


def test_a_comment_of_exactly_the_limit_is_accepted(signed_in, org):
    signed_in(org.ana).post(comment_url(), {"text": "x" * COMMENT_MAX_LENGTH})
    assert Comment.objects.count() == 1


def test_viewers_read_comments_but_cannot_write_them(signed_in, org):
    Comment.objects.create(objective=org.onboarding_objective, author=org.ana, text="Hello")
    client = signed_in(org.vera)
    block = comments_block(client.get(reverse("objective", args=["onb-1"])).content.decode())
    assert "Hello" in block
    assert "<form" not in block
    assert client.post(comment_url(), {"text": "Me too"}).status_code == 403
    assert Comment.objects.count() == 1


def test_outsiders_do_not_find_a_team_only_objective(signed_in, org):
    assert signed_in(org.carl).post(comment_url("onb-secret"), {"text": "?"}).status_code == 404
    assert signed_in(org.ana).post(comment_url("onb-secret"), {"text": "ok"}).status_code == 302
    assert Comment.objects.get().author == org.ana


def test_admins_comment_anywhere(signed_in, org):
    assert signed_in(org.admin).post(comment_url("onb-secret"), {"text": "ok"}).status_code == 302


def test_the_service_checks_permission_and_text_itself(org):
    with pytest.raises(Forbidden):
        add_comment("onb-1", "Hi", org.vera)
    with pytest.raises(Invalid) as refused:
        add_comment("onb-1", "", org.ana)
    assert refused.value.problems[0][0] == "text"
    assert add_comment("onb-1", "From the operator", None).author is None
