"""The main pages render without a browser error; their screenshots illustrate the README.

Screenshots land in the test's tmp_path; with OKRS_SCREENSHOTS=1 they replace the
committed ones in docs/screenshots/ (CI leaves those alone).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from playwright.sync_api import ConsoleMessage, Page, Response

from tests.browser.support import DESKTOP, PHONE, screenshot_path, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ana@example.com"


class Shot(NamedTuple):
    path: str
    viewport: dict[str, int] = DESKTOP
    full_page: bool = True
    opens: str = ""  # a demo objective whose alignment branch is opened first


SHOTS = {
    "dashboard.png": Shot("/"),
    "team.png": Shot("/teams/onboarding/"),
    "objective.png": Shot("/objectives/{cycle}-onb-1/"),
    "alignment.png": Shot("/alignment/", opens="pl-1"),
    "roadmap.png": Shot("/roadmap/"),
    "presentation.png": Shot("/present/", full_page=False),  # what a wall screen shows
    "gallery.png": Shot("/templates/"),
    "phone-dashboard.png": Shot("/", PHONE, full_page=False),
}


@pytest.mark.parametrize("name", SHOTS)
def test_a_main_page_renders_without_browser_errors(sign_in, demo, tmp_path, name):
    shot = SHOTS[name]
    page = sign_in(MEMBER)
    page.set_viewport_size(shot.viewport)
    errors = record_errors(page)

    visit(page, shot.path.format(cycle=demo.cycle))
    if shot.opens:
        page.get_by_test_id(f"branch-{demo.key(shot.opens)}").locator("summary").click()
        page.get_by_test_id(f"branch-of-{demo.key(shot.opens)}").wait_for()
    page.wait_for_load_state("networkidle")
    target = screenshot_path(tmp_path, name)
    page.screenshot(path=target, full_page=shot.full_page, animations="disabled", caret="hide")

    assert errors == [], f"{name}: {errors}"
    assert target.stat().st_size > 10_000, f"{name}: the screenshot looks empty"


def record_errors(page: Page) -> list[str]:
    """Script errors, console errors and failed loads of the page, as they happen.

    The browser's own request for /favicon.ico is left out: the app declares no icon.
    """
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"console: {message.text}")

    def on_response(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script: {error}"))
    page.on("response", on_response)
    return errors
