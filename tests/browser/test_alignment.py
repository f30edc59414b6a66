"""The alignment tree in a browser: deeper branches load when opened, by mouse or keyboard,
and open on a page of their own without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from okrs.goals.models import KeyResult
from tests.browser.support import Demo, assert_accessible, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ana@example.com"
LEADERSHIP = "pl-1"  # aligned to a company objective; three objectives align to it in turn
PLATFORM = "api-1"  # one of those three


def test_opening_a_closed_branch_loads_what_aligns_beneath_it(sign_in, demo):
    page = sign_in(MEMBER)
    visit(page, "/alignment/")
    node = page.get_by_test_id(f"tree-{demo.key(LEADERSHIP)}")
    expect(page.get_by_test_id(f"tree-{demo.key(PLATFORM)}")).to_have_count(0)
    page.evaluate("window.okrsSamePage = true")

    node.locator("summary").first.click()

    branch = node.get_by_test_id(f"branch-of-{demo.key(LEADERSHIP)}")
    expect(branch.get_by_test_id(f"tree-{demo.key(PLATFORM)}")).to_be_visible()
    expect(branch).to_contain_text(first_key_result_title(demo, LEADERSHIP))
    expect(branch.get_by_test_id(f"branch-{demo.key(PLATFORM)}")).not_to_have_attribute(
        "open", ""
    )  # the next level waits closed in turn
    assert page.evaluate("window.okrsSamePage") is True, "the page was reloaded"


def test_a_branch_opens_from_the_keyboard_and_loads_only_once(sign_in, demo, axe):
    page = sign_in(MEMBER)
    visit(page, "/alignment/")
    loads: list[str] = []
    page.on("request", lambda r: loads.append(r.url) if "/children/" in r.url else None)
    node = page.get_by_test_id(f"tree-{demo.key(LEADERSHIP)}")
    summary = node.locator("summary").first
    branch = node.get_by_test_id(f"branch-of-{demo.key(LEADERSHIP)}")

    summary.focus()
    page.keyboard.press("Enter")
    expect(branch).to_be_visible()
    page.keyboard.press("Enter")
    expect(branch).to_be_hidden()
    page.keyboard.press("Enter")

    expect(branch).to_be_visible()
    expect(summary).to_be_focused()
    assert len(loads) == 1, loads
    assert_accessible(page, axe, "alignment-opened")


def test_without_javascript_a_branch_opens_on_a_page_of_its_own(scriptless, demo):
    page = scriptless(MEMBER)
    visit(page, "/alignment/")
    node = page.get_by_test_id(f"tree-{demo.key(LEADERSHIP)}")
    node.locator("summary").first.click()

    node.get_by_role("link", name="Open this branch on its own page").click()

    expect(page).to_have_url(f"/alignment/?root={demo.key(LEADERSHIP)}")
    tree = page.get_by_test_id("alignment-tree")
    expect(tree.get_by_test_id(f"tree-{demo.key(PLATFORM)}")).to_be_visible()
    expect(tree).to_contain_text(first_key_result_title(demo, LEADERSHIP))
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text(
        "Win the trust of mid-market finance teams"
    )


def first_key_result_title(demo: Demo, slug: str) -> str:
    """The title of a demo objective's first key result."""
    key_result = KeyResult.objects.filter(objective__key=demo.key(slug)).order_by("position")
    return key_result.values_list("title", flat=True)[0]
