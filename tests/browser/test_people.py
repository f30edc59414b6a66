"""Admins manage people and a lead the members of their team, in a browser: no script or
CSP error, no serious accessibility problem, and screenshots to look at."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from okrs.people.models import Membership, User
from tests.browser.support import assert_accessible, screenshot_path, visit
from tests.browser.test_screenshots import record_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_invites_a_person_and_sets_their_role(sign_in, axe: Axe, tmp_path):
    page = sign_in("admin@example.com")
    errors = record_errors(page)
    visit(page, "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_test_id("people-table")).to_contain_text("Ana Souza")
    page.get_by_test_id("invite").click()
    page.get_by_label("Email").fill("nia@example.com")
    page.get_by_label("Name").fill("Nia Kowalski")
    page.get_by_label("Role").select_option("viewer")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invited nia@example.com")
    expect(page.get_by_test_id("people-table")).to_contain_text("Nia Kowalski")
    page.get_by_role("link", name="Nia Kowalski").click()
    page.get_by_label("Role").select_option("member")
    page.get_by_role("button", name="Save the role").click()
    expect(page.get_by_role("status")).to_contain_text("role is now Member")
    assert User.objects.get(email="nia@example.com").role == "member"
    assert_accessible(page, axe, "person")
    page.screenshot(path=screenshot_path(tmp_path, "person.png"), full_page=True)

    visit(page, "/people/")
    page.wait_for_load_state("networkidle")
    assert_accessible(page, axe, "people")
    page.screenshot(path=screenshot_path(tmp_path, "people.png"), full_page=True)
    assert errors == []


def test_a_lead_adds_and_removes_members_of_their_team(sign_in, axe: Axe, tmp_path):
    page = sign_in("ana@example.com")
    errors = record_errors(page)
    visit(page, "/teams/onboarding/")
    page.get_by_test_id("team-members").click()
    page.get_by_label("Add a member by email").fill("diego@example.com")
    page.get_by_role("button", name="Add to Onboarding").click()
    expect(page.get_by_test_id("member-table")).to_contain_text("Diego Ramírez")
    page.get_by_test_id("remove-ben@example.com").click()
    expect(page.get_by_role("status")).to_contain_text("ben@example.com left Onboarding")
    members = Membership.objects.filter(team__key="onboarding").values_list(
        "user__email", flat=True
    )
    assert "diego@example.com" in members and "ben@example.com" not in members

    page.wait_for_load_state("networkidle")
    assert_accessible(page, axe, "team members")
    page.screenshot(path=screenshot_path(tmp_path, "team-members.png"), full_page=True)
    assert errors == []
