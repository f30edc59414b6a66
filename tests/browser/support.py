"""Helpers of the browser tests: signing in by hand, reading pages, placing screenshots."""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from okrs.goals.demo import DEMO_PASSWORD, DEMO_PEOPLE

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def visit(page: Page, path: str) -> Page:
    """Open a page of the app and check it answered 200."""
    response = page.goto(path)
    assert response is not None, f"{path}: no response"
    assert response.status == 200, f"{path}: answered {response.status}"
    return page


def sign_in_with_form(page: Page, email: str) -> None:
    """Sign in on the sign-in page as a person would, with the demo password."""
    page.goto("/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("who")).to_contain_text(name_of(email))


def name_of(email: str) -> str:
    """A demo person's name, as the pages show it."""
    return next(person.name for person in DEMO_PEOPLE if person.email == email)


def csrf_token(page: Page) -> str:
    """The CSRF token the page hands to HTMX (the body's hx-headers)."""
    return page.evaluate("JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']")


def panel_of(page: Page, kr_key: str) -> Locator:
    """A key result's panel on its objective page."""
    return page.get_by_test_id(f"kr-{kr_key}")


def screenshot_path(tmp_path: Path, name: str) -> Path:
    """Where a screenshot goes: docs/screenshots/ with OKRS_SCREENSHOTS=1, else tmp_path.

    CI leaves the committed screenshots alone; a person refreshes them on purpose.
    """
    if os.environ.get("OKRS_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS / name
    return tmp_path / name
