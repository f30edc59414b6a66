"""Helpers of the browser tests: the demo's keys, signing in, reading pages, checking them
with axe-core, placing screenshots."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from playwright.sync_api import Locator, Page, expect

from okrs.goals.demo import DEMO_PASSWORD, DEMO_PEOPLE
from okrs.people.models import User

BLOCKING = {"serious", "critical"}  # axe-core impacts that fail a test
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@dataclass(frozen=True)
class Demo:
    """The demo as loaded for today: its cycle and the keys the tests use."""

    cycle: str

    def key(self, slug: str) -> str:
        """The stored key of a demo objective or key result (`onb-1` → `2026-Q4-onb-1`)."""
        return f"{self.cycle}-{slug}"


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


def session_cookie(email: str, url: str) -> dict[str, str]:
    """A cookie for the server at `url` that signs its browser in as that demo person."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": url}


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


def assert_accessible(page: Page, axe: Axe, name: str) -> None:
    """Fail on serious and critical violations; print the others with where they are."""
    violations = axe.run(page).response["violations"]
    for v in violations:
        targets = ", ".join(str(node["target"]) for node in v["nodes"][:5])
        print(f"axe {name}: {v['impact']} {v['id']} ×{len(v['nodes'])}: {v['help']} [{targets}]")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{name}: " + "; ".join(
        f"{v['impact']} {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']]}"
        for v in blocking
    )
