"""The dashboard in a browser: signing in, the figures a member sees, a phone-sized screen."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from okrs.goals.models import Cycle
from okrs.goals.services import score_cycle
from okrs.people.models import User
from tests.browser.support import PHONE, sign_in_with_form, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_signs_in_and_sees_the_scores_grades_and_time_gone(page: Page, demo):
    sign_in_with_form(page, "ana@example.com")

    head = page.get_by_test_id("cycle-head")
    expect(head.get_by_role("heading", level=1)).to_have_text(demo.cycle)
    cycle = Cycle.objects.get(key=demo.cycle)
    day = (timezone.localdate() - cycle.start).days + 1
    length = (cycle.end - cycle.start).days + 1
    gone = round(day / length * 100)
    expect(head).to_contain_text(f"Day {day} of {length} · {gone}% of the cycle gone")
    expect(head.get_by_role("progressbar", name="Time elapsed in the cycle")).to_have_attribute(
        "aria-valuenow", str(gone)
    )

    figures = score_cycle(demo.cycle, actor=User.objects.get(email="ana@example.com"))
    for team in figures.teams:
        if team.key in ("acme", "onboarding"):
            expect_grade(page.get_by_test_id(f"team-{team.key}"), team.score, team.grade)
    for objective in figures.objectives:
        if objective.team == "onboarding":
            card = page.get_by_test_id("my-okrs").get_by_test_id(f"objective-{objective.key}")
            expect_grade(card, objective.score, objective.grade)


@pytest.mark.parametrize("path", ["/", "/teams/onboarding/", "/objectives/{cycle}-onb-1/"])
def test_pages_fit_a_phone_screen_without_sideways_scrolling(sign_in, demo, path):
    page = sign_in("ana@example.com")
    page.set_viewport_size(PHONE)
    visit(page, path.format(cycle=demo.cycle))

    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {PHONE['width']}px wide"


def expect_grade(where, score: float, grade: str) -> None:
    """The grade badge shows the score the OKR way (0.64) and the grade in words (Yellow)."""
    badge = where.get_by_test_id("grade").first
    expect(badge.locator(".grade-score")).to_have_text(f"{score:.2f}")
    expect(badge.locator(".grade-word")).to_have_text(grade, ignore_case=True)
