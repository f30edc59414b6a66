"""Comments in a browser: the author edits one in place and deletes it (HTMX)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from okrs.goals.models import Comment, Objective
from okrs.people.models import User
from tests.browser.support import assert_accessible, screenshot_path, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ana@example.com"


def test_the_author_edits_a_comment_in_place_and_deletes_it(sign_in, demo, axe, tmp_path):
    objective = Objective.objects.get(key=demo.key("onb-1"))
    comment = Comment.objects.create(
        objective=objective, author=User.objects.get(email=MEMBER), text="Tour ships fridya"
    )
    page = sign_in(MEMBER)
    visit(page, f"/objectives/{objective.key}/")
    page.evaluate("window.okrsSamePage = true")
    item = page.locator(f"#comment-{comment.pk}")

    item.locator(".comment-edit summary").click()
    item.get_by_label("Your comment").fill("Tour ships Friday")
    item.get_by_role("button", name="Save").click()

    expect(item.locator(".comment-text")).to_have_text("Tour ships Friday")
    item.locator(".comment-edit summary").click()
    assert_accessible(page, axe, "comment-edit")
    item.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_path(tmp_path, "comment-edit.png"))

    page.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name="Delete").click()
    expect(item).to_have_count(0)
    assert page.evaluate("window.okrsSamePage") is True, "the page was reloaded"
    assert not Comment.objects.filter(pk=comment.pk).exists()
