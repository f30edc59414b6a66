"""The Content-Security-Policy holds on every page without breaking one: no inline script
or style, nothing from elsewhere, and HTMX still swaps a check-in in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from okrs.goals.models import KeyResult
from tests.browser.support import panel_of, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ana@example.com"
ADMIN = "admin@example.com"
PAGES = [
    "/",
    "/teams/",
    "/teams/onboarding/",
    "/objectives/{cycle}-onb-1/",
    "/objectives/{cycle}-onb-1/edit/",
    "/key-results/{cycle}-onb-1-completion/edit/",
    "/initiatives/new/",
    "/alignment/",
    "/roadmap/",
    "/present/",
    "/templates/",
    "/cycles/",
    "/coach/rules/",
    "/coach/rules/OKR201/",
    "/api/v1/docs",
    "/admin/",
    "/admin/goals/objective/",
]
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watch(page: Page) -> list[str]:
    """Console messages about the policy, and the violations the page reports."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return messages


def violations(page: Page, console: list[str]) -> list[str]:
    return console + page.evaluate("window.cspViolations || []")


def test_every_page_answers_with_the_policy(sign_in, demo):
    page = sign_in(MEMBER)
    response = visit(page, "/").context.request.get("/")
    policy = response.headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_sign_in_page_breaks_no_rule(page: Page, demo):
    console = watch(page)
    visit(page, "/login/")
    page.get_by_label("Email").fill(MEMBER)
    expect(page.get_by_label("Email")).to_be_focused()
    assert violations(page, console) == []


@pytest.mark.parametrize("path", PAGES)
def test_a_page_breaks_no_rule(sign_in, demo, path):
    page = sign_in(ADMIN)
    console = watch(page)
    visit(page, path.format(cycle=demo.cycle))
    page.wait_for_load_state("load")  # scripts and styles have run by then
    assert violations(page, console) == []


def test_htmx_check_in_works_under_the_policy(sign_in, demo):
    kr = KeyResult.objects.get(key=demo.key("onb-1-completion"))
    page = sign_in(MEMBER)
    console = watch(page)
    visit(page, f"/objectives/{demo.key('onb-1')}/")
    page.evaluate("window.okrsSamePage = true")
    panel = panel_of(page, kr.key)
    form = panel.get_by_test_id(f"check-in-{kr.key}")
    form.get_by_label("Value").fill(f"{kr.target:g}")
    form.get_by_role("button", name="Check in").click()
    expect(panel.locator(".progress-big")).to_have_attribute("aria-valuenow", "100")
    assert page.evaluate("window.okrsSamePage") is True, "the page was reloaded"
    assert violations(page, console) == []
