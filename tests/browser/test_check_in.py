"""Checking in on an objective page: the one-line form swaps the key result in place (HTMX)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from okrs.goals.demo import DEMO_PASSWORD
from okrs.goals.models import KeyResult
from tests.browser.support import panel_of, screenshot_path, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ana@example.com"


def test_a_check_in_moves_the_bar_and_the_chart_without_reloading_the_page(sign_in, demo):
    kr = KeyResult.objects.get(key=demo.key("onb-1-completion"))
    page = sign_in(MEMBER)
    visit(page, f"/objectives/{demo.key('onb-1')}/")
    panel = panel_of(page, kr.key)
    bar_before = bar_value(panel)
    points_before = chart_points(panel, kr.key)
    page.evaluate("window.okrsSamePage = true")

    form = panel.get_by_test_id(f"check-in-{kr.key}")
    form.get_by_label("Value").fill(f"{kr.target:g}")
    form.get_by_label("Confidence").fill("0.8")
    form.get_by_label("Note").fill("Checklist shipped to everyone")
    form.get_by_role("button", name="Check in").click()

    expect(bar(panel)).to_have_attribute("aria-valuenow", "100")
    assert bar_before != "100"
    points_after = chart_points(panel, kr.key)
    assert points_after != points_before
    newest_y = points_after.split()[-1].split(",")[1]
    target_y = panel.locator("line.chart-target").first.get_attribute("y1")
    assert newest_y == target_y, "the newest point sits on the target line"
    assert page.evaluate("window.okrsSamePage") is True, "the page was reloaded"
    assert kr.check_ins.order_by("-date").first().note == "Checklist shipped to everyone"


def test_a_missed_week_is_checked_in_on_its_own_date(sign_in, demo, tmp_path):
    kr = KeyResult.objects.get(key=demo.key("onb-1-completion"))
    today = timezone.localdate()
    missed = max(kr.objective.cycle.start, today - timedelta(days=7))
    page = sign_in(MEMBER)
    visit(page, f"/objectives/{demo.key('onb-1')}/")
    form = panel_of(page, kr.key).get_by_test_id(f"check-in-{kr.key}")
    expect(form.get_by_label("Date")).to_have_value(today.isoformat())

    form.get_by_label("Value").fill("73")
    form.get_by_label("Date").fill(missed.isoformat())
    form.get_by_label("Note").fill("Missed last week: numbers from the weekly report")
    form.get_by_role("button", name="Check in").click()

    history = panel_of(page, kr.key).locator(".history-list")
    entry = history.locator("li", has_text="Missed last week")
    expect(entry).to_contain_text(f"{missed.day} {missed:%b %Y}")
    expect(entry).to_contain_text("73")
    expect(panel_of(page, kr.key).get_by_label("Date")).to_have_value(today.isoformat())
    check_in = kr.check_ins.get(note="Missed last week: numbers from the weekly report")
    assert (check_in.date, check_in.value) == (missed, 73)
    entry.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_path(tmp_path, "check-in-back-dated.png"), full_page=True)


def test_a_check_in_reached_with_the_keyboard_alone(page: Page, demo):
    kr_key = demo.key("onb-1-completion")
    visit(page, "/login/")
    page.keyboard.type(MEMBER)  # the email field has focus when the page opens
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("who")).to_be_visible()

    tab_to(page, f'a[href="/objectives/{demo.key("onb-1")}/"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"/objectives/{demo.key('onb-1')}/")
    tab_to(page, f"#ci-{kr_key}-value")
    page.keyboard.type("84")
    page.keyboard.press("Enter")

    expect(panel_of(page, kr_key).get_by_test_id("current")).to_contain_text("84")


def bar(panel: Locator) -> Locator:
    """A key result panel's own (big) progress bar."""
    return panel.locator(".progress-big")


def bar_value(panel: Locator) -> str | None:
    return bar(panel).get_attribute("aria-valuenow")


def chart_points(panel: Locator, kr_key: str) -> str:
    """The value series of a key result's history chart, as SVG points."""
    chart = panel.get_by_test_id(f"chart-{kr_key}")
    return chart.locator("polyline.chart-value").get_attribute("points") or ""


def tab_to(page: Page, selector: str, *, most: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus.

    Each stop on the way must show where the focus is (a :focus-visible outline).
    """
    for _ in range(most):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS, selector)
        assert focused["visible"], f"focus is invisible on {focused['html']}"
        if focused["match"]:
            return
    raise AssertionError(f"{selector} not reached with {most} presses of Tab")


FOCUSED_JS = """selector => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return {
    match: el.matches(selector),
    visible: el.matches(":focus-visible") && outlined,
    html: el.outerHTML.slice(0, 120),
  };
}"""
