"""Browser fixtures: Debian's Chromium driven by Playwright against a live server with the demo.

One browser per session, a fresh context (cookies, viewport) per test. The demo company
is loaded for today before each test; the live server runs in a thread of this process,
so the data the test writes and the pages it reads share one database.

Playwright's sync API runs an event loop in this thread, which Django's async-safety
check would take for async code calling the ORM: the check is switched off here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from okrs.goals.demo import load_demo
from tests.browser.support import DESKTOP, Demo, session_cookie

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; missing, it skips the tests (fails them under CI=true)."""
    if not CHROMIUM.exists():
        reason = f"Debian's Chromium ({CHROMIUM}) is missing: `apt-get install -y chromium`"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    """axe-core, to run in a page."""
    return Axe()


@pytest.fixture
def demo(transactional_db, live_server) -> Demo:
    """The demo company of today's quarter, in the live server's database."""
    return Demo(cycle=load_demo(timezone.localdate()).cycle)


@pytest.fixture
def context(browser: Browser, live_server, demo: Demo) -> Iterator[BrowserContext]:
    """A fresh browser profile at desktop size, with relative URLs on the live server."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def scriptless(browser: Browser, live_server, demo: Demo) -> Iterator[Callable[[str], Page]]:
    """`scriptless(email)`: a page with JavaScript switched off, signed in as that demo person."""
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_server.url, java_script_enabled=False
    )

    def sign_in_as(email: str) -> Page:
        context.add_cookies([session_cookie(email, live_server.url)])
        return context.new_page()

    yield sign_in_as
    context.close()


@pytest.fixture
def sign_in(context: BrowserContext, page: Page, live_server) -> Callable[[str], Page]:
    """`sign_in(email)`: the page, signed in as that demo person by session cookie.

    The sign-in form itself is exercised by the tests that use `support.sign_in_with_form`.
    """

    def sign_in_as(email: str) -> Page:
        context.add_cookies([session_cookie(email, live_server.url)])
        return page

    return sign_in_as
