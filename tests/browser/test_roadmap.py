"""The roadmap in a browser: "Show more" adds the next objectives in place, or opens the
next page without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from okrs.goals.models import Cycle, KeyResult, Objective
from okrs.people.models import Team
from tests.browser.support import Demo, assert_accessible, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ana@example.com"
PER_PAGE = 25
EXTRA = 30  # checkout objectives added to the demo, so that the roadmap runs to two pages


@pytest.fixture
def long_roadmap(demo: Demo) -> None:
    """The demo with 30 more checkout objectives, each with a key result."""
    cycle = Cycle.objects.get(key=demo.cycle)
    checkout = Team.objects.get(key="checkout")
    for n in range(EXTRA):
        key = demo.key(f"chk-more-{n:02}")
        objective = Objective.objects.create(
            key=key, cycle=cycle, team=checkout, title=f"Checkout goal {n:02}"
        )
        KeyResult.objects.create(
            key=f"{key}-kr", objective=objective, title=f"Checkout measure {n:02}", target=10
        )


def test_show_more_adds_the_next_objectives_and_moves_the_keyboard_there(
    sign_in, long_roadmap, axe
):
    page = sign_in(MEMBER)
    visit(page, "/roadmap/?team=all")
    objectives = page.get_by_test_id("initiatives-list").locator(":scope > li > article")
    expect(objectives).to_have_count(PER_PAGE)
    total = objectives_in_all(page)
    page.evaluate("window.okrsSamePage = true")

    page.get_by_test_id("initiatives-more").get_by_role("link", name="Show more").click()

    expect(objectives).to_have_count(min(total, 2 * PER_PAGE))
    expect(objectives.nth(PER_PAGE).locator("xpath=..")).to_be_focused()
    shown = [objectives.nth(n).get_attribute("data-testid") for n in range(objectives.count())]
    assert len(set(shown)) == len(shown), "an objective shows twice"
    assert page.evaluate("window.okrsSamePage") is True, "the page was reloaded"
    assert_accessible(page, axe, "roadmap-more")


def test_without_javascript_show_more_opens_the_next_page(scriptless, long_roadmap):
    page = scriptless(MEMBER)
    visit(page, "/roadmap/?team=all")
    first = page.get_by_test_id("initiatives-list").locator(":scope > li > article").first
    first_key = first.get_attribute("data-testid")
    total = objectives_in_all(page)

    page.get_by_test_id("initiatives-more").get_by_role("link", name="Show more").click()

    expect(page).to_have_url(re.compile(r"/roadmap/\?cycle=.+&team=all&page=2#initiatives$"))
    coverage = page.get_by_test_id("coverage")
    expect(coverage).to_contain_text(f"Showing 26–{min(total, 2 * PER_PAGE)} of {total}")
    expect(coverage.get_by_test_id(first_key)).to_have_count(0)
    coverage.get_by_role("link", name="Previous 25").click()
    expect(coverage.get_by_test_id(first_key)).to_be_visible()


def objectives_in_all(page: Page) -> int:
    """How many objectives the roadmap pages through, as its "Show more" item counts them."""
    shown = page.get_by_test_id("initiatives-more").inner_text()
    found = re.search(r"(\d+) of (\d+) shown", shown)
    assert found, shown
    return int(found[2])
