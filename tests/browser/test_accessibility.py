"""Accessibility: axe-core finds no serious or critical violation on the main pages.

Minor and moderate findings are printed (run with -s to read them), not failed on.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.support import assert_accessible, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBER = "ana@example.com"
PAGES = {
    "dashboard": "/",
    "team": "/teams/onboarding/",
    "objective": "/objectives/{cycle}-onb-1/",
    "alignment": "/alignment/",
    "roadmap": "/roadmap/",
    "presentation": "/present/",
    "gallery": "/templates/",
    "key-result-form": "/key-results/{cycle}-onb-1-completion/edit/",
    "objective-form": "/objectives/{cycle}-onb-1/edit/",
}


def test_the_sign_in_page_has_no_serious_accessibility_violation(page: Page, axe):
    visit(page, "/login/")
    assert_accessible(page, axe, "sign-in")


@pytest.mark.parametrize("name", PAGES)
def test_a_main_page_has_no_serious_accessibility_violation(sign_in, demo, axe, name):
    page = sign_in(MEMBER)
    visit(page, PAGES[name].format(cycle=demo.cycle))
    assert_accessible(page, axe, name)


def test_a_form_showing_errors_has_no_serious_accessibility_violation(sign_in, demo, axe):
    page = sign_in(MEMBER)
    visit(page, f"/key-results/{demo.key('onb-1-completion')}/edit/")
    page.get_by_label("Baseline", exact=True).fill("sixty")
    page.get_by_label("Weight", exact=True).fill("-1")
    page.get_by_role("button", name="Save").click()
    page.locator(".field-error").first.wait_for()
    assert_accessible(page, axe, "key-result-form-with-errors")
